"""Recording interactions: the user's own (``cardfollow touched``), and those logged in the CRM,
read back through its adapter. Sent follow-ups and check-ins record themselves (``send``)."""

from __future__ import annotations

import datetime as dt

from ..config import MailSettings, TouchSettings
from ..crm.adapter import CrmAdapter
from ..store import CheckinState, Store
from ..store.touches import TouchKind
from .due import relationships


def touched(
    store: Store, contact_id: int, note: str | None = None, at: dt.datetime | None = None
) -> None:
    """The user was in touch (a call, a coffee, a message elsewhere). A check-in still only
    drafted for them is withdrawn: it was for the touch that just happened."""
    store.contacts.get(contact_id)  # an unknown id fails here, with its message
    with store.transaction():
        store.touches.add(
            contact_id, at or dt.datetime.now(dt.UTC), TouchKind.MANUAL, note=note or None
        )
        draft = store.checkins.open_for(contact_id)
        if draft is not None and draft.state == CheckinState.DRAFTED:
            store.checkins.move(draft.id, CheckinState.SKIPPED, (CheckinState.DRAFTED,))


def read_back(
    store: Store,
    touch: TouchSettings,
    mail: MailSettings,
    adapter: CrmAdapter,
    now: dt.datetime | None = None,
) -> int:
    """Record the emails, meetings and calls the CRM logged on contacts kept in touch with;
    returns how many were new. Each is recorded once, however often this runs."""
    if adapter.name == "local":
        return 0  # the local store's only interactions are cardfollow's own
    people = relationships(store, touch, mail)
    remote = store.remote_ids.many(adapter.name, "contact", [str(p.contact_id) for p in people])
    if not remote:
        return 0
    local_of = {rid: int(cid) for cid, rid in remote.items()}
    prefix = f"{adapter.name}:"
    # Sources are "hubspot:emails:345:12" (an email to two contacts is a touch of each).
    known = {s.removeprefix(prefix).rsplit(":", 1)[0] for s in store.touches.sources(prefix)}
    new = 0
    for found in adapter.interactions(list(local_of), known=known, now=now):
        contact_id = local_of.get(found.remote_contact_id)
        if contact_id is None:
            continue
        new += store.touches.add(
            contact_id,
            found.at,
            found.kind,
            note=found.summary or None,
            source=f"{prefix}{found.key}:{contact_id}",
        )
    return new
