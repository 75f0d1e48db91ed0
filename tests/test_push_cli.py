"""``cardfollow push`` and ``sync-log`` as a user runs them, against the fake HubSpot over real
HTTP: settings from the environment, the token kept out of every output, and a push killed
mid-way that resumes with nothing twice."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from card_factory import drafted_card
from fake_hubspot import FakeHubSpot
from keyring_file import keyring_env

from conftest import CARDFOLLOW, run_cli
from plugin.config import load
from plugin.review import approve
from plugin.store import Store

TOKEN = "pat-na1-11111111-2222-3333-4444-555555555555"
NOW = dt.datetime(2026, 11, 18, 20, 0, tzinfo=dt.UTC)


@pytest.fixture
def hubspot(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeHubSpot]:
    """The fake HubSpot on the real clock, checking this token, with cardfollow's settings
    pointing at it (the shared ``fake`` runs on a virtual clock and sets nothing)."""
    with FakeHubSpot(token=TOKEN) as running:
        monkeypatch.setenv("CARDFOLLOW_CRM", "hubspot")
        monkeypatch.setenv("CARDFOLLOW_HUBSPOT_BASE_URL", running.base_url)
        monkeypatch.setenv("CARDFOLLOW_HUBSPOT_TOKEN", TOKEN)
        yield running


def approved_cards(names: list[tuple[str, str]]) -> list[int]:
    config = load()
    ids = []
    with Store(config["store.path"]) as store:
        for seq, (name, email) in enumerate(names):
            card_id = drafted_card(store, config, name, email=email, seq=seq, company="Acme")
            approve(store, card_id, config.mail(), now=NOW)
            ids.append(card_id)
    return ids


def env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k.startswith("CARDFOLLOW_")}


PEOPLE = [
    ("Anna Weber", "anna@acme.example"),
    ("Jonas Brandt", "jonas@acme.example"),
    ("Clara Fuchs", "clara@acme.example"),
]


def test_push_and_sync_log_against_hubspot(hubspot: FakeHubSpot) -> None:
    cards = approved_cards(PEOPLE[:2])
    dry = run_cli("push", "--dry-run", env=env())
    assert dry.returncode == 0, dry.stderr
    assert "anna@acme.example" in dry.stdout and hubspot.requests == []

    pushed = run_cli("push", env=env())
    assert pushed.returncode == 0, pushed.stderr
    assert "2 done" in pushed.stdout
    assert len(hubspot.objects("contacts")) == 2 and len(hubspot.objects("notes")) == 2

    log = run_cli("sync-log", "--json", env=env())
    entries = [json.loads(line) for line in log.stdout.splitlines()]
    assert [e["card_id"] for e in entries] == cards
    for entry in entries:
        push_item = next(i for i in entry["items"] if i["kind"] == "push")
        assert push_item["state"] == "done"
        assert set(push_item["ids"]) == {"contact", "company", "file", "note"}
        assert push_item["ids"]["contact"] in hubspot.objects("contacts")

    shown = run_cli("config", env=env())
    for result in (dry, pushed, log, shown):
        assert TOKEN not in result.stdout + result.stderr


def test_bad_credentials_stop_with_a_clear_message(hubspot: FakeHubSpot) -> None:
    approved_cards(PEOPLE[:1])
    result = run_cli("push", env={**env(), "CARDFOLLOW_HUBSPOT_TOKEN": "pat-wrong"})
    assert result.returncode == 1
    assert "credentials" in result.stderr and "pat-wrong" not in result.stderr
    assert hubspot.objects("contacts") == {}


def test_hubspot_without_credentials_says_what_to_set(hubspot: FakeHubSpot) -> None:
    result = run_cli("push", env={**env(), "CARDFOLLOW_HUBSPOT_TOKEN": ""})
    assert result.returncode == 2
    assert "CARDFOLLOW_HUBSPOT_TOKEN" in result.stderr


@pytest.mark.slow
def test_a_push_killed_mid_way_resumes_with_nothing_twice(hubspot: FakeHubSpot) -> None:
    cards = approved_cards(PEOPLE)
    # HubSpot takes the notes, but slowly: the push is killed while it waits for the answer.
    hubspot.inject("POST", r"/notes/batch/create", "slow", delay=3.0)
    proc = subprocess.Popen(
        [*CARDFOLLOW, "push"],
        env={**os.environ, **env()},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if sum(1 for r in hubspot.requests if r.path.endswith("/files")) >= len(cards):
            break
        time.sleep(0.05)
    time.sleep(1.0)  # the notes request is on its way, its answer not yet
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    time.sleep(2.5)  # HubSpot finishes the request the dead client no longer hears
    assert len(hubspot.objects("notes")) == len(cards)

    again = run_cli("push", env=env())
    assert again.returncode == 0, again.stderr
    assert len(hubspot.objects("contacts")) == len(cards)
    assert len(hubspot.objects("companies")) == 1
    assert len(hubspot.files) == len(cards)
    assert len(hubspot.objects("notes")) == len(cards)
    log = [
        json.loads(line) for line in run_cli("sync-log", "--json", env=env()).stdout.splitlines()
    ]
    assert all(i["state"] == "done" for e in log for i in e["items"] if i["kind"] == "push"), log
    assert {e["card_id"] for e in log} == set(cards)


def test_the_token_can_live_in_the_keyring(hubspot: FakeHubSpot) -> None:
    approved_cards(PEOPLE[:1])
    extra = keyring_env({"hubspot-token": TOKEN})
    result = run_cli("push", env={**env(), "CARDFOLLOW_HUBSPOT_TOKEN": "", **extra})
    assert result.returncode == 0, result.stderr
    assert len(hubspot.objects("contacts")) == 1


def test_oauth_refreshes_and_keeps_the_rotated_token(hubspot: FakeHubSpot) -> None:
    hubspot.add_oauth_app("app-1", "app-secret", "http://localhost/callback")
    code = hubspot.issue_code("app-1", {"crm.objects.contacts.write", "crm.objects.contacts.read",
                                     "crm.objects.companies.write", "crm.objects.companies.read",
                                     "files", "crm.schemas.contacts.write",
                                     "crm.schemas.companies.write", "oauth"})  # fmt: skip
    answer = requests.post(
        f"{hubspot.base_url}/oauth/v3/token",
        data={"grant_type": "authorization_code", "client_id": "app-1",
              "client_secret": "app-secret", "redirect_uri": "http://localhost/callback",
              "code": code},
        timeout=5,
    )  # fmt: skip
    refresh = answer.json()["refresh_token"]
    approved_cards(PEOPLE[:1])
    extra = keyring_env({"hubspot-client-secret": "app-secret"})
    oauth = {
        "CARDFOLLOW_HUBSPOT_TOKEN": "",
        "CARDFOLLOW_HUBSPOT_CLIENT_ID": "app-1",
        "CARDFOLLOW_HUBSPOT_REFRESH_TOKEN": refresh,
    }
    result = run_cli("push", env={**env(), **oauth, **extra})
    assert result.returncode == 0, result.stderr
    assert len(hubspot.objects("contacts")) == 1
    assert hubspot.count("POST", r"/oauth/(v3|2026-03)/token$") >= 2  # the code, then a refresh
    kept = json.loads((Path(os.environ["CARDFOLLOW_HOME"]) / "keyring.json").read_text())
    assert kept.get("cardfollow/hubspot-refresh-token")
    assert refresh not in result.stdout + result.stderr


def test_a_bad_api_version_is_a_usage_error(hubspot: FakeHubSpot) -> None:
    result = run_cli("push", env={**env(), "CARDFOLLOW_HUBSPOT_API_VERSION": "v9"})
    assert result.returncode == 2 and "api_version" in result.stderr
    assert "Traceback" not in result.stderr
