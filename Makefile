# The two commands a new user needs: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export HOST PORT

.PHONY: install install-dev system-deps run test lint typecheck unit train contract bench fuzz soak clean

$(BIN)/python:
	@$(PYTHON) -c 'import ensurepip' 2>/dev/null || $(MAKE) --no-print-directory system-deps
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	@touch $@

# The package itself, editable: `fembalance_ml` imports from src/ and `fembalance-ml` is on PATH.
$(VENV)/.package: pyproject.toml $(VENV)/.runtime
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt $(VENV)/.package
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $@

install: $(VENV)/.package  ## runtime virtual environment (.venv) with the package

install-dev: $(VENV)/.dev  ## plus training, test and lint tools

# Debian packages the tests drive for real; installed only when missing and running as root.
SYSTEM_PACKAGES := redis-server nginx openssl python3-venv postgresql
system-deps:
	@missing=""; \
	command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing="$$missing nginx"; \
	command -v openssl >/dev/null || missing="$$missing openssl"; \
	command -v pg_ctl >/dev/null || [ -x /usr/lib/postgresql/15/bin/pg_ctl ] || missing="$$missing postgresql"; \
	$(PYTHON) -c 'import ensurepip' 2>/dev/null || missing="$$missing python3-venv"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else echo "missing system packages:$$missing (install them, or run as root)"; exit 1; fi; \
	fi

run: install  ## serve on HOST:PORT under Gunicorn with MAX_WORKERS Uvicorn workers
	$(BIN)/fembalance-ml serve

LINTED := src tests bench scripts gunicorn.conf.py

lint: install-dev
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)

typecheck: install-dev
	$(BIN)/mypy

unit: install-dev
	$(BIN)/pytest -m "not integration" -q

test: system-deps install-dev lint typecheck  ## lint, types, and the whole test suite
	$(BIN)/pytest -q

train: install-dev  ## retrain every model from DATA_DIR into models/
	$(BIN)/fembalance-ml train all

bench: system-deps install-dev  ## requests/s and latency against the floor, naive pattern and MLServer
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq wrk; }
	$(BIN)/python -m bench.run

FUZZ_EXAMPLES ?= 500
fuzz: install-dev  ## OpenAPI fuzzing (schemathesis), FUZZ_EXAMPLES examples per operation
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest -q tests/robustness/test_fuzz.py

SOAK_MINUTES ?= 10
SOAK_RATE ?= 50
soak: system-deps install-dev  ## steady load on 2 workers, SOAK_MINUTES (at most 10); not in CI
	$(BIN)/python -m scripts.soak --minutes $(SOAK_MINUTES) --rate $(SOAK_RATE)

contract: install  ## check a running service (make run) against the public contract
	$(BIN)/python ../shared/tools/contract_check.py http://$(HOST):$(PORT)

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
