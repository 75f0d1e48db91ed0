"""Keep in touch over months of simulated time: cadences and where they come from, who is due,
check-ins drafted, approved and really sent (a real SMTP server on loopback), touches of every
kind resetting the timer, skips, and the weekly digest. The clock is passed in, never read."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import requests
from card_factory import add_card
from fake_hubspot import FakeHubSpot, VirtualClock
from smtp_server import SmtpServer

from conftest import run_cli
from plugin.config import Config
from plugin.crm.hubspot.adapter import HubSpotCrm
from plugin.crm.hubspot.auth import StaticToken
from plugin.crm.hubspot.client import HubSpotClient
from plugin.keep_in_touch import checkins, digest
from plugin.keep_in_touch.cadence import (
    CadenceError,
    add_months,
    parse_cadence,
    parse_tiers,
)
from plugin.keep_in_touch.due import due, relationships
from plugin.keep_in_touch.touches import read_back, touched
from plugin.models import EventInfo
from plugin.outbox.push import push
from plugin.outbox.send import send
from plugin.review import approve
from plugin.store import Relationship, Store

MET = dt.datetime(2026, 9, 9, 14, 0, tzinfo=dt.UTC)  # card_factory's T0: a Wednesday


def at(day: str, hour: int = 10) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=dt.UTC)


def d(day: str) -> dt.date:
    return dt.date.fromisoformat(day)


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, smtp: SmtpServer) -> None:
    monkeypatch.setenv("CARDFOLLOW_SMTP_URL", smtp.url())
    monkeypatch.setenv("CARDFOLLOW_PROFILE_NAME", "Sam Carter")
    monkeypatch.setenv("CARDFOLLOW_PROFILE_EMAIL", "sam@northwind.example")
    monkeypatch.setenv("CARDFOLLOW_TIMEZONE", "UTC")
    monkeypatch.setenv("CARDFOLLOW_CADENCE_TIERS", "vip=monthly, partner=twice-a-year")


def followed_up(
    store: Store,
    config: Config,
    name: str,
    *,
    minutes: int = 0,
    event: str | EventInfo | None = "Web Summit 2026",
    sent: bool = True,
) -> int:
    """A card met at MET, approved an hour later, its follow-up sent the next morning (09:00,
    the default send time); returns the contact id."""
    card_id = add_card(store, config, name, minutes=minutes, event=event)
    approve(store, card_id, config.mail(), now=MET + dt.timedelta(hours=1))
    if sent:
        report = send(store, config.sending(), now=at("2026-09-10", 9))
        assert report.sent, report
    contact = store.cards.get(card_id).contact_id
    assert contact is not None
    return contact


def names(people: list) -> list[str]:  # type: ignore[type-arg]
    return [p.name for p in people]


# --- cadences -------------------------------------------------------------------------------


def test_cadence_names_and_calendar_months() -> None:
    assert parse_cadence("Twice a year") == "twice-a-year"
    assert parse_cadence(" QUARTERLY ") == "quarterly"
    with pytest.raises(CadenceError, match="one of monthly"):
        parse_cadence("weekly")
    assert parse_tiers("VIP = monthly; partner=twice a year") == {
        "vip": "monthly",
        "partner": "twice-a-year",
    }
    with pytest.raises(CadenceError, match="tag=cadence"):
        parse_tiers("vip")
    assert add_months(d("2026-01-31"), 1) == d("2026-02-28")
    assert add_months(d("2027-11-30"), 3) == d("2028-02-29")  # a leap year
    assert add_months(d("2026-09-10"), 6) == d("2027-03-10")


def test_where_each_contacts_cadence_comes_from(store: Store, config: Config) -> None:
    plain = followed_up(store, config, "Ada Lovelace", sent=False)
    own = followed_up(store, config, "Grace Hopper", minutes=1, sent=False)
    vip = followed_up(store, config, "Alan Turing", minutes=2, sent=False)
    both = followed_up(store, config, "Edsger Dijkstra", minutes=3, sent=False)
    fair = EventInfo("Hannover Messe", dt.date(2026, 9, 9), cadence="twice-a-year")
    at_fair = followed_up(store, config, "Barbara Liskov", minutes=4, event=fair, sent=False)
    store.relationships.save(Relationship(own, "monthly", ["vip"]))
    store.relationships.save(Relationship(vip, None, ["vip"]))
    store.relationships.save(Relationship(both, None, ["partner", "vip"]))
    store.relationships.save(Relationship(at_fair, "none", []))
    got = {
        p.contact_id: (p.cadence.name, p.cadence.source)
        for p in relationships(store, config.touch(), config.mail())
    }
    assert got[plain] == ("quarterly", "default")
    assert got[own] == ("monthly", "contact")  # the contact's own beats its tag
    assert got[vip] == ("monthly", "tag:vip")
    assert got[both] == ("monthly", "tag:vip")  # the closest relationship wins
    assert got[at_fair] == ("none", "contact")
    store.relationships.save(Relationship(at_fair, None, []))
    at_event = {p.contact_id: p for p in relationships(store, config.touch(), config.mail())}[
        at_fair
    ]
    assert (at_event.cadence.name, at_event.cadence.source) == (
        "twice-a-year",
        "event:Hannover Messe",
    )
    # Never followed up (drafted, not approved): not kept in touch at all.
    add_card(store, config, "Ken Thompson", minutes=9)
    assert "Ken Thompson" not in names(relationships(store, config.touch(), config.mail()))


# --- months of simulated time ----------------------------------------------------------------


def test_a_year_of_keeping_in_touch(store: Store, config: Config, smtp: SmtpServer) -> None:
    ada = followed_up(store, config, "Ada Lovelace")
    grace = followed_up(store, config, "Grace Hopper", minutes=1)
    store.relationships.save(Relationship(grace, "monthly", []))
    none = followed_up(store, config, "Alan Turing", minutes=2)
    store.relationships.save(Relationship(none, "none", []))
    assert len(smtp.messages) == 3  # the three follow-ups

    # Grace monthly from the follow-up (10 Sep): due 10 Oct; Ada quarterly: 10 Dec.
    assert due(store, config.touch(), config.mail(), d("2026-10-09")) == []
    assert names(due(store, config.touch(), config.mail(), d("2026-10-10"))) == ["Grace Hopper"]
    late = due(store, config.touch(), config.mail(), d("2026-12-20"))
    assert names(late) == ["Grace Hopper", "Ada Lovelace"]  # most overdue first
    assert [p.days_overdue(d("2026-12-20")) for p in late] == [71, 10]
    assert late[1].last_touch is not None and late[1].last_touch.kind == "followup"

    # The check-ins are drafted, approved, and really sent the next business morning.
    ready = checkins.prepare(store, config.checkins(), d("2026-12-20"))
    assert all(p.checkin is not None and p.checkin.state == "drafted" for p in ready)
    ada_checkin = next(p.checkin for p in ready if p.contact_id == ada)
    assert ada_checkin is not None and ada_checkin.body.startswith("Hi Ada,")
    assert "since we were last in touch" in ada_checkin.body  # counted from the follow-up
    assert (
        checkins.prepare(store, config.checkins(), d("2026-12-20"))[0].checkin == ready[0].checkin
    )
    sunday = at("2026-12-20", 18)
    goes = checkins.approve(store, config.checkins(), ada_checkin.id, now=sunday)
    assert goes == at("2026-12-21", 9)  # Monday 09:00
    assert send(store, config.sending(), now=at("2026-12-20", 20)).sent == []  # not before its time
    report = send(store, config.sending(), now=at("2026-12-21", 9))
    assert [card for card, _, _ in report.sent] == [ada_checkin.card_id]
    checkin_mail = smtp.messages[-1].message()
    assert checkin_mail["Subject"] == ada_checkin.subject
    assert checkin_mail["To"].endswith("<ada.lovelace@ada.lovelace.example>")
    assert store.checkins.get(ada_checkin.id).state == "sent"
    # The card it was anchored on stays as it was (sent): a check-in is not its follow-up.
    assert store.cards.get(ada_checkin.card_id).state == "sent"

    # Ada's timer restarted at the check-in: next due three months on.
    people = {p.contact_id: p for p in relationships(store, config.touch(), config.mail())}
    assert people[ada].last_touch is not None and people[ada].last_touch.kind == "checkin"
    assert people[ada].due_on == d("2027-03-21")
    assert names(due(store, config.touch(), config.mail(), d("2027-03-20"))) == ["Grace Hopper"]

    # Grace: the user met her for coffee (recorded by hand): monthly from then.
    touched(store, grace, "coffee in Berlin", at=at("2027-01-05"))
    assert {p.contact_id: p for p in relationships(store, config.touch(), config.mail())}[
        grace
    ].due_on == d("2027-02-05")
    # Her stale draft from December is withdrawn once she is not due any more.
    checkins.prepare(store, config.checkins(), d("2027-01-06"))
    assert store.checkins.open_for(grace) is None

    # Skipping a check-in ("not this time") restarts the timer but is no interaction.
    feb = checkins.prepare(store, config.checkins(), d("2027-02-10"))
    grace_checkin = next(p.checkin for p in feb if p.contact_id == grace)
    assert grace_checkin is not None
    checkins.skip(store, grace_checkin.id, now=at("2027-02-10"))
    grace_now = {p.contact_id: p for p in relationships(store, config.touch(), config.mail())}[
        grace
    ]
    assert grace_now.due_on == d("2027-03-10")
    assert grace_now.last_touch is not None and grace_now.last_touch.kind == "manual"

    # "none" is never due, however long.
    assert none not in [
        p.contact_id for p in due(store, config.touch(), config.mail(), d("2028-01-01"))
    ]
    assert len(smtp.messages) == 4


def test_never_sent_counts_from_the_day_met(store: Store, config: Config) -> None:
    """A contact whose follow-up had no email (pushed only) is kept in touch from the day met."""
    contact = followed_up(store, config, "Linus Torvalds", sent=False)
    person = relationships(store, config.touch(), config.mail())[0]
    assert person.contact_id == contact and person.last_touch is None
    assert person.since == d("2026-09-09") and person.due_on == d("2026-12-09")


def test_check_in_templates_notes_and_own_words(store: Store, config: Config) -> None:
    contact = followed_up(store, config, "Ada Lovelace")
    person = checkins.find(store, config.checkins(), contact)
    first = checkins.draft(store, config.checkins(), person, today=d("2026-12-11"))
    assert first.template == "check-in"
    congrats = checkins.draft(
        store,
        config.checkins(),
        person,
        template="check-in-congrats",
        note="Saw the news of your Series A",
    )
    assert congrats.id == first.id and congrats.template == "check-in-congrats"
    assert "Saw the news of your Series A. Congratulations" in congrats.body
    checkins.edit(store, first.id, "Quick hello", "Hi Ada,\n\nMy own words.\n\nSam")
    mine = store.checkins.get(first.id)
    assert mine.edited and mine.subject == "Quick hello"
    # Drafted again without a new template or note: the user's own words stay.
    assert checkins.draft(store, config.checkins(), person).subject == "Quick hello"
    with pytest.raises(checkins.CheckinError, match="subject and a text"):
        checkins.edit(store, first.id, " ", "x")
    with pytest.raises(checkins.CheckinError, match="not kept in touch"):
        checkins.find(store, config.checkins(), 999)


def test_approving_twice_and_skipping_after_approval(store: Store, config: Config) -> None:
    contact = followed_up(store, config, "Ada Lovelace")
    record = checkins.draft(
        store, config.checkins(), checkins.find(store, config.checkins(), contact)
    )
    first = checkins.approve(store, config.checkins(), record.id, now=at("2026-12-14"))
    assert checkins.approve(store, config.checkins(), record.id, now=at("2026-12-15")) == first
    queued = [i for i in store.outbox.list("queued") if i.key == f"send:checkin:{record.id}"]
    assert len(queued) == 1
    checkins.skip(store, record.id, now=at("2026-12-14", 11))
    assert store.outbox.by_key(f"send:checkin:{record.id}") is None
    assert store.checkins.get(record.id).state == "skipped"
    # A card's own withdrawal never takes a check-in anchored on it along.
    again = checkins.draft(
        store, config.checkins(), checkins.find(store, config.checkins(), contact)
    )
    checkins.approve(store, config.checkins(), again.id, now=at("2026-12-14"))
    store.outbox.cancel(again.card_id)
    assert store.outbox.by_key(f"send:checkin:{again.id}") is not None


def test_a_contact_without_email_cannot_be_checked_in_by_mail(store: Store, config: Config) -> None:
    card_id = add_card(store, config, "Dennis Ritchie", emails=[])
    approve(store, card_id, config.mail(), now=MET)
    contact = store.cards.get(card_id).contact_id
    assert contact is not None
    record = checkins.draft(
        store, config.checkins(), checkins.find(store, config.checkins(), contact)
    )
    with pytest.raises(checkins.CheckinError, match="no email address"):
        checkins.approve(store, config.checkins(), record.id)


# --- the digest --------------------------------------------------------------------------------


def test_the_weekly_digest_printed_and_mailed(
    store: Store, config: Config, smtp: SmtpServer
) -> None:
    ada = followed_up(store, config, "Ada Lovelace")
    grace = followed_up(store, config, "Grace <script>alert(1)</script> Hopper", minutes=1)
    store.relationships.save(Relationship(grace, "monthly", []))
    week = digest.weekly(store, config.checkins(), d("2026-12-13"))
    assert week.due == 2 and week.subject.startswith("2 contacts due a check-in")
    text = week.text
    assert text.index("Grace") < text.index("Ada Lovelace")  # most overdue first
    assert "Subject: " in text and "| Hi Ada," in text
    assert f"cardfollow checkin {ada} --approve" in text
    assert "<script>" not in week.html and "&lt;script&gt;" in week.html
    before = len(smtp.messages)
    assert (
        digest.mail(week, config.mail(), config.sender(), config.touch()) == "sam@northwind.example"
    )
    sent = smtp.messages[before].message()
    assert sent["Subject"] == week.subject and sent["To"].endswith("<sam@northwind.example>")
    assert sent.get_body(("html",)) is not None and sent.get_body(("plain",)) is not None
    # Coming up: due within the week, listed without drafts.
    early = digest.weekly(store, config.checkins(), d("2026-10-05"))
    assert early.due == 0 and "Coming up:" in early.text and "Grace" in early.text


def test_due_and_touched_from_the_command_line(store: Store, config: Config) -> None:
    """The real commands, on today's date: a contact last in touch four months ago is due."""
    contact = followed_up(store, config, "Ada Lovelace", sent=False)
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=120)
    store.touches.add(contact, long_ago, "email", source="test:old")
    listed = run_cli("due", "--json", "--offline")
    assert listed.returncode == 0, listed.stderr
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [r["contact_id"] for r in rows] == [contact]
    row = rows[0]
    assert row["cadence"] == "quarterly" and row["cadence_from"] == "default"
    assert row["last_touch_kind"] == "email" and row["days_overdue"] >= 27
    assert row["checkin"]["state"] == "drafted"
    shown = run_cli("checkin", str(contact))
    assert shown.returncode == 0 and "Hi Ada," in shown.stdout
    done = run_cli("touched", str(contact), "--note", "lunch")
    assert done.returncode == 0, done.stderr
    assert run_cli("due", "--json", "--offline").stdout == ""
    assert run_cli("cadence", str(contact), "monthly").returncode == 0
    assert run_cli("tag", str(contact), "VIP").stdout.strip().endswith("tags vip")
    bad = run_cli("cadence", str(contact), "weekly")
    assert bad.returncode == 2 and "one of monthly" in bad.stderr
    assert run_cli("touched", "999").returncode != 0


