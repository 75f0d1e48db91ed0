"""Nothing is lost, nothing repeats: real SIGKILLs, concurrent processes, a watched folder.

These run real ``cardfollow`` processes over real photos and kill them with SIGKILL at moments
chosen by watching the store, then check every photo has exactly one card whose every step
happened exactly once.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest

from conftest import CARDFOLLOW, home, inbox, run_cli, sample

pytestmark = pytest.mark.slow

FAST = {"CARDFOLLOW_INBOX_STABLE_SECONDS": "0.2"}
BATCH = ("s01", "s02", "s03", "s04", "s05", "s06", "p03", "p07")


def _fill_inbox() -> list[Path]:
    paths = []
    for i, name in enumerate(BATCH):
        src = sample(name)
        dest = inbox() / ("Expo" if i % 2 else "") / f"{name}{src.suffix}"
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(src, dest)
        paths.append(dest)
    return paths


def _start(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*CARDFOLLOW, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **FAST, **(env or {})},
    )


def _steps() -> Counter[str]:
    """History steps so far, read without taking any lock (WAL readers never block)."""
    db = home() / "cardfollow.db"
    if not db.exists():
        return Counter()
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return Counter(step for (step,) in conn.execute("SELECT step FROM history"))
    except sqlite3.OperationalError:  # created but not yet migrated
        return Counter()


def _wait_for(predicate, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out waiting for the store"
        time.sleep(0.02)


def _check_every_photo_once(photos: list[Path]) -> None:
    db = home() / "cardfollow.db"
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        cards = conn.execute("SELECT id, sha256, state FROM cards").fetchall()
        shas = {hashlib.sha256(p.read_bytes()).hexdigest() for p in photos}
        assert sorted(sha for _, sha, _ in cards) == sorted(shas), "one card per photo"
        assert {state for _, _, state in cards} == {"drafted"}
        for card_id, _, _ in cards:
            steps = Counter(
                s for (s,) in conn.execute("SELECT step FROM history WHERE card_id = ?", (card_id,))
            )
            assert steps == Counter({"new": 1, "extracted": 1, "drafted": 1}), (card_id, steps)
            drafts = conn.execute("SELECT count(*) FROM drafts WHERE card_id = ?", (card_id,))
            assert drafts.fetchone()[0] == 1
        contacts = conn.execute("SELECT count(*) FROM contacts").fetchone()[0]
        assert contacts == len(photos)


def test_sigkill_at_any_moment_then_a_restart_loses_and_repeats_nothing() -> None:
    photos = _fill_inbox()
    # Kill: before anything is committed; just after a card is taken in (mid-OCR of the next);
    # just after a card is read (between extraction and draft); just after a draft.
    moments = [
        lambda: True,
        lambda: _steps()["new"] >= 3,
        lambda: _steps()["extracted"] >= 4,
        lambda: _steps()["drafted"] >= 6,
    ]
    for moment in moments:
        proc = _start("scan", "--wait", "30")
        try:
            _wait_for(lambda p=proc, m=moment: m() or p.poll() is not None)
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
            print("killed at", dict(_steps()), "exit", proc.returncode)
    final = run_cli("scan", "--wait", "30", env=FAST)
    assert final.returncode == 0, final.stdout + final.stderr
    _check_every_photo_once(photos)
    # The photos themselves are untouched.
    for p in photos:
        assert p.read_bytes() == sample(p.stem).read_bytes()


def test_two_processes_on_one_inbox_and_store_share_the_work() -> None:
    photos = _fill_inbox()
    first = _start("scan", "--wait", "30")
    second = _start("scan", "--wait", "30")
    # Meanwhile the user looks and writes: the store must not lock them out.
    readers_ok = 0
    while first.poll() is None or second.poll() is None:
        listing = run_cli("cards", "--json", env=FAST, timeout=60)
        assert listing.returncode == 0, listing.stderr
        if listing.stdout.strip():
            card_id = listing.stdout.split('"id": ', 1)[1].split(",", 1)[0]
            noted = run_cli("note", card_id, "met at the booth", env=FAST, timeout=60)
            assert noted.returncode == 0, noted.stderr
        readers_ok += 1
    outs = [p.communicate(timeout=60) for p in (first, second)]
    for proc, (out, err) in zip((first, second), outs, strict=True):
        assert proc.returncode == 0, out + err
        assert "locked" not in err.lower()
    assert readers_ok > 0
    db = home() / "cardfollow.db"
    with sqlite3.connect(db) as conn:
        extracted = conn.execute(
            "SELECT card_id, count(*) FROM history WHERE step = 'extracted' GROUP BY card_id"
        ).fetchall()
    assert len(extracted) == len(photos) and {n for _, n in extracted} == {1}
    with sqlite3.connect(db) as conn:
        states = {s for (s,) in conn.execute("SELECT state FROM cards")}
    assert states == {"drafted"}


def test_watch_takes_a_photo_written_slowly_once_complete() -> None:
    inbox()
    proc = _start("watch", env={"CARDFOLLOW_INBOX_STABLE_SECONDS": "1.0"})
    try:
        _wait_for(lambda: (home() / "cardfollow.db").exists(), timeout=60)
        time.sleep(1.0)  # the watcher is up once the store exists and it has printed
        data = sample("s02").read_bytes()
        target = inbox() / "Booth 12" / "slow.png"
        target.parent.mkdir()
        with target.open("wb") as fh:
            step = len(data) // 8 + 1
            for i in range(0, len(data), step):
                fh.write(data[i : i + step])
                fh.flush()
                time.sleep(0.3)
        _wait_for(lambda: _steps()["drafted"] >= 1, timeout=120)
        shutil.copy(target, inbox() / "same-photo-again.png")  # a duplicate: not a new card
        time.sleep(3.0)
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "watching" in err and "stopped" in err
    with sqlite3.connect(home() / "cardfollow.db") as conn:
        rows = conn.execute("SELECT sha256, state FROM cards").fetchall()
    assert rows == [(hashlib.sha256(data).hexdigest(), "drafted")]
    assert "already taken" in out


def test_ctrl_c_finishes_the_card_in_hand_and_the_next_run_takes_the_rest() -> None:
    photos = _fill_inbox()
    proc = _start("scan", "--wait", "30")
    try:
        _wait_for(lambda: _steps()["drafted"] >= 2 or proc.poll() is not None)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err
    assert "stopping after the card in hand" in err
    assert "Traceback" not in err
    assert _steps()["drafted"] < len(photos)  # it stopped early, with cards left "new"
    final = run_cli("scan", "--wait", "30", env=FAST)
    assert final.returncode == 0, final.stdout + final.stderr
    _check_every_photo_once(photos)
