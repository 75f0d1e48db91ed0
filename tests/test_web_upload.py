"""The upload page through Starlette's TestClient, against a real SQLite store and inbox: photos
go through the inbox's own intake (checksum, quarantine with the reason) and the same reader as
``scan`` (real OCR, in a worker process)."""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pillow_heif
import psutil
import pytest
import requests
from PIL import Image
from starlette.testclient import TestClient

from conftest import CARDFOLLOW, inbox, text_card
from plugin.config import Config, load
from plugin.intake.reader_pool import ReaderPool
from plugin.intake.upload import (
    STAGING_DIR,
    Staged,
    UploadError,
    file_name,
    folder_name,
    landing_folder,
    place,
    sweep_staging,
)
from plugin.store import Store
from plugin.web import create_app
from plugin.web.security import CSRF_COOKIE
from plugin.web.uploads import Uploads

BASE = "http://127.0.0.1:8155"
pillow_heif.register_heif_opener()  # to write the HEIC an iPhone sends


def send(
    client: TestClient,
    body: bytes | Iterator[bytes],
    name: str,
    event: str = "",
    kind: str = "image/jpeg",
    token: str | None = None,
) -> Any:
    csrf = client.cookies.get(CSRF_COOKIE) if token is None else token
    return client.post(
        "/upload",
        params={"name": name, "event": event},
        content=body,
        headers={"x-csrf-token": csrf or "", "content-type": kind},
    )


def card_photo(tmp_path: Path, name: str, lines: list[str]) -> bytes:
    return text_card(tmp_path / name, lines).read_bytes()


def inbox_files() -> list[str]:
    """Every file in the inbox, relative to it, staging included."""
    root = inbox()
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_the_page_offers_the_camera_and_several_photos(client: TestClient) -> None:
    queue = client.get("/")
    assert 'href="/upload"' in queue.text  # linked from the review page's header
    page = client.get("/upload")
    assert page.status_code == 200
    html = page.text
    assert 'capture="environment"' in html and "multiple" in html
    assert 'accept="image/*,.heic,.heif"' in html
    assert 'data-max-bytes="52428800"' in html  # serve.upload_max_mb, 50 by default
    # Thumbnails of the chosen photos are blob: URLs; no other page allows them.
    assert "img-src 'self' blob:" in page.headers["content-security-policy"]
    assert "blob:" not in queue.headers["content-security-policy"]


def test_an_event_folder_already_in_the_inbox_is_offered(client: TestClient) -> None:
    (inbox() / "Expo 2026").mkdir()
    (inbox() / "failed").mkdir()
    (inbox() / ".uploads").mkdir()
    html = client.get("/upload").text
    assert '<option value="Expo 2026">' in html
    assert '<option value="failed">' not in html and '<option value=".uploads">' not in html


def test_a_file_that_is_no_photo_is_quarantined_with_the_reason(
    client: TestClient, store: Store
) -> None:
    response = send(client, b"call Anna on Monday\n", "notes.txt", "Expo 2026", "text/plain")
    assert response.status_code == 200
    answer = response.json()
    assert answer["result"] == "quarantined" and answer["card"] is None
    assert "not a card photo: .txt files are not read" in answer["message"]
    assert answer["placed"] == "Expo 2026/notes.txt"
    # Nothing lost: the file and a note saying why, in failed/ under its event.
    assert inbox_files() == ["failed/Expo 2026/notes.txt", "failed/Expo 2026/notes.txt.error.txt"]
    assert (inbox() / "failed/Expo 2026/notes.txt").read_bytes() == b"call Anna on Monday\n"
    assert store.cards.list() == []


def test_an_empty_upload_is_quarantined(client: TestClient) -> None:
    answer = send(client, b"", "IMG_0001.jpg").json()
    assert answer["result"] == "quarantined"
    assert "the file is empty" in answer["message"]
    assert "failed/IMG_0001.jpg" in inbox_files()


