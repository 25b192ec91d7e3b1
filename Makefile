# Two commands set everything up on a fresh machine:
#   make run    install what is missing, then annotate seeds/ into out/
#   make test   install what is missing, then run the tests
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
STAMP = $(VENV)/.installed

.PHONY: install run test bench clean

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -c "import torch" 2>/dev/null || $(BIN)/python -m pip install -q torch==2.13.0
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[dev]'
	touch $(STAMP)

run: install
	$(BIN)/naba run seeds/ -o out/

test: install
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python bench/pud_tokens.py
	$(BIN)/python bench/throughput.py

clean:
	rm -rf out/ .pytest_cache
