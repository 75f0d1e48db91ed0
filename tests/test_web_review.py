"""Review you can trust (issue 15), in process: the one bulk-approval rule the page and
``approve --confident`` share, the bulk confirmation's list, a queue row's fields to check with
their crops, and a failed card retried or typed in by hand. Starlette's TestClient against a real
SQLite store; the browser side is in test_web_review_browser.py."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import pytest
from card_factory import add_card
from PIL import Image
from starlette.testclient import TestClient

from conftest import WEB_BASE, run_cli, text_card
from plugin.config import Config
from plugin.models import EventInfo
from plugin.review import EditError, doubts, enter_by_hand, is_confident
from plugin.store import Store
from plugin.web.security import CSRF_COOKIE

BASE = WEB_BASE


def post(client: TestClient, url: str, data: dict[str, Any] | None = None) -> Any:
    token = client.cookies.get(CSRF_COOKIE)
    return client.post(url, data={"csrf_token": token, **(data or {})})


def followed(client: TestClient, response: Any) -> str:
    assert response.status_code == 303, response.text
    return client.get(response.headers["location"]).text


def doubtful_cards(store: Store, config: Config) -> dict[str, int]:
    """One card of each kind a bulk approval must not take, and two it may."""
    first = add_card(store, config, "Anna Weber", email="anna@weber.example", minutes=0)
    return {
        "clear": first,
        "clear2": add_card(store, config, "Jonas Berg", minutes=1, company="Fjordline"),
        "no name": add_card(
            store, config, "Nameless", minutes=2, full_name=None, given_name=None, family_name=None
        ),
        "no given name": add_card(store, config, "Ca Lee", minutes=3, given_name=None),
        "no email": add_card(store, config, "Mail Less", minutes=4, emails=[]),
        "flagged phone": add_card(store, config, "Phone Doubt", minutes=5, flagged=("phones",)),
        "flagged website": add_card(store, config, "Web Doubt", minutes=6, flagged=("website",)),
        # Same email as the first card, another title: a known contact with a question open.
        "open question": add_card(
            store, config, "Anna Weber", email="anna@weber.example", minutes=7, title="CEO"
        ),
    }


def test_one_rule_says_which_cards_need_a_look(store: Store, config: Config) -> None:
    cards = doubtful_cards(store, config)
    got = {kind: doubts(store.cards.get(cid)) for kind, cid in cards.items()}
    assert got["clear"] == [] and got["clear2"] == []
    assert got["no name"] == ["no name"] and got["no given name"] == ["no name"]
    assert got["no email"] == ["no email address"]
    assert got["flagged phone"] == ["doubtful phones"]
    assert got["flagged website"] == ["doubtful website"]
    assert got["open question"] == ["an open question about a known contact"]
    store.cards.move(cards["clear2"], "skipped", ("drafted",))
    assert doubts(store.cards.get(cards["clear2"])) == ["it is skipped, not drafted"]
    assert [k for k, cid in cards.items() if is_confident(store.cards.get(cid))] == ["clear"]


def test_the_page_and_approve_confident_take_the_same_cards(
    client: TestClient, store: Store, config: Config
) -> None:
    cards = doubtful_cards(store, config)
    event = store.cards.get(cards["clear"]).event_id
    confirm = client.get(f"/events/{event}/approve").text
    offered = {int(v) for v in re.findall(r'name="card" value="(\d+)"', confirm)}
    assert offered == {cards["clear"], cards["clear2"]}
    # The command line takes exactly what the page offers.
    result = run_cli("approve", "--confident", "--event", "Expo 2026")
    assert result.returncode == 0, result.stderr
    approved = {cid for cid in cards.values() if store.cards.get(cid).state == "approved"}
    assert approved == offered


def test_the_confirmation_lists_thumbnail_name_email_company_ticked(
    client: TestClient, store: Store, config: Config
) -> None:
    cards = doubtful_cards(store, config)
    event = store.cards.get(cards["clear"]).event_id
    confirm = client.get(f"/events/{event}/approve").text
    assert "Approve 2 cards of Expo 2026?" in confirm
    items = re.findall(r'<label class="bulk-item">(.*?)</label>', confirm, re.S)
    assert len(items) == 2
    anna = next(i for i in items if "Anna Weber" in i)
    assert f'value="{cards["clear"]}" checked' in anna
    assert f'src="/cards/{cards["clear"]}/thumb' in anna
    assert "anna@weber.example" in anna and "Weber Trading" in anna
    # A card left unticked is not sent: only the ticked one is approved.
    response = post(client, f"/events/{event}/approve", {"card": [str(cards["clear2"])]})
    assert "Approved 1 card of Expo 2026" in followed(client, response)
    assert store.cards.get(cards["clear2"]).state == "approved"
    assert store.cards.get(cards["clear"]).state == "drafted"
    # A card forged into the form that the rule refuses is left for review.
    response = post(client, f"/events/{event}/approve", {"card": [str(cards["no email"])]})
    assert "changed since you confirmed" in followed(client, response)
    assert store.cards.get(cards["no email"]).state == "drafted"


def card_image(size: tuple[int, int] = (1000, 600)) -> bytes:
    """A card image whose left half is red and right half blue: a crop shows which part."""
    img = Image.new("RGB", size, "red")
    img.paste((0, 0, 255), (size[0] // 2, 0, size[0], size[1]))
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=95)
    return buf.getvalue()


def test_a_queue_row_names_each_flagged_field_with_its_crop(
    client: TestClient, store: Store, config: Config
) -> None:
    boxes = {"phones": [[620, 400, 300, 40]], "website": [[80, 460, 200, 30]]}
    card = add_card(
        store, config, "Phone Doubt", view=card_image(), boxes=boxes,
        flagged=("phones", "website", "title"), title="CE0",
    )  # fmt: skip
    queue = client.get("/").text
    chips = dict(re.findall(r'data-field="(\w+)"[^>]*>([^<]+)</a>', queue))
    assert chips == {"phones": "Phones", "website": "Website", "title": "Job title"}
    assert f'data-crop="/cards/{card}/crop/phones?v=' in queue
    assert f'data-crop="/cards/{card}/crop/title' not in queue  # no box: nothing to show
    phones = client.get(f"/cards/{card}/crop/phones")
    assert phones.status_code == 200 and phones.headers["content-type"] == "image/jpeg"
    crop = Image.open(io.BytesIO(phones.content)).convert("RGB")
    # The box and a margin of the print's height around it, from the blue (right) half.
    assert crop.size == (300 + 2 * 14, 40 + 2 * 14)  # margin: 0.35 of 40 px
    r, _g, b = crop.getpixel((crop.width // 2, crop.height // 2))
    assert b > 200 and r < 60
    website = Image.open(io.BytesIO(client.get(f"/cards/{card}/crop/website").content))
    r, _g, b = website.convert("RGB").getpixel((website.width // 2, website.height // 2))
    assert r > 200 and b < 60
    assert client.get(f"/cards/{card}/crop/title").status_code == 404
    assert client.get(f"/cards/{card}/crop/nonsense").status_code == 404
    assert client.get(f"/cards/{card}/crop/..%2f..%2fetc").status_code == 404


def failed_card(store: Store, photo: bytes, name: str = "IMG_0001") -> int:
    """A photo the reader could not read, as ``scan`` leaves it."""
    sha = f"{name:0<64}"[:64]
    stored = f"photos/{sha[:2]}/{sha}.png"
    target = store.media(stored)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(photo)
    event_id = store.events.upsert("Expo 2026", EventInfo("Expo 2026", dt.date(2026, 9, 9)))[0]
    card, _ = store.cards.intake(
        sha256=sha, photo=f"/inbox/{name}.png", stored_photo=stored, event_id=event_id,
        captured_at=dt.datetime(2026, 9, 9, 14, 0, tzinfo=dt.UTC),
        captured_by="camera", side=None, side_key=None,
    )  # fmt: skip
    store.cards.update(card.id, error="no readable text found")
    store.cards.move(card.id, "failed", ("new",), "no readable text found")
    return card.id


def test_a_failed_card_is_typed_in_beside_its_photo_and_drafts(
    client: TestClient, store: Store, config: Config
) -> None:
    card = failed_card(store, card_image())
    page = client.get(f"/cards/{card}").text
    assert "could not be read" in page and "Save contact" in page and "Retry reading" in page
    assert re.search(r'<input id="f-full_name"[^>]*>', page)
    assert "disabled" not in re.search(r'<input id="f-full_name"[^>]*>', page)[0]
    assert f'src="/cards/{card}/photo' in page  # the photo beside the form
    queue = client.get("/?state=failed").text
    assert f'formaction="/cards/{card}/reextract"' in queue and ">Type in</a>" in queue
    # Nothing typed: nothing saved, and the page says what is needed.
    empty = post(client, f"/cards/{card}/save", {"full_name": "", "emails": ""})
    assert empty.status_code == 422 and "type at least a name" in empty.text
    response = post(
        client,
        f"/cards/{card}/save",
        {"full_name": "Greta Lindqvist", "company": "Fjord Analytics AB",
         "emails": "greta@fjord-analytics.se", "phones": "+46 8 123 456 78 (work)",
         "note": "we talked about the pricing panel"},
    )  # fmt: skip
    assert "Saved the contact typed in" in followed(client, response)
    after = store.cards.get(card)
    assert after.state == "drafted" and after.error is None and after.flagged == []
    assert after.fields and after.fields["given_name"] == "Greta"
    assert after.fields["phones"][0]["number"] == "+46812345678"
    assert {"full_name", "emails", "company"} <= set(after.edited)
    assert after.contact_id is not None
    assert "emails" in store.contacts.get(after.contact_id).edited
    draft = store.drafts.current(card)
    assert draft and draft.body.startswith("Hi Greta,") and "pricing panel" in draft.body
    # Typed in once: the card is a card like any other now.
    with pytest.raises(EditError, match="only a card that failed"):
        enter_by_hand(store, card, {"full_name": "Someone Else"}, config.drafts())
    assert is_confident(store.cards.get(card))


@pytest.mark.slow
def test_a_failed_card_is_retried_from_the_page(
    client: TestClient, store: Store, config: Config, tmp_path: Path
) -> None:
    """Real Tesseract: a card that failed (a worker crashed, say) reads on the retry."""
    photo = text_card(
        tmp_path / "card.png",
        ["Greta Lindqvist", "Head of Sales", "Fjord Analytics AB", "greta@fjord-analytics.se"],
    )
    card = failed_card(store, photo.read_bytes())
    response = post(client, f"/cards/{card}/reextract")
    assert "Read again" in followed(client, response)
    after = store.cards.get(card)
    assert after.state == "drafted" and after.error is None
    assert after.fields and after.fields["emails"] == ["greta@fjord-analytics.se"]
    blank = failed_card(store, card_image(), name="IMG_0002")
    page = followed(client, post(client, f"/cards/{blank}/reextract"))
    assert "could not be read again; nothing changed" in page
    assert store.cards.get(blank).state == "failed"
