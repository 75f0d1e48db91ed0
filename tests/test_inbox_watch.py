"""The inbox with real time: slow writers in subprocesses, real watchdog (inotify and polling).

Deadlines are generous and every wait is a polling loop, so a loaded CI machine only makes the
tests slower, not red.
"""

from __future__ import annotations

import errno
import io
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PIL import Image

from plugin.inbox import InboxWatcher, event_name_for, wait_until_stable
from plugin.inbox import watcher as watcher_module

# Real watchers, threads and writer processes in real time: run by scripts/test.sh and CI.
pytestmark = pytest.mark.slow

DEADLINE = 20.0  # seconds to wait for something that should take one or two
SOURCES = Path()  # set per test by the _sources fixture

# Copies SRC to DEST in CHUNKS pieces, PAUSE seconds apart, renaming from TEMP if given; prints
# time.time() right after the last byte is written (and before any rename).
WRITER = """
import os, sys, time

src, dest, temp = sys.argv[1], sys.argv[2], sys.argv[5]
chunks, pause = int(sys.argv[3]), float(sys.argv[4])
data = open(src, "rb").read()
step = -(-len(data) // chunks)
target = temp or dest
with open(target, "wb") as fh:
    for i in range(chunks):
        if i:
            time.sleep(pause)
        fh.write(data[i * step:(i + 1) * step])
        fh.flush()
    print(time.time(), flush=True)
if temp:
    os.rename(temp, dest)
"""


@pytest.fixture(autouse=True)
def _sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "sources").mkdir()
    monkeypatch.setattr(sys.modules[__name__], "SOURCES", tmp_path / "sources")


def _photo_bytes(seed: int = 0) -> bytes:
    # Noise so the JPEG is big enough (~100 kB) to be written in visible chunks.
    img = Image.frombytes("RGB", (200, 160), os.urandom(200 * 160 * 3))
    img.paste((seed % 256, 0, 0), (0, 0, 10, 10))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=95)
    return buf.getvalue()


def _slow_copy(
    data: bytes, dest: Path, *, chunks: int, pause: float, temp: Path | None = None
) -> subprocess.Popen[str]:
    # The source lives beside the inbox, not in it.
    src = SOURCES / f"{time.monotonic_ns()}-{dest.name}"
    src.write_bytes(data)
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(src), str(dest), str(chunks), str(pause), temp or ""],
        stdout=subprocess.PIPE,
        text=True,
    )


def _finish(proc: subprocess.Popen[str]) -> float:
    out, _ = proc.communicate(timeout=DEADLINE)
    assert proc.returncode == 0
    return float(out.strip())


def _collect(
    watcher: InboxWatcher,
    until: Callable[[list[Path]], bool],
    *,
    extra: float = 0.0,
    on_item: Callable[[Path], None] | None = None,
) -> list[Path]:
    """Everything ready() hands out until ``until(items)`` holds, then for ``extra`` seconds."""
    items: list[Path] = []
    deadline = time.monotonic() + DEADLINE
    while not until(items):
        assert time.monotonic() < deadline, f"timed out; got {items}"
        for path in watcher.ready(timeout=0.2):
            if on_item:
                on_item(path)
            items.append(path)
    end = time.monotonic() + extra
    while (remaining := end - time.monotonic()) > 0:
        items.extend(watcher.ready(timeout=remaining))
    return items


# --- wait_until_stable with a real writer ---------------------------------------------------


def test_wait_until_stable_real_slow_writer(tmp_path: Path) -> None:
    (tmp_path / "inbox").mkdir()
    data = _photo_bytes()
    dest = tmp_path / "inbox" / "card.jpg"
    proc = _slow_copy(data, dest, chunks=8, pause=0.3)
    deadline = time.monotonic() + DEADLINE
    while not dest.exists():
        assert time.monotonic() < deadline
        time.sleep(0.01)
    ready, changing = wait_until_stable([dest], stable_seconds=1.0, timeout=DEADLINE)
    taken_at = time.time()
    last_chunk_at = _finish(proc)
    assert (ready, changing) == ([dest], [])
    assert taken_at >= last_chunk_at + 1.0 - 0.05  # a second after the last chunk, not before
    assert dest.read_bytes() == data


def test_wait_until_stable_leaves_a_growing_file(tmp_path: Path) -> None:
    (tmp_path / "inbox").mkdir()
    dest = tmp_path / "inbox" / "card.jpg"
    proc = _slow_copy(_photo_bytes(), dest, chunks=10, pause=0.15)
    try:
        deadline = time.monotonic() + DEADLINE
        while not dest.exists():
            assert time.monotonic() < deadline
            time.sleep(0.01)
        ready, changing = wait_until_stable([dest], stable_seconds=0.6, timeout=1.0)
        assert (ready, changing) == ([], [dest])
    finally:
        _finish(proc)


# --- the watcher, in both modes -------------------------------------------------------------


@pytest.fixture(params=[False, True], ids=["inotify", "polling"])
def poll(request: pytest.FixtureRequest) -> bool:
    if not request.param and not sys.platform.startswith("linux"):
        pytest.skip("inotify is Linux only")
    return bool(request.param)


def _watch(inbox: Path, poll: bool | None, stable: float = 0.5) -> InboxWatcher:
    return InboxWatcher(
        inbox, stable_seconds=stable, poll=poll, poll_interval=0.1, rescan_seconds=60.0
    )


