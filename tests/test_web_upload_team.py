"""The upload page for a team (issue 17): a signed-in rep's upload lands in their own inbox
folder and the card is theirs, on SQLite and on a team (PostgreSQL) store; with users, no upload
without signing in. Real OCR, a real scratch PostgreSQL server (tests/postgres_server.py)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from starlette.testclient import TestClient
from test_web_upload import BASE, card_photo, inbox_files, send

from conftest import inbox
from plugin.config import Config, load
from plugin.jobs.app import make_app
from plugin.store import CardState, Store
from plugin.users import accounts
from plugin.web import create_app
from plugin.web.security import CSRF_COOKIE


@contextmanager
def signed_in(config: Config, store: Store, name: str) -> Iterator[TestClient]:
    """The review page, in a browser a new rep has signed in with their link."""
    link = accounts.add_user(store, BASE, name, f"{name}@acme.example", False)
    with TestClient(create_app(config), base_url=BASE, follow_redirects=False) as client:
        client.get("/signin")
        form = {"csrf_token": client.cookies[CSRF_COOKIE], "token": link.url.rsplit("/", 1)[1]}
        assert client.post("/signin/link", data=form).status_code == 303
        yield client


def test_with_users_an_upload_needs_a_signed_in_rep(config: Config, store: Store) -> None:
    accounts.add_user(store, BASE, "alice", "alice@acme.example", False)
    with TestClient(create_app(config), base_url=BASE, follow_redirects=False) as client:
        assert client.get("/upload").status_code == 303  # to the sign-in page
        client.get("/signin")
        assert send(client, b"x", "a.txt", kind="text/plain").status_code == 401
    assert inbox_files() == []


@pytest.mark.slow  # real OCR
def test_a_reps_upload_is_their_card(config: Config, store: Store, tmp_path: Path) -> None:
    (inbox() / "alice" / "SaaStr").mkdir(parents=True)
    (inbox() / "bob" / "Expo 2026").mkdir(parents=True)
    with signed_in(config, store, "alice") as client:
        page = client.get("/upload").text
        assert '<option value="SaaStr">' in page  # her own events, not Bob's
        assert '<option value="Expo 2026">' not in page
        photo = card_photo(tmp_path, "a.jpg", ["Anna Weber", "a.weber@weber-partner.de"])
        answer = send(client, photo, "IMG_0001.jpg", "Expo 2026").json()
    assert answer["result"] == "read" and answer["placed"] == "alice/Expo 2026/IMG_0001.jpg"
    card = store.cards.get(answer["card"])
    assert card.user_id == store.users.by_name("alice").id  # type: ignore[union-attr]


@pytest.mark.slow  # a scratch PostgreSQL server
def test_a_reps_upload_into_a_team_store_keeps_the_photo_in_the_database(
    pg_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CARDFOLLOW_STORE_URL", pg_url)
    config = load()
    with Store(config.store().path, pg_url) as store, signed_in(config, store, "alice") as client:
        photo = card_photo(tmp_path, "a.jpg", ["Anna Weber", "a.weber@weber-partner.de"])
        answer = send(client, photo, "IMG_0001.jpg", "Expo 2026").json()
        # A team store's server only takes the photo in and queues its reading for the workers
        # (one transaction), so a server stopped mid-read loses nothing.
        assert answer["result"] == "waiting", answer
        card = store.cards.get(answer["card"])
        assert card.state == CardState.NEW
        assert card.user_id == store.users.by_name("alice").id  # type: ignore[union-attr]
        assert store.media.read(card.stored_photo) == photo
        app = make_app(pg_url)
        with app.open():
            jobs = list(app.job_manager.list_jobs(task="cardfollow:read_card"))
        assert [j.task_kwargs["card_id"] for j in jobs] == [card.id]
        again = send(client, photo, "IMG_0001 again.jpg", "Expo 2026").json()
        assert again["result"] == "known" and again["card"] == card.id
