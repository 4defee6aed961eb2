# Everything runs from the project's own virtual environment (.venv), created on
# first use; no activated environment is needed or used.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
ASSIGNMENTS ?=
LABEXT_BUILD   := share/jupyter/labextensions/nn-course-lab
LABEXT_SOURCES := index.js style/index.css package.json package-lock.json

.PHONY: demo test e2e chromium postgresql hub-proxy release grade pack labextension mutants bench bench-sandbox bench-grading clean help

help:
	@echo "make demo     - run the whole nbgrader pipeline on the demo students, print the score table"
	@echo "make test     - run all tests"
	@echo "make e2e      - the browser test alone: a student in JupyterLab (screenshots in its output folder)"
	@echo "make release  - regenerate release/ from source/ (student notebooks)"
	@echo "make pack     - write pack/ID/, what students receive, one pack per assignment (or ASSIGNMENTS=\"01_perceptron_xor ...\": one pack of those)"
	@echo "make labextension - rebuild the students' JupyterLab extension from labextension/ (needs node, npm and the network)"
	@echo "make mutants  - print the mutant catalogue table (wrong code caught, right code passed)"
	@echo "make bench    - time the Pima MLP against scikit-learn's MLPClassifier"
	@echo "make bench-sandbox - what the grading sandbox costs per submission (ratio to unsandboxed)"
	@echo "make bench-grading - a class of 200 graded serially and with 1, 2, N workers (seconds, ratios)"
	@echo "make grade ASSIGNMENT=ID - autograde every submission of ID in submitted/ (one worker per core)"
	@echo "make clean    - remove the pipeline's output (gradebook, submissions, feedback); refuses a gradebook with students unless FORCE=1"

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; found " + sys.version.split()[0] + ". Run: make PYTHON=/path/to/python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@# an editable install leaves out data files (PEP 660): the lab extension is linked, as
	@# `jupyter labextension develop` does, so this environment's JupyterLab loads the built one
	mkdir -p $(VENV)/share/jupyter/labextensions
	ln -sfn $(CURDIR)/$(LABEXT_BUILD) $(VENV)/share/jupyter/labextensions/nn-course-lab
	@touch $@

demo: $(STAMP)
	$(PY) -m grading_tools demo

test: $(STAMP) chromium postgresql hub-proxy
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m pytest

e2e: $(STAMP) chromium hub-proxy
	$(PY) -m pytest -m e2e -s

# The browser test drives Debian's chromium (never `playwright install`, which downloads a browser).
chromium:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; fi

# The test of a gradebook in PostgreSQL starts a server from Debian's package, on a Unix socket.
postgresql:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; fi

# The students' JupyterLab extension (the Validate dialog): labextension/ built by JupyterLab's
# extension builder (@jupyterlab/builder, from npm) against this environment's JupyterLab, into
# $(LABEXT_BUILD) (committed, installed by the wheels); source.sha256 records the
# source it was built from, and a test fails when that is stale. make test never builds it.
labextension: $(STAMP)
	cd labextension && npm ci --no-audit --no-fund
	cd labextension && node node_modules/@jupyterlab/builder/lib/build-labextension.js \
		--core-path "$$(../$(PY) -c 'import jupyterlab, pathlib; print(pathlib.Path(jupyterlab.__file__).parent / "staging")')" .
	cd labextension && sha256sum $(LABEXT_SOURCES) > ../$(LABEXT_BUILD)/source.sha256

# The hub test's proxy (tests/test_hub.py, deploy/): configurable-http-proxy from npm, inside the
# environment; Debian's nodejs and npm where npm is missing.
HUB_PROXY := $(VENV)/node/node_modules/.bin/configurable-http-proxy
hub-proxy: $(STAMP)
	@if ! command -v npm >/dev/null && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; fi
	@test -x $(HUB_PROXY) || npm install --prefix $(VENV)/node --no-audit --no-fund --loglevel=error \
		configurable-http-proxy@5

release: $(STAMP)
	$(PY) -m grading_tools generate

pack: $(STAMP)
	$(PY) -m grading_tools pack $(ASSIGNMENTS)

mutants: $(STAMP)
	$(PY) -m tests.mutants

bench: $(STAMP)
	$(PY) -m tests.bench_pima

bench-sandbox: $(STAMP)
	$(PY) -m tests.bench_sandbox

bench-grading: $(STAMP)
	$(PY) -m tests.bench_grading

grade: $(STAMP)
	@test -n "$(ASSIGNMENT)" || { echo "Say which assignment: make grade ASSIGNMENT=02_sigmoid_networks"; exit 2; }
	$(PY) -m grading_tools grade $(ASSIGNMENT)

# A gradebook with students in it is a live course's: clean refuses unless told (FORCE=1).
STUDENTS_IN_GRADEBOOK = $(shell [ -f gradebook.db ] && $(PYTHON) -c 'import sqlite3; print(sqlite3.connect("gradebook.db").execute("select count(*) from student").fetchone()[0])' 2>/dev/null)

clean:
	@if [ -n "$(STUDENTS_IN_GRADEBOOK)" ] && [ "$(STUDENTS_IN_GRADEBOOK)" != 0 ] && [ "$(FORCE)" != 1 ]; then \
		echo "gradebook.db holds $(STUDENTS_IN_GRADEBOOK) students: make clean would delete their grades, submissions and feedback."; \
		echo "Back them up first, then run: make clean FORCE=1"; exit 1; fi
	rm -rf gradebook.db submitted feedback grades.csv grades_canvas.csv grades_moodle.csv report.html source_with_tests demo
	find autograded -mindepth 1 ! -name .gitignore -exec rm -rf {} +
