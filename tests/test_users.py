"""Several users (issue 17, item 3): the users table and sessions in a real store, `cardfollow
user` as a user runs it, each rep's inbox folder owning their cards, each rep's own profile in
their drafts and mail, and the same person met by two reps as one contact naming both."""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3

import pytest
from card_factory import add_card

from conftest import inbox, run_cli, text_card
from plugin.config import Config
from plugin.contacts.card_json import card_to_dict
from plugin.inbox.owners import event_folders, place_of
from plugin.outbox.send import send
from plugin.review import approve
from plugin.store import Store
from plugin.store.migrations import MIGRATIONS
from plugin.users import accounts
from plugin.users.credentials import token_hash
from plugin.users.settings import card_mail, card_sender

NOW = dt.datetime.now(dt.UTC)
LINK = re.compile(r"^(http://\S+/signin/(\S+))$", re.M)


# -- the store ---------------------------------------------------------------------------------


def test_a_user_is_kept_with_hashes_only_and_a_link_works_once(any_store: Store) -> None:
    store = any_store
    link = accounts.add_user(store, "http://team.example", "alice", "alice@acme.example", False)
    token = link.url.rsplit("/", 1)[1]
    assert link.url == f"http://team.example/signin/{token}" and len(token) >= 40
    row = store.db.one("SELECT * FROM users WHERE name = 'alice'")
    assert row is not None and token not in json.dumps(dict(row))
    assert row["token_hash"] == token_hash(token)

    assert store.users.use_token(token_hash("not-the-token"), NOW) is None
    user = store.users.use_token(token_hash(token), NOW)
    assert user is not None and user.name == "alice" and not user.is_admin
    assert store.users.use_token(token_hash(token), NOW) is None  # spent


def test_a_new_link_replaces_the_old_and_an_old_link_expires(any_store: Store) -> None:
    store = any_store
    first = accounts.add_user(store, "http://x", "bob", "bob@acme.example", True)
    second = accounts.new_link(store, "http://x", "bob")
    old, new = (link.url.rsplit("/", 1)[1] for link in (first, second))
    assert store.users.use_token(token_hash(old), NOW) is None
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=accounts.LINK_DAYS, minutes=1)
    assert store.users.use_token(token_hash(new), later) is None  # too late, and spent
    third = accounts.new_link(store, "http://x", "bob").url.rsplit("/", 1)[1]
    assert store.users.use_token(token_hash(third), NOW) is not None


def test_sessions_end_on_sign_out_expiry_and_removal(any_store: Store) -> None:
    store = any_store
    accounts.add_user(store, "http://x", "alice", "alice@acme.example", False)
    alice = accounts.find(store, "alice")
    store.users.open_session(alice.id, "h1", NOW + dt.timedelta(days=1))
    store.users.open_session(alice.id, "h2", NOW + dt.timedelta(days=1))
    assert store.users.session_user("h1", NOW) == alice
    assert store.users.session_user("h1", NOW + dt.timedelta(days=2)) is None
    store.users.close_session("h1")
    assert store.users.session_user("h1", NOW) is None
    assert store.users.session_user("h2", NOW) is not None
    accounts.remove_user(store, "alice")
    assert store.users.session_user("h2", NOW) is None
    assert not store.users.any() and store.users.by_name("alice") is None


def test_passwords_are_argon2_hashes(any_store: Store) -> None:
    store = any_store
    accounts.add_user(store, "http://x", "alice", "alice@acme.example", False)
    with pytest.raises(accounts.UserError, match="at least"):
        accounts.set_password(store, "alice", "short")
    user = accounts.set_password(store, "alice", "correct horse battery")
    stored = store.users.password_hash(user.id)
    assert user.has_password and stored is not None and stored.startswith("$argon2id$")
    assert "correct horse" not in stored


@pytest.mark.parametrize("name", ["Alice", "failed", "a/b", "../x", "", ".hidden", "x" * 41])
def test_a_user_name_must_be_a_safe_inbox_folder(any_store: Store, name: str) -> None:
    store = any_store
    with pytest.raises(accounts.UserError):
        accounts.add_user(store, "http://x", name, "a@acme.example", False)


def test_a_removed_user_keeps_their_cards_and_can_come_back(
    any_store: Store, config: Config
) -> None:
    store = any_store
    accounts.add_user(store, "http://x", "alice", "alice@acme.example", False)
    alice = accounts.find(store, "alice")
    card = add_card(store, config, "Anna Weber", user_id=alice.id)
    accounts.remove_user(store, "alice")
    assert store.cards.get(card).user_id == alice.id
    assert [r.name for r in store.users.reps_of_contact(store.cards.get(card).contact_id)] == [
        "alice"
    ]
    again = accounts.add_user(store, "http://x", "alice", "alice@new.example", False)
    assert again.user.id == alice.id and again.user.email == "alice@new.example"


