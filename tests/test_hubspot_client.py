"""The HubSpot client over real HTTP against the fake HubSpot on 127.0.0.1.

Waits are asserted on the shared virtual clock: the client sleeps on it and the fake's rate
limits read it, so backoff is checked without sleeping.
"""

from __future__ import annotations

import logging
import random
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import requests
from fake_hubspot import FakeHubSpot, VirtualClock

from plugin.crm.hubspot.client import (
    AmbiguousWrite,
    AuthenticationError,
    BatchResult,
    Conflict,
    DailyLimitReached,
    HubSpotClient,
    HubSpotPaths,
    MissingScopes,
    OAuthTokens,
    StaticToken,
    TransientError,
    ValidationError,
)
from plugin.crm.hubspot.retry import parse_retry_after

TOKEN = "test-token"
JITTER = 1.25  # RetryPolicy.jitter: waits are nominal to nominal * 1.25


@dataclass
class Env:
    fake: FakeHubSpot
    clock: VirtualClock
    base_url: str

    def client(self, token: str = TOKEN, **kwargs: object) -> HubSpotClient:
        kwargs.setdefault("auth", StaticToken(token))
        kwargs.setdefault("clock", self.clock)
        kwargs.setdefault("rng", random.Random(7))
        return HubSpotClient(self.base_url, **kwargs)  # type: ignore[arg-type]


def _start(**kwargs: object) -> Iterator[Env]:
    clock = VirtualClock()
    fake = FakeHubSpot(clock=clock, **kwargs)  # type: ignore[arg-type]
    base_url = fake.start()
    try:
        yield Env(fake, clock, base_url)
    finally:
        fake.stop()


@pytest.fixture
def env() -> Iterator[Env]:
    yield from _start()


def _contact(n: int = 1) -> dict[str, str]:
    return {"email": f"person{n}@example.com", "firstname": f"P{n}", "lastname": "Tester"}


def _note(ts: str = "2026-11-21T10:00:00Z") -> dict[str, str]:
    return {"hs_timestamp": ts, "hs_note_body": "Met at the booth"}


class Waits:
    """How far the virtual clock moved during a block."""

    def __init__(self, clock: VirtualClock) -> None:
        self.clock = clock
        self.start = clock.now()

    @property
    def elapsed(self) -> float:
        return self.clock.now() - self.start


# -- Paths -----------------------------------------------------------------------------------
def test_paths_follow_the_configured_version() -> None:
    v3 = HubSpotPaths("v3")
    assert v3.objects("contacts") == "/crm/v3/objects/contacts"
    assert v3.object("contacts", "a@b.com") == "/crm/v3/objects/contacts/a%40b.com"
    assert v3.properties("contacts") == "/crm/v3/properties/contacts"
    assert v3.files() == "/files/v3/files"
    assert v3.oauth_token() == "/oauth/v3/token"
    assert (
        v3.associations("contacts", 1, "notes") == "/crm/v4/objects/contacts/1/associations/notes"
    )

    dated = HubSpotPaths("2026-09")
    assert dated.objects("contacts") == "/crm/objects/2026-09/contacts"
    assert dated.search("companies") == "/crm/objects/2026-09/companies/search"
    assert dated.property("contacts", "bizcard_event") == (
        "/crm/properties/2026-09/contacts/bizcard_event"
    )
    assert dated.files() == "/files/2026-03/files"
    assert dated.oauth_token() == "/oauth/2026-03/token"
    assert dated.associate_default("notes", 5, "contacts", 6) == (
        "/crm/v4/objects/notes/5/associations/default/contacts/6"
    )
    moved = HubSpotPaths("2026-09", files_version="2026-09", associations_version="2026-09")
    assert moved.files() == "/files/2026-09/files"
    assert moved.associations_batch("notes", "contacts", "associate/default") == (
        "/crm/associations/2026-09/notes/contacts/batch/associate/default"
    )
    assert moved.associate_default("notes", 5, "contacts", 6) == (
        "/crm/objects/2026-09/notes/5/associations/default/contacts/6"
    )
    with pytest.raises(ValueError, match="api_version"):
        HubSpotPaths("v4")


def test_retry_after_parses_seconds_and_http_dates() -> None:
    now = 1_790_000_000.0
    assert parse_retry_after("3", now) == 3.0
    assert parse_retry_after("Thu, 01 Jan 1970 00:00:10 GMT", 0.0) == 10.0
    assert parse_retry_after("garbage", now) is None
    assert parse_retry_after(None, now) is None


