"""The upload page in a real browser at a phone's size: Debian's Chromium through Playwright, a
real uvicorn server, a real SQLite store and inbox, real OCR (fixtures from test_web_browser.py).
A screenshot lands in tests/artifacts/."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import test_web_browser as shared
from PIL import Image
from test_web_browser import Page, wait_for

from conftest import inbox, text_card
from plugin.store import Store

pytestmark = [pytest.mark.slow, pytest.mark.browser]
env, browser, server = shared.env, shared.browser, shared.server
PHONE = {"width": 390, "height": 844}
FINAL = ("read", "merged", "known", "quarantined", "refused", "error", "waiting")


@pytest.fixture
def phone(browser: Any, server: str) -> Iterator[Page]:
    t = Page(browser, server, PHONE)
    yield t
    t.close()


def photo(tmp_path: Path, name: str, lines: list[str]) -> dict[str, Any]:
    data = text_card(tmp_path / name, lines).read_bytes()
    return {"name": name, "mimeType": "image/jpeg", "buffer": data}


def test_three_photos_from_a_phone_each_get_their_result(
    phone: Page, store: Store, tmp_path: Path
) -> None:
    page = phone.go("/upload")
    # Large touch targets: a thumb, not a mouse pointer.
    for name in ("Take a photo", "Choose photos"):
        box = page.get_by_text(name, exact=True).bounding_box()
        assert box and box["height"] >= 44
    page.locator("#upload-event").fill("Expo 2026")
    page.locator("#upload-event").press("Tab")  # "change": the event is remembered
    broken = io.BytesIO()
    Image.new("RGB", (800, 500), "white").save(broken, format="JPEG")
    anna = ["Anna Weber", "Weber & Partner GmbH", "a.weber@weber-partner.de"]
    jonas = ["Jonas Berg", "Fjordline Analytics", "jonas.berg@fjordline.no"]
    files = [
        photo(tmp_path, "anna.jpg", anna),
        {"name": "broken.jpg", "mimeType": "image/jpeg", "buffer": broken.getvalue()[:300]},
        photo(tmp_path, "jonas.jpg", jonas),
    ]
    page.locator("#upload-files").set_input_files(files)
    rows = page.locator(".upload-row")
    assert rows.count() == 3

    def states() -> list[str]:
        return [r.get_attribute("data-state") or "" for r in rows.all()]

    assert wait_for(lambda: all(s in FINAL for s in states()), timeout=180), states()
    assert states() == ["read", "quarantined", "read"]
    first, bad, third = (rows.nth(i) for i in range(3))
    assert re.fullmatch(r"Read into card #\d+.*", first.locator(".upload-result").inner_text())
    assert "Set aside" in bad.locator(".upload-result").inner_text()
    assert "(moved to failed/Expo 2026/broken.jpg)" in bad.locator(".upload-result").inner_text()
    broken_thumb = bad.locator(".upload-thumb")
    assert wait_for(lambda: "photo.svg" in (broken_thumb.get_attribute("src") or ""))
    assert page.locator("#upload-summary").inner_text() == "3 photos: 2 taken in, 1 not read"
    # Each card's number is a link to it; the read cards show their own thumbnail.
    link = third.get_by_role("link", name=re.compile(r"card #\d+"))
    card_id = int(link.inner_text().split("#")[1])
    assert store.cards.get(card_id).fields["full_name"] == "Jonas Berg"  # type: ignore[index]
    thumb = first.locator(".upload-thumb")
    assert wait_for(lambda: "/thumb" in (thumb.get_attribute("src") or ""))
    assert wait_for(lambda: thumb.evaluate("img => img.complete && img.naturalWidth > 0"))
    phone.shot("upload-phone", full_page=True)
    assert sorted(p.name for p in (inbox() / "Expo 2026").iterdir()) == ["anna.jpg", "jonas.jpg"]
    assert (inbox() / "failed" / "Expo 2026" / "broken.jpg").exists()
    # The event is still there on the next visit.
    link.click()
    page.wait_for_url(re.compile(rf"/cards/{card_id}$"))
    page = phone.go("/upload")
    assert page.locator("#upload-event").input_value() == "Expo 2026"
