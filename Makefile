# The two commands a new user needs: `make run` and `make test`; `make check` while developing.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export HOST PORT

.PHONY: install install-dev i18n client-tools spec-lint spec clients system-deps run test check lint typecheck unit train contract bench fuzz soak clean checkov k8s-checksum wheel-smoke

$(BIN)/python:
	@$(PYTHON) -c 'import ensurepip' 2>/dev/null || $(MAKE) --no-print-directory system-deps
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	@touch $@

# The package itself, editable: `fembalance_ml` imports from src/ and `fembalance-ml` is on PATH.
$(VENV)/.package: pyproject.toml $(VENV)/.runtime
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt $(VENV)/.package
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $@

install: $(VENV)/.package  ## runtime virtual environment (.venv) with the package

# Client generators, each kept out of the service's venv: openapi-python-client in a venv of
# its own, openapi-typescript and tsc from npm (versions in clients/typescript/package-lock);
# and the outside spec linters, Redocly and Spectral (tools/spec-lint/package-lock; install
# scripts off: one only reports usage). tests/contract/test_spec_linters.py runs them.
CLIENT_VENV := .venv-clients
$(CLIENT_VENV)/.installed: | $(BIN)/python
	$(PYTHON) -m venv $(CLIENT_VENV)
	$(CLIENT_VENV)/bin/pip install --quiet openapi-python-client==0.29.1
	@touch $@

clients/typescript/node_modules/.package-lock.json: clients/typescript/package-lock.json
	cd clients/typescript && npm ci --no-audit --no-fund --silent

tools/spec-lint/node_modules/.package-lock.json: tools/spec-lint/package-lock.json
	cd tools/spec-lint && npm ci --no-audit --no-fund --ignore-scripts --silent

client-tools: $(CLIENT_VENV)/.installed clients/typescript/node_modules/.package-lock.json \
  tools/spec-lint/node_modules/.package-lock.json

spec: install-dev  ## capture the examples, then write docs/openapi.json (the contract of record)
	$(BIN)/python -m scripts.capture_examples
	$(BIN)/fembalance-ml spec --output docs/openapi.json

clients: spec client-tools  ## regenerate clients/python and clients/typescript from docs/openapi.json
	PATH="$(CURDIR)/$(BIN):$$PATH" $(CLIENT_VENV)/bin/openapi-python-client generate \
	  --path docs/openapi.json --output-path clients/python \
	  --config clients/openapi-python-client.yaml --meta setup --overwrite
	cd clients/typescript && npm run -s generate

spec-lint: client-tools  ## the outside linters (Redocly recommended, Spectral oas) on docs/openapi.json
	$(BIN)/pytest -q tests/contract/test_spec_linters.py

install-dev: $(VENV)/.dev  ## plus training, test and lint tools

# Debian packages the tests drive for real; installed only when missing and running as root.
SYSTEM_PACKAGES := redis-server nginx openssl python3-venv prometheus postgresql
system-deps:
	@missing=""; \
	command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing="$$missing nginx"; \
	command -v openssl >/dev/null || missing="$$missing openssl"; \
	command -v promtool >/dev/null || missing="$$missing prometheus"; \
	command -v npm >/dev/null || missing="$$missing npm"; \
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

LINTED := src tests bench scripts research gunicorn.conf.py

lint: install-dev
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	PYTHONPATH=src $(BIN)/lint-imports --no-cache --no-logo  # imports run one way (pyproject.toml)

typecheck: install-dev
	$(BIN)/mypy

unit: install-dev
	$(BIN)/pytest -m "not integration" -q

test: system-deps install-dev client-tools checkov lint typecheck  ## lint, types, and the whole test suite
	$(BIN)/pytest -q

# The development check: what `make test` runs less the tests that start real servers
# (integration) or take long (slow). CI keeps `make test`. CHECK_ARGS adds pytest options,
# e.g. CHECK_ARGS="-x" or, with pytest-xdist installed, CHECK_ARGS="-n 4".
CHECK_ARGS ?=
check: system-deps install-dev client-tools checkov lint typecheck  ## lint, types and the unit tests: a few minutes
	$(BIN)/pytest -m "not integration and not slow" -q $(CHECK_ARGS)

# The wheel on the other supported Pythons: built, installed with requirements.txt into
# .venv-py312 and .venv-py313 (kept; rebuilt when requirements.txt changes), served from a
# folder outside the checkout with MODEL_PATH. `make test` runs it (tests/deploy/test_wheel.py)
# for each interpreter found (python3.12, pyenv's, or PYTHON312=path); others are skipped.
wheel-smoke: install-dev  ## the wheel installed and served on Python 3.12 and 3.13
	$(BIN)/python -m scripts.wheel_smoke 3.12 3.13

# checkov (Kubernetes manifest policy checks) in a virtual environment of its own: it pins
# hundreds of packages that must not meet the app's. tests/deploy/test_k8s.py runs it offline.
CHECKOV_VERSION := 3.3.30
CHECKOV_VENV := .venv-checkov
$(CHECKOV_VENV)/.checkov-$(CHECKOV_VERSION):
	@$(PYTHON) -c 'import ensurepip' 2>/dev/null || $(MAKE) --no-print-directory system-deps
	rm -rf $(CHECKOV_VENV)
	$(PYTHON) -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/pip install --quiet checkov==$(CHECKOV_VERSION)
	@touch $@

checkov: $(CHECKOV_VENV)/.checkov-$(CHECKOV_VERSION)  ## checkov in .venv-checkov, pinned

# After editing k8s/configmap.yaml: the pod template's checksum annotation follows, so
# `kubectl apply -f k8s/` rolls the pods onto the new settings.
k8s-checksum:  ## rewrite deployment.yaml's checksum/config annotation from k8s/configmap.yaml
	@sum=$$(sha256sum k8s/configmap.yaml | cut -d' ' -f1); \
	sed -i "s|checksum/config: [0-9a-f]*|checksum/config: $$sum|" k8s/deployment.yaml; \
	echo "checksum/config: $$sum"

i18n: install-dev  ## bring the gettext catalogs (src/fembalance_ml/i18n/locales) in step with the code's texts
	$(BIN)/python -m fembalance_ml.i18n.extract

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
	rm -rf $(VENV) .venv-py312 .venv-py313 .mypy_cache .ruff_cache .pytest_cache
