"""The fake HubSpot against its contract (docs/hubspot.md §8.1-8.6), over real HTTP."""

from __future__ import annotations

import email.utils
import json
import re
import time
import uuid
from typing import Any

import pytest
import requests
from fake_hubspot import FakeHubSpot, VirtualClock

from conftest import HUBSPOT_TOKEN as TOKEN
from conftest import HubSpotApi as Api

OBJECTS = ["/crm/v3/objects", "/crm/objects/2026-09"]
PROPERTIES = ["/crm/v3/properties", "/crm/properties/2026-09"]
ASSOC_OBJECTS = ["/crm/v4/objects", "/crm/objects/2026-03"]
ASSOC_BATCH = ["/crm/v4/associations", "/crm/associations/2026-03"]
FILES = ["/files/v3/files", "/files/2026-03/files"]
JSON_TYPE = "application/json;charset=utf-8"
TS = "2026-11-21T10:00:00Z"


@pytest.fixture(params=OBJECTS)
def P(request: pytest.FixtureRequest) -> str:
    """The object path prefix, in both styles (§8)."""
    return request.param


def assert_error(resp: requests.Response, status: int, category: str | None = None) -> dict:
    assert resp.status_code == status, resp.text
    assert resp.headers["Content-Type"] == JSON_TYPE
    body = resp.json()
    uuid.UUID(body["correlationId"])
    if category is not None:
        assert body["category"] == category, body
    return body


def contact(api: Api, P: str = OBJECTS[0], **props: Any) -> dict:
    resp = api("POST", f"{P}/contacts", json={"properties": props})
    assert resp.status_code == 201, resp.text
    return resp.json()


def company(api: Api, P: str = OBJECTS[0], **props: Any) -> dict:
    resp = api("POST", f"{P}/companies", json={"properties": props})
    assert resp.status_code == 201, resp.text
    return resp.json()


def codes(resp: requests.Response) -> list[str]:
    return [e["code"] for e in resp.json().get("errors", [])]


def assoc(type_id: int, to_id: str) -> dict:
    return {
        "to": {"id": to_id},
        "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": type_id}],
    }


def upload(
    api: Api,
    data: bytes = b"\xff\xd8jpeg-bytes",
    *,
    prefix: str = FILES[0],
    name: str = "card-12.jpg",
    fields: dict[str, str] | None = None,
    options: dict | None = None,
    token: str = TOKEN,
) -> requests.Response:
    form = {"folderPath": "/cardfollow/cards"} if fields is None else fields
    form = dict(form)
    form["options"] = json.dumps({"access": "PRIVATE"} if options is None else options)
    return api("POST", prefix, files={"file": (name, data, "image/jpeg")}, data=form, token=token)


# ----- the clock ---------------------------------------------------------------------------------


def test_virtual_clock_moves_only_when_told() -> None:
    clock = VirtualClock(start=1_790_000_000.0)
    started = time.monotonic()
    clock.sleep(3600)
    clock.advance(0.5)
    clock.sleep(-1)
    assert clock.now() == 1_790_003_600.5
    assert time.monotonic() - started < 0.5
    with pytest.raises(ValueError):
        clock.advance(-1)


# ----- 8.1 auth ----------------------------------------------------------------------------------


@pytest.mark.parametrize("token", [None, "not-a-token"])
def test_missing_or_unknown_token_is_401(api: Api, P: str, token: str | None) -> None:
    body = assert_error(api("GET", f"{P}/contacts", token=token), 401, "INVALID_AUTHENTICATION")
    assert body["message"].startswith("Authentication credentials not found")


def test_expired_oauth_token_is_401_expired(fake: FakeHubSpot, api: Api) -> None:
    fake.add_token(
        "oauth-1", {"crm.objects.contacts.read"}, kind="oauth", expires_at=fake.clock.now() + 60
    )
    assert api("GET", "/crm/v3/objects/contacts", token="oauth-1").status_code == 200
    fake.clock.advance(60)
    assert_error(
        api("GET", "/crm/v3/objects/contacts", token="oauth-1"), 401, "EXPIRED_AUTHENTICATION"
    )


@pytest.mark.parametrize(
    ("method", "path", "needed"),
    [
        ("POST", "/crm/v3/objects/contacts", "crm.objects.contacts.write"),
        ("GET", "/crm/v3/objects/contacts", "crm.objects.contacts.read"),
        ("POST", "/crm/objects/2026-09/companies", "crm.objects.companies.write"),
        ("POST", "/crm/v3/objects/notes", "crm.objects.contacts.write"),
        ("POST", "/crm/v3/objects/tasks/search", "crm.objects.contacts.read"),
        ("POST", "/crm/v3/properties/contacts", "crm.schemas.contacts.write"),
        ("POST", "/crm/properties/2026-09/companies", "crm.schemas.companies.write"),
        ("GET", "/files/v3/files/1", "files"),
    ],
)
def test_missing_scope_is_403_naming_it(
    fake: FakeHubSpot, api: Api, method: str, path: str, needed: str
) -> None:
    fake.add_token("narrow", {"oauth"})
    body = assert_error(api(method, path, token="narrow", json={}), 403, "MISSING_SCOPES")
    assert body["errors"][0]["context"]["requiredScopes"] == [needed]


def test_scopes_grant_exactly_their_endpoints(fake: FakeHubSpot, api: Api) -> None:
    fake.add_token("contacts-only", {"crm.objects.contacts.read", "crm.objects.contacts.write"})
    note = {"properties": {"hs_timestamp": TS, "hs_note_body": "hi"}}
    assert api("POST", "/crm/v3/objects/notes", token="contacts-only", json=note).status_code == 201
    resp = api("POST", "/crm/v3/objects/companies", token="contacts-only", json={"properties": {}})
    assert_error(resp, 403, "MISSING_SCOPES")


@pytest.fixture
def oauth_app(fake: FakeHubSpot) -> dict[str, str]:
    app = {"client_id": "cid", "client_secret": "shh", "redirect_uri": "http://localhost/cb"}
    fake.add_oauth_app(app["client_id"], app["client_secret"], app["redirect_uri"])
    return app


@pytest.mark.parametrize("token_path", ["/oauth/v3/token", "/oauth/2026-03/token"])
def test_oauth_code_exchange_refresh_and_expiry(
    fake: FakeHubSpot, api: Api, oauth_app: dict[str, str], token_path: str
) -> None:
    code = fake.issue_code("cid", {"crm.objects.contacts.read", "oauth"})
    form = {**oauth_app, "grant_type": "authorization_code", "code": code}
    resp = api("POST", token_path, token=None, data=form)
    assert resp.status_code == 200, resp.text
    assert resp.headers["Content-Type"] == JSON_TYPE
    got = resp.json()
    assert got["expires_in"] == 1800 and got["token_type"] == "bearer"
    assert got["refresh_token"] and 100 < len(got["access_token"]) <= 300
    assert api("GET", "/crm/v3/objects/contacts", token=got["access_token"]).status_code == 200
    # OAuth tokens have no daily limit, so no daily headers
    assert (
        "X-HubSpot-RateLimit-Daily"
        not in api("GET", "/crm/v3/objects/contacts", token=got["access_token"]).headers
    )

    again = api("POST", token_path, token=None, data=form)  # the code is single use
    assert_error(again, 400, "BAD_AUTH_CODE")

    fake.clock.advance(1800)
    old = api("GET", "/crm/v3/objects/contacts", token=got["access_token"])
    assert_error(old, 401, "EXPIRED_AUTHENTICATION")
    refresh = {**oauth_app, "grant_type": "refresh_token", "refresh_token": got["refresh_token"]}
    refresh.pop("redirect_uri")
    new = api("POST", token_path, token=None, data=refresh).json()
    assert new["access_token"] != got["access_token"] and new["expires_in"] == 1800
    assert api("GET", "/crm/v3/objects/contacts", token=new["access_token"]).status_code == 200

    bad = {**refresh, "refresh_token": "na1-nope"}
    assert_error(api("POST", token_path, token=None, data=bad), 400, "BAD_REFRESH_TOKEN")


def test_oauth_parameters_only_in_the_body(api: Api, oauth_app: dict[str, str]) -> None:
    resp = api("POST", "/oauth/v3/token", token=None, params=oauth_app, data={"x": "y"})
    assert_error(resp, 400)


