"""The team edition's jobs on real parts: a scratch PostgreSQL cluster, real ``cardfollow scan``
and ``cardfollow worker`` processes, the fake HubSpot and a loopback SMTP server.

A worker is SIGKILLed mid-batch: every photo must still become exactly one card (another worker
takes the dead one's job up), and after approval every card is pushed once and mailed once.
"""

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
from fake_hubspot import FakeHubSpot
from smtp_server import SmtpServer

from conftest import CARDFOLLOW, inbox, run_cli, text_card
from plugin.jobs.app import ensure_schema, make_app
from plugin.jobs.defer import defer_read
from plugin.store import Store

TOKEN = "pat-na1-11111111-2222-3333-4444-555555555555"

PEOPLE = [
    ("Anna Weber", "Acme Robotics GmbH", "anna.weber@acme-robotics.example"),
    ("Jonas Brandt", "Brandt Logistics AG", "jonas@brandt-logistics.example"),
    ("Clara Fuchs", "Fuchs Design Studio", "clara.fuchs@fuchs-design.example"),
    ("Marco Rossi", "Rossi Impianti Srl", "m.rossi@rossi-impianti.example"),
    ("Sophie Martin", "Atelier Martin SARL", "sophie.martin@atelier-martin.example"),
    ("Lena Vogel", "Vogel Analytics GmbH", "lena.vogel@vogel-analytics.example"),
    ("Pieter de Vries", "De Vries Techniek BV", "pieter@devries-techniek.example"),
    ("Emma Larsen", "Nordic Harbour AS", "emma.larsen@nordic-harbour.example"),
]


def cli_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k.startswith("CARDFOLLOW_")}


def cards() -> list[dict]:
    result = run_cli("cards", "--json", env=cli_env())
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def photos(folder: Path, count: int = len(PEOPLE)) -> list[Path]:
    return [
        text_card(folder / f"card-{n:02d}.jpg", [name, company, email, f"+49 30 1234 56{n:02d}"])
        for n, (name, company, email) in enumerate(PEOPLE[:count])
    ]


