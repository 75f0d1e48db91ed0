"""The upload page: card photos sent from a phone's browser at the event, one request a photo
(so one that fails does not stop the rest), each taken in and read as ``scan`` would.

``POST /upload?name=IMG_0412.jpg&event=Expo%202026`` with the photo's bytes as the body (the
``X-CSRF-Token`` header as every script request) answers JSON: ``{"result": "read" | "merged" |
"known" | "quarantined" | "waiting" | "refused", "card": N | null, "url": "/cards/N" | null,
"message": "…", "placed": "Expo 2026/IMG_0412.jpg" | null}``; 413 when the photo is over
``serve.upload_max_mb``, 400 for an event name that cannot be a folder.
"""

from __future__ import annotations

import logging
import mimetypes
from contextlib import nullcontext
from pathlib import Path

import anyio
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response

from ocr.errors import CardfollowError
from ocr.load import SUPPORTED_SUFFIXES

from ..intake.consumer import Consumer
from ..intake.upload import (
    STAGING_DIR,
    Staged,
    StagingFile,
    TooLarge,
    UploadError,
    UploadOutcome,
    event_folders,
    file_name,
    landing_folder,
    place,
    take_upload,
)
from ..jobs.app import ensure_schema, make_app
from ..jobs.queueing import QueueingConsumer
from .context import Web, web
from .security import CSP
from .signin import current_user

log = logging.getLogger(__name__)

# The page shows each chosen photo before it is sent: a blob: URL of the file on the phone.
UPLOAD_CSP = CSP.replace("img-src 'self'", "img-src 'self' blob:")
# The file input's ``capture`` opens the phone's camera app; no script on the page uses it.
UPLOAD_PERMISSIONS = "camera=(self), microphone=(), geolocation=()"
# Types a phone names in its upload, for a photo whose name has no suffix ("image").
_SUFFIXES = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/heic": ".heic",
    "image/heif": ".heif",
    "image/webp": ".webp",
    "image/tiff": ".tif",
    "image/bmp": ".bmp",
}
ACCEPT = "image/*,.heic,.heif"


def upload_owner(request: Request) -> str | None:
    """The inbox folder of the user an upload belongs to: the signed-in rep's own
    (``<inbox>/<rep>/``, which makes the card theirs); with no users (no sign-in), none: the
    photo lands at the top of the inbox as a dropped one would."""
    user = current_user(request)
    return user.name if user is not None else None


async def upload_page(request: Request) -> Response:
    w = web(request)
    owner = upload_owner(request)
    context = {
        "events": event_folders(landing_folder(w.uploads.inbox, "", owner)),
        "accept": ACCEPT,
        "max_bytes": w.uploads.max_bytes,
        "max_mb": w.uploads.max_mb,
    }
    response = w.pages.page(request, "upload.html", context)
    response.headers["content-security-policy"] = UPLOAD_CSP
    response.headers["permissions-policy"] = UPLOAD_PERMISSIONS
    return response


async def upload(request: Request) -> Response:
    w = web(request)
    limit = w.uploads.max_bytes
    inbox = w.uploads.inbox
    if not inbox.is_dir():
        if not w.uploads.inbox_is_default:  # a folder the user named: a typo must show
            return _refused(503, f"the inbox {inbox} (inbox.path) does not exist")
        inbox.mkdir(parents=True, exist_ok=True)
    try:
        folder = landing_folder(inbox, request.query_params.get("event", ""), upload_owner(request))
    except UploadError as exc:
        return _refused(400, str(exc))
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return _refused(413, str(TooLarge(int(declared), limit)))
    name = file_name(request.query_params.get("name", ""), _suffix(request))
    try:
        with StagingFile(inbox, limit) as staging:
            async for chunk in request.stream():
                staging.write(chunk)
            staged = staging.finish()
    except TooLarge as exc:
        return _refused(413, str(exc))
    except ClientDisconnect:
        return _refused(400, "the upload was cut off; nothing was kept")
    except UploadError as exc:
        return _refused(503, str(exc))
    try:
        outcome = await anyio.to_thread.run_sync(_take, w, staged, folder, name)
    except Exception as exc:
        # The photo arrived whole: whatever failed after (a missing Tesseract, a locked store),
        # it stays in the inbox, and the next ``scan`` takes it.
        kept = _keep(staged, folder, name)
        if isinstance(exc, CardfollowError):
            return _refused(503, f"{exc}{kept}")
        raise
    return JSONResponse(_answer(outcome))


def _keep(staged: Staged, folder: Path, name: str) -> str:
    if staged.path.exists():  # not placed yet
        try:
            place(staged, folder, name)
        except UploadError as exc:
            log.warning("an upload is left in %s: %s", staged.path, exc)
            return f"; the photo is left in {STAGING_DIR}/ in the inbox"
    return "; the photo is kept in the inbox for the next scan"


async def warm(request: Request) -> Response:
    """The page is open: photos are coming; have the reader ready."""
    w = web(request)
    w.uploads.warm(w.cards.ocr)
    return Response(status_code=204)


def _take(w: Web, staged: Staged, folder: Path, name: str) -> UploadOutcome:
    if w.store.url is not None:
        return _queue(w, w.store.url, staged, folder, name)
    # A file the intake refuses unread (no photo by its name, empty) need not wait in line for
    # the reader (a warm-up takes ~10 s); should it be read after all, its own pool reads it.
    unread = Path(name).suffix.lower() not in SUPPORTED_SUFFIXES or staged.size == 0
    with nullcontext(None) if unread else w.uploads.in_use() as readers:
        consumer = Consumer(
            w.store, w.cards, w.uploads.inbox, readers=readers, on_warning=log.warning
        )
        with consumer:
            return take_upload(consumer, staged, folder, name)


def _queue(w: Web, url: str, staged: Staged, folder: Path, name: str) -> UploadOutcome:
    """A team store: the upload is taken in and its reading queued in one transaction, as
    ``scan`` does there; ``cardfollow worker`` reads it, so a server stopped mid-read loses
    nothing."""
    app = make_app(url)
    ensure_schema(app, url)
    consumer = QueueingConsumer(w.store, w.cards, w.uploads.inbox, app=app, on_warning=log.warning)
    with consumer:
        return take_upload(consumer, staged, folder, name)


def _answer(outcome: UploadOutcome) -> dict[str, object]:
    return {
        "result": str(outcome.result),
        "card": outcome.card_id,
        "url": f"/cards/{outcome.card_id}" if outcome.card_id is not None else None,
        "message": outcome.message,
        "placed": outcome.placed,
    }


def _refused(status: int, message: str) -> JSONResponse:
    body = {"result": "refused", "card": None, "url": None, "message": message, "placed": None}
    return JSONResponse(body, status)


def _suffix(request: Request) -> str:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if not kind:
        return ""
    return _SUFFIXES.get(kind) or mimetypes.guess_extension(kind) or ""
