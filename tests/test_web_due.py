"""The review page's Due view (keep in touch), in process: Starlette's TestClient against a real
SQLite store. Contacts are "followed up" for real (a drafted card, approved); their last touches
are recorded in the past, relative to today, so that who is due does not depend on the date."""

from __future__ import annotations

import datetime as dt
import html
import os
import re
import time
from typing import Any

import pytest
from card_factory import T0, drafted_card
from starlette.testclient import TestClient

from conftest import ROOT
from plugin.config import Config, ConfigError, load
from plugin.keep_in_touch.due import today_for
from plugin.review import approve
from plugin.store import CheckinRecord, Relationship, Store
from plugin.store.outbox import CHECKIN_KEY
from plugin.web import create_app
from plugin.web.security import CSRF_COOKIE

BASE = "http://127.0.0.1:8155"
HOSTILE = '<script>alert("x")</script>{{ 7*7 }}"><img src=x onerror=alert(1)>'


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CARDFOLLOW_PROFILE_NAME", "Sam Carter")
    monkeypatch.setenv("CARDFOLLOW_CADENCE", "monthly")
    monkeypatch.setenv("CARDFOLLOW_CADENCE_TIERS", "vip=twice-a-year")
    monkeypatch.setenv("CARDFOLLOW_TIMEZONE", "UTC")


@pytest.fixture
def today(config: Config) -> dt.date:
    return today_for(config.mail())


def post(client: TestClient, url: str, data: dict[str, Any] | None = None) -> Any:
    token = client.cookies.get(CSRF_COOKIE)
    assert token
    return client.post(url, data={"csrf_token": token, **(data or {})})


def follow(client: TestClient, response: Any) -> str:
    """The page a form's redirect leads to, with its messages."""
    assert response.status_code == 303, response.text
    assert response.headers["location"].startswith("/due")
    return html.unescape(client.get(response.headers["location"]).text)


def followed_up(
    store: Store,
    config: Config,
    name: str,
    seq: int,
    *,
    last_touch: dt.date | None = None,
    email: str | None = "",
) -> int:
    """A contact whose follow-up was approved (met at T0 + seq minutes); ``last_touch``: an email
    logged in HubSpot that day. Returns the contact's id."""
    address = f"{name.split()[0].lower()}@{seq}.example" if email == "" else email
    card_id = drafted_card(store, config, name, email=address, seq=seq)
    approve(store, card_id, config.mail(), now=T0)
    contact_id = store.cards.get(card_id).contact_id
    assert contact_id is not None
    if last_touch is not None:
        at = dt.datetime.combine(last_touch, dt.time(12), tzinfo=dt.UTC)
        store.touches.add(contact_id, at, "email", source=f"hubspot:emails:{seq}:{contact_id}")
    return contact_id


def days(today: dt.date, n: int) -> dt.date:
    return today - dt.timedelta(days=n)


def due_names(page: str) -> list[str]:
    """The names in the due rows, in order."""
    rows = re.findall(r'<li class="due-row".*?<a class="name" href="[^"]*">([^<]*)</a>', page, re.S)
    return [html.unescape(r) for r in rows]


def row_html(page: str, contact_id: int) -> str:
    found = re.search(rf'<li class="due-row" id="due-{contact_id}".*?</li>', page, re.S)
    assert found, f"no row for contact {contact_id}"
    return found.group(0)


def header_count(page: str) -> int | None:
    found = re.search(r"data-due-count>(\d+)<", page)
    return int(found.group(1)) if found else None


def checkin_of(store: Store, contact_id: int) -> CheckinRecord:
    found = [c for c in store.checkins.list() if c.contact_id == contact_id]
    assert found, f"no check-in for contact {contact_id}"
    return found[-1]


# -- the page ------------------------------------------------------------------------------------


