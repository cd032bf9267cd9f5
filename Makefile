# Prospect assistant. `make run` and `make test` do all the set-up themselves.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV        := .venv
RASA_VENV   := .venv-rasa
APP_STAMP   := $(VENV)/.installed
ENGINE_STAMP:= $(RASA_VENV)/.installed
PROSPECT    := $(VENV)/bin/prospect
export RASA_PYTHON APP_PYTHON

.PHONY: help install run test test-unit lint train compare-configs bench-latency lock clean

help:
	@echo "make run        install what is missing, train if needed, start engine + app"
	@echo "make test       install what is missing, train if needed, run the whole suite"
	@echo "make test-unit  fast unit tests only (no engine)"
	@echo "make lint       ruff + mypy"
	@echo "make train      train the Rasa model if its inputs changed"
	@echo "make bench-latency    per-message latency and memory, ours vs the bare engine"
	@echo "make compare-configs  measure Rasa pipeline candidates (accuracy, speed, memory)"
	@echo "make lock       re-pin requirements/app.lock from the current .venv"

install: $(APP_STAMP) $(ENGINE_STAMP)

$(APP_STAMP): pyproject.toml requirements/app.lock
	@scripts/make-venvs.sh app
	@touch $@

$(ENGINE_STAMP): requirements/engine.lock
	@scripts/make-venvs.sh engine
	@touch $@

train: install
	@$(PROSPECT) train

run: install
	@$(PROSPECT) run

test: install
	@$(PROSPECT) train
	@$(VENV)/bin/pytest -ra

test-unit: $(APP_STAMP)
	@$(VENV)/bin/pytest -ra -m "not integration"

lint: $(APP_STAMP)
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/ruff format --check .
	@$(VENV)/bin/mypy

bench-latency: install
	@$(VENV)/bin/python benchmarks/chat_latency.py

compare-configs: install
	@$(VENV)/bin/python benchmarks/compare_configs.py

lock: $(APP_STAMP)
	@$(VENV)/bin/python -m pip freeze --exclude-editable | grep -v '^-e' > requirements/app.lock
	@echo "requirements/app.lock updated"

clean:
	rm -rf $(VENV) $(RASA_VENV) models .rasa data .pytest_cache .mypy_cache .ruff_cache