def test_oauth_token_scopes_come_from_the_grant(
    fake: FakeHubSpot, api: Api, oauth_app: dict[str, str]
) -> None:
    code = fake.issue_code("cid", {"crm.objects.contacts.read"})
    form = {**oauth_app, "grant_type": "authorization_code", "code": code}
    access = api("POST", "/oauth/v3/token", token=None, data=form).json()["access_token"]
    resp = api("POST", "/crm/v3/objects/contacts", token=access, json={"properties": {}})
    assert_error(resp, 403, "MISSING_SCOPES")
    info = api("GET", f"/oauth/v1/access-tokens/{access}", token=None).json()
    assert info["hub_id"] == fake.settings.portal_id
    assert info["scopes"] == ["crm.objects.contacts.read"]


# ----- 8.2.1 create ------------------------------------------------------------------------------


def test_create_returns_201_with_string_values_and_system_properties(
    fake: FakeHubSpot, api: Api, P: str
) -> None:
    resp = api(
        "POST",
        f"{P}/contacts",
        json={"properties": {"email": "Ann@Example.com", "firstname": "Ann", "zip": 12345}},
    )
    assert resp.status_code == 201
    assert resp.headers["Content-Type"] == JSON_TYPE
    got = resp.json()
    assert got["id"].isdigit() and got["archived"] is False
    props = got["properties"]
    assert props["hs_object_id"] == got["id"]
    assert props["zip"] == "12345"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", props["createdate"])
    assert props["lastmodifieddate"] == props["createdate"] == got["createdAt"]
    assert fake.objects("contacts")[got["id"]]["properties"]["firstname"] == "Ann"


def test_duplicate_email_is_409_with_existing_id(api: Api, P: str) -> None:
    first = contact(api, P, email="ann@example.com")
    resp = api("POST", f"{P}/contacts", json={"properties": {"email": "  ANN@example.COM "}})
    body = assert_error(resp, 409, "CONFLICT")
    assert body["message"] == f"Contact already exists. Existing ID: {first['id']}"


@pytest.mark.parametrize(
    ("props", "code"),
    [
        ({"favourite_colour": "blue"}, "PROPERTY_DOESNT_EXIST"),
        ({"email": "not-an-email"}, "INVALID_EMAIL"),
        ({"lifecyclestage": "Lead"}, "INVALID_OPTION"),
        ({"hs_lead_status": "WARM"}, "INVALID_OPTION"),
        ({"createdate": "2026-01-01T00:00:00Z"}, "READ_ONLY_VALUE"),
        ({"hs_object_id": "5"}, "READ_ONLY_VALUE"),
        ({"lastmodifieddate": "2026-01-01T00:00:00Z"}, "READ_ONLY_VALUE"),
    ],
)
def test_invalid_properties_are_400(
    fake: FakeHubSpot, api: Api, P: str, props: dict, code: str
) -> None:
    resp = api("POST", f"{P}/contacts", json={"properties": {"firstname": "A", **props}})
    body = assert_error(resp, 400, "VALIDATION_ERROR")
    assert codes(resp) == [code]
    assert body["message"].startswith("Property values were not valid: [")
    assert json.loads(body["message"].split(": ", 1)[1])[0]["error"] == code
    assert fake.objects("contacts") == {}


def test_valid_enums_are_accepted(api: Api) -> None:
    got = contact(api, email="a@b.co", lifecyclestage="lead", hs_lead_status="NEW")
    assert got["properties"]["lifecyclestage"] == "lead"


def test_strict_mode_required_properties(fake: FakeHubSpot, api: Api, P: str) -> None:
    fake.settings.required_properties = {"contacts": ["lastname"]}
    resp = api("POST", f"{P}/contacts", json={"properties": {"email": "a@b.co"}})
    assert_error(resp, 400, "VALIDATION_ERROR")
    assert codes(resp) == ["REQUIRED_PROPERTY"]
    made = contact(api, P, email="a@b.co", lastname="B")
    cleared = api("PATCH", f"{P}/contacts/{made['id']}", json={"properties": {"lastname": ""}})
    assert_error(cleared, 400, "VALIDATION_ERROR")
    fine = api("PATCH", f"{P}/contacts/{made['id']}", json={"properties": {"firstname": "A"}})
    assert fine.status_code == 200


def test_required_properties_from_the_constructor() -> None:
    with FakeHubSpot(required_properties={"companies": ["domain"]}) as fake:
        api = Api(fake.base_url)
        assert_error(
            api("POST", "/crm/v3/objects/companies", json={"properties": {"name": "X"}}), 400
        )
        fake.reset()  # the constructor's settings survive a reset
        assert fake.settings.required_properties == {"companies": ["domain"]}


def test_inline_associations_at_create(fake: FakeHubSpot, api: Api, P: str) -> None:
    acme = company(api, P, name="Acme", domain="acme.com")
    ann = api(
        "POST",
        f"{P}/contacts",
        json={"properties": {"email": "a@acme.com"}, "associations": [assoc(279, acme["id"])]},
    ).json()
    assert fake.associations_of("contacts", ann["id"], "companies") == [(acme["id"], 279)]
    assert fake.associations_of("companies", acme["id"], "contacts") == [(ann["id"], 280)]
    missing = api(
        "POST",
        f"{P}/contacts",
        json={"properties": {"email": "b@acme.com"}, "associations": [assoc(279, "999999")]},
    )
    assert_error(missing, 400)
    assert len(fake.objects("contacts")) == 1


# ----- 8.2.2 get ---------------------------------------------------------------------------------


def test_get_by_id_and_by_email(api: Api, P: str) -> None:
    ann = contact(api, P, email="ann@example.com", firstname="Ann", jobtitle="CTO")
    by_id = api("GET", f"{P}/contacts/{ann['id']}")
    assert by_id.status_code == 200
    assert set(by_id.json()["properties"]) == {
        "createdate",
        "email",
        "firstname",
        "hs_object_id",
        "lastmodifieddate",
        "lastname",
    }
    for key in ("ann%40example.com", "ANN@example.com"):
        by_email = api("GET", f"{P}/contacts/{key}?idProperty=email")
        assert by_email.status_code == 200 and by_email.json()["id"] == ann["id"]
    assert_error(api("GET", f"{P}/contacts/123456789"), 404, "OBJECT_NOT_FOUND")
    assert_error(api("GET", f"{P}/contacts/x%40y.com?idProperty=email"), 404, "OBJECT_NOT_FOUND")


def test_get_honours_properties_archived_and_associations(api: Api, P: str) -> None:
    acme = company(api, P, name="Acme")
    ann = api(
        "POST",
        f"{P}/contacts",
        json={
            "properties": {"email": "a@acme.com", "jobtitle": "CTO"},
            "associations": [assoc(1, acme["id"])],
        },
    ).json()
    note = api(
        "POST",
        f"{P}/notes",
        json={"properties": {"hs_timestamp": TS}, "associations": [assoc(202, ann["id"])]},
    ).json()
    got = api(
        "GET", f"{P}/contacts/{ann['id']}?properties=jobtitle,phone&associations=companies,notes"
    ).json()
    assert got["properties"]["jobtitle"] == "CTO" and got["properties"]["phone"] is None
    assert "email" not in got["properties"]
    assert got["associations"]["companies"]["results"] == [
        {"id": acme["id"], "type": "contact_to_company"},
        {"id": acme["id"], "type": "contact_to_company_unlabeled"},
    ]
    assert got["associations"]["notes"]["results"] == [
        {"id": note["id"], "type": "contact_to_note"}
    ]

    assert api("DELETE", f"{P}/contacts/{ann['id']}").status_code == 204
    assert_error(api("GET", f"{P}/contacts/{ann['id']}"), 404)
    archived = api("GET", f"{P}/contacts/{ann['id']}?archived=true").json()
    assert archived["archived"] is True and "archivedAt" in archived


# ----- 8.2.3 patch -------------------------------------------------------------------------------