# --- interactions logged in HubSpot ----------------------------------------------------------


def test_meetings_and_emails_logged_in_hubspot_reset_the_timer(
    store: Store, config: Config, smtp: SmtpServer
) -> None:
    """Pushed to the fake HubSpot, then a meeting and an email are logged on the contact there:
    read back through the adapter, they restart the timer; a meeting next week does not yet,
    a cancelled one never; reading again records nothing twice."""
    ada = followed_up(store, config, "Ada Lovelace")
    clock = VirtualClock()
    with FakeHubSpot(clock=clock) as fake:
        client = HubSpotClient(fake.base_url, "v3", auth=StaticToken("test-token"), clock=clock)
        adapter = HubSpotCrm(client, store.remote_ids)
        assert push(store, config.sender(), adapter, now=at("2026-09-10", 10)).stopped is None
        remote = store.remote_ids.get("hubspot", "contact", str(ada))
        assert remote is not None

        def log(kind: str, props: dict[str, str], type_id: int) -> None:
            made = requests.post(
                f"{fake.base_url}/crm/v3/objects/{kind}",
                json={
                    "properties": props,
                    "associations": [
                        {
                            "to": {"id": remote},
                            "types": [
                                {
                                    "associationCategory": "HUBSPOT_DEFINED",
                                    "associationTypeId": type_id,
                                }
                            ],
                        }
                    ],
                },
                headers={"Authorization": "Bearer test-token"},
                timeout=5,
            )
            assert made.status_code == 201, made.text

        meeting = "2026-11-03T15:00:00Z"
        log("meetings", {"hs_timestamp": meeting, "hs_meeting_start_time": meeting,
                         "hs_meeting_title": "Coffee at the expo"}, 200)  # fmt: skip
        log("meetings", {"hs_timestamp": "2026-11-30T15:00:00Z", "hs_meeting_title": "Next"}, 200)
        log("meetings", {"hs_timestamp": "2026-11-10T15:00:00Z", "hs_meeting_title": "Off",
                         "hs_meeting_outcome": "CANCELED"}, 200)  # fmt: skip
        log("emails", {"hs_timestamp": "2026-10-01T08:00:00Z",
                       "hs_email_direction": "INCOMING_EMAIL",
                       "hs_email_subject": "Re: Nice to meet you"}, 198)  # fmt: skip

        assert read_back(store, config.touch(), config.mail(), adapter, now=at("2026-11-20")) == 2
        assert (
            read_back(store, config.touch(), config.mail(), adapter, now=at("2026-11-20")) == 0
        )  # recorded once
        person = {p.contact_id: p for p in relationships(store, config.touch(), config.mail())}[ada]
        assert person.last_touch is not None and person.last_touch.kind == "meeting"
        assert person.last_touch.note == "Coffee at the expo"
        assert person.due_on == d("2027-02-03")  # quarterly from the meeting, not the follow-up
        assert (
            due(store, config.touch(), config.mail(), d("2026-12-10")) == []
        )  # was due then without the meeting
        # A week later the "Next" meeting has happened: it counts from its own day.
        assert read_back(store, config.touch(), config.mail(), adapter, now=at("2026-12-01")) == 1
        person = {p.contact_id: p for p in relationships(store, config.touch(), config.mail())}[ada]
        assert person.due_on == d("2027-02-28")


