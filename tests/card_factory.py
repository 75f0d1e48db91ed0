"""Approved-card-ready stores without OCR: cards taken in through the store and given a
reading in the extract shape, as a worker would return it, then drafted for real."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from PIL import Image

from plugin.config import Config
from plugin.drafting import make_draft
from plugin.linking import apply_reading
from plugin.models import CONTACT_KEYS, EventInfo
from plugin.read_card import Reading
from plugin.store import Store

T0 = dt.datetime(2026, 11, 18, 15, 30, tzinfo=dt.UTC)


def contact(**values: Any) -> dict[str, Any]:
    out: dict[str, Any] = dict.fromkeys(CONTACT_KEYS)
    out.update(emails=[], phones=[])
    out.update(values)
    return out


def drafted_card(
    store: Store,
    config: Config,
    name: str,
    *,
    email: str | None = None,
    company: str | None = None,
    website: str | None = None,
    phone: str | None = None,
    title: str | None = None,
    event: str | EventInfo | None = "Web Summit 2026",
    note: str | None = None,
    seq: int = 0,
) -> int:
    """A drafted card for this person; its photo is a small real JPEG in the store."""
    info = EventInfo(event) if isinstance(event, str) else event
    event_id = store.events.upsert(info.name, info)[0] if info else None
    seed = f"{name}|{email}|{seq}"
    sha = hashlib.sha256(seed.encode()).hexdigest()
    rel = f"photos/{sha[:2]}/{sha}.jpg"
    photo = store.media(rel)
    photo.parent.mkdir(parents=True, exist_ok=True)
    # Each card its own picture: a CRM that dedupes files by content must see them apart.
    shade = tuple(int(sha[i : i + 2], 16) for i in (0, 2, 4))
    Image.new("RGB", (350, 200), shade).save(photo, quality=80)
    card, status = store.cards.intake(
        sha256=sha,
        photo=f"/inbox/{name}.jpg",
        stored_photo=rel,
        event_id=event_id,
        captured_at=T0 + dt.timedelta(minutes=seq),
        captured_by="camera",
        side=None,
        side_key=None,
    )
    assert status == "new"
    given, _, family = name.partition(" ")
    fields = contact(
        full_name=name,
        given_name=given,
        family_name=family or None,
        title=title,
        company=company,
        emails=[email] if email else [],
        phones=[{"number": phone, "kind": "work", "raw": phone}] if phone else [],
        website=website,
    )
    extraction = {
        "contact": fields,
        "confidence": dict.fromkeys(CONTACT_KEYS, 0.95),
        "flagged": [],
        "boxes": {},
        "raw_text": name,
    }
    jpeg = photo.read_bytes()
    apply_reading(store, card, Reading(str(photo), extraction, jpeg), None, pair_seconds=20)
    if note:
        store.cards.update(card.id, note=note)
    make_draft(store, card.id, config)
    return card.id
