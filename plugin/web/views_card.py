"""One card: its page, the actions on it (save, approve, skip, note, re-extract, merge, draft
again), the live draft preview, its status, and its images."""

from __future__ import annotations

from typing import Any

import anyio
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response

from ocr.errors import CardfollowError

from .. import review
from ..drafts import normalise_language
from ..drafts.card_draft import make_draft
from ..intake.read_card import read_card
from ..intake.reextract import apply_reextraction, check_reextractable
from ..models import CONTACT_KEYS
from ..store import CardRecord, CardState, StoreError
from ..users.settings import card_mail, card_sender
from . import flash, images
from .card_page import STATE_LABELS, card_context, field_boxes
from .context import Web, queue_filter, web
from .editing import (
    REDRAFT_STATES,
    clean_text,
    enter_form,
    field_changes,
    preview,
    redraft,
    save_form,
)
from .live import store_version
from .outbox_view import next_steps
from .queue import QueueFilter, load_queue, visible_to
from .signin import current_user

IMAGE_CACHE = {"Cache-Control": "private, max-age=86400"}  # URLs carry the card's version


def _card(w: Web, request: Request) -> CardRecord:
    """The card the address names, if the signed-in user may see it (another rep's card is
    "no such card" to them: not even its existence is told)."""
    try:
        card = w.store.cards.get(int(request.path_params["card_id"]))
    except StoreError:
        raise HTTPException(404, "no such card") from None
    if not visible_to(current_user(request), card):
        raise HTTPException(404, "no such card")
    return card


async def _form(request: Request) -> tuple[dict[str, str], FormData]:
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str)}, form


def _card_url(card_id: int, flt: QueueFilter) -> str:
    return f"/cards/{card_id}{flt.query()}"


def _redirect(url: str, messages: list[tuple[str, str]]) -> Response:
    response = RedirectResponse(url, status_code=303)
    flash.add(response, messages)
    return response


def _name(card: CardRecord) -> str:
    fields = card.fields or {}
    return fields.get("full_name") or fields.get("company") or f"card {card.id}"


def _saved_messages(changed: list[str], messages: list[str]) -> list[tuple[str, str]]:
    out = [("ok", f"Saved {', '.join(changed)}")] if changed else []
    return out + [("warn", m) for m in messages]


async def card_page(request: Request) -> Response:
    w = web(request)
    card = _card(w, request)
    return _render_card(request, w, card)