def test_due_lists_most_overdue_first_with_drafts_and_coming_up(
    client: TestClient, store: Store, config: Config, today: dt.date
) -> None:
    anna = followed_up(store, config, "Anna Weber", 1, last_touch=days(today, 50))
    mia = followed_up(store, config, "Mia Lund", 2, last_touch=days(today, 100))
    jonas = followed_up(store, config, "Jonas Berg", 3, last_touch=days(today, 33))
    followed_up(store, config, "Coming Soon", 4, last_touch=days(today, 25))
    followed_up(store, config, "Far Later", 5, last_touch=days(today, 2))
    page = client.get("/due").text
    assert due_names(page) == ["Mia Lund", "Anna Weber", "Jonas Berg"]
    assert header_count(page) == 3
    assert "<title>3 due · cardfollow</title>" in page

    row = html.unescape(row_html(page, anna))
    touched_on = days(today, 50)
    assert f"email in HubSpot, {touched_on.day} {touched_on:%b %Y}" in row
    found = re.search(r"<dd>(\d+ \w+ \d{4}) · <strong class=\"overdue\">(\d+) days overdue<", row)
    assert found, row
    due_on = dt.datetime.strptime(found.group(1), "%d %b %Y").date()
    assert (today - due_on).days == int(found.group(2)) and 17 <= int(found.group(2)) <= 22
    assert "monthly · default" in row
    card_id = store.cards.list()[0].id
    assert f'src="/cards/{card_id}/thumb?v=' in row_html(page, anna)
    assert "anna@1.example" in row
    checkin = checkin_of(store, anna)
    assert checkin.state == "drafted" and checkin.template == "check-in"
    assert f'value="{checkin.subject}"' in row and "Hello again from Sam Carter" in row
    assert "Hi Anna," in row  # the body, in its textarea
    assert '<option value="check-in" selected>check-in</option>' in row
    assert 'name="csrf_token"' in row and 'placeholder="tip, article, news…"' in row
    for action in ("approve", "skip", "save"):
        assert f'formaction="/due/{anna}/{action}"' in row
    assert f'action="/due/{anna}/touched"' in row and f'action="/due/{anna}/cadence"' in row

    soon = page[page.index("Coming up") :]
    assert "Coming Soon" in soon and "Far Later" not in page
    assert "send:checkin" not in page and len(store.checkins.list()) == 3  # none for "soon"
    assert {mia, jonas} <= {c.contact_id for c in store.checkins.list()}
    # The page drafts once: showing it again keeps the same drafts.
    client.get("/due")
    assert len(store.checkins.list()) == 3


def test_last_touch_and_cadence_say_where_they_come_from(
    client: TestClient, store: Store, config: Config, today: dt.date
) -> None:
    never = followed_up(store, config, "Never Touched", 1)
    vip = followed_up(store, config, "Vera Vip", 2, last_touch=days(today, 200))
    store.relationships.save(Relationship(vip, None, ["VIP"]))
    own = followed_up(store, config, "Otto Own", 3)
    store.relationships.save(Relationship(own, "monthly", []))
    store.touches.add(
        own, dt.datetime.combine(days(today, 40), dt.time(9), dt.UTC), "manual", note="coffee"
    )
    page = html.unescape(client.get("/due").text)
    assert "never since you met on 9 Sep 2026" in row_html(page, never)
    assert "twice a year · tag vip" in row_html(page, vip)
    assert "monthly · set for them" in row_html(page, own)
    assert "in touch: coffee, " in row_html(page, own)
    assert '<option value="monthly" selected>' in row_html(page, own)
    assert '<option value="default" selected>' in row_html(page, vip)


def test_empty_state_names_who_is_next(
    client: TestClient, store: Store, config: Config, today: dt.date
) -> None:
    page = html.unescape(client.get("/due").text)
    assert "Nobody is due." in page and "once their follow-up is approved" in page
    assert header_count(page) == 0
    followed_up(store, config, "Far Later", 1, last_touch=days(today, 2))
    page = html.unescape(client.get("/due").text)
    found = re.search(r"Nobody is due\.</h2>\s*<p>Next: Far Later on (\d+ \w+ \d{4})\.</p>", page)
    assert found, page
    assert dt.datetime.strptime(found.group(1), "%d %b %Y").date() > today
    assert store.checkins.list() == []


