# Synergies — every command a fresh machine needs (Python 3.11 and make).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q
export PYTHONPATH := $(CURDIR)

.PHONY: prepare run dev test lint typecheck migrations-check pytest bench install install-dev clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.base: requirements/base.txt | $(VENV)/bin/python
	$(PIP) install -r requirements/base.txt
	touch $@

$(VENV)/.dev: requirements/dev.txt $(VENV)/.base
	$(PIP) install -r requirements/dev.txt
	touch $@

install: $(VENV)/.base
install-dev: $(VENV)/.dev

prepare: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py load_demo

run: prepare
	PY=$(PY) scripts/serve.sh

dev: prepare
	DEBUG=true $(PY) manage.py db_worker --queue-name '*' & \
	trap 'kill $$!' EXIT INT TERM; DEBUG=true $(PY) manage.py runserver 127.0.0.1:8000

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: install-dev
	$(VENV)/bin/mypy synergies bench

migrations-check: install-dev
	$(PY) manage.py makemigrations --check --dry-run

# Tests run on every core (pytest-xdist); a module's tests stay on one worker, so a module that loads the demo once
# loads it once. PYTEST_WORKERS=0 runs them in this process.
PYTEST_WORKERS ?= auto
pytest: install-dev
	$(VENV)/bin/pytest -q -n $(PYTEST_WORKERS) --dist loadscope $(PYTEST_ARGS)

test: lint typecheck migrations-check pytest

bench: install-dev
	$(PY) -m bench $(BENCH_ARGS)

# Translation catalogs (synergies/locale). The code's strings are French and are the msgids: makemessages adds new ones
# to both catalogs; French repeats each msgid (msgen) so that its plural rule applies; English is translated by hand in
# synergies/locale/en/LC_MESSAGES/django.po. Then compile: the .mo files are committed. Needs GNU gettext.
MESSAGES_FLAGS := --ignore=.venv --ignore=var --ignore=bench --ignore="*/tests/*" --no-location --no-obsolete
FR_PO := synergies/locale/fr/LC_MESSAGES/django.po

.PHONY: messages
messages: install
	$(PY) manage.py makemessages -l en -l fr $(MESSAGES_FLAGS)
	msgattrib --clear-fuzzy --empty --clear-previous -o $(FR_PO) $(FR_PO)
	msgen -o $(FR_PO) $(FR_PO)
	$(PY) manage.py compilemessages --ignore=.venv --ignore=var --ignore=bench

clean:
	rm -rf $(VENV) var/static var/cache
