"""Each rep's own profile and mailbox wherever a follow-up or digest goes out (issue 17, item 3):
`cardfollow approve` checks the card's rep's profile, not the shared one; the HubSpot sidebar
signs and schedules with the rep's settings; `cardfollow digest --email` mails each rep their
own contacts from their own mailbox; approving on a team store's review page queues the push
and the send for the workers at once. Real SQLite, real SMTP on loopback, a real PostgreSQL."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator

import pytest
from card_factory import T0, add_card
from smtp_server import SmtpServer, smtp_server
from starlette.testclient import TestClient

from conftest import WEB_BASE, run_cli
from plugin.config import Config, SendSettings, load
from plugin.jobs.app import ensure_schema, make_app
from plugin.keep_in_touch import team_digest
from plugin.models import Sender
from plugin.review import approve
from plugin.store import CardState, OutboxKind, OutboxState, Store
from plugin.users import accounts
from plugin.users.settings import card_mail, card_sender
from plugin.web import create_app
from plugin.web.security import CSRF_COOKIE
from plugin.web.sidebar import followup

NOW = dt.datetime(2026, 9, 10, 15, 0, tzinfo=dt.UTC)


def rep(store: Store, name: str, email: str, **mail: str) -> int:
    accounts.add_user(store, "http://x", name, email, False)
    user = accounts.find(store, name)
    store.users.set_settings(user.id, profile={"name": name.title()}, mail=mail)
    return user.id


def nameless(store: Store, name: str) -> int:
    """A rep whose account has no usable address (e.g. brought over from elsewhere)."""
    return store.users.add(name, "", False).id


# -- cardfollow approve ------------------------------------------------------------------------


def test_approve_checks_each_cards_rep_not_the_shared_profile(
    store: Store, config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice = rep(store, "alice", "alice@acme.example")
    bob = nameless(store, "bob")
    hers = add_card(store, config, "Anna Weber", email="anna@weber.example", user_id=alice)
    his = add_card(store, config, "Jonas Berg", email="jonas@fjord.example", minutes=1, user_id=bob)
    nobodys = add_card(store, config, "Priya Nguyen", email="priya@redwood.example", minutes=2)
    monkeypatch.delenv("CARDFOLLOW_PROFILE_NAME")
    monkeypatch.delenv("CARDFOLLOW_PROFILE_EMAIL")  # the shared profile is empty

    # Alice's own profile is complete: her card goes, though the shared one is empty.
    ok = run_cli("approve", str(hers))
    assert ok.returncode == 0, ok.stderr
    assert store.cards.get(hers).state == CardState.APPROVED
    # Bob has no address: his card is refused, naming him and how to set it; the other goes on.
    both = run_cli("approve", str(his), str(hers))
    assert both.returncode == 1
    assert f"card {his}: bob's profile needs a valid email" in both.stderr
    assert "cardfollow user profile bob --email" in both.stderr
    assert f"card {hers}: already approved" in both.stdout
    assert store.cards.get(his).state == CardState.DRAFTED and store.outbox.for_card(his) == []
    # A card of nobody still needs the shared profile, checked before anything changes.
    shared = run_cli("approve", str(nobodys), str(his))
    assert shared.returncode == 2 and "your name and your email" in shared.stderr
    assert store.cards.get(nobodys).state == CardState.DRAFTED


# -- the HubSpot sidebar -----------------------------------------------------------------------


def test_the_sidebar_sends_a_reps_card_with_the_reps_settings(store: Store, config: Config) -> None:
    # The shared profile is empty and its mail goes in the morning; Alice's goes at once.
    sending = SendSettings(
        dataclasses.replace(config.mail(), smtp_url="smtp://127.0.0.1:2525", send_at="morning"),
        Sender(),
    )
    settings = followup.FollowupSettings(sending, sent_from_hubspot=False)
    alice = rep(store, "alice", "alice@acme.example", send_at="now")
    bob = nameless(store, "bob")
    hers = store.cards.get(
        add_card(store, config, "Anna Weber", email="a@w.example", user_id=alice)
    )
    his = store.cards.get(
        add_card(store, config, "Jonas Berg", email="j@f.example", minutes=1, user_id=bob)
    )
    nobodys = store.cards.get(
        add_card(store, config, "Priya Nguyen", email="p@r.example", minutes=2)
    )

    assert followup.describe(store, settings, hers).can_send
    shown = followup.describe(store, settings, his)
    assert not shown.can_send and "bob's profile needs a valid email" in shown.message.lower()
    assert (
        "your profile needs your name and your email"
        in followup.describe(store, settings, nobodys).message.lower()
    )
    with pytest.raises(followup.FollowupConflict, match=r"(?i)bob's profile"):
        followup.approve(store, settings, his, "Hi", "Hello", "later", NOW)

    draft = store.drafts.current(hers.id)
    assert draft is not None
    followup.approve(store, settings, hers, draft.subject, draft.body, "later", NOW)
    [send] = [i for i in store.outbox.for_card(hers.id) if i.kind == OutboxKind.SEND]
    # "later" is Alice's own send time (now), not the shared morning.
    assert send.state == OutboxState.QUEUED and send.due_at is not None
    assert dt.datetime.fromisoformat(send.due_at) == NOW


# -- the digest --------------------------------------------------------------------------------


def kept_in_touch(
    store: Store, config: Config, name: str, minutes: int, user_id: int | None
) -> int:
    """An approved card whose contact was last in touch four months ago: due a check-in."""
    card_id = add_card(
        store, config, name, email=f"{name.split()[0].lower()}@met.example", minutes=minutes,
        user_id=user_id,
    )  # fmt: skip
    card = store.cards.get(card_id)
    approve(store, card_id, card_mail(store, card, config.mail()),
            sender=card_sender(store, card, config.sender()))  # fmt: skip
    contact = store.cards.get(card_id).contact_id
    assert contact is not None
    store.touches.add(
        contact,
        dt.datetime.now(dt.UTC) - dt.timedelta(days=120),
        "email",
        source=f"test:old:{contact}",
    )
    return contact


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, smtp: SmtpServer) -> None:
    monkeypatch.setenv("CARDFOLLOW_SMTP_URL", smtp.url())


def test_digest_email_mails_each_rep_their_own_from_their_mailbox(
    store: Store, config: Config, smtp: SmtpServer
) -> None:
    with smtp_server() as own:
        alice = rep(store, "alice", "alice@acme.example", smtp_url=own.url())
        bob = rep(store, "bob", "bob@acme.example")
        kept_in_touch(store, config, "Ada Lovelace", 0, alice)
        kept_in_touch(store, config, "Grace Hopper", 1, bob)
        kept_in_touch(store, config, "Alan Turing", 2, None)
        before = len(smtp.messages)
        result = run_cli("digest", "--email", "--offline")
        assert result.returncode == 0, result.stderr
        assert "alice's digest sent to alice@acme.example: 1 due" in result.stdout
        assert "bob's digest sent to bob@acme.example: 1 due" in result.stdout
        assert "contacts no rep met sent to sam@northwind.example: 1 due" in result.stdout
        [hers] = [m.message() for m in own.messages]  # through her own mailbox
    assert hers["To"].endswith("<alice@acme.example>") and "alice@acme.example" in hers["From"]
    text = hers.get_body(("plain",)).get_content()
    assert "Ada Lovelace" in text and "Grace" not in text and "Alan" not in text
    shared = {m.message()["To"]: m.message() for m in smtp.messages[before:]}
    assert len(shared) == 2
    [his] = [m for to, m in shared.items() if to.endswith("<bob@acme.example>")]
    assert "Grace Hopper" in his.get_body(("plain",)).get_content()
    assert "Bob" in his["From"]
    [team] = [m for to, m in shared.items() if to.endswith("<sam@northwind.example>")]
    body = team.get_body(("plain",)).get_content()
    assert "Alan Turing" in body and "Ada" not in body and "Grace" not in body
    # --to still mails the whole digest to one address.
    whole = run_cli("digest", "--to", "boss@acme.example", "--offline")
    assert whole.returncode == 0 and "digest sent to boss@acme.example: 3 due" in whole.stdout


def test_a_rep_with_no_one_due_gets_no_digest_and_a_failed_one_is_reported(
    store: Store, config: Config
) -> None:
    alice = rep(store, "alice", "alice@acme.example", smtp_url="smtp://127.0.0.1:9")
    rep(store, "bob", "bob@acme.example")  # met no one: no digest for him
    kept_in_touch(store, config, "Ada Lovelace", 0, alice)
    digests = team_digest.per_rep(
        store, config.checkins(), config.sender(), dt.datetime.now(dt.UTC).date()
    )
    assert [(d.rep, d.to, d.digest.due) for d in digests] == [("alice", "alice@acme.example", 1)]
    [sent] = team_digest.mail_each(digests, config.touch())
    assert sent.address is None and sent.problem  # her mail server does not answer


# -- the review page on a team store -----------------------------------------------------------


@pytest.fixture
def team(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Config, Store]]:
    monkeypatch.setenv("CARDFOLLOW_STORE_URL", pg_url)
    config = load()
    with Store(config.store().path, pg_url) as store:
        yield config, store


def _sign_in_by_link(client: TestClient, url: str) -> None:
    client.get("/signin")
    form = {"csrf_token": client.cookies[CSRF_COOKIE], "token": url.rsplit("/", 1)[1]}
    assert client.post("/signin/link", data=form).status_code == 303


@pytest.mark.slow  # a scratch PostgreSQL server
def test_approving_on_a_team_stores_page_queues_the_push_and_send(
    team: tuple[Config, Store], pg_url: str
) -> None:
    config, store = team
    link = accounts.add_user(store, WEB_BASE, "alice", "alice@acme.example", True)
    card = add_card(store, config, "Anna Weber", email="anna@weber.example", user_id=link.user.id)
    app = make_app(pg_url)
    with TestClient(create_app(config), base_url=WEB_BASE, follow_redirects=False) as client:
        _sign_in_by_link(client, link.url)
        ensure_schema(app, pg_url)
        with app.open():
            assert list(app.job_manager.list_jobs(task="cardfollow:push")) == []
        done = client.post(
            f"/cards/{card}/approve", data={"csrf_token": client.cookies[CSRF_COOKIE]}
        )
        assert done.status_code == 303
    assert store.cards.get(card).state == CardState.APPROVED
    with app.open():
        pushes = list(app.job_manager.list_jobs(task="cardfollow:push"))
        sends = list(app.job_manager.list_jobs(task="cardfollow:send"))
    assert len(pushes) == 1 and len(sends) == 1


@pytest.mark.slow  # a scratch PostgreSQL server
def test_approving_a_checkin_on_a_team_stores_due_page_queues_the_send(
    team: tuple[Config, Store], pg_url: str
) -> None:
    config, store = team
    link = accounts.add_user(store, WEB_BASE, "alice", "alice@acme.example", True)
    card = add_card(store, config, "Anna Weber", email="anna@weber.example", user_id=link.user.id)
    approve(store, card, config.mail(), now=T0)
    contact = store.cards.get(card).contact_id
    assert contact is not None
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=200)  # due under any cadence
    store.touches.add(contact, long_ago, "email", source="hubspot:emails:1")
    app = make_app(pg_url)
    ensure_schema(app, pg_url)
    with app.open():
        before = len(list(app.job_manager.list_jobs(task="cardfollow:send")))
    with TestClient(create_app(config), base_url=WEB_BASE, follow_redirects=False) as client:
        _sign_in_by_link(client, link.url)
        assert "Anna Weber" in client.get("/due").text  # drafts her check-in
        (checkin,) = [c for c in store.checkins.list() if c.contact_id == contact]
        done = client.post(
            f"/due/{contact}/approve",
            data={"csrf_token": client.cookies[CSRF_COOKIE], "checkin": str(checkin.id)},
        )
        assert done.status_code == 303
    assert store.checkins.get(checkin.id).state == "approved"
    with app.open():
        sends = list(app.job_manager.list_jobs(task="cardfollow:send"))
    assert before == 0 and len(sends) == 1