def test_header_count_shows_on_every_page(
    client: TestClient, store: Store, config: Config, today: dt.date
) -> None:
    assert header_count(client.get("/").text) == 0
    anna = followed_up(store, config, "Anna Weber", 1, last_touch=days(today, 60))
    followed_up(store, config, "Jonas Berg", 2, last_touch=days(today, 45))
    queue = client.get("/").text
    assert header_count(queue) == 2 and 'href="/due"' in queue
    card = store.cards.list()[0].id
    assert header_count(client.get(f"/cards/{card}").text) == 2
    assert header_count(client.get("/cards/999").text) == 2  # the error page too
    store.touches.add(anna, dt.datetime.now(dt.UTC), "call")
    assert header_count(client.get("/").text) == 1
    assert 'aria-current="page"' in client.get("/due").text.split("</header>")[0]


def test_a_setting_to_fix_is_reported_and_breaks_no_other_page(
    store: Store, config: Config, today: dt.date, monkeypatch: pytest.MonkeyPatch
) -> None:
    followed_up(store, config, "Anna Weber", 1, last_touch=days(today, 60))
    monkeypatch.setenv("CARDFOLLOW_TIMEZONE", "Mars/Olympus_Mons")  # no such zone
    with TestClient(create_app(load()), base_url=BASE, follow_redirects=False) as broken:
        page = broken.get("/due")
        assert page.status_code == 500
        assert "Mars/Olympus_Mons" in page.text
        queue = broken.get("/")
        assert queue.status_code == 200 and 'href="/due"' in queue.text
        assert header_count(queue.text) is None
    # A malformed tier list is refused when the settings are read, as by every command.
    monkeypatch.setenv("CARDFOLLOW_CADENCE_TIERS", "vip")  # no "=cadence"
    with pytest.raises(ConfigError, match="should look like tag=cadence"):
        load()


# -- the actions ---------------------------------------------------------------------------------


def test_save_keeps_the_users_words(
    client: TestClient, store: Store, config: Config, today: dt.date
) -> None:
    anna = followed_up(store, config, "Anna Weber", 1, last_touch=days(today, 60))
    client.get("/due")
    checkin = checkin_of(store, anna)
    body = "Hi Anna,\r\nCoffee?\r\n"  # as a browser sends a text area
    words = {"checkin": str(checkin.id), "subject": "Coffee soon?", "body": body}
    response = post(client, f"/due/{anna}/save", words)
    assert response.headers["location"] == f"/due#due-{anna}"
    assert "Saved the check-in to Anna Weber" in follow(client, response)
    saved = store.checkins.get(checkin.id)
    assert (saved.subject, saved.body, saved.edited) == ("Coffee soon?", "Hi Anna,\nCoffee?", True)
    page = html.unescape(client.get("/due").text)
    assert 'value="Coffee soon?"' in page and "your own text" in page
    # Unchanged words: nothing to save.
    assert "Nothing to save" in follow(client, post(client, f"/due/{anna}/save", words))
    # A form drawn before the check-in changed elsewhere saves nothing.
    stale = {**words, "checkin": str(checkin.id + 100), "subject": "Stale"}
    assert "changed since the page was shown" in follow(
        client, post(client, f"/due/{anna}/save", stale)
    )
    empty = {**words, "subject": "  "}
    assert "needs a subject and a text" in follow(client, post(client, f"/due/{anna}/save", empty))
    assert store.checkins.get(checkin.id).subject == "Coffee soon?"


