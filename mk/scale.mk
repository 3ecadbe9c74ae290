# Scale-out profile (PostgreSQL + Redis + several Rasa processes behind nginx) and the benchmark.
.PHONY: scale-deps run-scaled bench bench-levers profile

SETUP_DEPS += scale-deps

SCALE_APT := postgresql redis-server nginx-light
scale-deps: ## apt-install PostgreSQL, Redis and nginx for the scaled profile (skipped when present)
	@if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || ! command -v redis-server >/dev/null \
	    || ! { command -v nginx || test -x /usr/sbin/nginx; } >/dev/null; then \
	  echo "Installing $(SCALE_APT)..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 \
	    --no-install-recommends $(SCALE_APT) >/dev/null; \
	fi

run-scaled: setup scale-deps ## Like `make run`, scaled: nginx -> 2 Rasa processes, PostgreSQL, Redis
	@model="$$(scripts/build.sh | tail -n 1)" && scripts/run_scaled.sh "$$model"

bench: setup scale-deps ## Latency/throughput vs a plain `rasa init` bot; writes reports/bench.*
	@model="$$(scripts/build.sh | tail -n 1)" && $(ENV) python -m bench --model "$$model"

# `PROFILE=scaled make run` is the same as `make run-scaled` (the Makefile's run target picks the script).

bench-levers: setup scale-deps ## Measure performance levers (TF threads, action workers...) into reports/levers.*
	@model="$$(scripts/build.sh | tail -n 1)" && $(ENV) python -m bench.levers --model "$$model"

profile: setup ## Time split of one 50-message conversation in-process, committed code vs working tree
	@model="$$(scripts/build.sh | tail -n 1)" && $(ENV) python -m bench.profile_turn --model "$$model" --compare-with-head --rounds 2
