"""Review you can trust (issue 15) in a real browser: Debian's Chromium through Playwright, a real
uvicorn server and a real SQLite store, as in test_web_browser.py (whose fixtures these share).

The bulk confirmation with its tick boxes, a flagged field's crop on hover and on focus, the
first flagged field in view above the action bar, ``e`` through flagged and empty fields, and a
failed card typed in beside its photo. Screenshots land in tests/artifacts/.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import test_web_browser as shared
from card_factory import add_card
from test_web_browser import DESKTOP, TABLET, Page, drawn_card, person_card, wait_for

from plugin.config import Config
from plugin.models import EventInfo
from plugin.store import Store

pytestmark = [pytest.mark.slow, pytest.mark.browser]
# The browser tests' fixtures: the profile, one Chromium for the module, the server, a tab
# (the config and the store come from conftest.py).
env, browser, server, tab = shared.env, shared.browser, shared.server, shared.tab


def test_bulk_confirmation_lets_a_doubted_card_be_left_out(
    tab: Page, store: Store, config: Config, tmp_path: Path
) -> None:
    ids = [person_card(store, config, tmp_path, i) for i in range(3)]
    no_email = add_card(store, config, "Mail Less", minutes=9, emails=[])
    flagged = person_card(store, config, tmp_path, 3, flagged=("phones",))
    page = tab.go("/")
    page.get_by_role("link", name=re.compile("Approve 3 high-confidence")).click()
    dialog = page.locator("dialog[open]")
    items = dialog.locator(".bulk-item")
    assert items.count() == 3
    assert "Mail Less" not in dialog.inner_text() and "Oliver Hale" not in dialog.inner_text()
    first = items.nth(0)
    assert "Anna Weber" in first.inner_text()
    assert "a.weber@weber-partner.de" in first.inner_text()
    assert "Weber & Partner GmbH" in first.inner_text()
    thumb = first.locator("img.bulk-thumb")
    assert wait_for(lambda: thumb.evaluate("img => img.complete && img.naturalWidth > 0"))
    boxes = dialog.locator('input[name="card"]')
    assert [b.is_checked() for b in boxes.all()] == [True, True, True]
    tab.shot("review-bulk-ticks")
    items.nth(1).locator('input[name="card"]').uncheck()  # one click leaves Jonas out
    button = dialog.get_by_role("button", name="Approve 2 cards")
    assert button.is_enabled()
    button.click()
    page.wait_for_selector(".flash-ok")
    assert "Approved 2 cards of Expo 2026" in page.locator("#flash").inner_text()
    states = [store.cards.get(i).state for i in [*ids, no_email, flagged]]
    assert states == ["approved", "drafted", "approved", "drafted", "drafted"]


def test_a_flagged_field_shows_its_crop_on_hover_and_on_focus(
    tab: Page, store: Store, config: Config, tmp_path: Path
) -> None:
    card = person_card(store, config, tmp_path, 1, flagged=("emails", "company", "phones"))
    page = tab.go("/")
    row = page.locator(f'.row[data-card-id="{card}"]')
    chips = row.locator(".check-chip")
    assert chips.all_inner_texts() == ["Company", "Emails", "Phones"]
    pop = page.locator("#crop-pop")
    row.locator('.check-chip[data-field="emails"]').hover()
    assert pop.is_visible()
    img = pop.locator("img")
    assert "/crop/emails" in (img.get_attribute("src") or "")
    assert wait_for(lambda: img.evaluate("i => i.complete && i.naturalWidth > 0"))
    size = img.evaluate("i => [i.naturalWidth, i.naturalHeight]")
    assert size[0] > 3 * size[1]  # one printed line, not the card
    tab.shot("review-queue-crop")
    page.mouse.move(5, 5)
    assert not pop.is_visible()
    # The keyboard reaches the same crop.
    row.locator('.check-chip[data-field="company"]').focus()
    assert pop.is_visible() and "/crop/company" in (img.get_attribute("src") or "")
    # Phones were not outlined on this card: named, with no crop to show.
    assert row.locator('.check-chip[data-field="phones"]').get_attribute("data-crop") is None
    row.locator('.check-chip[data-field="company"]').click()
    page.wait_for_url(re.compile(rf"/cards/{card}#f-company$"))
    assert page.evaluate("document.activeElement.id") == "f-company"


def test_the_first_flagged_field_is_in_view_and_e_goes_through_the_doubts(
    browser: Any, server: str, store: Store, config: Config, tmp_path: Path
) -> None:
    card = person_card(
        store, config, tmp_path, 2, flagged=("address", "title"),
        address="1 Market St, San Francisco, CA 94105", website=None, linkedin=None,
    )  # fmt: skip
    for name, viewport in (("tablet", TABLET), ("desktop", {"width": 1280, "height": 640})):
        t = Page(browser, server, viewport)
        page = t.go(f"/cards/{card}")
        field = page.locator('.field[data-field="title"]')
        bar = page.locator(".action-bar").bounding_box()
        box = field.bounding_box()
        assert box and bar and box["y"] >= 0 and box["y"] + box["height"] <= bar["y"], name
        t.shot(f"review-card-first-flag-{name}")
        # Flagged fields first (in the form's order), then the empty ones.
        seen = []
        for _ in range(6):
            page.keyboard.press("e")
            seen.append(page.evaluate("document.activeElement.id"))
            page.keyboard.press("Escape")
        assert seen == ["f-title", "f-address", "f-phones", "f-website", "f-linkedin", "f-title"]
        t.close()
    # Fix a field and approve without leaving it: e, type, Ctrl+Enter.
    t = Page(browser, server, DESKTOP)
    page = t.go(f"/cards/{card}")
    page.keyboard.press("e")
    page.keyboard.type("Chief Technology Officer")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector(".flash-ok")
    after = store.cards.get(card)
    assert after.state == "approved" and after.fields
    assert after.fields["title"] == "Chief Technology Officer"
    t.close()


def test_a_failed_card_is_typed_in_beside_its_photo(
    tab: Page, store: Store, config: Config, tmp_path: Path
) -> None:
    photo, _ = drawn_card(
        tmp_path, "failed", {"full_name": "Greta Lindqvist", "emails": "greta@fjord.se"}
    )
    stored = "photos/ab/failed-card.jpg"
    store.media.save(stored, photo)
    event_id = store.events.upsert("Expo 2026", EventInfo("Expo 2026", dt.date(2026, 9, 9)))[0]
    card, _ = store.cards.intake(
        sha256="ab" * 32, photo="/inbox/IMG_0042.jpg", stored_photo=stored, event_id=event_id,
        captured_at=dt.datetime(2026, 9, 9, 15, tzinfo=dt.UTC), captured_by="camera",
        side=None, side_key=None,
    )  # fmt: skip
    store.cards.update(card.id, error="a worker crashed reading IMG_0042.jpg")
    store.cards.move(card.id, "failed", ("new",))
    page = tab.go("/?state=failed")
    assert page.get_by_role("button", name="Retry").is_visible()
    page.get_by_role("link", name="Type in").click()
    page.wait_for_url(re.compile(rf"/cards/{card.id}"))
    photo_box = page.locator("#card-img").bounding_box()
    form_box = page.locator("#f-full_name").bounding_box()
    assert photo_box and form_box and photo_box["x"] + photo_box["width"] <= form_box["x"]
    assert page.get_by_role("button", name="Retry reading").is_visible()
    page.locator("#f-full_name").fill("Greta Lindqvist")
    page.locator("#f-emails").fill("greta@fjord.se")
    tab.shot("review-card-typed-in")
    page.get_by_role("button", name="Save contact").click()
    page.wait_for_selector(".flash-ok")
    # The flash is in the page before its deferred scripts run: a key pressed then is lost.
    page.wait_for_load_state("networkidle")
    assert "Hi Greta," in page.locator("#body").input_value()
    page.keyboard.press("a")
    page.wait_for_selector(".flash-ok >> text=Approved Greta Lindqvist")
    assert store.cards.get(card.id).state == "approved"
