# Bootstrap only: create .venv, install, and hand over to invoke (tasks/ does the work).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
# the preview's port: make serve PORT=8001 (and make demo PORT=8001)
PORT ?= 8000

.PHONY: site serve test demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(STAMP)

site: $(STAMP)
	$(BIN)/invoke build

serve: $(STAMP)
	$(BIN)/invoke livereload --port $(PORT)

demo: $(STAMP)
	$(BIN)/invoke demo --port $(PORT)

/usr/bin/chromium:
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	$$SUDO apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends chromium

# rsync: the rsync: deploy target and its tests.
/usr/bin/rsync:
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	$$SUDO apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends rsync

# axe-core (accessibility checks in the browser tests) comes from npm, pinned in package-lock.json.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

test: $(TEST_STAMP) /usr/bin/chromium /usr/bin/rsync node_modules/.package-lock.json
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

clean:
	rm -rf output