def test_patch_updates_clears_and_checks(fake: FakeHubSpot, api: Api, P: str) -> None:
    ann = contact(api, P, email="ann@example.com", firstname="Ann", jobtitle="CTO")
    fake.clock.advance(5)
    resp = api(
        "PATCH", f"{P}/contacts/{ann['id']}", json={"properties": {"jobtitle": "", "city": "Oslo"}}
    )
    assert resp.status_code == 200
    props = resp.json()["properties"]
    assert "jobtitle" not in props and props["city"] == "Oslo"
    assert props["lastmodifieddate"] > props["createdate"]
    by_email = api(
        "PATCH",
        f"{P}/contacts/ANN%40example.com?idProperty=email",
        json={"properties": {"zip": "1"}},
    )
    assert by_email.status_code == 200 and by_email.json()["id"] == ann["id"]

    bob = contact(api, P, email="bob@example.com")
    taken = api(
        "PATCH", f"{P}/contacts/{bob['id']}", json={"properties": {"email": "Ann@example.com"}}
    )
    assert assert_error(taken, 409, "CONFLICT")["message"].endswith(f"Existing ID: {ann['id']}")
    for bad in ({"nope": "1"}, {"email": "x"}, {"lifecyclestage": "king"}, {"createdate": "1"}):
        assert_error(api("PATCH", f"{P}/contacts/{bob['id']}", json={"properties": bad}), 400)
    assert_error(api("PATCH", f"{P}/contacts/99999", json={"properties": {}}), 404)


# ----- 8.2.4 batch create ------------------------------------------------------------------------


def test_batch_create_all_ok_is_201(api: Api, P: str) -> None:
    inputs = [
        {"properties": {"email": f"p{i}@x.com"}, "objectWriteTraceId": f"t{i}"} for i in range(3)
    ]
    resp = api("POST", f"{P}/contacts/batch/create", json={"inputs": inputs})
    assert resp.status_code == 201
    body = resp.json()
    assert body["status"] == "COMPLETE" and "errors" not in body
    assert [r["objectWriteTraceId"] for r in body["results"]] == ["t0", "t1", "t2"]
    for key in ("requestedAt", "startedAt", "completedAt"):
        assert body[key].endswith("Z")


def test_batch_create_over_100_is_400(fake: FakeHubSpot, api: Api, P: str) -> None:
    inputs = [{"properties": {"email": f"p{i}@x.com"}} for i in range(101)]
    assert_error(
        api("POST", f"{P}/contacts/batch/create", json={"inputs": inputs}), 400, "VALIDATION_ERROR"
    )
    assert fake.objects("contacts") == {}


def test_batch_create_with_trace_ids_is_207_per_input(fake: FakeHubSpot, api: Api, P: str) -> None:
    old = contact(api, P, email="old@x.com")
    inputs = [
        {"properties": {"email": "new@x.com"}, "objectWriteTraceId": "t1"},
        {"properties": {"email": "OLD@x.com"}, "objectWriteTraceId": "t2"},
        {"properties": {"email": "bad"}, "objectWriteTraceId": "t3"},
        {"properties": {"email": "new2@x.com"}, "objectWriteTraceId": "t4"},
    ]
    resp = api("POST", f"{P}/contacts/batch/create", json={"inputs": inputs})
    assert resp.status_code == 207
    body = resp.json()
    assert [r["objectWriteTraceId"] for r in body["results"]] == ["t1", "t4"]
    assert body["numErrors"] == 2
    by_trace = {e["context"]["objectWriteTraceId"][0]: e for e in body["errors"]}
    assert by_trace["t2"]["category"] == "CONFLICT"
    assert by_trace["t2"]["message"] == f"Contact already exists. Existing ID: {old['id']}"
    assert by_trace["t3"]["category"] == "VALIDATION_ERROR"
    assert len(fake.objects("contacts")) == 3


@pytest.mark.parametrize(
    ("bad", "status"), [({"email": "old@x.com"}, 409), ({"email": "x", "firstname": "Y"}, 400)]
)
def test_batch_create_without_trace_ids_is_atomic(
    fake: FakeHubSpot, api: Api, P: str, bad: dict, status: int
) -> None:
    old = contact(api, P, email="old@x.com")
    inputs = [
        {"properties": {"email": "a@x.com"}},
        {"properties": bad},
        {"properties": {"email": "old@x.com"}},
    ]
    body = assert_error(api("POST", f"{P}/contacts/batch/create", json={"inputs": inputs}), status)
    if status == 409:
        assert body["message"] == f"Contact already exists. Existing ID: {old['id']}"
    assert list(fake.objects("contacts")) == [old["id"]]


def test_batch_create_some_trace_ids_missing_is_atomic(fake: FakeHubSpot, api: Api) -> None:
    contact(api, email="old@x.com")
    inputs = [
        {"properties": {"email": "a@x.com"}, "objectWriteTraceId": "t1"},
        {"properties": {"email": "old@x.com"}},
    ]
    assert_error(api("POST", "/crm/v3/objects/contacts/batch/create", json={"inputs": inputs}), 409)
    assert len(fake.objects("contacts")) == 1


def test_batch_create_duplicate_trace_ids_is_400(fake: FakeHubSpot, api: Api) -> None:
    inputs = [
        {"properties": {"email": f"p{i}@x.com"}, "objectWriteTraceId": "same"} for i in range(2)
    ]
    assert_error(api("POST", "/crm/v3/objects/contacts/batch/create", json={"inputs": inputs}), 400)
    assert fake.objects("contacts") == {}


def test_batch_create_duplicate_emails_inside_one_batch(fake: FakeHubSpot, api: Api) -> None:
    inputs = [
        {"properties": {"email": "a@x.com"}, "objectWriteTraceId": "t1"},
        {"properties": {"email": "A@x.com"}, "objectWriteTraceId": "t2"},
    ]
    resp = api("POST", "/crm/v3/objects/contacts/batch/create", json={"inputs": inputs})
    assert resp.status_code == 207 and resp.json()["numErrors"] == 1
    assert len(fake.objects("contacts")) == 1


# ----- 8.2.5 batch upsert ------------------------------------------------------------------------


def test_batch_upsert_by_email_is_case_insensitive(fake: FakeHubSpot, api: Api, P: str) -> None:
    ann = contact(api, P, email="ann@x.com", firstname="Ann")
    inputs = [
        {"idProperty": "email", "id": "ANN@x.com", "properties": {"jobtitle": "CTO"}},
        {"idProperty": "email", "id": "bob@x.com", "properties": {"firstname": "Bob"}},
    ]
    resp = api("POST", f"{P}/contacts/batch/upsert", json={"inputs": inputs})
    assert resp.status_code == 200, resp.text
    results = {r["id"]: r for r in resp.json()["results"]}
    assert results[ann["id"]]["new"] is False
    assert results[ann["id"]]["properties"]["jobtitle"] == "CTO"
    (bob,) = [r for r in results.values() if r["new"]]
    assert bob["properties"]["email"] == "bob@x.com"
    assert len(fake.objects("contacts")) == 2


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        (
            [{"idProperty": "email", "id": "a@x.com"}, {"idProperty": "email", "id": "A@X.com "}],
            "Duplicate IDs",
        ),
        (
            [{"idProperty": "firstname", "id": "Ann"}],
            "Unable to perform update/upsert by non-unique 0-1 property",
        ),
        ([{"idProperty": "email", "id": f"p{i}@x.com"} for i in range(101)], "Too many inputs"),
    ],
)
def test_batch_upsert_rejects(fake: FakeHubSpot, api: Api, inputs: list, message: str) -> None:
    resp = api("POST", "/crm/v3/objects/contacts/batch/upsert", json={"inputs": inputs})
    assert message in assert_error(resp, 400, "VALIDATION_ERROR")["message"]
    assert fake.objects("contacts") == {}


@pytest.fixture
def unique_domain(api: Api) -> str:
    spec = {
        "name": "cardfollow_domain",
        "label": "Domain key",
        "type": "string",
        "fieldType": "text",
        "groupName": "companyinformation",
        "hasUniqueValue": True,
    }
    assert api("POST", "/crm/v3/properties/companies", json=spec).status_code == 201
    return "cardfollow_domain"