def test_the_schema_upgrades_an_existing_store_without_users(config: Config) -> None:
    """A store made before users existed opens, and its cards are nobody's."""
    users_step = next(n for n, _, sql in MIGRATIONS if "CREATE TABLE users" in sql)
    path = config.store().path
    with Store(path) as s:
        card = add_card(s, config, "Anna Weber")
    conn = sqlite3.connect(path)
    conn.execute("DROP INDEX cards_user")
    conn.execute("ALTER TABLE cards DROP COLUMN user_id")
    conn.execute("DROP TABLE sessions")
    conn.execute("DROP TABLE users")
    conn.execute(f"PRAGMA user_version = {users_step - 1}")
    conn.commit()
    conn.close()
    with Store(path) as s:
        assert s.db.version >= users_step
        assert s.cards.get(card).user_id is None and not s.users.any()


# -- the command line --------------------------------------------------------------------------


def test_user_add_list_link_remove_on_the_command_line() -> None:
    added = run_cli("user", "add", "alice", "--email", "alice@acme.example")
    assert added.returncode == 0, added.stderr
    url, token = LINK.search(added.stdout).groups()  # type: ignore[union-attr]
    assert url.startswith("http://127.0.0.1:8155/signin/")
    assert "alice/<event>" in added.stdout

    admin = run_cli("user", "add", "bob", "--email", "bob@acme.example", "--admin")
    assert admin.returncode == 0 and "(admin)" in admin.stdout
    again = run_cli("user", "add", "alice", "--email", "other@acme.example")
    assert again.returncode == 2 and "already a user 'alice'" in again.stderr
    bad = run_cli("user", "add", "Alice Smith", "--email", "alice@acme.example")
    assert bad.returncode == 2 and "cannot be a user name" in bad.stderr
    assert run_cli("user", "add", "carol", "--email", "not-an-address").returncode == 2

    listed = run_cli("user", "list", "--json")
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [(r["name"], r["admin"]) for r in rows] == [("alice", False), ("bob", True)]
    assert token not in listed.stdout

    relinked = run_cli("user", "link", "alice")
    new_token = LINK.search(relinked.stdout).group(2)  # type: ignore[union-attr]
    assert relinked.returncode == 0 and new_token != token
    assert run_cli("user", "link", "nobody").returncode == 2

    removed = run_cli("user", "remove", "alice")
    assert removed.returncode == 0 and "their cards stay" in removed.stdout
    assert [
        json.loads(x)["name"] for x in run_cli("user", "list", "--json").stdout.splitlines()
    ] == ["bob"]


def test_user_profile_sets_own_sender_and_mailbox_masking_the_password() -> None:
    assert run_cli("user", "add", "alice", "--email", "alice@acme.example").returncode == 0
    set_ = run_cli(
        "user", "profile", "alice", "--name", "Alice Moreau", "--signature", "Sales, Acme",
        "--smtp-url", "smtp://alice:hunter2secret@mail.acme.example:587?starttls=1",
    )  # fmt: skip
    assert set_.returncode == 0, set_.stderr
    assert "Alice Moreau" in set_.stdout and "hunter2secret" not in set_.stdout
    assert "smtp://alice:****@mail.acme.example" in set_.stdout
    bad = run_cli("user", "profile", "alice", "--timezone", "Mars/Olympus")
    assert bad.returncode == 2 and "unknown time zone" in bad.stderr
    cleared = run_cli("user", "profile", "alice", "--signature", "")
    assert cleared.returncode == 0 and "Sales, Acme" not in cleared.stdout


# -- ownership, profiles, dedup ----------------------------------------------------------------


def test_the_inbox_layout_with_and_without_reps(tmp_path: object) -> None:
    root = inbox()
    reps = {"alice", "bob"}
    assert place_of(root / "x.jpg", root, reps) == place_of(root / "x.jpg", root, ())
    assert place_of(root / "alice" / "x.jpg", root, reps).rep == "alice"
    assert place_of(root / "alice" / "x.jpg", root, reps).event_folder is None
    at_expo = place_of(root / "alice" / "Expo" / "deep" / "x.jpg", root, reps)
    assert (at_expo.rep, at_expo.event_folder) == ("alice", "alice/Expo")
    assert place_of(root / "Expo" / "x.jpg", root, reps).event_folder == "Expo"
    assert place_of(root / "alice" / "x.jpg", root, ()).event_folder == "alice"  # no users
    assert place_of(root / "failed" / "alice" / "x.jpg", root, reps).rep is None
    for folder in ("alice/Expo", "alice/Fair", "bob/Expo", "Expo", "failed/alice"):
        (root / folder).mkdir(parents=True)
    assert event_folders(root, reps) == ["Expo", "alice/Expo", "alice/Fair", "bob/Expo"]
    assert event_folders(root, ()) == ["Expo", "alice", "bob"]