def test_redraft_with_a_note_replaces_the_words(
    client: TestClient, store: Store, config: Config, today: dt.date
) -> None:
    anna = followed_up(store, config, "Anna Weber", 1, last_touch=days(today, 60))
    client.get("/due")
    checkin = checkin_of(store, anna)
    post(client, f"/due/{anna}/save", {"subject": "Mine", "body": "My own words"})
    note = "here is the pricing article I mentioned: https://example.com/pricing"
    response = post(client, f"/due/{anna}/redraft", {"template": "check-in", "note": note})
    assert "Drafted the check-in to Anna Weber again (check-in)" in follow(client, response)
    again = store.checkins.get(checkin.id)
    assert again.note == note and not again.edited
    assert "https://example.com/pricing" in again.body and again.subject != "Mine"
    assert f'value="{note}"' in html.unescape(client.get("/due").text)
    bad = post(client, f"/due/{anna}/redraft", {"template": "../secrets", "note": ""})
    assert "unknown check-in template '../secrets'" in follow(client, bad)
    assert store.checkins.get(checkin.id).body == again.body


def test_approve_queues_the_checkin_and_the_row_shows_when_it_goes(
    client: TestClient, store: Store, config: Config, today: dt.date
) -> None:
    anna = followed_up(store, config, "Anna Weber", 1, last_touch=days(today, 60))
    client.get("/due")
    checkin = checkin_of(store, anna)
    words = {"checkin": str(checkin.id), "subject": "Hello from Sam", "body": "Hi Anna,\nhello."}
    response = post(client, f"/due/{anna}/approve", words)
    page = follow(client, response)
    assert re.search(r"Approved the check-in to Anna Weber: goes out \w{3} \d+ \w{3}", page)
    approved = store.checkins.get(checkin.id)
    assert approved.state == "approved" and approved.subject == "Hello from Sam"
    item = store.outbox.by_key(f"{CHECKIN_KEY}{checkin.id}")
    assert item is not None and item.kind == "send" and item.state == "queued" and item.due_at
    row = row_html(page, anna)
    assert "Approved</span> goes out" in row
    assert 'name="subject"' not in row and "<textarea" not in row  # no editing any more
    assert f'action="/due/{anna}/touched"' not in row
    assert "Hello from Sam" in row
    # Approving twice queues nothing more; saving approved words is refused.
    post(client, f"/due/{anna}/approve", {"checkin": str(checkin.id)})
    assert len([i for i in store.outbox.list() if i.key.startswith(CHECKIN_KEY)]) == 1
    refused = follow(client, post(client, f"/due/{anna}/save", words))
    assert "is approved already" in refused
    # "Not this time" still withdraws it before it goes.
    post(client, f"/due/{anna}/skip", {"checkin": str(checkin.id)})
    assert store.checkins.get(checkin.id).state == "skipped"
    cancelled = store.outbox.by_key(f"{CHECKIN_KEY}{checkin.id}")
    assert cancelled is None or cancelled.state != "queued"


def test_approve_without_an_email_address_says_so(
    client: TestClient, store: Store, config: Config, today: dt.date
) -> None:
    nomail = followed_up(store, config, "Nils Nomail", 1, last_touch=days(today, 60), email=None)
    page = client.get("/due").text
    assert "no email address" in row_html(page, nomail)
    checkin = checkin_of(store, nomail)
    response = post(client, f"/due/{nomail}/approve", {"checkin": str(checkin.id)})
    assert "has no email address" in follow(client, response)
    assert store.checkins.get(checkin.id).state == "drafted"
    assert store.outbox.by_key(f"{CHECKIN_KEY}{checkin.id}") is None


def test_skip_restarts_the_timer(
    client: TestClient, store: Store, config: Config, today: dt.date
) -> None:
    anna = followed_up(store, config, "Anna Weber", 1, last_touch=days(today, 60))
    jonas = followed_up(store, config, "Jonas Berg", 2, last_touch=days(today, 45))
    client.get("/due")
    checkin = checkin_of(store, anna)
    response = post(client, f"/due/{anna}/skip", {"checkin": str(checkin.id)})
    assert response.headers["location"] == f"/due#due-{jonas}"  # on to the next row
    page = follow(client, response)
    assert re.search(r"Skipped Anna Weber this time: next check-in due \d+ \w+ 20\d\d", page)
    assert store.checkins.get(checkin.id).state == "skipped"
    kinds = [t.kind for t in store.touches.for_contact(anna)]
    assert kinds == ["email", "snoozed"]
    assert due_names(page) == ["Jonas Berg"] and header_count(page) == 1


