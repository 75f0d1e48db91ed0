"""The sidebar's endpoints in ``cardfollow serve``, called as HubSpot calls them: through the fake
HubSpot proxy (signed v3, JSON, one retry), against a real uvicorn server on 127.0.0.1, a real
SQLite store and a real SMTP server on loopback."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from card_factory import drafted_card
from fake_hubspot import FakeHubSpot
from fake_hubspot.fetch_proxy import HubSpotFetch, signed_headers
from smtp_server import SmtpServer
from web_server import running

from plugin.config import load
from plugin.review import approve
from plugin.store import Store
from plugin.web import create_app

SECRET = "test-client-secret-0f1e2d"
OBJECT = "5012"


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, smtp: SmtpServer) -> pytest.MonkeyPatch:
    monkeypatch.setenv("CARDFOLLOW_HUBSPOT_CLIENT_SECRET", SECRET)
    monkeypatch.setenv("CARDFOLLOW_SMTP_URL", smtp.url())
    monkeypatch.setenv("CARDFOLLOW_PROFILE_NAME", "Sam Carter")
    monkeypatch.setenv("CARDFOLLOW_PROFILE_EMAIL", "sam@northwind.example")
    monkeypatch.setenv("CARDFOLLOW_TIMEZONE", "UTC")
    return monkeypatch


@pytest.fixture
def card(store: Store) -> int:
    """A drafted card whose contact HubSpot knows as 5012 (a push recorded it)."""
    card_id = drafted_card(
        store, load(), "Ada Lovelace", email="ada@analytical.example", company="Analytical Ltd"
    )
    contact = store.cards.get(card_id).contact_id
    store.remote_ids.put("hubspot", "contact", str(contact), OBJECT)
    return card_id


@pytest.fixture
def server(store: Store) -> Iterator[str]:
    with running(create_app(load())) as url:
        yield url


@pytest.fixture
def hubspot(server: str) -> HubSpotFetch:
    return HubSpotFetch(SECRET)


def followup(server: str, object_id: str = OBJECT, action: str = "", query: str = "") -> str:
    path = f"/hubspot/contacts/{object_id}/followup" + (f"/{action}" if action else "")
    return f"{server}{path}?portalId=24681357&userId=77{query}"


def approve_now(hubspot: HubSpotFetch, server: str, **body: str) -> Any:
    payload = {"subject": "Good to meet you", "body": "Hi Ada,\n\nA pleasure.", "send": "now"}
    return hubspot.fetch(
        followup(server, action="approve"), method="POST", body={**payload, **body}
    )


# --- what the card reads -------------------------------------------------------------------


def test_the_draft_of_a_pushed_contact(hubspot: HubSpotFetch, server: str, card: int) -> None:
    answer = hubspot.fetch(followup(server))
    assert answer.status == 200, answer.data
    data = answer.data
    assert data["objectId"] == OBJECT and data["card_id"] == card
    assert data["state"] == "draft" and data["editable"] and data["can_send"]
    assert data["contact"] == {
        "name": "Ada Lovelace",
        "email": "ada@analytical.example",
        "company": "Analytical Ltd",
        "title": None,
    }
    assert data["event"] == "Web Summit 2026" and data["met_on"] == "2026-09-09"
    assert "Ada" in data["body"] and data["subject"]
    assert data["send_at"] is None and data["sent_at"] is None and data["flagged"] == []
    # The photo link works from a browser (no signature of HubSpot's on an <img>) ...
    photo = requests.get(data["photo_url"], timeout=5)
    assert photo.status_code == 200 and photo.headers["content-type"] == "image/jpeg"
    assert photo.content[:2] == b"\xff\xd8"
    # ... but only as given: another card, a forged or a stale link are refused.
    forged = data["photo_url"].replace(f"/cards/{card}/", f"/cards/{card + 1}/")
    assert requests.get(forged, timeout=5).status_code == 403
    stale = data["photo_url"].split("?")[0] + "?expires=1000&sig=00"
    assert requests.get(stale, timeout=5).status_code == 403


def test_a_contact_without_a_card_is_a_calm_404(hubspot: HubSpotFetch, server: str) -> None:
    answer = hubspot.fetch(followup(server, "999"))
    assert answer.status == 404
    assert answer.data["state"] == "none" and "no business card" in answer.data["error"]


def test_a_contact_made_in_hubspot_before_is_found_by_its_email(
    env: pytest.MonkeyPatch, store: Store
) -> None:
    """A contact cardfollow never pushed (the user had it already): HubSpot is asked for its
    email through the adapter, and the card with that email answers."""
    card_id = drafted_card(store, load(), "Grace Hopper", email="grace@navy.example")
    with FakeHubSpot() as fake:
        made = requests.post(
            f"{fake.base_url}/crm/v3/objects/contacts",
            json={"properties": {"email": "Grace@Navy.example", "firstname": "Grace"}},
            headers={"Authorization": "Bearer test-token"},
            timeout=5,
        ).json()
        env.setenv("CARDFOLLOW_CRM", "hubspot")
        env.setenv("CARDFOLLOW_HUBSPOT_BASE_URL", fake.base_url)
        env.setenv("CARDFOLLOW_HUBSPOT_TOKEN", "test-token")
        with running(create_app(load())) as server:
            answer = HubSpotFetch(SECRET).fetch(followup(server, made["id"]))
            assert answer.status == 200, answer.data
            assert answer.data["card_id"] == card_id
            other = HubSpotFetch(SECRET).fetch(followup(server, "424242"))
            assert other.status == 404  # HubSpot has no such contact


def test_sent_from_the_sidebar_lands_on_the_hubspot_timeline(
    env: pytest.MonkeyPatch, store: Store, smtp: SmtpServer
) -> None:
    """With HubSpot as the CRM, the mail sent from the sidebar is logged on the contact (an
    email engagement, association 198) right after the answer: what the card's refresh shows."""
    card_id = drafted_card(store, load(), "Grace Hopper", email="grace@navy.example")
    with FakeHubSpot() as fake:
        env.setenv("CARDFOLLOW_CRM", "hubspot")
        env.setenv("CARDFOLLOW_HUBSPOT_BASE_URL", fake.base_url)
        env.setenv("CARDFOLLOW_HUBSPOT_TOKEN", "test-token")
        with running(create_app(load())) as server:
            shown = HubSpotFetch(SECRET).fetch(followup(server)).status
            assert shown == 404  # not in HubSpot yet, so HubSpot cannot ask about it
            made = requests.post(
                f"{fake.base_url}/crm/v3/objects/contacts",
                json={"properties": {"email": "grace@navy.example"}},
                headers={"Authorization": "Bearer test-token"},
                timeout=5,
            ).json()["id"]
            url = followup(server, made, "approve")
            sent = HubSpotFetch(SECRET).fetch(
                url, method="POST", body={"subject": "Hello Grace", "body": "Hi!", "send": "now"}
            )
            assert sent.status == 200 and sent.data["state"] == "sent", sent.data
            deadline = time.monotonic() + 10
            while not fake.objects("emails") and time.monotonic() < deadline:
                time.sleep(0.05)
        emails = list(fake.objects("emails").items())
        assert len(emails) == 1 and len(fake.objects("contacts")) == 1
        email_id, email = emails[0]
        assert email["properties"]["hs_email_subject"] == "Hello Grace"
        assert (made, 198) in [
            (str(i), t) for i, t in fake.associations_of("emails", email_id, "contacts")
        ]
    assert len(smtp.messages) == 1 and store.cards.get(card_id).state in ("sent", "pushed")


