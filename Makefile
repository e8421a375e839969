# okrlab: two commands set up everything from a bare Python 3.
#   make lab   -> JupyterLab on notebooks/ (PORT=8888 by default)
#   make test  -> ruff, unit tests, doctests and every notebook under nbval
# Both create .venv with plain `python3 -m venv` and install pinned versions
# from constraints.txt, so stored notebook outputs match on every machine.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8888
PIP := $(BIN)/python -m pip
PIP_FLAGS ?= --disable-pip-version-check --no-input --quiet
PYTEST_ARGS ?=

.PHONY: lab test test-cpu-variants lint format lock clean help notebooks app lint-corpus fuzz layout

help:
	@echo "make lab    start JupyterLab on notebooks/ (PORT=$(PORT))"
	@echo "make test   ruff + pytest (unit tests, doctests, notebooks under nbval), then"
	@echo "            make test-cpu-variants (bit-for-bit tests + notebooks as on other CPUs)"
	@echo "make lock   regenerate constraints.txt from a fresh resolve"
	@echo "make notebooks [NB=04]  sync notebooks from notebooks/_src/*.py and execute them"
	@echo "make fuzz   property tests of the input contract with many examples (minutes)"
	@echo "make app    the no-code workshop app (Voila); HOST=0.0.0.0 serves a room, PORT=8866"
	@echo "make lint-corpus  how the linter scores on the labelled corpus of real OKRs"
	@echo "make layout the largest modules and functions (limits: 600 / 100 lines)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Stamps record what is installed; re-install when pyproject.toml or the lock
# changes. The test install includes the notebook extra (a test starts `make lab`).
$(VENV)/.installed-notebooks: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) install $(PIP_FLAGS) -c constraints.txt -e '.[notebooks]'
	@touch $@

$(VENV)/.installed-test: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) install $(PIP_FLAGS) -c constraints.txt -e '.[notebooks,app,test]'
	@touch $@ $(VENV)/.installed-notebooks $(VENV)/.installed-app

lab: $(VENV)/.installed-notebooks
	@ROOT_FLAG=""; if [ "$$(id -u)" = "0" ]; then ROOT_FLAG="--allow-root"; fi; \
	echo "Starting JupyterLab on http://127.0.0.1:$(PORT)/lab (the URL with its token follows)"; \
	exec $(BIN)/jupyter lab --notebook-dir=notebooks --ServerApp.port=$(PORT) \
	    --ServerApp.port_retries=0 --ServerApp.ip=127.0.0.1 $$ROOT_FLAG \
	    --ContentsManager.hide_globs='["__pycache__", "*.pyc", "_*", ".*", "*~"]'

# The no-code workshop app: Voila on app/okrlab_app.ipynb (widgets only, no code
# cells, kernels accept widget messages only; see okrlab/_app_server.py).
# HOST=0.0.0.0 serves every machine on the local network; POOL=N starts N
# kernels ahead of time so a room's first page loads are instant.
HOST ?= 127.0.0.1
POOL ?= 0
APP_PORT ?= $(if $(filter command line,$(origin PORT)),$(PORT),8866)
$(VENV)/.installed-app: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) install $(PIP_FLAGS) -c constraints.txt -e '.[notebooks,app]'
	@touch $@

app: $(VENV)/.installed-app
	@exec $(BIN)/python -m okrlab._app_server --host $(HOST) --port $(APP_PORT) --pool $(POOL)

test: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -n 2 --dist loadfile --nbval-lax \
	    --nbval-sanitize-with tests/nbval_sanitize.cfg $(PYTEST_ARGS)
	$(MAKE) --no-print-directory test-cpu-variants

# Same numbers on every machine: rerun the bit-for-bit tests (pytest -m repro)
# and every notebook under nbval as on other CPUs (OpenBLAS Prescott/Haswell
# kernels, numpy without AVX-512, numpy on its SSE4.2 baseline); variants the
# machine cannot emulate are skipped with the reason (.ci/cpu_variants.py).
test-cpu-variants: $(VENV)/.installed-test
	$(BIN)/python .ci/cpu_variants.py --notebooks '$(NB)*'

# Property tests of the input contract (issue 13) with many more examples than
# the small derandomized profile CI runs; new examples on every run.
fuzz: $(VENV)/.installed-test
	OKRLAB_FUZZ=large $(BIN)/python -m pytest -p no:randomly -q tests/test_fuzz.py

# Notebook sources are jupytext percent scripts (notebooks/_src/NN_*.py) paired
# with the committed, executed notebooks. Edit the script, then run this.
NB ?=
notebooks: $(VENV)/.installed-test
	@for src in notebooks/_src/$(NB)*.py; do \
	    nb=notebooks/$$(basename $${src%.py}).ipynb; \
	    echo "sync + execute $$nb"; \
	    $(BIN)/jupytext --sync --quiet $$src || exit 1; \
	    $(BIN)/jupyter nbconvert --to notebook --execute --inplace $$nb --log-level=WARN || exit 1; \
	done

# Per-rule precision/recall of the linter on the hand-labelled corpus of real OKR
# items (tests/lint_corpus/), tune and held-out splits.
lint-corpus: $(VENV)/.installed-test
	$(BIN)/python benchmarks/lint_corpus_report.py

# Largest modules and functions against the layout limits (tests/test_layout.py).
layout: $(VENV)/.installed-test
	$(BIN)/python tests/test_layout.py

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Regenerate the lock: resolve okrlab with every extra in a scratch venv.
lock:
	rm -rf .lockvenv && $(PYTHON) -m venv .lockvenv
	.lockvenv/bin/python -m pip install $(PIP_FLAGS) '.[notebooks,app,test]'
	.lockvenv/bin/python -m pip freeze --exclude okrlab | LC_ALL=C sort -f > constraints.txt
	rm -rf .lockvenv

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