# -- Both path styles against the fake -------------------------------------------------------
@pytest.mark.parametrize("version", ["v3", "2026-09"])
def test_records_round_trip_under_both_path_styles(env: Env, version: str) -> None:
    client = env.client(api_version=version)
    created = client.create("contacts", _contact(), idempotent=True)
    cid = created["id"]
    assert created["properties"]["email"] == "person1@example.com"
    got = client.get("contacts", "PERSON1@example.com", id_property="email")
    assert got is not None and got["id"] == cid
    client.patch("contacts", cid, {"jobtitle": "CTO"})
    assert client.get("contacts", cid, properties=["jobtitle"])["properties"]["jobtitle"] == "CTO"
    assert client.get("contacts", "999999999") is None
    prefix = "/crm/v3/objects/contacts" if version == "v3" else "/crm/objects/2026-09/contacts"
    assert env.fake.count("POST", "^" + prefix + "$") == 1
    assert env.fake.count("PATCH", "^" + prefix + "/") == 1


# -- Retry classes ---------------------------------------------------------------------------
def test_429_without_retry_after_waits_for_the_ten_second_window(env: Env) -> None:
    client = env.client()
    env.fake.inject("GET", r"/contacts/\d+$", 429, count=1)
    cid = client.create("contacts", _contact(), idempotent=True)["id"]
    waits = Waits(env.clock)
    assert client.get("contacts", cid) is not None
    assert 10.0 <= waits.elapsed <= 10.0 * JITTER + 0.2
    assert env.fake.count("GET", r"/contacts/\d+$") == 2
    assert client.retries == 1


def test_429_with_retry_after_seconds_is_honoured(env: Env) -> None:
    client = env.client()
    env.fake.inject("GET", r"/contacts/\d+$", 429, count=1, retry_after="3")
    cid = client.create("contacts", _contact(), idempotent=True)["id"]
    waits = Waits(env.clock)
    client.get("contacts", cid)
    assert 3.0 <= waits.elapsed <= 3.0 * JITTER + 0.2


def test_429_with_http_date_retry_after_from_the_burst_limiter() -> None:
    for e in _start(burst_max=3, retry_after="date"):
        client = e.client(pacing=False)
        waits = Waits(e.clock)
        for _ in range(4):  # the 4th meets the limiter, waits for its date, then succeeds
            client.list_properties("contacts")
        assert client.calls == 5
        assert 1.0 <= waits.elapsed <= 10.0 * JITTER + 1.0


def test_daily_limit_stops_at_once(env: Env) -> None:
    client = env.client()
    env.fake.inject("GET", r"/properties/contacts$", "daily", count=5)
    waits = Waits(env.clock)
    with pytest.raises(DailyLimitReached) as caught:
        client.list_properties("contacts")
    assert caught.value.policy == "DAILY"
    assert client.calls == 1 and waits.elapsed == 0.0


def test_423_waits_at_least_two_seconds(env: Env) -> None:
    client = env.client()
    env.fake.inject("POST", r"/notes$", 423, count=1)
    waits = Waits(env.clock)
    client.create("notes", _note())  # 423 = not processed: safe even for a plain create
    assert waits.elapsed >= 2.0
    assert len(env.fake.objects("notes")) == 1


def test_477_honours_retry_after(env: Env) -> None:
    client = env.client()
    env.fake.inject("GET", r"/properties/contacts$", 477, count=1, retry_after="3")
    waits = Waits(env.clock)
    client.list_properties("contacts")
    assert 3.0 <= waits.elapsed <= 3.0 * JITTER + 0.2


def test_5xx_backs_off_exponentially_for_idempotent_calls(env: Env) -> None:
    client = env.client()
    env.fake.inject("GET", r"/properties/contacts$", 502, count=1)
    env.fake.inject("GET", r"/properties/contacts$", 504, count=1)
    waits = Waits(env.clock)
    assert client.list_properties("contacts")
    assert client.calls == 3
    assert 0.5 + 1.0 <= waits.elapsed <= (0.5 + 1.0) * JITTER + 0.01


def test_5xx_gives_up_after_max_attempts(env: Env) -> None:
    client = env.client(max_attempts=3)
    env.fake.inject("GET", r"/properties/contacts$", 503, count=10)
    with pytest.raises(TransientError) as caught:
        client.list_properties("contacts")
    assert caught.value.status == 503
    assert client.calls == 3


