#!/usr/bin/env bash
# Set up everything the tests need (system packages, .venv with the dev tools), then run them all.
#   bash scripts/test.sh [pytest args...]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev
.venv/bin/ruff check .
# -m overrides the fast default in pyproject.toml: the whole suite, slow tests included.
exec .venv/bin/python -m pytest -m "slow or not slow" "$@"
