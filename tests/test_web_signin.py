"""Sign-in on the review page (issue 17, item 3), in process: Starlette's TestClient against a
real SQLite store. A store with users asks everyone to sign in (a one-time link, or a password);
a rep sees and acts on their own cards only; an admin sees every queue; with no users the page
is open exactly as before. The browser side is in test_web_users_browser.py."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from card_factory import T0, add_card
from starlette.testclient import TestClient

from conftest import WEB_BASE
from plugin.config import Config, load
from plugin.review import approve
from plugin.store import Store
from plugin.users import accounts
from plugin.web import create_app
from plugin.web.security import CSRF_COOKIE
from plugin.web.sidebar.routes import SIDEBAR_PREFIX
from plugin.web.signin import SESSION_COOKIE


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CARDFOLLOW_CADENCE", "monthly")  # cards met at T0 are due today
    monkeypatch.setenv("CARDFOLLOW_TIMEZONE", "UTC")


@pytest.fixture
def team(store: Store, config: Config) -> dict[str, Any]:
    """Two reps and an admin, each rep with a card, and a card of nobody's."""
    links = {
        name: accounts.add_user(store, WEB_BASE, name, f"{name}@acme.example", name == "boss")
        for name in ("alice", "bob", "boss")
    }
    users = {name: link.user for name, link in links.items()}
    return {
        "links": {name: link.url.removeprefix(WEB_BASE) for name, link in links.items()},
        "users": users,
        "alice_card": add_card(store, config, "Anna Weber", user_id=users["alice"].id),
        "bob_card": add_card(store, config, "Jonas Berg", minutes=1, user_id=users["bob"].id),
        "nobodys": add_card(store, config, "Priya Nguyen", minutes=2),
    }


@pytest.fixture
def web(config: Config, store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(config), base_url=WEB_BASE, follow_redirects=False) as c:
        yield c


def csrf(client: TestClient) -> str:
    if client.cookies.get(CSRF_COOKIE) is None:
        client.get("/signin")
    token = client.cookies.get(CSRF_COOKIE)
    assert token
    return token


def sign_in_by_link(client: TestClient, path: str) -> Any:
    page = client.get(path)
    assert page.status_code == 200 and "one click signs you in" in page.text
    token = path.rsplit("/", 1)[1]
    return client.post("/signin/link", data={"csrf_token": csrf(client), "token": token})


def test_without_users_the_page_is_open_as_before(web: TestClient, store: Store) -> None:
    assert web.get("/").status_code == 200
    assert "Sign out" not in web.get("/").text


def test_with_users_every_page_asks_for_sign_in(web: TestClient, team: dict[str, Any]) -> None:
    first = web.get("/cards/1?state=all")
    assert first.status_code == 303
    assert first.headers["location"] == "/signin?next=%2Fcards%2F1%3Fstate%3Dall"
    assert web.get("/signin").status_code == 200
    assert web.get("/static/app.css").status_code == 200
    assert web.get("/api/changes").status_code == 401
    refused = web.post(f"/cards/{team['alice_card']}/approve", data={"csrf_token": csrf(web)})
    assert refused.status_code == 401
    # The CRM sidebar keeps its own key (HubSpot's signature), not a session.
    assert web.get(f"{SIDEBAR_PREFIX}card").status_code in (401, 404)


def test_a_sign_in_link_works_once_and_only_on_a_click(
    web: TestClient, team: dict[str, Any]
) -> None:
    path = team["links"]["alice"]
    web.get(path)  # a link preview fetching the address spends nothing
    done = sign_in_by_link(web, path)
    assert done.status_code == 303 and done.headers["location"] == "/"
    cookie = next(c for c in done.headers.get_list("set-cookie") if SESSION_COOKIE in c)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Max-Age=" in cookie
    assert path.rsplit("/", 1)[1] not in cookie
    assert web.get("/").status_code == 200

    other = TestClient(web.app, base_url=WEB_BASE, follow_redirects=False)
    again = sign_in_by_link(other, path)
    assert again.status_code == 400 and "used already or has expired" in again.text
    assert other.get("/").status_code == 303


