"""Reading back a contact's emails, meetings and calls from HubSpot (keep in touch), over real
HTTP against the fake HubSpot on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from fake_hubspot import FakeHubSpot, VirtualClock

from plugin.crm.adapter import CrmStopped, Interaction
from plugin.crm.hubspot.adapter import HubSpotCrm
from plugin.crm.hubspot.auth import StaticToken
from plugin.crm.hubspot.client import HubSpotClient, TransientError
from plugin.crm.hubspot.interactions import parse_time, read_interactions
from plugin.crm.local import LocalCrm

TOKEN = "test-token"
NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
TO_CONTACT = {"emails": 198, "meetings": 200, "calls": 194}
NO_ANSWER = "73a0d17f-1163-4015-bdd5-ec830791da20"
LEFT_VOICEMAIL = "b2cf5968-551e-4856-9783-52b3da59a7d0"


def ms(moment: dt.datetime) -> str:
    return str(int(moment.timestamp() * 1000))


def iso(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def days_ago(n: float) -> dt.datetime:
    return NOW - dt.timedelta(days=n)


class Hub:
    """Seeds the fake the way a user's HubSpot would hold things, through its own API."""

    def __init__(self, fake: FakeHubSpot, clock: VirtualClock) -> None:
        self.fake = fake
        self.clock = clock
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {TOKEN}"

    def _batch(self, object_type: str, inputs: list[dict[str, Any]]) -> list[str]:
        made: list[str] = []
        for start in range(0, len(inputs), 100):
            resp = self.session.post(
                f"{self.fake.base_url}/crm/v3/objects/{object_type}/batch/create",
                json={"inputs": inputs[start : start + 100]},
                timeout=10,
            )
            assert resp.status_code == 201, resp.text
            made.extend(str(r["id"]) for r in resp.json()["results"])
        return made

    def contacts(self, n: int) -> list[str]:
        return self._batch(
            "contacts",
            [{"properties": {"email": f"person{i}@example.com"}} for i in range(n)],
        )

    def engagements(self, kind: str, items: list[tuple[list[str], dict[str, str]]]) -> list[str]:
        """``(contact ids, properties)`` per engagement, associated as HubSpot defines."""
        type_id = TO_CONTACT[kind]
        inputs = [
            {
                "properties": props,
                "associations": [
                    {
                        "to": {"id": c},
                        "types": [
                            {"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": type_id}
                        ],
                    }
                    for c in on
                ],
            }
            for on, props in items
        ]
        made = self._batch(kind, inputs)
        self.clock.advance(10)  # a fresh burst window for the code under test
        return made

    def one(self, kind: str, on: list[str], **props: str) -> str:
        return self.engagements(kind, [(on, props)])[0]


@pytest.fixture
def hub(fake: FakeHubSpot, clock: VirtualClock) -> Iterator[Hub]:
    seeder = Hub(fake, clock)
    yield seeder
    seeder.session.close()


def client(
    fake: FakeHubSpot, clock: VirtualClock, token: str = TOKEN, **kwargs: Any
) -> HubSpotClient:
    return HubSpotClient(fake.base_url, auth=StaticToken(token), clock=clock, timeout=5.0, **kwargs)


def since(fake: FakeHubSpot, mark: int, path_regex: str = "") -> list[str]:
    """Paths of the requests after ``mark`` (a count of earlier requests) matching a regex."""
    import re

    return [r.path for r in fake.requests[mark:] if re.search(path_regex, r.path)]


