#!/usr/bin/env bash
# The main job on the embedded default, end to end: the sample cards go through a fresh inbox
# (an event folder and a few loose photos), are read, linked and drafted; the drafted
# follow-ups are printed; the cards with nothing to check are approved and pushed into the
# local store (the embedded CRM), and the mail that would go out is listed. Everything lives in .demo/ (a CARDFOLLOW_HOME of its own), so your
# real cardfollow data is never touched. Run scripts/setup.sh first (it ends by running this).
set -euo pipefail
cd "$(dirname "$0")/.."

export CARDFOLLOW_HOME="$PWD/.demo"
export CARDFOLLOW_PROFILE_NAME="${CARDFOLLOW_PROFILE_NAME:-Sam Carter}"
export CARDFOLLOW_PROFILE_EMAIL="${CARDFOLLOW_PROFILE_EMAIL:-sam@northwind.example}"
export CARDFOLLOW_PROFILE_SIGNATURE="${CARDFOLLOW_PROFILE_SIGNATURE:-Sam Carter
Partnerships, Northwind Trading}"
export CARDFOLLOW_INBOX_STABLE_SECONDS="${CARDFOLLOW_INBOX_STABLE_SECONDS:-0.5}"
cardfollow=.venv/bin/cardfollow

rm -rf .demo
event=".demo/inbox/Sample Expo 2026"
mkdir -p "$event"
cat > "$event/event.toml" <<'TOML'
date = 2026-11-19
place = "Lisbon"
note = "we talked about the future of trade shows"
TOML
n=0
for photo in sample_cards/*.{jpg,png,heic,webp}; do
  [[ -e "$photo" ]] || continue
  # Most cards were met at the event; a few arrive loose, at the top of the inbox (no event).
  if (( n++ % 6 == 5 )); then cp "$photo" .demo/inbox/; else cp "$photo" "$event/"; fi
done

echo "==> cardfollow scan: $n sample photos in $CARDFOLLOW_HOME/inbox"
status=0
$cardfollow scan --jobs "$(nproc 2>/dev/null || echo 2)" || status=$?
echo
echo "==> cardfollow drafts: the follow-ups waiting for your review"
$cardfollow drafts

# Approve what needs no checking (nothing flagged, no open duplicate question); the rest waits
# for you (`cardfollow serve`, or show / edit / approve).
echo "==> cardfollow approve --confident: the cards with nothing to check"
$cardfollow approve --confident || status=$?
echo "==> cardfollow push: approved contacts into the embedded CRM (the local store)"
$cardfollow push || status=$?
echo "==> cardfollow send --now --dry-run: the mail that would go (set CARDFOLLOW_SMTP_URL to send)"
$cardfollow send --now --dry-run || status=$?
echo "==> cardfollow sync-log"
$cardfollow sync-log
# Keep in touch: nobody is due yet (just met); --within shows when each check-in comes due.
echo "==> cardfollow due --within 120: check-ins coming due (touch.cadence: quarterly)"
$cardfollow due --within 120 --no-drafts || status=$?
echo "==> next: CARDFOLLOW_HOME=.demo $cardfollow serve   (review the rest in your browser)"
exit "$status"
