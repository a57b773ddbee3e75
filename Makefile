# Two commands on a fresh machine: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
ASSETS := web/static/vendor/.built
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run run-distributed test services migrate seed bench mutation clean translations browser pdflibs

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

# Page translations (English source, Bengali catalogue) and the npm packages the pages use.
translations: $(STAMP)
	$(VENV)/bin/pybabel compile -d web/translations > /dev/null

$(ASSETS): package.json package-lock.json .bpmnlintrc $(wildcard scripts/assets/*)
	bash scripts/build_assets.sh
	@touch $(ASSETS)

migrate: $(STAMP)
	$(PY) -m flask --app app db upgrade

seed: migrate
	$(PY) -m flask --app app seed --demo

run: seed translations $(ASSETS) pdflibs
	@echo "Demo accounts: admin, cmo.cell, process.owner, auditor, operator, csc.operator, open311.client, hod.food,"
	@echo "  secretary.food, nodal.food.pur, nodal.food.kol"
	@echo "Password for all: Demo@12345 (then the OTP printed on this console)"
	@echo "Grievances by e-mail: SMTP on 127.0.0.1:2525 (replies are printed on this console too)"
	MAIL_LISTEN_PORT=2525 $(PY) -m flask --app app serve --host $(HOST) --port $(PORT)

services:
	bash scripts/ensure_services.sh

browser:
	bash scripts/ensure_browser.sh

# pango and a Bengali font for the printable acknowledgement (weasyprint)
pdflibs:
	bash scripts/ensure_pdf_libs.sh

run-distributed: $(STAMP) translations $(ASSETS)
	PORT=$(PORT) bash scripts/run_distributed.sh

# Every test twice: on the embedded default (SQLite) and on PostgreSQL (+ Redis), both real; the browser tests
# (which drive the same pages and services either way) on the SQLite pass.
test: $(STAMP) services translations $(ASSETS) browser pdflibs
	$(PY) -m pytest $(PYTEST_ARGS)
	GRIEVANCE_TEST_BACKEND=postgresql $(PY) -m pytest -m "not browser" $(PYTEST_ARGS)

bench: $(STAMP)
	$(PY) bench/lifecycle.py

# Mutation testing of the guarding modules (slow, not part of `make test`): MUTATION_ARGS="--until 00:35" etc.
mutation: $(STAMP)
	$(PY) -m pip install --quiet -e '.[test,mutation]'
	$(PY) bench/mutation.py $(MUTATION_ARGS)

clean:
	rm -rf $(VENV) var node_modules web/static/vendor
