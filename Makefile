# Prospect assistant. `make run` and `make test` do all the set-up themselves.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV        := .venv
RASA_VENV   := .venv-rasa
APP_STAMP   := $(VENV)/.installed
ENGINE_STAMP:= $(RASA_VENV)/.installed
ASSETS_STAMP:= bot/console/assets/node_modules/.installed
PROSPECT    := $(VENV)/bin/prospect
export RASA_PYTHON APP_PYTHON

.PHONY: help install browser run test bench test-unit lint train eval eval-conversations compare-configs bench-latency bench-content bench-handoff bench-scale bench-ab lock clean

help:
	@echo "make run        install what is missing, train if needed, start engine + app"
	@echo "make test       install what is missing, train if needed, run the whole suite"
	@echo "               (integration tier twice: SQLite, then PostgreSQL + Redis)"
	@echo "make test-unit  fast unit tests only (no engine)"
	@echo "make lint       ruff + mypy"
	@echo "make train      train the Rasa model if its inputs changed"
	@echo "make eval       extraction P/R/F1 per field; content answers top-1/top-3, out-of-scope"
	@echo "make eval-conversations  play tests/conversations/*.yml through the real assistant, score"
	@echo "               the leads (pass rate per check kind); ARGS=\"--floor 0.8 --transcripts\""
	@echo "make bench     load test at 1/20/100 conversations: ours vs the same assistant on stock"
	@echo "               Rasa (fair baseline), and rasa init's config as a reference row"
	@echo "make bench-scale      production profile: 1/2/4 app x 1/2 engine workers, idle sockets"
	@echo "make bench-latency    per-message latency and memory, ours vs the bare engine"
	@echo "make bench-content    content retrieval latency (p50/p95) and index build for 1,000 documents"
	@echo "make bench-handoff    time from the message that makes a lead hot to its Slack card"
	@echo "make bench-ab REV=x   this checkout against commit x, side by side under load"
	@echo "make compare-configs  measure Rasa pipeline candidates (accuracy, speed, memory)"
	@echo "make lock       re-pin requirements/app.lock from the current .venv"

install: $(APP_STAMP) $(ENGINE_STAMP) $(ASSETS_STAMP)

$(APP_STAMP): pyproject.toml requirements/app.lock
	@scripts/make-venvs.sh app
	@touch $@

$(ENGINE_STAMP): requirements/engine.lock
	@scripts/make-venvs.sh engine
	@touch $@

# The console's chart library (npm ci from bot/console/assets/package-lock.json).
$(ASSETS_STAMP): bot/console/assets/package-lock.json
	@scripts/install-console-assets.sh

train: install
	@$(PROSPECT) train

run: install
	@$(PROSPECT) run

browser:
	@scripts/install-browser.sh

# The whole suite on the embedded defaults (SQLite), then the integration tier again on the
# production profile (PostgreSQL + Redis, two app workers): TEST_POSTGRES_URL, TEST_REDIS_URL.
test: install browser
	@$(PROSPECT) train
	@$(VENV)/bin/pytest -ra
	@echo "==> The integration tier again, on PostgreSQL + Redis with two app workers"
	@PROSPECT_TEST_PROFILE=production $(VENV)/bin/pytest -ra -m integration

test-unit: $(APP_STAMP)
	@$(VENV)/bin/pytest -ra -m "not integration"

bench: install
	@$(PROSPECT) train
	@$(VENV)/bin/python -m benchmarks.load

lint: $(APP_STAMP)
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/ruff format --check .
	@$(VENV)/bin/mypy

eval: $(APP_STAMP)
	@$(VENV)/bin/python -m nlu.evaluation tests/extraction/dev.yml tests/extraction/test.yml \
		--spacy-fr none
	@$(VENV)/bin/python -m nlu.evaluation tests/extraction/test.yml --spacy-fr fr_core_news_md
	@$(VENV)/bin/python -m nlu.content.evaluation tests/content/dev.yml tests/content/third.yml \
		tests/content/fourth.yml tests/content/fifth.yml tests/content/test.yml tests/content/second.yml

# Multi-turn conversations through a real `prospect run` of its own (tests/conversations).
eval-conversations: install
	@$(PROSPECT) train
	@$(VENV)/bin/python -m tests.conversations.harness $(ARGS)

bench-latency: install
	@$(VENV)/bin/python benchmarks/chat_latency.py

bench-content: $(APP_STAMP)
	@$(VENV)/bin/python benchmarks/content_retrieval.py

bench-ab: install
	@test -n "$(REV)" || { echo "usage: make bench-ab REV=<commit>"; exit 2; }
	@$(VENV)/bin/python -m benchmarks.ab $(REV)

bench-handoff: install
	@$(VENV)/bin/python benchmarks/handoff_latency.py

bench-scale: install
	@$(PROSPECT) train
	@$(VENV)/bin/python -m benchmarks.scale

compare-configs: install
	@$(VENV)/bin/python benchmarks/compare_configs.py

lock: $(APP_STAMP)
	@$(VENV)/bin/python -m pip freeze --exclude-editable | grep -v '^-e' > requirements/app.lock
	@echo "requirements/app.lock updated"

clean:
	rm -rf $(VENV) $(RASA_VENV) models .rasa data .pytest_cache .mypy_cache .ruff_cache
