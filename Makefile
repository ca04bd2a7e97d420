# The few verbs people type. Everything runs from .venv by path: no activation needed.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app community

.PHONY: demo serve test lint bench cluster messages translations clean

# Installed again only when pyproject.toml changes (the stamp is newer otherwise).
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-demo: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[postgresql]'
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# Creates the database in instance/ (or migrates it), seeds the French demo once,
# prints the demo log-ins, then serves on http://127.0.0.1:5000 (Ctrl-C stops it).
demo: $(VENV)/.installed-demo translations
	$(FLASK) demo
	$(MAKE) --no-print-directory serve

serve: $(VENV)/.installed-demo
	@echo "→ http://127.0.0.1:5000"
	COMMUNITY_MODERATION_SCORER='"detoxify"' COMMUNITY_MODERATION_WORKER_THREAD=true \
		$(FLASK) run --host 127.0.0.1 --port 5000

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
