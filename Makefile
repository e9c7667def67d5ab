# PartyCell: `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
UV := $(BIN)/uv
LOCK := requirements/dev.lock
# One resolution for every supported Python (3.11 and newer), with one version of each package
# wherever one fits them all, and a sha256 for every file. `make lock LOCK_ARGS=--upgrade` moves
# every package; LOCK_ARGS="--upgrade-package NAME" moves one. Without it the locks change only
# as far as pyproject.toml demands.
LOCK_FLAGS := --quiet --universal --generate-hashes --python-version 3.11 --fork-strategy fewest \
	--custom-compile-command "make lock" $(LOCK_ARGS)

.PHONY: run test lint install lock mutants messages clean

# The installer itself, pinned and hash-checked by pip: the only step that runs pip.
$(UV): requirements/bootstrap.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements/bootstrap.lock
	touch $(UV)

# Exactly the lock file, hashes verified (uv also removes anything else), then the project itself.
$(STAMP): $(UV) $(LOCK) pyproject.toml
	$(UV) pip sync --quiet --python $(BIN)/python --require-hashes requirements/bootstrap.lock $(LOCK)
	$(UV) pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

# Regenerate the locks from requirements/bootstrap.in and pyproject.toml. base.lock (deploy: no
# dev extra) is constrained by dev.lock, so production runs the versions the suite ran.
lock: $(UV)
	$(UV) pip compile requirements/bootstrap.in $(LOCK_FLAGS) -o requirements/bootstrap.lock
	$(UV) pip compile pyproject.toml --extra dev $(LOCK_FLAGS) -o $(LOCK)
	$(UV) pip compile pyproject.toml -c $(LOCK) $(LOCK_FLAGS) -o requirements/base.lock

# Compiled catalogues (.mo) are committed; recompile when GNU gettext is installed.
messages: $(STAMP)
	@if command -v msgfmt >/dev/null; then $(BIN)/python manage.py compilemessages --ignore=.venv -v0; fi

run: $(STAMP) messages
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py send_reminders || true
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: $(STAMP) messages
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .

# Mutation testing of the rule-bearing code: slow, run by hand, not in CI.
mutants: $(STAMP)
	$(BIN)/python -m tests.mutation

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles test-artifacts
