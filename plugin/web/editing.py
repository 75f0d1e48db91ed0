"""The card form: fields as text for the page, the submitted form back into the user's
decisions (``plugin.review``), and the draft preview as the fields stand in the form.

Only what the user changed is applied: a field whose text comes back as it was sent is left
alone, so an odd value read off the card (an email that does not validate) never blocks saving
another field. Nothing is saved when any changed field is wrong.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import phonenumbers

from ocr.errors import CardfollowError
from ocr.parse.names import parse_name

from ..config import CardSettings, DraftSettings
from ..contacts.merge import merge_fields
from ..drafts import LANGUAGES, TemplateError, list_templates, normalise_language, render_draft
from ..drafts.card_draft import draft_input, make_draft
from ..drafts.text import subject_line
from ..models import CONTACT_KEYS, LIST_FIELDS, ContactDict, Draft
from ..review import (
    EditError,
    card_region,
    choose_template,
    coerce,
    edit_card,
    enter_by_hand,
    set_note,
)
from ..store import CardRecord, CardState, HistoryStep, Store

# Cards whose fields, note and draft may still change: pushed and sent ones are in the CRM.
EDITABLE_STATES = (CardState.EXTRACTED, CardState.DRAFTED, CardState.APPROVED, CardState.SKIPPED)
REDRAFT_STATES = (CardState.EXTRACTED, CardState.DRAFTED, CardState.APPROVED)
AUTO_TEMPLATE = ""  # the template field's value for "chosen by the rules"
LABELS = {
    "full_name": "Name",
    "given_name": "Given name",
    "family_name": "Family name",
    "prefix": "Prefix",
    "suffix": "Suffix",
    "title": "Job title",
    "company": "Company",
    "emails": "Emails",
    "phones": "Phones",
    "website": "Website",
    "address": "Address",
    "linkedin": "LinkedIn",
}


def field_text(name: str, value: Any) -> str:
    """A field's value as the form shows it (and as ``review.coerce`` reads it back)."""
    if value is None:
        return ""
    if name == "emails":
        return ", ".join(str(v) for v in value)
    if name == "phones":
        return ", ".join(_phone_text(p) for p in value)
    return str(value)


def form_text(name: str, value: Any) -> str:
    """A field as the form's box holds it: emails and phones one per line."""
    if name in LIST_FIELDS:
        return "\n".join(field_text(name, [item]) for item in value or [])
    return field_text(name, value)


def _phone_text(phone: Mapping[str, Any]) -> str:
    number = str(phone.get("number") or phone.get("raw") or "")
    try:
        shown = phonenumbers.format_number(
            phonenumbers.parse(number, None), phonenumbers.PhoneNumberFormat.INTERNATIONAL
        )
    except phonenumbers.NumberParseException:
        shown = number
    return f"{shown} ({phone['kind']})" if phone.get("kind") else shown


def _same(name: str, new: Any, old: Any) -> bool:
    if name == "phones":
        key = [(p.get("number"), p.get("kind")) for p in new or []]
        return key == [(p.get("number"), p.get("kind")) for p in old or []]
    return (new or None) == (old or None)


def clean_text(value: str) -> str:
    """A submitted text area: browsers send CRLF line breaks; trailing spaces mean nothing."""
    lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def field_changes(
    card: CardRecord, form: Mapping[str, str], region: str | None
) -> tuple[dict[str, Any], dict[str, str]]:
    """(changes, errors) from the submitted fields; a field not in the form is not touched."""
    current = card.fields or {}
    region = card_region(current, region)  # a phone without +code takes the card's country
    changes: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name in CONTACT_KEYS:
        if name not in form:
            continue
        text = clean_text(form[name])
        if text in (form_text(name, current.get(name)), field_text(name, current.get(name))):
            continue
        try:
            value = coerce(name, text.replace("\n", ", ") if name in LIST_FIELDS else text, region)
        except EditError as exc:
            errors[name] = str(exc)
            continue
        if not _same(name, value, current.get(name)):
            changes[name] = value
    return changes, errors


