# Two commands do all set-up on a fresh machine: `make demo` and `make test`.
# torch is installed first and pinned: 2.13.0 is the CPU build (here it lies on disk);
# an unpinned torch pulled in by sentence-transformers would be a multi-GB CUDA build.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
TORCH  ?= torch==2.13.0
# Elsewhere, TORCH_INDEX=https://download.pytorch.org/whl/cpu avoids the CUDA build.
TORCH_INDEX ?=

.PHONY: install demo test bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet $(TORCH) $(if $(TORCH_INDEX),--index-url $(TORCH_INDEX))
	$(BIN)/python -m pip install --quiet -e ".[models,dask,dev,ocr]"
	touch $@

install: $(VENV)/.installed

demo: install
	$(BIN)/chartertext report corpora/demo --out reports/demo --force

test: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) .pytest_cache
