# geomap: set-up and everyday commands. `make test` and `make serve` work on a fresh clone.
PYTHON ?= python3
VENV ?= .venv
HOST ?= 127.0.0.1
PORT ?= 5000
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: test lint bench gazetteer seeds serve clean

$(STAMP): setup.cfg pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,dev]'
	touch $(STAMP)

node_modules: package.json package-lock.json  ## front-end packages the maps serve themselves
	npm ci --no-audit --no-fund && touch node_modules

gazetteer: $(STAMP)  ## compile the gazetteer name index (cached; rebuilt when a source changes)
	$(VENV)/bin/geomap geocode Aleppo > /dev/null

seeds: $(STAMP)  ## regenerate seeds/ from seeds/src/ (deterministic; tests/test_seeds.py checks it)
	$(PY) tools/make_seeds.py

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy gazetteer geomap

test: lint gazetteer node_modules
	$(PY) -m pytest

serve: $(STAMP) node_modules gazetteer  ## seeds an empty store with the demo, serves on $(HOST):$(PORT)
	$(VENV)/bin/geomap serve --host $(HOST) --port $(PORT)

bench: $(STAMP) gazetteer
	for b in bench/*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) var build *.egg-info