def test_a_rep_sees_and_acts_on_their_own_cards_only(web: TestClient, team: dict[str, Any]) -> None:
    sign_in_by_link(web, team["links"]["alice"])
    page = web.get("/?state=all").text
    assert "Anna Weber" in page and "Jonas Berg" not in page and "Priya Nguyen" not in page
    assert 'data-user="alice"' in page and "rep-select" not in page
    assert web.get(f"/cards/{team['alice_card']}").status_code == 200
    for card in (team["bob_card"], team["nobodys"]):
        assert web.get(f"/cards/{card}").status_code == 404
        assert web.get(f"/cards/{card}/photo").status_code == 404
        acted = web.post(f"/cards/{card}/approve", data={"csrf_token": csrf(web)})
        assert acted.status_code == 404
    assert web.get("/api/changes").json()["counts"] == {"drafted": 1}
    # Asking for another rep's queue by address shows one's own.
    assert "Jonas Berg" not in web.get(f"/?state=all&rep={team['users']['bob'].id}").text


def test_an_admin_sees_every_queue_and_picks_one(web: TestClient, team: dict[str, Any]) -> None:
    sign_in_by_link(web, team["links"]["boss"])
    page = web.get("/?state=all").text
    assert all(n in page for n in ("Anna Weber", "Jonas Berg", "Priya Nguyen"))
    assert "rep-select" in page and "(admin)" in page
    bob = web.get(f"/?state=all&rep={team['users']['bob'].id}").text
    assert "Jonas Berg" in bob and "Anna Weber" not in bob and "Priya Nguyen" not in bob
    nobody = web.get("/?state=all&rep=none").text
    assert "Priya Nguyen" in nobody and "Anna Weber" not in nobody
    assert web.get(f"/cards/{team['bob_card']}").status_code == 200


def test_password_sign_in_and_sign_out(web: TestClient, store: Store, team: dict[str, Any]) -> None:
    accounts.set_password(store, "bob", "correct horse battery")
    token = csrf(web)
    form = {"csrf_token": token, "name": "bob", "next": "/?state=all"}
    wrong = web.post("/signin", data={**form, "password": "wrong horse battery"})
    assert wrong.status_code == 400 and "do not match" in wrong.text
    nobody = web.post("/signin", data={**form, "name": "mallory", "password": "x" * 12})
    assert nobody.status_code == 400 and "do not match" in nobody.text
    right = web.post("/signin", data={**form, "password": "correct horse battery"})
    assert right.status_code == 303 and right.headers["location"] == "/?state=all"
    assert "Jonas Berg" in web.get("/?state=all").text

    out = web.post("/signout", data={"csrf_token": token})
    assert out.status_code == 303 and out.headers["location"] == "/signin"
    assert web.get("/").status_code == 303
    assert store.db.one("SELECT count(*) AS n FROM sessions")["n"] == 0


def test_wrong_passwords_pause_sign_in_for_that_name(
    web: TestClient, store: Store, team: dict[str, Any]
) -> None:
    from plugin.web.attempts import PER_NAME, WINDOW_S, Attempts

    now = [1000.0]
    web.app.state.signin_attempts = Attempts(clock=lambda: now[0])  # type: ignore[attr-defined]
    accounts.set_password(store, "bob", "correct horse battery")
    form = {"csrf_token": csrf(web), "name": "bob"}
    for _ in range(PER_NAME):
        assert web.post("/signin", data={**form, "password": "guess"}).status_code == 400
    # Now even the right password waits: a guesser can't tell a hit from the pause.
    paused = web.post("/signin", data={**form, "password": "correct horse battery"})
    assert paused.status_code == 429 and "Too many wrong passwords" in paused.text
    assert 0 < int(paused.headers["retry-after"]) <= WINDOW_S
    # Another name from the same address is not paused yet.
    other = web.post("/signin", data={**form, "name": "alice", "password": "guess"})
    assert other.status_code == 400
    now[0] += WINDOW_S + 1
    right = web.post("/signin", data={**form, "password": "correct horse battery"})
    assert right.status_code == 303


def test_sign_in_never_sends_anyone_off_the_site(web: TestClient, store: Store, team: Any) -> None:
    accounts.set_password(store, "bob", "correct horse battery")
    form = {"csrf_token": csrf(web), "name": "bob", "password": "correct horse battery"}
    for target in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        done = web.post("/signin", data={**form, "next": target})
        assert done.headers["location"] == "/"


