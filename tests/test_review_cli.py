"""The command line's manners around review: the profile first, approving twice, drafts in
another language, phones typed without a country code, send saying why nothing goes, exports
that import, a missing inbox, scan's last line, and retrying a failed card."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pytest
import vobject
from card_factory import add_card

from conftest import SAMPLES, home, inbox, run_cli, text_card
from plugin.config import load
from plugin.models import EventInfo
from plugin.store import Store


def store() -> Store:
    return Store(load()["store.path"])


def test_approve_refuses_without_a_profile_and_says_what_to_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with store() as s:
        card = add_card(s, load(), "Anna Weber")
    monkeypatch.delenv("CARDFOLLOW_PROFILE_EMAIL")
    result = run_cli("approve", str(card))
    assert result.returncode == 2
    assert "your email" in result.stderr and "cardfollow init" in result.stderr
    assert "CARDFOLLOW_PROFILE_EMAIL" in result.stderr and "your name" not in result.stderr
    with store() as s:
        assert s.cards.get(card).state == "drafted" and s.outbox.for_card(card) == []
    monkeypatch.delenv("CARDFOLLOW_PROFILE_NAME")
    both = run_cli("approve", "--confident")
    assert both.returncode == 2 and "your name and your email" in both.stderr


def test_approving_an_approved_card_is_no_error() -> None:
    with store() as s:
        card = add_card(s, load(), "Anna Weber")
    assert run_cli("approve", str(card)).returncode == 0
    again = run_cli("approve", str(card))
    assert again.returncode == 0, again.stderr
    assert f"card {card}: already approved; mail due" in again.stdout
    with store() as s:
        assert [i.kind for i in s.outbox.for_card(card)] == ["push", "send"]  # nothing twice


def test_draft_in_another_language_is_kept_for_the_card() -> None:
    with store() as s:
        card = add_card(s, load(), "Anna Weber")
    result = run_cli("draft", str(card), "--language", "de")
    assert result.returncode == 0, result.stderr
    assert "Deutsch" in result.stdout and "Hallo Anna," in result.stdout
    assert "bei Expo 2026" in result.stdout and "Viele Grüße" in result.stdout
    # A later correction drafts again in the card's language.
    assert run_cli("edit", str(card), "--set", "title=CTO").returncode == 0
    shown = json.loads(run_cli("show", str(card), "--json").stdout)
    assert shown["language"] == "de" and shown["draft"]["language"] == "de"
    assert shown["draft"]["body"].startswith("Hallo Anna,")
    bad = run_cli("draft", str(card), "--language", "xx")
    assert bad.returncode == 2 and "en, de, fr, es, nl, it, pt" in bad.stderr


def test_the_events_language_and_the_default_language(monkeypatch: pytest.MonkeyPatch) -> None:
    with store() as s:
        salon = add_card(s, load(), "Jeanne Roux", event=EventInfo("Salon", language="fr"))
        plain = add_card(s, load(), "Piet Jansen", event="Beurs", minutes=1)
    with store() as s:
        assert s.drafts.current(salon).body.startswith("Bonjour Jeanne,")  # type: ignore[union-attr]
        assert s.drafts.current(plain).body.startswith("Hi Piet,")  # type: ignore[union-attr]
    monkeypatch.setenv("CARDFOLLOW_LANGUAGE", "nl")
    assert "Beste Piet," in run_cli("draft", str(plain), "--preview").stdout
    assert "Bonjour Jeanne," in run_cli("draft", str(salon), "--preview").stdout


def test_event_toml_language_reaches_the_drafts(tmp_path: Path) -> None:
    folder = inbox() / "Messe"
    folder.mkdir(parents=True)
    (folder / "event.toml").write_text('language = "de"\ndate = 2026-03-09\n', encoding="utf-8")
    text_card(folder / "card.png", ["Anna Weber", "Vertrieb", "anna@weber-gmbh.example"])
    assert run_cli("scan").returncode == 0
    (card,) = [json.loads(line) for line in run_cli("cards", "--json").stdout.splitlines()]
    assert card["draft"]["language"] == "de" and "Hallo Anna," in card["draft"]["body"]


def test_a_note_sent_as_written_is_warned_about() -> None:
    with store() as s:
        card = add_card(s, load(), "Anna Weber")
    run_cli("note", str(card), "send her the slides")
    shown = json.loads(run_cli("show", str(card), "--json").stdout)
    assert "sent as written" in shown["draft"]["note_warning"]
    approved = run_cli("approve", str(card))
    assert "sent as written" in approved.stderr
    run_cli("note", str(card), "we talked about tram data")
    shown = json.loads(run_cli("show", str(card), "--json").stdout)
    assert shown["draft"]["note_warning"] is None


def test_a_phone_without_country_code_takes_the_cards_country() -> None:
    with store() as s:
        card = add_card(
            s,
            load(),
            "Anna Weber",
            phones=[{"number": "+4930123456", "kind": "work", "raw": "030 123456"}],
        )
        uk = add_card(s, load(), "Tom Hill", minutes=1, address="1 Main St\nLondon SW1A 2AA")
    result = run_cli("edit", str(card), "--set", "phones=030 9876543 (mobile)")
    assert result.returncode == 0, result.stderr
    result = run_cli("edit", str(uk), "--set", "phones=020 7946 0123")
    assert result.returncode == 0, result.stderr
    with store() as s:
        assert s.cards.get(card).fields["phones"][0]["number"] == "+49309876543"  # type: ignore[index]
        assert s.cards.get(uk).fields["phones"][0]["number"] == "+442079460123"  # type: ignore[index]


def test_send_dry_run_says_why_nothing_goes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CARDFOLLOW_SMTP_URL", "smtp://127.0.0.1:9")
    nothing = run_cli("send", "--dry-run")
    assert nothing.returncode == 0 and "no follow-up is waiting to be sent" in nothing.stdout
    with store() as s:
        card = add_card(s, load(), "Anna Weber")
    drafted = run_cli("send", "--dry-run").stdout
    assert "no follow-up is approved yet; 1 drafted" in drafted and "cardfollow serve" in drafted
    monkeypatch.setenv("CARDFOLLOW_SEND_AT", "morning")
    run_cli("approve", str(card))
    later = run_cli("send", "--dry-run").stdout
    assert "nothing would go: 1 approved follow-up(s) are not due yet" in later
    assert "mail.send_at" in later and "send --now" in later


def test_csv_export_has_a_bom_and_the_day_met_as_the_email_says() -> None:
    with store() as s:
        config = load()
        card = add_card(s, config, "Jérôme Dupont", event=EventInfo("Salon", dt.date(2026, 3, 9)))
        # A scan, not a camera photo: the file's date says nothing of the day met.
        s.db.run("UPDATE cards SET captured_by = 'file' WHERE id = ?", (card,))
    out = home() / "contacts.csv"
    assert run_cli("export", "--format", "csv", "-o", str(out)).returncode == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8: "Jérôme", not "JÃ©rÃ´me"
    (row,) = csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""))
    assert row["First Name"] == "Jérôme" and row["Date Met"] == "2026-03-09"


def test_vcard_3_export_for_apple_and_google() -> None:
    with store() as s:
        add_card(s, load(), "ANNA WEBER", company="QUILLMORE VENTURES GMBH")
    result = run_cli("export", "--format", "vcf", "--vcard-version", "3")
    assert result.returncode == 0, result.stderr
    (card,) = vobject.readComponents(result.stdout)
    assert card.version.value == "3.0"
    assert card.fn.value == "Anna Weber" and card.org.value == ["Quillmore Ventures GmbH"]
    bad = run_cli("export", "--format", "csv", "--vcard-version", "3")
    assert bad.returncode == 2


def test_scan_of_a_missing_folder_is_an_error() -> None:
    result = run_cli("scan", str(home() / "no-such-folder"))
    assert result.returncode == 2 and "does not exist" in result.stderr


def test_scan_prints_plain_lines_and_points_to_the_review_page() -> None:
    text_card(inbox() / "anna.png", ["Anna Weber", "Head of Sales", "anna@weber.example"])
    result = run_cli("scan")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert "anna.png" in lines[0] and "Anna Weber" in lines[0]
    assert "\x1b[" not in result.stdout  # not a terminal: no bar, no colour codes
    assert "cardfollow serve" in lines[-1] and "http://127.0.0.1:8155/" in lines[-1]


@pytest.mark.slow
def test_retry_reads_a_failed_card_again(monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(SAMPLES / "p01_de_national_wood.jpg", inbox() / "p01.jpg")
    # Tesseract given no time at all: the card fails, as after a broken install.
    failed = run_cli(
        "scan", env={"CARDFOLLOW_OCR_ENGINE": "tesseract", "CARDFOLLOW_TESSERACT_TIMEOUT": "0.001"}
    )
    assert failed.returncode == 1
    (card,) = [json.loads(line) for line in run_cli("cards", "--json").stdout.splitlines()]
    assert card["state"] == "failed"
    result = run_cli("retry", str(card["id"]))
    assert result.returncode == 0, result.stderr
    assert f"card {card['id']}: read: drafted" in result.stdout
    again = run_cli("retry", str(card["id"]))
    assert again.returncode == 0 and "not failed; nothing to retry" in again.stdout


def test_retry_that_still_fails_says_why() -> None:
    blank = inbox() / "blank.png"
    text_card(blank, [])
    run_cli("scan")
    (card,) = [json.loads(line) for line in run_cli("cards", "--json").stdout.splitlines()]
    assert card["state"] == "failed"
    result = run_cli("retry", str(card["id"]))
    assert result.returncode == 1 and "could not be read again" in result.stderr
