"""The review page in process: every endpoint through Starlette's TestClient against a real SQLite
store; the security rules (CSRF, the access token, the Host check, image paths that try to leave
the store); hostile card text; re-reading a card; ``cardfollow serve`` as a real process."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from card_factory import JPEG as _JPEG
from card_factory import add_card
from PIL import Image
from starlette.testclient import TestClient

from conftest import CARDFOLLOW, text_card
from plugin.config import Config
from plugin.intake.read_card import Reading
from plugin.intake.reextract import ReextractError, apply_reextraction, reextract
from plugin.models import CONTACT_KEYS
from plugin.review import approve, edit_card
from plugin.store import Store
from plugin.web import create_app
from plugin.web.queue import QueueFilter, load_queue
from plugin.web.security import ACCESS_COOKIE, CSRF_COOKIE, host_name

BASE = "http://127.0.0.1:8155"
HOSTILE = '<script>alert("x")</script>{{ 7*7 }}"><img src=x onerror=alert(1)>'


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CARDFOLLOW_PROFILE_NAME", "Sam Carter")


def csrf(client: TestClient) -> str:
    token = client.cookies.get(CSRF_COOKIE)
    assert token
    return token


def post(client: TestClient, url: str, data: dict[str, Any] | None = None) -> Any:
    return client.post(url, data={"csrf_token": csrf(client), **(data or {})})


def rows(page: str) -> list[str]:
    """The names in the queue's rows, in order."""
    return re.findall(r'<a class="name" href="[^"]*">([^<]*)</a>', page)


def flash(client: TestClient, response: Any) -> str:
    """The page a redirect leads to, with its messages."""
    assert response.status_code == 303, response.text
    return client.get(response.headers["location"]).text


# -- the queue ---------------------------------------------------------------------------------


def test_queue_lists_cards_newest_event_first_with_counts(
    client: TestClient, store: Store, config: Config
) -> None:
    add_card(store, config, "Old Expo Person", event="Old Expo", event_date=dt.date(2025, 3, 1))
    add_card(store, config, "New Expo Person", event="New Expo", event_date=dt.date(2026, 10, 1))
    add_card(store, config, "Loose Person", event=None, minutes=5)
    skipped = add_card(store, config, "Skipped Person", event="New Expo", minutes=1)
    store.cards.move(skipped, "skipped", ("drafted",))
    page = client.get("/").text
    assert page.index("New Expo Person") < page.index("Old Expo Person") < page.index("Loose")
    assert "Skipped Person" not in page  # not waiting for review
    assert re.search(r'data-count="review">3<', page)
    assert re.search(r'data-count="skipped">1<', page)
    new_id = store.cards.get(skipped).event_id
    assert new_id is not None
    only_new = client.get(f"/?event={new_id}").text
    assert "New Expo Person" in only_new and "Old Expo Person" not in only_new
    assert "Skipped Person" in client.get(f"/?event={new_id}&state=skipped").text
    assert "Loose Person" in client.get("/?event=none").text
    assert "Old Expo Person" not in client.get("/?event=none").text
    # Nonsense filters fall back to the default view rather than failing.
    assert client.get("/?event=../x&state=<b>&page=-3").status_code == 200


