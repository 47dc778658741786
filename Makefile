# The two commands: `make run` (site with demo data on http://127.0.0.1:8000/; PORT=…
# for another port) and `make test`.
# Both work on a fresh machine with only Python 3.11+ and make: they create .venv,
# install the locked dependencies, and start an embedded PostgreSQL when
# DATABASE_URL is unset.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DEBUG ?= 1
# `make run PORT=8010`: the site on another port, with the links in its mails and feeds
# (SITE_URL) pointing there too, unless SITE_URL is set.
PORT ?= 8000

# A production-like environment for `check --deploy` (no database is touched).
DEPLOY_ENV := DEBUG=0 SECRET_KEY=ci-check-$(shell printf '%064d' 0 | tr 0 x)-deploy \
	ALLOWED_HOSTS=community.python.org SECURE_HSTS_SECONDS=31536000 SECURE_HSTS_PRELOAD=1 \
	DATABASE_URL=postgres://postgres@127.0.0.1:1/unused

.PHONY: install run test lint check browser proxy-tools poppler pytest bench audit lock worker clean-db mutate

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements-dev.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@

install: $(STAMP)

run: install poppler
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)} $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install lint check audit browser proxy-tools poppler pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: install
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(DEPLOY_ENV) $(BIN)/python manage.py check --deploy --fail-level WARNING

pytest: install
	$(BIN)/pytest $(PYTEST_ARGS)

# Browser tests drive Debian's chromium (Playwright's own download does not work
# here). Installed when missing and we may; otherwise those tests are skipped.
browser:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's chromium for the browser tests"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
			|| echo "Could not install chromium: browser tests will be skipped"; \
	fi

# The reverse-proxy tests (tests/deploy/) run Debian's nginx with deploy/nginx/portal.conf
# on loopback. Installed when missing and we may; otherwise those tests are skipped. (Where
# an init system runs, the package also starts the system nginx on port 80; the tests
# neither need nor stop it.)
proxy-tools:
	@if [ ! -x /usr/sbin/nginx ] && ! command -v nginx >/dev/null && [ "$$(id -u)" = 0 ] \
		&& command -v apt-get >/dev/null; then \
		echo "Installing Debian's nginx for the reverse-proxy tests"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null) \
			|| echo "Could not install nginx: reverse-proxy tests will be skipped"; \
	fi

# PDF previews in the materials library render a PDF's first page with Debian's poppler
# (pdftoppm, through pdf2image). Installed when missing and we may; otherwise PDFs get
# the format's icon and the tests that need a rendered page are skipped.
poppler:
	@if ! command -v pdftoppm >/dev/null && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's poppler-utils for the PDF previews"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null) \
			|| echo "Could not install poppler-utils: PDFs will get an icon, not a preview"; \
	fi

# Load benchmark (bench/README.md): seeds its own database, runs gunicorn, nginx and wrk.
# Options through BENCH_ARGS, e.g. make bench BENCH_ARGS="--scale 200 --duration 3".
bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# Known vulnerabilities in the locked dependencies, through PyPI's JSON API or OSV.
# Skipped with a warning where neither answers, unless AUDIT_REQUIRED=1 (.ci/audit).
audit: install
	.ci/audit

# Mutation testing of the modules that hold rules ([tool.mutmut] in pyproject.toml,
# docs/mutation-survivors.md). Not part of `make test`. MUTANTS picks modules by mutant
# name, e.g. make mutate MUTANTS='jobs.models*'; the first run records which tests call
# which function (mutants/, git-ignored), later runs reuse it. One mutant at a time: they
# share one test database (--reuse-db).
mutate: install
	$(BIN)/mutmut run --max-children 1 $(MUTANTS)
	$(BIN)/mutmut results

worker: install
	$(BIN)/python manage.py db_worker

# Re-resolve the pinned versions after editing pyproject.toml (needs uv: pip install uv).
lock:
	uv pip compile pyproject.toml --quiet --python-version 3.11 --generate-hashes -o requirements.lock
	uv pip compile pyproject.toml --extra dev --quiet --python-version 3.11 --generate-hashes -o requirements-dev.lock

clean-db:
	rm -rf .data/postgres