# --- who may ask -----------------------------------------------------------------------------


def raw(
    server: str,
    url: str,
    *,
    method: str = "GET",
    body: bytes = b"",
    sign_as: str | None = None,
    ts_ms: int | None = None,
    v3: bool = True,
    headers: dict[str, str] | None = None,
    secret: str = SECRET,
    signed_body: bytes | None = None,
) -> requests.Response:
    """A request signed by hand: ``sign_as``/``signed_body`` are what the signature covers
    when they differ from what is sent."""
    ts = ts_ms if ts_ms is not None else int(time.time() * 1000)
    covered = body if signed_body is None else signed_body
    sent = signed_headers(method, sign_as or url, covered, secret, ts, v3=v3)
    sent.update(headers or {})
    return requests.request(method, url, data=body or None, headers=sent, timeout=5)


@pytest.mark.usefixtures("card")
def test_tampered_requests_are_refused(server: str) -> None:
    url = followup(server)
    body = json.dumps({"subject": "S", "body": "B", "send": "later"}).encode()
    approve = followup(server, action="approve")
    assert raw(server, url).status_code == 200
    assert raw(server, approve, method="POST", body=body).status_code == 200
    refused = [
        raw(
            server, approve, method="POST", body=body.replace(b"S", b"T"), signed_body=body
        ).status_code,
        raw(server, url + "&x=1", sign_as=url).status_code,  # the query
        raw(server, url, sign_as=url.replace("5012", "5013")).status_code,  # the contact
        raw(server, url, sign_as=url.replace("127.0.0.1", "localhost")).status_code,  # host
        raw(server, url, sign_as=url.replace("http://", "https://")).status_code,  # scheme
        raw(server, approve, method="POST", body=body, secret="other").status_code,
    ]
    assert refused == [401] * len(refused)
    # The method: signed as GET, sent as POST.
    signed = signed_headers("GET", approve, body, SECRET, int(time.time() * 1000))
    assert requests.post(approve, data=body, headers=signed, timeout=5).status_code == 401


