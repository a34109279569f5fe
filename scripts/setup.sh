#!/usr/bin/env bash
# `npm run setup`: everything a fresh machine lacks to build, demo and test Caselint.
#  - a Chromium for the demo and the end-to-end tests (Debian's `chromium` through apt-get when none is found;
#    set CHROME_PATH to use another Chromium or Chrome);
#  - a Firefox for the Firefox end-to-end tests (Debian's `firefox-esr` through apt-get when none is found;
#    set FIREFOX_PATH to use another Firefox);
#  - the npm dependencies, exactly as locked (`npm ci`), which also runs `wxt prepare`.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n==> %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else echo "setup: need root to run: $*" >&2; return 1
  fi
}

if [ -n "${CHROME_PATH:-}" ]; then
  [ -x "$CHROME_PATH" ] || { echo "setup: CHROME_PATH=$CHROME_PATH is not an executable" >&2; exit 1; }
elif [ -x /usr/bin/chromium ] || command -v chromium >/dev/null 2>&1 || command -v google-chrome >/dev/null 2>&1; then
  :
elif command -v apt-get >/dev/null 2>&1; then
  log "Installing Chromium (apt-get install chromium)"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium
else
  echo "setup: no Chromium or Chrome found and no apt-get here: install Chromium or Chrome and set CHROME_PATH." >&2
  exit 1
fi

if [ -n "${FIREFOX_PATH:-}" ]; then
  [ -x "$FIREFOX_PATH" ] || { echo "setup: FIREFOX_PATH=$FIREFOX_PATH is not an executable" >&2; exit 1; }
elif [ -x /usr/bin/firefox-esr ] || [ -x /usr/bin/firefox ]; then
  :
elif command -v apt-get >/dev/null 2>&1; then
  log "Installing Firefox ESR (apt-get install firefox-esr)"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq firefox-esr
else
  echo "setup: no Firefox found and no apt-get here: install Firefox (ESR 140 or later) and set FIREFOX_PATH." >&2
  exit 1
fi

log "Node $(node --version), npm $(npm --version)"
case "$(node --version)" in
  v20.*) ;;
  *) echo "setup: warning: Caselint is tested on Node 20 (.nvmrc); this is $(node --version)" >&2 ;;
esac
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "npm ci"
  npm ci --no-audit --no-fund
fi

# SETUP_CLUSTER=1: PostgreSQL and Redis for `npm run test:cluster` (two team-server processes), only when missing.
if [ "${SETUP_CLUSTER:-}" = "1" ]; then
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || ! command -v redis-server >/dev/null 2>&1; then
    log "Installing PostgreSQL and Redis (apt-get install postgresql redis-server)"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql redis-server
  fi
fi