def test_unique_custom_property_keys_upsert_get_and_batch_read(
    fake: FakeHubSpot, api: Api, P: str, unique_domain: str
) -> None:
    def upsert() -> dict:
        inputs = [{"idProperty": unique_domain, "id": "acme.com", "properties": {"name": "Acme"}}]
        resp = api("POST", f"{P}/companies/batch/upsert", json={"inputs": inputs})
        assert resp.status_code == 200, resp.text
        return resp.json()["results"][0]

    first, second = upsert(), upsert()
    assert first["new"] is True and second["new"] is False and first["id"] == second["id"]
    got = api("GET", f"{P}/companies/acme.com?idProperty={unique_domain}")
    assert got.status_code == 200 and got.json()["id"] == first["id"]
    read = api(
        "POST",
        f"{P}/companies/batch/read",
        json={"idProperty": unique_domain, "inputs": [{"id": "acme.com"}], "properties": ["name"]},
    )
    assert read.json()["results"][0]["properties"]["name"] == "Acme"
    dupe = api("POST", f"{P}/companies", json={"properties": {unique_domain: "acme.com"}})
    body = assert_error(dupe, 400, "VALIDATION_ERROR")
    assert "already has that value" in body["message"]
    assert len(fake.objects("companies")) == 1


def test_unique_value_on_contacts_too(api: Api) -> None:
    spec = {
        "name": "badge_id",
        "label": "Badge",
        "type": "string",
        "fieldType": "text",
        "groupName": "contactinformation",
        "hasUniqueValue": True,
    }
    assert api("POST", "/crm/v3/properties/contacts", json=spec).status_code == 201
    ann = contact(api, badge_id="B-1")
    assert_error(
        api("POST", "/crm/v3/objects/contacts", json={"properties": {"badge_id": "B-1"}}), 400
    )
    bob = contact(api, badge_id="B-2")
    taken = api(
        "PATCH", f"/crm/v3/objects/contacts/{bob['id']}", json={"properties": {"badge_id": "B-1"}}
    )
    assert_error(taken, 400)
    assert api("GET", "/crm/v3/objects/contacts/B-1?idProperty=badge_id").json()["id"] == ann["id"]


def test_get_by_non_unique_property_is_400(api: Api) -> None:
    resp = api("GET", "/crm/v3/objects/companies/acme.com?idProperty=domain")
    assert "non-unique" in assert_error(resp, 400)["message"]


# ----- 8.2.6 batch read / 8.2.7 batch update / archive -------------------------------------------


def test_batch_read_reports_missing_ids(api: Api, P: str) -> None:
    ann = contact(api, P, email="ann@x.com", firstname="Ann")
    ok = api(
        "POST",
        f"{P}/contacts/batch/read",
        json={"inputs": [{"id": ann["id"]}], "properties": ["firstname"]},
    )
    assert ok.status_code == 200 and ok.json()["results"][0]["properties"]["firstname"] == "Ann"
    resp = api(
        "POST",
        f"{P}/contacts/batch/read?archived=false",
        json={"idProperty": "email", "inputs": [{"id": "ANN@x.com"}, {"id": "zed@x.com"}]},
    )
    assert resp.status_code == 207
    body = resp.json()
    assert [r["id"] for r in body["results"]] == [ann["id"]]
    assert body["errors"][0]["category"] == "OBJECT_NOT_FOUND"
    assert body["errors"][0]["context"]["ids"] == ["zed@x.com"]


def test_batch_update_by_id_only(fake: FakeHubSpot, api: Api, P: str) -> None:
    ann = contact(api, P, email="ann@x.com")
    resp = api(
        "POST",
        f"{P}/contacts/batch/update",
        json={"inputs": [{"id": ann["id"], "properties": {"city": "Oslo"}}]},
    )
    assert resp.status_code == 200 and resp.json()["results"][0]["properties"]["city"] == "Oslo"
    by_email = api(
        "POST",
        f"{P}/contacts/batch/update",
        json={
            "inputs": [{"id": "ann@x.com", "idProperty": "email", "properties": {"city": "Rome"}}]
        },
    )
    body = assert_error(by_email, 400)
    assert "Unable to perform update/upsert by non-unique 0-1 property" in body["message"]
    assert fake.objects("contacts")[ann["id"]]["properties"]["city"] == "Oslo"


def test_batch_update_missing_id_fails_atomically(fake: FakeHubSpot, api: Api) -> None:
    ann = contact(api, email="ann@x.com")
    inputs = [{"id": ann["id"], "properties": {"city": "Oslo"}}, {"id": "424242", "properties": {}}]
    assert_error(api("POST", "/crm/v3/objects/contacts/batch/update", json={"inputs": inputs}), 404)
    assert "city" not in fake.objects("contacts")[ann["id"]]["properties"]


def test_batch_archive(fake: FakeHubSpot, api: Api, P: str) -> None:
    ids = [contact(api, P, email=f"p{i}@x.com")["id"] for i in range(3)]
    resp = api("POST", f"{P}/contacts/batch/archive", json={"inputs": [{"id": i} for i in ids[:2]]})
    assert resp.status_code == 204 and resp.content == b""
    assert [r["archived"] for r in fake.objects("contacts").values()] == [True, True, False]


# ----- 8.2.8 search ------------------------------------------------------------------------------


def search(api: Api, body: dict, P: str = OBJECTS[0], kind: str = "contacts") -> requests.Response:
    return api("POST", f"{P}/{kind}/search", json=body)


def found(api: Api, *filters: dict, groups: list[list[dict]] | None = None) -> list[str]:
    body = {"filterGroups": [{"filters": g} for g in (groups or [list(filters)])], "limit": 200}
    resp = search(api, body)
    assert resp.status_code == 200, resp.text
    return sorted(r["properties"]["firstname"] for r in resp.json()["results"])


@pytest.fixture
def people(api: Api) -> None:
    contact(api, email="ann@acme.com", firstname="Ann", zip="100", city="Oslo")
    contact(api, email="bob@acme.com", firstname="Bob", zip="200", city="Rome Centre")
    contact(api, email="cy@other.org", firstname="Cy", zip="300")


@pytest.mark.usefixtures("people")
@pytest.mark.parametrize(
    ("flt", "names"),
    [
        ({"propertyName": "email", "operator": "EQ", "value": "ANN@acme.com"}, ["Ann"]),
        ({"propertyName": "firstname", "operator": "NEQ", "value": "Ann"}, ["Bob", "Cy"]),
        ({"propertyName": "zip", "operator": "IN", "values": ["100", "300"]}, ["Ann", "Cy"]),
        ({"propertyName": "zip", "operator": "NOT_IN", "values": ["100"]}, ["Bob", "Cy"]),
        ({"propertyName": "email", "operator": "CONTAINS_TOKEN", "value": "acme"}, ["Ann", "Bob"]),
        (
            {"propertyName": "email", "operator": "CONTAINS_TOKEN", "value": "*@acme.com"},
            ["Ann", "Bob"],
        ),
        ({"propertyName": "city", "operator": "CONTAINS_TOKEN", "value": "centre"}, ["Bob"]),
        ({"propertyName": "email", "operator": "NOT_CONTAINS_TOKEN", "value": "acme"}, ["Cy"]),
        ({"propertyName": "city", "operator": "HAS_PROPERTY"}, ["Ann", "Bob"]),
        ({"propertyName": "city", "operator": "NOT_HAS_PROPERTY"}, ["Cy"]),
        ({"propertyName": "zip", "operator": "GT", "value": "100"}, ["Bob", "Cy"]),
        ({"propertyName": "zip", "operator": "GTE", "value": "200"}, ["Bob", "Cy"]),
        ({"propertyName": "zip", "operator": "LT", "value": "200"}, ["Ann"]),
        ({"propertyName": "zip", "operator": "LTE", "value": "200"}, ["Ann", "Bob"]),
        (
            {"propertyName": "zip", "operator": "BETWEEN", "value": "150", "highValue": "300"},
            ["Bob", "Cy"],
        ),
    ],
)
def test_search_operators(api: Api, flt: dict, names: list[str]) -> None:
    assert found(api, flt) == names


@pytest.mark.usefixtures("people")
def test_search_filters_and_within_groups_or_across(api: Api) -> None:
    acme = {"propertyName": "email", "operator": "CONTAINS_TOKEN", "value": "acme"}
    oslo = {"propertyName": "city", "operator": "EQ", "value": "Oslo"}
    cy = {"propertyName": "firstname", "operator": "EQ", "value": "Cy"}
    assert found(api, acme, oslo) == ["Ann"]
    assert found(api, groups=[[acme, oslo], [cy]]) == ["Ann", "Cy"]