def with_name_parts(fields: ContactDict, changes: Mapping[str, Any]) -> ContactDict:
    """The fields after ``changes``, a new full name giving the given and family names the way
    ``review.edit_card`` does."""
    out = {**fields, **changes}
    if changes.get("full_name"):
        name = parse_name(changes["full_name"])
        for part, value in (("given_name", name.given), ("family_name", name.family)):
            if part not in changes:
                out[part] = value
    return out


def template_names(drafts: DraftSettings) -> list[tuple[str, str]]:
    """(name, description) of every template a draft can use."""
    return [(t.name, t.description) for t in list_templates(drafts.templates)]


def preview(
    store: Store,
    card_id: int,
    settings: CardSettings,
    changes: Mapping[str, Any],
    note: str | None,
    template: str,
    language: str | None = None,
) -> Draft:
    """The draft as it would be with the form's fields, note and template; kept nowhere. Mirrors
    ``drafting.render``, with the form's values instead of the stored ones."""
    card = store.cards.get(card_id)
    fields = with_name_parts(dict(card.fields or {}), changes)
    if card.duplicate_of is not None and card.contact_id is not None:
        fields = merge_fields(store.contacts.get(card.contact_id).fields, fields)
    inp = replace(draft_input(store, card_id, settings.drafts), contact=fields, note=note or None)
    chosen: str | None = template or None
    if chosen is None and not (inp.event and inp.event.template):
        chosen = settings.drafts.template
    return render_draft(inp, chosen, settings.drafts.templates, language or card.language)


@dataclass
class Saved:
    changed: list[str] = field(default_factory=list)  # what was saved, in words
    messages: list[str] = field(default_factory=list)  # what the user should know
    errors: dict[str, str] = field(default_factory=dict)  # field -> why; nothing was saved

    @property
    def ok(self) -> bool:
        return not self.errors


def save_form(store: Store, card_id: int, settings: CardSettings, form: Mapping[str, str]) -> Saved:
    """Apply what the form changed: fields, note, template, and the draft's own text. The draft
    follows the fields; a draft the user rewrote by hand is kept as an edited version."""
    card = store.cards.get(card_id)
    result = Saved()
    keys = (*CONTACT_KEYS, "note", "template", "language", "subject", "body")
    touches = [k for k in keys if k in form]
    if not touches:
        return result
    if card.state not in EDITABLE_STATES:
        result.errors["card"] = f"card {card_id} is {card.state}; it cannot be changed any more"
        return result
    changes, result.errors = field_changes(card, form, settings.ocr.default_region)
    template = form.get("template", card.template or AUTO_TEMPLATE).strip()
    known = {AUTO_TEMPLATE, *dict(template_names(settings.drafts))}
    if template != (card.template or AUTO_TEMPLATE) and template not in known:
        result.errors["template"] = f"unknown template {template!r}"
    try:  # "" is "chosen by the rules" (the event's language, else drafts.language)
        language = normalise_language(form.get("language", card.language or ""))
    except TemplateError as exc:
        result.errors["language"] = str(exc)
    if result.errors:
        return result

    before = store.drafts.current(card_id)
    follow = False  # whether the draft should follow what changed
    if changes:
        edit_card(store, card_id, changes)
        result.changed.append(", ".join(LABELS[k].lower() for k in CONTACT_KEYS if k in changes))
        follow = True
    if "note" in form:
        note = clean_text(form["note"])
        if note != (card.note or ""):
            set_note(store, card_id, note)
            result.changed.append("note")
            follow = True
    if template != (card.template or AUTO_TEMPLATE):
        choose_template(store, card_id, template or None)
        if _draft(store, card_id, settings, result, keep_edited=False):
            result.changed.append(f"template {template or 'chosen automatically'}")
            follow = False
        else:  # only a template that renders becomes the card's choice
            choose_template(store, card_id, card.template)
    if language != card.language:
        store.cards.update(card_id, language=language)
        if _draft(store, card_id, settings, result, keep_edited=False):
            result.changed.append(f"language {LANGUAGES[language] if language else 'automatic'}")
            follow = False
        else:  # only a language that renders becomes the card's choice
            store.cards.update(card_id, language=card.language)
    if follow and card.state in REDRAFT_STATES:
        _draft(store, card_id, settings, result)
    if "subject" in form and "body" in form:
        _keep_hand_edit(store, card_id, form, before, result)
    return result