# -- what comes back ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("api_version", "associations_version", "objects", "links"),
    [
        ("v3", "v4", "/crm/v3/objects", "/crm/v4/associations"),
        ("2026-09", "2026-09", "/crm/objects/2026-09", "/crm/associations/2026-09"),
    ],
)
def test_emails_meetings_and_calls_come_back_per_contact(
    fake: FakeHubSpot,
    clock: VirtualClock,
    hub: Hub,
    api_version: str,
    associations_version: str,
    objects: str,
    links: str,
) -> None:
    ann, ben = hub.contacts(2)
    sent = hub.one(
        "emails", [ann], hs_timestamp=iso(days_ago(3)), hs_email_subject=" Great to meet you ",
        hs_email_direction="EMAIL", hs_email_status="SENT",
    )  # fmt: skip
    reply = hub.one(
        "emails", [ann], hs_timestamp=ms(days_ago(2)), hs_email_subject="Re: Great to meet you",
        hs_email_direction="INCOMING_EMAIL",
    )  # fmt: skip
    lunch = hub.one(
        "meetings", [ben], hs_timestamp=ms(days_ago(10)), hs_meeting_title="Lunch",
        hs_meeting_start_time=iso(days_ago(5)), hs_meeting_outcome="COMPLETED",
    )  # fmt: skip
    ring = hub.one(
        "calls", [ben], hs_timestamp=ms(days_ago(1)), hs_call_title="Quick call",
        hs_call_status="COMPLETED",
    )  # fmt: skip
    mark = len(fake.requests)
    hs = client(fake, clock, api_version=api_version, associations_version=associations_version)

    got = HubSpotCrm(hs, ids=None).interactions([ann, ben], now=NOW)  # type: ignore[arg-type]

    assert got == [
        Interaction(ben, "meeting", days_ago(5), f"meetings:{lunch}", "Lunch"),
        Interaction(ann, "email", days_ago(3), f"emails:{sent}", "Great to meet you"),
        Interaction(ann, "email", days_ago(2), f"emails:{reply}", "Re: Great to meet you"),
        Interaction(ben, "call", days_ago(1), f"calls:{ring}", "Quick call"),
    ]
    assert all(i.at.tzinfo is dt.UTC for i in got)
    assert since(fake, mark) == [
        f"{links}/contacts/emails/batch/read",
        f"{objects}/emails/batch/read",
        f"{links}/contacts/meetings/batch/read",
        f"{objects}/meetings/batch/read",
        f"{links}/contacts/calls/batch/read",
        f"{objects}/calls/batch/read",
    ]


def test_what_did_not_happen_is_left_out(fake: FakeHubSpot, clock: VirtualClock, hub: Hub) -> None:
    (ann,) = hub.contacts(1)
    past, future = iso(days_ago(4)), iso(NOW + dt.timedelta(days=7))

    def email(subject: str, **props: str) -> tuple[list[str], dict[str, str]]:
        base = {"hs_timestamp": past, "hs_email_subject": subject, "hs_email_direction": "EMAIL"}
        return [ann], base | props

    hub.engagements(
        "emails",
        [
            email("scheduled", hs_email_status="SCHEDULED"),
            email("failed", hs_email_status="FAILED"),
            email("bounced", hs_email_status="BOUNCED"),
            email("sending", hs_email_status="SENDING"),
            email("later", hs_timestamp=future, hs_email_status="SENT"),
            ([ann], {"hs_timestamp": past, "hs_email_subject": "no direction"}),
            email("forwarded", hs_email_direction="FORWARDED_EMAIL", hs_email_status="SENT"),
        ],
    )

    def meeting(title: str, **props: str) -> tuple[list[str], dict[str, str]]:
        return [ann], {"hs_timestamp": past, "hs_meeting_title": title} | props

    hub.engagements(
        "meetings",
        [
            meeting("next week", hs_meeting_start_time=future, hs_meeting_outcome="SCHEDULED"),
            meeting("canceled", hs_meeting_outcome="CANCELED"),
            meeting("no-show", hs_meeting_outcome="NO_SHOW"),
            meeting("no outcome"),
            meeting("moved", hs_meeting_outcome="RESCHEDULED"),
            # Logged long ago for a meeting still to come: the start time decides.
            meeting("booked", hs_meeting_start_time=ms(NOW + dt.timedelta(hours=1))),
        ],
    )

    def call(title: str, **props: str) -> tuple[list[str], dict[str, str]]:
        return [ann], {"hs_timestamp": past, "hs_call_title": title} | props

    hub.engagements(
        "calls",
        [
            call("no answer", hs_call_status="NO_ANSWER"),
            call("busy", hs_call_status="BUSY"),
            call("failed", hs_call_status="FAILED"),
            call("ringing", hs_call_status="RINGING"),
            call("logged, nobody there", hs_call_status="COMPLETED", hs_call_disposition=NO_ANSWER),
            call("voicemail", hs_call_status="COMPLETED", hs_call_disposition=LEFT_VOICEMAIL),
            call("no status"),
            call("tomorrow", hs_timestamp=iso(NOW + dt.timedelta(days=1))),
        ],
    )

    got = read_interactions(client(fake, clock), [ann], now=NOW)

    assert sorted((i.kind, i.summary) for i in got) == [
        ("call", "no status"),
        ("call", "voicemail"),
        ("email", "forwarded"),
        ("meeting", "moved"),
        ("meeting", "no outcome"),
    ]