def test_sending_from_hubspot_hands_the_check_in_over_as_a_task(
    store: Store, config: Config
) -> None:
    """hubspot.send_mode = "hubspot": an approved check-in becomes a HubSpot task holding it (the
    user sends it from there), and cardfollow's part of it is closed."""
    from plugin.crm.hubspot.adapter import HubSpotSettings

    ada = followed_up(store, config, "Ada Lovelace")
    clock = VirtualClock()
    with FakeHubSpot(clock=clock) as fake:
        client = HubSpotClient(fake.base_url, "v3", auth=StaticToken("test-token"), clock=clock)
        adapter = HubSpotCrm(client, store.remote_ids, HubSpotSettings(send_mode="hubspot"))
        push(store, config.sender(), adapter, now=at("2026-09-10", 10))
        record = checkins.draft(
            store, config.checkins(), checkins.find(store, config.checkins(), ada)
        )
        checkins.approve(store, config.checkins(), record.id, now=at("2026-12-14"))
        assert push(store, config.sender(), adapter, now=at("2026-12-14", 11)).stopped is None
        tasks = list(fake.objects("tasks").values())
        assert [t["properties"]["hs_task_subject"] for t in tasks] == [
            f"Send check-in to Ada Lovelace: {record.subject}"
        ]
        remote = store.remote_ids.get("hubspot", "contact", str(ada))
        task_id = next(iter(fake.objects("tasks")))
        assert (remote, 204) in [
            (str(i), t) for i, t in fake.associations_of("tasks", task_id, "contacts")
        ]
    assert store.checkins.get(record.id).state == "sent"
    assert store.checkins.open_for(ada) is None