def test_sign_in_forms_need_the_csrf_token(web: TestClient, team: dict[str, Any]) -> None:
    token = team["links"]["alice"].rsplit("/", 1)[1]
    web.get("/signin")
    assert web.post("/signin/link", data={"token": token}).status_code == 403
    assert sign_in_by_link(web, team["links"]["alice"]).status_code == 303  # still unspent


def test_removing_a_user_ends_their_session(
    web: TestClient, store: Store, team: dict[str, Any]
) -> None:
    sign_in_by_link(web, team["links"]["alice"])
    assert web.get("/").status_code == 200
    accounts.remove_user(store, "alice")
    assert web.get("/").status_code == 303


def test_a_rep_keeps_in_touch_with_the_people_they_met(
    web: TestClient, store: Store, config: Config, team: dict[str, Any]
) -> None:
    contacts = {}
    for key in ("alice_card", "bob_card"):
        approve(store, team[key], config.mail(), now=T0)
        contacts[key] = store.cards.get(team[key]).contact_id
    sign_in_by_link(web, team["links"]["alice"])
    page = web.get("/due").text
    assert "Anna Weber" in page and "Jonas Berg" not in page
    assert "data-due-count>1<" in page
    token = csrf(web)
    bobs = web.post(f"/due/{contacts['bob_card']}/skip", data={"csrf_token": token})
    assert bobs.status_code == 404
    own = web.post(f"/due/{contacts['alice_card']}/skip", data={"csrf_token": token})
    assert own.status_code == 303


def test_a_team_store_asks_for_sign_in_even_before_it_has_users(
    monkeypatch: pytest.MonkeyPatch, pg_url: str
) -> None:
    """A shared (PostgreSQL) store is never open to whoever reaches the page."""
    monkeypatch.setenv("CARDFOLLOW_STORE_URL", pg_url)
    config = load()
    with TestClient(create_app(config), base_url=WEB_BASE, follow_redirects=False) as client:
        assert client.get("/").status_code == 303
        with Store(config.store().path, config.store().url) as team_store:
            link = accounts.add_user(team_store, WEB_BASE, "alice", "alice@acme.example", False)
            add_card(team_store, config, "Anna Weber", user_id=link.user.id)
        assert sign_in_by_link(client, link.url.removeprefix(WEB_BASE)).status_code == 303
        assert "Anna Weber" in client.get("/").text


def test_a_user_sets_their_own_profile_mailbox_and_password(
    web: TestClient, store: Store, team: dict[str, Any]
) -> None:
    assert web.get("/account").status_code == 303  # not signed in: to the sign-in page
    sign_in_by_link(web, team["links"]["alice"])
    assert "Sender address" in web.get("/account").text
    secret_url = "smtp://alice:hunter2secret@mail.acme.example:587?starttls=1"
    form = {"csrf_token": csrf(web), "name": "Alice Moreau", "signature": "Acme Robotics"}
    saved = web.post("/account", data={**form, "smtp_url": secret_url, "send_at": "now"})
    assert saved.status_code == 303
    alice = store.users.get(team["users"]["alice"].id)
    assert alice.profile == {"name": "Alice Moreau", "signature": "Acme Robotics"}
    assert alice.mail == {"smtp_url": secret_url, "send_at": "now"}
    page = web.get("/account").text
    assert "hunter2secret" not in page and "smtp://alice:****@mail.acme.example" in page
    # Sent back as shown (masked), the address keeps its password.
    masked = "smtp://alice:****@mail.acme.example:587?starttls=1"
    assert web.post("/account", data={**form, "smtp_url": masked}).status_code == 303
    assert store.users.get(alice.id).mail == {"smtp_url": secret_url}
    bad = web.post("/account", data={**form, "timezone": "Mars/Olympus"})
    assert bad.status_code == 422 and "unknown time zone" in bad.text
    assert store.users.get(alice.id).mail == {"smtp_url": secret_url}

    short = web.post("/account/password", data={"csrf_token": csrf(web), "password": "short"})
    assert "at least 10" in web.get(short.headers["location"]).text
    assert not store.users.get(alice.id).has_password
    done = web.post("/account/password", data={"csrf_token": csrf(web), "password": "x" * 12})
    assert done.status_code == 303 and store.users.get(alice.id).has_password


def test_a_single_users_page_has_no_account_page(web: TestClient) -> None:
    assert web.get("/account").status_code == 404
