"""Every route of the review page and the sidebar, swept with odd input: unknown paths and
methods, huge, negative and non-numeric ids, odd query strings and forms, and images too large
to decode. Whatever comes in, the answer is a page or a clean 4xx, never a 5xx."""

from __future__ import annotations

import io
import time
from typing import Any
from urllib.parse import urlencode

import pytest
from card_factory import add_card
from PIL import Image
from starlette.routing import BaseRoute, Mount, Route
from starlette.testclient import TestClient

from conftest import WEB_BASE
from plugin.config import Config
from plugin.store import Store
from plugin.web.security import CSRF_COOKIE

BASE = WEB_BASE
SECRET = "sweep-client-secret"
ODD_IDS = [
    "0",
    "-1",
    "99999999999999999999999",  # beyond SQLite's 64-bit integers
    "9223372036854775808",  # 2**63: one past the largest
    "1e5",
    "abc",
    "²",  # str.isdigit() says yes, int() says no
    "１２",  # full-width digits
    "%00",
    "%2e%2e",
    "x" * 3000,
]
METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND"]
ODD_QUERIES = [
    "",
    "?page=-3&state=%00&event=99999999999999999999999",
    "?event=²&page=²&since=%ff",
    "?expires=99999999999999999999999&sig=x",
    "?expires=-1&sig=",
]
ODD_FORM = {
    "card": ["99999999999999999999999", "²", "-1", "abc"],
    "take": ["nonsense", "__class__"],
    "template": "../../etc/passwd",
    "subject": "x" * 10_000,
    "body": "\x00\x1b[31m",
    "cadence": "every-second",
    "on": "9999-99-99",
    "full_name": "\x00",
    "emails": "not an email",
    "phones": "+" + "9" * 200,
    "send": "yesterday",
}
UNKNOWN_PATHS = [
    "/nope",
    "/cards/",
    "/cards/1/nope",
    "/hubspot/",
    "/hubspot/nope",
    "/hubspot/contacts/1/nope",
    "/hubspot/cards/1/nope",
    "/static/../../etc/passwd",
    "/static/%2e%2e/%2e%2e/etc/passwd",
    "/static/nope.css",
    "/due/1",
    "/%00",
    "//",
    "/" + "a" * 5000,
]


def _huge_png() -> bytes:
    """20,000 x 20,000 pixels (400 MP, past Pillow's decompression-bomb limit) in a few KB."""
    buf = io.BytesIO()
    Image.new("1", (20_000, 20_000), 1).save(buf, format="PNG", optimize=True)
    return buf.getvalue()


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CARDFOLLOW_HUBSPOT_CLIENT_SECRET", SECRET)


@pytest.fixture
def cards(config: Config) -> list[int]:
    """A plain card, a huge PNG and a huge TIFF (one the page would convert to a JPEG)."""
    with Store(config.store().path) as store:
        huge = _huge_png()
        tiff = io.BytesIO()
        Image.new("1", (20_000, 20_000), 1).save(tiff, format="TIFF", compression="group4")
        return [
            add_card(store, config, "Ada Lovelace", email="ada@example.com"),
            add_card(store, config, "Huge Png", photo=huge, photo_suffix=".png", view=huge),
            add_card(
                store,
                config,
                "Huge Tiff",
                photo=tiff.getvalue(),
                photo_suffix=".tiff",
                view=tiff.getvalue(),
            ),
        ]


@pytest.fixture
def client(client: TestClient, cards: list[int]) -> TestClient:
    """The shared review page client, over a store holding ``cards``."""
    return client


def _templates(routes: list[BaseRoute], prefix: str = "") -> list[tuple[str, set[str]]]:
    found: list[tuple[str, set[str]]] = []
    for route in routes:
        if isinstance(route, Route):
            found.append((prefix + route.path, set(route.methods or [])))
        elif isinstance(route, Mount):
            found += _templates(route.routes, prefix + route.path)
            if not route.routes:  # an app mounted whole (the static files)
                found.append((prefix + route.path + "/x", {"GET"}))
    return found


def _fill(template: str, value: str) -> str:
    out, rest = "", template
    while "{" in rest:
        head, _, tail = rest.partition("{")
        _, _, rest = tail.partition("}")
        out += head + value
    return out + rest


def _request(client: TestClient, method: str, url: str) -> Any:
    token = client.cookies.get(CSRF_COOKIE) or ""
    headers = {"x-csrf-token": token} if method not in ("GET", "HEAD", "OPTIONS") else {}
    if method in ("POST", "PUT", "PATCH"):
        # Bytes that are not UTF-8 as well: the form parser must cope.
        body = urlencode({"csrf_token": token, **ODD_FORM}, doseq=True) + "&note=%ff%fe%80"
        headers["content-type"] = "application/x-www-form-urlencoded"
        return client.request(method, url, headers=headers, content=body)
    return client.request(method, url, headers=headers)


def _failures(client: TestClient, urls: list[str], methods: list[str]) -> list[str]:
    bad = []
    for url in urls:
        for method in methods:
            response = _request(client, method, url)
            if response.status_code >= 500:
                bad.append(f"{method} {url[:80]} -> {response.status_code} {response.text[:120]}")
    return bad


@pytest.mark.slow  # a few thousand requests
def test_the_route_table_swept_with_odd_ids_methods_and_queries(
    client: TestClient, cards: list[int]
) -> None:
    templates = _templates(list(client.app.routes))  # type: ignore[attr-defined]
    assert len(templates) > 20  # the sweep sees the whole table, sidebar included
    bad = []
    for template, methods in templates:
        # Its own methods, one it does not take, and one nobody takes.
        tried = sorted(methods | {"DELETE", "PROPFIND"})
        values = [str(c) for c in cards] + ODD_IDS if "{" in template else [""]
        bad += _failures(client, [_fill(template, v) for v in values], tried)
        odd_queries = [_fill(template, str(cards[0])) + q for q in ODD_QUERIES]
        bad += _failures(client, odd_queries, tried)
    assert bad == []


def test_unknown_paths_and_methods_are_4xx_everywhere(client: TestClient) -> None:
    assert _failures(client, UNKNOWN_PATHS, METHODS) == []
    for path in ["/hubspot/nope", "/hubspot/cards/1/nope", "/hubspot/contacts/1/followup/x"]:
        response = client.get(path)
        # The sidebar card reads JSON; the contacts' routes ask for HubSpot's signature first.
        assert response.status_code in (401, 404), path
        assert response.json()["error"], path
    assert client.get("/nope").status_code == 404
    assert client.request("BREW", "/").status_code in (403, 405)


def test_out_of_range_ids_are_not_found(client: TestClient) -> None:
    for url in [
        "/cards/99999999999999999999999/photo",
        "/cards/9223372036854775808",
        "/cards/-1/thumb",
        "/hubspot/cards/99999999999999999999999/image",
    ]:
        assert client.get(url).status_code == 404, url


def test_an_image_too_large_to_decode_is_a_clean_answer(
    client: TestClient, cards: list[int]
) -> None:
    _, png, tiff = cards
    for url in [f"/cards/{png}/thumb", f"/cards/{tiff}/thumb", f"/cards/{tiff}/photo"]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "too large" in response.text
    from plugin.web.sidebar.routes import _photo_sig  # after plugin.web: the two import each other

    expires = str(int(time.time()) + 600)
    sig = _photo_sig(SECRET, png, expires)
    response = client.get(f"/hubspot/cards/{png}/image?expires={expires}&sig={sig}")
    assert response.status_code == 404 and "too large" in response.json()["error"]
    # The card's page itself still shows, and says so.
    assert client.get(f"/cards/{png}").status_code == 200