def test_search_numbers_and_datetimes_compare_as_values(fake: FakeHubSpot, api: Api) -> None:
    contact(api, firstname="Early")
    fake.clock.advance(3600)
    contact(api, firstname="Late")
    cut = int((fake.clock.now() - 60) * 1000)
    assert found(api, {"propertyName": "createdate", "operator": "GT", "value": str(cut)}) == [
        "Late"
    ]
    note = {"properties": {"hs_timestamp": "1790000000000"}}
    assert api("POST", "/crm/v3/objects/notes", json=note).status_code == 201
    resp = search(
        api,
        {
            "filterGroups": [
                {
                    "filters": [
                        {
                            "propertyName": "hs_timestamp",
                            "operator": "LT",
                            "value": "2026-09-22T00:00:00Z",
                        }
                    ]
                }
            ]
        },
        kind="notes",
    )
    assert resp.json()["total"] == 1


def _filters(n: int) -> list[dict]:
    return [{"propertyName": "email", "operator": "HAS_PROPERTY"}] * n


@pytest.mark.parametrize(
    "body",
    [
        {"filterGroups": [{"filters": _filters(1)}] * 6},
        {"filterGroups": [{"filters": _filters(7)}]},
        {"filterGroups": [{"filters": _filters(6)}] * 3 + [{"filters": _filters(1)}]},
        {"sorts": [{"propertyName": "email"}, {"propertyName": "firstname"}]},
        {"limit": 201},
        {"after": "10000"},
        {
            "filterGroups": [
                {"filters": [{"propertyName": "email", "operator": "LIKE", "value": "x"}]}
            ]
        },
    ],
)
def test_search_limits_are_400(api: Api, P: str, body: dict) -> None:
    assert_error(search(api, body, P), 400, "VALIDATION_ERROR")


def test_search_at_the_limits_is_fine(api: Api) -> None:
    body = {"filterGroups": [{"filters": _filters(6)}] * 3, "limit": 200, "after": "9999"}
    assert search(api, body).status_code == 200


def test_search_total_paging_sort_and_properties(api: Api, P: str) -> None:
    for i in range(5):
        contact(api, P, email=f"p{i}@x.com", firstname=f"P{i}", zip=str(50 - i))
    seen: list[str] = []
    body: dict[str, Any] = {
        "sorts": [{"propertyName": "zip", "direction": "ASCENDING"}],
        "properties": ["zip"],
        "limit": 2,
    }
    while True:
        page = search(api, body, P).json()
        assert page["total"] == 5
        seen += [r["properties"]["zip"] for r in page["results"]]
        assert "firstname" not in page["results"][0]["properties"]
        if "paging" not in page:
            break
        body["after"] = page["paging"]["next"]["after"]
    assert seen == ["46", "47", "48", "49", "50"]
    desc = search(
        api, {"sorts": [{"propertyName": "zip", "direction": "DESCENDING"}], "limit": 1}, P
    )
    assert desc.json()["results"][0]["properties"]["email"] == "p0@x.com"


def test_search_free_text_query(api: Api) -> None:
    contact(api, email="ann@acme.com", firstname="Annabel")
    contact(api, email="bob@x.com", firstname="Bob")
    got = search(api, {"query": "annab"}).json()
    assert [r["properties"]["firstname"] for r in got["results"]] == ["Annabel"]


def test_search_is_eventually_consistent_and_skips_archived(fake: FakeHubSpot, api: Api) -> None:
    fake.settings.index_delay = 2.0
    ann = contact(api, email="ann@x.com", firstname="Ann")
    flt = {
        "filterGroups": [
            {"filters": [{"propertyName": "email", "operator": "EQ", "value": "ann@x.com"}]}
        ]
    }
    assert search(api, flt).json()["total"] == 0
    assert api("GET", "/crm/v3/objects/contacts/ann@x.com?idProperty=email").status_code == 200
    fake.clock.advance(2.0)
    assert search(api, flt).json()["total"] == 1
    api(
        "PATCH", f"/crm/v3/objects/contacts/{ann['id']}", json={"properties": {"firstname": "Anna"}}
    )
    stale = search(api, flt).json()["results"][0]
    assert stale["properties"]["firstname"] == "Ann"  # the index still holds the old version
    fake.clock.advance(2.0)
    assert search(api, flt).json()["results"][0]["properties"]["firstname"] == "Anna"
    api("DELETE", f"/crm/v3/objects/contacts/{ann['id']}")
    fake.clock.advance(2.0)
    assert search(api, flt).json()["total"] == 0


def test_search_has_its_own_five_per_second_limit(fake: FakeHubSpot, api: Api) -> None:
    for _ in range(5):
        ok = search(api, {})
        assert ok.status_code == 200
        assert not [h for h in ok.headers if h.lower().startswith("x-hubspot-ratelimit")]
    over = search(api, {})
    body = assert_error(over, 429)
    assert body["message"] == "You have reached your secondly limit."
    assert not [h for h in over.headers if h.lower().startswith("x-hubspot-ratelimit")]
    assert api("GET", "/crm/v3/objects/contacts").status_code == 200  # the burst limit is separate
    fake.clock.advance(1.0)
    assert search(api, {}).status_code == 200


# ----- 8.2.9 list --------------------------------------------------------------------------------


def test_list_pages_with_after_until_paging_is_absent(api: Api, P: str) -> None:
    made = [contact(api, P, email=f"p{i}@x.com")["id"] for i in range(5)]
    seen: list[str] = []
    after = None
    while True:
        page = api("GET", f"{P}/contacts", params={"limit": 2, "after": after}).json()
        seen += [r["id"] for r in page["results"]]
        if "paging" not in page:
            break
        after = page["paging"]["next"]["after"]
    assert seen == made
    assert_error(api("GET", f"{P}/contacts?limit=101"), 400)


# ----- 8.2.10 companies --------------------------------------------------------------------------


def test_companies_allow_duplicate_domains_and_search_by_domain(api: Api, P: str) -> None:
    a = company(api, P, name="Acme", domain="acme.com")
    b = company(api, P, name="Acme Inc", domain="acme.com")
    assert a["id"] != b["id"]
    body = {
        "filterGroups": [
            {"filters": [{"propertyName": "domain", "operator": "EQ", "value": "acme.com"}]}
        ]
    }
    assert search(api, body, P, "companies").json()["total"] == 2
    props = api("GET", f"{P}/companies/{a['id']}").json()["properties"]
    assert set(props) == {"createdate", "domain", "hs_lastmodifieddate", "hs_object_id", "name"}


# ----- 8.2.11 notes, emails, tasks ---------------------------------------------------------------


@pytest.mark.parametrize("kind", ["notes", "emails", "tasks"])
def test_engagements_need_hs_timestamp(api: Api, P: str, kind: str) -> None:
    resp = api("POST", f"{P}/{kind}", json={"properties": {}})
    assert_error(resp, 400, "VALIDATION_ERROR")
    assert codes(resp) == ["REQUIRED_PROPERTY"]
    ok = api("POST", f"{P}/{kind}", json={"properties": {"hs_timestamp": "1790000000000"}})
    assert ok.status_code == 201
    assert {"hs_createdate", "hs_lastmodifieddate"} <= set(ok.json()["properties"])


@pytest.mark.parametrize(
    ("kind", "props", "code"),
    [
        ("emails", {"hs_email_direction": "OUTGOING"}, "INVALID_OPTION"),
        ("emails", {"hs_email_status": "DELIVERED"}, "INVALID_OPTION"),
        ("emails", {"hs_email_headers": "{not json"}, "INVALID_JSON"),
        ("notes", {"hs_note_body": "x" * 65_537}, "MAX_LENGTH_EXCEEDED"),
        ("notes", {"hs_attachment_ids": "123;456"}, "INVALID_ATTACHMENT_ID"),
        ("tasks", {"hs_task_status": "DONE"}, "INVALID_OPTION"),
        ("tasks", {"hs_task_priority": "URGENT"}, "INVALID_OPTION"),
        ("tasks", {"hs_task_type": "MEETING"}, "INVALID_OPTION"),
        ("tasks", {"hs_timestamp": "next tuesday"}, "INVALID_DATETIME"),
    ],
)
def test_engagement_validation(api: Api, kind: str, props: dict, code: str) -> None:
    resp = api(
        "POST", f"/crm/v3/objects/{kind}", json={"properties": {"hs_timestamp": TS, **props}}
    )
    assert_error(resp, 400, "VALIDATION_ERROR")
    assert codes(resp) == [code]


