# Web widget and staff console: Chromium for the browser tests, npm packages (axe-core) for web/.
# Idempotent and quick when done: apt only if chromium is missing, `npm ci` only when the lock changed.
.PHONY: web-deps
SETUP_DEPS += web-deps

WEB_NPM_STAMP := web/node_modules/.package-lock.json

web-deps: $(WEB_NPM_STAMP) ## Chromium (Debian) and web/ npm packages, when missing
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Chromium for the browser tests..."; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# npm writes node_modules/.package-lock.json on every install: newer than the lock means up to date.
$(WEB_NPM_STAMP): web/package.json web/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "npm is required (Node.js 20): apt-get install nodejs npm" >&2; exit 1; }
	@cd web && npm ci --no-audit --no-fund --loglevel=error
	@touch $@