def _render_card(
    request: Request,
    w: Web,
    card: CardRecord,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    flt = queue_filter(request, form)
    queue = load_queue(w.store, flt, current_user(request))
    context = card_context(
        w.store,
        w.cards.drafts,
        w.sending.mail,
        w.crm.display_name,
        card,
        queue,
        form,
        errors,
    )
    context.update(flt=flt, version=store_version(w.store))
    return w.pages.page(request, "card.html", context, status)


async def save(request: Request) -> Response:
    w = web(request)
    card = _card(w, request)
    values, _ = await _form(request)
    if card.state == CardState.FAILED and card.fields is None:  # typed in by hand from the photo
        saved = enter_form(w.store, card.id, w.cards, values)
    else:
        saved = save_form(w.store, card.id, w.cards, values)
    if not saved.ok:
        return _render_card(request, w, card, values, saved.errors, 422)
    messages = _saved_messages(saved.changed, saved.messages) or [("ok", "Nothing to save")]
    return _redirect(_card_url(card.id, queue_filter(request, values)), messages)


async def approve(request: Request) -> Response:
    return await _decide(request, "approve")


async def skip(request: Request) -> Response:
    return await _decide(request, "skip")


async def _decide(request: Request, action: str) -> Response:
    """Save what the form changed, then approve or skip; on to the next card in the queue (or
    back to the queue, when the action came from there)."""
    w = web(request)
    card = _card(w, request)
    values, _ = await _form(request)
    flt = queue_filter(request, values)
    following = load_queue(w.store, flt, current_user(request)).after(card.id)
    saved = save_form(w.store, card.id, w.cards, values)
    if not saved.ok:
        return _render_card(request, w, card, values, saved.errors, 422)
    messages = _saved_messages(saved.changed, saved.messages)
    try:
        if action == "approve":
            warnings = review.approve(
                w.store,
                card.id,
                card_mail(w.store, card, w.sending.mail),
                sender=card_sender(w.store, card, w.sending.sender),
            )
            w.approved()
            messages.insert(0, ("ok", f"Approved {_name(card)}"))
        else:
            review.skip(w.store, card.id)
            warnings = []
            messages.insert(0, ("ok", f"Skipped {_name(card)}"))
    except CardfollowError as exc:
        return _redirect(_card_url(card.id, flt), [*messages, ("error", str(exc))])
    messages += [("warn", m) for m in warnings]
    if values.get("return") == "queue" or following is None:
        return _redirect("/" + flt.query(), messages)
    return _redirect(_card_url(following, flt), messages)


async def note(request: Request) -> Response:
    w = web(request)
    card = _card(w, request)
    values, _ = await _form(request)
    saved = save_form(w.store, card.id, w.cards, {"note": values.get("note", "")})
    if not saved.ok:
        return _render_card(request, w, card, values, saved.errors, 422)
    messages = _saved_messages(saved.changed, saved.messages) or [("ok", "The note is unchanged")]
    return _redirect(_card_url(card.id, queue_filter(request, values)), messages)


async def reextract(request: Request) -> Response:
    """Read the photo again (in a worker thread: seconds of OCR), then apply the reading."""
    w = web(request)
    card = _card(w, request)
    values, _ = await _form(request)
    url = _card_url(card.id, queue_filter(request, values))
    try:
        check_reextractable(w.store, card.id)
    except CardfollowError as exc:
        return _redirect(url, [("error", str(exc))])
    photo = w.store.media.local(card.stored_photo, "photos")
    if photo is None:
        return _redirect(url, [("error", f"card {card.id}: its stored photo is missing")])
    settings = w.cards.ocr
    try:
        async with w.ocr_limit:
            reading = await anyio.to_thread.run_sync(read_card, str(photo), settings)
        result = apply_reextraction(w.store, card.id, reading, w.cards)
    except CardfollowError as exc:
        return _redirect(url, [("error", str(exc))])
    changed = ", ".join(result.changed)
    messages = [("ok", f"Read again: {changed} changed" if changed else "Read again: no change")]
    if result.message:
        messages.append(("warn", result.message))
    return _redirect(url, messages)


async def merge(request: Request) -> Response:
    """The duplicate decision: take fields into the known contact, keep it, or separate."""
    w = web(request)
    card = _card(w, request)
    values, form = await _form(request)
    url = _card_url(card.id, queue_filter(request, values))
    action = values.get("action", "")
    if action not in ("take", "keep", "separate"):
        return _redirect(url, [("error", "choose: take fields, keep the contact, or separate")])
    take = [str(v) for v in form.getlist("take")] if action == "take" else []
    if action == "take" and not take:
        return _redirect(url, [("error", "tick the fields to take into the contact")])
    try:
        message = review.resolve_duplicate(w.store, card.id, take, separate=action == "separate")
        messages = [("ok", message)]
        redraft = w.store.cards.get(card.id).state in REDRAFT_STATES  # the contact changed
        if redraft and make_draft(w.store, card.id, w.cards.drafts) is None:
            messages.append(("warn", "your own draft text is kept"))
    except CardfollowError as exc:
        return _redirect(url, [("error", str(exc))])
    return _redirect(url, messages)


async def draft_again(request: Request) -> Response:
    w = web(request)
    card = _card(w, request)
    values, _ = await _form(request)
    result = redraft(w.store, card.id, w.cards)
    messages = [("error", e) for e in result.errors.values()]
    messages += _saved_messages(result.changed, result.messages)
    return _redirect(_card_url(card.id, queue_filter(request, values)), messages)


async def preview_draft(request: Request) -> Response:
    """The draft as the form stands, kept nowhere: the page asks as the fields change. A field
    that does not read (an email being typed) is an answer too, not a failed request."""
    w = web(request)
    card = _card(w, request)
    values, _ = await _form(request)
    if card.fields is None:
        return JSONResponse({"error": "this card has no fields yet"}, status_code=409)
    changes, errors = field_changes(card, values, w.cards.ocr.default_region)
    if errors:
        return JSONResponse({"errors": errors})
    note_text = clean_text(values["note"]) if "note" in values else card.note
    try:
        language = normalise_language(values.get("language"))
        template = values.get("template", "").strip()
        draft = preview(w.store, card.id, w.cards, changes, note_text, template, language)
    except CardfollowError as exc:  # a template that cannot render, a language without one
        return JSONResponse({"error": str(exc)})
    return JSONResponse(
        {
            "subject": draft.subject,
            "body": draft.body,
            "template": draft.template,
            "note_warning": draft.note_warning,
        }
    )


async def status(request: Request) -> Response:
    """The card's state and what happens next, for the page to refresh in place."""
    w = web(request)
    card = _card(w, request)
    steps = next_steps(card, w.store.outbox.for_card(card.id), w.sending.mail, w.crm.display_name)
    context: dict[str, Any] = {
        "card": card,
        "steps": steps,
        "state_label": STATE_LABELS.get(card.state, card.state),
    }
    return w.pages.fragment(request, "_status.html", context)


async def card_image(request: Request) -> Response:
    w = web(request)
    card = _card(w, request)
    path = w.store.media.local(card.card_image, "cards")
    if path is None:
        raise HTTPException(404, "this card has no straightened image")
    return FileResponse(path, media_type="image/jpeg", headers=IMAGE_CACHE)


async def card_thumb(request: Request) -> Response:
    w = web(request)
    card = _card(w, request)
    path = w.store.media.local(card.card_image, "cards") or w.store.media.local(
        card.stored_photo, "photos"
    )
    if path is None:
        raise HTTPException(404, "this card has no image")
    try:
        data = await anyio.to_thread.run_sync(images.thumbnail, path)
    except images.TooLarge:
        raise HTTPException(404, "this card's image is too large to show") from None
    except (OSError, ValueError):
        raise HTTPException(404, "this card's image cannot be read") from None
    return Response(data, media_type="image/jpeg", headers=IMAGE_CACHE)


async def card_crop(request: Request) -> Response:
    """One field's place on the straightened card, cut out: what the queue shows on hover."""
    w = web(request)
    card = _card(w, request)
    name = request.path_params["field"]
    boxes = field_boxes(card, name) if name in CONTACT_KEYS else ()
    path = w.store.media.local(card.card_image, "cards")
    if not boxes or path is None:
        raise HTTPException(404, "this field has no place on the card image")
    try:
        data = await anyio.to_thread.run_sync(images.crop, path, boxes)
    except (OSError, ValueError):
        raise HTTPException(404, "this card's image cannot be read") from None
    return Response(data, media_type="image/jpeg", headers=IMAGE_CACHE)


async def card_photo(request: Request) -> Response:
    """The original photo as it was taken (a JPEG copy of a HEIC or TIFF)."""
    w = web(request)
    card = _card(w, request)
    path = w.store.media.local(card.stored_photo, "photos")
    if path is None:
        raise HTTPException(404, "this card's photo is missing")
    media_type = images.BROWSER_TYPES.get(path.suffix.lower())
    if media_type is not None:
        return FileResponse(path, media_type=media_type, headers=IMAGE_CACHE)
    try:
        data = await anyio.to_thread.run_sync(images.browser_copy, path)
    except images.TooLarge:
        raise HTTPException(404, "this card's photo is too large to show") from None
    except (OSError, ValueError):
        raise HTTPException(404, "this card's photo cannot be read") from None
    return Response(data, media_type="image/jpeg", headers=IMAGE_CACHE)