def test_503_on_a_plain_create_is_retried(env: Env) -> None:
    client = env.client()
    env.fake.inject("POST", r"/notes$", 503, count=1)
    client.create("notes", _note())
    assert len(env.fake.objects("notes")) == 1
    assert client.calls == 2


@pytest.mark.parametrize("fault", [500, 502, 504, "reset"])
def test_a_plain_create_that_may_have_happened_is_not_retried(env: Env, fault: object) -> None:
    client = env.client()
    env.fake.inject("POST", r"/notes$", fault, count=1, after=True)
    with pytest.raises(AmbiguousWrite):
        client.create("notes", _note())
    assert client.calls == 1
    assert len(env.fake.objects("notes")) == 1  # it did happen: the caller must check first


@pytest.mark.parametrize("fault", [500, "reset"])
def test_idempotent_writes_are_retried_after_ambiguous_failures(env: Env, fault: object) -> None:
    client = env.client()
    env.fake.inject("POST", r"/contacts/batch/upsert$", fault, count=1, after=True)
    result = client.batch_upsert("contacts", "email", [{"id": "a@example.com", "properties": {}}])
    assert result.status == 200
    assert client.calls == 2
    assert len(env.fake.objects("contacts")) == 1
    assert result.results[0]["new"] is False  # the first, "failed" try had created it


def test_slow_response_times_out_and_is_handled_by_idempotency(env: Env) -> None:
    client = env.client(timeout=0.3)
    env.fake.inject("GET", r"/properties/contacts$", "slow", count=1, delay=1.0)
    assert client.list_properties("contacts")  # read timeout on a GET: retried
    assert client.calls == 2
    env.fake.inject("POST", r"/notes$", "slow", count=1, delay=1.0, after=True)
    with pytest.raises(AmbiguousWrite):
        client.create("notes", _note())


def test_connection_refused_is_retried_even_for_a_plain_create() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    clock = VirtualClock()
    client = HubSpotClient(
        f"http://127.0.0.1:{port}",
        auth=StaticToken(TOKEN),
        clock=clock,
        max_attempts=3,
        rng=random.Random(1),
    )
    with pytest.raises(TransientError) as caught:
        client.create("notes", _note())  # never reached a server: safe to retry
    assert not isinstance(caught.value, AmbiguousWrite)
    assert client.calls == 3
    assert clock.now() - 1_790_000_000.0 >= 0.5 + 1.0


# -- Error mapping ---------------------------------------------------------------------------
def test_401_and_403_map_to_typed_errors(env: Env) -> None:
    with pytest.raises(AuthenticationError) as bad:
        env.client(token="pat-na1-not-a-real-token").list_properties("contacts")
    assert bad.value.status == 401
    assert "pat-na1-not-a-real-token" not in str(bad.value)
    env.fake.add_token("read-only", ["crm.objects.contacts.read"])
    with pytest.raises(MissingScopes) as scopes:
        env.client(token="read-only").create("contacts", _contact())
    assert "crm.objects.contacts.write" in scopes.value.required


def test_409_names_the_existing_contact(env: Env) -> None:
    client = env.client()
    first = client.create("contacts", _contact())
    with pytest.raises(Conflict) as caught:
        client.create("contacts", {"email": " PERSON1@example.com "})
    assert caught.value.existing_id == first["id"]
    assert client.calls == 2  # a 409 is never retried


def test_400_is_a_validation_error_and_not_retried(env: Env) -> None:
    client = env.client()
    with pytest.raises(ValidationError):
        client.create("contacts", {"email": "not-an-email"})
    assert client.calls == 1


# -- Batches ---------------------------------------------------------------------------------
def test_207_errors_map_to_trace_ids(env: Env) -> None:
    client = env.client()
    inputs = [
        {"properties": _contact(1), "objectWriteTraceId": "card-1"},
        {"properties": {"email": "broken"}, "objectWriteTraceId": "card-2"},
        {"properties": _contact(3), "objectWriteTraceId": "card-3"},
    ]
    result = client.batch_create("contacts", inputs)
    assert isinstance(result, BatchResult) and result.status == 207
    assert set(result.results_by_trace_id()) == {"card-1", "card-3"}
    assert set(result.errors_by_trace_id()) == {"card-2"}


def test_batch_upsert_reports_new_and_existing(env: Env) -> None:
    client = env.client()
    first = client.batch_upsert("contacts", "email", [{"id": "x@example.com", "properties": {}}])
    again = client.batch_upsert("contacts", "email", [{"id": "X@Example.com", "properties": {}}])
    assert first.results[0]["new"] is True and again.results[0]["new"] is False
    assert first.results[0]["id"] == again.results[0]["id"]