def test_in_touch_already_records_a_manual_touch(
    client: TestClient, store: Store, config: Config, today: dt.date
) -> None:
    anna = followed_up(store, config, "Anna Weber", 1, last_touch=days(today, 60))
    client.get("/due")
    checkin = checkin_of(store, anna)
    response = post(client, f"/due/{anna}/touched", {"note": "  lunch in Berlin \r\n"})
    page = follow(client, response)
    assert "In touch with Anna Weber: next check-in due" in page
    manual = store.touches.for_contact(anna)[-1]
    assert (manual.kind, manual.note) == ("manual", "lunch in Berlin")
    assert due_names(page) == [] and "Nobody is due." in page
    assert store.checkins.get(checkin.id).state == "skipped"  # the draft is withdrawn
    post(client, f"/due/{anna}/touched", {"note": ""})
    assert store.touches.for_contact(anna)[-1].note is None


def test_cadence_select_saves_the_contacts_own(
    client: TestClient, store: Store, config: Config, today: dt.date
) -> None:
    anna = followed_up(store, config, "Anna Weber", 1, last_touch=days(today, 60))
    store.relationships.save(Relationship(anna, None, ["partner"]))
    response = post(client, f"/due/{anna}/cadence", {"cadence": "twice-a-year"})
    assert "Anna Weber: twice a year · set for them" in follow(client, response)
    assert store.relationships.get(anna) == Relationship(anna, "twice-a-year", ["partner"])
    assert due_names(client.get("/due").text) == []  # not due for months now
    post(client, f"/due/{anna}/cadence", {"cadence": "default"})
    assert store.relationships.get(anna).cadence is None
    assert due_names(client.get("/due").text) == ["Anna Weber"]
    bad = follow(client, post(client, f"/due/{anna}/cadence", {"cadence": "hourly"}))
    assert "unknown cadence 'hourly'" in bad
    assert store.relationships.get(anna).cadence is None
    none = follow(client, post(client, f"/due/{anna}/cadence", {"cadence": "none"}))
    assert "no more check-ins" in none and due_names(none) == []
    assert store.relationships.get(anna).cadence == "none"


def test_unknown_contacts_are_not_found(client: TestClient, store: Store, config: Config) -> None:
    drafted = drafted_card(store, config, "Not Approved", email="n@a.example")
    not_kept = store.cards.get(drafted).contact_id
    for contact_id in (999, not_kept):
        for action in ("save", "redraft", "approve", "skip", "touched", "cadence"):
            response = post(client, f"/due/{contact_id}/{action}", {"cadence": "monthly"})
            assert response.status_code == 404, (contact_id, action)
    assert client.get("/due/abc/save").status_code in (404, 405)
    assert store.touches.latest() == {} and store.relationships.all() == {}


def test_every_action_needs_the_csrf_token(
    client: TestClient, store: Store, config: Config, today: dt.date
) -> None:
    anna = followed_up(store, config, "Anna Weber", 1, last_touch=days(today, 60))
    client.get("/due")
    checkin = checkin_of(store, anna)
    for action in ("save", "redraft", "approve", "skip", "touched", "cadence"):
        data = {"checkin": str(checkin.id), "subject": "x", "body": "y", "cadence": "none"}
        refused = client.post(f"/due/{anna}/{action}", data=data)
        assert refused.status_code == 403, action
        wrong = client.post(f"/due/{anna}/{action}", data={**data, "csrf_token": "x" * 43})
        assert wrong.status_code == 403, action
    assert store.checkins.get(checkin.id) == checkin
    assert [t.kind for t in store.touches.for_contact(anna)] == ["email"]
    assert store.relationships.all() == {}


