"""Symbolic links in the inbox: read only when they lead to a photo inside it; every other link
is set aside with the reason, and nothing of what it points to is read."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import inbox, run_cli, sample
from plugin.inbox import LinkRefused, open_in_inbox
from plugin.intake.take_in import take_in
from plugin.store import Store

PHOTO = b"\xff\xd8\xff\xe0 pretend JPEG bytes of a card"  # the intake never decodes pixels
SECRET = b"root:x:0:0:root:/root:/bin/bash\n"


@pytest.fixture
def box(tmp_path: Path) -> Path:
    path = tmp_path / "inbox"
    path.mkdir()
    return path


def _stored_bytes(store: Store) -> list[bytes]:
    photos = store.media_root / "photos"
    return [p.read_bytes() for p in photos.rglob("*") if p.is_file()] if photos.exists() else []


def _note(moved: Path) -> str:
    return moved.with_name(moved.name + ".error.txt").read_text()


def test_a_link_to_a_file_outside_is_set_aside_and_nothing_of_it_is_read(
    tmp_path: Path, box: Path, store: Store
) -> None:
    secret = tmp_path / "etc" / "passwd"
    secret.parent.mkdir()
    secret.write_bytes(SECRET)
    (box / "a.jpg").symlink_to(secret)

    got = take_in(box / "a.jpg", box, store, None)

    assert got.status == "failed" and got.card is None
    assert "outside the inbox" in got.message and "copy the photo" in got.message
    moved = box / "failed" / "a.jpg"
    assert moved.is_symlink() and os.readlink(moved) == str(secret)  # the link, not a copy
    assert "outside the inbox" in _note(moved)
    assert secret.read_bytes() == SECRET  # the target is where it was, untouched
    assert _stored_bytes(store) == []
    assert store.cards.by_sha(hashlib.sha256(SECRET).hexdigest()) is None


def test_a_link_to_a_photo_outside_is_not_taken(tmp_path: Path, box: Path, store: Store) -> None:
    photo = tmp_path / "Pictures" / "card.jpg"
    photo.parent.mkdir()
    photo.write_bytes(PHOTO)
    (box / "Expo").mkdir()
    (box / "Expo" / "card.jpg").symlink_to(photo)
    got = take_in(box / "Expo" / "card.jpg", box, store, None)
    assert got.status == "failed"
    assert (box / "failed" / "Expo" / "card.jpg").is_symlink()
    assert _stored_bytes(store) == [] and photo.read_bytes() == PHOTO


def test_a_link_to_another_photo_in_the_inbox_is_that_photo(box: Path, store: Store) -> None:
    (box / "Expo").mkdir()
    (box / "Expo" / "card.jpg").write_bytes(PHOTO)
    (box / "same card.jpg").symlink_to(Path("Expo") / "card.jpg")

    first = take_in(box / "same card.jpg", box, store, None)
    assert first.status == "new" and first.card is not None
    assert _stored_bytes(store) == [PHOTO]
    again = take_in(box / "Expo" / "card.jpg", box, store, None)
    assert again.status == "known" and again.card is not None
    assert again.card.id == first.card.id  # one card, whichever name came first


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda box, out: (box / "Expo").symlink_to(out, target_is_directory=True), "folder"),
        (lambda box, out: (box / "Expo").symlink_to(box, target_is_directory=True), "folder"),
        (lambda box, out: (box / "Expo").symlink_to(out / "gone.jpg"), "does not exist"),
        (lambda box, out: (box / "Expo").symlink_to(box / "failed" / "x.jpg"), "failed/"),
    ],
    ids=["folder-outside", "folder-inside", "broken", "into-failed"],
)
def test_other_links_are_set_aside_with_the_reason(
    tmp_path: Path, box: Path, store: Store, make, reason: str
) -> None:
    outside = tmp_path / "Pictures"
    outside.mkdir()
    (outside / "card.jpg").write_bytes(PHOTO)
    (box / "failed").mkdir()
    (box / "failed" / "x.jpg").write_bytes(PHOTO)
    make(box, outside)
    # A name with a photo's suffix, so the link is judged as a link, not as a file type.
    link = box / "Expo"
    named = link.rename(box / "Expo.jpg")

    got = take_in(named, box, store, None)

    assert got.status == "failed" and reason in got.message
    assert (box / "failed" / "Expo.jpg").is_symlink() and reason in _note(
        box / "failed" / "Expo.jpg"
    )
    assert _stored_bytes(store) == []
    assert (outside / "card.jpg").read_bytes() == PHOTO


def test_a_file_below_a_linked_folder_is_refused_and_left_where_it_is(
    tmp_path: Path, box: Path, store: Store
) -> None:
    outside = tmp_path / "Pictures"
    outside.mkdir()
    (outside / "card.jpg").write_bytes(PHOTO)
    (box / "Expo").symlink_to(outside, target_is_directory=True)
    got = take_in(box / "Expo" / "card.jpg", box, store, None)
    assert got.status == "failed" and "is a link" in got.message
    # Moving it would have moved the user's own photo out of ~/Pictures.
    assert (outside / "card.jpg").read_bytes() == PHOTO
    assert not (box / "failed").exists() and _stored_bytes(store) == []


def test_a_file_swapped_for_a_link_after_the_check_is_refused(
    tmp_path: Path, box: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = tmp_path / "secret"
    secret.write_bytes(SECRET)
    (box / "a.jpg").symlink_to(secret)
    # As if the check had seen a plain file, and the link was put there just after.
    monkeypatch.setattr("plugin.inbox.links.os.path.islink", lambda p: False)
    with pytest.raises(LinkRefused) as refused:
        open_in_inbox(box / "a.jpg", box)
    assert refused.value.set_aside and "turned into a link" in refused.value.reason


def test_a_plain_photo_is_opened(box: Path) -> None:
    (box / "Expo").mkdir()
    (box / "Expo" / "card.jpg").write_bytes(PHOTO)
    with os.fdopen(open_in_inbox(box / "Expo" / "card.jpg", box), "rb") as fh:
        assert fh.read() == PHOTO


def test_an_inbox_that_is_itself_a_link_works(tmp_path: Path, store: Store) -> None:
    real = tmp_path / "Dropbox" / "Cards"
    real.mkdir(parents=True)
    (real / "card.jpg").write_bytes(PHOTO)
    (real / "alias.jpg").symlink_to(real / "card.jpg")
    link = tmp_path / "inbox"
    link.symlink_to(real, target_is_directory=True)
    assert take_in(link / "card.jpg", link, store, None).status == "new"
    assert take_in(link / "alias.jpg", link, store, None).status == "known"


@pytest.mark.slow
def test_scan_sets_a_link_out_of_the_inbox_aside(tmp_path: Path) -> None:
    outside = tmp_path / "Pictures"
    outside.mkdir()
    shutil.copy(sample("s01"), outside / "card.png")
    (inbox() / "card.png").symlink_to(outside / "card.png")
    (inbox() / "Fair").symlink_to(outside, target_is_directory=True)
    result = run_cli("scan", "--wait", "30", env={"CARDFOLLOW_INBOX_STABLE_SECONDS": "0.2"})
    assert result.returncode == 1, result.stderr
    assert "outside the inbox" in result.stdout and "links to folders" in result.stdout
    listed = run_cli("cards", "--json")
    assert [json.loads(line) for line in listed.stdout.splitlines()] == []
    assert (inbox() / "failed" / "card.png").is_symlink()
    assert (inbox() / "failed" / "Fair").is_symlink()
    assert (outside / "card.png").read_bytes() == sample("s01").read_bytes()
