"""The queue page, its live list, and approving an event's high-confidence cards at once."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from ocr.errors import CardfollowError

from .. import review
from ..models import CONTACT_KEYS
from ..store import CardState, Store
from ..users.settings import card_mail, card_sender
from . import flash
from .card_page import STATE_LABELS, field_boxes
from .context import Web, queue_filter, web
from .editing import LABELS
from .ids import is_id
from .live import store_version
from .outbox_view import next_steps, summary
from .queue import NO_EVENT, STATE_TABS, Queue, QueueFilter, is_confident, load_queue
from .signin import current_user

_OUTBOX_STATES = (CardState.APPROVED, CardState.PUSHED, CardState.SENT)


def queue_context(w: Web, queue: Queue, request: Request) -> dict[str, Any]:
    store = w.store
    viewer = current_user(request)
    cards = queue.page_cards()
    summaries: dict[int, str] = {}
    if any(c.state in _OUTBOX_STATES for c in cards):
        items_by_card: dict[int, list[Any]] = {}
        for item in store.outbox.list():  # one query for the page, not one per card
            items_by_card.setdefault(item.card_id, []).append(item)
        for card in cards:
            if card.state in _OUTBOX_STATES:
                summaries[card.id] = summary(
                    next_steps(
                        card,
                        items_by_card.get(card.id, []),
                        card_mail(store, card, w.sending.mail),
                        w.crm.display_name,
                    )
                )
    flt = queue.filter
    return {
        "queue": queue,
        "flt": flt,
        "tabs": STATE_TABS,
        "page_groups": queue.page_groups(),
        "summaries": summaries,
        "state_labels": STATE_LABELS,
        "is_confident": is_confident,
        "field_boxes": field_boxes,
        "labels": LABELS,
        "field_order": CONTACT_KEYS,
        "selected": queue.group(flt.event) if flt.event != "all" else None,
        "version": store_version(store),
        # An admin picks whose queue to see; a rep sees only their own.
        "reps": store.users.list() if viewer is not None and viewer.is_admin else [],
    }


async def queue_page(request: Request) -> Response:
    w = web(request)
    queue = load_queue(w.store, queue_filter(request), current_user(request))
    return w.pages.page(request, "queue.html", queue_context(w, queue, request))


async def queue_rows(request: Request) -> Response:
    """The list alone, for the page to swap in when the store changed."""
    w = web(request)
    queue = load_queue(w.store, queue_filter(request), current_user(request))
    return w.pages.fragment(request, "_queue_list.html", queue_context(w, queue, request))


async def changes(request: Request) -> Response:
    """Whether anything changed since the page's version, and the counts as they are now."""
    w = web(request)
    store = w.store
    version = store_version(store)
    since = request.query_params.get("since", "")
    body: dict[str, Any] = {"version": version, "changed": version != since}
    if version != since:
        viewer = current_user(request)
        rep = viewer.id if viewer is not None and not viewer.is_admin else None
        body["counts"] = store.cards.counts(rep)  # a rep's own cards only
    return JSONResponse(body)


def _event_group(store: Store, key: str, request: Request) -> Any:
    """An event's cards, of those the signed-in user may see."""
    if key != NO_EVENT and not is_id(key):
        raise HTTPException(404, "no such event")
    flt = QueueFilter(event=key, state="all", rep=queue_filter(request).rep)
    group = load_queue(store, flt, current_user(request)).group(key)
    if group is None:
        raise HTTPException(404, "no such event")
    return group


async def bulk_confirm(request: Request) -> Response:
    w = web(request)
    group = _event_group(w.store, request.path_params["key"], request)
    flt = queue_filter(request)
    return w.pages.page(
        request, "bulk.html", {"group": group, "cards": group.confident, "flt": flt}
    )


async def bulk_approve(request: Request) -> Response:
    """Approve the cards the user confirmed, each only if it is still high-confidence now
    (another process may have changed one since the confirmation was shown)."""
    w = web(request)
    store = w.store
    key = request.path_params["key"]
    group = _event_group(store, key, request)
    form = await request.form()
    confirmed = {int(v) for v in form.getlist("card") if isinstance(v, str) and is_id(v)}
    confident = {c.id for c in group.confident}
    approved, messages = 0, []
    for card_id in sorted(confirmed & confident):
        card = store.cards.get(card_id)
        try:
            warnings = review.approve(
                store,
                card_id,
                card_mail(store, card, w.sending.mail),
                sender=card_sender(store, card, w.sending.sender),
            )
        except CardfollowError as exc:
            messages.append(("error", str(exc)))
            continue
        approved += 1
        messages += [("warn", m) for m in warnings]
    if approved:
        w.approved()
    left = len(confirmed - confident)
    if left:
        messages.append(("warn", f"{left} card(s) changed since you confirmed; left for review"))
    messages.insert(
        0, ("ok", f"Approved {approved} card{'s' if approved != 1 else ''} of {group.name}")
    )
    flt = queue_filter(request, {k: v for k, v in form.items() if isinstance(v, str)})
    response = RedirectResponse("/" + flt.query(page=1), status_code=303)
    flash.add(response, messages)
    return response