def test_valid_engagements_with_attachments_and_headers(api: Api) -> None:
    file_id = upload(api).json()["id"]
    note = {"hs_timestamp": TS, "hs_note_body": "x" * 65_536, "hs_attachment_ids": file_id}
    assert api("POST", "/crm/v3/objects/notes", json={"properties": note}).status_code == 201
    headers = {
        "from": {"email": "me@x.com", "firstName": "Me"},
        "to": [{"email": "them@y.com"}],
        "cc": [],
        "bcc": [],
    }
    email = {
        "hs_timestamp": TS,
        "hs_email_direction": "EMAIL",
        "hs_email_status": "SENT",
        "hs_email_headers": json.dumps(headers),
    }
    made = api("POST", "/crm/v3/objects/emails", json={"properties": email}).json()["properties"]
    assert made["hs_email_from_email"] == "me@x.com" and made["hs_email_to_email"] == "them@y.com"
    task = {
        "hs_timestamp": TS,
        "hs_task_status": "NOT_STARTED",
        "hs_task_priority": "HIGH",
        "hs_task_type": "EMAIL",
    }
    assert api("POST", "/crm/v3/objects/tasks", json={"properties": task}).status_code == 201


# ----- 8.3 associations --------------------------------------------------------------------------


@pytest.fixture
def graph(api: Api) -> dict[str, str]:
    ann = contact(api, email="ann@acme.com")["id"]
    acme = company(api, name="Acme")["id"]
    engagements = {
        kind: api(
            "POST", f"/crm/v3/objects/{kind}", json={"properties": {"hs_timestamp": TS}}
        ).json()["id"]
        for kind in ("notes", "emails", "tasks")
    }
    return {"contact": ann, "company": acme, **engagements}


@pytest.mark.parametrize(
    ("kind", "type_id", "to", "reverse"),
    [
        ("notes", 202, "contacts", 201),
        ("emails", 198, "contacts", 197),
        ("tasks", 204, "contacts", 203),
        ("notes", 190, "companies", 189),
        ("emails", 186, "companies", 185),
        ("tasks", 192, "companies", 191),
    ],
)
def test_inline_engagement_associations_and_reverse_ids(
    fake: FakeHubSpot,
    api: Api,
    graph: dict[str, str],
    kind: str,
    type_id: int,
    to: str,
    reverse: int,
) -> None:
    target = graph["contact" if to == "contacts" else "company"]
    made = api(
        "POST",
        f"/crm/v3/objects/{kind}",
        json={"properties": {"hs_timestamp": TS}, "associations": [assoc(type_id, target)]},
    ).json()
    assert fake.associations_of(kind, made["id"], to) == [(target, type_id)]
    assert (made["id"], reverse) in fake.associations_of(to, target, kind)


@pytest.mark.parametrize(
    ("kind", "type_id"), [("tasks", 202), ("notes", 204), ("contacts", 202), ("notes", 9999)]
)
def test_wrong_association_type_for_the_pair_is_400(
    fake: FakeHubSpot, api: Api, graph: dict[str, str], kind: str, type_id: int
) -> None:
    props = {"hs_timestamp": TS} if kind != "contacts" else {"email": "new@x.com"}
    resp = api(
        "POST",
        f"/crm/v3/objects/{kind}",
        json={"properties": props, "associations": [assoc(type_id, graph["contact"])]},
    )
    assert_error(resp, 400)


def test_primary_company_association_implies_unlabeled(
    fake: FakeHubSpot, api: Api, graph: dict[str, str]
) -> None:
    ann, acme = graph["contact"], graph["company"]
    resp = api(
        "PUT",
        f"/crm/v4/objects/contacts/{ann}/associations/companies/{acme}",
        json=[{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 1}],
    )
    assert resp.status_code == 201
    assert resp.json()["labels"] == ["Primary"]
    assert fake.associations_of("contacts", ann, "companies") == [(acme, 1), (acme, 279)]
    assert fake.associations_of("companies", acme, "contacts") == [(ann, 2), (ann, 280)]


@pytest.mark.parametrize("A", ASSOC_OBJECTS)
def test_v4_default_and_typed_put_and_reverse_get(
    fake: FakeHubSpot, api: Api, graph: dict[str, str], A: str
) -> None:
    ann, acme, note = graph["contact"], graph["company"], graph["notes"]
    resp = api("PUT", f"{A}/contacts/{ann}/associations/default/companies/{acme}")
    assert resp.status_code == 200
    result = resp.json()["results"][0]
    assert result["associationSpec"]["associationTypeId"] == 279
    typed = api(
        "PUT",
        f"{A}/notes/{note}/associations/contacts/{ann}",
        json=[{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 202}],
    )
    assert typed.status_code == 201
    assert typed.json()["toObjectId"] == int(ann)
    reverse = api("GET", f"{A}/contacts/{ann}/associations/notes").json()
    assert reverse == {
        "results": [
            {
                "toObjectId": int(note),
                "associationTypes": [{"category": "HUBSPOT_DEFINED", "typeId": 201, "label": None}],
            }
        ]
    }
    companies = api("GET", f"{A}/companies/{acme}/associations/contacts").json()["results"]
    assert companies[0]["associationTypes"][0]["typeId"] == 280
    wrong = api(
        "PUT",
        f"{A}/tasks/{graph['tasks']}/associations/contacts/{ann}",
        json=[{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 202}],
    )
    assert_error(wrong, 400)
    gone = api("PUT", f"{A}/contacts/{ann}/associations/default/companies/99999999")
    assert_error(gone, 404)


@pytest.mark.parametrize("B", ASSOC_BATCH)
def test_batch_associations(fake: FakeHubSpot, api: Api, graph: dict[str, str], B: str) -> None:
    ann, acme = graph["contact"], graph["company"]
    bob = contact(api, email="bob@acme.com")["id"]
    resp = api(
        "POST",
        f"{B}/contacts/companies/batch/associate/default",
        json={"inputs": [{"from": {"id": ann}, "to": {"id": acme}}]},
    )
    assert resp.status_code == 200 and resp.json()["status"] == "COMPLETE"
    created = api(
        "POST",
        f"{B}/tasks/contacts/batch/create",
        json={
            "inputs": [
                {
                    "from": {"id": graph["tasks"]},
                    "to": {"id": bob},
                    "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 204}],
                }
            ]
        },
    )
    assert created.status_code == 201
    assert fake.associations_of("contacts", bob, "tasks") == [(graph["tasks"], 203)]
    assert fake.associations_of("companies", acme, "contacts") == [(ann, 280)]
    partial = api(
        "POST",
        f"{B}/contacts/companies/batch/associate/default",
        json={
            "inputs": [
                {"from": {"id": bob}, "to": {"id": acme}},
                {"from": {"id": "1"}, "to": {"id": acme}},
            ]
        },
    )
    assert partial.status_code == 207 and partial.json()["numErrors"] == 1


# ----- 8.4 properties ----------------------------------------------------------------------------


@pytest.mark.parametrize("R", PROPERTIES)
def test_properties_are_seeded_with_types_and_options(api: Api, R: str) -> None:
    listed = {p["name"]: p for p in api("GET", f"{R}/contacts").json()["results"]}
    for name in (
        "email",
        "firstname",
        "lastname",
        "phone",
        "mobilephone",
        "jobtitle",
        "company",
        "website",
        "city",
        "zip",
        "country",
        "hubspot_owner_id",
        "createdate",
    ):
        assert name in listed
    stages = [o["value"] for o in listed["lifecyclestage"]["options"]]
    assert stages == [
        "subscriber",
        "lead",
        "marketingqualifiedlead",
        "salesqualifiedlead",
        "opportunity",
        "customer",
        "evangelist",
        "other",
    ]
    lead = api("GET", f"{R}/contacts/hs_lead_status").json()
    assert lead["type"] == "enumeration" and "ATTEMPTED_TO_CONTACT" in [
        o["value"] for o in lead["options"]
    ]
    assert listed["createdate"]["modificationMetadata"]["readOnlyValue"] is True
    companies = {p["name"] for p in api("GET", f"{R}/companies").json()["results"]}
    assert {"name", "domain", "city", "phone", "website", "industry"} <= companies
    tasks = {p["name"] for p in api("GET", f"{R}/tasks").json()["results"]}
    assert {
        "hs_timestamp",
        "hs_task_subject",
        "hs_task_status",
        "hs_task_priority",
        "hs_task_type",
    } <= tasks
    assert_error(api("GET", f"{R}/contacts/nope"), 404)