def test_a_name_without_suffix_takes_it_from_the_content_type(client: TestClient) -> None:
    answer = send(client, b"", "image", kind="image/png").json()
    assert answer["placed"] == "image.png"


def test_too_large_is_a_clear_413_and_nothing_is_kept(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CARDFOLLOW_UPLOAD_MAX_MB", "1")
    with TestClient(create_app(load()), base_url=BASE) as client:
        client.get("/upload")
        big = os.urandom(3 << 19)  # 1.5 MB
        response = send(client, big, "huge.jpg")
        assert response.status_code == 413
        assert response.json() == {
            "result": "refused",
            "card": None,
            "url": None,
            "message": "too large for a card photo (1.5 MB; at most 1 MB)",
            "placed": None,
        }
        # Sent without a length (chunked): refused as the bytes pass the cap.
        chunks = iter([big[i : i + 65536] for i in range(0, len(big), 65536)])
        streamed = send(client, chunks, "huge.jpg")
        assert streamed.status_code == 413
        assert streamed.json()["message"] == "too large for a card photo (over 1 MB; at most 1 MB)"
    assert inbox_files() == []  # no half photo left in staging, nothing in failed/


def test_an_upload_needs_the_csrf_token(client: TestClient) -> None:
    assert send(client, b"x", "a.jpg", token="").status_code == 403
    assert send(client, b"x", "a.jpg", token="wrong-" * 8).status_code == 403
    form = client.post("/upload", files={"photo": ("a.jpg", b"x", "image/jpeg")})
    assert form.status_code == 403  # a plain form post from elsewhere cannot upload either
    assert inbox_files() == []


def test_an_event_that_cannot_be_a_folder_is_refused(client: TestClient) -> None:
    response = send(client, b"x", "a.jpg", event="failed")
    assert response.status_code == 400
    assert "kept for cardfollow's own use" in response.json()["message"]
    assert inbox_files() == []


def test_a_hostile_name_stays_in_its_folder(client: TestClient) -> None:
    answer = send(client, b"", "../../../etc/passwd", event="../Expo", kind="text/plain").json()
    assert answer["placed"] == "-Expo/passwd.txt"
    assert all(p.startswith("failed/-Expo/") for p in inbox_files())


def test_names_made_safe_for_the_inbox() -> None:
    assert file_name("IMG_0412.HEIC") == "IMG_0412.HEIC"
    assert file_name("C:\\Users\\me\\card.jpg") == "card.jpg"
    assert file_name(".hidden.jpg") == "hidden.jpg"  # a hidden name is never scanned
    assert file_name("x.jpg.part") == "upload-x.jpg.part"  # nor a partial download's
    assert file_name("event.toml") == "upload-event.toml"  # never an event's settings
    assert file_name("a\nb\x00.jpg") == "ab.jpg"
    assert file_name("", ".jpg") == "photo.jpg"
    long = file_name("é" * 300 + ".jpg")
    assert long.endswith(".jpg") and len(os.fsencode(long)) <= 255
    assert folder_name(" Expo 2026 ", "event") == "Expo 2026"
    assert folder_name("Q3/Berlin", "event") == "Q3-Berlin"
    assert folder_name(".git", "event") == "git"  # never a hidden folder
    for bad in ("", "..", "Failed", "~tmp", "photos.tmp"):
        with pytest.raises(UploadError):
            folder_name(bad, "event")
    root = Path("/inbox")
    assert landing_folder(root, "") == root
    assert landing_folder(root, "Expo") == root / "Expo"
    assert landing_folder(root, "Expo", owner="anna") == root / "anna" / "Expo"


def test_placing_never_replaces_a_file(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "card.jpg").write_bytes(b"first")
    staging = tmp_path / STAGING_DIR
    staging.mkdir()
    staged_path = staging / "upload-1.part"
    staged_path.write_bytes(b"second")
    staged = Staged(staged_path, hashlib.sha256(b"second").hexdigest(), 6)
    assert place(staged, folder, "card.jpg") == folder / "card (2).jpg"
    assert (folder / "card.jpg").read_bytes() == b"first"
    assert (folder / "card (2).jpg").read_bytes() == b"second"
    assert not staged_path.exists()


def _corrupt_jpeg() -> bytes:
    """The start of a real JPEG, cut off: a photo whose copy broke."""
    buf = io.BytesIO()
    Image.new("RGB", (800, 500), "white").save(buf, format="JPEG")
    return buf.getvalue()[:300]


@pytest.mark.slow  # real OCR: a few seconds a card
def test_several_photos_are_read_and_the_same_photo_again_is_already_seen(
    client: TestClient, store: Store, tmp_path: Path
) -> None:
    anna = card_photo(tmp_path, "anna.jpg", ["Anna Weber", "Weber & Partner GmbH",
                                              "a.weber@weber-partner.de"])  # fmt: skip
    jonas = card_photo(tmp_path, "jonas.jpg", ["Jonas Berg", "Fjordline Analytics",
                                                "jonas.berg@fjordline.no"])  # fmt: skip
    batch = [("IMG_0001.jpg", anna), ("IMG_0002.jpg", jonas), ("IMG_0003.jpg", _corrupt_jpeg())]
    with ThreadPoolExecutor(3) as phone:  # all at once, as the page sends them
        answers = list(phone.map(lambda p: send(client, p[1], p[0], "Expo 2026").json(), batch))
    assert [a["result"] for a in answers] == ["read", "read", "quarantined"]
    first, second = (store.cards.get(a["card"]) for a in answers[:2])
    assert answers[0]["url"] == f"/cards/{first.id}"
    assert first.fields and first.fields["emails"] == ["a.weber@weber-partner.de"]
    assert second.fields and second.fields["emails"] == ["jonas.berg@fjordline.no"]
    assert first.sha256 == hashlib.sha256(anna).hexdigest()
    assert store.events.get(first.event_id) is not None
    assert store.events.get(first.event_id).name == "Expo 2026"  # type: ignore[union-attr]
    assert first.state == second.state == "drafted"
    # The corrupt one: a failed card, its photo set aside with the reason.
    assert answers[2]["card"] is not None and store.cards.get(answers[2]["card"]).state == "failed"
    # Where it went, from the inbox down (the page is no place for the server's own paths).
    assert answers[2]["message"].startswith("Expo 2026/IMG_0003.jpg: ")
    assert answers[2]["message"].endswith("(moved to failed/Expo 2026/IMG_0003.jpg)")
    assert inbox_files() == [
        "Expo 2026/IMG_0001.jpg",
        "Expo 2026/IMG_0002.jpg",
        "failed/Expo 2026/IMG_0003.jpg",
        "failed/Expo 2026/IMG_0003.jpg.error.txt",
    ]
    # The same photo again, under another name: already seen by its checksum, not placed twice.
    again = send(client, anna, "IMG_0001 copy.jpg", "Expo 2026").json()
    assert again["result"] == "known" and again["card"] == first.id and again["placed"] is None
    assert "Expo 2026/IMG_0001 copy.jpg" not in inbox_files()
    assert len(store.cards.list()) == 3
    # An iPhone's HEIC, named by the phone without a suffix: read as any other photo.
    heic = io.BytesIO()
    lines = ["Priya Nguyen", "Redwood Peak Software", "priya@redwoodpeak.com"]
    Image.open(io.BytesIO(card_photo(tmp_path, "priya.jpg", lines))).save(heic, format="HEIF")
    answer = send(client, heic.getvalue(), "image", "Expo 2026", "image/heic").json()
    assert answer["result"] == "read" and answer["placed"] == "Expo 2026/image.heic"
    priya = store.cards.get(answer["card"])
    assert priya.fields and priya.fields["emails"] == ["priya@redwoodpeak.com"]


def test_an_upload_with_the_access_token(config: Config) -> None:
    with TestClient(create_app(config, token="secret-token-1234"), base_url=BASE) as client:
        assert client.get("/upload").status_code == 401
        assert send(client, b"x", "a.txt", kind="text/plain", token="").status_code == 401
        client.get("/upload?token=secret-token-1234")  # the printed address, once
        answer = send(client, b"x", "a.txt", kind="text/plain").json()
        assert answer["result"] == "quarantined"


def test_half_received_uploads_of_an_earlier_run_are_swept(tmp_path: Path) -> None:
    staging = tmp_path / STAGING_DIR
    staging.mkdir()
    old, fresh = staging / "upload-old.part", staging / "upload-new.part"
    old.write_bytes(b"cut off")
    fresh.write_bytes(b"arriving")
    day_ago = time.time() - 90_000
    os.utime(old, (day_ago, day_ago))
    assert sweep_staging(tmp_path) == 1
    assert not old.exists() and fresh.exists()


@pytest.mark.slow  # starts a reader process
def test_a_photo_that_cannot_be_read_now_is_kept_for_the_next_scan(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, store: Store
) -> None:
    monkeypatch.setenv("CARDFOLLOW_OCR_ENGINE", "tesseract")
    monkeypatch.setenv("CARDFOLLOW_TESSERACT_CMD", str(tmp_path / "no-tesseract-here"))
    with TestClient(create_app(load()), base_url=BASE) as client:
        client.get("/upload")
        photo = card_photo(tmp_path, "anna.jpg", ["Anna Weber", "a.weber@weber-partner.de"])
        response = send(client, photo, "IMG_0001.jpg", "Expo 2026")
    assert response.status_code == 503
    message = response.json()["message"]
    assert "tesseract" in message.lower()
    assert message.endswith("the photo is kept in the inbox for the next scan")
    assert inbox_files() == ["Expo 2026/IMG_0001.jpg"]
    assert [c.state for c in store.cards.list()] == ["new"]  # taken in; the next scan reads it


@pytest.mark.slow  # loads the OCR models in a reader process
def test_the_reader_warms_up_and_is_given_back_when_uploads_stop(
    config: Config, tmp_path: Path
) -> None:
    uploads = Uploads(tmp_path, True, 50, ReaderPool(1), idle_seconds=0.5)
    uploads.warm(config.ocr())
    assert wait_for(lambda: uploads.readers.started, 30)
    assert wait_for(lambda: not uploads.readers.started, 120)  # idle: ~400 MB given back
    uploads.close()
    uploads.warm(config.ocr())  # a page opened as the server stops starts nothing
    time.sleep(0.3)
    assert not uploads.readers.started


def wait_for(check: Any, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


@pytest.mark.slow  # a real server process and a real OCR run
def test_a_phone_uploads_to_cardfollow_serve_on_the_network(tmp_path: Path) -> None:
    """As at the event: ``serve --host 0.0.0.0``, the printed address (with its token) opened
    once, a photo sent; when the server stops, its reader processes stop with it."""
    proc = subprocess.Popen(
        [*CARDFOLLOW, "serve", "--host", "0.0.0.0", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        url = ""
        while not url:
            line = proc.stdout.readline()
            assert line, proc.communicate()
            url = line.split("Review page: ", 1)[1].strip() if "Review page: " in line else ""
        phone = requests.Session()
        assert phone.get(url, timeout=30).status_code == 200  # the token becomes a cookie
        base = url.split("?", 1)[0].rstrip("/")
        photo = card_photo(tmp_path, "a.jpg", ["Anna Weber", "a.weber@weber-partner.de"])
        response = phone.post(
            f"{base}/upload",
            params={"name": "IMG_0001.jpg", "event": "Expo 2026"},
            data=photo,
            headers={"x-csrf-token": phone.cookies["cf_csrf"], "content-type": "image/jpeg"},
            timeout=120,
        )
        assert response.status_code == 200, response.text
        assert response.json()["result"] == "read"
        readers = psutil.Process(proc.pid).children(recursive=True)
        assert readers  # the forkserver and its worker
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    assert "Traceback" not in err
    _, alive = psutil.wait_procs(readers, timeout=15)
    assert alive == []
