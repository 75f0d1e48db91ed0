"""The team store on a real PostgreSQL server: what only it does (many processes migrating and
writing at once, its URL's errors, photos kept in the database) and a real ``scan`` into it."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import threading
from pathlib import Path

import psycopg
import pytest
from postgres_server import PostgresServer
from test_team_jobs import Worker, wait_until

from conftest import home, inbox, run_cli, sample
from plugin.models import EventInfo
from plugin.store import Store, StoreError, owner_id
from plugin.store.failures import describe
from plugin.store.migrations import MIGRATIONS
from plugin.store.postgres_db import SCHEMA_TABLE


def _open(url: str, tmp_path: Path) -> Store:
    return Store(tmp_path / "unused.db", url)


def test_several_processes_opening_a_new_team_store_migrate_it_once(
    pg_url: str, tmp_path: Path
) -> None:
    code = (
        "import sys; from pathlib import Path; from plugin.store import Store; "
        "s = Store(Path('unused.db'), sys.argv[1]); print(s.db.version); s.close()"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, pg_url], stdout=subprocess.PIPE, text=True, cwd=tmp_path
        )
        for _ in range(4)
    ]
    outs = [p.communicate(timeout=120)[0].strip() for p in procs]
    assert [p.returncode for p in procs] == [0] * 4
    assert outs == [str(MIGRATIONS[-1][0])] * 4
    with _open(pg_url, tmp_path) as store:
        assert store.db.all(f"SELECT version FROM {SCHEMA_TABLE}")[0][0] == MIGRATIONS[-1][0]
        assert not (tmp_path / "unused.db").exists()  # nothing written beside it


def test_a_team_store_from_a_newer_cardfollow_is_refused(pg_url: str, tmp_path: Path) -> None:
    with _open(pg_url, tmp_path) as store:
        store.db.run(f"UPDATE {SCHEMA_TABLE} SET version = ?", (MIGRATIONS[-1][0] + 1,))
    with pytest.raises(StoreError, match="newer cardfollow"):
        _open(pg_url, tmp_path)


def test_a_wrong_password_or_a_server_that_is_down_is_said_without_the_password(
    postgres: PostgresServer, tmp_path: Path
) -> None:
    bad = f"postgresql://nobody:s3cret-pw@127.0.0.1:{postgres.port}/nothing"
    with pytest.raises(StoreError) as caught:
        _open(bad, tmp_path)
    assert "cannot open the team store" in str(caught.value)
    assert "s3cret-pw" not in str(caught.value)
    result = run_cli("cards", env={"CARDFOLLOW_STORE_URL": bad})
    assert result.returncode != 0
    assert "cannot open the team store" in result.stderr + result.stdout
    assert "s3cret-pw" not in result.stderr + result.stdout


def test_a_database_that_goes_away_mid_way_is_said_plainly(
    postgres: PostgresServer, tmp_path: Path
) -> None:
    url = postgres.create_database()
    store = _open(url, tmp_path)
    store.cards.list()
    postgres.drop_database(url)  # its connections are ended
    with pytest.raises(psycopg.OperationalError) as caught:
        store.cards.list()
    message = describe(caught.value)
    assert message and message.startswith("the team store's database cannot be reached")
    assert "run the command again" in message
    store.close()


def test_a_store_url_that_is_not_postgresql_is_a_settings_error() -> None:
    result = run_cli("cards", env={"CARDFOLLOW_STORE_URL": "mysql://me@db/cards"})
    assert result.returncode != 0
    assert "store.url" in result.stderr + result.stdout


def test_only_one_of_many_writers_claims_a_card(pg_url: str, tmp_path: Path) -> None:
    """Each thread its own store (its own pooled connection), as workers on other machines:
    the read-then-write of a claim holds because writers take turns."""
    with _open(pg_url, tmp_path) as store:
        card, _ = store.cards.intake(
            sha256="c" * 64,
            photo="/inbox/c.jpg",
            stored_photo="photos/cc/c.jpg",
            event_id=None,
            captured_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
            side=None,
            side_key=None,
        )
    won: list[str] = []
    start = threading.Barrier(8)

    def claim(n: int) -> None:
        with _open(pg_url, tmp_path) as mine:
            start.wait()
            if mine.cards.claim(card.id, f"machine-{n}:1"):
                won.append(f"machine-{n}")

    threads = [threading.Thread(target=claim, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(won) == 1
    with _open(pg_url, tmp_path) as store:
        assert not store.cards.claim(card.id, owner_id())


@pytest.mark.slow
def test_scan_into_a_team_store_keeps_the_photos_in_the_database(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CARDFOLLOW_STORE_URL", pg_url)
    photo = sample("p01")
    (inbox() / photo.name).write_bytes(photo.read_bytes())
    result = run_cli("scan")
    assert result.returncode == 0, result.stderr
    # A team store's scan only takes the photo in and queues its reading; a worker reads it,
    # from the bytes in the database.
    worker = Worker(tmp_path / "worker.log")
    try:

        def drafted() -> list[dict]:
            listed = run_cli("cards", "--json").stdout
            cards = [json.loads(line) for line in listed.splitlines()]
            return cards if [c["state"] for c in cards] == ["drafted"] else []

        cards = wait_until(drafted, 300, "the worker to read the card")
    finally:
        worker.stop()
    assert cards[0]["contact"]["full_name"]
    with _open(pg_url, tmp_path) as store:
        card = store.cards.get(cards[0]["id"])
        assert store.media.read(card.stored_photo) == photo.read_bytes()
        assert card.card_image and store.media.size(card.card_image)
    # Nothing kept as files beside a SQLite store: the photos are in the database.
    assert not (home() / "photos").exists() and not (home() / "cards").exists()


def test_a_store_shared_by_threads_keeps_each_transaction_to_its_thread(
    pg_url: str, tmp_path: Path
) -> None:
    with _open(pg_url, tmp_path) as store:
        inside, finish = threading.Event(), threading.Event()

        def writer() -> None:
            with store.transaction():
                store.events.upsert("expo", EventInfo("Expo"))
                inside.set()
                finish.wait(30)

        thread = threading.Thread(target=writer)
        thread.start()
        assert inside.wait(30)
        seen_meanwhile = store.events.all()  # this thread is not in the writer's transaction
        finish.set()
        thread.join(30)
        assert seen_meanwhile == []
        assert [e.name for e in store.events.all()] == ["Expo"]