@pytest.fixture
def inbox(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path / "inbox"  # deliberately not created: the watcher makes it


def test_slow_copy_comes_out_once_and_complete(inbox: Path, poll: bool) -> None:
    data = _photo_bytes()
    with _watch(inbox, poll, stable=1.0) as watcher:
        assert watcher.mode == "polling every 0.1s (requested)" if poll else "inotify"
        assert inbox.is_dir()
        dest = inbox / "card.jpg"
        proc = _slow_copy(data, dest, chunks=8, pause=0.3)
        contents: dict[Path, bytes] = {}
        times: list[float] = []

        def grab(path: Path) -> None:
            contents[path] = path.read_bytes()
            times.append(time.time())

        got = _collect(watcher, lambda items: bool(items), extra=1.0, on_item=grab)
        last_chunk_at = _finish(proc)
    assert got == [dest]
    assert contents[dest] == data
    assert times[0] >= last_chunk_at + 1.0 - 0.05


def test_changed_file_comes_out_again(inbox: Path) -> None:
    with _watch(inbox, poll=False) as watcher:
        path = inbox / "card.jpg"
        path.write_bytes(b"one")
        assert _collect(watcher, lambda items: bool(items)) == [path]
        path.write_bytes(b"two, longer")
        assert _collect(watcher, lambda items: bool(items), extra=0.7) == [path]


def test_inbox_behind_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "real-inbox"
    real.mkdir()
    link = tmp_path / "inbox-link"
    link.symlink_to(real, target_is_directory=True)
    with _watch(link, poll=None) as watcher:
        (real / "Expo").mkdir()
        (real / "Expo" / "card.jpg").write_bytes(b"x")
        assert _collect(watcher, lambda items: bool(items)) == [link / "Expo" / "card.jpg"]


def test_part_file_renamed_comes_out_under_final_name(inbox: Path, poll: bool) -> None:
    data = _photo_bytes()
    with _watch(inbox, poll) as watcher:
        dest = inbox / "Expo" / "card.jpg"
        dest.parent.mkdir()
        proc = _slow_copy(
            data, dest, chunks=4, pause=0.15, temp=inbox / "Expo" / "card.jpg.crdownload"
        )
        got = _collect(watcher, lambda items: bool(items), extra=0.7)
        _finish(proc)
    assert got == [dest]
    assert dest.read_bytes() == data


def test_new_event_folder_is_watched(inbox: Path, poll: bool) -> None:
    with _watch(inbox, poll) as watcher:
        assert watcher.ready(timeout=0.3) == []
        folder = inbox / "Café Summit 2025" / "day 1"
        folder.mkdir(parents=True)
        path = folder / "card.heic"
        path.write_bytes(b"heic bytes")
        got = _collect(watcher, lambda items: bool(items), extra=0.5)
    assert got == [path]
    assert event_name_for(got[0], inbox) == "Café Summit 2025"


def test_existing_files_and_junk(inbox: Path, poll: bool) -> None:
    before = inbox / "Expo" / "before.jpg"
    before.parent.mkdir(parents=True)
    before.write_bytes(b"was here before start")
    (inbox / "Expo" / "loop").symlink_to(inbox, target_is_directory=True)
    (inbox / "failed").mkdir()
    (inbox / "failed" / "old.jpg").write_bytes(b"quarantined earlier")
    junk = [
        ".DS_Store",
        "._card.jpg",
        "~$card.jpg",
        "card.jpg.part",
        "card.jpg.tmp",
        "Expo/.syncthing.card.jpg.tmp",
        "Expo/card.jpg.!sync",
        "Expo/event.toml",
        "Thumbs.db",
        "failed/new.jpg",
        "failed/Expo/new.jpg",
        ".hidden/card.jpg",
    ]
    with _watch(inbox, poll) as watcher:
        for rel in junk:
            path = inbox / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(b"junk")
        sentinel = inbox / "Expo" / "after.jpg"
        sentinel.write_bytes(b"real card")
        got = _collect(watcher, lambda items: sentinel in items and before in items, extra=0.7)
    # The link to a folder is handed out too (never walked into): the intake sets it aside.
    loop = inbox / "Expo" / "loop"
    assert sorted(got) == sorted([sentinel, before, loop])


def test_falls_back_to_polling_when_native_fails(
    inbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class FullInotify(watcher_module.Observer):
        def start(self) -> None:
            raise OSError(errno.ENOSPC, "inotify watch limit reached")

    monkeypatch.setattr(watcher_module, "Observer", FullInotify)
    with _watch(inbox, poll=None) as watcher:
        assert watcher.mode.startswith("polling")
        assert "inotify watch limit reached" in watcher.mode
        assert "max_user_watches" in watcher.mode
        path = inbox / "card.jpg"
        path.write_bytes(b"x")
        assert _collect(watcher, lambda items: bool(items)) == [path]


def test_polls_a_network_filesystem(inbox: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(watcher_module, "polling_reason", lambda path: "nfs4 filesystem")
    with _watch(inbox, poll=None) as watcher:
        assert watcher.mode == "polling every 0.1s (nfs4 filesystem)"
    with _watch(inbox, poll=False) as watcher:
        assert watcher.mode == "inotify"  # poll=False overrides the detection