def test_hostile_text_is_escaped(
    client: TestClient, store: Store, config: Config, today: dt.date
) -> None:
    evil = followed_up(store, config, HOSTILE, 1, last_touch=days(today, 60), email="e@x.example")
    at = dt.datetime.combine(days(today, 45), dt.time(8), dt.UTC)
    store.touches.add(evil, at, "manual", note=HOSTILE)
    page = client.get("/due").text
    row = row_html(page, evil)
    assert "<script>alert" not in page and "<img src=x" not in page
    escaped = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;"
    assert row.count(escaped) >= 3  # the name, the last touch's note, the draft's greeting
    assert "{{ 7*7 }}" in row and ">49<" not in page
    response = post(client, f"/due/{evil}/touched", {"note": HOSTILE})
    after = client.get(response.headers["location"]).text  # the flash names them
    assert escaped in after and "<script>alert" not in after


# -- speed ---------------------------------------------------------------------------------------


@pytest.mark.slow  # building 500 followed-up contacts takes a few seconds; the page is the point
def test_due_page_with_500_contacts_renders_fast(
    client: TestClient, store: Store, config: Config, today: dt.date
) -> None:
    for i in range(500):
        followed_up(store, config, f"Person {i:03d}", i, last_touch=days(today, 40 + i % 90))
    started = time.perf_counter()
    first = client.get("/due")
    drafting = time.perf_counter() - started
    assert first.status_code == 200 and first.text.count('class="due-row"') == 500
    started = time.perf_counter()
    again = client.get("/due")
    shown = time.perf_counter() - started
    assert again.status_code == 200
    started = time.perf_counter()
    queue = client.get("/")
    queue_seconds = time.perf_counter() - started
    assert header_count(queue.text) == 500
    print(
        f"\n/due with 500 due: first view (drafts 500 check-ins) {drafting:.3f} s, "
        f"then {shown:.3f} s ({len(again.content) // 1024} KB); "
        f"/ with the header count {queue_seconds:.3f} s"
    )


# -- in a real browser ---------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.browser
def test_due_page_in_a_real_browser(store: Store, config: Config, today: dt.date) -> None:
    """What only a browser shows: Enter in a subject saves (never approves), the cadence select
    submits itself, the page keeps to the screen's width, and no script or CSP error."""
    sync_api = pytest.importorskip("playwright.sync_api")
    from web_server import running

    anna = followed_up(store, config, "Anna Weber", 1, last_touch=days(today, 60))
    jonas = followed_up(store, config, "Jonas Berg", 2, last_touch=days(today, 45))
    problems: list[str] = []
    with running(create_app(config)) as url, sync_api.sync_playwright() as p:
        # Chromium's sandbox does not run as root (a CI container); it is a local test page.
        args = ["--no-sandbox"] if os.geteuid() == 0 else []
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            page.on("pageerror", lambda e: problems.append(f"error: {e}"))
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.goto(f"{url}/due")
            checkin = checkin_of(store, anna)
            page.fill(f"#subject-{anna}", "Coffee soon?")
            with page.expect_navigation():
                page.press(f"#subject-{anna}", "Enter")
            assert page.url.endswith(f"/due#due-{anna}")
            saved = store.checkins.get(checkin.id)
            assert (saved.subject, saved.state) == ("Coffee soon?", "drafted")
            with page.expect_navigation():
                page.select_option(f"#cadence-{jonas}", "twice-a-year")
            assert store.relationships.get(jonas).cadence == "twice-a-year"
            with page.expect_navigation():
                page.click(f"#due-{anna} button:has-text('Approve')")
            assert "goes out" in (page.text_content(f"#due-{anna} .due-approved") or "")
            assert store.checkins.get(checkin.id).state == "approved"
            (ROOT / "tests" / "artifacts").mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ROOT / "tests" / "artifacts" / "due-desktop.png"))
            phone = browser.new_page(viewport={"width": 390, "height": 844})
            phone.goto(f"{url}/due")
            assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        finally:
            browser.close()
    assert problems == []