@pytest.mark.parametrize("R", PROPERTIES)
def test_create_custom_property(api: Api, R: str) -> None:
    spec = {
        "name": "bizcard_followup_status",
        "label": "Follow-up status",
        "type": "enumeration",
        "fieldType": "select",
        "groupName": "contactinformation",
        "options": [
            {"label": "Drafted", "value": "drafted", "displayOrder": 0},
            {"label": "Sent", "value": "sent", "displayOrder": 1},
        ],
    }
    made = api("POST", f"{R}/contacts", json=spec)
    assert made.status_code == 201 and made.json()["hubspotDefined"] is False
    assert_error(api("POST", f"{R}/contacts", json=spec), 409, "OBJECT_ALREADY_EXISTS")
    assert (
        contact(api, bizcard_followup_status="sent")["properties"]["bizcard_followup_status"]
        == "sent"
    )
    bad = api(
        "POST", "/crm/v3/objects/contacts", json={"properties": {"bizcard_followup_status": "lost"}}
    )
    assert codes(bad) == ["INVALID_OPTION"]


@pytest.mark.parametrize(
    ("type_", "field"),
    [("string", "number"), ("number", "text"), ("bool", "select"), ("datetime", "text")],
)
def test_invalid_type_field_type_pair_is_400(api: Api, type_: str, field: str) -> None:
    spec = {
        "name": "x_prop",
        "label": "X",
        "type": type_,
        "fieldType": field,
        "groupName": "contactinformation",
    }
    assert_error(api("POST", "/crm/v3/properties/contacts", json=spec), 400)


def test_at_most_ten_unique_properties(api: Api) -> None:
    def make(i: int) -> requests.Response:
        spec = {
            "name": f"key_{i}",
            "label": "K",
            "type": "string",
            "fieldType": "text",
            "groupName": "g",
            "hasUniqueValue": True,
        }
        return api("POST", "/crm/v3/properties/companies", json=spec)

    assert all(make(i).status_code == 201 for i in range(10))
    assert_error(make(10), 400)


# ----- 8.5 files ---------------------------------------------------------------------------------


@pytest.mark.parametrize("F", FILES)
def test_upload_keeps_bytes_and_answers_with_metadata(fake: FakeHubSpot, api: Api, F: str) -> None:
    data = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4
    resp = upload(api, data, prefix=F, options={"access": "PRIVATE", "ttl": "P1Y"})
    assert resp.status_code == 201, resp.text
    meta = resp.json()
    assert meta["name"] == "card-12" and meta["extension"] == "jpg" and meta["type"] == "IMG"
    assert meta["size"] == len(data) and meta["access"] == "PRIVATE" and meta["archived"] is False
    assert meta["path"] == "/cardfollow/cards/card-12.jpg"
    assert {"id", "url", "parentFolderId", "createdAt", "updatedAt"} <= set(meta)
    stored = fake.files[meta["id"]]
    assert stored["bytes"] == data and stored["path"] == meta["path"]
    assert api("GET", f"{F}/{meta['id']}").json()["fileMd5"] == meta["fileMd5"]
    assert api("GET", f"{F}/{meta['id']}/download").content == data


@pytest.mark.parametrize(
    ("fields", "options", "with_file"),
    [
        ({"folderPath": "/a"}, {"access": "PRIVATE"}, False),
        ({}, {"access": "PRIVATE"}, True),
        ({"folderPath": "/a", "folderId": "1"}, {"access": "PRIVATE"}, True),
        ({"folderPath": "/a"}, {}, True),
        ({"folderPath": "/a"}, {"access": "SECRET"}, True),
        ({"folderPath": "/a"}, {"access": "PRIVATE", "ttl": "P2Y"}, True),
    ],
)
def test_upload_rejects_bad_forms(api: Api, fields: dict, options: dict, with_file: bool) -> None:
    files = {"file": ("a.jpg", b"x", "image/jpeg")} if with_file else {"other": ("a.txt", b"x")}
    data = {**fields, "options": json.dumps(options)}
    assert_error(api("POST", FILES[0], files=files, data=data), 400)


def test_upload_by_folder_id_and_size_limit(fake: FakeHubSpot, api: Api) -> None:
    folder = upload(api).json()["parentFolderId"]
    again = upload(api, b"other", fields={"folderId": folder}, name="back.png")
    assert again.status_code == 201 and again.json()["path"] == "/cardfollow/cards/back.png"
    fake.settings.max_file_bytes = 10
    assert_error(upload(api, b"x" * 11), 413)


def test_stat_finds_a_file_by_its_path(api: Api) -> None:
    meta = upload(api).json()
    for path in ("/cardfollow/cards/card-12.jpg", "/%2Fcardfollow%2Fcards%2Fcard-12.jpg"):
        got = api("GET", f"/files/v3/files/stat{path}")
        assert got.status_code == 200 and got.json()["file"]["id"] == meta["id"]
    assert (
        api("GET", "/files/v3/files/stat/cardfollow/cards").json()["folder"]["path"]
        == "/cardfollow/cards"
    )
    assert_error(api("GET", "/files/v3/files/stat/cardfollow/cards/card-13.jpg"), 404)
    assert_error(api("GET", "/files/v3/files/123"), 404)


def test_duplicate_validation_by_content(fake: FakeHubSpot, api: Api) -> None:
    first = upload(api, b"same").json()
    returned = upload(
        api,
        b"same",
        name="other-name.jpg",
        options={
            "access": "PRIVATE",
            "duplicateValidationStrategy": "RETURN_EXISTING",
            "duplicateValidationScope": "ENTIRE_PORTAL",
        },
    )
    assert returned.status_code == 201 and returned.json()["id"] == first["id"]
    rejected = upload(
        api, b"same", options={"access": "PRIVATE", "duplicateValidationStrategy": "REJECT"}
    )
    assert_error(rejected, 409)
    elsewhere = upload(
        api,
        b"same",
        fields={"folderPath": "/elsewhere"},
        options={
            "access": "PRIVATE",
            "duplicateValidationStrategy": "RETURN_EXISTING",
            "duplicateValidationScope": "EXACT_FOLDER",
        },
    )
    assert elsewhere.json()["id"] != first["id"]
    plain = upload(
        api, b"same", options={"access": "PRIVATE", "duplicateValidationStrategy": "NONE"}
    )
    assert plain.status_code == 201 and plain.json()["path"] == "/cardfollow/cards/card-12-1.jpg"
    assert len(fake.files) == 3


# ----- 8.6 rate limits ---------------------------------------------------------------------------


def test_rate_limit_headers_on_2xx_and_4xx(fake: FakeHubSpot, api: Api) -> None:
    ok = api("GET", "/crm/v3/objects/contacts")
    missing = api("GET", "/crm/v3/objects/contacts/424242")
    for resp, remaining in ((ok, "99"), (missing, "98")):
        assert resp.headers["X-HubSpot-RateLimit-Max"] == "100"
        assert resp.headers["X-HubSpot-RateLimit-Remaining"] == remaining
        assert resp.headers["X-HubSpot-RateLimit-Interval-Milliseconds"] == "10000"
        assert resp.headers["X-HubSpot-RateLimit-Daily"] == "250000"
    assert missing.headers["X-HubSpot-RateLimit-Daily-Remaining"] == "249998"


