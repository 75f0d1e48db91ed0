"""The inbox's file layer without threads: names, layout, event.toml, quarantine, sides, timing."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pillow_heif
import pytest
from PIL import Image

from plugin.inbox import (
    EMPTY_FACTOR,
    QuarantineError,
    StabilityTracker,
    captured_at,
    event_name_for,
    filesystem_type,
    is_ignored,
    list_candidates,
    needs_polling,
    polling_reason,
    quarantine,
    read_event,
    side_of,
    wait_until_stable,
)
from plugin.models import EventInfo

pillow_heif.register_heif_opener()

# --- ignore ---------------------------------------------------------------------------------

IGNORED = [
    ".DS_Store",
    ".hidden.jpg",
    "._IMG_1.jpg",  # AppleDouble
    "~$report.docx",
    "~WRL0001.tmp",
    "~backup.jpg",
    "card.jpg~",
    "Thumbs.db",
    "thumbs.DB",
    "desktop.ini",
    "Icon\r",
    "card.jpg.part",
    "card.jpg.PART",
    "card.jpg.partial",
    "card.jpg.crdownload",
    "card.jpg.download",
    "card.jpg.opdownload",
    "card.jpg.filepart",
    "card.tmp",
    "card.jpg.temp",
    "card.jpg.swp",
    "card.jpg.!sync",
    "card.jpg.!Sync",
    "card.jpg.SyncPart",
    ".syncthing.card.jpg.tmp",
    "~syncthing~card.jpg.tmp",
    ".card.jpg.icloud",
    "card.jpg.icloud",
    ".dropbox",
    ".dropbox.attr",
    "card.jpg.dropbox",
    "card.jpg.~1a2b3c",
    ".~lock.card.odt#",
    "card.jpg.sb-4d2c7a1f-Zq1bN2",
    ".card.jpg.AbCdEf",  # rsync partial
    "card.jpg.tmp.drivedownload",
    "card.jpg:Zone.Identifier",
    "@eaDir",
]
KEPT = [
    "IMG_1234.JPG",
    "card.jpg",
    "Jane Doe - front.heic",
    "café.png",
    "notes.txt",  # wrong type, but the caller quarantines it
    "card (2).jpg",
    "part.jpg",
    "tmp-card.jpg",
    "card.jpeg",
    "Dropbox card.jpg",
    "a~b.jpg",
]


@pytest.mark.parametrize("name", IGNORED)
def test_ignored_names(name: str) -> None:
    assert is_ignored(Path(name))
    assert is_ignored(Path("Event") / name)


@pytest.mark.parametrize("name", KEPT)
def test_kept_names(name: str) -> None:
    assert not is_ignored(Path(name))
    assert not is_ignored(Path("Web Summit 2025") / "day 1" / name)


@pytest.mark.parametrize(
    "rel",
    [
        ".dropbox.cache/card.jpg",
        "Event/.git/card.jpg",
        "card.jpg.download/card.jpg",
        "@eaDir/x.jpg",
    ],
)
def test_ignored_folder_hides_its_files(rel: str) -> None:
    assert is_ignored(Path(rel))


def test_inbox_location_itself_may_be_hidden(tmp_path: Path) -> None:
    inbox = tmp_path / ".local" / "share" / "cardfollow" / "inbox"
    assert not is_ignored(inbox / "Event" / "card.jpg", inbox)
    assert is_ignored(inbox / ".Event" / "card.jpg", inbox)
    # Without the inbox, an absolute path is judged by its name alone.
    assert not is_ignored(inbox / "card.jpg")
    assert is_ignored(inbox / "card.jpg.part")


# --- layout ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rel", "event"),
    [
        ("card.jpg", None),
        ("Web Summit 2025/card.jpg", "Web Summit 2025"),
        ("Web Summit 2025/day 1/hall B/card.jpg", "Web Summit 2025"),
        ("Café Zürich — 東京/card.jpg", "Café Zürich — 東京"),
        ("failed/Event/card.jpg", None),
        ("failed/card.jpg", None),
    ],
)
def test_event_name_for(tmp_path: Path, rel: str, event: str | None) -> None:
    inbox = tmp_path / "inbox"
    assert event_name_for(inbox / rel, inbox) == event


def test_event_name_for_outside_the_inbox(tmp_path: Path) -> None:
    assert event_name_for(tmp_path / "elsewhere" / "x.jpg", tmp_path / "inbox") is None


def _toml(folder: Path, text: str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "event.toml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return folder


def test_read_event_without_settings(tmp_path: Path) -> None:
    folder = tmp_path / "Web Summit"
    folder.mkdir()
    assert read_event(folder) == (EventInfo(name="Web Summit"), [])
    assert read_event(tmp_path / "missing") == (EventInfo(name="missing"), [])


def test_read_event_full(tmp_path: Path) -> None:
    folder = _toml(
        tmp_path / "websummit",
        'name = "Web Summit 2025"\ndate = 2025-11-11\nplace = "Lisbon"\n'
        'template = "warm"\nnote = "Met at booth 12"\n',
    )
    info, warnings = read_event(folder)
    assert warnings == []
    assert info == EventInfo(
        name="Web Summit 2025",
        date=dt.date(2025, 11, 11),
        place="Lisbon",
        template="warm",
        note="Met at booth 12",
    )


def test_read_event_string_date_and_unknown_keys(tmp_path: Path) -> None:
    folder = _toml(tmp_path / "Expo", 'date = "2025-03-14"\nvenue = "Hall 3"\ncolour = 1\n')
    info, warnings = read_event(folder)
    assert info == EventInfo(name="Expo", date=dt.date(2025, 3, 14))
    assert len(warnings) == 2
    assert "'colour'" in warnings[0] and "'venue'" in warnings[1]


@pytest.mark.parametrize("value", ['"14/03/2025"', '"2025-02-30"', "20250314", "true"])
def test_read_event_bad_date(tmp_path: Path, value: str) -> None:
    folder = _toml(tmp_path / "Expo", f'date = {value}\nplace = "Paris"\n')
    info, warnings = read_event(folder)
    assert info == EventInfo(name="Expo", place="Paris")
    assert len(warnings) == 1 and "date" in warnings[0]


@pytest.mark.parametrize(
    "text", ['date = 2025-03-14\nplace = "unterminated\n', b"place = '\xff\xfe'\n", "[[[\n"]
)
def test_read_event_broken_file(tmp_path: Path, text: str | bytes) -> None:
    folder = _toml(tmp_path / "Expo", text)
    info, warnings = read_event(folder)
    assert info == EventInfo(name="Expo")
    assert len(warnings) == 1 and "event.toml" in warnings[0]


def test_read_event_any_case_file_name(tmp_path: Path) -> None:
    folder = tmp_path / "Expo"
    folder.mkdir()
    (folder / "Event.TOML").write_text('place = "Oslo"\n', encoding="utf-8")
    assert read_event(folder) == (EventInfo(name="Expo", place="Oslo"), [])
    assert list_candidates(tmp_path) == []


def test_read_event_wrong_types(tmp_path: Path) -> None:
    folder = _toml(tmp_path / "Expo", 'name = ""\nplace = 3\nnote = ["a"]\ntemplate = " short "\n')
    info, warnings = read_event(folder)
    assert info == EventInfo(name="Expo", template="short")
    assert len(warnings) == 2


def _touch(path: Path, data: bytes = b"x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_list_candidates(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    expected = [
        _touch(inbox / "Expo" / "b.jpg"),
        _touch(inbox / "Expo" / "day 2" / "deep" / "c.heic"),
        _touch(inbox / "a.jpg"),
        _touch(inbox / "notes.txt"),
        _touch(inbox / "Événement" / "d.png"),
    ]
    for rel in [
        "failed/x.jpg",
        "failed/Expo/x.jpg",
        "Failed/y.jpg",  # macOS would say this *is* failed/
        "Expo/event.toml",
        "event.toml",
        ".DS_Store",
        "Expo/._b.jpg",
        "Expo/b.jpg.part",
        ".dropbox.cache/z.jpg",
        "Expo/.syncthing.e.jpg.tmp",
    ]:
        _touch(inbox / rel)
    (inbox / "empty-folder").mkdir()
    assert list_candidates(inbox) == sorted(expected)
    # A folder called "failed" below an event is just a folder.
    nested = _touch(inbox / "Expo" / "failed" / "f.jpg")
    assert nested in list_candidates(inbox)


def test_list_candidates_symlinks(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    real = _touch(inbox / "Expo" / "a.jpg")
    outside = _touch(tmp_path / "elsewhere" / "b.jpg")
    (inbox / "Expo" / "loop").symlink_to(inbox, target_is_directory=True)
    (inbox / "Expo" / "self").symlink_to(inbox / "Expo", target_is_directory=True)
    (inbox / "linked.jpg").symlink_to(outside)
    (inbox / "broken.jpg").symlink_to(tmp_path / "nowhere.jpg")
    os.mkfifo(inbox / "pipe.jpg")
    # Every link is listed under its own name, never walked into; the intake decides about it.
    links = ["Expo/loop", "Expo/self", "linked.jpg", "broken.jpg"]
    assert list_candidates(inbox) == sorted([real, *(inbox / rel for rel in links)])


def test_list_candidates_missing_inbox(tmp_path: Path) -> None:
    assert list_candidates(tmp_path / "nope") == []


# --- quarantine -----------------------------------------------------------------------------


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_quarantine_keeps_event_folder_and_bytes(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    src = _touch(inbox / "Web Summit" / "day 1" / "card.jpg", os.urandom(5000))
    digest = _sha(src)
    dest = quarantine(src, inbox, "not an image Pillow can read")
    assert dest == inbox / "failed" / "Web Summit" / "day 1" / "card.jpg"
    assert not src.exists()
    assert _sha(dest) == digest
    note = (dest.parent / "card.jpg.error.txt").read_text(encoding="utf-8")
    assert "not an image Pillow can read" in note
    assert str(src) in note
    assert "drop it into the inbox again" in note
    assert '"Web Summit/day 1/"' in note
    when = next(line for line in note.splitlines() if line.startswith("When:")).split()[1]
    stamp = dt.datetime.fromisoformat(when)
    assert stamp.utcoffset() == dt.timedelta(0)
    assert abs((dt.datetime.now(dt.UTC) - stamp).total_seconds()) < 60
    # No temp note is left behind, and nothing in failed/ is ever a candidate.
    assert sorted(p.name for p in dest.parent.iterdir()) == ["card.jpg", "card.jpg.error.txt"]
    assert list_candidates(inbox) == []


def test_quarantine_reason_of_a_name_too_long_for_its_note(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    name = "é" * 124 + "x.jpg"  # 253 bytes: the file fits, "<name>.error.txt" does not
    src = _touch(inbox / "Expo" / name, b"bytes")
    dest = quarantine(src, inbox, "not an image Pillow can read")
    assert dest == inbox / "failed" / "Expo" / name and dest.read_bytes() == b"bytes"
    notes = [p for p in dest.parent.iterdir() if p.name.endswith(".error.txt")]
    assert len(notes) == 1 and len(os.fsencode(notes[0].name)) <= 100
    text = notes[0].read_text(encoding="utf-8")
    assert "not an image Pillow can read" in text and name in text
    # The same long name again: numbered, shortened to fit, and its reason kept too.
    again = quarantine(_touch(inbox / "Expo" / name, b"other"), inbox, "cut off")
    assert again != dest and again.read_bytes() == b"other" and again.name.endswith(" (2).jpg")
    assert again.name.startswith("é" * 50) and len(os.fsencode(again.name)) <= 255
    texts = [p.read_text() for p in dest.parent.iterdir() if p.name.endswith(".error.txt")]
    assert len(texts) == 2 and any("cut off" in t and again.name in t for t in texts)


def test_quarantine_never_overwrites(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    digests = []
    dests = []
    for i in range(3):
        src = _touch(inbox / "card.jpg", f"version {i}".encode())
        digests.append(_sha(src))
        dests.append(quarantine(src, inbox, f"reason {i}"))
    failed = inbox / "failed"
    assert dests == [failed / "card.jpg", failed / "card (2).jpg", failed / "card (3).jpg"]
    assert [_sha(d) for d in dests] == digests
    assert "reason 2" in (failed / "card (3).jpg.error.txt").read_text(encoding="utf-8")
    # A leftover note alone also keeps its name taken.
    src = _touch(inbox / "x.jpg")
    _touch(failed / "x.jpg.error.txt", b"old note")
    assert quarantine(src, inbox, "r") == failed / "x (2).jpg"
    src = _touch(inbox / "README")
    _touch(failed / "README")
    assert quarantine(src, inbox, "r") == failed / "README (2)"


def test_quarantine_symlink_moves_the_link(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    target = _touch(tmp_path / "outside.jpg", b"target bytes")
    (inbox).mkdir()
    (inbox / "link.jpg").symlink_to(target)
    dest = quarantine(inbox / "link.jpg", inbox, "r")
    assert dest.is_symlink() and dest.read_bytes() == b"target bytes"
    assert target.read_bytes() == b"target bytes"


def test_quarantine_missing_file(tmp_path: Path) -> None:
    with pytest.raises(QuarantineError, match="gone"):
        quarantine(tmp_path / "inbox" / "nope.jpg", tmp_path / "inbox", "r")


def test_quarantine_move_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inbox = tmp_path / "inbox"
    src = _touch(inbox / "Expo" / "card.jpg", b"data")

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "link", refuse)
    with pytest.raises(QuarantineError, match="Permission denied"):
        quarantine(src, inbox, "r")
    assert src.read_bytes() == b"data"


def test_quarantine_unlink_refused_keeps_one_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = tmp_path / "inbox"
    src = _touch(inbox / "card.jpg", b"data")
    real_unlink = os.unlink

    def unlink(path: os.PathLike[str] | str, *args: object, **kwargs: object) -> None:
        if Path(path) == src:
            raise PermissionError(13, "Permission denied")
        real_unlink(path)

    monkeypatch.setattr(os, "unlink", unlink)
    with pytest.raises(QuarantineError):
        quarantine(src, inbox, "r")
    assert src.read_bytes() == b"data"
    assert not (inbox / "failed" / "card.jpg").exists()


def test_quarantine_without_hard_links(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inbox = tmp_path / "inbox"
    src = _touch(inbox / "card.jpg", b"data")

    def no_links(*args: object, **kwargs: object) -> None:
        raise OSError(1, "Operation not permitted")  # EPERM: FAT, some network shares

    monkeypatch.setattr(os, "link", no_links)
    _touch(inbox / "failed" / "card.jpg", b"older")
    dest = quarantine(src, inbox, "r")
    assert dest == inbox / "failed" / "card (2).jpg"
    assert dest.read_bytes() == b"data"
    assert (inbox / "failed" / "card.jpg").read_bytes() == b"older"


# --- sides and capture time -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "side", "key"),
    [
        ("jane-front.jpg", "front", "jane"),
        ("jane_back.heic", "back", "jane"),
        ("Jane Doe front.png", "front", "jane doe"),
        ("jane-Back.JPG", "back", "jane"),
        ("JANE_FRONT.jpeg", "front", "jane"),
        ("jane.back.jpg", "back", "jane"),
        ("acme - back.jpg", "back", "acme"),
        ("front.jpg", "front", ""),
        ("Back.jpg", "back", ""),
        ("IMG_1234.jpg", None, "img_1234"),
        ("Front Street Dental.jpg", None, "front street dental"),
        ("comeback.jpg", None, "comeback"),
        ("jane-f.jpg", None, "jane-f"),
        ("jane-frontal.jpg", None, "jane-frontal"),
    ],
)
def test_side_of(name: str, side: str | None, key: str) -> None:
    assert side_of(Path("inbox") / name) == (side, key)


def _photo(path: Path, taken: str | None, offset: str | None = None, fmt: str = "JPEG") -> Path:
    exif = Image.Exif()
    if taken is not None:
        exif.get_ifd(0x8769)[0x9003] = taken  # DateTimeOriginal
    if offset is not None:
        exif.get_ifd(0x8769)[0x9011] = offset  # OffsetTimeOriginal
    Image.new("RGB", (32, 20), "white").save(path, fmt, exif=exif.tobytes())
    return path


def _set_mtime(path: Path, when: dt.datetime) -> None:
    os.utime(path, (when.timestamp(), when.timestamp()))


MTIME = dt.datetime(2021, 6, 1, 12, 0, 0, tzinfo=dt.UTC)


def test_captured_at_exif_with_offset(tmp_path: Path) -> None:
    path = _photo(tmp_path / "a.jpg", "2024:05:06 07:08:09", "+02:00")
    _set_mtime(path, MTIME)
    assert captured_at(path) == dt.datetime(2024, 5, 6, 5, 8, 9, tzinfo=dt.UTC)


def test_captured_at_heic(tmp_path: Path) -> None:
    path = _photo(tmp_path / "a.heic", "2024:05:06 07:08:09", "-05:30", fmt="HEIF")
    assert captured_at(path) == dt.datetime(2024, 5, 6, 12, 38, 9, tzinfo=dt.UTC)


@pytest.fixture
def tokyo_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    if not hasattr(time, "tzset"):
        pytest.skip("needs time.tzset")
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("tokyo_time")
def test_captured_at_exif_without_offset_is_local_time(tmp_path: Path) -> None:
    path = _photo(tmp_path / "a.jpg", "2024:05:06 07:08:09")
    assert captured_at(path) == dt.datetime(2024, 5, 5, 22, 8, 9, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("no-exif.png", None),
        ("unset.jpg", "0000:00:00 00:00:00"),
        ("garbage-date.jpg", "yesterday"),
        ("corrupt.jpg", b"\xff\xd8\xff\xe1 this is not really a jpeg"),
        ("text.jpg", b"hello"),
        ("empty.jpg", b""),
    ],
)
def test_captured_at_falls_back_to_mtime(tmp_path: Path, name: str, data: object) -> None:
    path = tmp_path / name
    if data is None:
        Image.new("RGB", (8, 8)).save(path, "PNG")
    elif isinstance(data, str):
        _photo(path, data)
    else:
        assert isinstance(data, bytes)
        path.write_bytes(data)
    _set_mtime(path, MTIME)
    got = captured_at(path)
    assert got == MTIME and got.tzinfo is not None


def test_captured_at_missing_file_is_now(tmp_path: Path) -> None:
    got = captured_at(tmp_path / "gone.jpg")
    assert abs((dt.datetime.now(dt.UTC) - got).total_seconds()) < 60


# --- stability with a fake clock ------------------------------------------------------------


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def test_tracker_waits_for_a_stable_signature(tmp_path: Path) -> None:
    clock = FakeClock()
    tracker = StabilityTracker(2.0, clock)
    path = _touch(tmp_path / "a.jpg", b"first chunk")
    assert not tracker.observe(path)
    clock.sleep(1.9)
    assert not tracker.observe(path)
    with path.open("ab") as fh:  # another chunk restarts the wait
        fh.write(b"second chunk")
    assert not tracker.observe(path)
    clock.sleep(1.9)
    assert not tracker.observe(path)
    clock.sleep(0.1)
    assert tracker.observe(path)
    assert tracker.observe(path)  # stays stable until it changes


def test_tracker_mtime_and_inode_changes_restart(tmp_path: Path) -> None:
    clock = FakeClock()
    tracker = StabilityTracker(2.0, clock)
    path = _touch(tmp_path / "a.jpg", b"abc")
    tracker.observe(path)
    clock.sleep(5)
    os.utime(path, ns=(0, 123_456_789))  # same size, new mtime
    assert not tracker.observe(path)
    clock.sleep(5)
    assert tracker.observe(path)
    replacement = _touch(tmp_path / "b.tmp", b"xyz")  # same size, same mtime, new inode
    os.utime(replacement, ns=(0, 123_456_789))
    os.replace(replacement, path)
    assert not tracker.observe(path)


def test_tracker_forgets_vanished_files(tmp_path: Path) -> None:
    clock = FakeClock()
    tracker = StabilityTracker(2.0, clock)
    path = _touch(tmp_path / "a.jpg")
    tracker.observe(path)
    path.unlink()
    clock.sleep(5)
    assert not tracker.observe(path)
    assert path not in tracker
    _touch(path)  # it comes back: the wait starts over
    assert not tracker.observe(path)
    clock.sleep(2)
    assert tracker.observe(path)
    tracker.forget(path)
    assert len(tracker) == 0


def test_tracker_empty_file_waits_longer(tmp_path: Path) -> None:
    clock = FakeClock()
    tracker = StabilityTracker(2.0, clock)
    path = _touch(tmp_path / "a.jpg", b"")
    assert not tracker.observe(path)
    clock.sleep(2 * EMPTY_FACTOR - 0.1)
    assert not tracker.observe(path)
    clock.sleep(0.1)
    assert tracker.observe(path)  # finally taken, so it can be quarantined as empty


def test_tracker_ignores_folders(tmp_path: Path) -> None:
    tracker = StabilityTracker(0.0)
    assert not tracker.observe(tmp_path)


def test_wait_until_stable_fake_clock(tmp_path: Path) -> None:
    clock = FakeClock()
    steady = _touch(tmp_path / "steady.jpg", b"done")
    growing = _touch(tmp_path / "growing.jpg", b"a")
    vanishing = _touch(tmp_path / "vanishing.jpg", b"v")
    empty = _touch(tmp_path / "empty.jpg", b"")

    def sleep(seconds: float) -> None:
        clock.sleep(seconds)
        with growing.open("ab") as fh:
            fh.write(b"a")
        vanishing.unlink(missing_ok=True)

    ready, changing = wait_until_stable(
        [growing, steady, vanishing, empty], 2.0, timeout=10.0, clock=clock, sleep=sleep
    )
    assert ready == [steady]
    assert changing == [growing, empty]  # empty needs 20 s, more than the timeout
    assert clock.now - 1000.0 == pytest.approx(10.0)

    clock2 = FakeClock()
    ready, changing = wait_until_stable(
        [steady, empty], 2.0, timeout=60.0, clock=clock2, sleep=clock2.sleep
    )
    assert (ready, changing) == ([steady, empty], [])
    assert clock2.now - 1000.0 == pytest.approx(20.0)


def test_wait_until_stable_returns_early(tmp_path: Path) -> None:
    clock = FakeClock()
    steady = _touch(tmp_path / "steady.jpg", b"done")
    ready, changing = wait_until_stable([steady], 2.0, 30.0, clock=clock, sleep=clock.sleep)
    assert (ready, changing) == ([steady], [])
    assert clock.now - 1000.0 == pytest.approx(2.0)
    assert wait_until_stable([], 2.0, 30.0, clock=clock, sleep=clock.sleep) == ([], [])


# --- filesystem detection -------------------------------------------------------------------


def test_filesystem_type_longest_prefix(tmp_path: Path) -> None:
    mounts = tmp_path / "mounts"
    share = tmp_path / "my share"
    (share / "inbox").mkdir(parents=True)
    escaped = str(share).replace(" ", "\\040")
    mounts.write_text(
        "/dev/vda / ext4 rw 0 0\n"
        f"server:/export {escaped} nfs4 rw 0 0\n"
        f"/dev/sdb1 {tmp_path}/my ext4 rw 0 0\n",
        encoding="utf-8",
    )
    assert filesystem_type(share / "inbox", mounts) == "nfs4"
    assert filesystem_type(tmp_path, mounts) == "ext4"
    reason = polling_reason(share / "inbox", mounts)
    assert reason is not None and "nfs4" in reason
    assert polling_reason(tmp_path, mounts) is None
    assert filesystem_type(tmp_path, tmp_path / "no-such-mounts") is None


@pytest.mark.parametrize(
    ("fs_type", "poll"),
    [
        ("nfs", True),
        ("cifs", True),
        ("smb3", True),
        ("fuse.sshfs", True),
        ("fuse.rclone", True),
        ("fuse.gvfsd-fuse", True),
        ("fuse", True),
        ("9p", True),
        ("ceph", True),
        ("ext4", False),
        ("btrfs", False),
        ("tmpfs", False),
        ("fuseblk", False),
        ("overlay", False),
    ],
)
def test_needs_polling(fs_type: str, poll: bool) -> None:
    assert needs_polling(fs_type) is poll


def test_event_toml_send_at(tmp_path: Path) -> None:
    from plugin.inbox.events import read_event

    folder = tmp_path / "Meetup"
    folder.mkdir()
    (folder / "event.toml").write_text('send_at = "8:30"\n')
    event, warnings = read_event(folder)
    assert event.send_at == "8:30" and warnings == []
    (folder / "event.toml").write_text('send_at = "tomorrow"\n')
    event, warnings = read_event(folder)
    assert event.send_at is None and "send_at" in warnings[0]


def test_event_toml_cadence(tmp_path: Path) -> None:
    folder = tmp_path / "Hannover Messe"
    folder.mkdir()
    (folder / "event.toml").write_text('cadence = "Twice a year"\n')
    event, warnings = read_event(folder)
    assert event.cadence == "twice-a-year" and warnings == []
    (folder / "event.toml").write_text('cadence = "weekly"\n')
    event, warnings = read_event(folder)
    assert event.cadence is None and "unknown cadence 'weekly'" in warnings[0]
