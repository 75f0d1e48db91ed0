"""Approved follow-ups out through a real SMTP server on loopback, at most once, when due; the
embedded CRM's push; ``send``, ``push`` and ``sync-log`` from the command line."""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import socket

import pytest
from card_factory import drafted_card
from keyring_file import keyring_env
from smtp_server import SmtpServer, smtp_server

from conftest import run_cli
from plugin.config import load
from plugin.crm.local import LocalCrm
from plugin.mail.smtp_send import send_message
from plugin.models import EventInfo
from plugin.outbox.push import push
from plugin.outbox.send import send
from plugin.review import approve, skip
from plugin.store import Store

BERLIN = "Europe/Berlin"
# Wednesday 18 Nov 2026, 21:00 in Berlin: the next business morning is Thursday 09:00 (08:00 UTC).
EVENING = dt.datetime(2026, 11, 18, 20, 0, tzinfo=dt.UTC)
MORNING = dt.datetime(2026, 11, 19, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def env(smtp: SmtpServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CARDFOLLOW_SMTP_URL", smtp.url())
    monkeypatch.setenv("CARDFOLLOW_TIMEZONE", BERLIN)
    monkeypatch.setenv("CARDFOLLOW_PROFILE_NAME", "Sam Carter")
    monkeypatch.setenv("CARDFOLLOW_PROFILE_EMAIL", "sam@northwind.example")


def approved(store: Store, name: str, email: str | None, **kw: object) -> int:
    config = load()
    card_id = drafted_card(store, config, name, email=email, **kw)  # type: ignore[arg-type]
    approve(store, card_id, config.mail(), now=EVENING)
    return card_id


def test_approval_queues_the_mail_for_the_next_business_morning(store: Store) -> None:
    card_id = approved(store, "Anna Weber", "anna@acme.example")
    (item,) = [i for i in store.outbox.for_card(card_id) if i.kind == "send"]
    assert dt.datetime.fromisoformat(item.due_at or "") == MORNING


def test_an_event_can_send_at_once(store: Store) -> None:
    meetup = EventInfo("Meetup", send_at="now")
    card_id = approved(store, "Anna Weber", "anna@acme.example", event=meetup)
    (item,) = [i for i in store.outbox.for_card(card_id) if i.kind == "send"]
    assert dt.datetime.fromisoformat(item.due_at or "") == EVENING


def test_mail_goes_when_due_and_only_once(store: Store, smtp: SmtpServer) -> None:
    card_id = approved(store, "Anna Weber", "anna@acme.example", company="Acme")
    early = send(store, load().sending(), now=EVENING + dt.timedelta(hours=1))
    assert early.sent == [] and len(early.not_due) == 1
    assert smtp.messages == []

    report = send(store, load().sending(), now=MORNING + dt.timedelta(minutes=1))
    assert [(c, to) for c, to, _ in report.sent] == [(card_id, "Anna Weber <anna@acme.example>")]
    (received,) = smtp.messages
    message = received.message()
    (item,) = [i for i in store.outbox.for_card(card_id) if i.kind == "send"]
    assert item.state == "done"
    assert message["Message-ID"] == item.result["message_id"]
    assert message["From"] == "Sam Carter <sam@northwind.example>"
    assert message["Subject"] == store.drafts.current(card_id).subject
    assert store.cards.get(card_id).state == "sent"

    again = send(store, load().sending(), now=MORNING + dt.timedelta(days=3), everything=True)
    assert again.sent == [] and len(smtp.messages) == 1


def test_now_sends_what_is_not_due_yet(store: Store, smtp: SmtpServer) -> None:
    approved(store, "Anna Weber", "anna@acme.example")
    report = send(store, load().sending(), now=EVENING, everything=True)
    assert len(report.sent) == 1 and len(smtp.messages) == 1


def test_a_passing_failure_stays_queued_with_its_reason(store: Store, smtp: SmtpServer) -> None:
    card_id = approved(store, "Anna Weber", "anna@acme.example")
    smtp.data_reply = "451 4.3.0 try later"
    report = send(store, load().sending(), now=MORNING, everything=True)
    assert report.retry and report.sent == []
    (item,) = [i for i in store.outbox.for_card(card_id) if i.kind == "send"]
    assert item.state == "queued" and "451" in (item.last_error or "")
    assert dt.datetime.fromisoformat(item.due_at or "") > MORNING  # tried again later

    smtp.data_reply = None
    assert send(store, load().sending(), now=MORNING, everything=True).sent
    assert len(smtp.messages) == 1


def test_a_refused_recipient_is_held_until_the_user_retries(store: Store, smtp: SmtpServer) -> None:
    card_id = approved(store, "Anna Weber", "anna@acme.example")
    smtp.refuse_rcpt["anna@acme.example"] = "550 5.1.1 no such user"
    report = send(store, load().sending(), now=MORNING, everything=True)
    assert report.held and "550" in report.held[0][1]
    (item,) = [i for i in store.outbox.for_card(card_id) if i.kind == "send"]
    assert item.state == "held"
    assert send(store, load().sending(), now=MORNING, everything=True).sent == []

    del smtp.refuse_rcpt["anna@acme.example"]
    store.outbox.requeue(item.id)
    assert send(store, load().sending(), now=MORNING, everything=True).sent
    assert len(smtp.messages) == 1


def test_a_mail_that_may_have_gone_out_is_never_sent_again(store: Store, smtp: SmtpServer) -> None:
    card_id = approved(store, "Anna Weber", "anna@acme.example")
    smtp.drop_after_data = True  # the server keeps the mail, the client hears nothing
    report = send(store, load().sending(), now=MORNING, everything=True)
    assert report.held and "may have" in report.held[0][1]
    smtp.drop_after_data = False
    assert send(store, load().sending(), now=MORNING, everything=True).sent == []
    assert len(smtp.messages) == 1
    (item,) = [i for i in store.outbox.for_card(card_id) if i.kind == "send"]
    assert item.state == "held" and item.result["message_id"]


def test_a_send_interrupted_by_a_crash_is_held_not_repeated(store: Store, smtp: SmtpServer) -> None:
    card_id = approved(store, "Anna Weber", "anna@acme.example")
    # A process that died right after recording the Message-ID, before the server answered.
    dead = f"{socket.gethostname()}:999999999"
    (item,) = store.outbox.claim_due(("send",), dead, due_before=None)
    store.outbox.checkpoint(item.id, {"message_id": "<x@y>", "started_at": "2026-11-19T08:00"})
    report = send(store, load().sending(), now=MORNING, everything=True)
    assert report.sent == [] and report.held and smtp.messages == []
    assert store.outbox.get(item.id).state == "held"
    assert store.cards.get(card_id).state == "approved"


def test_skip_after_approval_withdraws_the_mail(store: Store, smtp: SmtpServer) -> None:
    card_id = approved(store, "Anna Weber", "anna@acme.example")
    skip(store, card_id)
    assert send(store, load().sending(), now=MORNING, everything=True).sent == []
    assert smtp.messages == []


def test_mail_over_starttls_with_a_login(env: None, monkeypatch: pytest.MonkeyPatch) -> None:
    with smtp_server(tls="starttls", users={"sam": "pw"}) as tls:
        monkeypatch.setenv("CARDFOLLOW_SMTP_URL", tls.url("sam", "pw"))
        config = load()
        with Store(config["store.path"]) as store:
            approved(store, "Anna Weber", "anna@acme.example")
            mailer = functools.partial(send_message, ssl_context=tls.client_context())
            report = send(store, config.sending(), now=MORNING, mailer=mailer)
        assert len(report.sent) == 1
        assert tls.messages[0].tls and tls.messages[0].user == "sam"


def test_the_local_crm_push_marks_cards_pushed(store: Store) -> None:
    card_id = approved(store, "Anna Weber", "anna@acme.example")
    no_email = approved(store, "Bob Stone", None)
    report = push(store, load().sender(), LocalCrm(), now=EVENING)
    assert {c for c, _ in report.done} == {card_id, no_email}
    assert store.cards.get(card_id).state == "pushed"
    assert push(store, load().sender(), LocalCrm(), now=EVENING).done == []  # nothing twice


def test_send_push_and_sync_log_from_the_command_line(store: Store, smtp: SmtpServer) -> None:
    card_id = approved(store, "Anna Weber", "anna@acme.example", company="Acme")
    env = {k: v for k, v in os.environ.items() if k.startswith("CARDFOLLOW_")}

    dry = run_cli("send", "--now", "--dry-run", env=env)
    assert dry.returncode == 0, dry.stderr
    assert "anna@acme.example" in dry.stdout and smtp.messages == []

    pushed = run_cli("push", env=env)
    assert pushed.returncode == 0, pushed.stderr
    sent = run_cli("send", "--now", env=env)
    assert sent.returncode == 0, sent.stderr
    assert len(smtp.messages) == 1

    log = run_cli("sync-log", "--json", env=env)
    assert log.returncode == 0, log.stderr
    (entry,) = [json.loads(line) for line in log.stdout.splitlines()]
    assert entry["card_id"] == card_id and entry["state"] == "sent"
    kinds = {i["kind"]: i for i in entry["items"]}
    assert kinds["push"]["state"] == "done" and kinds["push"]["ids"] == {"contact": "1"}
    assert kinds["send"]["message_id"] == smtp.messages[0].message()["Message-ID"]
    assert kinds["send"]["sent_at"]

    table = run_cli("sync-log", env=env)
    assert table.returncode == 0 and "Anna Weber" in table.stdout


def test_send_without_a_mail_server_says_how_to_set_one(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    approved(store, "Anna Weber", "anna@acme.example")
    env = {k: v for k, v in os.environ.items() if k.startswith("CARDFOLLOW_")}
    env["CARDFOLLOW_SMTP_URL"] = ""
    result = run_cli("send", "--now", env=env)
    assert result.returncode == 2
    assert "CARDFOLLOW_SMTP_URL" in result.stderr


def test_an_unreachable_server_stops_the_run_and_keeps_every_mail(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    cards = [approved(store, f"P {i}", f"p{i}@x.example", seq=i) for i in range(3)]
    with smtp_server() as gone:
        url = gone.url()
    monkeypatch.setenv("CARDFOLLOW_SMTP_URL", url)  # nothing listens there any more
    report = send(store, load().sending(), now=MORNING, everything=True)
    assert report.stopped and report.sent == [] and report.held == []
    sends = [i for c in cards for i in store.outbox.for_card(c) if i.kind == "send"]
    assert all(i.state == "queued" for i in sends)
    assert sum(1 for i in sends if i.last_error) == 1  # one tried; the rest untouched


def test_the_smtp_password_can_live_in_the_keyring(store: Store) -> None:
    approved(store, "Anna Weber", "anna@acme.example")
    with smtp_server(users={"sam": "s3cret-pw"}) as auth_server:
        extra = keyring_env({"smtp:sam@127.0.0.1": "s3cret-pw"})
        env = {k: v for k, v in os.environ.items() if k.startswith("CARDFOLLOW_")}
        env["CARDFOLLOW_SMTP_URL"] = auth_server.url("sam")  # no password in the URL
        result = run_cli("send", "--now", env={**env, **extra})
        assert result.returncode == 0, result.stderr
        assert [m.user for m in auth_server.messages] == ["sam"]
        assert "s3cret-pw" not in result.stdout + result.stderr
