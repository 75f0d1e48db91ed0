#!/usr/bin/env bash
# Set up cardfollow on Debian/Ubuntu, then run the main job on the sample cards.
#
#   bash scripts/setup.sh            # system packages, .venv, the package; then the sample cards
#   bash scripts/setup.sh --no-run   # set up only
#   bash scripts/setup.sh --dev      # set up with the test tools, no run (used by scripts/test.sh)
#
# Runs as root or as a user with sudo; only missing system packages are installed.
set -euo pipefail
cd "$(dirname "$0")/.."

run=1 dev=0
for arg in "$@"; do
  case "$arg" in
    --no-run) run=0 ;;
    --dev) dev=1 run=0 ;;
    *) echo "usage: bash scripts/setup.sh [--no-run|--dev]" >&2; exit 2 ;;
  esac
done

# Tesseract with its Latin-script model (one model for en/de/fr/es/it/pt/nl and more) and the
# orientation model; Python's venv module.
packages=(tesseract-ocr tesseract-ocr-script-latn tesseract-ocr-osd tesseract-ocr-eng
          python3 python3-venv python3-pip)
# The sample-card generator's fonts, for the tests.
# The review page's browser tests drive Debian's own Chromium (Playwright downloads no browser).
(( dev )) && packages+=(fonts-dejavu-core fonts-dejavu-extra fonts-liberation fonts-noto-core
                        chromium)

if command -v apt-get >/dev/null 2>&1; then
  missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if (( ${#missing[@]} )); then
    sudo=""
    [[ $(id -u) -ne 0 ]] && sudo="sudo"
    echo "==> installing system packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
      "${missing[@]}" >/dev/null
  fi
elif command -v brew >/dev/null 2>&1; then
  brew list tesseract >/dev/null 2>&1 || brew install tesseract tesseract-lang
else
  echo "Install Tesseract and its Latin script data with your package manager, then re-run." >&2
fi

python=${PYTHON:-python3}
if [[ ! -x .venv/bin/python ]]; then
  echo "==> creating .venv"
  "$python" -m venv .venv
fi
echo "==> installing cardfollow into .venv"
.venv/bin/python -m pip install -q --upgrade pip
if (( dev )); then
  .venv/bin/python -m pip install -q -e ".[dev]"
else
  .venv/bin/python -m pip install -q -e .
fi

if (( run )); then
  echo "==> the sample cards through the inbox, end to end (scripts/demo.sh)"
  bash scripts/demo.sh
fi
