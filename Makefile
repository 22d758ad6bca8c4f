# HàiLòng: `make run` serves the app with demo data, `make test` passes the tests.
# Both install what they need first and can be run again without harm.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export FLASK_APP := wsgi.py
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: install run serve test lint test-sqlite test-postgres bench translations clean

install: $(STAMP) translations

$(STAMP): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "HàiLòng needs Python 3.11; set PYTHON=/path/to/python3.11")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

translations: $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -d survey_app/translations -f >/dev/null

# Migrate, load reference data and (first run only) 12 weeks of demo data, then serve.
# PORT goes to the app as well: the addresses it prints (and puts in QR codes) use it.
run: install
	$(BIN)/flask db upgrade
	$(BIN)/flask seed reference
	PORT=$(PORT) $(BIN)/flask seed demo --weeks 12
	PORT=$(PORT) $(BIN)/flask seed survey-demo
	$(MAKE) --no-print-directory serve

# No access log: paths hold receipt codes (see gunicorn.conf.py).
serve:
	@echo "HàiLòng is serving on http://$(HOST):$(PORT)/ (Ctrl+C stops it)"
	PORT=$(PORT) $(BIN)/gunicorn -c gunicorn.conf.py --bind $(HOST):$(PORT) wsgi:app

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test-sqlite: install
	env -u DATABASE_URL HAILONG_EXPECT_DB=sqlite $(BIN)/pytest

test-postgres: install
	HAILONG_EXPECT_DB=postgresql tests/with_postgres.sh $(BIN)/pytest

# Lint, then the whole suite twice at once, one core each: on SQLite and on a throwaway
# PostgreSQL server. The two runs share nothing (each has its own database, temporary
# folders and free ports); each one's output is printed whole when it ends.
test: lint
	$(MAKE) --no-print-directory --output-sync=target -j2 test-sqlite test-postgres

bench: install
	$(BIN)/python -m bench.run_all

clean:
	rm -rf $(VENV) instance
