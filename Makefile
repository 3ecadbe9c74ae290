# Every entry point of the project. CI (.ci/run) calls the same targets.
SHELL := /bin/bash
.SECONDEXPANSION:
.DEFAULT_GOAL := help
ENV := source scripts/env.sh &&

.PHONY: help setup build run ctl test test-fast validate evaluate bench lint lint-fix clean purge forget nlu-from-corpus red-flag-examples

# Feature areas add their own targets and hook them in here (mk/<area>.mk):
#   SETUP_DEPS  system packages and tools the TESTS need (Chromium, PostgreSQL, nginx...);
#               `make run` needs none of them, so a patient-facing start stays light.
SETUP_DEPS :=
-include $(sort $(wildcard mk/*.mk))

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

setup: ## Create .venv (Python 3.10) and install pinned requirements, if they changed
	@scripts/setup_venv.sh

build: setup ## Build the spaCy pipeline and the domain, train the model if its inputs changed
	@scripts/build.sh

run: setup $(if $(filter scaled,$(PROFILE)),scale-deps) ## Set up, train if needed, start the bot (REST + socket.io) and print where to chat (PROFILE=scaled: see run-scaled)
	@model="$$(scripts/build.sh | tail -n 1)" && scripts/run$(if $(filter scaled,$(PROFILE)),_scaled).sh "$$model"

ctl: setup ## Talk to the supervisor of a running `make run`: make ctl CMD="status" (or "restart actions", "tail -f rasa")
	@$(ENV) supervisorctl -c scripts/supervise/supervisord.conf $(or $(CMD),status)

test: setup lint $$(SETUP_DEPS) ## Lint, then the whole test suite (starts real servers on free ports)
	@model="$$(scripts/build.sh | tail -n 1)" && $(ENV) ISOBOT_MODEL="$$model" python -m pytest tests --durations=25

# No server, no browser, no PostgreSQL: what is left once the markers tests/conftest.py puts on
# every test that starts one are deselected. No SETUP_DEPS either.
test-fast: setup ## Unit tests only (no servers, no model, no training), under a minute: make test-fast [ARGS="-k detector"]
	@scripts/build.sh --no-model && $(ENV) python -m pytest tests \
	  -m "not integration and not browser and not scale and not supervision" -q -n "$(or $(JOBS),2)" $(ARGS)

validate: build ## rasa data validate, failing on warnings
	@$(ENV) rasa data validate --config config.yml --domain build/domain --data data --fail-on-warning

evaluate: build ## Held-out NLU, safety sets, and the real-language corpus end to end, into reports/
	@model="$$(scripts/build.sh | tail -n 1)" && $(ENV) python -m isobot.evaluation.heldout --model "$$model" && \
	  $(ENV) python -m isobot.evaluation.run --model "$$model"

score-safety-set: setup ## A safety set scored on the SafetyGate's reading alone (no Rasa, no classifier): make score-safety-set [CASES=tests/safety/es/informed2.yml] (default: the English set, tests/safety/cases.yml)
	@scripts/build.sh --no-model && $(ENV) python -m isobot.evaluation.gate_set "$(or $(CASES),tests/safety/cases.yml)" 2>/dev/null

nlu-from-corpus: setup ## Regenerate data/nlu/real_language.yml from the corpus's train and informed parts
	@$(ENV) python scripts/corpus_to_nlu.py

red-flag-examples: setup ## Regenerate safety/red_flag_examples.yml (the learned red-flag net's examples) from the corpus's train and informed parts
	@$(ENV) python scripts/corpus_to_red_flag_examples.py

purge: setup ## Delete conversations and staff rows older than DAYS (default 30): make purge DAYS=30
	@$(ENV) python -m isobot.tools.purge --days "$(or $(DAYS),30)"

forget: setup ## Erase one conversation everywhere it is stored: make forget SENDER=<channel>:<id> (e.g. telegram:12345)
	@test -n "$(SENDER)" || { echo "Usage: make forget SENDER=<channel>:<id>, e.g. SENDER=twilio:+447700900123" >&2; exit 2; }
	@$(ENV) python -m isobot.tools.purge --sender "$(SENDER)"

lint: setup ## ruff check, ruff format --check, mypy (strict on isobot/); tools in .venv-lint
	@scripts/lint.sh

lint-fix: setup ## Rewrite files: ruff check --fix, then ruff format
	@scripts/lint.sh --fix

clean: ## Remove build output and trained models (keeps .venv and var/)
	rm -rf build models .pytest_cache
	find reports -mindepth 1 -maxdepth 1 ! -name first_contact -exec rm -rf {} + 2>/dev/null || true