@pytest.mark.usefixtures("card")
def test_stale_future_and_missing_signatures(server: str) -> None:
    url = followup(server)
    now = int(time.time() * 1000)
    assert raw(server, url, ts_ms=now - 301_000).status_code == 401
    assert raw(server, url, ts_ms=now + 120_000).status_code == 401
    assert raw(server, url, ts_ms=now + 10_000).status_code == 200  # a clock a little ahead
    v2_only = raw(server, url, v3=False)  # HubSpot's legacy header, no timestamp: replayable
    assert v2_only.status_code == 401 and "signature" in v2_only.json()["error"]
    assert requests.get(url, timeout=5).status_code == 401


@pytest.mark.usefixtures("card")
def test_re_encoded_urls_still_verify(server: str) -> None:
    # HubSpot signs its own spelling; a proxy on the way may escape "@" and ":" differently.
    sent = followup(server, query="&email=ada%40analytical.example&at=12%3A30")
    as_signed = followup(server, query="&email=ada@analytical.example&at=12:30")
    assert raw(server, sent, sign_as=as_signed).status_code == 200
    # %26 and %3D are not decoded: a value holding "&" or "=" stays one value.
    tricky = followup(server, query="&note=a%26b%3Dc")
    assert raw(server, tricky).status_code == 200
    assert raw(server, tricky, sign_as=followup(server, query="&note=a&b=c")).status_code == 401


def test_behind_a_reverse_proxy(env: pytest.MonkeyPatch, store: Store, card: int) -> None:
    public = "https://cardfollow.example.com"
    path = followup("", "5012")
    env.setenv("CARDFOLLOW_PUBLIC_URL", public)
    with running(create_app(load())) as server:
        via_proxy = HubSpotFetch(SECRET, route_to=server)
        assert via_proxy.fetch(public + path).status == 200
        # Signed for the address the server sees, not the one HubSpot calls: refused.
        assert HubSpotFetch(SECRET).fetch(server + path).status == 401
    env.delenv("CARDFOLLOW_PUBLIC_URL")
    forwarding = HubSpotFetch(SECRET, route_to="", forwarded=True)
    with running(create_app(load())) as server:
        forwarding.route_to = server
        # X-Forwarded-* are ignored unless the proxy is trusted: anyone can send them.
        assert forwarding.fetch(public + path).status == 401
    env.setenv("CARDFOLLOW_TRUST_FORWARDED", "true")
    with running(create_app(load())) as server:
        forwarding.route_to = server
        assert forwarding.fetch(public + path).status == 200
        photo = forwarding.fetch(public + path).data["photo_url"]
        assert photo.startswith(f"{public}/hubspot/cards/{card}/image?")


@pytest.mark.usefixtures("card")
def test_only_the_configured_account(env: pytest.MonkeyPatch, store: Store) -> None:
    env.setenv("CARDFOLLOW_HUBSPOT_PORTAL_ID", "24681357")
    with running(create_app(load())) as server:
        assert HubSpotFetch(SECRET).fetch(followup(server)).status == 200
        other = followup(server).replace("portalId=24681357", "portalId=999")
        answer = HubSpotFetch(SECRET).fetch(other)
        assert answer.status == 403 and "another HubSpot account" in answer.data["error"]


def test_not_set_up_without_the_client_secret(env: pytest.MonkeyPatch, store: Store) -> None:
    env.delenv("CARDFOLLOW_HUBSPOT_CLIENT_SECRET")
    with running(create_app(load())) as server:
        answer = HubSpotFetch(SECRET).fetch(followup(server))
        assert answer.status == 503 and "CARDFOLLOW_HUBSPOT_CLIENT_SECRET" in answer.data["error"]


@pytest.mark.usefixtures("card")
def test_size_limits_and_the_review_page_untouched(server: str, hubspot: HubSpotFetch) -> None:
    huge = {"subject": "S", "body": "x" * 1_000_001, "send": "now"}
    assert hubspot.fetch(followup(server, action="approve"), method="POST", body=huge).status == 413
    # Past the proxy, the backend keeps the same cap itself.
    body = json.dumps(huge).encode()
    url = followup(server, action="approve")
    assert raw(server, url, method="POST", body=body).status_code == 413
    # The review page keeps its own protection: a foreign Host header is still refused there.
    assert (
        requests.get(f"{server}/", headers={"Host": "evil.example"}, timeout=5).status_code == 400
    )
    # ... and a signature does not open it.
    assert raw(server, f"{server}/cards/1/approve", method="POST").status_code == 403


