#!/usr/bin/env bash
# Set up everything the tests need (system packages, .venv with the dev tools), then run them all:
# the sidebar card's Vitest tests, then the whole Python suite.
#   bash scripts/test.sh [pytest args...]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev
.venv/bin/ruff check .
bash scripts/test_card.sh
# -m overrides the fast default in pyproject.toml: the whole suite, slow tests included.
exec .venv/bin/python -m pytest -m "slow or not slow" "$@"
