"""The contact step of a HubSpot push: every card's contact found or made, never twice.

Upserted by lower-cased email (trace ids per card; a 207 is reported per card); a contact
pushed before is updated by id, so a corrected email moves with it, and a 409 "Existing ID: N"
is resolved by updating N. A card without an email is matched by phone, then by name and
company (search finds only what existed before, never what we just wrote), else created under
a unique ``cardfollow_key``, so a retried create is an update.
"""

from __future__ import annotations

from typing import Any

from .client import BatchResult, HubSpotClient
from .errors import Conflict, HubSpotError, NotFound, ValidationError
from .mapping import contact_email, contact_key, contact_properties
from .work import BATCH, CardWork, RemoteIdMap, filters, short, stops


class ContactSync:
    def __init__(self, client: HubSpotClient, ids: RemoteIdMap, crm: str) -> None:
        self.client = client
        self.ids = ids
        self.name = crm

    def run(self, work: list[CardWork]) -> None:
        """Every card's HubSpot contact, found or made, recorded on the card."""
        todo = [w for w in work if "contact" not in w.done]
        known = self.ids.many(self.name, "contact", [str(w.card.contact_id) for w in todo])
        by_email: dict[str, list[CardWork]] = {}
        by_key: dict[str, list[CardWork]] = {}
        by_id: dict[str, list[CardWork]] = {}
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
            again: dict[str, list[CardWork]] = {}
            keyed: dict[str, list[CardWork]] = {}
            for w in gone:
                w.warnings.append("the HubSpot contact pushed before is gone; made again")
                email = contact_email(w.card)
                if email:
                    again.setdefault(email, []).append(w)
                else:
                    keyed.setdefault(contact_key(w.card), []).append(w)
            self._upsert_contacts("email", again)
            self._upsert_contacts("cardfollow_key", keyed)

    def _match_without_email(self, w: CardWork) -> str | None:
        """An existing HubSpot contact for a card without an email: by phone, else by name and
        company. Only records that existed before are meant (search lags behind writes; ours
        are found by id)."""
        phones = [p.get("number") for p in w.card.fields.get("phones") or [] if p.get("number")]
        props = contact_properties(w.card)
        names = [props.get("firstname"), props.get("lastname"), props.get("company")]
        tries: list[tuple[str, list[dict[str, Any]]]] = []
        if phones:
            by_phone = [
                filters((prop, "EQ", number))
                for number in phones[:2]
                for prop in ("phone", "mobilephone")
            ]
            tries.append(("phone", by_phone))
        if all(names):
            fields = zip(("firstname", "lastname", "company"), names, strict=True)
            tries.append(("name and company", [filters(*((p, "EQ", v) for p, v in fields))]))
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

    def _upsert_contacts(self, id_property: str, groups: dict[str, list[CardWork]]) -> None:
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
        self, id_property: str, item: dict[str, Any], cards: list[CardWork], first: Conflict
    ) -> None:
        try:
            result = self.client.batch_upsert("contacts", id_property, [item])
        except Conflict as exc:
            existing = exc.existing_id or first.existing_id
            if not existing:
                for w in cards:
                    w.fail(f"HubSpot refused the contact: {short(exc)}")
                return
            self._update_contacts(
                {existing: cards}, keep_email=False, note="email belongs to HubSpot contact"
            )
            return
        except HubSpotError as exc:
            if stops(exc):
                raise
            for w in cards:
                w.fail(f"HubSpot refused the contact: {short(exc)}")
            return
        self._take_contacts(id_property, [item], {item["id"]: cards}, result)

    def _take_contacts(
        self,
        id_property: str,
        inputs: list[dict[str, Any]],
        groups: dict[str, list[CardWork]],
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
        self, groups: dict[str, list[CardWork]], *, keep_email: bool = True, note: str = ""
    ) -> list[CardWork]:
        """Update records by id; returns the cards whose record no longer exists."""
        gone: list[CardWork] = []
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
                        w.fail(f"HubSpot refused the update of contact {remote}: {short(exc)}")
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

    def _update_one(self, item: dict[str, Any], cards: list[CardWork], first: HubSpotError) -> bool:
        """Update one record by id; False when it no longer exists."""
        try:
            self.client.patch("contacts", item["id"], item["properties"])
        except NotFound:
            return False
        except Conflict as exc:
            existing = exc.existing_id or getattr(first, "existing_id", None)
            if not existing or existing == item["id"]:
                for w in cards:
                    w.fail(f"HubSpot refused the contact: {short(exc)}")
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

    def _merged(self, cards: list[CardWork], keep_email: bool = True) -> dict[str, str]:
        props: dict[str, str] = {}
        for w in cards:  # cards of one person: the latest card's values win
            props.update(contact_properties(w.card))
        if not keep_email:
            props.pop("email", None)
        return props

    def _record_contact(self, w: CardWork, remote: str, new: bool | None) -> None:
        self.ids.put(self.name, "contact", str(w.card.contact_id), remote)
        w.save(contact=remote, contact_new=bool(new))


def _trace(cards: list[CardWork]) -> str:
    return f"card-{cards[-1].id}"