def test_queue_is_paginated(
    client: TestClient, store: Store, config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("plugin.web.queue.PAGE_SIZE", 2)
    for i in range(5):
        add_card(store, config, f"Person {i}", minutes=i)
    assert rows(client.get("/").text) == ["Person 0", "Person 1"]
    third = client.get("/?page=3").text
    assert rows(third) == ["Person 4"] and "Page 3 of 3" in third
    assert rows(client.get("/?page=99").text) == ["Person 4"]  # past the end: the last page


def test_queue_rows_fragment_and_changes_endpoint(
    client: TestClient, store: Store, config: Config
) -> None:
    add_card(store, config, "Anna Weber")
    rows = client.get("/queue/rows")
    assert rows.status_code == 200 and "Anna Weber" in rows.text and "<html" not in rows.text
    first = client.get("/api/changes").json()
    assert first["changed"] is True and first["counts"] == {"drafted": 1}
    same = client.get(f"/api/changes?since={first['version']}").json()
    assert same == {"version": first["version"], "changed": False}
    # Another process (``watch``) writes the same store: the page learns it cheaply.
    with Store(store.path) as other:
        add_card(other, config, "Jonas Berg", minutes=3)
    later = client.get(f"/api/changes?since={first['version']}").json()
    assert later["changed"] is True and later["counts"] == {"drafted": 2}
    assert "Jonas Berg" in client.get("/queue/rows").text


@pytest.mark.slow  # building 500 cards takes ~2 s; speed is measured in benchmarks/review_page.py
def test_queue_with_500_cards_pages_and_opens(
    client: TestClient, store: Store, config: Config
) -> None:
    for i in range(500):
        add_card(store, config, f"Person {i:03d}", minutes=i, draft=i % 2 == 0)
    page = client.get("/")
    assert page.status_code == 200 and page.text.count('class="row ') == 100  # one page
    assert client.get("/cards/250").status_code == 200


# -- one card ------------------------------------------------------------------------------------


def test_card_page_shows_fields_boxes_draft_and_neighbours(
    client: TestClient, store: Store, config: Config
) -> None:
    first = add_card(store, config, "Anna Weber")
    second = add_card(store, config, "Jonas Berg", minutes=1, flagged=("title",), title="CE0")
    add_card(store, config, "Mia Lund", minutes=2)
    page = client.get(f"/cards/{second}").text
    assert 'value="Jonas Berg"' in page and 'value="CE0"' in page
    assert re.search(r'class="field flagged"[^>]*data-field="title"', page)
    assert '<rect data-field="full_name"' in page and 'viewBox="0 0 1050 600"' in page
    assert "Hi Jonas," in page  # the draft
    assert f'data-prev="/cards/{first}"' in page and "2 of 3" in page
    assert 'name="csrf_token"' in page
    assert client.get("/cards/999").status_code == 404
    assert client.get("/cards/abc").status_code == 404


def test_fixing_a_field_redrafts_and_a_bad_value_saves_nothing(
    client: TestClient, store: Store, config: Config
) -> None:
    card = add_card(store, config, "Jonas Berg", flagged=("given_name",))
    response = post(client, f"/cards/{card}/save", {"given_name": "Johannes", "title": "CTO"})
    assert "Saved" in flash(client, response)
    saved = store.cards.get(card)
    assert saved.fields and saved.fields["given_name"] == "Johannes"
    assert "given_name" in saved.edited and "given_name" not in saved.flagged
    draft = store.drafts.current(card)
    assert draft and "Hi Johannes," in draft.body and not draft.edited
    bad = post(client, f"/cards/{card}/save", {"emails": "not an email", "title": "CEO"})
    assert bad.status_code == 422 and "is not an email address" in bad.text
    assert 'value="CEO"' in bad.text  # what the user typed stays in the form
    assert store.cards.get(card).fields["title"] == "CTO"  # type: ignore[index]


def test_unchanged_odd_values_do_not_block_saving_other_fields(
    client: TestClient, store: Store, config: Config
) -> None:
    card = add_card(store, config, "Jonas Berg", phones=[{"number": "+4930123456", "kind": "work"}])
    store.cards.update(card, fields={**store.cards.get(card).fields, "emails": ["jonas@@odd"]})  # type: ignore[dict-item]
    page = client.get(f"/cards/{card}").text
    emails = re.search(r'name="emails"[^>]*>([^<]*)<', page)
    phones = re.search(r'name="phones"[^>]*>([^<]*)<', page)
    assert emails and phones
    form = {"emails": emails.group(1), "phones": phones.group(1), "title": "CTO"}
    assert post(client, f"/cards/{card}/save", form).status_code == 303
    assert store.cards.get(card).edited == ["title"]


def test_a_hand_written_draft_is_kept_as_an_edited_version(
    client: TestClient, store: Store, config: Config
) -> None:
    card = add_card(store, config, "Jonas Berg")
    before = store.drafts.current(card)
    assert before is not None
    body = "Hi Jonas,\r\n\r\nGreat to meet you.   \r\n\r\nSam"
    post(client, f"/cards/{card}/save", {"subject": before.subject, "body": body})
    mine = store.drafts.current(card)
    assert mine and mine.edited and mine.body == "Hi Jonas,\n\nGreat to meet you.\n\nSam"
    assert len(store.drafts.versions(card)) == 2
    # A later field fix keeps the user's text; "draft again" replaces it on purpose.
    response = post(client, f"/cards/{card}/save", {"given_name": "Jo"})
    assert "your own draft text is kept" in flash(client, response)
    assert store.drafts.current(card) == mine
    post(client, f"/cards/{card}/redraft")
    again = store.drafts.current(card)
    assert again and not again.edited and "Hi Jo," in again.body
    # Sending back the text the page showed is not a hand edit.
    post(client, f"/cards/{card}/save", {"subject": again.subject, "body": again.body})
    assert store.drafts.current(card) == again


def test_template_switch_and_the_automatic_choice(
    client: TestClient, store: Store, config: Config
) -> None:
    card = add_card(store, config, "Jonas Berg")
    post(client, f"/cards/{card}/save", {"template": "short"})
    assert store.cards.get(card).template == "short"
    assert store.drafts.current(card).template == "short"  # type: ignore[union-attr]
    post(client, f"/cards/{card}/save", {"template": ""})
    assert store.cards.get(card).template is None
    bad = post(client, f"/cards/{card}/save", {"template": "../../etc/passwd"})
    assert bad.status_code == 422 and "unknown template" in bad.text


def test_language_switch_on_the_page_and_the_note_warning(
    client: TestClient, store: Store, config: Config
) -> None:
    card = add_card(store, config, "Jonas Berg")
    page = client.get(f"/cards/{card}").text
    assert '<select id="language" name="language"' in page and ">Deutsch</option>" in page
    preview = post(client, f"/cards/{card}/preview", {"language": "de"}).json()
    assert preview["body"] != store.drafts.current(card).body  # type: ignore[union-attr]
    assert store.cards.get(card).language is None  # a preview keeps nothing
    post(client, f"/cards/{card}/save", {"language": "de"})
    assert store.cards.get(card).language == "de"
    assert store.drafts.current(card).language == "de"  # type: ignore[union-attr]
    assert 'value="de" selected' in client.get(f"/cards/{card}").text
    post(client, f"/cards/{card}/save", {"language": ""})
    assert store.cards.get(card).language is None
    bad = post(client, f"/cards/{card}/save", {"language": "xx"})
    assert bad.status_code == 422 and "no draft templates in language" in bad.text
    # A note the templates cannot work into a sentence goes as written, and the page says so.
    post(client, f"/cards/{card}/note", {"note": "Sailing!! Boat #42 / ask about Q3"})
    draft = store.drafts.current(card)
    assert draft and draft.note_warning and "as written" in draft.note_warning
    shown = client.get(f"/cards/{card}").text
    assert '<p class="warn-text" id="note-warning">Your note will be sent as written' in shown
    warned = post(client, f"/cards/{card}/preview", {"note": "Sailing!! Boat #42 / ask about Q3"})
    assert warned.json()["note_warning"] == draft.note_warning
    plain = post(client, f"/cards/{card}/preview", {"note": "we talked about trade fairs"})
    assert plain.json()["note_warning"] is None


def test_note_endpoint_keeps_the_note_and_the_draft_uses_it(
    client: TestClient, store: Store, config: Config
) -> None:
    card = add_card(store, config, "Jonas Berg")
    response = post(client, f"/cards/{card}/note", {"note": "pricing for trade fairs"})
    assert "Saved note" in flash(client, response)
    assert store.cards.get(card).note == "pricing for trade fairs"
    draft = store.drafts.current(card)
    assert draft and "pricing for trade fairs" in draft.body.lower()


def test_preview_follows_the_form_without_keeping_anything(
    client: TestClient, store: Store, config: Config
) -> None:
    card = add_card(store, config, "Jonas Berg")
    versions = len(store.drafts.versions(card))
    response = post(client, f"/cards/{card}/preview", {"given_name": "Johannes", "note": ""})
    assert response.status_code == 200
    assert "Hi Johannes," in response.json()["body"]
    full = post(client, f"/cards/{card}/preview", {"full_name": "Maria Schmidt"})
    assert "Hi Maria," in full.json()["body"]  # the given name follows a new full name
    bad = post(client, f"/cards/{card}/preview", {"emails": "nope"})
    assert bad.status_code == 200 and "emails" in bad.json()["errors"]
    short = post(client, f"/cards/{card}/preview", {"template": "short"})
    assert short.json()["template"] == "short"
    assert len(store.drafts.versions(card)) == versions
    assert store.cards.get(card).fields["given_name"] == "Jonas"  # type: ignore[index]
    # The CSRF token may come as a header (the page's fetch does so).
    as_header = client.post(
        f"/cards/{card}/preview",
        content=b"given_name=Jo",
        headers={"X-CSRF-Token": csrf(client), "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert as_header.status_code == 200 and "Hi Jo," in as_header.json()["body"]


def test_approve_goes_on_to_the_next_card_and_shows_what_happens_next(
    client: TestClient, store: Store, config: Config
) -> None:
    first = add_card(store, config, "Anna Weber")
    second = add_card(store, config, "Jonas Berg", minutes=1)
    response = post(client, f"/cards/{first}/approve", {"state": "review"})
    assert response.headers["location"] == f"/cards/{second}"
    assert "Approved Anna Weber" in flash(client, response)
    assert store.cards.get(first).state == "approved"
    assert [i.kind for i in store.outbox.for_card(first)] == ["push", "send"]
    page = client.get(f"/cards/{first}").text
    assert "What happens next" in page
    assert "Email the follow-up to anna.weber@anna.weber.example" in page
    assert re.search(r"goes out \w{3} \d+ \w{3}(?: \d{4})?, 09:00", page)
    status = client.get(f"/cards/{first}/status")
    assert status.status_code == 200 and "Add the contact to your local contacts" in status.text
    assert "Approved" in client.get("/?state=approved").text
    # From the queue's own row, back to the queue.
    back = post(client, f"/cards/{second}/approve", {"return": "queue", "event": "all"})
    assert back.headers["location"] == "/"
    queued = store.outbox.for_card(second)
    again = post(client, f"/cards/{second}/approve")  # approving twice is no error ...
    assert "only a card that is drafted or skipped" not in flash(client, again)
    assert store.outbox.for_card(second) == queued  # ... and queues nothing twice


def test_status_shows_the_outbox_as_it_goes(
    client: TestClient, store: Store, config: Config
) -> None:
    card = add_card(store, config, "Anna Weber")
    approve(store, card, config.mail())
    push, send = store.outbox.for_card(card)
    for _ in range(3):
        store.outbox.claim_due(("push",), "worker")
        store.outbox.retry_later(push.id, "HubSpot is down", None)
    store.outbox.fail(push.id, "HubSpot said 401 <b>bad</b>")
    store.outbox.retry_later(send.id, "waiting", dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC))
    text = client.get(f"/cards/{card}/status").text
    assert "failed after 3 attempts" in text and "HubSpot said 401 &lt;b&gt;bad&lt;/b&gt;" in text
    assert "goes out Fri 20 Nov" in text
    store.outbox.finish(send.id, {"to": "Anna <anna@x.example>", "message_id": "<m1@x>"})
    text = client.get(f"/cards/{card}/status").text
    assert "Done · done" in text and "to: Anna &lt;anna@x.example&gt;" in text


def test_skip(client: TestClient, store: Store, config: Config) -> None:
    card = add_card(store, config, "Anna Weber")
    response = post(client, f"/cards/{card}/skip")
    assert response.headers["location"] == "/"  # the last card: back to the queue
    assert "Skipped Anna Weber" in flash(client, response)
    assert store.cards.get(card).state == "skipped"


def test_merge_choices_for_a_duplicate(client: TestClient, store: Store, config: Config) -> None:
    first = add_card(store, config, "Anna Weber", email="a.weber@weber.example", title="Partner")
    later = add_card(
        store, config, "Anna Weber", email="a.weber@weber.example", title="Senior Partner",
        website="weber.example", minutes=60,
    )  # fmt: skip
    card = store.cards.get(later)
    assert card.duplicate_of == first and set(card.differences or {}) == {"title", "website"}
    page = client.get(f"/cards/{later}").text
    assert "Known contact" in page and 'name="take" value="title"' in page
    assert "Partner" in page and "Senior Partner" in page
    bad = post(client, f"/cards/{later}/merge", {"action": "take"})
    assert "tick the fields" in flash(client, bad)
    response = client.post(
        f"/cards/{later}/merge",
        data={"csrf_token": csrf(client), "action": "take", "take": ["title"]},
    )
    assert "took title" in flash(client, response)
    assert card.contact_id is not None
    assert store.contacts.get(card.contact_id).fields["title"] == "Senior Partner"
    assert store.cards.get(later).differences == {}
    separate = post(client, f"/cards/{later}/merge", {"action": "separate"})
    assert "is now its own contact" in flash(client, separate)
    assert store.cards.get(later).duplicate_of is None
    assert post(client, f"/cards/{later}/merge", {"action": "keep"}).status_code == 303


def test_bulk_approve_takes_only_high_confidence_cards(
    client: TestClient, store: Store, config: Config
) -> None:
    sure = [add_card(store, config, f"Sure {i}", minutes=i) for i in range(3)]
    doubtful = add_card(store, config, "Doubtful One", minutes=9, flagged=("title",))
    add_card(store, config, "Other Event", event="Other", minutes=1)
    event_id = store.cards.get(sure[0]).event_id
    queue = client.get(f"/?event={event_id}").text
    assert "Approve 3 high-confidence" in queue
    confirm = client.get(f"/events/{event_id}/approve")
    assert confirm.status_code == 200 and "Approve 3 cards" in confirm.text
    assert "Doubtful One" not in confirm.text and "Other Event" not in confirm.text
    form = {"csrf_token": csrf(client), "card": [*map(str, sure), str(doubtful)]}
    edit_card(store, sure[2], {"title": None})  # changed after the confirmation: still sure
    store.cards.update(sure[1], flagged=["title"])  # now doubtful: left out
    response = client.post(f"/events/{event_id}/approve", data=form)
    text = flash(client, response)
    assert "Approved 2 cards of Expo 2026" in text and "2 card(s) changed since" in text
    states = {cid: store.cards.get(cid).state for cid in [*sure, doubtful]}
    assert states == {
        sure[0]: "approved",
        sure[1]: "drafted",
        sure[2]: "approved",
        doubtful: "drafted",
    }
    assert client.get("/events/999/approve").status_code == 404
    assert client.get("/events/x/approve").status_code == 404
    loose = add_card(store, config, "Loose Card", event=None)
    assert "Loose Card" in client.get("/events/none/approve").text
    assert store.cards.get(loose).state == "drafted"


def test_hostile_card_text_is_escaped_everywhere(
    client: TestClient, store: Store, config: Config
) -> None:
    card = add_card(
        store, config, HOSTILE, event=HOSTILE, title=HOSTILE, company=HOSTILE, address=HOSTILE
    )
    store.cards.update(card, note=HOSTILE)
    approve(store, card, config.mail())
    pages = [
        client.get("/").text,
        client.get("/?state=approved").text,
        client.get(f"/cards/{card}").text,
        client.get(f"/cards/{card}/status").text,
        client.get("/queue/rows?state=all").text,
    ]
    for text in pages:
        assert "<script>alert" not in text and "<img src=x" not in text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in pages[2]
    response = post(client, f"/cards/{card}/preview", {"given_name": HOSTILE})
    assert response.headers["content-type"].startswith("application/json")
    assert HOSTILE in json.loads(response.text)["body"]  # data, as data
    # The card's data never lands in a script: the page has no inline script at all.
    assert not re.search(r"<script(?![^>]*\bsrc=)", pages[2])


# -- images ------------------------------------------------------------------------------------


def test_images_by_card_id(client: TestClient, store: Store, config: Config) -> None:
    card = add_card(store, config, "Anna Weber")
    image = client.get(f"/cards/{card}/image")
    assert image.status_code == 200 and image.headers["content-type"] == "image/jpeg"
    assert image.content == _JPEG
    thumb = client.get(f"/cards/{card}/thumb")
    assert thumb.status_code == 200 and Image.open(io.BytesIO(thumb.content)).size[0] <= 360
    assert client.get(f"/cards/{card}/photo").content == _JPEG
    buf = io.BytesIO()
    Image.new("RGB", (400, 200), "red").save(buf, format="TIFF")
    tiff = add_card(store, config, "Tiff Card", photo=buf.getvalue(), photo_suffix=".tiff")
    converted = client.get(f"/cards/{tiff}/photo")  # browsers cannot show TIFF: a JPEG copy
    assert converted.headers["content-type"] == "image/jpeg"
    assert Image.open(io.BytesIO(converted.content)).format == "JPEG"
    assert client.get("/cards/999/image").status_code == 404


@pytest.mark.parametrize(
    "column, value",
    [
        ("card_image", "../../../../etc/passwd"),
        ("card_image", "/etc/passwd"),
        ("card_image", "cards/../cardfollow.db"),  # inside the store, but not an image folder
        ("stored_photo", "photos/../../outside.jpg"),
        ("card_image", "cards/%2e%2e/%2e%2e/outside.jpg"),
    ],
)
def test_image_paths_never_leave_the_store(
    client: TestClient, store: Store, config: Config, column: str, value: str
) -> None:
    card = add_card(store, config, "Anna Weber")
    outside = store.media_root.parent / "outside.jpg"
    outside.write_bytes(_JPEG)
    if column == "card_image":
        store.cards.update(card, card_image=value)
    else:
        store.db.run("UPDATE cards SET stored_photo = ? WHERE id = ?", (value, card))
    response = client.get(f"/cards/{card}/{'image' if column == 'card_image' else 'photo'}")
    assert response.status_code == 404, value
    assert b"root:" not in response.content and b"SQLite" not in response.content
    assert response.content != _JPEG


def test_a_symlink_out_of_the_store_is_not_followed(
    client: TestClient, store: Store, config: Config, tmp_path: Path
) -> None:
    card = add_card(store, config, "Anna Weber")
    secret = tmp_path / "secret.jpg"
    secret.write_bytes(_JPEG)
    image = store.media(store.cards.get(card).card_image or "")
    image.unlink()
    image.symlink_to(secret)
    assert client.get(f"/cards/{card}/image").status_code == 404
    assert client.get(f"/cards/{card}/thumb").status_code in (200, 404)  # falls back to the photo
    assert client.get(f"/cards/{card}/thumb").content != secret.read_bytes()


@pytest.mark.parametrize(
    "url",
    [
        "/cards/..%2f..%2fetc%2fpasswd/image",
        "/cards/%2e%2e/image",
        "/static/../plugin/web/app.py",
        "/static/%2e%2e/app.py",
        "/static/..%2fapp.py",
        "/static//etc/passwd",
        "/cards/1/../../../../etc/passwd",
    ],
)
def test_urls_that_try_to_climb_out_are_refused(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert b"root:" not in response.content and b"def create_app" not in response.content


def test_static_files_are_served_locally(client: TestClient) -> None:
    css = client.get("/static/app.css")
    js = client.get("/static/app.js")
    assert css.status_code == 200 and js.status_code == 200
    assert "http://" not in css.text and "https://" not in js.text  # nothing from a CDN
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"] == "image/svg+xml"


# -- security ----------------------------------------------------------------------------------


def test_every_state_change_needs_the_csrf_token(
    client: TestClient, store: Store, config: Config
) -> None:
    card = add_card(store, config, "Anna Weber")
    actions = ("save", "approve", "skip", "note", "reextract", "merge", "redraft", "preview")
    urls = [f"/cards/{card}/{action}" for action in actions]
    urls.append(f"/events/{store.cards.get(card).event_id}/approve")
    for url in urls:
        missing = client.post(url, data={"note": "x"})
        wrong = client.post(url, data={"csrf_token": "A" * 43, "note": "x"})
        header_wrong = client.post(url, headers={"X-CSRF-Token": "B" * 43})
        as_json = client.post(url, json={"csrf_token": csrf(client)})  # only forms or the header
        for response in (missing, wrong, header_wrong, as_json):
            assert response.status_code == 403, (url, response.status_code)
    fresh = TestClient(create_app(config), base_url=BASE)  # no cookie at all
    assert fresh.post(f"/cards/{card}/approve", data={"csrf_token": "A" * 43}).status_code == 403
    assert store.cards.get(card).state == "drafted" and store.cards.get(card).note is None


def test_cross_site_requests_are_refused(client: TestClient, store: Store, config: Config) -> None:
    card = add_card(store, config, "Anna Weber")
    form = {"csrf_token": csrf(client)}
    for headers in (
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Origin": "http://evil.example"},
        {"Origin": "null"},
        {"Origin": "null", "Sec-Fetch-Site": "cross-site"},
    ):
        assert client.post(f"/cards/{card}/skip", data=form, headers=headers).status_code == 403
    ok = client.post(
        f"/cards/{card}/note",
        data=form,
        headers={"Origin": BASE, "Sec-Fetch-Site": "same-origin"},
    )
    assert ok.status_code == 303
    # What a browser sends for a same-origin form under "Referrer-Policy: no-referrer".
    ok = client.post(
        f"/cards/{card}/skip",
        data=form,
        headers={"Origin": "null", "Sec-Fetch-Site": "same-origin"},
    )
    assert ok.status_code == 303


def test_security_headers_and_cookies(client: TestClient, config: Config) -> None:
    fresh = TestClient(create_app(config), base_url=BASE)
    response = fresh.get("/")
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["cache-control"] == "no-store"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{CSRF_COOKIE}=") and "HttpOnly" in cookie
    assert "SameSite=Strict" in cookie
    assert "server" not in response.headers
    for url in ("/api/changes", "/static/app.js", "/cards/9/image"):
        assert "content-security-policy" in fresh.get(url).headers


@pytest.mark.parametrize("host", ["127.0.0.1:8155", "localhost:8155", "[::1]:8155", "localhost"])
def test_localhost_names_are_accepted(client: TestClient, host: str) -> None:
    assert client.get("/", headers={"Host": host}).status_code == 200


@pytest.mark.parametrize(
    "host", ["evil.example", "evil.example:8155", "127.0.0.1.evil.example", ""]
)
def test_other_host_names_are_refused_against_dns_rebinding(client: TestClient, host: str) -> None:
    assert client.get("/", headers={"Host": host}).status_code == 400


def test_host_name_parsing() -> None:
    assert host_name("[::1]:8155") == "::1"
    assert host_name("LOCALHOST:80") == "localhost"
    assert host_name("127.0.0.1") == "127.0.0.1"
    assert host_name("::1") == "::1"


def test_the_access_token_is_needed_once_then_a_cookie(config: Config, store: Store) -> None:
    token = "tok-" + "x" * 30
    app = create_app(config, token=token)
    with TestClient(app, base_url="http://192.168.1.20:8155", follow_redirects=False) as c:
        assert c.get("/").status_code == 401
        assert c.get("/static/app.css").status_code == 401
        assert c.get("/?token=wrong").status_code == 401
        first = c.get(f"/?token={token}&state=all")
        assert first.status_code == 303 and first.headers["location"] == "/?state=all"
        cookie = first.headers["set-cookie"]
        assert cookie.startswith(f"{ACCESS_COOKIE}=") and "HttpOnly" in cookie
        assert token not in cookie  # the cookie holds a value derived from it
        assert c.get("/").status_code == 200  # the cookie from now on
        # Any Host is fine behind a token (LAN names vary); CSRF still applies.
        assert c.get("/", headers={"Host": "mylaptop.local:8155"}).status_code == 200
        assert c.post("/cards/1/skip").status_code == 403
    with TestClient(app, base_url="http://192.168.1.20:8155") as other:
        other.cookies.set(ACCESS_COOKIE, "0" * 64)
        assert other.get("/").status_code == 401


def test_error_pages_are_pages(client: TestClient) -> None:
    missing = client.get("/cards/12345")
    assert missing.status_code == 404 and "Back to the queue" in missing.text
    assert client.get("/nope").status_code == 404
    assert client.get("/cards/1/approve").status_code == 405


# -- re-reading a card ---------------------------------------------------------------------------


def _reading(photo: str, **values: Any) -> Reading:
    contact: dict[str, Any] = dict.fromkeys(CONTACT_KEYS)
    contact.update(emails=[], phones=[])
    contact.update(values)
    extraction = {
        "contact": contact,
        "confidence": {k: 0.9 for k in CONTACT_KEYS},
        "flagged": ["title"],
        "boxes": {},
        "raw_text": "",
    }
    return Reading(photo, extraction, _JPEG)


def test_reextraction_keeps_what_the_user_corrected(store: Store, config: Config) -> None:
    card = add_card(
        store, config, "Jonas Berg", title="CE0", company="Nrthwind", email="jb@nw.example"
    )
    edit_card(store, card, {"title": "CEO"})
    approve(store, card, config.mail())
    result = apply_reextraction(
        store,
        card,
        _reading(
            "p", full_name="Jonas Berg", given_name="Jonas", family_name="Berg", title="Chief",
            company="Northwind Trading", emails=["jb@nw.example"],
        ),
        config.cards(),
    )  # fmt: skip
    after = store.cards.get(card)
    assert after.fields and after.fields["title"] == "CEO"  # the user's word stands
    assert after.fields["company"] == "Northwind Trading"  # the new reading elsewhere
    assert "title" not in after.flagged and after.state == "drafted"
    assert result.changed == ("company",) and "approve it again" in result.message
    assert [i for i in store.outbox.for_card(card) if i.state == "queued"] == []
    assert after.contact_id is not None
    assert store.contacts.get(after.contact_id).fields["company"] == "Northwind Trading"
    draft = store.drafts.current(card)
    assert draft and "Northwind Trading" in draft.body


def test_an_unreadable_photo_changes_nothing(store: Store, config: Config) -> None:
    card = add_card(store, config, "Jonas Berg")
    before = store.cards.get(card)
    with pytest.raises(ReextractError, match="nothing changed"):
        apply_reextraction(store, card, Reading("p", None, None, "blurred"), config.cards())
    assert store.cards.get(card) == before
    store.cards.move(card, "merged", ("drafted",))
    with pytest.raises(ReextractError, match="is merged"):
        apply_reextraction(store, card, _reading("p", full_name="X"), config.cards())


def test_reextract_endpoint_reads_the_photo_again(
    client: TestClient, store: Store, config: Config, tmp_path: Path
) -> None:
    """Real Tesseract on a generated card: the stored photo says more than the first reading."""
    photo = text_card(
        tmp_path / "card.png",
        ["Greta Lindqvist", "Head of Sales", "Fjord Analytics AB", "greta@fjord-analytics.se"],
    )
    card = add_card(
        store, config, "Greta Lindqvist", photo=photo.read_bytes(), photo_suffix=".png",
        emails=[], company=None,
    )  # fmt: skip
    edit_card(store, card, {"title": "VP Sales"})
    response = post(client, f"/cards/{card}/reextract")
    assert "Read again" in flash(client, response)
    after = store.cards.get(card)
    assert after.fields and after.fields["emails"] == ["greta@fjord-analytics.se"]
    assert after.fields["title"] == "VP Sales"
    assert after.state == "drafted" and after.card_image
    gone = add_card(store, config, "No Photo", minutes=3)
    store.media(store.cards.get(gone).stored_photo).unlink()
    assert "stored photo is missing" in flash(client, post(client, f"/cards/{gone}/reextract"))
    with pytest.raises(ReextractError, match="stored photo is missing"):
        reextract(store, gone, config.cards())


# -- the model behind the queue -------------------------------------------------------------


def test_queue_filter_round_trip() -> None:
    flt = QueueFilter.from_query({"event": "3", "state": "approved", "page": "2"})
    assert flt.query() == "?event=3&state=approved&page=2"
    assert flt.query(page=1) == "?event=3&state=approved"
    assert QueueFilter.from_query({"state": "sent"}).states == ("sent",)
    assert QueueFilter.from_query({"event": "1 OR 1", "page": "9" * 20}) == QueueFilter()


def test_neighbours_and_the_card_after(store: Store, config: Config) -> None:
    ids = [add_card(store, config, f"P {i}", minutes=i) for i in range(3)]
    queue = load_queue(store, QueueFilter())
    assert queue.neighbours(ids[1]) == (ids[0], ids[2], 2)
    assert queue.after(ids[2]) == ids[1] and queue.after(ids[0]) == ids[1]
    assert queue.neighbours(999) == (None, ids[0], None)


# -- cardfollow serve ----------------------------------------------------------------------------


def _serve(*args: str) -> tuple[subprocess.Popen[str], str, str]:
    """A real ``cardfollow serve``: the process, the address it printed, all it printed."""
    proc = subprocess.Popen(
        [*CARDFOLLOW, "serve", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )
    assert proc.stdout is not None
    printed = ""
    while "Ctrl-C stops it" not in printed:
        line = proc.stdout.readline()
        if not line:
            proc.kill()
            raise AssertionError(f"serve stopped: {printed!r} {proc.communicate()}")
        printed += line
    match = re.search(r"Review page: (http://\S+)", printed)
    assert match, printed
    return proc, match.group(1), printed


def _get(url: str) -> int:
    """GET as a browser would: redirects followed, cookies kept."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    deadline = time.monotonic() + 10
    while True:
        try:
            with opener.open(url, timeout=5) as response:
                return int(response.status)
        except urllib.error.HTTPError as exc:
            return exc.code
        except urllib.error.URLError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


@pytest.mark.slow
def test_serve_prints_its_address_and_needs_a_token_beyond_localhost(config: Config) -> None:
    proc, url, _ = _serve()
    try:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", url)  # localhost: no token
        assert _get(url) == 200
    finally:
        proc.terminate()
        proc.wait(10)
    proc, url, printed = _serve("--host", "0.0.0.0")
    try:
        match = re.fullmatch(r"http://127\.0\.0\.1:(\d+)/\?token=([\w-]{20,})", url)
        assert match, url
        port = match.group(1)
        assert _get(f"http://127.0.0.1:{port}/") == 401
        assert _get(url) == 200  # the printed address works (redirect + cookie)
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=10)
    assert "access token" in printed and "On your network: http://" in printed
    assert "Traceback" not in err
    assert match.group(2) not in err  # the token is never logged


@pytest.mark.slow
def test_serve_reports_a_busy_port(config: Config) -> None:
    proc, url, _ = _serve()
    try:
        port = url.rsplit(":", 1)[1].strip("/")
        busy = subprocess.run(
            [*CARDFOLLOW, "serve", "--port", port], capture_output=True, text=True, timeout=60
        )
        assert busy.returncode == 2 and "choose another with --port" in busy.stderr
    finally:
        proc.terminate()
        proc.wait(10)
