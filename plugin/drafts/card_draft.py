"""A card's follow-up: what the template sees, and the draft kept in the store."""

from __future__ import annotations

from ..config import DraftSettings
from ..contacts.merge import merge_fields
from ..models import Draft
from ..store import CardState, DraftRecord, HistoryStep, Store
from . import DraftInput, render_draft


def draft_input(store: Store, card_id: int, settings: DraftSettings) -> DraftInput:
    card = store.cards.get(card_id)
    fields = dict(card.fields or {})
    if card.duplicate_of is not None and card.contact_id is not None:
        # Someone we know: what the user confirmed comes first, the new card fills gaps.
        fields = merge_fields(store.contacts.get(card.contact_id).fields, fields)
    event = store.events.get(card.event_id)
    return DraftInput(
        contact=fields,
        sender=settings.sender,
        event=event,
        met_on=card.met_on(event),
        note=card.note,
        language=settings.language,
        # The card as printed: a logo's "eBay" tells how "EBAY INC." is written.
        card_text=(card.extraction or {}).get("raw_text"),
    )


def render(
    store: Store,
    card_id: int,
    settings: DraftSettings,
    template: str | None = None,
    language: str | None = None,
) -> Draft:
    """The draft as it would be now, kept nowhere (``draft --preview``). ``language``: the
    card's own choice (else the event's, else drafts.language)."""
    inp = draft_input(store, card_id, settings)
    card = store.cards.get(card_id)
    chosen = template or card.template
    if chosen is None and not (inp.event and inp.event.template):
        chosen = settings.template
    return render_draft(inp, chosen, settings.templates, language or card.language)


def make_draft(
    store: Store,
    card_id: int,
    settings: DraftSettings,
    *,
    template: str | None = None,
    keep_edited: bool = True,
    language: str | None = None,
) -> DraftRecord | None:
    """Render and keep a new draft version; a card whose draft the user rewrote by hand keeps it
    (returns None) unless ``keep_edited`` is False. An approved card goes back to drafted: what
    was approved is not what would be sent any more."""
    current = store.drafts.current(card_id)
    if keep_edited and current is not None and current.edited:
        return None
    draft = render(store, card_id, settings, template, language)
    with store.transaction():
        state = store.cards.get(card_id).state
        draft_id = store.drafts.add(card_id, draft)
        if state == CardState.EXTRACTED:
            store.cards.move(card_id, CardState.DRAFTED, (CardState.EXTRACTED,), draft.template)
        elif state == CardState.APPROVED:
            store.outbox.cancel(card_id)
            store.cards.move(
                card_id, CardState.DRAFTED, (CardState.APPROVED,), "redrafted; approve again"
            )
        else:
            store.cards.add_history(card_id, HistoryStep.REDRAFTED, draft.template)
    record = store.drafts.current(card_id)
    assert record is not None and record.id == draft_id
    return record