class Worker:
    def __init__(self, log: Path) -> None:
        self.log = log
        self.proc = subprocess.Popen(
            [*CARDFOLLOW, "worker"],
            env={**os.environ, **cli_env()},
            stdout=subprocess.DEVNULL,
            stderr=log.open("wb"),
            start_new_session=True,  # a Ctrl-C in the test's terminal is not theirs
        )

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture
def team(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("CARDFOLLOW_STORE_URL", pg_url)
    monkeypatch.setenv("CARDFOLLOW_JOBS_STALLED_SECONDS", "3")
    yield pg_url


def wait_until(check, timeout: float, what: str, every: float = 0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(every)
    raise AssertionError(f"timed out waiting for {what}")


def test_scan_with_a_team_store_takes_photos_in_and_queues_their_reading(team: str) -> None:
    taken = photos(inbox(), 3)
    result = run_cli("scan", "--json", env=cli_env())
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted(o["status"] for o in lines) == ["queued"] * len(taken)
    # Nothing was read here: every card waits, new, with exactly one reading job of its own.
    assert [c["state"] for c in cards()] == ["new"] * len(taken)
    app = make_app(team)
    with app.open():
        jobs = list(app.job_manager.list_jobs(task="cardfollow:read_card"))
    assert sorted(j.task_kwargs["card_id"] for j in jobs) == sorted(o["card"] for o in lines)
    assert {j.status for j in jobs} == {"todo"}
    # The same photos again: known, and no second job.
    again = run_cli("scan", "--json", env=cli_env())
    assert {json.loads(line)["status"] for line in again.stdout.splitlines()} <= {"known"}
    with app.open():
        assert len(list(app.job_manager.list_jobs(task="cardfollow:read_card"))) == len(taken)


def test_watch_with_a_team_store_queues_each_photo_as_it_lands(team: str, tmp_path: Path) -> None:
    log = tmp_path / "watch.log"
    inbox()
    proc = subprocess.Popen(
        [*CARDFOLLOW, "watch", "--json", "--no-poll"],
        env={**os.environ, **cli_env(), "CARDFOLLOW_INBOX_STABLE_SECONDS": "0.5"},
        stdout=subprocess.PIPE,
        stderr=log.open("w"),
        text=True,
    )
    try:
        wait_until(lambda: "watching" in log.read_text(), 120, "watch to start")
        photo = photos(inbox(), 1)[0]
        found = wait_until(lambda: cards(), 120, "the photo taken in", every=1.0)
    finally:
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=60)
    err = log.read_text()
    assert [c["state"] for c in found] == ["new"], err
    lines = [json.loads(line) for line in out.splitlines()]
    assert [(o["photo"], o["status"]) for o in lines] == [(str(photo), "queued")], err
    app = make_app(team)
    with app.open():
        jobs = list(app.job_manager.list_jobs(task="cardfollow:read_card"))
    assert [j.task_kwargs["card_id"] for j in jobs] == [found[0]["id"]]


def test_a_reading_job_commits_with_its_card_or_not_at_all(pg_url: str, tmp_path: Path) -> None:
    app = make_app(pg_url)
    ensure_schema(app, pg_url)

    def intake(store: Store, sha: str) -> int:
        card, _ = store.cards.intake(
            sha256=sha,
            photo=f"{sha}.jpg",
            stored_photo=f"photos/{sha}.jpg",
            event_id=None,
            captured_at=dt.datetime(2026, 11, 18, tzinfo=dt.UTC),
            side=None,
            side_key=None,
        )
        return card.id

    def reading_jobs() -> list[int]:
        with app.open():
            jobs = app.job_manager.list_jobs(task="cardfollow:read_card")
            return sorted(j.task_kwargs["card_id"] for j in jobs)

    with Store(tmp_path / "cardfollow.db", pg_url) as store:
        with pytest.raises(RuntimeError), store.db.transaction() as conn:
            defer_read(app, intake(store, "a" * 64), conn)
            raise RuntimeError("the intake fails after the job was written")
        assert store.cards.by_sha("a" * 64) is None
        assert reading_jobs() == []
        with store.db.transaction() as conn:
            card_id = intake(store, "b" * 64)
            defer_read(app, card_id, conn)
        assert reading_jobs() == [card_id]


def test_worker_needs_a_team_store() -> None:
    result = run_cli("worker", env=cli_env())
    assert result.returncode == 2
    assert "CARDFOLLOW_STORE_URL" in result.stderr


@pytest.mark.slow
def test_a_worker_killed_mid_batch_loses_nothing_and_nothing_goes_twice(
    team: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, smtp: SmtpServer
) -> None:
    with FakeHubSpot(token=TOKEN) as hubspot:
        monkeypatch.setenv("CARDFOLLOW_CRM", "hubspot")
        monkeypatch.setenv("CARDFOLLOW_HUBSPOT_BASE_URL", hubspot.base_url)
        monkeypatch.setenv("CARDFOLLOW_HUBSPOT_TOKEN", TOKEN)
        monkeypatch.setenv("CARDFOLLOW_SMTP_URL", smtp.url())
        monkeypatch.setenv("CARDFOLLOW_SEND_AT", "now")
        taken = photos(inbox())
        scan = run_cli("scan", "--json", env=cli_env())
        assert scan.returncode == 0, scan.stderr

        doomed, survivor = Worker(tmp_path / "a.log"), Worker(tmp_path / "b.log")
        try:
            # Kill one worker once reading is under way: it dies holding a job.
            wait_until(lambda: "Starting job cardfollow:read_card" in doomed.text(), 240, "a job")
            time.sleep(1.0)
            doomed.proc.send_signal(signal.SIGKILL)
            doomed.proc.wait(timeout=10)
            finished = wait_until(
                lambda: (
                    (found := cards())
                    and all(c["state"] in ("drafted", "failed") for c in found)
                    and found
                ),
                600,
                "every card read",
                every=2.0,
            )
            assert "queued again" in survivor.text(), survivor.text()[-3000:]
            # Every photo became exactly one card, each read once, none lost.
            assert len(finished) == len(taken)
            assert sorted(c["photo"] for c in finished) == sorted(str(p) for p in taken)
            assert all(c["state"] == "drafted" for c in finished), finished

            ids = [str(c["id"]) for c in finished]
            approve = run_cli("approve", *ids, env=cli_env())
            assert approve.returncode == 0, approve.stderr
            emails = sorted(email for _, _, email in PEOPLE)
            wait_until(lambda: len(smtp.messages) >= len(ids), 180, "every mail sent")
            wait_until(
                lambda: len(hubspot.objects("contacts")) >= len(ids), 180, "every card pushed"
            )
            time.sleep(3.0)  # anything sent twice would arrive now
        finally:
            doomed.stop()
            survivor.stop()
        assert sorted(r for m in smtp.messages for r in m.rcpt_tos) == emails
        contacts = hubspot.objects("contacts").values()
        assert sorted(c["properties"]["email"] for c in contacts) == emails
        # Pushed once: a second push of a card would add a second note and card image.
        assert len(hubspot.objects("notes")) == len(ids)
        assert len(hubspot.files) == len(ids)