@pytest.mark.usefixtures("card")
def test_bad_approval_bodies(server: str, hubspot: HubSpotFetch) -> None:
    url = followup(server, action="approve")
    for body, problem in [
        (["subject"], "JSON object"),
        ({"subject": "", "body": "B", "send": "now"}, "subject"),
        ({"subject": "S\r\nBcc: x@y", "body": "B", "send": "now"}, "one line"),
        ({"subject": "S", "body": " ", "send": "now"}, "body"),
        ({"subject": "S", "body": "B", "send": "tomorrow"}, "send"),
    ]:
        answer = hubspot.fetch(url, method="POST", body=body)
        assert answer.status == 400 and problem in answer.data["error"]


def test_twenty_at_once(hubspot: HubSpotFetch, server: str, card: int) -> None:
    """hubspot.fetch's limit is HubSpot's; the proxy keeps it, and the backend serves all 20."""
    results: list[int] = []
    barrier = threading.Barrier(21)

    def call() -> None:
        barrier.wait()
        results.append(hubspot.fetch(followup(server)).status)

    threads = [threading.Thread(target=call) for _ in range(21)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results).count(200) >= 1 and set(results) <= {200, 429}


# --- approve and skip ------------------------------------------------------------------------


def test_approve_and_send_now_with_the_users_edits(
    hubspot: HubSpotFetch, server: str, card: int, smtp: SmtpServer, store: Store
) -> None:
    answer = approve_now(
        hubspot, server, subject="Great to meet you, Ada", body="Hi Ada,\n\nEdited."
    )
    assert answer.status == 200, answer.data
    assert answer.data["state"] == "sent" and answer.data["sent_at"]
    assert answer.data["subject"] == "Great to meet you, Ada" and not answer.data["editable"]
    assert len(smtp.messages) == 1
    sent = smtp.messages[0].message()
    assert sent["Subject"] == "Great to meet you, Ada" and sent["To"].endswith(
        "ada@analytical.example>"
    )
    assert "Edited." in sent.get_body(("plain",)).get_content()
    assert store.cards.get(card).state in ("sent", "pushed")
    history = [h.step for h in store.cards.history(card)]
    assert "edited" in history
    # Asked again (the same words): nothing more goes out; other words: refused, it is gone.
    again = approve_now(
        hubspot, server, subject="Great to meet you, Ada", body="Hi Ada,\n\nEdited."
    )
    assert again.status == 200 and again.data["state"] == "sent" and len(smtp.messages) == 1
    changed = approve_now(hubspot, server, subject="Another subject", body="Hi Ada,\n\nEdited.")
    assert changed.status == 409 and "sent" in changed.data["error"]
    assert len(smtp.messages) == 1


def test_a_lost_answer_is_retried_without_a_second_mail(
    hubspot: HubSpotFetch, server: str, card: int, smtp: SmtpServer
) -> None:
    """The network fails on the way back after the backend sent the mail: hubspot.fetch
    retries once, and the retry finds it sent."""
    hubspot.lose_responses = 1
    answer = approve_now(hubspot, server)
    assert answer.attempts == 2 and hubspot.calls == 2
    assert answer.status == 200 and answer.data["state"] == "sent"
    assert len(smtp.messages) == 1


