# The few verbs people type. Everything runs from .venv by path: no activation needed.
# `make demo PORT=8000 PYTHON=/opt/python3.12/bin/python3` changes either default.

# The Python that makes .venv: the first of these on PATH that is 3.11 or newer (Debian 12
# has python3.11, Ubuntu 24.04 python3.12, Debian 13 python3.13; python3 may be any).
PYTHONS := python3.13 python3.12 python3.11 python3
ifeq ($(origin PYTHON), undefined)
PYTHON := $(shell for p in $(PYTHONS); do \
	command -v $$p >/dev/null 2>&1 && \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 && \
	{ echo $$p; break; }; done)
endif
# 5000 is taken by AirPlay on macOS; 5050 is seldom in use.
PORT ?= 5050
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app community
# The demo server: it also scores new posts in a thread of its own. Ctrl-C stops it, and the
# shell's trap makes that an ordinary end, not an error of make's.
SERVE := trap 'exit 0' INT; echo "→ http://127.0.0.1:$(PORT)  (Ctrl-C stops it)"; \
	COMMUNITY_MODERATION_SCORER='"detoxify"' COMMUNITY_MODERATION_WORKER_THREAD=true \
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

.PHONY: demo serve test lint bench cluster messages translations clean

# Installed again only when pyproject.toml changes (the stamp is newer otherwise). A venv
# left half made (python3-venv missing) is removed: it would pass for a whole one next time.
$(BIN)/python:
	@if [ -z "$(PYTHON)" ]; then \
		echo "No Python 3.11 or newer found on PATH (looked for $(PYTHONS))." >&2; \
	elif ! "$(PYTHON)" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; then \
		echo "$(PYTHON) is not Python 3.11 or newer." >&2; \
	else exit 0; fi; \
	echo "Install one (Debian, Ubuntu: sudo apt install python3 python3-venv; macOS: brew install python)," >&2; \
	echo "or name it: make demo PYTHON=/path/to/python3.12" >&2; \
	exit 1
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-demo: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[postgresql]'
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# Creates the database in instance/ (or migrates it), seeds the French demo once,
# prints the demo log-ins, then serves on http://127.0.0.1:5050 (PORT=…; Ctrl-C stops it).
# One recipe line, no sub-make: a sub-make stopped by Ctrl-C makes its parent print an error.
demo: $(VENV)/.installed-demo translations
	@trap 'exit 0' INT; $(FLASK) demo && { $(SERVE); }

# The same server, without seeding.
serve: $(VENV)/.installed-demo
	@$(SERVE)

# Lint, types, then the whole suite (on SQLite, or on the PostgreSQL server named by
# COMMUNITY_TEST_DATABASE_URL when it is set), in two processes (pytest-xdist).
test: lint node_modules/.package-lock.json
	$(BIN)/pytest -n 2

# axe-core, the accessibility rules the browser tests run on every page: the version that
# package.json pins, checked against the hash in package-lock.json. Installed again only
# when either changes; without npm the browser tests are skipped (CI installs it).
node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --loglevel=error; \
	else \
		echo "npm is missing: the browser tests will be skipped (apt install npm)"; \
	fi

# Lint, types, and the one-way graph between domains (the contracts in pyproject.toml).
lint: $(VENV)/.installed-test translations
	$(BIN)/ruff check community tests
	$(BIN)/mypy
	$(BIN)/lint-imports --no-logo

bench: $(VENV)/.installed-demo
	bash bench/run.sh

$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[postgresql,redis,bench]'
	touch $@

# Two web hosts, two workers, PostgreSQL and Redis on this machine, under load, with a
# worker killed and a host restarted; prints the figures (bench/README.md). Needs Debian's
# postgresql and redis-server.
cluster: $(VENV)/.installed-bench translations
	$(BIN)/python bench/cluster.py

# After changing French messages: extracts them all (babel.cfg says where) into the
# template, then merges it into every catalogue. New messages come out untranslated
# (similar old ones as fuzzy drafts): translate them in community/translations/en.
messages: $(VENV)/.installed-test
	$(BIN)/pybabel -q extract -F babel.cfg -k _l --add-comments=Translators: \
		--project=community -o community/translations/messages.pot .
	$(BIN)/pybabel -q update -i community/translations/messages.pot \
		-d community/translations --ignore-obsolete

# The English catalogue, when there is one; the .mo files are built, never committed.
translations:
	@if ls community/translations/*/LC_MESSAGES/*.po >/dev/null 2>&1; then \
		$(BIN)/pybabel -q compile -d community/translations; \
	fi

# Keeps instance/: it holds the database and the secret key.
clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache bench/work node_modules
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
	find community/translations -name '*.mo' -delete 2>/dev/null || true
