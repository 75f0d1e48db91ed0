"""A full disk, a file size limit and a read-only store: one clear line and exit 1, never a
traceback, and nothing already stored is lost."""

from __future__ import annotations

import contextlib
import json
import os
import resource
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from card_factory import add_card

from conftest import CARDFOLLOW, home
from plugin.config import load
from plugin.store import Store

LONG = "x" * 100_000  # a field value big enough to need new pages in the store


def _cli(*args: str, limit: int | None = None) -> subprocess.CompletedProcess[str]:
    def lower_limit() -> None:  # in the child only: the test process keeps its own limits
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        [*CARDFOLLOW, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ),
        preexec_fn=lower_limit,
    )


def _one_card() -> int:
    config = load()
    with Store(config.store().path) as store:
        return add_card(store, config, "Ada Lovelace", email="ada@example.com")


def _assert_clean_failure(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "Error:" not in result.stderr
    line = result.stderr.strip()
    assert line.startswith("cardfollow: ") and "\n" not in line, line
    for word in words:
        assert word in line, line


def _card_title(card_id: int) -> str | None:
    shown = _cli("show", str(card_id), "--json")
    assert shown.returncode == 0, shown.stderr
    return json.loads(shown.stdout)["contact"]["title"]


@contextlib.contextmanager
def _tmpfs(where: Path, size: str) -> Iterator[Path]:
    """A tiny filesystem of its own (root only; skipped where mounting is not allowed)."""
    where.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def _fill(folder: Path, leave: int) -> None:
    """Fill the filesystem under ``folder`` until only about ``leave`` bytes are free."""
    free = os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize
    with (folder / "filler").open("wb") as fh, contextlib.suppress(OSError):
        fh.write(b"\0" * max(0, free - leave))


def test_a_file_size_limit_mid_write_is_a_message(monkeypatch: pytest.MonkeyPatch) -> None:
    card = _one_card()
    store = load().store().path
    # The store's files may not grow past their size now: the next big write fails (EFBIG).
    result = _cli("edit", str(card), "--set", f"title={LONG}", limit=store.stat().st_size)
    _assert_clean_failure(result, "ree some space", "run the command again")
    assert _card_title(card) is None  # the edit did not half-happen, and the card is intact


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a tmpfs needs root")
def test_a_full_disk_is_a_message_and_the_next_run_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with _tmpfs(tmp_path / "disk", "4m") as disk:
        monkeypatch.setenv("CARDFOLLOW_STORE", str(disk / "cardfollow.db"))
        card = _one_card()
        _fill(disk, leave=64 * 1024)
        result = _cli("edit", str(card), "--set", f"title={LONG}")
        _assert_clean_failure(result, "the disk is full", "Free some space")
        # Nothing lost; with space again the same command goes through.
        (disk / "filler").unlink()
        assert _card_title(card) is None
        assert _cli("edit", str(card), "--set", "title=Countess").returncode == 0
        assert _card_title(card) == "Countess"


@pytest.mark.skipif(os.geteuid() != 0, reason="a read-only mount needs root")
def test_a_read_only_store_is_a_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with _tmpfs(tmp_path / "disk", "8m") as disk:
        monkeypatch.setenv("CARDFOLLOW_STORE", str(disk / "cardfollow.db"))
        card = _one_card()
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        result = _cli("note", str(card), "met at the pricing panel")
        _assert_clean_failure(result, "read-only", "writable")
        # Reading needs SQLite's shared-memory file beside the store (WAL), which a read-only
        # disk cannot hold: the same kind of message.
        _assert_clean_failure(_cli("cards"), "cannot open the store")


def test_a_store_in_a_folder_that_cannot_be_made_is_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the store's folder should be")
    monkeypatch.setenv("CARDFOLLOW_STORE", str(blocker / "sub" / "cardfollow.db"))
    _assert_clean_failure(_cli("cards"), "cannot open the store")
    assert not home().exists() or not (home() / "cardfollow.db").exists()
