# Træningsportalen. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
FLASK := $(VENV)/bin/flask --app portal
PORT ?= 5000
IDP_PORT ?= 5001
HOST ?= 127.0.0.1
# Where `make run` starts the local provider (scripts/run-demo.sh says the same). The demo keeps its accounts under
# this address, so the demo data must be loaded with it too, or another IDP_PORT makes Lise and Torben strangers.
LOCAL_IDP_URL := http://$(HOST):$(IDP_PORT)
PORTAL_MUNICIPALITY ?= norddjurs
export PORTAL_MUNICIPALITY
CHROMIUM := /usr/bin/chromium

.PHONY: help run install install-dev install-test chromium system-libs wrk migrate demo test test-unit test-e2e lint format \
	translations translations-compile vendor clean bench

help: ## Show this help
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-22s\033[0m %s\n", $$1, $$2}'

$(VENV)/bin/python:
	python3 -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(PIP) install --quiet -e '.[dev]'
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed-dev
	$(PIP) install --quiet -e '.[dev,test]'
	touch $@

install: $(VENV)/.installed ## Create .venv and install the portal

install-dev: $(VENV)/.installed-dev ## Install the local test provider for the demo

install-test: $(VENV)/.installed-test ## Install the test dependencies too

chromium: ## Install Debian's chromium for the browser tests when it is missing
	@if [ ! -x $(CHROMIUM) ]; then \
		echo "Installing Debian's chromium for the browser tests..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi

# WeasyPrint (the PDFs) subsets fonts with HarfBuzz's subset library; newer releases warn at import without it, and
# the tests treat warnings as errors.
system-libs: ## Install Debian's HarfBuzz subset library for the PDFs when it is missing
	@if ! ldconfig -p | grep -q libharfbuzz-subset.so.0; then \
		echo "Installing Debian's libharfbuzz-subset0 for the PDFs..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libharfbuzz-subset0 >/dev/null; \
	fi

wrk: ## Install Debian's wrk for the benchmark when it is missing
	@if ! command -v wrk >/dev/null; then \
		echo "Installing Debian's wrk for the benchmark..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	fi

translations-compile: install ## Build the .mo files from the .po catalogues
	@$(VENV)/bin/pybabel compile -d portal/translations

translations: install-test ## Extract strings, update both catalogues, compile
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l --width=120 -o portal/translations/messages.pot --no-location --sort-output \
		--project=Traeningsportalen .
	$(VENV)/bin/pybabel update -i portal/translations/messages.pot -d portal/translations --width=120 --no-fuzzy-matching \
		--ignore-obsolete
	$(PY) scripts/fill_source_catalogue.py portal/translations/en/LC_MESSAGES/messages.po
	$(VENV)/bin/pybabel compile -d portal/translations
	@$(PY) scripts/untranslated.py

migrate: install ## Migrate the database to the newest revision
	@mkdir -p instance
	@$(FLASK) db upgrade

demo: migrate ## Load the demo data for PORTAL_MUNICIPALITY
	@LOCAL_IDP_URL=$(LOCAL_IDP_URL) $(FLASK) demo load

run: system-libs install-dev translations-compile demo ## Install, migrate, load demo data, start the test provider and the portal
	@HOST=$(HOST) PORT=$(PORT) IDP_PORT=$(IDP_PORT) scripts/run-demo.sh

test: install-test system-libs chromium translations-compile ## Run unit, integration and browser tests (the two at once)
	@scripts/test-all.sh

test-unit: install-test system-libs translations-compile ## Run the tests without a browser
	$(VENV)/bin/pytest tests

test-e2e: install-test system-libs chromium translations-compile ## Run only the browser tests
	$(VENV)/bin/pytest e2e

bench: install-test system-libs chromium wrk translations-compile ## Load-test the portal against bare Flask on load-sized data (minutes; never in CI)
	$(PY) -m bench.run

lint: install-test ## ruff check, format check, the import contracts (pyproject.toml) and mypy on portal/
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

format: install-test ## Format the code with ruff
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

vendor: ## Refresh the vendored DKFDS files from the npm registry
	scripts/vendor-dkfds.sh

clean: ## Remove the virtualenv, the local database and caches
	rm -rf $(VENV) instance .pytest_cache .ruff_cache e2e/screenshots