def test_a_meeting_at_exactly_now_counts_and_a_moment_later_does_not(
    fake: FakeHubSpot, clock: VirtualClock, hub: Hub
) -> None:
    (ann,) = hub.contacts(1)
    hub.one("meetings", [ann], hs_timestamp=iso(NOW), hs_meeting_title="now")
    hs = client(fake, clock)
    assert [i.summary for i in read_interactions(hs, [ann], now=NOW)] == ["now"]
    assert read_interactions(hs, [ann], now=NOW - dt.timedelta(milliseconds=1)) == []


def test_now_defaults_to_the_clients_clock(
    fake: FakeHubSpot, clock: VirtualClock, hub: Hub
) -> None:
    (ann,) = hub.contacts(1)
    at = dt.datetime.fromtimestamp(clock.now(), dt.UTC)
    hub.one("calls", [ann], hs_timestamp=ms(at + dt.timedelta(minutes=5)), hs_call_title="soon")
    hs = client(fake, clock)
    clock.advance(60)
    assert read_interactions(hs, [ann]) == []
    clock.advance(300)
    assert [i.summary for i in read_interactions(hs, [ann])] == ["soon"]


def test_known_keys_are_not_read_again(fake: FakeHubSpot, clock: VirtualClock, hub: Hub) -> None:
    (ann,) = hub.contacts(1)
    for n in range(3):
        hub.one(
            "emails", [ann], hs_timestamp=iso(days_ago(n + 1)), hs_email_direction="EMAIL",
            hs_email_subject=f"mail {n}",
        )  # fmt: skip
    hs = client(fake, clock)
    first = read_interactions(hs, [ann], now=NOW)
    assert len(first) == 3

    mark = len(fake.requests)
    assert read_interactions(hs, [ann], known={i.key for i in first}, now=NOW) == []
    assert len(since(fake, mark, r"/associations/")) == 3  # links are still looked at
    assert since(fake, mark, r"/objects/") == []  # but no engagement is read

    newest = hub.one(
        "emails", [ann], hs_timestamp=iso(days_ago(0.5)), hs_email_direction="EMAIL",
        hs_email_subject="mail 3",
    )  # fmt: skip
    mark = len(fake.requests)
    again = read_interactions(hs, [ann], known={i.key for i in first}, now=NOW)
    assert [i.key for i in again] == [f"emails:{newest}"]
    (read,) = [r for r in fake.requests[mark:] if r.path.endswith("/objects/emails/batch/read")]
    assert read.json["inputs"] == [{"id": newest}]


def test_an_engagement_on_two_contacts_gives_two_interactions_from_one_read(
    fake: FakeHubSpot, clock: VirtualClock, hub: Hub
) -> None:
    ann, ben, cleo = hub.contacts(3)
    both = hub.one(
        "meetings", [ann, ben, cleo], hs_timestamp=iso(days_ago(1)), hs_meeting_title="Workshop"
    )
    mark = len(fake.requests)
    got = read_interactions(client(fake, clock), [ben, ann, ann], now=NOW)
    assert sorted(i.remote_contact_id for i in got) == sorted([ann, ben])
    assert {(i.key, i.kind, i.summary) for i in got} == {
        (f"meetings:{both}", "meeting", "Workshop")
    }
    (read,) = [r for r in fake.requests[mark:] if r.path.endswith("/objects/meetings/batch/read")]
    assert read.json["inputs"] == [{"id": both}]


