#!/usr/bin/env bash
# Set up everything the tests need (system packages, .venv with the dev tools), then run them all.
#   bash scripts/test.sh [pytest args...]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev
.venv/bin/ruff check .
exec .venv/bin/python -m pytest "$@"