def test_batch_read_lists_missing_ids(env: Env) -> None:
    client = env.client()
    cid = client.create("contacts", _contact())["id"]
    result = client.batch_read("contacts", [cid, "424242"], properties=["email"])
    assert result.status == 207
    assert [r["id"] for r in result.results] == [cid]
    assert result.missing_ids() == ["424242"]


def test_batches_over_100_are_refused_before_any_call(env: Env) -> None:
    client = env.client()
    with pytest.raises(ValueError, match="100"):
        client.batch_create("contacts", [{"properties": {}}] * 101)
    assert client.calls == 0


# -- Properties, files, associations ---------------------------------------------------------
def test_create_property_is_idempotent(env: Env) -> None:
    client = env.client()
    definition = {
        "name": "bizcard_event",
        "label": "Business card event",
        "type": "string",
        "fieldType": "text",
        "groupName": "contactinformation",
    }
    made = client.create_property("contacts", definition)
    again = client.create_property("contacts", definition)
    assert made["name"] == again["name"] == "bizcard_event"
    assert client.get_property("contacts", "bizcard_event") is not None
    assert client.get_property("contacts", "no_such_property") is None


@pytest.mark.parametrize("version", ["v3", "2026-09"])
def test_upload_and_find_a_file(env: Env, version: str) -> None:
    client = env.client(api_version=version)
    image = b"\xff\xd8\xff\xe0fake-jpeg-bytes"
    meta = client.upload_file(image, "card-1.jpg", "/cardfollow/cards")
    assert meta["id"] and meta["access"] == "PRIVATE"
    found = client.file_by_path("/cardfollow/cards/card-1.jpg")
    assert found is not None and found["id"] == meta["id"]
    assert client.file_by_path("/cardfollow/cards/nope.jpg") is None
    assert client.file_by_path("/cardfollow/cards") is None  # a folder, not a file
    again = client.upload_file(image, "card-1.jpg", "/cardfollow/cards")  # RETURN_EXISTING
    assert again["id"] == meta["id"] and len(env.fake.files) == 1
    files_prefix = "/files/v3/files" if version == "v3" else "/files/2026-03/files"
    assert env.fake.count("POST", "^" + files_prefix + "$") == 2


@pytest.mark.parametrize("assoc_version", ["v4", "2026-09"])
def test_associations_default_and_listing(env: Env, assoc_version: str) -> None:
    client = env.client(api_version="2026-09", associations_version=assoc_version)
    contact = client.create("contacts", _contact())["id"]
    note_ids = [client.create("notes", _note())["id"] for _ in range(3)]
    for nid in note_ids:
        client.associate_default("notes", nid, "contacts", contact)
    client.associate_default("notes", note_ids[0], "contacts", contact)  # harmless repeat
    linked = client.associations("contacts", contact, "notes")
    assert sorted(str(r["toObjectId"]) for r in linked) == sorted(note_ids)
    prefix = "/crm/v4/objects" if assoc_version == "v4" else "/crm/objects/2026-09"
    assert env.fake.count("PUT", f"^{prefix}/notes/.*/associations/default/contacts/") == 4


# -- OAuth -----------------------------------------------------------------------------------
def _oauth(
    env: Env, rotations: list[tuple[str, str, float]], *, expires_at: float | None = None
) -> tuple[OAuthTokens, dict[str, Any]]:
    env.fake.add_oauth_app("cid", "client-secret-xyz", "http://localhost/cb")
    code = env.fake.issue_code("cid", ["crm.objects.contacts.read", "crm.objects.contacts.write"])
    token_url = env.base_url + HubSpotPaths("v3").oauth_token()
    got = requests.post(
        token_url,
        data={
            "grant_type": "authorization_code",
            "client_id": "cid",
            "client_secret": "client-secret-xyz",
            "redirect_uri": "http://localhost/cb",
            "code": code,
        },
        timeout=5,
    ).json()
    auth = OAuthTokens(
        token_url,
        "cid",
        "client-secret-xyz",
        got["refresh_token"],
        env.clock,
        access_token=got["access_token"],
        expires_at=expires_at or env.clock.now() + got["expires_in"],
        on_rotate=lambda a, r, e: rotations.append((a, r, e)),
    )
    return auth, got


