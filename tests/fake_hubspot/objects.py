"""CRM records (§2, §3, §8.2): single and batch create/read/update/upsert/archive, and list."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .associations import TYPES as ASSOCIATION_TYPES
from .associations import AssociationStore, check_type
from .clock import iso
from .errors import ApiError, PropertyProblem, bad_request, not_found, validation_error
from .files import FileStore
from .properties import PropertyStore
from .schema import TYPES, ObjectType, object_type
from .settings import Settings

MAX_BATCH = 100
ENGAGEMENTS = {"notes", "emails", "tasks", "meetings", "calls"}  # need hs_timestamp


@dataclass
class Record:
    id: str
    properties: dict[str, str]
    created: float
    updated: float
    archived: bool = False
    archived_at: float | None = None
    # The search index: (visible from, snapshot or None once archived), oldest first.
    versions: list[tuple[float, dict[str, Any] | None]] = field(default_factory=list)

    def public(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "properties": dict(self.properties),
            "createdAt": iso(self.created),
            "updatedAt": iso(self.updated),
            "archived": self.archived,
        }
        if self.archived_at is not None:
            out["archivedAt"] = iso(self.archived_at)
        return out


@dataclass
class Plan:
    """A validated write, applied only once a whole (atomic) batch has passed."""

    values: dict[str, str]
    links: list[tuple[str, int]]  # (to id, association type id)
    record: Record | None = None  # None: create
    trace_id: str | None = None
    new: bool = False


def non_unique(t: ObjectType, prop: str, portal_id: int) -> ApiError:
    return bad_request(
        f"Unable to perform update/upsert by non-unique {t.type_id} property {prop} "
        f"in portal ID {portal_id}"
    )


def conflict(existing_id: str) -> ApiError:
    return ApiError(409, "CONFLICT", f"Contact already exists. Existing ID: {existing_id}")


class ObjectStore:
    """All records of every type. Not thread-safe: the server serialises requests."""

    def __init__(
        self,
        settings: Settings,
        now: Callable[[], float],
        properties: PropertyStore,
        associations: AssociationStore,
        files: FileStore,
    ) -> None:
        self.settings = settings
        self.now = now
        self.properties = properties
        self.associations = associations
        self.files = files
        self.records: dict[str, dict[str, Record]] = {name: {} for name in TYPES}
        self._next_id = 1000

    # ----- lookups -------------------------------------------------------------------------

    def unique_key(self, t: ObjectType, prop: str, value: str) -> tuple[str, str]:
        """The comparable form of a unique value: emails match case-insensitively (§2.3)."""
        return (prop, value.strip().lower()) if prop == "email" else (prop, value)

    def unique_props(self, t: ObjectType) -> list[str]:
        extra = ["email"] if t.name == "contacts" else []
        return extra + self.properties.unique_names(t.name)

    def check_id_property(self, t: ObjectType, prop: str | None) -> None:
        if prop in (None, "hs_object_id") or prop in self.unique_props(t):
            return
        raise non_unique(t, str(prop), self.settings.portal_id)

    def find(
        self, t: ObjectType, key: str, id_property: str | None = None, *, archived: bool = False
    ) -> Record | None:
        self.check_id_property(t, id_property)
        records = self.records[t.name]
        if id_property in (None, "hs_object_id"):
            found = records.get(key)
        else:
            wanted = self.unique_key(t, id_property, key)
            found = next(
                (
                    r
                    for r in records.values()
                    if r.archived == archived
                    and id_property in r.properties
                    and self.unique_key(t, id_property, r.properties[id_property]) == wanted
                ),
                None,
            )
        return found if found is not None and found.archived == archived else None

    def holder(self, t: ObjectType, prop: str, value: str) -> Record | None:
        return self.find(t, value, prop) if value else None

    # ----- output ----------------------------------------------------------------------------

    def render(
        self,
        t: ObjectType,
        rec: Record,
        properties: list[str] | None = None,
        associations: list[str] | None = None,
        *,
        snapshot: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """A SimplePublicObject: requested (or default) properties, null where unset."""
        out = copy.deepcopy(snapshot) if snapshot is not None else rec.public()
        stored = out["properties"]
        names = [*t.always_props, *properties] if properties else list(t.default_props)
        out["properties"] = {
            n: stored.get(n) for n in dict.fromkeys(names) if self.properties.get(t.name, n)
        }
        if associations:
            linked: dict[str, Any] = {}
            for name in associations:
                try:
                    to = object_type(name)
                except ApiError:
                    continue  # HubSpot ignores association types it does not know here
                results = [
                    {"id": to_id, "type": ASSOCIATION_TYPES[type_id].name}
                    for to_id, type_ids in self.associations.of(t.name, rec.id, to.name)
                    for type_id in type_ids
                ]
                if results:
                    linked[to.name] = {"results": results}
            if linked:
                out["associations"] = linked
        return out

    # ----- validation ------------------------------------------------------------------------

    def _validate(
        self, t: ObjectType, raw: Any, *, creating: bool
    ) -> tuple[dict[str, str], list[PropertyProblem]]:
        required = list(self.settings.required_properties.get(t.name, []))
        values, problems = self.properties.validate(
            t.name, raw, required=required, creating=creating
        )
        flagged = {p.name for p in problems}
        if (
            t.name in ENGAGEMENTS
            and creating
            and not values.get("hs_timestamp")
            and "hs_timestamp" not in flagged
        ):
            problems.append(
                PropertyProblem("hs_timestamp", "REQUIRED_PROPERTY", "hs_timestamp is required")
            )
        ids = values.get("hs_attachment_ids", "")
        missing = [i for i in (p.strip() for p in ids.split(";")) if i and not self.files.exists(i)]
        if missing:
            problems.append(
                PropertyProblem(
                    "hs_attachment_ids",
                    "INVALID_ATTACHMENT_ID",
                    f"File ids do not exist: {';'.join(missing)}",
                )
            )
        return values, problems

    def _check_unique(
        self,
        t: ObjectType,
        values: dict[str, str],
        claims: dict[tuple[str, str], str | None],
        own_id: str | None,
    ) -> None:
        """Raise when a unique value is held by another record or claimed earlier in the batch."""
        for prop in self.unique_props(t):
            value = values.get(prop)
            if not value:
                continue
            key = self.unique_key(t, prop, value)
            if key in claims and (own_id is None or claims[key] != own_id):
                raise bad_request(
                    f"Duplicate values found in batch input for unique property {prop}: {value}"
                )
            held = self.holder(t, prop, value)
            if held is None or held.id == own_id:
                continue
            if prop == "email":
                raise conflict(held.id)
            # Real HubSpot's exact wording is unknown; "already has that value" is reported [U].
            raise validation_error(
                [
                    PropertyProblem(
                        prop,
                        "INVALID_UNIQUE_VALUE",
                        f"{value} already has that value: record {held.id} holds {prop}={value}",
                    )
                ]
            )

    def _claim(self, t: ObjectType, plan: Plan, claims: dict[tuple[str, str], str | None]) -> None:
        for prop in self.unique_props(t):
            if plan.values.get(prop):
                claims[self.unique_key(t, prop, plan.values[prop])] = (
                    plan.record.id if plan.record else None
                )

    def _links(self, t: ObjectType, raw: Any) -> list[tuple[str, int]]:
        if raw is None:
            return []
        if not isinstance(raw, list):
            raise bad_request("associations must be a list")
        links: list[tuple[str, int]] = []
        for item in raw:
            try:
                to_id = str(item["to"]["id"])
                kinds = item["types"]
                assert isinstance(kinds, list) and kinds
            except (KeyError, TypeError, AssertionError) as exc:
                raise bad_request(
                    "Each association needs to.id and a non-empty types list"
                ) from exc
            for kind in kinds:
                if not isinstance(kind, dict):
                    raise bad_request("Each association type must be an object")
                type_id = check_type(
                    kind.get("associationTypeId"), kind.get("associationCategory"), t.name, None
                )
                to_type = TYPES[ASSOCIATION_TYPES[type_id].to_type]
                target = self.records[to_type.name].get(to_id)
                if target is None or target.archived:
                    raise bad_request(
                        f"One or more associations are invalid: {to_type.singular} {to_id} "
                        "does not exist"
                    )
                links.append((to_id, type_id))
        return links

    def plan_create(
        self,
        t: ObjectType,
        item: dict[str, Any],
        claims: dict[tuple[str, str], str | None],
        *,
        extra: dict[str, str] | None = None,
    ) -> Plan:
        values, problems = self._validate(t, item.get("properties"), creating=True)
        if problems:
            raise validation_error(problems)
        values = {k: v for k, v in values.items() if v != ""} | (extra or {})
        self._check_unique(t, values, claims, None)
        plan = Plan(values, self._links(t, item.get("associations")), new=True)
        self._claim(t, plan, claims)
        return plan

    def plan_update(
        self,
        t: ObjectType,
        rec: Record,
        raw: Any,
        claims: dict[tuple[str, str], str | None],
    ) -> Plan:
        values, problems = self._validate(t, raw, creating=False)
        if problems:
            raise validation_error(problems)
        self._check_unique(t, values, claims, rec.id)
        plan = Plan(values, [], record=rec)
        self._claim(t, plan, claims)
        return plan

    # ----- writes ----------------------------------------------------------------------------

    def apply(self, t: ObjectType, plan: Plan) -> Record:
        now = self.now()
        rec = plan.record
        if rec is None:
            self._next_id += 1
            rec = Record(str(self._next_id), {}, now, now)
            rec.properties[t.created_prop] = iso(now)
            rec.properties["hs_object_id"] = rec.id
            self.records[t.name][rec.id] = rec
        for name, value in plan.values.items():
            if value == "":
                rec.properties.pop(name, None)
            else:
                rec.properties[name] = value
        if "hs_email_headers" in plan.values:
            _derive_email_headers(rec.properties)
        rec.updated = now
        rec.properties[t.modified_prop] = iso(now)
        for to_id, type_id in plan.links:
            self.associations.add(t.name, rec.id, to_id, type_id)
        self._index(rec)
        return rec

    def _index(self, rec: Record) -> None:
        visible = self.now() + self.settings.index_delay
        rec.versions.append((visible, None if rec.archived else rec.public()))

    def archive_record(self, rec: Record) -> None:
        if not rec.archived:
            rec.archived = True
            rec.archived_at = self.now()
            self._index(rec)

    # ----- single-record endpoints -------------------------------------------------------------

    def create(self, t: ObjectType, body: Any) -> dict[str, Any]:
        if not isinstance(body, dict):
            raise bad_request("Invalid input JSON: expected an object")
        rec = self.apply(t, self.plan_create(t, body, {}))
        return rec.public()

    def get(
        self,
        t: ObjectType,
        key: str,
        *,
        id_property: str | None,
        archived: bool,
        properties: list[str] | None,
        associations: list[str] | None,
    ) -> dict[str, Any]:
        rec = self.find(t, key, id_property, archived=archived)
        if rec is None:
            raise not_found(f"Object not found.  objectId are usually numeric. ({key})")
        return self.render(t, rec, properties, associations)

    def update(
        self, t: ObjectType, key: str, body: Any, *, id_property: str | None
    ) -> dict[str, Any]:
        if not isinstance(body, dict):
            raise bad_request("Invalid input JSON: expected an object")
        rec = self.find(t, key, id_property)
        if rec is None:
            raise not_found(f"Object not found.  objectId are usually numeric. ({key})")
        return self.apply(t, self.plan_update(t, rec, body.get("properties"), {})).public()

    def archive(self, t: ObjectType, key: str) -> None:
        rec = self.records[t.name].get(key)
        if rec is not None:
            self.archive_record(rec)

    def list(
        self,
        t: ObjectType,
        *,
        limit: int,
        after: str | None,
        archived: bool,
        properties: list[str] | None,
        associations: list[str] | None,
    ) -> dict[str, Any]:
        if not 1 <= limit <= 100:
            raise bad_request(f"limit must be between 1 and 100, got {limit}")
        if after is not None and not after.isdigit():
            raise bad_request(f"Invalid after cursor: {after}")
        start = int(after) if after else 0
        ordered = sorted(
            (
                r
                for r in self.records[t.name].values()
                if r.archived == archived and int(r.id) >= start
            ),
            key=lambda r: int(r.id),
        )
        page = ordered[:limit]
        out: dict[str, Any] = {
            "results": [self.render(t, r, properties, associations) for r in page]
        }
        if len(ordered) > limit:
            nxt = ordered[limit].id
            out["paging"] = {"next": {"after": nxt, "link": f"?after={nxt}"}}
        return out

    # ----- batch endpoints -----------------------------------------------------------------------

    def _inputs(self, body: Any) -> list[dict[str, Any]]:
        if not isinstance(body, dict) or not isinstance(body.get("inputs"), list):
            raise bad_request('Invalid input JSON: expected {"inputs": [...]}')
        inputs = body["inputs"]
        if len(inputs) > MAX_BATCH:
            raise bad_request(
                f"Too many inputs: {len(inputs)}. The maximum batch size is {MAX_BATCH}",
                context={"maxInputs": [str(MAX_BATCH)]},
            )
        if not all(isinstance(i, dict) for i in inputs):
            raise bad_request("Every input must be an object")
        return inputs

    @staticmethod
    def _traced(inputs: list[dict[str, Any]]) -> bool:
        """True when every input carries a unique trace id (the 207 mode, §2.3)."""
        ids = [i.get("objectWriteTraceId") for i in inputs]
        present = [str(x) for x in ids if x not in (None, "")]
        if len(set(present)) != len(present):
            raise bad_request("Duplicate objectWriteTraceId values in one request")
        return bool(inputs) and len(present) == len(inputs)

    def _run(
        self,
        t: ObjectType,
        inputs: list[dict[str, Any]],
        planner: Callable[[dict[str, Any], dict[tuple[str, str], str | None]], Plan],
    ) -> tuple[list[Plan], list[dict[str, Any]]]:
        """Plan every input, then apply: all or nothing without trace ids, per input with them."""
        traced = self._traced(inputs)
        claims: dict[tuple[str, str], str | None] = {}
        plans: list[Plan] = []
        errors: list[dict[str, Any]] = []
        for item in inputs:
            trace = item.get("objectWriteTraceId")
            try:
                plan = planner(item, claims)
            except ApiError as err:
                if not traced:
                    raise  # nothing has been written yet: the batch is atomic
                errors.append(err.batch_entry(str(trace)))
                continue
            plan.trace_id = str(trace) if trace not in (None, "") else None
            plans.append(plan)
        for plan in plans:
            plan.record = self.apply(t, plan)
        return plans, errors

    def _batch_body(
        self, results: list[dict[str, Any]], errors: list[dict[str, Any]], started: float
    ) -> dict[str, Any]:
        body: dict[str, Any] = {
            "status": "COMPLETE",
            "results": results,
            "requestedAt": iso(started),
            "startedAt": iso(started),
            "completedAt": iso(self.now()),
            "links": {},
        }
        if errors:
            body["numErrors"] = len(errors)
            body["errors"] = errors
        return body

    @staticmethod
    def _echo(rec: dict[str, Any], trace: str | None) -> dict[str, Any]:
        if trace is not None:
            rec["objectWriteTraceId"] = trace
        return rec

    def batch_create(self, t: ObjectType, body: Any) -> tuple[int, dict[str, Any]]:
        started = self.now()
        inputs = self._inputs(body)
        plans, errors = self._run(t, inputs, lambda item, claims: self.plan_create(t, item, claims))
        results = [self._echo(p.record.public(), p.trace_id) for p in plans if p.record]
        return (207 if errors else 201), self._batch_body(results, errors, started)

    def batch_upsert(self, t: ObjectType, body: Any) -> tuple[int, dict[str, Any]]:
        started = self.now()
        inputs = self._inputs(body)
        seen: set[tuple[str, str]] = set()
        dupes: list[str] = []
        for item in inputs:
            prop, key = item.get("idProperty"), item.get("id")
            if not prop or key in (None, ""):
                raise bad_request("Every upsert input needs idProperty and id")
            if prop == "hs_object_id":
                raise non_unique(t, prop, self.settings.portal_id)
            self.check_id_property(t, str(prop))
            norm = self.unique_key(t, str(prop), str(key))
            if norm in seen:
                dupes.append(str(key))
            seen.add(norm)
        if dupes:
            raise bad_request(f"Duplicate IDs found in batch input: {dupes}. IDs must be unique")

        def planner(item: dict[str, Any], claims: dict[tuple[str, str], str | None]) -> Plan:
            prop, key = str(item["idProperty"]), str(item["id"])
            rec = self.find(t, key, prop)
            if rec is None:
                raw = dict(item.get("properties") or {})
                raw[prop] = key
                plan = self.plan_create(t, {**item, "properties": raw}, claims)
            else:
                raw = {k: v for k, v in (item.get("properties") or {}).items() if k != prop}
                plan = self.plan_update(t, rec, raw, claims)
            return plan

        plans, errors = self._run(t, inputs, planner)
        results = [
            self._echo(p.record.public(), p.trace_id) | {"new": p.new} for p in plans if p.record
        ]
        return (207 if errors else 200), self._batch_body(results, errors, started)

    def batch_read(self, t: ObjectType, body: Any, *, archived: bool) -> tuple[int, dict[str, Any]]:
        started = self.now()
        inputs = self._inputs(body)
        id_property = body.get("idProperty")
        self.check_id_property(t, id_property)
        properties = [str(p) for p in body.get("properties") or []] or None
        results, missing = [], []
        for item in inputs:
            key = str(item.get("id", ""))
            rec = self.find(t, key, id_property, archived=archived)
            if rec is None:
                missing.append(key)
            else:
                results.append(self.render(t, rec, properties))
        errors = []
        if missing:
            errors.append(
                {
                    "status": "error",
                    "category": "OBJECT_NOT_FOUND",
                    "message": f"Could not get some {t.singular.upper()} objects, they may be "
                    "deleted or not exist. Check that ids are valid.",
                    "context": {"ids": missing},
                }
            )
        return (207 if errors else 200), self._batch_body(results, errors, started)

    def batch_update(self, t: ObjectType, body: Any) -> tuple[int, dict[str, Any]]:
        started = self.now()
        inputs = self._inputs(body)
        keys: list[str] = []
        for item in inputs:
            prop = item.get("idProperty", body.get("idProperty"))
            # Email is not a unique property to batch update (hubspot-api-nodejs#548).
            if prop == "email":
                raise non_unique(t, "email", self.settings.portal_id)
            self.check_id_property(t, prop)
            keys.append(str(item.get("id", "")))
        dupes = sorted({k for k in keys if keys.count(k) > 1})
        if dupes:
            raise bad_request(f"Duplicate IDs found in batch input: {dupes}. IDs must be unique")

        def planner(item: dict[str, Any], claims: dict[tuple[str, str], str | None]) -> Plan:
            key = str(item.get("id", ""))
            rec = self.find(t, key, item.get("idProperty", body.get("idProperty")))
            if rec is None:
                raise not_found(
                    f"Object not found.  objectId are usually numeric. ({key})",
                    context={"ids": [key]},
                )
            return self.plan_update(t, rec, item.get("properties"), claims)

        plans, errors = self._run(t, inputs, planner)
        results = [self._echo(p.record.public(), p.trace_id) for p in plans if p.record]
        return (207 if errors else 200), self._batch_body(results, errors, started)

    def batch_archive(self, t: ObjectType, body: Any) -> None:
        for item in self._inputs(body):
            self.archive(t, str(item.get("id", "")))


def _derive_email_headers(props: dict[str, str]) -> None:
    """Fill the read-only sender/recipient fields HubSpot derives from ``hs_email_headers``."""
    try:
        headers = json.loads(props.get("hs_email_headers", "") or "{}")
    except ValueError:
        return
    if not isinstance(headers, dict):
        return
    sender = headers.get("from") if isinstance(headers.get("from"), dict) else {}
    to = headers.get("to") if isinstance(headers.get("to"), list) else []
    first_to = to[0] if to and isinstance(to[0], dict) else {}
    for side, person in (("from", sender), ("to", first_to)):
        for key, prop in (("email", "email"), ("firstName", "firstname"), ("lastName", "lastname")):
            value = person.get(key)
            name = f"hs_email_{side}_{prop}"
            if value:
                props[name] = str(value)
            else:
                props.pop(name, None)
