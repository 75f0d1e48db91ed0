#!/usr/bin/env bash
# Set up cardfollow on Debian/Ubuntu, then run the main job on the sample cards.
#
#   bash scripts/setup.sh            # system packages, .venv, the package; then the sample cards
#   bash scripts/setup.sh --no-run   # set up only
#   bash scripts/setup.sh --dev      # set up with the test tools, no run (used by scripts/test.sh)
#
# Runs as root or as a user with sudo; only missing system packages are installed. Each step
# prints one line saying what it does; its own output is kept aside and shown only if it fails.
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

# Notices that mean nothing to someone setting up cardfollow: pip's "new release" and
# "running as root", npm's update and funding notices.
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore PIP_NO_WARN_SCRIPT_LOCATION=1
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

log=$(mktemp "${TMPDIR:-/tmp}/cardfollow-setup.XXXXXX")
trap 'rm -f "$log"' EXIT

# step "what it does" COMMAND...: one line on the screen, the command's output in $log, shown
# (its last 40 lines) only when the command fails.
step() {
  local what=$1 started=$SECONDS
  shift
  printf '==> %s ... ' "$what"
  if "$@" >"$log" 2>&1; then
    echo "done ($((SECONDS - started)) s)"
  else
    local status=$?
    echo "FAILED"
    echo "cardfollow set-up: '$what' failed (exit $status); its last lines:" >&2
    tail -n 40 "$log" >&2
    exit "$status"
  fi
}

# Tesseract with its Latin-script model (one model for en/de/fr/es/it/pt/nl and more) and the
# orientation model; its Korean model (1.7 MB) reads the Hangul that RapidOCR's bundled model
# cannot; Python's venv module.
packages=(tesseract-ocr tesseract-ocr-script-latn tesseract-ocr-osd tesseract-ocr-eng
          tesseract-ocr-kor python3 python3-venv python3-pip)
# The sample-card generator's fonts, for the tests (fonts-wqy-microhei, 5 MB: kana, kanji,
# Hanzi and Hangul for the CJK cards).
# The review page's browser tests drive Debian's own Chromium (Playwright downloads no browser);
# Playwright's own Node.js needs libatomic1, which Debian's chromium does not pull in.
(( dev )) && packages+=(fonts-dejavu-core fonts-dejavu-extra fonts-liberation fonts-noto-core
                        fonts-wqy-microhei
                        chromium libatomic1)
# The team store's tests start their own scratch PostgreSQL cluster from Debian's server.
(( dev )) && packages+=(postgresql)

if command -v apt-get >/dev/null 2>&1; then
  missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if (( ${#missing[@]} )); then
    sudo=()
    [[ $(id -u) -ne 0 ]] && sudo=(sudo)
    step "reading Debian's package lists (apt-get update)" "${sudo[@]}" apt-get update
    step "installing ${#missing[@]} system packages (a few minutes): ${missing[*]}" \
      "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
      apt-get install -y --no-install-recommends "${missing[@]}"
  else
    echo "==> system packages: all there"
  fi
elif command -v brew >/dev/null 2>&1; then
  brew list tesseract >/dev/null 2>&1 ||
    step "installing Tesseract (Homebrew)" brew install tesseract tesseract-lang
else
  echo "Install Tesseract and its Latin script data with your package manager, then re-run." >&2
fi

python=${PYTHON:-python3}
if [[ ! -x .venv/bin/python ]]; then
  step "creating the virtual environment .venv" "$python" -m venv .venv
fi
step "updating pip in .venv" .venv/bin/python -m pip install -q --upgrade pip
if (( dev )); then
  step "installing cardfollow, its libraries and the test tools into .venv" \
    .venv/bin/python -m pip install -q -e ".[dev]"
else
  step "installing cardfollow and its libraries into .venv" \
    .venv/bin/python -m pip install -q -e .
fi

if (( run )); then
  echo "==> the sample cards through the inbox, end to end (scripts/demo.sh)"
  bash scripts/demo.sh
fi