def test_no_contacts_no_requests(fake: FakeHubSpot, clock: VirtualClock) -> None:
    assert read_interactions(client(fake, clock), [], now=NOW) == []
    assert fake.requests == []


# -- how many calls -----------------------------------------------------------------------------
def _one_of_each(hub: Hub, people: list[str]) -> None:
    at = iso(days_ago(2))
    hub.engagements(
        "emails",
        [([p], {"hs_timestamp": at, "hs_email_direction": "EMAIL"}) for p in people],
    )
    hub.engagements("meetings", [([p], {"hs_timestamp": at}) for p in people])
    hub.engagements("calls", [([p], {"hs_timestamp": at}) for p in people])


def test_250_contacts_take_one_link_read_per_type_and_a_read_per_100_engagements(
    fake: FakeHubSpot, clock: VirtualClock, hub: Hub
) -> None:
    people = hub.contacts(250)
    _one_of_each(hub, people[:150])  # 100 of them have nothing logged
    mark = len(fake.requests)
    hs = client(fake, clock)
    got = read_interactions(hs, people, now=NOW)
    assert len(got) == 450 and {i.remote_contact_id for i in got} == set(people[:150])
    assert len(since(fake, mark, r"/associations/contacts/\w+/batch/read$")) == 3
    for kind in ("emails", "meetings", "calls"):
        assert len(since(fake, mark, rf"/objects/{kind}/batch/read$")) == 2  # 100 + 50
    assert len(since(fake, mark)) == hs.calls == 9


def test_1000_contacts_with_three_engagements_each(
    fake: FakeHubSpot, clock: VirtualClock, hub: Hub
) -> None:
    people = hub.contacts(1000)
    _one_of_each(hub, people)
    hs = client(fake, clock)
    got = read_interactions(hs, people, now=NOW)
    assert len(got) == 3000
    assert hs.calls == 3 + 3 * math.ceil(1000 / 100)  # 33


def test_more_than_1000_contacts_are_split_and_long_link_lists_are_paged(
    fake: FakeHubSpot, clock: VirtualClock, hub: Hub
) -> None:
    people = hub.contacts(1001)
    busy = people[0]
    hub.engagements(
        "calls", [([busy], {"hs_timestamp": iso(days_ago(1 + n / 1000))}) for n in range(501)]
    )
    hub.one("calls", [people[-1]], hs_timestamp=iso(days_ago(1)))
    mark = len(fake.requests)
    got = read_interactions(client(fake, clock), people, now=NOW)
    assert sum(i.remote_contact_id == busy for i in got) == 501
    assert sum(i.remote_contact_id == people[-1] for i in got) == 1
    link_reads = [r for r in fake.requests[mark:] if "/associations/contacts/calls/" in r.path]
    # 1,000 contacts; then the 1,001st together with the busy one's second page.
    assert [len(r.json["inputs"]) for r in link_reads] == [1000, 2]
    last, page_2 = link_reads[1].json["inputs"]
    assert last == {"id": people[-1]}
    assert page_2["id"] == busy and page_2["after"]
    assert len(since(fake, mark, r"/objects/calls/batch/read$")) == 6  # 502 calls


# -- trouble ------------------------------------------------------------------------------------
def test_429_with_retry_after_is_ridden_out(
    fake: FakeHubSpot, clock: VirtualClock, hub: Hub
) -> None:
    (ann,) = hub.contacts(1)
    hub.one("emails", [ann], hs_timestamp=iso(days_ago(1)), hs_email_direction="EMAIL")
    fake.inject("POST", r"/emails/batch/read$", 429, count=2, retry_after="seconds")
    fake.inject("POST", r"/associations/contacts/emails/", 429, retry_after="seconds")
    hs = client(fake, clock)
    start = clock.now()
    got = read_interactions(hs, [ann], now=NOW)
    assert [i.kind for i in got] == ["email"]
    assert hs.retries == 3 and clock.now() - start >= 30  # Retry-After: 10 s, three times


