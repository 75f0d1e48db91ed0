"""The inbox end to end, as a user runs it: real files, Tesseract, SQLite and processes."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from conftest import home, inbox, run_cli, sample, text_card, with_exif_time

# Real processes over real photos (a few seconds each): run by scripts/test.sh and CI.
pytestmark = pytest.mark.slow


def cards() -> list[dict[str, Any]]:
    result = run_cli("cards", "--json")
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def scan(*args: str) -> Any:
    return run_cli("scan", "--wait", "30", *args, env={"CARDFOLLOW_INBOX_STABLE_SECONDS": "0.2"})


def test_scan_takes_each_photo_once_and_drafts_its_follow_up() -> None:
    event = inbox() / "SaaStr 2026"
    event.mkdir(parents=True)
    (event / "event.toml").write_text(
        'date = 2026-09-09\nplace = "San Mateo"\nnote = "the AI pricing panel"\n'
    )
    shutil.copy(sample("s01"), event / "IMG_0412.png")
    shutil.copy(sample("s01"), event / "IMG_0412 copy.png")  # the same photo twice
    shutil.copy(sample("s06"), inbox() / "loose.png")  # no event
    (event / "IMG_0413.jpg").write_bytes(sample("p01").read_bytes()[:5000])  # cut-off copy
    (inbox() / ".DS_Store").write_bytes(b"\0" * 10)

    result = scan()
    assert result.returncode == 1, result.stderr  # one photo failed
    found = cards()
    by_photo = {Path(c["photo"]).name.replace(" copy", ""): c for c in found}
    assert sorted(by_photo) == ["IMG_0412.png", "IMG_0413.jpg", "loose.png"]  # one of the twins
    assert "already taken as card" in result.stdout

    met = by_photo["IMG_0412.png"]
    assert met["state"] == "drafted" and met["event"] == "SaaStr 2026"
    assert met["contact"]["family_name"] == "Weber"
    assert met["duplicate_of"] is None
    draft = met["draft"]
    assert draft["template"] == "we-talked-about"  # the event's note is something to talk about
    assert "SaaStr 2026" in draft["subject"] + draft["body"]
    assert "San Mateo" in draft["body"] and "AI pricing panel" in draft["body"]

    loose = by_photo["loose.png"]
    assert loose["event"] is None and loose["state"] == "drafted"
    assert " at ." not in loose["draft"]["body"] and "Hi ," not in loose["draft"]["body"]

    broken = by_photo["IMG_0413.jpg"]
    assert broken["state"] == "failed" and "truncated" in broken["error"].lower()
    moved = inbox() / "failed" / "SaaStr 2026" / "IMG_0413.jpg"
    assert moved.exists() and not (event / "IMG_0413.jpg").exists()
    assert "truncated" in (moved.parent / "IMG_0413.jpg.error.txt").read_text().lower()
    # Nothing else was touched: the photos are all still there, byte for byte.
    assert (event / "IMG_0412.png").read_bytes() == sample("s01").read_bytes()
    assert (inbox() / ".DS_Store").exists()

    again = scan()
    assert again.returncode == 0, again.stderr
    assert "nothing new" in again.stdout
    assert len(cards()) == 3


def test_a_wrong_type_is_set_aside_with_the_reason() -> None:
    (inbox() / "agenda.pdf").write_bytes(b"%PDF-1.7\n")
    shutil.copy(sample("s02"), inbox() / "card.png")
    result = scan()
    assert result.returncode == 1
    note = (inbox() / "failed" / "agenda.pdf.error.txt").read_text()
    assert "not a card photo" in note
    assert [c["state"] for c in cards()] == ["drafted"]


def test_a_new_card_of_someone_known_is_linked_not_stored_twice() -> None:
    shutil.copy(sample("s03"), inbox() / "first.png")
    assert scan().returncode == 0
    first = cards()[0]
    # The user corrects the title; a later card must not silently undo that.
    fixed = run_cli("edit", str(first["id"]), "--set", "title=Vice President, Sales")
    assert fixed.returncode == 0, fixed.stderr

    later = inbox() / "Web Summit" / "marcus.jpg"
    later.parent.mkdir()
    Image.open(sample("s03")).convert("RGB").save(later, quality=90)  # new photo, same person
    assert scan().returncode == 0
    first_now, second = cards()
    assert second["duplicate_of"] == first["id"]
    assert second["contact_id"] == first_now["contact_id"]
    assert "title" in (second["differences"] or {})
    assert first_now["contact"]["title"] == "Vice President, Sales"

    shown = run_cli("show", str(second["id"]))
    assert f"same person as card {first['id']}" in shown.stdout
    kept = run_cli("merge", str(second["id"]), "--keep")
    assert kept.returncode == 0, kept.stderr
    exported = run_cli("export", "--format", "vcf")
    assert exported.stdout.count("BEGIN:VCARD") == 1  # one person, one vCard
    assert "TITLE:Vice President\\, Sales" in exported.stdout


def test_front_and_back_named_so_become_one_contact() -> None:
    shutil.copy(sample("s01"), inbox() / "weber-front.png")
    text_card(
        inbox() / "weber-back.png",
        ["Niederlassung Hamburg", "Jungfernstieg 7, 20354 Hamburg", "www.weber-hamburg.de"],
    )
    assert scan().returncode == 0, "both sides read"
    found = cards()
    front = next(c for c in found if c["photo"].endswith("weber-front.png"))
    back = next(c for c in found if c["photo"].endswith("weber-back.png"))
    assert back["state"] == "merged" and back["back_of"] == front["id"]
    assert front["state"] == "drafted"
    assert front["contact"]["family_name"] == "Weber"
    assert front["contact"]["website"]  # the front's own website stays; the back fills gaps only
    assert back["contact_id"] == front["contact_id"]


def test_two_different_cards_photographed_seconds_apart_stay_apart() -> None:
    t = dt.datetime(2026, 9, 9, 14, 0, 0)
    with_exif_time(sample("s01"), inbox() / "IMG_1.jpg", t)
    with_exif_time(sample("s02"), inbox() / "IMG_2.jpg", t + dt.timedelta(seconds=4))
    assert scan().returncode == 0
    assert sorted(c["state"] for c in cards()) == ["drafted", "drafted"]


def test_a_back_photographed_seconds_after_its_front_is_folded_in() -> None:
    t = dt.datetime(2026, 9, 9, 14, 0, 0)
    with_exif_time(sample("s06"), inbox() / "IMG_1.jpg", t)
    back = text_card(inbox() / "IMG_2.jpg", ["Grachtwerk B.V.", "linkedin.com/in/sannedevries"])
    with_exif_time(back, back, t + dt.timedelta(seconds=6))
    blank = inbox() / "IMG_3.jpg"  # a white photo after it: set aside, never guessed to be a back
    Image.new("RGB", (1050, 600), "white").save(blank)
    with_exif_time(blank, blank, t + dt.timedelta(seconds=9))
    result = scan()
    assert result.returncode == 1, result.stdout + result.stderr
    found = {Path(c["photo"]).name: c for c in cards()}
    front, back_card = found["IMG_1.jpg"], found["IMG_2.jpg"]
    assert front["state"] == "drafted"
    assert (back_card["state"], back_card["back_of"]) == ("merged", front["id"])
    assert front["contact"]["linkedin"] == "linkedin.com/in/sannedevries"
    assert front["contact"]["family_name"] == "de Vries"
    assert found["IMG_3.jpg"]["state"] == "failed"
    assert "IMG_3.jpg: no readable text" in found["IMG_3.jpg"]["error"]


def test_a_blank_back_named_so_is_kept_with_its_front() -> None:
    shutil.copy(sample("s02"), inbox() / "lefevre_front.png")
    Image.new("RGB", (1050, 600), (30, 60, 120)).save(inbox() / "lefevre_back.png")
    assert scan().returncode == 0
    found = {Path(c["photo"]).name: c for c in cards()}
    front, back = found["lefevre_front.png"], found["lefevre_back.png"]
    assert (front["state"], back["state"]) == ("drafted", "merged")
    assert back["back_of"] == front["id"]


def test_hostile_card_text_stays_text_and_never_reaches_a_header() -> None:
    shutil.copy(sample("s02"), inbox() / "card.png")
    assert scan().returncode == 0
    card_id = str(cards()[0]["id"])
    edit = run_cli(
        "edit",
        card_id,
        "--set",
        "company={{ 7*7 }} <script>alert(1)</script>",
        "--set",
        "full_name=Eve\r\nBcc: victim@example.com",
    )
    assert edit.returncode == 0, edit.stderr
    note = run_cli("note", card_id, "we talked about {% for x in range(3) %}loops{% endfor %}")
    assert note.returncode == 0, note.stderr
    draft = cards()[0]["draft"]
    assert "\n" not in draft["subject"] and "\r" not in draft["subject"]
    assert "{{ 7*7 }} <script>alert(1)</script>" in draft["body"]
    assert "49" not in draft["body"]
    assert "{% for x in range(3) %}loops{% endfor %}" in draft["body"]
    assert "\nBcc:" not in draft["subject"]


def test_review_commands_from_the_command_line() -> None:
    for name in ("s02", "s04"):
        shutil.copy(sample(name), inbox() / f"{name}.png")
    assert scan().returncode == 0
    first, second = (c["id"] for c in cards())

    preview = run_cli("draft", str(first), "--template", "short", "--preview")
    assert preview.returncode == 0 and "template short, English (preview" in preview.stdout
    assert cards()[0]["draft"]["template"] == "nice-to-meet-you"  # a preview keeps nothing
    chosen = run_cli("draft", str(first), "--template", "short")
    assert chosen.returncode == 0, chosen.stderr
    assert cards()[0]["draft"]["template"] == "short"
    unknown = run_cli("draft", str(first), "--template", "no-such-template")
    assert unknown.returncode != 0 and "no-such-template" in unknown.stderr

    approved = run_cli("approve", str(first), str(second))
    assert approved.returncode == 0, approved.stderr
    assert {c["state"] for c in cards()} == {"approved"}
    again = run_cli("approve", str(first))
    assert again.returncode == 0 and "already approved" in again.stdout  # no error
    skipped = run_cli("skip", str(second))
    assert skipped.returncode == 0
    assert [c["state"] for c in cards()] == ["approved", "skipped"]

    bad = run_cli("edit", str(first), "--set", "emails=not-an-address")
    assert bad.returncode == 2 and "not an email address" in bad.stderr
    renamed = run_cli("edit", str(first), "--set", "phone=+1 415 555 0100 (mobile)")
    assert renamed.returncode == 0, renamed.stderr
    card = cards()[0]
    assert card["state"] == "drafted"  # what was approved changed: approve again
    assert card["contact"]["phones"] == [
        {"number": "+14155550100", "kind": "mobile", "raw": "+1 415 555 0100"}
    ]
    assert "phones" in card["edited"] and "phones" not in card["flagged"]
    missing = run_cli("show", "999")
    assert missing.returncode == 1 and "no card 999" in missing.stderr


def test_export_round_trips_and_csv_has_hubspot_columns(tmp_path: Path) -> None:
    from plugin.export import from_vcards

    folder = inbox() / "Web Summit"
    folder.mkdir()
    shutil.copy(sample("s05"), folder / "card.png")
    assert scan().returncode == 0
    card_id = str(cards()[0]["id"])
    assert run_cli("note", card_id, "Loves sailing; send the pricing deck").returncode == 0

    vcf = tmp_path / "out.vcf"
    assert run_cli("export", "--format", "vcf", "-o", str(vcf)).returncode == 0
    (record,) = from_vcards(vcf.read_text(encoding="utf-8"))
    card = cards()[0]
    assert record.note == "Loves sailing; send the pricing deck"
    assert record.event is not None and record.event.name == "Web Summit"
    assert record.contact["phones"] == card["contact"]["phones"]
    assert record.contact["emails"] == card["contact"]["emails"]

    csv_out = run_cli("export", "--format", "csv")
    header = csv_out.stdout.splitlines()[0]
    assert header.startswith("\ufeffFirst Name,Last Name,")  # a BOM: Excel reads it as UTF-8
    assert "Company Name" in header and "Email" in header


def test_config_shows_each_setting_and_where_it_came_from(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CARDFOLLOW_PROFILE_NAME")  # the name comes from config.toml here
    (home()).mkdir(parents=True, exist_ok=True)
    (home() / "config.toml").write_text('[profile]\nname = "Sam Carter"\n')
    result = run_cli("config", "--json", env={"CARDFOLLOW_PROFILE_EMAIL": "sam@example.com"})
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)["settings"]
    assert shown["profile.name"] == {
        "value": "Sam Carter",
        "source": "config.toml [profile] name",
        "env": "CARDFOLLOW_PROFILE_NAME",
    }
    assert shown["profile.email"]["source"] == "env CARDFOLLOW_PROFILE_EMAIL"
    assert shown["inbox.stable_seconds"]["source"] == "default"
    table = run_cli("config")
    assert "profile.name" in table.stdout and "Sam Carter" in table.stdout


def test_the_sender_profile_signs_the_drafts() -> None:
    shutil.copy(sample("s02"), inbox() / "card.png")
    env = {
        "CARDFOLLOW_PROFILE_NAME": "Sam Carter",
        "CARDFOLLOW_PROFILE_SIGNATURE": "Sam Carter\nHead of Partnerships, Northwind",
        "CARDFOLLOW_INBOX_STABLE_SECONDS": "0.2",
    }
    assert run_cli("scan", env=env).returncode == 0
    body = cards()[0]["draft"]["body"]
    assert body.rstrip().endswith("Sam Carter\nHead of Partnerships, Northwind")


def test_file_names_that_are_not_utf8_are_taken_and_set_aside_like_any_other() -> None:
    good = Path(os.fsdecode(bytes(inbox()) + b"/caf\xe9.png"))
    bad = Path(os.fsdecode(bytes(inbox()) + b"/bad\xff.jpg"))
    shutil.copy(sample("s02"), good)
    bad.write_bytes(b"not a photo at all")
    result = scan()
    assert result.returncode == 1, result.stderr
    found = {c["photo"]: c for c in cards()}
    assert found[f"{inbox()}/caf\\xe9.png"]["state"] == "drafted"
    assert found[f"{inbox()}/bad\\xff.jpg"]["state"] == "failed"
    failed = Path(os.fsdecode(bytes(inbox()) + b"/failed/bad\xff.jpg"))
    assert failed.read_bytes() == b"not a photo at all"
    assert "bad\\xff.jpg" in Path(f"{failed}.error.txt").read_text(encoding="utf-8")
    assert scan().returncode == 0  # and the next pass finds nothing new, without choking


def test_an_event_toml_written_after_the_photos_updates_their_drafts() -> None:
    folder = inbox() / "websummit"
    folder.mkdir()
    shutil.copy(sample("s02"), folder / "card.png")
    assert scan().returncode == 0
    before = cards()[0]
    assert before["event"] == "websummit" and "Lisbon" not in before["draft"]["body"]
    (folder / "event.toml").write_text('name = "Web Summit 2026"\nplace = "Lisbon"\n')
    result = scan()
    assert result.returncode == 0
    assert "websummit: event.toml changed; 1 draft(s) updated" in result.stderr
    after = cards()[0]
    assert after["id"] == before["id"] and after["event"] == "Web Summit 2026"
    assert "Web Summit 2026 in Lisbon" in after["draft"]["body"]
    quiet = scan()  # nothing changed since: nothing said, nothing redrafted
    assert "event.toml changed" not in quiet.stderr