@pytest.mark.parametrize("policy", [None, "seconds", "date"])
def test_burst_limit_429_and_retry_after_policies(
    fake: FakeHubSpot, api: Api, policy: str | None
) -> None:
    fake.settings.burst_max = 3
    fake.settings.retry_after = policy
    for _ in range(3):
        assert api("GET", "/crm/v3/objects/contacts").status_code == 200
    fake.clock.advance(4)
    over = api("GET", "/crm/v3/objects/contacts")
    body = assert_error(over, 429)
    assert body["message"] == "You have reached your ten_secondly_rolling limit."
    assert body["errorType"] == "RATE_LIMIT" and body["policyName"] == "TEN_SECONDLY_ROLLING"
    assert over.headers["X-HubSpot-RateLimit-Remaining"] == "0"
    if policy is None:
        assert "Retry-After" not in over.headers
    elif policy == "seconds":
        assert over.headers["Retry-After"] == "6"
    else:
        when = email.utils.parsedate_to_datetime(over.headers["Retry-After"]).timestamp()
        assert when == fake.clock.now() + 6
    fake.clock.advance(6)
    assert api("GET", "/crm/v3/objects/contacts").status_code == 200


def test_burst_window_is_per_token(fake: FakeHubSpot, api: Api) -> None:
    fake.settings.burst_max = 1
    fake.add_token("other", {"crm.objects.contacts.read"})
    assert api("GET", "/crm/v3/objects/contacts").status_code == 200
    assert api("GET", "/crm/v3/objects/contacts").status_code == 429
    assert api("GET", "/crm/v3/objects/contacts", token="other").status_code == 200


def test_daily_limit_stops_static_tokens_until_midnight(fake: FakeHubSpot, api: Api) -> None:
    fake.settings.daily_max = 2
    fake.add_token("oauth-t", {"crm.objects.contacts.read"}, kind="oauth")
    assert api("GET", "/crm/v3/objects/contacts").status_code == 200
    assert (
        api("GET", "/crm/v3/objects/contacts").headers["X-HubSpot-RateLimit-Daily-Remaining"] == "0"
    )
    body = assert_error(api("GET", "/crm/v3/objects/contacts"), 429)
    assert body["policyName"] == "DAILY"
    assert api("GET", "/crm/v3/objects/contacts", token="oauth-t").status_code == 200
    fake.clock.advance(86_400 - fake.clock.now() % 86_400)
    assert api("GET", "/crm/v3/objects/contacts").status_code == 200


def test_no_daily_limit_when_none() -> None:
    with FakeHubSpot(daily_max=None, burst_max=1000) as fake:
        api = Api(fake.base_url)
        resp = api("GET", "/crm/v3/objects/contacts")
        assert "X-HubSpot-RateLimit-Daily" not in resp.headers
        assert "X-HubSpot-RateLimit-Max" in resp.headers


# ----- 8.6 faults --------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [423, 500, 502, 503, 504])
def test_injected_status_faults_then_recovery(fake: FakeHubSpot, api: Api, status: int) -> None:
    fake.inject("POST", r"/contacts$", status, count=2)
    for _ in range(2):
        assert_error(api("POST", "/crm/v3/objects/contacts", json={"properties": {}}), status)
    assert api("POST", "/crm/v3/objects/contacts", json={"properties": {}}).status_code == 201
    assert len(fake.objects("contacts")) == 1
    assert [r.status for r in fake.requests] == [status, status, 201]


def test_injected_477_has_retry_after_3(fake: FakeHubSpot, api: Api) -> None:
    fake.inject("*", "contacts", 477)
    resp = api("GET", "/crm/v3/objects/contacts")
    assert_error(resp, 477)
    assert resp.headers["Retry-After"] == "3"
    fake.inject("GET", "contacts", 477, retry_after="120")
    assert api("GET", "/crm/v3/objects/contacts").headers["Retry-After"] == "120"


def test_injected_429s(fake: FakeHubSpot, api: Api) -> None:
    fake.inject("GET", "contacts", 429, retry_after="seconds")
    fake.inject("GET", "contacts", "daily")
    burst = api("GET", "/crm/v3/objects/contacts")
    assert assert_error(burst, 429)["policyName"] == "TEN_SECONDLY_ROLLING"
    assert burst.headers["Retry-After"] == "10"
    daily = api("GET", "/crm/v3/objects/contacts")
    assert assert_error(daily, 429)["policyName"] == "DAILY" and "Retry-After" not in daily.headers


def test_fault_rules_match_method_and_path(fake: FakeHubSpot, api: Api) -> None:
    fake.inject("POST", r"/companies", 503)
    assert api("POST", "/crm/v3/objects/contacts", json={"properties": {}}).status_code == 201
    assert api("GET", "/crm/v3/objects/companies").status_code == 200
    assert api("POST", "/crm/v3/objects/companies", json={"properties": {}}).status_code == 503


def test_connection_reset(fake: FakeHubSpot, api: Api) -> None:
    fake.inject("POST", "contacts", "reset")
    with pytest.raises(requests.ConnectionError):
        api("POST", "/crm/v3/objects/contacts", json={"properties": {"email": "a@x.com"}})
    assert fake.objects("contacts") == {}
    assert fake.requests[-1].status == 0
    assert (
        api(
            "POST", "/crm/v3/objects/contacts", json={"properties": {"email": "a@x.com"}}
        ).status_code
        == 201
    )


def test_reset_after_processing_is_an_ambiguous_write(fake: FakeHubSpot, api: Api) -> None:
    fake.inject("POST", "contacts", "reset", after=True)
    with pytest.raises(requests.ConnectionError):
        api("POST", "/crm/v3/objects/contacts", json={"properties": {"email": "a@x.com"}})
    assert len(fake.objects("contacts")) == 1  # the write happened
    again = api("POST", "/crm/v3/objects/contacts", json={"properties": {"email": "a@x.com"}})
    assert_error(again, 409)


def test_status_fault_after_processing(fake: FakeHubSpot, api: Api) -> None:
    fake.inject("POST", "batch/upsert", 502, after=True)
    inputs = [{"idProperty": "email", "id": "a@x.com", "properties": {}}]
    assert_error(api("POST", "/crm/v3/objects/contacts/batch/upsert", json={"inputs": inputs}), 502)
    retried = api("POST", "/crm/v3/objects/contacts/batch/upsert", json={"inputs": inputs})
    assert retried.json()["results"][0]["new"] is False


def test_slow_response_times_out_the_client(fake: FakeHubSpot, api: Api) -> None:
    fake.inject("GET", "contacts", "slow", delay=0.4)
    started = time.monotonic()
    with pytest.raises(requests.Timeout):
        api("GET", "/crm/v3/objects/contacts", timeout=0.1)
    assert time.monotonic() - started < 0.35
    assert api("GET", "/crm/v3/objects/contacts").status_code == 200


def test_unknown_fault_is_refused(fake: FakeHubSpot) -> None:
    with pytest.raises(ValueError):
        fake.inject("GET", "x", 418)


# ----- recording and response basics -------------------------------------------------------------


def test_requests_are_recorded_with_virtual_time(fake: FakeHubSpot, api: Api) -> None:
    at = fake.clock.now()
    api("POST", "/crm/v3/objects/contacts?x=1", json={"properties": {"email": "a@x.com"}})
    fake.clock.advance(7)
    api("GET", "/crm/v3/objects/contacts")
    first, second = fake.requests
    assert (first.method, first.path, first.query, first.status, first.at) == (
        "POST",
        "/crm/v3/objects/contacts",
        {"x": ["1"]},
        201,
        at,
    )
    assert first.json == {"properties": {"email": "a@x.com"}}
    assert second.at == at + 7
    assert (
        fake.count() == 2 and fake.count("POST") == 1 and fake.count(path_regex=r"contacts$") == 2
    )
    assert fake.count("GET", r"/companies") == 0


def test_unknown_paths_and_types(api: Api) -> None:
    assert_error(api("GET", "/crm/v3/nothing"), 404)
    assert_error(api("GET", "/crm/v3/objects/widgets"), 400)
    # associations do not live under v3 object paths
    assert_error(api("GET", "/crm/v3/objects/contacts/1/associations/companies"), 404)


def test_secrets_stay_out_of_reprs(fake: FakeHubSpot, api: Api, oauth_app: dict[str, str]) -> None:
    api("POST", "/oauth/v3/token", token=None, data={**oauth_app, "grant_type": "x"})
    assert "shh" not in repr(fake.requests[-1])