def enter_form(
    store: Store, card_id: int, settings: CardSettings, form: Mapping[str, str]
) -> Saved:
    """A failed card's contact typed in from its photo (``review.enter_by_hand``), and the
    note with it."""
    card = store.cards.get(card_id)
    result = Saved()
    changes, result.errors = field_changes(card, form, settings.ocr.default_region)
    if result.errors:
        return result
    try:
        message = enter_by_hand(store, card_id, changes, settings.drafts)
    except EditError as exc:
        result.errors["card"] = str(exc)
        return result
    result.changed.append("the contact typed in")
    if message:
        result.messages.append(message)
    note = clean_text(form.get("note", ""))
    if note:
        set_note(store, card_id, note)
        if store.cards.get(card_id).state in REDRAFT_STATES:
            _draft(store, card_id, settings, result)
    return result


def redraft(store: Store, card_id: int, settings: CardSettings) -> Saved:
    """Draft again from the template, replacing a hand-written draft."""
    result = Saved()
    card = store.cards.get(card_id)
    if card.state not in REDRAFT_STATES:
        result.errors["card"] = f"card {card_id} is {card.state}; its draft cannot change"
    elif _draft(store, card_id, settings, result, keep_edited=False):
        result.changed.append("draft made again from the template")
    return result


def _draft(
    store: Store,
    card_id: int,
    settings: CardSettings,
    result: Saved,
    *,
    template: str | None = None,
    keep_edited: bool = True,
) -> bool:
    state = store.cards.get(card_id).state
    try:
        record = make_draft(
            store, card_id, settings.drafts, template=template, keep_edited=keep_edited
        )
    except CardfollowError as exc:
        result.messages.append(f"no draft: {exc}")
        return False
    if record is None:
        result.messages.append(
            "your own draft text is kept; use “Draft again from template” to replace it"
        )
    elif state == CardState.APPROVED:
        result.messages.append("the draft changed, so the approval was withdrawn: approve again")
    return True


def _keep_hand_edit(
    store: Store, card_id: int, form: Mapping[str, str], before: Any, result: Saved
) -> None:
    """The submitted draft text is a hand edit unless it is the draft the page showed or the
    one just made from the new fields (the page previews those as the fields change)."""
    subject = subject_line(form["subject"])
    body = clean_text(form["body"])
    after = store.drafts.current(card_id)
    known = {(d.subject, d.body) for d in (before, after) if d is not None}
    if not subject or not body:
        if (subject or body) and (subject, body) not in known:
            result.messages.append("a draft needs a subject and a text: not kept")
        return
    if (subject, body) in known:
        return
    card = store.cards.get(card_id)
    template = after.template if after is not None else "hand-written"
    with store.transaction():
        store.drafts.add(card_id, Draft(subject, body, None, template), edited=True)
        if card.state == CardState.APPROVED:
            store.outbox.cancel(card_id)
            store.cards.move(
                card_id, CardState.DRAFTED, (CardState.APPROVED,), "draft edited; approve again"
            )
            result.messages.append("the approval was withdrawn: approve the new text again")
        elif card.state == CardState.EXTRACTED:  # no template could draft it: the user's text can
            store.cards.move(
                card_id, CardState.DRAFTED, (CardState.EXTRACTED,), "draft written by hand"
            )
        else:
            store.cards.add_history(card_id, HistoryStep.DRAFT_EDITED)
    result.changed.append("draft text")