def test_oauth_refreshes_proactively_and_reports_rotation(env: Env) -> None:
    rotations: list[tuple[str, str, float]] = []
    auth, first = _oauth(env, rotations)
    client = env.client(auth=auth)
    client.list_properties("contacts")
    assert rotations == []
    env.clock.advance(1600)  # 200 s left: under the 5-minute margin
    client.list_properties("contacts")
    assert len(rotations) == 1
    access, _refresh, expires_at = rotations[0]
    assert access != first["access_token"]
    assert expires_at == pytest.approx(env.clock.now() + 1800)
    assert env.fake.count("POST", r"^/oauth/v3/token$") == 2  # the code, then one refresh
    assert env.fake.count("GET", r"/properties/contacts$") == 2  # no 401 in between


def test_oauth_refreshes_once_on_expired_authentication(env: Env) -> None:
    rotations: list[tuple[str, str, float]] = []
    # We wrongly believe the token is good for hours; HubSpot says it expired.
    auth, _ = _oauth(env, rotations, expires_at=env.clock.now() + 10_000)
    client = env.client(auth=auth)
    env.clock.advance(2000)
    assert client.list_properties("contacts")
    assert len(rotations) == 1
    assert env.fake.count("GET", r"/properties/contacts$") == 2  # the 401, then success


def test_oauth_bad_refresh_token_names_the_fix_without_secrets(env: Env) -> None:
    auth = OAuthTokens(
        env.base_url + "/oauth/v3/token", "cid", "client-secret-xyz", "refresh-bad-123", env.clock
    )
    env.fake.add_oauth_app("cid", "client-secret-xyz", "http://localhost/cb")
    with pytest.raises(AuthenticationError) as caught:
        env.client(auth=auth).list_properties("contacts")
    text = str(caught.value)
    assert "CARDFOLLOW_HUBSPOT_REFRESH_TOKEN" in text
    assert "refresh-bad-123" not in text and "client-secret-xyz" not in text


# -- Pacing ----------------------------------------------------------------------------------
def test_pacing_keeps_a_burst_of_250_free_of_429s(env: Env) -> None:
    client = env.client()
    waits = Waits(env.clock)
    for _ in range(250):
        client.list_properties("contacts")
    assert client.calls == 250  # not one retry: the 429 never came
    assert env.fake.count("GET", r"/properties/contacts$") == 250
    assert 20.0 <= waits.elapsed < 31.0  # ~95 per 10 s window


def test_without_pacing_a_burst_meets_429s_and_recovers() -> None:
    for e in _start(burst_max=10):
        client = e.client(pacing=False)
        for _ in range(25):
            client.list_properties("contacts")
        assert client.retries == 2  # shows the pacing test above can fail
        assert e.fake.count("GET", r"/properties/contacts$") == 27


def test_search_is_paced_to_five_per_second(env: Env) -> None:
    client = env.client()
    waits = Waits(env.clock)
    filters = [{"filters": [{"propertyName": "email", "operator": "HAS_PROPERTY"}]}]
    for _ in range(12):
        client.search("contacts", filters)
    assert client.calls == 12
    assert waits.elapsed >= 2.0


# -- Secrets ---------------------------------------------------------------------------------
def test_secrets_stay_out_of_logs_reprs_and_errors(
    env: Env, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    rotations: list[tuple[str, str, float]] = []
    auth, first = _oauth(env, rotations)
    client = env.client(auth=auth)
    env.fake.inject("GET", r"/contacts/", 502, count=1)
    cid = client.create("contacts", _contact(), idempotent=True)["id"]
    client.get("contacts", "person1@example.com", id_property="email")
    client.get("contacts", cid)
    env.clock.advance(1700)
    client.list_properties("contacts")  # a refresh
    static = StaticToken("pat-na1-secret-static")
    with pytest.raises(AuthenticationError) as bad:
        env.client(auth=static).list_properties("contacts")
    secrets = [
        first["access_token"],
        first["refresh_token"],
        rotations[0][0],
        rotations[0][1],
        "client-secret-xyz",
        "pat-na1-secret-static",
    ]
    shown = [caplog.text, repr(client), repr(auth), repr(static), str(bad.value), repr(bad.value)]
    for secret in secrets:
        for text in shown:
            assert secret not in text
    ours = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("plugin.crm"))
    assert "retry in" in ours  # the log does say what happened...
    assert "person1@example.com" not in ours and "person1%40example.com" not in ours  # ...not who
