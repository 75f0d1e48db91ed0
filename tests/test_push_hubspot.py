"""Approved cards into HubSpot, over real HTTP against the fake HubSpot (tests/fake_hubspot),
covering the behaviours of section 8.8 of the HubSpot reference, outages, and resumption."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import requests
from card_factory import drafted_card
from fake_hubspot import FakeHubSpot, VirtualClock
from smtp_server import smtp_server

from plugin.config import load
from plugin.crm.hubspot.adapter import HubSpotCrm, HubSpotSettings
from plugin.crm.hubspot.auth import StaticToken
from plugin.crm.hubspot.client import HubSpotClient
from plugin.outbox.push import push
from plugin.outbox.send import send
from plugin.review import approve, edit_card
from plugin.store import Store

NOW = dt.datetime(2026, 11, 18, 20, 0, tzinfo=dt.UTC)
FIRST = ("Anna", "Ben", "Clara", "David", "Emma", "Felix", "Greta", "Hugo", "Ida", "Jonas")
FIRST += ("Kira", "Leon")
LAST = ("Adler", "Brandt", "Conrad", "Dietz", "Engel", "Fuchs", "Graf", "Haas", "Illing", "Jung")
LAST += ("Kraus", "Lang")


def person(i: int) -> str:
    """Distinct people: names apart enough that no duplicate check links them."""
    return f"{FIRST[i % 12]} {LAST[(i // 12) % 12]}{'' if i < 144 else ' Jr'}"


def crm(
    fake: FakeHubSpot, store: Store, clock: VirtualClock, version: str = "v3", **settings: str
) -> HubSpotCrm:
    client = HubSpotClient(
        fake.base_url, version, auth=StaticToken("test-token"), clock=clock, timeout=5.0
    )
    return HubSpotCrm(client, store.remote_ids, HubSpotSettings(**settings))


def approved(store: Store, name: str, email: str | None = None, **kw: object) -> int:
    config = load()
    card_id = drafted_card(store, config, name, email=email, **kw)  # type: ignore[arg-type]
    approve(store, card_id, config.mail(), now=NOW)
    return card_id


def run(store: Store, adapter: HubSpotCrm, days: int = 30):  # type: ignore[no-untyped-def]
    """A push as of ``days`` after approval (a later run finds passing trouble's retries due)."""
    return push(store, load().sender(), adapter, now=NOW + dt.timedelta(days=days))


def seed(fake: FakeHubSpot, object_type: str, properties: dict[str, str]) -> str:
    """A record the user made in HubSpot before cardfollow."""
    answer = requests.post(
        f"{fake.base_url}/crm/v3/objects/{object_type}",
        json={"properties": properties},
        headers={"Authorization": "Bearer test-token"},
        timeout=5,
    )
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


def contacts(fake: FakeHubSpot) -> dict[str, dict]:
    return {k: v for k, v in fake.objects("contacts").items() if not v.get("archived")}


def test_a_new_card_becomes_contact_company_photo_and_note(
    fake: FakeHubSpot, store: Store, clock: VirtualClock
) -> None:
    card_id = approved(
        store, "Anna Weber", "Anna.Weber@Acme.example", company="Acme GmbH",
        website="https://www.acme.example", title="CTO", phone="+4930123456", note="Robots",
    )  # fmt: skip
    report = run(store, crm(fake, store, clock))
    assert [c for c, _ in report.done] == [card_id] and not report.failed
    ids = report.done[0][1].ids

    (contact,) = contacts(fake).values()
    props = contact["properties"]
    assert props["email"] == "anna.weber@acme.example"
    assert props["firstname"] == "Anna" and props["lastname"] == "Weber"
    assert props["jobtitle"] == "CTO" and props["phone"] == "+4930123456"
    assert props["cardfollow_event"] == "Web Summit 2026"
    assert props["cardfollow_source"] == "business_card"
    assert props["cardfollow_met_on"] == "2026-09-09"  # the camera's day

    (company,) = fake.objects("companies").values()
    assert company["properties"]["domain"] == "acme.example"
    assert (ids["company"], 279) in [
        (str(i), t) for i, t in fake.associations_of("contacts", ids["contact"], "companies")
    ] or (ids["company"], 1) in [
        (str(i), t) for i, t in fake.associations_of("contacts", ids["contact"], "companies")
    ]

    photo = fake.files[ids["file"]]
    assert photo["access"] == "PRIVATE" and photo["path"].startswith("/cardfollow/cards/")
    assert photo["bytes"][:2] == b"\xff\xd8"

    note = fake.objects("notes")[ids["note"]]["properties"]
    assert note["hs_attachment_ids"] == ids["file"]
    assert "Web Summit 2026" in note["hs_note_body"] and "Robots" in note["hs_note_body"]
    assert (ids["contact"], 202) in [
        (str(i), t) for i, t in fake.associations_of("notes", ids["note"], "contacts")
    ]
    assert store.cards.get(card_id).state == "pushed"
    assert store.remote_ids.get("hubspot", "contact", str(store.cards.get(card_id).contact_id))


def test_a_second_card_of_the_same_email_updates_and_appends_a_note(
    fake: FakeHubSpot, store: Store, clock: VirtualClock
) -> None:
    first = approved(store, "Anna Weber", "anna@acme.example", company="Acme", seq=1)
    run(store, crm(fake, store, clock))
    second = approved(store, "Anna Weber", "ANNA@Acme.Example", title="CEO", seq=2)
    report = run(store, crm(fake, store, clock))
    assert [c for c, _ in report.done] == [second]
    assert len(contacts(fake)) == 1
    assert len(fake.objects("notes")) == 2
    assert len(fake.objects("companies")) == 1
    upserts = [r for r in fake.requests if r.path.endswith("/contacts/batch/upsert")]
    assert upserts and all(r.status == 200 for r in upserts)
    assert first != second


def test_companies_are_found_by_domain_never_duplicated(
    fake: FakeHubSpot, store: Store, clock: VirtualClock
) -> None:
    # The user's own company record, made before cardfollow (no cardfollow_domain on it).
    existing = seed(fake, "companies", {"name": "Initech", "domain": "initech.example"})
    approved(store, "Peter Gibbons", "peter@initech.example", company="Initech", seq=1)
    approved(store, "Milton Waddams", "milton@initech.example", company="Initech", seq=2)
    approved(store, "Bill Lumbergh", "bill@www.initrode.example", company="Initrode", seq=3)
    approved(store, "Bob Slydell", "bob@initrode.example", company="Initrode", seq=4)
    run(store, crm(fake, store, clock))
    approved(store, "Samir N", "samir@initrode.example", company="Initrode", seq=5)
    run(store, crm(fake, store, clock))

    domains = sorted(c["properties"]["domain"] for c in fake.objects("companies").values())
    assert domains == ["initech.example", "initrode.example"]
    linked = {
        c["properties"]["email"]: [
            str(i) for i, _ in fake.associations_of("contacts", k, "companies")
        ]
        for k, c in contacts(fake).items()
    }
    assert linked["peter@initech.example"] == [str(existing)]
    assert linked["milton@initech.example"] == [str(existing)]


def test_free_mail_makes_no_company(fake: FakeHubSpot, store: Store, clock: VirtualClock) -> None:
    approved(store, "Jo Doe", "jo.doe@gmail.com", company="Freelance")
    report = run(store, crm(fake, store, clock))
    assert report.done and fake.objects("companies") == {}


def test_150_cards_go_in_batches_of_100_and_50_with_failures_per_card(
    clock: VirtualClock, store: Store
) -> None:
    # Strict 2026-09 validation: a job title is required; cards without one fail alone.
    with FakeHubSpot(clock=clock, required_properties={"contacts": ["jobtitle"]}) as fake:
        cards = [
            approved(
                store,
                f"Person {i}",
                f"p{i}@firm{i}.example",
                seq=i,
                title=None if i in (7, 120) else "Engineer",
            )
            for i in range(150)
        ]
        report = run(store, crm(fake, store, clock))
        upserts = [
            r for r in fake.requests if r.path.endswith("/contacts/batch/upsert") and r.status < 300
        ]
        assert sorted(len(r.json["inputs"]) for r in upserts) == [50, 100]
        failed = {c: o.error for c, o in report.failed}
        assert set(failed) == {cards[7], cards[120]}
        assert all("jobtitle" in (e or "") for e in failed.values())
        assert len(report.done) == 148 and len(contacts(fake)) == 148
        assert all(store.cards.get(c).state == "pushed" for c in cards if c not in failed)


def test_rate_limits_are_waited_out_with_and_without_retry_after(
    store: Store, clock: VirtualClock
) -> None:
    for n, retry_after in enumerate((None, "seconds", "date")):
        with FakeHubSpot(clock=clock, burst_max=10, retry_after=retry_after) as fake:
            for i in range(8):
                approved(store, person(i), f"r{i}@{retry_after}.example", seq=100 * n + i)
            adapter = crm(fake, store, clock)
            adapter.client.pacing = False  # meet the limit head on
            start = clock.now()
            report = run(store, adapter)
            assert len(report.done) == 8 and not report.failed and not report.retry
            assert any(r.status == 429 for r in fake.requests)
            assert clock.now() - start >= 1.0  # waited in virtual time, not a spin
            assert len(contacts(fake)) == 8


def test_the_daily_limit_stops_the_run_and_keeps_the_rest(
    fake: FakeHubSpot, store: Store, clock: VirtualClock
) -> None:
    cards = [approved(store, person(i), f"d{i}@daily.example", seq=i) for i in range(3)]
    fake.inject("POST", r"/contacts/batch/upsert", "daily")
    report = run(store, crm(fake, store, clock))
    assert report.stopped and "daily" in report.stopped.lower()
    assert sum(1 for r in fake.requests if r.status == 429) == 1  # no spinning
    assert all(
        i.state == "queued" for c in cards for i in store.outbox.for_card(c) if i.kind == "push"
    )

    report = run(store, crm(fake, store, clock))  # the next day
    assert len(report.done) == 3 and len(contacts(fake)) == 3


@pytest.mark.parametrize("fault", [423, 477, 502, 503, 504, "reset"])
def test_transient_faults_are_retried_and_leave_no_duplicates(
    fake: FakeHubSpot, store: Store, clock: VirtualClock, fault: int | str
) -> None:
    approved(store, "Tara T", "tara@t.example", company="T Ltd", website="t.example")
    for path in (r"/contacts/batch/upsert", r"/files", r"/notes/batch/create"):
        fake.inject("POST", path, fault, count=1)
    report = run(store, crm(fake, store, clock))
    assert len(report.done) + len(report.retry) == 1
    if report.retry:  # a write that may have happened waits for the next run
        report = run(store, crm(fake, store, clock), days=31)
    assert len(report.done) == 1
    assert len(contacts(fake)) == 1
    assert len(fake.objects("notes")) == 1 and len(fake.files) == 1
    assert len(fake.objects("companies")) == 1


def test_a_note_written_before_the_connection_dropped_is_not_written_again(
    fake: FakeHubSpot, store: Store, clock: VirtualClock
) -> None:
    card_id = approved(store, "Nora N", "nora@n.example")
    fake.inject("POST", r"/notes/batch/create", "reset", after=True)
    first = run(store, crm(fake, store, clock))
    assert [c for c, _ in first.retry] == [card_id]
    assert len(fake.objects("notes")) == 1  # HubSpot made it; we did not hear
    second = run(store, crm(fake, store, clock), days=31)
    assert [c for c, _ in second.done] == [card_id]
    assert len(fake.objects("notes")) == 1
    assert second.done[0][1].ids["note"] in fake.objects("notes")


def test_search_is_never_used_to_find_what_we_just_wrote(store: Store, clock: VirtualClock) -> None:
    # Search lags a minute behind writes: dedupe through it would duplicate.
    with FakeHubSpot(clock=clock, index_delay=60.0) as fake:
        approved(store, "Lee Lag", None, phone="+442079460000", company="Lag", seq=1)
        run(store, crm(fake, store, clock))
        approved(store, "Lee Lag", None, phone="+442079460000", company="Lag", seq=2)
        run(store, crm(fake, store, clock))
        assert len(contacts(fake)) == 1


def test_a_card_without_email_is_matched_by_phone_and_flagged(
    fake: FakeHubSpot, store: Store, clock: VirtualClock
) -> None:
    known = seed(
        fake, "contacts", {"firstname": "Ola", "lastname": "Nordmann", "phone": "+4722334455"}
    )
    clock.advance(3600)
    approved(store, "Ola Nordmann", None, phone="+4722334455")
    report = run(store, crm(fake, store, clock))
    (outcome,) = [o for _, o in report.done]
    assert outcome.ids["contact"] == str(known)
    assert any("matched" in w and "phone" in w for w in outcome.warnings)
    assert len(contacts(fake)) == 1


def test_a_card_without_email_or_match_is_created_once_and_flagged(
    fake: FakeHubSpot, store: Store, clock: VirtualClock
) -> None:
    approved(store, "Una Known", None, company="Nowhere")
    report = run(store, crm(fake, store, clock))
    (outcome,) = [o for _, o in report.done]
    assert any("no email" in w for w in outcome.warnings)
    (contact,) = contacts(fake).values()
    assert contact["properties"]["cardfollow_key"].startswith("cf-")


@pytest.mark.parametrize("version", ["v3", "2026-09"])
def test_both_api_path_styles(
    fake: FakeHubSpot, store: Store, clock: VirtualClock, version: str
) -> None:
    approved(store, "Vera V", "vera@v.example", company="V", website="v.example")
    report = run(store, crm(fake, store, clock, version))
    assert len(report.done) == 1
    crm_paths = [r.path for r in fake.requests if "/objects/" in r.path]
    if version == "v3":
        assert all("/crm/v3/" in p or "/crm/v4/" in p for p in crm_paths)
    else:
        assert any("/crm/objects/2026-09/" in p for p in crm_paths)


def test_custom_properties_are_made_once(
    fake: FakeHubSpot, store: Store, clock: VirtualClock
) -> None:
    approved(store, "P One", "p1@p.example", seq=1)
    run(store, crm(fake, store, clock))
    approved(store, "P Two", "p2@p.example", seq=2)
    run(store, crm(fake, store, clock))
    made = [r for r in fake.requests if r.method == "POST" and "/properties/" in r.path]
    assert sorted(r.json["name"] for r in made) == [
        "cardfollow_domain", "cardfollow_event", "cardfollow_key", "cardfollow_met_on",
        "cardfollow_source",
    ]  # fmt: skip


def test_missing_scopes_stop_with_the_scope_named(
    fake: FakeHubSpot, store: Store, clock: VirtualClock
) -> None:
    fake.add_token("narrow", {"crm.objects.contacts.read"})
    approved(store, "S Cope", "s@scope.example")
    client = HubSpotClient(fake.base_url, auth=StaticToken("narrow"), clock=clock)
    report = run(store, HubSpotCrm(client, store.remote_ids))
    assert report.stopped and "scope" in report.stopped
    assert report.done == [] and contacts(fake) == {}


def test_a_corrected_email_that_hubspot_already_has_updates_that_contact(
    fake: FakeHubSpot, store: Store, clock: VirtualClock
) -> None:
    card_id = approved(store, "Anna Weber", "anna@acme.exarnple", title="CTO")  # misread
    first = run(store, crm(fake, store, clock))
    misread = first.done[0][1].ids["contact"]
    known = seed(fake, "contacts", {"email": "anna@acme.example", "firstname": "Anna"})
    before = len(fake.requests)

    edit_card(store, card_id, {"emails": ["anna@acme.example"]})  # the user's fix
    report = run(store, crm(fake, store, clock), days=31)
    (outcome,) = [o for _, o in report.done]
    assert outcome.ids["contact"] == known
    assert any("belongs to HubSpot contact" in w for w in outcome.warnings)
    assert set(contacts(fake)) == {misread, known}  # nothing new was created
    assert fake.objects("contacts")[known]["properties"]["jobtitle"] == "CTO"
    later = fake.requests[before:]
    conflicts = [r for r in later if r.status == 409]
    assert 1 <= len(conflicts) <= 2  # found once, resolved, no retry storm
    assert not [r for r in later if r.method == "POST" and r.path.endswith("/contacts")]
    contact_id = str(store.cards.get(card_id).contact_id)
    assert store.remote_ids.get("hubspot", "contact", contact_id) == known
    assert len(fake.objects("notes")) == 1  # a correction adds no second note


def test_a_sent_follow_up_is_logged_once_as_an_email(
    fake: FakeHubSpot, store: Store, clock: VirtualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CARDFOLLOW_PROFILE_NAME", "Sam Carter")
    monkeypatch.setenv("CARDFOLLOW_PROFILE_EMAIL", "sam@northwind.example")
    card_id = approved(store, "Anna Weber", "anna@acme.example", company="Acme")
    with smtp_server() as server:
        monkeypatch.setenv("CARDFOLLOW_SMTP_URL", server.url())
        adapter = crm(fake, store, clock)
        # Sent before its push: the log waits for the contact, then goes.
        sent = send(store, load().sending(), now=NOW + dt.timedelta(days=1), log_to_crm=True)
        assert len(sent.sent) == 1 and fake.objects("emails") == {}
        report = run(store, adapter)
        assert report.waiting == 0
        (email_id,) = fake.objects("emails")
        props = fake.objects("emails")[email_id]["properties"]
        assert props["hs_email_status"] == "SENT" and props["hs_email_direction"] == "EMAIL"
        assert props["hs_email_subject"] == store.drafts.current(card_id).subject
        headers = json.loads(props["hs_email_headers"])
        assert headers["to"][0]["email"] == "anna@acme.example"
        contact = report.done[0][1].ids["contact"]
        assert (contact, 198) in [
            (str(i), t) for i, t in fake.associations_of("emails", email_id, "contacts")
        ]
        # The reverse side, as HubSpot shows it on the contact.
        assert any(t == 197 for _, t in fake.associations_of("contacts", contact, "emails"))
        run(store, adapter, days=40)
        assert len(fake.objects("emails")) == 1


def test_send_from_hubspot_mode_hands_the_draft_over_as_a_task(
    fake: FakeHubSpot, store: Store, clock: VirtualClock
) -> None:
    card_id = approved(store, "Anna Weber", "anna@acme.example", company="Acme")
    adapter = crm(fake, store, clock, send_mode="hubspot")
    assert not adapter.sends_mail()
    report = run(store, adapter, days=0)  # right after approval: the task is made at once
    (task_id,) = fake.objects("tasks")
    task = fake.objects("tasks")[task_id]["properties"]
    (send,) = [i for i in store.outbox.for_card(card_id) if i.kind == "send"]
    due = dt.datetime.fromisoformat(send.due_at or "")
    assert dt.datetime.fromisoformat(task["hs_timestamp"].replace("Z", "+00:00")) == due
    draft = store.drafts.current(card_id)
    assert draft.body in task["hs_task_body"] and task["hs_task_type"] == "EMAIL"
    assert task["hs_task_status"] == "NOT_STARTED"
    contact = next(o for _, o in report.done if "contact" in o.ids).ids["contact"]
    assert (contact, 204) in [
        (str(i), t) for i, t in fake.associations_of("tasks", task_id, "contacts")
    ]
    (note_id,) = fake.objects("notes")
    assert (contact, 202) in [
        (str(i), t) for i, t in fake.associations_of("notes", note_id, "contacts")
    ]
    run(store, adapter, days=40)
    assert len(fake.objects("tasks")) == 1


def test_a_card_without_email_is_matched_by_name_and_company(
    fake: FakeHubSpot, store: Store, clock: VirtualClock
) -> None:
    known = seed(fake, "contacts", {"firstname": "Ola", "lastname": "Nordmann", "company": "Fjord"})
    clock.advance(3600)
    approved(store, "Ola Nordmann", None, phone="+4722334455", company="Fjord")
    report = run(store, crm(fake, store, clock))
    (outcome,) = [o for _, o in report.done]
    assert outcome.ids["contact"] == known
    assert any("name and company" in w for w in outcome.warnings)


def test_a_contact_deleted_in_hubspot_is_made_again(
    fake: FakeHubSpot, store: Store, clock: VirtualClock
) -> None:
    card_id = approved(store, "Anna Weber", "anna@acme.example", seq=1)
    first = run(store, crm(fake, store, clock)).done[0][1].ids["contact"]
    requests.delete(
        f"{fake.base_url}/crm/v3/objects/contacts/{first}",
        headers={"Authorization": "Bearer test-token"},
        timeout=5,
    )
    edit_card(store, card_id, {"title": "CEO"})
    report = run(store, crm(fake, store, clock), days=31)
    assert not report.failed and not report.retry, report
    (outcome,) = [o for _, o in report.done]
    assert outcome.ids["contact"] != first
    assert any("gone" in w for w in outcome.warnings)
    assert [c["properties"]["jobtitle"] for c in contacts(fake).values()] == ["CEO"]
