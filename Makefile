# Two commands for a fresh machine:  `make run` (set up + start)  and  `make test` (set up + test).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test venv system-deps llm-server lint evals clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

# Start the UI at http://127.0.0.1:7860 (after a quick corpus preflight).
run: venv
	$(VENV)/bin/assistant ingest corpus/raw -o corpus/sheets.jsonl --force
	$(PY) app.py

system-deps:
	./scripts/install_system_deps.sh

# Best effort: the local llama.cpp server for the LLM integration tests (.venv-llm; ~6 min the first time).
llm-server:
	./scripts/setup_llm_server.sh

test: venv system-deps llm-server
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(PY) -m pytest -q

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

evals: venv
	$(PY) -m evals

clean:
	rm -rf $(VENV) .assistant .pytest_cache .ruff_cache
