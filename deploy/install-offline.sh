#!/usr/bin/env bash
# Install PartyCell with no package index at all, from a wheelhouse built by deploy/wheelhouse.sh:
#   deploy/install-offline.sh [WHEELHOUSE] [VENV]     (defaults deploy/wheelhouse/ and .venv)
# Every file is checked against the sha256 in requirements/base.lock. Then, from this directory:
#   VENV/bin/python manage.py migrate && VENV/bin/python manage.py collectstatic --noinput
set -euo pipefail
cd "$(dirname "$0")/.."
wheelhouse="$(cd "${1:-deploy/wheelhouse}" && pwd)"
venv="${2:-.venv}"
python="${PYTHON:-python3}"
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
export PIP_CONFIG_FILE=/dev/null  # no index, find-links or constraints from the machine's pip.conf
"$venv/bin/python" -m pip install --no-index --find-links "$wheelhouse" \
  --require-hashes --no-deps -r requirements/base.lock
# PartyCell itself runs from this directory (WorkingDirectory= in the systemd units), not installed.
"$venv/bin/python" -c "import django, celery, redbeat, psycopg; print('installed offline: Django', django.get_version())"
