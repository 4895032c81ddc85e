# The two commands: `make run` (SQLite, http://127.0.0.1:8000, with the task worker
# beside the server) and `make test`.
# DATABASE_URL=postgres://... switches any of them to PostgreSQL.
# `make run PORT=8001` serves on another port; the site's root URL follows it
# unless SITE_ROOT_URL is set.

VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
PORT ?= 8000
SITE_ROOT_URL ?= http://127.0.0.1:$(PORT)
MANAGE := SITE_ROOT_URL=$(SITE_ROOT_URL) $(PY) manage.py

.PHONY: run test fuzz lint bench check-python clean

check-python:
	@python3 -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null || { \
		echo "Python 3.11 or newer is needed as 'python3' (found: $$(python3 --version 2>&1 || echo none)). Install it, then run make again."; \
		exit 1; }

$(STAMP): requirements.txt | check-python
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	@touch $(STAMP)

run: $(STAMP)
	@$(PY) manage.py check_port $(PORT)
	$(MANAGE) migrate --noinput
	$(MANAGE) setup_site
	$(MANAGE) seed_demo
	@echo ""
	@echo "  The site:      http://127.0.0.1:$(PORT)/"
	@echo "  The admin:     http://127.0.0.1:$(PORT)/admin/"
	@echo "  Log in with one of the demo accounts above."
	@echo ""
	@echo "  E-mail it sends: http://127.0.0.1:$(PORT)/dev/mail/"
	@echo "  The task worker (mail, chores, Wagtail's index updates) runs quietly beside"
	@echo "  the server; what fails is listed at /admin/reports/failed-background-work/."
	@echo "  Ctrl+C stops both."
	@echo ""
	@$(MANAGE) db_worker --no-reload --verbosity 0 & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(MANAGE) runserver 127.0.0.1:$(PORT)

# axe-core, Lighthouse and the Nu HTML Checker (vnu-jar) come from the npm registry;
# without npm the tests that use them skip and say how to install what they need.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: browser accessibility tests will be skipped."; fi

lint: $(STAMP)
	$(VENV)/bin/ruff check .

# pytest on two workers, each with a database of its own. `--dist load`, not loadfile
# or worksteal: it hands each worker the tests in the order pytest-django sorted them,
# so on each worker the tests that empty the database (live_server, transaction=True)
# run after every test that needs what migrate and setup_site put there, as in one process.
test: $(STAMP) node_modules/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-cache
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest -n 2 --dist load

# 400 generated requests per form, where `make test` sends 12 (tests/fuzzing.py), on
# two workers: each target is independent of the others.
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(VENV)/bin/pytest tests -k "test_fuzz or test_invariants or test_one_clock" \
		-n 2 --dist worksteal --durations=10

# The page rows are also measured on BASELINE, served beside this tree and driven
# alternately with it (issue 19: within 10% of the code before it, in the same run).
# 669b2f8 is the last commit before the first "Issue 19" one (0ab129c, the core app);
# `make bench BASELINE=` skips the comparison.
BASELINE ?= 669b2f8

# Needs PostgreSQL and Redis on 127.0.0.1 (it says how to start either) and wrk.
bench: $(STAMP)
	@command -v wrk >/dev/null 2>&1 || apt-get install -y -q wrk >/dev/null 2>&1 || { \
		echo "wrk is needed: apt-get install -y wrk"; exit 1; }
	$(PY) bench/run.py --baseline "$(BASELINE)"

clean:
	rm -rf $(VENV) node_modules db.sqlite3 staticfiles .pytest_cache .hypothesis tests/e2e/screenshots