@pytest.mark.slow
def test_a_photo_in_a_reps_folder_becomes_their_card_signed_by_them(config: Config) -> None:
    assert run_cli("user", "add", "alice", "--email", "alice@acme.example").returncode == 0
    named = run_cli("user", "profile", "alice", "--name", "Alice Moreau", "--title", "AE")
    assert named.returncode == 0, named.stderr
    root = inbox()
    (root / "alice" / "Expo 2026").mkdir(parents=True)
    (root / "alice" / "Expo 2026" / "event.toml").write_text('place = "Lyon"\n')
    text_card(root / "alice" / "Expo 2026" / "a.jpg", ["Jonas Berg", "jonas@fjordline.no"])
    text_card(root / "Fair" / "b.jpg", ["Priya Nguyen", "priya@redwoodpeak.com"])
    scanned = run_cli("scan", env={"CARDFOLLOW_INBOX_STABLE_SECONDS": "0.2"})
    assert scanned.returncode == 0, scanned.stderr
    rows = [json.loads(line) for line in run_cli("cards", "--json").stdout.splitlines()]
    mine = run_cli("cards", "--json", "--rep", "alice").stdout.splitlines()
    assert [json.loads(line)["rep"] for line in mine] == ["alice"]
    assert run_cli("cards", "--rep", "nobody").returncode == 2
    by_photo = {row["photo"].rsplit("/", 1)[1]: row for row in rows}
    assert by_photo["a.jpg"]["rep"] == "alice" and by_photo["b.jpg"]["rep"] is None
    assert by_photo["a.jpg"]["event"] == "Expo 2026" and by_photo["b.jpg"]["event"] == "Fair"
    # The rep's own name signs their card's draft; nobody's card keeps the shared profile.
    assert "Alice Moreau" in by_photo["a.jpg"]["draft"]["body"]
    assert "Sam Carter" not in by_photo["a.jpg"]["draft"]["body"]
    assert "Sam Carter" in by_photo["b.jpg"]["draft"]["body"]
    with Store(config.store().path) as store:
        card = store.cards.get(by_photo["a.jpg"]["id"])
        event = store.events.get(card.event_id)
        assert event is not None and event.place == "Lyon"


def test_each_rep_approves_and_sends_as_themselves(store: Store, config: Config, smtp) -> None:
    """A rep's card goes out from their address through their mailbox; nobody's card from
    the shared profile through the shared server."""
    accounts.add_user(store, "http://x", "alice", "alice@acme.example", False)
    alice = accounts.find(store, "alice")
    own = {"smtp_url": smtp.url(), "send_at": "now"}
    store.users.set_settings(alice.id, profile={"name": "Alice Moreau"}, mail=own)
    theirs = add_card(store, config, "Jonas Berg", email="jonas@fjordline.no", user_id=alice.id)
    shared = add_card(store, config, "Priya Nguyen", email="priya@redwoodpeak.com", minutes=1)
    card = store.cards.get(theirs)
    assert card_sender(store, card, config.sender()).email == "alice@acme.example"
    assert card_mail(store, card, config.mail()).send_at == "now"
    approve(store, theirs, card_mail(store, card, config.mail()),
            sender=card_sender(store, card, config.sender()))  # fmt: skip
    approve(store, shared, config.mail(), sender=config.sender())
    report = send(store, config.sending(), everything=True)
    assert [c for c, _, _ in report.sent] == [theirs], report
    assert report.stopped and "no mail server set" in report.stopped  # the shared one: none
    [received] = smtp.messages
    message = received.message()
    assert "alice@acme.example" in message["From"] and "Alice Moreau" in message["From"]
    assert message["To"].endswith("jonas@fjordline.no>")


def test_the_same_person_met_by_two_reps_is_one_contact_naming_both(
    any_store: Store, config: Config
) -> None:
    store = any_store
    for name in ("alice", "bob"):
        accounts.add_user(store, "http://x", name, f"{name}@acme.example", False)
    alice, bob = accounts.find(store, "alice"), accounts.find(store, "bob")
    first = add_card(store, config, "Anna Weber", email="anna@weber.example", user_id=bob.id)
    second = add_card(
        store, config, "Anna Weber", email="anna@weber.example", minutes=5, user_id=alice.id
    )
    other = add_card(store, config, "Jonas Berg", minutes=6, user_id=alice.id)
    a, b = store.cards.get(first), store.cards.get(second)
    assert a.contact_id == b.contact_id and b.duplicate_of == first
    reps = store.users.reps_of_contact(b.contact_id or 0)
    assert [(r.name, r.card_id) for r in reps] == [("bob", first), ("alice", second)]
    assert [
        r.name for r in store.users.reps_of_contact(store.cards.get(other).contact_id or 0)
    ] == ["alice"]
    shown = card_to_dict(store, b)  # what `show --json` and `cards --json` print
    assert shown["reps"] == ["bob", "alice"] and shown["rep"] == "alice"
