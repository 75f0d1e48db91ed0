"""Cards in a real store without OCR: taken in through the store and given a reading in the
extract shape, as a worker returns it, then drafted for real. Milliseconds a card."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from typing import Any

from PIL import Image

from plugin.config import Config
from plugin.drafts.card_draft import make_draft
from plugin.intake.linking import apply_reading
from plugin.intake.read_card import Reading
from plugin.models import CONTACT_KEYS, EventInfo
from plugin.store import Store

T0 = dt.datetime(2026, 9, 9, 14, 0, tzinfo=dt.UTC)


def jpeg(size: tuple[int, int] = (1050, 600), color: str = "white") -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, format="JPEG")
    return buf.getvalue()


JPEG = jpeg()


def add_card(
    store: Store,
    config: Config,
    name: str,
    *,
    event: str | EventInfo | None = "Expo 2026",
    event_date: dt.date | None = dt.date(2026, 9, 9),
    minutes: float = 0,
    email: str | None = None,
    flagged: tuple[str, ...] = (),
    photo: bytes | None = None,
    photo_suffix: str = ".jpg",
    view: bytes | None = None,
    boxes: dict[str, list[list[int]]] | None = None,
    draft: bool = True,
    **fields: Any,
) -> int:
    """A card as ``scan`` leaves it (taken in, read, linked, drafted), built from plain data
    through the store: milliseconds instead of an OCR run. ``view``: the straightened image,
    ``boxes``: where each field was read on it."""
    info = EventInfo(event, event_date) if isinstance(event, str) else event
    event_id = store.events.upsert(info.name, info)[0] if info else None
    event = info.name if info else None
    sha = hashlib.sha256(f"{name}/{event}/{minutes}".encode()).hexdigest()
    stored = f"photos/{sha[:2]}/{sha}{photo_suffix}"
    target = store.media(stored)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(photo or JPEG)
    card, _ = store.cards.intake(
        sha256=sha,
        photo=f"/inbox/{name}.jpg",
        stored_photo=stored,
        event_id=event_id,
        captured_at=T0 + dt.timedelta(minutes=minutes),
        captured_by="camera",
        side=None,
        side_key=None,
    )
    given, _, family = name.partition(" ")
    contact: dict[str, Any] = dict.fromkeys(CONTACT_KEYS)
    slug = re.sub(r"[^a-z0-9]+", ".", name.lower()).strip(".") or "someone"
    # Each person their own company and domain, so that only a test that wants a duplicate
    # makes one.
    contact.update(
        full_name=name,
        given_name=given,
        family_name=family or None,
        company=f"{family or given} Trading",
        emails=[email or f"{slug}@{slug}.example"],
        phones=[],
    )
    contact.update(fields)
    extraction = {
        "contact": contact,
        "confidence": {k: (0.4 if k in flagged else 0.95) for k in CONTACT_KEYS},
        "flagged": list(flagged),
        "boxes": boxes or {"full_name": [[70, 70, 400, 48]], "emails": [[70, 300, 500, 36]]},
        "raw_text": name,
    }
    apply_reading(store, card, Reading(str(target), extraction, view or JPEG), None, 20)
    if draft:
        make_draft(store, card.id, config.drafts())
    return card.id


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
    """A drafted card with exactly these fields (no email when ``email`` is None); its photo is
    a picture of its own, as a CRM that dedupes files by content must see cards apart."""
    shade = hashlib.sha256(f"{name}|{email}|{seq}".encode()).digest()[:3]
    picture = jpeg((350, 200), "#" + shade.hex())
    card_id = add_card(
        store,
        config,
        name,
        event=event,
        minutes=seq,
        photo=picture,
        view=picture,
        draft=False,
        emails=[email] if email else [],
        company=company,
        website=website,
        phones=[{"number": phone, "kind": "work", "raw": phone}] if phone else [],
        title=title,
    )
    if note:
        store.cards.update(card_id, note=note)
    make_draft(store, card_id, config.drafts())
    return card_id
