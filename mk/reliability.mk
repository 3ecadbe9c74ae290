# Reliability and security checks: fuzzing and soaking the running servers, auditing the pinned
# dependencies. `make test` runs the audit (through SETUP_DEPS) and a 500-request fuzz slice
# (tests/integration/test_fuzz.py); fuzz and soak at full length are run by hand, like bench.
.PHONY: fuzz soak audit test-audit

SETUP_DEPS += test-audit

fuzz: setup ## Fuzz the REST webhook and the widget relay: N=10000 requests (or URL=http://... to use running servers)
	@$(if $(URL),,model="$$(scripts/build.sh | tail -n 1)" &&) $(ENV) python -m bench.fuzz \
	  --count "$(or $(N),10000)" --seed "$(or $(SEED),7)" \
	  $(if $(URL),--url "$(URL)" $(if $(WEB_URL),--web-url "$(WEB_URL)"),--model "$$model")

soak: setup ## USERS=20 conversations for MINUTES=10; 0 errors and < 10% memory growth; writes reports/soak.*
	@model="$$(scripts/build.sh | tail -n 1)" && $(ENV) python -m bench.soak --model "$$model" \
	  --minutes "$(or $(MINUTES),10)" --users "$(or $(USERS),20)"

audit: setup ## pip-audit of every package in .venv; fails on a vulnerability not listed in SECURITY.md (AUDIT_SERVICE=osv: OSV's data instead of PyPI's)
	@scripts/audit.sh $(if $(AUDIT_SERVICE),--service "$(AUDIT_SERVICE)")

# The audit inside `make test` (so CI runs it). A new vulnerability fails the run. A vulnerability
# service this network cannot ask only warns, loudly (AUDIT_UNREACHABLE=fail makes it fail): on
# the machines this was built on, PyPI's per-version JSON API is not reachable (SECURITY.md).
test-audit: setup
	@scripts/audit.sh --unreachable "$(or $(AUDIT_UNREACHABLE),warn)" $(if $(AUDIT_SERVICE),--service "$(AUDIT_SERVICE)")
