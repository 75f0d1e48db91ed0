"""Sign-in in a real browser (Debian's Chromium via Playwright) against a real uvicorn server and
a real SQLite store with users: a rep opens their sign-in link and sees only their own queue;
an admin signs in and sees every rep's cards, then picks one rep's queue."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_web_browser import DESKTOP, Page, browser, person_card  # noqa: F401  (fixture)
from web_server import running

from plugin.config import Config
from plugin.store import Store
from plugin.users import accounts
from plugin.web import create_app

pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.fixture
def server(config: Config, store: Store) -> Iterator[str]:
    with running(create_app(config)) as url:
        yield url


def sign_in(browser: Any, server: str, link: str) -> Page:  # noqa: F811
    tab = Page(browser, server, DESKTOP)
    page = tab.go(link.removeprefix("http://team.invalid"))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/$"))
    return tab


def test_sign_in_own_queue_only_then_the_admin_sees_both(
    browser: Any,  # noqa: F811
    server: str,
    store: Store,
    config: Config,
    tmp_path: Path,
) -> None:
    links = {
        name: accounts.add_user(store, "http://team.invalid", name, f"{name}@acme.example", admin)
        for name, admin in (("alice", False), ("bob", False), ("boss", True))
    }
    alice, bob = links["alice"].user, links["bob"].user
    person_card(store, config, tmp_path, 0, user_id=alice.id)  # Anna Weber
    person_card(store, config, tmp_path, 1, user_id=bob.id)  # Jonas Berg

    stranger = Page(browser, server, DESKTOP)
    page = stranger.go("/")
    page.wait_for_url(re.compile(r"/signin\?next=%2F$"))
    assert page.get_by_label("Password").is_visible()
    stranger.close()

    rep = sign_in(browser, server, links["alice"].url)
    page = rep.page
    queue = page.locator("#queue-list").inner_text()
    assert "Anna Weber" in queue and "Jonas Berg" not in queue
    assert page.locator(".signed-in").inner_text() == "alice"
    assert page.locator("#rep-select").count() == 0
    page.get_by_role("link", name="Anna Weber").click()
    page.wait_for_url(re.compile(r"/cards/\d+$"))
    rep.shot("users-rep-card")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/signin$"))
    rep.go("/")
    page.wait_for_url(re.compile(r"/signin\?next="))
    rep.close()

    admin = sign_in(browser, server, links["boss"].url)
    page = admin.page
    queue = page.locator("#queue-list").inner_text()
    assert "Anna Weber" in queue and "Jonas Berg" in queue
    admin.shot("users-admin-queue")
    page.locator("#rep-select").select_option(label="bob")
    page.wait_for_url(re.compile(rf"rep={bob.id}"))
    queue = page.locator("#queue-list").inner_text()
    assert "Jonas Berg" in queue and "Anna Weber" not in queue
    admin.close()
