"""``cardfollow store copy --to postgresql://…``: a single user's SQLite store into a team store,
every row with its id, every photo and card image; then read back through the team store."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import pytest
from card_factory import add_card, jpeg

from conftest import inbox, run_cli, sample
from plugin.config import Config
from plugin.store import Store, StoreError
from plugin.store.copy import copy_store


def _tables_of(store: Store) -> list[str]:
    return [t for t in store.db.tables() if t != "media"]


def test_a_copy_keeps_every_row_its_id_and_every_photo(
    store: Store, config: Config, pg_url: str
) -> None:
    front = add_card(store, config, "Anna Weber", email="anna@weber.example")
    add_card(store, config, "Bo Lind", minutes=2, photo=jpeg(color="gray"))
    back = add_card(store, config, "Anna Weber", minutes=1, email="anna@weber.example")
    # A front pointing at a later card (a back read first), the outbox, touches, remote ids.
    store.cards.update(front, back_of=back, note="met at the stand, wants a demo")
    store.outbox.queue_push(front, 1)
    contact = store.cards.get(front).contact_id
    assert contact is not None
    store.touches.add(contact, dt.datetime(2026, 9, 10, tzinfo=dt.UTC), "call", source="x:1")
    store.remote_ids.put("hubspot", "contact", str(contact), "5012")
    with Store(store.path, pg_url) as team:
        report = copy_store(store, team)
        assert report.rows["cards"] == 3 and not report.missing
        for table in _tables_of(store):
            mine = sorted((tuple(r) for r in store.db.all(f"SELECT * FROM {table}")), key=repr)
            theirs = sorted((tuple(r) for r in team.db.all(f"SELECT * FROM {table}")), key=repr)
            assert theirs == mine, table
        for card in store.cards.list():
            assert team.media.read(card.stored_photo) == store.media.read(card.stored_photo)
            assert card.card_image
            assert team.media.read(card.card_image) == store.media.read(card.card_image)
        assert report.media_files == 6
        # The team store goes on from the highest id: no id is given twice.
        card, _ = team.cards.intake(
            sha256="f" * 64,
            photo="/inbox/new.jpg",
            stored_photo="photos/ff/new.jpg",
            event_id=None,
            captured_at=dt.datetime(2026, 9, 11, tzinfo=dt.UTC),
            side=None,
            side_key=None,
        )
        assert card.id == 4
        assert team.contacts.create({"full_name": "Cy"}, []) > max(
            c.id for c in store.contacts.all()
        )


def test_a_team_store_that_already_holds_cards_is_not_copied_into(
    store: Store, config: Config, pg_url: str
) -> None:
    add_card(store, config, "Anna Weber")
    with Store(store.path, pg_url) as team:
        copy_store(store, team)
        add_card(store, config, "Bo Lind", minutes=2)
        with pytest.raises(StoreError, match="already holds 1 card"):
            copy_store(store, team)
        assert len(team.cards.list()) == 1  # nothing of the second attempt


def test_a_copy_that_fails_leaves_the_team_store_empty(
    store: Store, config: Config, pg_url: str
) -> None:
    add_card(store, config, "Anna Weber")
    later = add_card(store, config, "Bo Lind", minutes=2)
    # SQLite keeps a NUL character in text; PostgreSQL refuses it. The copy stops there, says
    # where, and keeps nothing of what it had copied before.
    store.db.run("UPDATE cards SET note = 'a' || char(0) || 'b' WHERE id = ?", (later,))
    with Store(store.path, pg_url) as team:
        with pytest.raises(StoreError, match=r"table cards: .*nothing was copied"):
            copy_store(store, team)
        assert team.cards.list() == [] and team.contacts.all() == []
        assert (
            team.events.all() == [] and team.media.size(store.cards.list()[0].stored_photo) is None
        )


@pytest.mark.slow
def test_store_copy_moves_a_scanned_store_up_and_it_reads_the_same(
    pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    names = ["s01", "s02", "s05"]
    for name in names:
        photo = sample(name)
        (inbox() / photo.name).write_bytes(photo.read_bytes())
    assert run_cli("scan").returncode == 0
    before = [json.loads(line) for line in run_cli("cards", "--json").stdout.splitlines()]
    assert len(before) == len(names)
    started = time.perf_counter()
    copied = run_cli("store", "copy", "--to", pg_url)
    seconds = time.perf_counter() - started
    assert copied.returncode == 0, copied.stderr
    assert f"{len(names)} card(s)" in copied.stdout
    with capsys.disabled():
        print(f"\nstore copy: {len(names)} scanned cards in {seconds:.2f} s (the whole command)")
    team = {"CARDFOLLOW_STORE_URL": pg_url}
    after = [json.loads(line) for line in run_cli("cards", "--json", env=team).stdout.splitlines()]
    where = {"stored_photo", "card_image"}  # a file before, a row of the team store after
    assert [{k: v for k, v in c.items() if k not in where} for c in after] == [
        {k: v for k, v in c.items() if k not in where} for c in before
    ]
    for card in after:
        assert card["stored_photo"].endswith(Path(card["stored_photo"].split("#")[1]).name)
    # Copied again: refused, with the reason.
    again = run_cli("store", "copy", "--to", pg_url)
    assert again.returncode != 0 and "already holds 3 card(s)" in again.stdout + again.stderr
