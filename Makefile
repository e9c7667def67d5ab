# PartyCell: `make run` serves the demo, `make test` runs the whole suite.
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

# The interpreter .venv is created with: PYTHON if given (`make PYTHON=/opt/python3.12/bin/python3`),
# else the first of these on the PATH that runs and is Python 3.11 or newer. Evaluated only when .venv
# is created; an existing .venv keeps its interpreter (`make clean` to change it).
PYTHON_CANDIDATES := python3.13 python3.12 python3.11 python3
PYTHON_SUPPORTED := import sys; print(sys.executable) if sys.version_info >= (3, 11) else sys.exit(1)
PYTHON ?= $(shell for p in $(PYTHON_CANDIDATES); do $$p -c '$(PYTHON_SUPPORTED)' 2>/dev/null && break; done)

# `make run PORT=8080` (or PORT in the environment) serves the demo on another port.
PORT ?= 8000

.PHONY: run test lint install lock mutants messages clean

# The virtual environment, with a clear message when no supported Python is found.
$(BIN)/python:
	@python="$(PYTHON)"; \
	if [ -z "$$python" ]; then \
		echo "PartyCell needs Python 3.11 or newer; none of $(PYTHON_CANDIDATES) on the PATH is:" >&2; \
		for p in $(PYTHON_CANDIDATES); do command -v $$p >/dev/null && echo "  $$p: $$($$p --version 2>&1 | head -n1)" >&2; done; \
		echo "Install Python 3.11 or newer, or name one: make PYTHON=/path/to/python3.12" >&2; \
		exit 1; \
	fi; \
	if ! "$$python" -c '$(PYTHON_SUPPORTED)' >/dev/null 2>&1; then \
		echo "PYTHON=$$python is $$("$$python" --version 2>&1 | head -n1); PartyCell needs Python 3.11 or newer." >&2; \
		exit 1; \
	fi; \
	echo "Creating $(VENV) with $$python ($$("$$python" --version 2>&1))"; \
	"$$python" -m venv $(VENV)

# The installer itself, pinned and hash-checked by pip: the only step that runs pip.
$(UV): requirements/bootstrap.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements/bootstrap.lock
	touch $(UV)

# Exactly the lock file, hashes verified (uv also removes anything else), then the project itself.
# Bytecode compiled at install, as pip does in deploy/Dockerfile: otherwise, where PYTHONDONTWRITEBYTECODE
# is set, every process recompiles what it imports (the holiday calendar alone: 0.75 s a process).
$(STAMP): $(UV) $(LOCK) pyproject.toml
	$(UV) pip sync --quiet --compile-bytecode --python $(BIN)/python --require-hashes requirements/bootstrap.lock $(LOCK)
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

# The demo: migrate, load (idempotent), send the reminders due, print the log-ins last, serve. The
# e-mails the demo sends go to files in $(VENV)/mail/ unless EMAIL_URL is set; links in them and the
# printed address follow PORT.
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: export EMAIL_URL ?= filemail:///$(CURDIR)/$(VENV)/mail
run: $(STAMP) messages
	@$(BIN)/python manage.py migrate --noinput -v0
	@LOG_LEVEL=WARNING $(BIN)/python manage.py seed_demo --send-reminders
	@$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: $(STAMP) messages
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .

# Mutation testing of the rule-bearing code: slow, run by hand, not in CI.
mutants: $(STAMP)
	$(BIN)/python -m tests.mutation

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles test-artifacts