def test_simultaneous_approvals_send_once(
    hubspot: HubSpotFetch, server: str, card: int, smtp: SmtpServer
) -> None:
    barrier = threading.Barrier(4)
    states: list[str] = []

    def call() -> None:
        barrier.wait()
        states.append(approve_now(hubspot, server).data["state"])

    threads = [threading.Thread(target=call) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(smtp.messages) == 1
    assert set(states) <= {"sent", "sending"} and "sent" in states


def test_send_later_goes_at_the_business_morning(
    hubspot: HubSpotFetch, server: str, card: int, smtp: SmtpServer, store: Store
) -> None:
    answer = approve_now(hubspot, server, send="later")
    assert answer.status == 200 and answer.data["state"] == "scheduled"
    due = dt.datetime.fromisoformat(answer.data["send_at"])
    assert due > dt.datetime.now(dt.UTC) and due.hour == 9 and due.weekday() < 5
    assert smtp.messages == [] and answer.data["editable"]
    assert answer.data["message"] == f"Goes out {due:%a %d %b} 09:00 UTC"
    # Edited while scheduled: the queued mail is replaced, still one, still at its time.
    edited = approve_now(hubspot, server, send="later", body="Hi Ada,\n\nSecond thoughts.")
    assert edited.data["state"] == "scheduled" and edited.data["body"].endswith("Second thoughts.")
    sends = [i for i in store.outbox.for_card(card) if i.kind == "send"]
    assert [i.state for i in sends] == ["queued"] and sends[0].due_at
    # Then "Send now": it goes at once, with the edited words.
    now = approve_now(hubspot, server, body="Hi Ada,\n\nSecond thoughts.")
    assert now.data["state"] == "sent" and len(smtp.messages) == 1
    assert "Second thoughts." in smtp.messages[0].message().get_body(("plain",)).get_content()


def test_a_mail_server_that_says_later(
    hubspot: HubSpotFetch, server: str, card: int, smtp: SmtpServer
) -> None:
    """Send now while the server turns mail away for a moment: the answer says so, and the
    follow-up stays scheduled for another try, not lost and not called sent."""
    smtp.data_reply = "451 4.3.0 Mailbox busy, try again later"
    answer = approve_now(hubspot, server)
    assert answer.status == 200 and answer.data["state"] == "scheduled"
    assert (
        answer.data["message"].startswith("Not sent yet (")
        and "try again" in answer.data["message"]
    )
    assert smtp.messages == []


def test_skip_and_change_of_mind(
    hubspot: HubSpotFetch, server: str, card: int, smtp: SmtpServer, store: Store
) -> None:
    skip = followup(server, action="skip")
    first = hubspot.fetch(skip, method="POST")
    assert first.status == 200 and first.data["state"] == "skipped"
    assert hubspot.fetch(skip, method="POST").data["state"] == "skipped"  # the retry: no change
    assert store.cards.get(card).state == "skipped" and smtp.messages == []
    answer = approve_now(hubspot, server, send="later")
    assert answer.data["state"] == "scheduled"
    # Skipping a scheduled follow-up withdraws the mail; the contact stays.
    assert hubspot.fetch(skip, method="POST").data["state"] == "skipped"
    assert not [i for i in store.outbox.for_card(card) if i.state == "queued" and i.kind == "send"]


def test_no_email_or_no_mail_server_cannot_send(
    env: pytest.MonkeyPatch, store: Store, hubspot: HubSpotFetch
) -> None:
    card_id = drafted_card(store, load(), "Alan Turing", company="Bletchley Ltd")
    contact = store.cards.get(card_id).contact_id
    store.remote_ids.put("hubspot", "contact", str(contact), "6001")
    with running(create_app(load())) as server:
        shown = hubspot.fetch(followup(server, "6001")).data
        assert shown["can_send"] is False and "No email address" in shown["message"]
        refused = hubspot.fetch(
            followup(server, "6001", "approve"),
            method="POST",
            body={"subject": "S", "body": "B", "send": "now"},
        )
        assert refused.status == 409 and "No email address" in refused.data["error"]
    env.delenv("CARDFOLLOW_SMTP_URL")
    other = drafted_card(store, load(), "Edsger Dijkstra", email="ewd@tue.example")
    store.remote_ids.put("hubspot", "contact", str(store.cards.get(other).contact_id), "6002")
    with running(create_app(load())) as server:
        shown = hubspot.fetch(followup(server, "6002")).data
        assert shown["can_send"] is False and "mail.smtp_url" in shown["message"]


def test_no_profile_name_or_email_cannot_send(
    env: pytest.MonkeyPatch, store: Store, hubspot: HubSpotFetch
) -> None:
    env.delenv("CARDFOLLOW_PROFILE_EMAIL")
    card_id = drafted_card(store, load(), "Grace Hopper", email="grace@navy.example")
    store.remote_ids.put("hubspot", "contact", str(store.cards.get(card_id).contact_id), "6003")
    with running(create_app(load())) as server:
        shown = hubspot.fetch(followup(server, "6003")).data
        assert shown["can_send"] is False
        assert "your email" in shown["message"] and "cardfollow init" in shown["message"]
        refused = hubspot.fetch(
            followup(server, "6003", "approve"),
            method="POST",
            body={"subject": "S", "body": "B", "send": "now"},
        )
        assert refused.status == 409 and "CARDFOLLOW_PROFILE_EMAIL" in refused.data["error"]


def test_approved_in_cardfollow_shows_as_scheduled(
    hubspot: HubSpotFetch, server: str, card: int, store: Store
) -> None:
    approve(store, card, load().mail())
    data = hubspot.fetch(followup(server)).data
    assert data["state"] == "scheduled" and data["send_at"]
