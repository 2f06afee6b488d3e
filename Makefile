# The two set-up commands of the README:
#   make site   installs what the sample site needs and builds it into site/
#   make test   installs everything the tests need and runs lint, types and every test
# System packages are installed with apt-get (as root, or with sudo).

# Debian's own python3.11 is built with profile-guided and link-time optimisation and
# linked statically; a Python compiled from source without them (pyenv's default:
# neither, and a shared libpython) builds a site ~17 % slower
# (bench/README.md). Any other: make PYTHON=python3.12 site
PYTHON ?= $(or $(wildcard /usr/bin/python3.11),python3)
VENV   := .venv
BIN    := $(VENV)/bin
# espeak-ng speaks the podcast, fontconfig finds the CJK font of the default cover; the
# rest are for tests: a real Chromium with CJK fonts, java for the Nu HTML checker and
# npm to fetch it, sox to inspect audio.
SITE_PACKAGES := espeak-ng libespeak-ng1 fonts-noto-cjk fontconfig
# java and npm count as present when on PATH, however they were installed.
TEST_PACKAGES := $(SITE_PACKAGES) chromium sox \
	$(if $(shell command -v java),,default-jre-headless) $(if $(shell command -v npm),,npm)
NEED_VENV := $(if $(shell $(PYTHON) -c 'import ensurepip, venv' 2>/dev/null && echo ok),,python3-venv)
VNU_JAR := .cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar

.PHONY: site test system-site system-test lint typecheck pytest bench bench-serve bench-voice clean

site: system-site $(VENV)/.installed
	$(BIN)/diglot check
	$(BIN)/diglot build

test: system-test $(VENV)/.installed-dev $(VNU_JAR) lint typecheck pytest

system-site:
	@scripts/apt-ensure $(SITE_PACKAGES) $(NEED_VENV)

system-test:
	@scripts/apt-ensure $(TEST_PACKAGES) $(NEED_VENV)

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Compiled ahead as a wheel install would be: with PYTHONDONTWRITEBYTECODE set, an
# editable install would compile every module again on each run.
$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet -e .
	$(BIN)/python -m compileall -q src
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	$(BIN)/python -m compileall -q src
	touch $@ $(VENV)/.installed

# The current Nu HTML checker, from npm (run with java by the tests).
$(VNU_JAR):
	npm install --silent --no-audit --no-fund --prefix .cache/vnu vnu-jar

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests $(wildcard bench)
	$(BIN)/ruff format --check src tests $(wildcard bench)

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy

pytest: $(VENV)/.installed-dev
	$(BIN)/pytest -n auto

bench: $(VENV)/.installed-dev
	$(BIN)/python bench/bench.py

bench-serve: $(VENV)/.installed-dev
	$(BIN)/python bench/serve.py --pairs 1000

bench-voice: system-site $(VENV)/.installed-dev
	$(BIN)/python bench/voice.py --build --raw 300 --fresh 100

clean:
	rm -rf site podcast .cache .pytest_cache .mypy_cache .ruff_cache
