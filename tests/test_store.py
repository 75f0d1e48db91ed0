"""The SQLite store: migrations, intake by hash, states, claims, the outbox. Real SQLite files."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from plugin.models import Draft, EventInfo
from plugin.store import StateError, Store, StoreError, owner_id
from plugin.store.migrations import MIGRATIONS

WHEN = dt.datetime(2026, 3, 12, 9, 30, tzinfo=dt.UTC)


def _intake(store: Store, sha: str = "a" * 64, **kw: object):
    args = dict(
        sha256=sha,
        photo=f"/inbox/{sha[:6]}.jpg",
        stored_photo=f"photos/{sha}.jpg",
        event_id=None,
        captured_at=WHEN,
        side=None,
        side_key=None,
    )
    args.update(kw)
    return store.cards.intake(**args)  # type: ignore[arg-type]


def test_a_new_store_is_migrated_in_wal_mode(store: Store) -> None:
    assert store.db.version == MIGRATIONS[-1][0]
    assert store.db.one("PRAGMA journal_mode")[0] == "wal"
    assert store.db.one("PRAGMA foreign_keys")[0] == 1


def test_reopening_does_not_migrate_again(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    Store(path).close()
    again = Store(path)
    assert again.db.version == MIGRATIONS[-1][0]


def test_a_store_from_a_newer_cardfollow_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    Store(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {MIGRATIONS[-1][0] + 1}")
    with pytest.raises(StoreError, match="newer cardfollow"):
        Store(path)


def test_a_file_that_is_not_a_store_gets_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a cardfollow store"):
        Store(path)


def test_the_same_photo_is_taken_once(store: Store) -> None:
    card, status = _intake(store)
    again, status2 = _intake(store, photo="/inbox/copy.jpg")
    assert (status, status2) == ("new", "known")
    assert again.id == card.id and again.photo == card.photo
    assert len(store.cards.list()) == 1


def test_a_failed_photo_dropped_again_is_retried(store: Store) -> None:
    card, _ = _intake(store)
    store.cards.update(card.id, error="truncated")
    store.cards.move(card.id, "failed", ("new",))
    retried, status = _intake(store, photo="/inbox/fixed.jpg")
    assert status == "retry" and retried.id == card.id
    assert retried.state == "new" and retried.error is None and retried.photo == "/inbox/fixed.jpg"


def test_states_move_only_along_allowed_steps_and_each_step_is_recorded(store: Store) -> None:
    card, _ = _intake(store)
    store.cards.move(card.id, "extracted", ("new",))
    with pytest.raises(StateError, match="card 1 is extracted"):
        store.cards.move(card.id, "approved", ("drafted",))
    store.cards.move(card.id, "drafted", ("extracted",))
    steps = [h.step for h in store.cards.history(card.id)]
    assert steps == ["new", "extracted", "drafted"]


def test_an_unknown_state_filter_is_an_error(store: Store) -> None:
    with pytest.raises(StoreError, match="unknown state"):
        store.cards.list(["finished"])


def test_a_claim_keeps_other_live_workers_off(store: Store) -> None:
    card, _ = _intake(store)
    assert store.cards.claim(card.id, owner_id())
    # Another live process on this host (the test runner's parent is alive).
    import os
    import socket

    other = f"{socket.gethostname()}:{os.getppid()}"
    assert not store.cards.claim(card.id, other)


def test_a_claim_by_a_process_that_died_is_free(store: Store) -> None:
    import socket

    card, _ = _intake(store)
    proc = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead = f"{socket.gethostname()}:{proc.stdout.strip()}"
    assert store.cards.claim(card.id, dead)
    assert store.cards.claim(card.id, owner_id())


def test_a_claim_from_another_host_lapses_with_its_lease(store: Store) -> None:
    card, _ = _intake(store)
    assert store.cards.claim(card.id, "elsewhere:123", lease=3600)
    assert not store.cards.claim(card.id, owner_id())
    assert store.cards.claim(card.id, "elsewhere:124", lease=-1) is False
    store.db.run("UPDATE cards SET claimed_until = 0 WHERE id = ?", (card.id,))
    assert store.cards.claim(card.id, owner_id())


def test_finished_cards_cannot_be_claimed(store: Store) -> None:
    card, _ = _intake(store)
    store.cards.move(card.id, "extracted", ("new",))
    store.cards.move(card.id, "drafted", ("extracted",))
    assert not store.cards.claim(card.id, owner_id())


def test_the_outbox_queues_each_key_once(store: Store) -> None:
    card, _ = _intake(store)
    assert store.outbox.enqueue(card.id, "push", "push:card:1", {"draft_id": 3})
    assert not store.outbox.enqueue(card.id, "push", "push:card:1", {"draft_id": 4})
    items = store.outbox.for_card(card.id)
    assert [(i.kind, i.state, i.payload) for i in items] == [("push", "queued", {"draft_id": 3})]
    assert store.outbox.cancel(card.id) == 1
    assert store.outbox.list() == []


def test_a_transaction_is_all_or_nothing(store: Store) -> None:
    card, _ = _intake(store)
    with pytest.raises(RuntimeError), store.transaction():
        store.cards.move(card.id, "extracted", ("new",))
        store.outbox.enqueue(card.id, "push", "k")
        raise RuntimeError("crash in the middle")
    assert store.cards.get(card.id).state == "new"
    assert store.outbox.list() == []
    assert [h.step for h in store.cards.history(card.id)] == ["new"]


def test_drafts_keep_every_version(store: Store) -> None:
    card, _ = _intake(store)
    store.drafts.add(card.id, Draft("one", "body 1", None, "short"))
    store.drafts.add(card.id, Draft("two", "body 2", "<p>2</p>", "short"), edited=True)
    current = store.drafts.current(card.id)
    assert current is not None and (current.subject, current.edited) == ("two", True)
    assert [d.subject for d in store.drafts.versions(card.id)] == ["one", "two"]


def test_contacts_are_found_by_their_keys(store: Store) -> None:
    a = store.contacts.create({"full_name": "Ann"}, ["email:ann@x.com", "domain:x.com"])
    b = store.contacts.create({"full_name": "Bo"}, ["email:bo@x.com", "domain:x.com"])
    assert [c.id for c in store.contacts.with_keys(["email:ann@x.com"])] == [a]
    assert [c.id for c in store.contacts.with_keys(["domain:x.com"])] == [a, b]
    store.contacts.save(a, {"full_name": "Ann"}, ["email:ann@y.com"], ["full_name"])
    assert store.contacts.with_keys(["email:ann@x.com"]) == []
    assert store.contacts.get(a).edited == ["full_name"]


def test_events_are_updated_from_their_folder(store: Store) -> None:
    first, changed = store.events.upsert("saastr", EventInfo("saastr"))
    renamed = EventInfo("SaaStr 2026", dt.date(2026, 9, 9), "San Mateo")
    again, changed_again = store.events.upsert("saastr", renamed)
    assert (first, changed, changed_again) == (again, True, True)
    assert store.events.upsert("saastr", renamed) == (first, False)
    assert store.events.get(first) == renamed
