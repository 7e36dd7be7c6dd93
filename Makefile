# Bimkemas — two commands set up everything on a fresh Debian machine:
#   make run    the demo on SQLite with generated data (http://127.0.0.1:8000)
#   make test   everything: unit + integration on PostgreSQL and SQLite, browser tests in Chromium
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test setup setup-python setup-system setup-node lint format bench bench-caseload bench-sites bench-linkage bench-checkin messages

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

setup-python: $(STAMP)

setup-system:
	bash scripts/install-system-packages.sh

node_modules/.installed: package.json
	npm install --no-audit --no-fund --silent
	touch node_modules/.installed

setup-node: node_modules/.installed

setup: setup-system setup-python setup-node

run: setup-system setup-python
	$(BIN)/bimkemas demo

test: setup
	bash scripts/test.sh

lint: setup-python
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

format: setup-python
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

messages: setup-python
	cd src/bimkemas && ../../$(BIN)/bimkemas makemessages -l en -l id --ignore 'static/*' && ../../$(BIN)/bimkemas compilemessages

bench: bench-caseload bench-sites bench-linkage bench-checkin

bench-caseload: setup-system setup-python
	bash scripts/with-postgres.sh $(BIN)/python bench/caseload_bench.py

bench-sites: setup-python
	$(BIN)/python bench/sites_bench.py

bench-linkage: setup-python
	$(BIN)/python bench/linkage_bench.py

bench-checkin: setup-system setup-python
	bash scripts/with-postgres.sh $(BIN)/python bench/checkin_bench.py
