"""The endpoints ``cardfollow serve`` answers for the HubSpot sidebar card, under ``/hubspot/``.

GET  /hubspot/contacts/{objectId}/followup
POST /hubspot/contacts/{objectId}/followup/approve   {"subject", "body", "send": "now"|"later"}
POST /hubspot/contacts/{objectId}/followup/skip
GET  /hubspot/cards/{card_id}/image?expires=…&sig=…   the photo link the card shows

The first three answer only requests HubSpot signed (v3, checked by ``SignedOnly``); the photo
link carries its own short-lived signature, since an <img> cannot be signed. Every answer is
JSON: the card reads ``error`` from a refusal.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import anyio
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route

from ...config import Config, ServeSettings
from ...crm.adapter import CrmAdapter
from ...crm.hubspot.entry import options as hubspot_options
from ...crm.registry import adapter_for
from ...outbox.push import push
from ...outbox.send import send
from ...store import Store, StoreError
from .. import images
from ..ids import is_id  # importing ids registers the {name:id} route convertor
from ..stores import StoreProvider
from . import followup
from .address import public_base
from .signed import SignedOnly

log = logging.getLogger(__name__)
PHOTO_LINK_SECONDS = 3600
SIDEBAR_PREFIX = "/hubspot/"


@dataclass(frozen=True)
class Sidebar:
    followup: followup.FollowupSettings
    serve: ServeSettings
    crm: str  # the ``crm`` setting
    adapter: Callable[[Store], CrmAdapter]  # the configured CRM's, on this store
    stores: StoreProvider
    secret: str | None
    portal_id: str | None

    @classmethod
    def from_config(cls, config: Config, stores: StoreProvider) -> Sidebar:
        """The slices of the settings the sidebar uses, taken once when the app is made."""
        hubspot = hubspot_options(config)
        portal = hubspot.portal_id
        crm = config.crm().name
        return cls(
            followup.FollowupSettings(
                config.sending(), crm == "hubspot" and hubspot.send_mode == "hubspot"
            ),
            config.serve(),
            crm,
            lambda store: adapter_for(config, store),
            stores,
            hubspot.secret("client_secret"),
            str(portal).strip() if portal else None,
        )


def routes(config: Config, stores: StoreProvider) -> list[BaseRoute]:
    sidebar = Sidebar.from_config(config, stores)
    contact = "/{object_id:id}/followup"
    signed = [
        Route(contact, _endpoint(sidebar, _show), methods=["GET"]),
        Route(f"{contact}/approve", _endpoint(sidebar, _approve), methods=["POST"]),
        Route(f"{contact}/skip", _endpoint(sidebar, _skip), methods=["POST"]),
    ]
    return [
        Mount(
            "/hubspot",
            routes=[
                Mount("/contacts", routes=signed, middleware=[SignedOnly.using(sidebar)]),
                Route("/cards/{card_id:id}/image", _endpoint(sidebar, _photo)),
            ],
        )
    ]


def _endpoint(sidebar: Sidebar, handler: Any) -> Any:
    async def endpoint(request: Request) -> Response:
        try:
            return await handler(sidebar, request)
        except followup.FollowupConflict as exc:
            return _error(409, str(exc))
        except Exception:  # the card shows our words, never a traceback; the log keeps it
            log.exception("sidebar request failed: %s %s", request.method, request.url.path)
            return _error(500, "cardfollow could not answer; see its log")

    return endpoint


async def _show(sidebar: Sidebar, request: Request) -> Response:
    object_id = str(request.path_params["object_id"])
    card = await anyio.to_thread.run_sync(_find, sidebar, object_id)
    if card is None:
        return _no_card()
    return _answer(sidebar, request, object_id, card.id)


async def _approve(sidebar: Sidebar, request: Request) -> Response:
    object_id = str(request.path_params["object_id"])
    try:
        data = json.loads(await request.body())
    except (ValueError, UnicodeDecodeError):
        return _error(400, "the body must be JSON")
    problem = _approval_problem(data)
    if problem:
        return _error(400, problem)
    card = await anyio.to_thread.run_sync(_find, sidebar, object_id)
    if card is None:
        return _no_card()

    def decide() -> int | None:
        store = sidebar.stores.get()
        now = dt.datetime.now(dt.UTC)
        return followup.approve(
            store, sidebar.followup, card, data["subject"], data["body"], data["send"], now
        )

    item_id = await anyio.to_thread.run_sync(decide)
    if item_id is not None:
        # Sent before answering: the card then says "sent" or why not, not "probably".
        await anyio.to_thread.run_sync(_send_now, sidebar, item_id)
    return _answer(sidebar, request, object_id, card.id, BackgroundTask(_to_crm, sidebar))


async def _skip(sidebar: Sidebar, request: Request) -> Response:
    object_id = str(request.path_params["object_id"])
    card = await anyio.to_thread.run_sync(_find, sidebar, object_id)
    if card is None:
        return _no_card()
    await anyio.to_thread.run_sync(
        lambda: followup.skip(sidebar.stores.get(), sidebar.followup, card)
    )
    return _answer(sidebar, request, object_id, card.id, BackgroundTask(_to_crm, sidebar))


async def _photo(sidebar: Sidebar, request: Request) -> Response:
    card_id = int(request.path_params["card_id"])
    expires = request.query_params.get("expires", "")
    given = request.query_params.get("sig", "")
    if sidebar.secret is None or not is_id(expires) or int(expires) < time.time():
        return _error(403, "this photo link has expired; reload the card")
    if not hmac.compare_digest(_photo_sig(sidebar.secret, card_id, expires), given):
        return _error(403, "this photo link is not valid")
    store = sidebar.stores.get()
    try:
        card = store.cards.get(card_id)
    except StoreError:
        return _error(404, "no such card")
    root = store.media_root
    path = images.media_file(root, "cards", card.card_image) or images.media_file(
        root, "photos", card.stored_photo
    )
    if path is None:
        return _error(404, "this card has no image")
    try:
        data = await anyio.to_thread.run_sync(images.thumbnail, path)
    except images.TooLarge:
        return _error(404, "this card's image is too large to show")
    except (OSError, ValueError):
        return _error(404, "this card's image cannot be read")
    return Response(
        data, media_type="image/jpeg", headers={"cache-control": "private, max-age=3600"}
    )


def _find(sidebar: Sidebar, object_id: str) -> Any:
    store = sidebar.stores.get()

    def crm_emails(remote_id: str) -> list[str]:
        # Only asked for a contact no push of ours recorded (one that was in HubSpot before).
        if sidebar.crm != "hubspot":
            return []
        return sidebar.adapter(store).contact_emails(remote_id)

    return followup.find_card(store, object_id, crm_emails)


def _answer(
    sidebar: Sidebar,
    request: Request,
    object_id: str,
    card_id: int,
    background: BackgroundTask | None = None,
) -> Response:
    store = sidebar.stores.get()
    card = store.cards.get(card_id)
    state = followup.describe(store, sidebar.followup, card)
    photo = None
    if sidebar.secret and (card.card_image or card.stored_photo):
        expires = str(int(time.time()) + PHOTO_LINK_SECONDS)
        query = urlencode({"expires": expires, "sig": _photo_sig(sidebar.secret, card_id, expires)})
        base = public_base(
            request.scope,
            sidebar.serve.public_url,
            bool(sidebar.serve.trust_forwarded),
        )
        photo = f"{base}/hubspot/cards/{card_id}/image?{query}"
    return JSONResponse(
        followup.as_json(state, object_id, photo),
        headers={"cache-control": "no-store"},
        background=background,
    )


def _send_now(sidebar: Sidebar, item_id: int) -> None:
    store = sidebar.stores.get()
    log_to_crm = sidebar.crm != "local"
    # ``everything``: due or not by this clock; a concurrent retry may have moved it a moment on.
    report = send(
        store, sidebar.followup.sending, item_id=item_id, everything=True, log_to_crm=log_to_crm
    )
    if report.stopped:
        log.warning("sidebar send of outbox item %s stopped: %s", item_id, report.stopped)


def _to_crm(sidebar: Sidebar) -> None:
    """After the answer: push what the action queued (the contact, the sent mail's log)."""
    store = sidebar.stores.get()
    try:
        report = push(store, sidebar.followup.sending.sender, sidebar.adapter(store))
    except Exception:  # left queued: `cardfollow push` finishes it
        log.exception("sidebar push failed")
        return
    if report.stopped:
        log.warning("sidebar push stopped: %s", report.stopped)


def _approval_problem(data: Any) -> str | None:
    if not isinstance(data, dict):
        return 'the body must be a JSON object {"subject", "body", "send"}'
    subject, body, when = data.get("subject"), data.get("body"), data.get("send")
    if not isinstance(subject, str) or not subject.strip():
        return "subject must be a non-empty string"
    if "\n" in subject or "\r" in subject:
        return "subject must be one line"
    if not isinstance(body, str) or not body.strip():
        return "body must be a non-empty string"
    if when not in ("now", "later"):
        return 'send must be "now" or "later"'
    return None


def _photo_sig(secret: str, card_id: int, expires: str) -> str:
    # A key of its own, derived: a photo link never doubles as a request signature.
    key = hashlib.sha256(b"cardfollow photo link\0" + secret.encode()).digest()
    return hmac.new(key, f"{card_id}:{expires}".encode(), hashlib.sha256).hexdigest()


def _no_card() -> Response:
    return JSONResponse(
        {
            "error": "cardfollow has no business card for this contact",
            "state": followup.FollowupState.NONE.value,
        },
        404,
    )


def _error(status: int, message: str) -> Response:
    return JSONResponse({"error": message}, status, headers={"cache-control": "no-store"})
