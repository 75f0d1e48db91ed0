"""The fake HubSpot's meetings and calls, and its batch association read (limit, paging), over
real HTTP: what the keep-in-touch read-back relies on."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from fake_hubspot import FakeHubSpot

from conftest import HubSpotApi as Api

TS = "2026-11-21T10:00:00Z"
OBJECTS = ["/crm/v3/objects", "/crm/objects/2026-09"]
LINKS = ["/crm/v4/associations", "/crm/associations/2026-03"]


def codes(resp: requests.Response) -> list[str]:
    return [e["code"] for e in resp.json().get("errors", [])]


def to(type_id: int, target: str) -> dict[str, Any]:
    return {
        "to": {"id": target},
        "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": type_id}],
    }


def made(resp: requests.Response) -> str:
    assert resp.status_code in (200, 201), resp.text
    return str(resp.json()["id"])


def a_contact(api: Api, name: str = "ann") -> str:
    props = {"email": f"{name}@example.com"}
    return made(api("POST", "/crm/v3/objects/contacts", json={"properties": props}))


@pytest.mark.parametrize("P", OBJECTS)
@pytest.mark.parametrize("kind", ["meetings", "calls"])
def test_meetings_and_calls_need_hs_timestamp(api: Api, P: str, kind: str) -> None:
    resp = api("POST", f"{P}/{kind}", json={"properties": {}})
    assert resp.status_code == 400 and resp.json()["category"] == "VALIDATION_ERROR"
    assert codes(resp) == ["REQUIRED_PROPERTY"]
    ok = api("POST", f"{P}/{kind}", json={"properties": {"hs_timestamp": "1790000000000"}})
    assert ok.status_code == 201
    assert set(ok.json()["properties"]) >= {"hs_createdate", "hs_lastmodifieddate", "hs_timestamp"}


@pytest.mark.parametrize(
    ("kind", "props", "code"),
    [
        ("meetings", {"hs_meeting_outcome": "DONE"}, "INVALID_OPTION"),
        ("meetings", {"hs_meeting_start_time": "tomorrow"}, "INVALID_DATETIME"),
        ("meetings", {"hs_meeting_colour": "red"}, "PROPERTY_DOESNT_EXIST"),
        ("calls", {"hs_call_status": "ANSWERED"}, "INVALID_OPTION"),
        ("calls", {"hs_call_direction": "SIDEWAYS"}, "INVALID_OPTION"),
        ("calls", {"hs_call_duration": "long"}, "INVALID_NUMBER"),
    ],
)
def test_meeting_and_call_validation(api: Api, kind: str, props: dict, code: str) -> None:
    resp = api(
        "POST", f"/crm/v3/objects/{kind}", json={"properties": {"hs_timestamp": TS, **props}}
    )
    assert resp.status_code == 400, resp.text
    assert codes(resp) == [code]


def test_valid_meeting_and_call_keep_their_properties(api: Api) -> None:
    meeting = {
        "hs_timestamp": TS,
        "hs_meeting_title": "Lunch at the fair",
        "hs_meeting_body": "<p>Robots</p>",
        "hs_meeting_start_time": TS,
        "hs_meeting_end_time": "1790003600000",
        "hs_meeting_outcome": "COMPLETED",
        "hs_meeting_location": "Hall 4",
    }
    call = {
        "hs_timestamp": TS,
        "hs_call_title": "Follow-up call",
        "hs_call_body": "Talked pricing",
        "hs_call_status": "COMPLETED",
        "hs_call_direction": "OUTBOUND",
        "hs_call_disposition": "f240bbac-87c9-4f6e-bf70-924b57d47db7",
        "hs_call_duration": "180000",
    }
    for kind, props in (("meetings", meeting), ("calls", call)):
        record_id = made(api("POST", f"/crm/v3/objects/{kind}", json={"properties": props}))
        names = ",".join(props)
        got = api("GET", f"/crm/v3/objects/{kind}/{record_id}?properties={names}").json()
        assert {k: got["properties"][k] for k in props} == props


def test_types_resolve_by_name_singular_and_id(api: Api) -> None:
    for kind, alias in (("meetings", "meeting"), ("meetings", "0-47"), ("calls", "0-48")):
        assert api("POST", f"/crm/v3/objects/{alias}", json={"properties": {"hs_timestamp": TS}})
        listed = api("GET", f"/crm/v3/objects/{kind}").json()["results"]
        assert listed, kind


@pytest.mark.parametrize(
    ("kind", "type_id", "reverse", "v3_name"),
    [("meetings", 200, 199, "contact_to_meeting_event"), ("calls", 194, 193, "contact_to_call")],
)
def test_contact_associations_both_ways(
    fake: FakeHubSpot, api: Api, kind: str, type_id: int, reverse: int, v3_name: str
) -> None:
    ann = a_contact(api)
    body = {"properties": {"hs_timestamp": TS}, "associations": [to(type_id, ann)]}
    record_id = made(api("POST", f"/crm/v3/objects/{kind}", json=body))
    assert fake.associations_of(kind, record_id, "contacts") == [(ann, type_id)]
    assert fake.associations_of("contacts", ann, kind) == [(record_id, reverse)]
    got = api("GET", f"/crm/v3/objects/contacts/{ann}?associations={kind}").json()
    assert got["associations"][kind]["results"] == [{"id": record_id, "type": v3_name}]
    listed = api("GET", f"/crm/v4/objects/contacts/{ann}/associations/{kind}").json()
    assert listed["results"][0]["associationTypes"][0]["typeId"] == reverse


@pytest.mark.parametrize(("kind", "wrong"), [("meetings", 198), ("calls", 200), ("meetings", 194)])
def test_a_wrong_association_type_is_refused(api: Api, kind: str, wrong: int) -> None:
    ann = a_contact(api)
    body = {"properties": {"hs_timestamp": TS}, "associations": [to(wrong, ann)]}
    resp = api("POST", f"/crm/v3/objects/{kind}", json=body)
    assert resp.status_code == 400, resp.text


def test_meetings_and_calls_ride_on_contact_scopes(fake: FakeHubSpot, api: Api) -> None:
    fake.add_token("companies-only", {"crm.objects.companies.read"})
    resp = api("GET", "/crm/v3/objects/meetings", token="companies-only")
    assert resp.status_code == 403 and resp.json()["category"] == "MISSING_SCOPES"
    assert resp.json()["errors"][0]["context"]["requiredScopes"] == ["crm.objects.contacts.read"]


def test_free_text_search_finds_meeting_titles(fake: FakeHubSpot, api: Api) -> None:
    props = {"hs_timestamp": TS, "hs_meeting_title": "Robotics lunch"}
    made(api("POST", "/crm/v3/objects/meetings", json={"properties": props}))
    found = api("POST", "/crm/v3/objects/meetings/search", json={"query": "robotics"}).json()
    assert found["total"] == 1


# -- batch association read ---------------------------------------------------------------------
@pytest.mark.parametrize("L", LINKS)
def test_batch_association_read_pages_each_input(fake: FakeHubSpot, api: Api, L: str) -> None:
    ann, ben = a_contact(api), a_contact(api, "ben")
    calls = []
    for _ in range(6):  # 600 calls on ann, 100 per batch
        inputs = [{"properties": {"hs_timestamp": TS}, "associations": [to(194, ann)]}] * 100
        resp = api("POST", "/crm/v3/objects/calls/batch/create", json={"inputs": inputs})
        calls += [r["id"] for r in resp.json()["results"]]
    lonely = made(
        api(
            "POST",
            "/crm/v3/objects/calls",
            json={"properties": {"hs_timestamp": TS}, "associations": [to(194, ben)]},
        )
    )
    first = api(
        "POST", f"{L}/contacts/calls/batch/read", json={"inputs": [{"id": ann}, {"id": ben}]}
    )
    assert first.status_code == 200, first.text
    rows = {r["from"]["id"]: r for r in first.json()["results"]}
    assert len(rows[ann]["to"]) == 500 and "paging" not in rows[ben]
    assert [t["toObjectId"] for t in rows[ben]["to"]] == [int(lonely)]
    cursor = rows[ann]["paging"]["next"]["after"]
    second = api(
        "POST", f"{L}/contacts/calls/batch/read", json={"inputs": [{"id": ann, "after": cursor}]}
    ).json()
    (row,) = second["results"]
    assert "paging" not in row
    seen = [t["toObjectId"] for t in rows[ann]["to"] + row["to"]]
    assert seen == sorted(int(c) for c in calls)


def test_batch_association_read_limits_and_errors(fake: FakeHubSpot, api: Api) -> None:
    path = "/crm/v4/associations/contacts/calls/batch/read"
    too_many = {"inputs": [{"id": str(i)} for i in range(1001)]}
    assert api("POST", path, json=too_many).status_code == 400
    assert api("POST", path, json={"inputs": [{"id": "1"}] * 1000}).status_code == 207
    ann = a_contact(api)
    api(
        "POST",
        "/crm/v3/objects/calls",
        json={"properties": {"hs_timestamp": TS}, "associations": [to(194, ann)]},
    )
    bad = api("POST", path, json={"inputs": [{"id": ann, "after": "not a cursor"}]})
    assert bad.status_code == 400
    nothing = api("POST", path, json={"inputs": [{"id": "999"}]})
    assert nothing.status_code == 207
    assert nothing.json()["errors"][0]["category"] == "OBJECT_NOT_FOUND"