def test_a_missing_scope_stops_with_the_scope_named(
    fake: FakeHubSpot, clock: VirtualClock, hub: Hub
) -> None:
    (ann,) = hub.contacts(1)
    fake.add_token("companies-only", {"crm.objects.companies.read"})
    with pytest.raises(CrmStopped) as caught:
        read_interactions(client(fake, clock, token="companies-only"), [ann], now=NOW)
    message = str(caught.value)
    assert "crm.objects.contacts.read" in message and "companies-only" not in message


def test_the_daily_limit_stops_at_once(fake: FakeHubSpot, clock: VirtualClock, hub: Hub) -> None:
    (ann,) = hub.contacts(1)
    fake.inject("POST", r"/batch/read$", "daily")
    hs = client(fake, clock)
    with pytest.raises(CrmStopped, match="daily API limit"):
        read_interactions(hs, [ann], now=NOW)
    assert hs.calls == 1


def test_an_outage_raises_rather_than_answering_in_part(
    fake: FakeHubSpot, clock: VirtualClock, hub: Hub
) -> None:
    (ann,) = hub.contacts(1)
    hub.one("emails", [ann], hs_timestamp=iso(days_ago(1)), hs_email_direction="EMAIL")
    hub.one("calls", [ann], hs_timestamp=iso(days_ago(1)))
    fake.inject("POST", r"/objects/calls/batch/read$", 503, count=10)
    with pytest.raises(TransientError):
        read_interactions(client(fake, clock, max_attempts=3), [ann], now=NOW)


def test_an_engagement_deleted_meanwhile_is_skipped(
    fake: FakeHubSpot, clock: VirtualClock, hub: Hub
) -> None:
    (ann,) = hub.contacts(1)
    gone = hub.one("calls", [ann], hs_timestamp=iso(days_ago(1)), hs_call_title="gone")
    kept = hub.one("calls", [ann], hs_timestamp=iso(days_ago(1)), hs_call_title="kept")
    # Archived, its link still listed (as when it goes between the two reads): the record
    # read answers 207 OBJECT_NOT_FOUND for it.
    hub.session.delete(f"{fake.base_url}/crm/v3/objects/calls/{gone}", timeout=5)
    mark = len(fake.requests)
    got = read_interactions(client(fake, clock), [ann], now=NOW)
    assert [i.key for i in got] == [f"calls:{kept}"]
    (read,) = [r for r in fake.requests[mark:] if r.path.endswith("/objects/calls/batch/read")]
    assert read.status == 207 and len(read.json["inputs"]) == 2


def test_logs_hold_no_email_address_or_token(
    fake: FakeHubSpot, clock: VirtualClock, hub: Hub, caplog: pytest.LogCaptureFixture
) -> None:
    ann, ben = hub.contacts(2)
    hub.one(
        "emails", [ann, ben], hs_timestamp=iso(days_ago(1)), hs_email_direction="EMAIL",
        hs_email_subject="Hello person0@example.com",
    )  # fmt: skip
    fake.inject("POST", r"/emails/batch/read$", 429, retry_after="seconds")
    with caplog.at_level(logging.DEBUG, logger="plugin"):
        assert len(read_interactions(client(fake, clock), [ann, ben], now=NOW)) == 2
    text = caplog.text
    assert "interaction(s)" in text and "@" not in text and TOKEN not in text


# -- small parts --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-20T12:00:00Z", NOW),
        ("2026-11-20T12:00:00.000Z", NOW),
        ("2026-11-20T13:00:00+01:00", NOW),
        ("2026-11-20T12:00:00", NOW),  # no offset: HubSpot means UTC
        ("1795176000000", NOW),
        (" 1795176000000 ", NOW),
        ("0", dt.datetime(1970, 1, 1, tzinfo=dt.UTC)),
        ("", None),
        (None, None),
        ("next tuesday", None),
        ("9" * 40, None),
    ],
)
def test_parse_time(value: str | None, expected: dt.datetime | None) -> None:
    got = parse_time(value)
    assert got == expected
    assert got is None or got.tzinfo is dt.UTC


def test_the_local_store_has_no_crm_log() -> None:
    assert LocalCrm().interactions(["1", "2"], known={"emails:1"}, now=NOW) == []
