"""The review page in a real browser: Debian's Chromium driven by Playwright (no browser is ever
downloaded), against a real uvicorn server on 127.0.0.1 and a real SQLite store.

Cards are drawn as images with known text positions, so the field boxes are exact without an
OCR run. Screenshots at desktop and tablet widths land in tests/artifacts/.

Firefox is not driven here: Playwright reaches a system Firefox only over WebDriver BiDi
(channel "moz-firefox"), and with Debian 12's firefox-esr 153 every new page fails on a BiDi
command that Firefox version lacks (emulation.setMediaFeaturesOverride).
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from card_factory import add_card
from PIL import ImageFont
from web_server import running

from conftest import ROOT, text_card
from plugin.config import Config
from plugin.store import Store
from plugin.web import create_app

pytestmark = [pytest.mark.slow, pytest.mark.browser]
playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "tests" / "artifacts"
DESKTOP = {"width": 1440, "height": 900}
TABLET = {"width": 820, "height": 1180}
_FONT = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 38)


def drawn_card(
    tmp: Path, name: str, lines: dict[str, str]
) -> tuple[bytes, dict[str, list[list[int]]]]:
    """A printed card with one field per line, and where each field sits on it (the boxes the
    page outlines)."""
    path = text_card(tmp / f"{name}.jpg", list(lines.values()))
    boxes = {}
    for i, (field, text) in enumerate(lines.items()):
        left, top, right, bottom = _FONT.getbbox(text)
        boxes[field] = [[70 + left - 4, 70 + i * 64 + top - 4, right - left + 8, bottom - top + 8]]
    return path.read_bytes(), boxes


PEOPLE = [
    ("Anna Weber", "Managing Partner", "Weber & Partner GmbH", "a.weber@weber-partner.de"),
    ("Jonas Berg", "Head of Sales", "Fjordline Analytics", "jonas.berg@fjordline.no"),
    ("Priya Nguyen", "CTO", "Redwood Peak Software", "priya@redwoodpeak.com"),
    ("Oliver Hale", "Senior Associate", "Whitfield & Hale LLP", "oliver@whitfieldhale.co.uk"),
]


def person_card(store: Store, config: Config, tmp: Path, i: int, **changes: Any) -> int:
    name, title, company, email = PEOPLE[i]
    values = {"full_name": name, "title": title, "company": company, "emails": email}
    values.update({k: v for k, v in changes.items() if k in values and isinstance(v, str)})
    view, boxes = drawn_card(tmp, f"card{i}", values)
    fields = {k: v for k, v in changes.items() if k not in values}
    return add_card(
        store, config, values["full_name"], title=values["title"], company=values["company"],
        email=email, minutes=i, view=view, photo=view, boxes=boxes, **fields,
    )  # fmt: skip


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CARDFOLLOW_PROFILE_NAME", "Sam Carter")
    monkeypatch.setenv("CARDFOLLOW_PROFILE_SIGNATURE", "Sam Carter\nPartnerships, Northwind")


@pytest.fixture
def server(config: Config, store: Store) -> Iterator[str]:
    with running(create_app(config)) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    assert Path(CHROMIUM).exists(), "Debian's chromium is needed: scripts/setup.sh installs it"
    with playwright_api.sync_playwright() as p:
        # Chromium's sandbox does not run as root (a CI container); it is a local test page.
        args = ["--no-sandbox"] if os.geteuid() == 0 else []
        b = p.chromium.launch(executable_path=CHROMIUM, args=args)
        yield b
        b.close()


class Page:
    """A browser tab that fails the test on any script error or refused resource (CSP)."""

    def __init__(self, browser: Any, base: str, viewport: dict[str, int]) -> None:
        self.context = browser.new_context(viewport=viewport, device_scale_factor=1)
        self.page = self.context.new_page()
        self.base = base
        self.problems: list[str] = []
        self.page.on("pageerror", lambda e: self.problems.append(f"error: {e}"))
        self.page.on(
            "console",
            lambda m: self.problems.append(f"console: {m.text}") if m.type == "error" else None,
        )
        self.page.on("dialog", lambda d: d.accept())

    def go(self, path: str) -> Any:
        self.page.goto(self.base + path)
        return self.page

    def shot(self, name: str, full_page: bool = False) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.wait_for_load_state("networkidle")
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    def close(self) -> None:
        self.context.close()
        assert self.problems == []


@pytest.fixture
def tab(browser: Any, server: str) -> Iterator[Page]:
    t = Page(browser, server, DESKTOP)
    yield t
    t.close()


def wait_for(check: Any, timeout: float = 10.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.05)


def test_review_and_approve_a_card(tab: Page, store: Store, config: Config, tmp_path: Path) -> None:
    first = person_card(store, config, tmp_path, 0)
    second = person_card(store, config, tmp_path, 1)
    page = tab.go("/")
    page.get_by_role("link", name="Anna Weber").click()
    page.wait_for_url(re.compile(rf"/cards/{first}$"))
    assert page.locator("#card-img").evaluate("img => img.complete && img.naturalWidth") == 1050
    # A field and the place it was read light up together.
    page.locator("#f-company").hover()
    assert "active" in (page.locator('rect[data-field="company"]').get_attribute("class") or "")
    # Zoom: a click on the card zooms in on that spot, another zooms out.
    fit = page.locator("#zoom-inner").bounding_box()
    page.locator("#zoom-box").click(position={"x": 300, "y": 120})
    zoomed = page.locator("#zoom-inner").bounding_box()
    assert fit and zoomed and zoomed["width"] > 2 * fit["width"]
    page.locator("#zoom-box").click(position={"x": 100, "y": 100})
    assert page.locator("#zoom-inner").bounding_box() == fit
    page.get_by_role("button", name=re.compile("^Approve")).click()
    page.wait_for_url(re.compile(rf"/cards/{second}$"))
    assert "Approved Anna Weber" in page.locator("#flash").inner_text()
    assert store.cards.get(first).state == "approved"
    page = tab.go(f"/cards/{first}")
    steps = page.locator(".steps").inner_text()
    assert "Email the follow-up to a.weber@weber-partner.de" in steps and "goes out" in steps


def test_fix_a_wrong_field_and_see_the_draft_follow(
    tab: Page, store: Store, config: Config, tmp_path: Path
) -> None:
    card = person_card(store, config, tmp_path, 1, given_name="Jnoas", flagged=("given_name",))
    page = tab.go(f"/cards/{card}")
    assert "Hi Jnoas," in page.locator("#body").input_value()
    field = page.locator('.field[data-field="given_name"]')
    assert "flagged" in (field.get_attribute("class") or "")
    page.locator("#f-given_name").fill("Jonas")
    # (no wait_for_function: the page's CSP rightly refuses the eval it needs)
    assert wait_for(lambda: "Hi Jonas," in page.locator("#body").input_value())
    assert "Draft updated" in page.locator("#preview-state").inner_text()
    assert store.cards.get(card).fields["given_name"] == "Jnoas"  # type: ignore[index]
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_selector(".flash-ok")
    saved = store.cards.get(card)
    assert saved.fields and saved.fields["given_name"] == "Jonas" and not saved.flagged
    draft = store.drafts.current(card)
    assert draft and "Hi Jonas," in draft.body and not draft.edited
    # A bad value is shown at the field as you type, and nothing is saved.
    page.locator("#f-emails").fill("jonas at fjordline")
    page.wait_for_selector('.field[data-field="emails"] .live-error')
    assert "not an email address" in page.locator('.field[data-field="emails"]').inner_text()


def test_skip(tab: Page, store: Store, config: Config, tmp_path: Path) -> None:
    card = person_card(store, config, tmp_path, 2)
    page = tab.go(f"/cards/{card}")
    page.get_by_role("button", name=re.compile("^Skip")).click()
    page.wait_for_url(re.compile(r"/$"))  # the last card: back to the queue
    assert "Skipped Priya Nguyen" in page.locator("#flash").inner_text()
    assert store.cards.get(card).state == "skipped"
    assert "All caught up" in page.locator("#queue-list").inner_text()


def test_the_keyboard_flow(tab: Page, store: Store, config: Config, tmp_path: Path) -> None:
    ids = [person_card(store, config, tmp_path, i) for i in range(3)]
    store.cards.update(ids[1], flagged=["title"])
    page = tab.go("/")
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("k")
    assert page.locator(".row.selected").get_attribute("data-card-id") == str(ids[0])
    page.keyboard.press("j")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/cards/{ids[1]}$"))
    page.keyboard.press("e")  # the first field to check
    assert page.evaluate("document.activeElement.id") == "f-title"
    page.keyboard.type("j")  # typing in a field is typing, not a shortcut
    assert page.url.endswith(f"/cards/{ids[1]}")
    page.keyboard.press("Escape")
    page.keyboard.press("?")
    assert page.locator("#help").is_visible()
    page.keyboard.press("Escape")
    assert not page.locator("#help").is_visible()
    page.keyboard.press("k")  # unsaved change: the page asks first (accepted here)
    page.wait_for_url(re.compile(rf"/cards/{ids[0]}$"))
    page.keyboard.press("j")
    page.wait_for_url(re.compile(rf"/cards/{ids[1]}$"))
    page.keyboard.press("a")
    page.wait_for_url(re.compile(rf"/cards/{ids[2]}$"))
    page.keyboard.press("s")
    page.wait_for_url(re.compile(rf"/cards/{ids[0]}$"))  # the last: on to the one before
    states = [store.cards.get(i).state for i in ids]
    assert states == ["drafted", "approved", "skipped"]
    assert store.cards.get(ids[1]).fields["title"] == "Head of Sales"  # type: ignore[index]
    # From the queue: a approves the selected row, and the selection stays in place.
    page = tab.go("/")
    page.keyboard.press("j")
    page.keyboard.press("a")
    page.wait_for_selector(".flash-ok")
    assert store.cards.get(ids[0]).state == "approved"


def test_bulk_approve_with_its_confirmation(
    tab: Page, store: Store, config: Config, tmp_path: Path
) -> None:
    ids = [person_card(store, config, tmp_path, i) for i in range(4)]
    store.cards.update(ids[3], flagged=["title"])
    page = tab.go("/")
    page.get_by_role("link", name=re.compile("Approve 3 high-confidence")).click()
    dialog = page.locator("dialog[open]")
    assert dialog.is_visible() and "Approve 3 cards of Expo 2026?" in dialog.inner_text()
    assert "Oliver Hale" not in dialog.inner_text()
    dialog.get_by_role("link", name="Cancel").click()
    assert page.locator("dialog[open]").count() == 0
    assert all(store.cards.get(i).state == "drafted" for i in ids)
    page.get_by_role("link", name=re.compile("Approve 3 high-confidence")).click()
    page.get_by_role("button", name="Approve 3 cards").click()
    page.wait_for_selector(".flash-ok")
    assert "Approved 3 cards of Expo 2026" in page.locator("#flash").inner_text()
    assert [store.cards.get(i).state for i in ids] == ["approved"] * 3 + ["drafted"]


def test_a_new_card_appears_without_a_reload(
    tab: Page, store: Store, config: Config, tmp_path: Path
) -> None:
    person_card(store, config, tmp_path, 0)
    page = tab.go("/")
    page.evaluate("window.stillHere = true")
    with Store(store.path) as watcher:  # as ``watch`` would, from another connection
        person_card(watcher, config, tmp_path, 1)
    page.wait_for_selector('.row.is-new >> text="Jonas Berg"', timeout=10000)
    assert page.evaluate("window.stillHere") is True
    assert "1 new card" in page.locator("#live-notice").inner_text()
    assert page.locator('[data-count="review"]').inner_text() == "2"


def test_screenshots_at_desktop_and_tablet_widths(
    browser: Any, server: str, store: Store, config: Config, tmp_path: Path
) -> None:
    ids = [person_card(store, config, tmp_path, i) for i in range(4)]
    store.cards.update(ids[1], flagged=["title", "emails"])
    view, boxes = drawn_card(
        tmp_path, "again", {"full_name": "Anna Weber", "title": "Senior Partner",
                            "company": "Weber & Partner GmbH", "emails": "a.weber@weber-partner.de",
                            "website": "weber-partner.de"},
    )  # fmt: skip
    duplicate = add_card(
        store, config, "Anna Weber", title="Senior Partner", company="Weber & Partner GmbH",
        email="a.weber@weber-partner.de", website="weber-partner.de", event="Web Summit",
        minutes=90, view=view, photo=view, boxes=boxes,
    )  # fmt: skip
    from plugin.review import approve

    approve(store, ids[0], config.mail())
    for name, viewport in (("desktop", DESKTOP), ("tablet", TABLET)):
        tab = Page(browser, server, viewport)
        page = tab.go("/")
        tab.shot(f"review-queue-{name}")
        page.get_by_role("link", name=re.compile("high-confidence")).first.click()
        tab.shot(f"review-bulk-{name}")
        page.keyboard.press("Escape")
        page = tab.go(f"/cards/{ids[1]}")
        page.locator("#f-title").focus()
        tab.shot(f"review-card-{name}")
        tab.shot(f"review-card-{name}-full", full_page=True)
        page.keyboard.press("Escape")
        page.keyboard.press("?")
        tab.shot(f"review-help-{name}")
        page = tab.go(f"/cards/{duplicate}")
        tab.shot(f"review-duplicate-{name}", full_page=True)
        page = tab.go(f"/cards/{ids[0]}")
        tab.shot(f"review-approved-{name}")
        # Nothing wider than the screen, and buttons big enough for a finger.
        overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
        assert overflow <= 0, f"{name}: {overflow}px wider than the screen"
        for button in page.locator(".action-bar .button").all():
            box = button.bounding_box()
            assert box and box["height"] >= 44, name
        tab.close()
    assert len(list(ARTIFACTS.glob("review-*.png"))) >= 14
