"""The HubSpot adapter: approved cards become contacts, companies, photos and notes.

Per batch of up to 100 cards, in this order, each step recorded (``progress``) the moment
HubSpot answers, so a push resumed after a crash or an outage repeats nothing:

1. contacts (``contacts.py``): upserted by lower-cased email; without an email,
   matched by phone, then name and company, else made under a unique ``cardfollow_key``;
2. companies (``companies.py``): by normalised domain, made once, then associated;
3. the card photo: uploaded private with ``RETURN_EXISTING`` duplicate checking, so a repeat
   upload returns the first file;
4. a note with the event, the date met and the user's note, the photo attached and associated
   with the contact (and company). A note create interrupted mid-way is looked for among the
   contact's notes before it is made again.

The follow-up is logged as an email engagement only once it has really been sent, or, in
"send from HubSpot" mode, becomes a task holding the draft.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass
from typing import Any

from ..adapter import CrmStopped, FollowUp, Interaction, Outcome, Progress, PushCard
from .client import HubSpotClient
from .companies import CompanySync
from .contacts import ContactSync
from .errors import (
    AmbiguousWrite,
    AuthenticationError,
    DailyLimitReached,
    HubSpotError,
    MissingScopes,
    RateLimited,
    TransientError,
)
from .interactions import read_interactions
from .mapping import (
    COMPANY_PROPERTIES,
    CONTACT_PROPERTIES,
    card_domain,
    company_properties,
    contact_email,
    contact_properties,
    email_properties,
    note_body,
    note_marker,
    photo_name,
    task_properties,
    timestamp,
)
from .work import BATCH, CardWork, RemoteIdMap, short

# HUBSPOT_DEFINED association type ids (reference §3.2).
NOTE_TO_CONTACT, NOTE_TO_COMPANY = 202, 190
EMAIL_TO_CONTACT, TASK_TO_CONTACT = 198, 204


@dataclass(frozen=True)
class HubSpotSettings:
    folder: str = "/cardfollow/cards"
    owner_id: str | None = None
    send_mode: str = "smtp"  # "smtp": cardfollow mails; "hubspot": a task holds the draft


class HubSpotCrm:
    name = "hubspot"
    batch_size = BATCH

    def __init__(
        self,
        client: HubSpotClient,
        ids: RemoteIdMap,
        settings: HubSpotSettings | None = None,
        read_photo: Callable[[PushCard], bytes] | None = None,
    ) -> None:
        self.client = client
        self.ids = ids
        self.settings = settings or HubSpotSettings()
        self._read_photo = read_photo or _read_photo
        self._properties_ready = False
        self._contacts = ContactSync(client, ids, self.name)
        self._companies = CompanySync(client, ids, self.name)

    def describe(self) -> str:
        return f"HubSpot at {self.client.base_url}"

    def sends_mail(self) -> bool:
        return self.settings.send_mode != "hubspot"

    def plan(self, card: PushCard) -> dict[str, Any]:
        email = contact_email(card)
        domain = card_domain(card)
        return {
            "contact": {
                "match": f"email {email}" if email else "phone, then name and company",
                "properties": contact_properties(card),
            },
            "company": company_properties(card, domain) if domain else None,
            "photo": f"{self.settings.folder}/{photo_name(card)}" if card.photo else None,
            "note": note_body(card),
        }

    def contact_emails(self, remote_id: str) -> list[str]:
        found = self.client.get("contacts", remote_id, properties=("email", "hs_additional_emails"))
        props = (found or {}).get("properties") or {}
        extra = (props.get("hs_additional_emails") or "").split(";")
        return [e.strip() for e in [props.get("email") or "", *extra] if e.strip()]

    def interactions(
        self,
        remote_contact_ids: Sequence[str],
        *,
        known: Container[str] = (),
        now: dt.datetime | None = None,
    ) -> list[Interaction]:
        return read_interactions(self.client, remote_contact_ids, known=known, now=now)

    # --- push ---------------------------------------------------------------------------

    def push(self, cards: Sequence[PushCard], progress: Progress) -> list[Outcome]:
        work = [CardWork(c, progress) for c in cards]
        try:
            self._ensure_properties()
            self._contacts.run(work)
            self._companies.run([w for w in work if w.alive])
            full = [w for w in work if w.alive and not w.card.update_only]
            self._photos(full)
            self._notes(full)
        except (DailyLimitReached, AuthenticationError, MissingScopes) as exc:
            raise CrmStopped(_stop_message(exc)) from None
        except (RateLimited, TransientError, AmbiguousWrite, OSError) as exc:
            # The whole batch waits for a later run; what is done stays recorded.
            for w in work:
                w.fail(f"HubSpot unavailable: {short(exc)}", retry=True)
        except HubSpotError as exc:
            # Refused outright (e.g. a portal's own validation rule): say so on every card
            # still open; what is done stays recorded for when the cause is fixed.
            for w in work:
                w.fail(f"HubSpot refused: {short(exc)}")
        return [w.outcome() for w in work]

    def _ensure_properties(self) -> None:
        if self._properties_ready:
            return
        for object_type, wanted in (
            ("contacts", CONTACT_PROPERTIES),
            ("companies", COMPANY_PROPERTIES),
        ):
            have = {p["name"] for p in self.client.list_properties(object_type)}
            group = "contactinformation" if object_type == "contacts" else "companyinformation"
            for definition in wanted:
                if definition["name"] not in have:
                    # 409 (made meanwhile by another run) counts as made: the client reads it.
                    self.client.create_property(object_type, {"groupName": group, **definition})
        self._properties_ready = True

    def _photos(self, work: list[CardWork]) -> None:
        for w in work:
            if "file" in w.done or w.card.photo is None:
                continue
            name = photo_name(w.card)
            try:
                data = self._read_photo(w.card)
            except OSError as exc:
                w.warnings.append(f"card photo not attached: {exc}")
                continue
            try:
                uploaded = self.client.upload_file(data, name, self.settings.folder)
            except AmbiguousWrite:
                uploaded = self.client.file_by_path(f"{self.settings.folder}/{name}")
                if uploaded is None:
                    raise
            w.save(file=str(uploaded["id"]))

    def _notes(self, work: list[CardWork]) -> None:
        todo: list[CardWork] = []
        for w in work:
            if "note" in w.done:
                continue
            if w.done.get("note_started"):
                found = self._find_note(w)
                if found:
                    w.save(note=found)
                    continue
            todo.append(w)
        for start in range(0, len(todo), BATCH):
            chunk = todo[start : start + BATCH]
            inputs = []
            for w in chunk:
                associations = [_to(w.done["contact"], NOTE_TO_CONTACT)]
                if "company" in w.done:
                    associations.append(_to(w.done["company"], NOTE_TO_COMPANY))
                props = {"hs_timestamp": timestamp(_now()), "hs_note_body": note_body(w.card)}
                if "file" in w.done:
                    props["hs_attachment_ids"] = str(w.done["file"])
                if self.settings.owner_id:
                    props["hubspot_owner_id"] = self.settings.owner_id
                inputs.append(
                    {
                        "properties": props,
                        "associations": associations,
                        "objectWriteTraceId": f"note-{w.id}",
                    }
                )
                w.save(note_started=True)
            result = self.client.batch_create("notes", inputs)
            by_trace = {f"note-{w.id}": w for w in chunk}
            for trace, record in result.results_by_trace_id().items():
                if trace in by_trace:
                    by_trace[trace].save(note=str(record["id"]))
            for trace, error in result.errors_by_trace_id().items():
                if trace in by_trace:
                    by_trace[trace].fail(f"HubSpot refused the note: {error.get('message')}")
            for w in chunk:
                if w.alive and "note" not in w.done:
                    w.fail("HubSpot answered without this card's note", retry=True)

    def _find_note(self, w: CardWork) -> str | None:
        """A note an interrupted push may already have made: among the contact's notes."""
        return self._find_engagement(
            str(w.done["contact"]),
            "notes",
            ("hs_note_body",),
            lambda p: note_marker(w.id) in (p.get("hs_note_body") or ""),
        )

    def _find_engagement(
        self,
        contact: str,
        object_type: str,
        properties: tuple[str, ...],
        matches: Callable[[dict[str, Any]], bool],
    ) -> str | None:
        linked = [
            str(a["toObjectId"]) for a in self.client.associations("contacts", contact, object_type)
        ]
        for start in range(0, len(linked), BATCH):
            result = self.client.batch_read(
                object_type, linked[start : start + BATCH], properties=properties
            )
            for record in result.results:
                if matches(record.get("properties") or {}):
                    return str(record["id"])
        return None

    # --- follow-ups ---------------------------------------------------------------------

    def log_email(self, mail: FollowUp, progress: Progress) -> Outcome:
        props = email_properties(mail, self.settings.owner_id)
        return self._engagement(
            mail,
            progress,
            "emails",
            props,
            EMAIL_TO_CONTACT,
            lambda p: (
                p.get("hs_email_subject") == props["hs_email_subject"]
                and _same_time(p.get("hs_timestamp"), props["hs_timestamp"])
            ),
            ("hs_email_subject", "hs_timestamp"),
        )

    def create_task(self, mail: FollowUp, progress: Progress) -> Outcome:
        props = task_properties(mail, self.settings.owner_id)
        return self._engagement(
            mail,
            progress,
            "tasks",
            props,
            TASK_TO_CONTACT,
            lambda p: p.get("hs_task_subject") == props["hs_task_subject"],
            ("hs_task_subject",),
        )

    def _engagement(
        self,
        mail: FollowUp,
        progress: Progress,
        object_type: str,
        props: dict[str, str],
        association: int,
        matches: Callable[[dict[str, Any]], bool],
        read: tuple[str, ...],
    ) -> Outcome:
        kind = object_type.rstrip("s")
        done = dict(mail.progress)
        if kind in done:
            return Outcome(mail.card_id, True, {kind: str(done[kind])})
        contact = self.ids.get(self.name, "contact", str(mail.contact_id))
        if contact is None:
            return Outcome(mail.card_id, False, wait=True, error="waiting for the contact's push")
        try:
            if done.get(f"{kind}_started"):
                found = self._find_engagement(contact, object_type, read, matches)
                if found:
                    progress.save(mail.card_id, {kind: found})
                    return Outcome(mail.card_id, True, {kind: found})
            progress.save(mail.card_id, {f"{kind}_started": True})
            record = self.client.create(object_type, props, [_to(contact, association)])
        except (DailyLimitReached, AuthenticationError, MissingScopes) as exc:
            raise CrmStopped(_stop_message(exc)) from None
        except (RateLimited, TransientError, AmbiguousWrite, OSError) as exc:
            return Outcome(
                mail.card_id, False, error=f"HubSpot unavailable: {short(exc)}", retry=True
            )
        except HubSpotError as exc:
            return Outcome(mail.card_id, False, error=f"HubSpot refused the {kind}: {short(exc)}")
        remote = str(record["id"])
        progress.save(mail.card_id, {kind: remote})
        return Outcome(mail.card_id, True, {kind: remote, "contact": contact})


def _to(remote: Any, type_id: int) -> dict[str, Any]:
    return {
        "to": {"id": str(remote)},
        "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": type_id}],
    }


def _stop_message(exc: HubSpotError) -> str:
    if isinstance(exc, DailyLimitReached):
        return "HubSpot's daily API limit is used up; the rest stays queued until tomorrow"
    if isinstance(exc, MissingScopes):
        scopes = ", ".join(exc.required) or "see HubSpot's message"
        return f"the HubSpot token lacks scopes ({scopes}); add them to the app and push again"
    return "HubSpot refused the credentials (CARDFOLLOW_HUBSPOT_TOKEN or OAuth); nothing was pushed"


def _same_time(a: str | None, b: str) -> bool:
    if not a:
        return False
    return _epoch_ms(a) == _epoch_ms(b)


def _epoch_ms(value: str) -> int | None:
    if value.isdigit():
        return int(value)
    try:
        return int(dt.datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp() * 1000)
    except ValueError:
        return None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _read_photo(card: PushCard) -> bytes:
    assert card.photo is not None
    return card.photo.read_bytes()
