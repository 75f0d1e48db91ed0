"""The HubSpot adapter: approved cards become contacts, companies, photos and notes.

Per batch of up to 100 cards, in this order, each step recorded (``progress``) the moment
HubSpot answers, so a push resumed after a crash or an outage repeats nothing:

1. contacts: upserted by lower-cased email (``batch/upsert``, trace ids per card); a card
   without an email is first matched by phone, then by name and company (search finds only
   what existed before, never what we just wrote), else created under a unique
   ``cardfollow_key``, so a retried create is an update;
2. companies: by normalised domain: our unique ``cardfollow_domain`` (a strongly consistent
   read), else an existing company with that ``domain`` (search), else created once by upsert
   on ``cardfollow_domain``; then associated with the contact;
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
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from .adapter import CrmStopped, FollowUp, Outcome, Progress, PushCard
from .hubspot_client import BatchResult, HubSpotClient
from .hubspot_errors import (
    AmbiguousWrite,
    AuthenticationError,
    Conflict,
    DailyLimitReached,
    HubSpotError,
    MissingScopes,
    NotFound,
    RateLimited,
    TransientError,
    ValidationError,
)
from .hubspot_mapping import (
    COMPANY_PROPERTIES,
    CONTACT_PROPERTIES,
    card_domain,
    company_properties,
    contact_email,
    contact_key,
    contact_properties,
    email_properties,
    note_body,
    note_marker,
    photo_name,
    task_properties,
    timestamp,
)

log = logging.getLogger(__name__)

# HUBSPOT_DEFINED association type ids (reference §3.2).
NOTE_TO_CONTACT, NOTE_TO_COMPANY = 202, 190
EMAIL_TO_CONTACT, TASK_TO_CONTACT = 198, 204
BATCH = 100


class RemoteIdMap(Protocol):
    def get(self, crm: str, kind: str, key: str) -> str | None: ...
    def many(self, crm: str, kind: str, keys: Sequence[str]) -> dict[str, str]: ...
    def put(self, crm: str, kind: str, key: str, remote_id: str) -> None: ...


@dataclass(frozen=True)
class HubSpotSettings:
    folder: str = "/cardfollow/cards"
    owner_id: str | None = None
    send_mode: str = "smtp"  # "smtp": cardfollow mails; "hubspot": a task holds the draft


class _Card:
    """One card's push in progress: its data, what is done, what went wrong."""

    def __init__(self, card: PushCard, progress: Progress) -> None:
        self.card = card
        self.done: dict[str, Any] = dict(card.progress)
        self.error: str | None = None
        self.retry = False
        self.warnings: list[str] = []
        self._progress = progress

    @property
    def id(self) -> int:
        return self.card.card_id

    @property
    def alive(self) -> bool:
        return self.error is None

    def save(self, **values: Any) -> None:
        self.done.update(values)
        self._progress.save(self.id, values)

    def fail(self, error: str, *, retry: bool = False) -> None:
        if self.error is None:
            self.error, self.retry = error, retry

    def outcome(self) -> Outcome:
        ids = {
            k: str(self.done[k]) for k in ("contact", "company", "file", "note") if k in self.done
        }
        if self.error:
            return Outcome(
                self.id, False, ids, self.error, self.retry, warnings=tuple(self.warnings)
            )
        return Outcome(self.id, True, ids, warnings=tuple(self.warnings))


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

    # --- push ---------------------------------------------------------------------------

    def push(self, cards: Sequence[PushCard], progress: Progress) -> list[Outcome]:
        work = [_Card(c, progress) for c in cards]
        try:
            self._ensure_properties()
            self._contacts(work)
            self._companies([w for w in work if w.alive])
            full = [w for w in work if w.alive and not w.card.update_only]
            self._photos(full)
            self._notes(full)
        except (DailyLimitReached, AuthenticationError, MissingScopes) as exc:
            raise CrmStopped(_stop_message(exc)) from None
        except (RateLimited, TransientError, AmbiguousWrite, OSError) as exc:
            # The whole batch waits for a later run; what is done stays recorded.
            for w in work:
                w.fail(f"HubSpot unavailable: {_short(exc)}", retry=True)
        except HubSpotError as exc:
            # Refused outright (e.g. a portal's own validation rule): say so on every card
            # still open; what is done stays recorded for when the cause is fixed.
            for w in work:
                w.fail(f"HubSpot refused: {_short(exc)}")
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

    def _contacts(self, work: list[_Card]) -> None:
        todo = [w for w in work if "contact" not in w.done]
        known = self.ids.many(self.name, "contact", [str(w.card.contact_id) for w in todo])
        by_email: dict[str, list[_Card]] = {}
        by_key: dict[str, list[_Card]] = {}
        by_id: dict[str, list[_Card]] = {}
        for w in todo:
            email = contact_email(w.card)
            remote = known.get(str(w.card.contact_id))
            if remote:
                # Pushed before: update that record (a corrected email moves with it).
                by_id.setdefault(remote, []).append(w)
            elif email:
                by_email.setdefault(email, []).append(w)
            else:
                found = self._match_without_email(w)
                if found:
                    by_id.setdefault(found, []).append(w)
                else:
                    w.warnings.append(
                        "no email: created a new HubSpot contact; check it is not a duplicate"
                    )
                    by_key.setdefault(contact_key(w.card), []).append(w)
        self._upsert_contacts("email", by_email)
        self._upsert_contacts("cardfollow_key", by_key)
        gone = self._update_contacts(by_id)
        if gone:  # merged away or deleted in HubSpot since: made again, by email or our key
            again: dict[str, list[_Card]] = {}
            keyed: dict[str, list[_Card]] = {}
            for w in gone:
                w.warnings.append("the HubSpot contact pushed before is gone; made again")
                email = contact_email(w.card)
                if email:
                    again.setdefault(email, []).append(w)
                else:
                    keyed.setdefault(contact_key(w.card), []).append(w)
            self._upsert_contacts("email", again)
            self._upsert_contacts("cardfollow_key", keyed)

    def _match_without_email(self, w: _Card) -> str | None:
        """An existing HubSpot contact for a card without an email: by phone, else by name and
        company. Only records that existed before are meant (search lags behind writes; ours
        are found by id)."""
        phones = [p.get("number") for p in w.card.fields.get("phones") or [] if p.get("number")]
        props = contact_properties(w.card)
        names = [props.get("firstname"), props.get("lastname"), props.get("company")]
        tries: list[tuple[str, list[dict[str, Any]]]] = []
        if phones:
            by_phone = [
                _filters((prop, "EQ", number))
                for number in phones[:2]
                for prop in ("phone", "mobilephone")
            ]
            tries.append(("phone", by_phone))
        if all(names):
            fields = zip(("firstname", "lastname", "company"), names, strict=True)
            tries.append(("name and company", [_filters(*((p, "EQ", v) for p, v in fields))]))
        for how, groups in tries:
            found = self.client.search("contacts", groups, properties=("email",), limit=2)
            results = sorted(found.get("results") or [], key=lambda r: int(r["id"]))
            if results:
                remote = str(results[0]["id"])
                w.warnings.append(
                    f"no email: matched HubSpot contact {remote} by {how}; please check"
                )
                return remote
        return None

    def _upsert_contacts(self, id_property: str, groups: dict[str, list[_Card]]) -> None:
        keys = list(groups)
        for start in range(0, len(keys), BATCH):
            chunk = keys[start : start + BATCH]
            inputs = []
            for key in chunk:
                props = self._merged(groups[key])
                if id_property != "email":
                    props[id_property] = key
                inputs.append(
                    {
                        "idProperty": id_property,
                        "id": key,
                        "properties": props,
                        "objectWriteTraceId": _trace(groups[key]),
                    }
                )
            try:
                result = self.client.batch_upsert("contacts", id_property, inputs)
            except Conflict as exc:
                # The batch as a whole was refused over one record: do it card by card, so
                # a conflict names its existing contact and is resolved by updating that one.
                for item in inputs:
                    self._upsert_one(id_property, item, groups[item["id"]], exc)
                continue
            self._take_contacts(id_property, inputs, groups, result)

    def _upsert_one(
        self, id_property: str, item: dict[str, Any], cards: list[_Card], first: Conflict
    ) -> None:
        try:
            result = self.client.batch_upsert("contacts", id_property, [item])
        except Conflict as exc:
            existing = exc.existing_id or first.existing_id
            if not existing:
                for w in cards:
                    w.fail(f"HubSpot refused the contact: {_short(exc)}")
                return
            self._update_contacts(
                {existing: cards}, keep_email=False, note="email belongs to HubSpot contact"
            )
            return
        except HubSpotError as exc:
            if _stops(exc):
                raise
            for w in cards:
                w.fail(f"HubSpot refused the contact: {_short(exc)}")
            return
        self._take_contacts(id_property, [item], {item["id"]: cards}, result)

    def _take_contacts(
        self,
        id_property: str,
        inputs: list[dict[str, Any]],
        groups: dict[str, list[_Card]],
        result: BatchResult,
    ) -> None:
        by_trace = {item["objectWriteTraceId"]: item["id"] for item in inputs}
        for record in result.results:
            key = by_trace.get(record.get("objectWriteTraceId") or "")
            if key is None:
                value = (record.get("properties") or {}).get(id_property) or ""
                key = value.lower() if id_property == "email" else value
            if key not in groups:
                continue
            for w in groups[key]:
                self._record_contact(w, str(record["id"]), record.get("new"))
        for trace, error in result.errors_by_trace_id().items():
            message = error.get("message") or error.get("category") or "refused"
            for w in groups.get(by_trace.get(trace) or "", []):
                w.fail(f"HubSpot refused the contact: {message}")
        for key in groups:
            for w in groups[key]:
                if w.alive and "contact" not in w.done:
                    w.fail("HubSpot answered without this contact", retry=True)

    def _update_contacts(
        self, groups: dict[str, list[_Card]], *, keep_email: bool = True, note: str = ""
    ) -> list[_Card]:
        """Update records by id; returns the cards whose record no longer exists."""
        gone: list[_Card] = []
        ids = list(groups)
        for start in range(0, len(ids), BATCH):
            chunk = ids[start : start + BATCH]
            inputs = [{"id": r, "properties": self._merged(groups[r], keep_email)} for r in chunk]
            try:
                result = self.client.batch_update("contacts", inputs)
            except (Conflict, NotFound) as exc:
                # One record's new email belongs to another contact, or one record is gone:
                # one by one, so each conflict names its contact (and is resolved by updating
                # that one) and each missing record is known.
                for item in inputs:
                    if not self._update_one(item, groups[item["id"]], exc):
                        gone.extend(groups[item["id"]])
                continue
            except ValidationError as exc:
                for remote in chunk:
                    for w in groups[remote]:
                        w.fail(f"HubSpot refused the update of contact {remote}: {_short(exc)}")
                continue
            missing = set(result.missing_ids())
            for remote in chunk:
                for w in groups[remote]:
                    if remote in missing:
                        gone.append(w)
                    else:
                        self._record_contact(w, remote, False)
                        if note:
                            w.warnings.append(f"{note} {remote}")
        return gone

    def _update_one(self, item: dict[str, Any], cards: list[_Card], first: HubSpotError) -> bool:
        """Update one record by id; False when it no longer exists."""
        try:
            self.client.patch("contacts", item["id"], item["properties"])
        except NotFound:
            return False
        except Conflict as exc:
            existing = exc.existing_id or getattr(first, "existing_id", None)
            if not existing or existing == item["id"]:
                for w in cards:
                    w.fail(f"HubSpot refused the contact: {_short(exc)}")
                return True
            # The email is already that contact's: it is the same person, so update it
            # (never create again) and let our contact point there from now on.
            self._update_contacts(
                {existing: cards}, keep_email=False, note="email belongs to HubSpot contact"
            )
            return True
        for w in cards:
            self._record_contact(w, item["id"], False)
        return True

    def _merged(self, cards: list[_Card], keep_email: bool = True) -> dict[str, str]:
        props: dict[str, str] = {}
        for w in cards:  # cards of one person: the latest card's values win
            props.update(contact_properties(w.card))
        if not keep_email:
            props.pop("email", None)
        return props

    def _record_contact(self, w: _Card, remote: str, new: bool | None) -> None:
        self.ids.put(self.name, "contact", str(w.card.contact_id), remote)
        w.save(contact=remote, contact_new=bool(new))

    def _companies(self, work: list[_Card]) -> None:
        wanted: dict[str, list[_Card]] = {}
        for w in work:
            domain = card_domain(w.card)
            if domain and "company" not in w.done:
                wanted.setdefault(domain, []).append(w)
            elif domain and not w.done.get("company_linked"):
                self._link_companies([w])
        if not wanted:
            return
        found = self.ids.many(self.name, "company", list(wanted))
        missing = [d for d in wanted if d not in found]
        for start in range(0, len(missing), BATCH):
            chunk = missing[start : start + BATCH]
            result = self.client.batch_read(
                "companies", chunk, id_property="cardfollow_domain", properties=("domain",)
            )
            for record in result.results:
                domain = (record.get("properties") or {}).get("cardfollow_domain")
                if domain in wanted:
                    found[domain] = str(record["id"])
        unkeyed = [d for d in missing if d not in found]
        found.update(self._companies_by_domain(unkeyed))
        to_create = [d for d in unkeyed if d not in found]
        for start in range(0, len(to_create), BATCH):
            chunk = to_create[start : start + BATCH]
            inputs = [
                {
                    "idProperty": "cardfollow_domain",
                    "id": d,
                    "properties": company_properties(wanted[d][-1].card, d),
                    "objectWriteTraceId": f"company-{d}"[:120],
                }
                for d in chunk
            ]
            result = self.client.batch_upsert("companies", "cardfollow_domain", inputs)
            for record in result.results:
                domain = (record.get("properties") or {}).get("cardfollow_domain")
                if domain in wanted:
                    found[domain] = str(record["id"])
        for domain, cards in wanted.items():
            remote = found.get(domain)
            if remote is None:
                for w in cards:
                    w.warnings.append(f"company {domain} could not be made in HubSpot")
                continue
            self.ids.put(self.name, "company", domain, remote)
            for w in cards:
                w.save(company=remote)
        self._link_companies([w for cards in wanted.values() for w in cards if "company" in w.done])

    def _companies_by_domain(self, domains: list[str]) -> dict[str, str]:
        """Companies the user already had, by ``domain`` (search is fine here: it finds what
        existed before; what we write is found by ``cardfollow_domain``). One search per 100
        domains; the oldest record wins when HubSpot holds several."""
        found: dict[str, str] = {}
        for start in range(0, len(domains), BATCH):
            chunk = domains[start : start + BATCH]
            group = {"filters": [{"propertyName": "domain", "operator": "IN", "values": chunk}]}
            after: str | None = None
            while True:
                page = self.client.search(
                    "companies", [group], properties=("domain",), limit=200, after=after
                )
                for record in sorted(page.get("results") or [], key=lambda r: int(r["id"])):
                    domain = ((record.get("properties") or {}).get("domain") or "").lower()
                    if domain in chunk and domain not in found:
                        found[domain] = str(record["id"])
                after = ((page.get("paging") or {}).get("next") or {}).get("after")
                if not after:
                    break
        for domain, remote in found.items():
            try:  # key it, so the next push finds it by a consistent read
                self.client.patch("companies", remote, {"cardfollow_domain": domain})
            except HubSpotError as exc:
                if _stops(exc):
                    raise
                log.info("company %s: could not set cardfollow_domain: %s", remote, _short(exc))
        return found

    def _link_companies(self, work: list[_Card]) -> None:
        pairs = [w for w in work if not w.done.get("company_linked") and "company" in w.done]
        for start in range(0, len(pairs), BATCH):
            chunk = pairs[start : start + BATCH]
            # Associating twice is harmless in HubSpot, so this needs no recovery step.
            self.client.batch_associate_default(
                "contacts",
                "companies",
                [(str(w.done["contact"]), str(w.done["company"])) for w in chunk],
            )
            for w in chunk:
                w.save(company_linked=True)

    def _photos(self, work: list[_Card]) -> None:
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

    def _notes(self, work: list[_Card]) -> None:
        todo: list[_Card] = []
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

    def _find_note(self, w: _Card) -> str | None:
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
                mail.card_id, False, error=f"HubSpot unavailable: {_short(exc)}", retry=True
            )
        except HubSpotError as exc:
            return Outcome(mail.card_id, False, error=f"HubSpot refused the {kind}: {_short(exc)}")
        remote = str(record["id"])
        progress.save(mail.card_id, {kind: remote})
        return Outcome(mail.card_id, True, {kind: remote, "contact": contact})


def _filters(*conditions: tuple[str, str, str]) -> dict[str, Any]:
    """One search filter group: (property, operator, value) conditions, all of them."""
    return {
        "filters": [
            {"propertyName": prop, "operator": op, "value": value} for prop, op, value in conditions
        ]
    }


def _to(remote: Any, type_id: int) -> dict[str, Any]:
    return {
        "to": {"id": str(remote)},
        "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": type_id}],
    }


def _trace(cards: list[_Card]) -> str:
    return f"card-{cards[-1].id}"


def _stops(exc: Exception) -> bool:
    return isinstance(exc, DailyLimitReached | AuthenticationError | MissingScopes)


def _stop_message(exc: HubSpotError) -> str:
    if isinstance(exc, DailyLimitReached):
        return "HubSpot's daily API limit is used up; the rest stays queued until tomorrow"
    if isinstance(exc, MissingScopes):
        scopes = ", ".join(exc.required) or "see HubSpot's message"
        return f"the HubSpot token lacks scopes ({scopes}); add them to the app and push again"
    return "HubSpot refused the credentials (CARDFOLLOW_HUBSPOT_TOKEN or OAuth); nothing was pushed"


def _short(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 300 else text[:297] + "..."


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
