"""The object types the fake serves: names, type ids, scopes and per-type property conventions."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import ApiError


@dataclass(frozen=True)
class ObjectType:
    name: str  # the plural path name, e.g. "contacts"
    type_id: str  # HubSpot's object type id, e.g. "0-1"
    singular: str
    scope_object: str  # whose scopes cover it: engagements ride on contacts (§1.1)
    created_prop: str
    modified_prop: str
    default_props: tuple[str, ...]  # returned when the caller names no properties
    query_props: tuple[str, ...]  # searched by the free-text ``query``

    @property
    def read_scope(self) -> str:
        return f"crm.objects.{self.scope_object}.read"

    @property
    def write_scope(self) -> str:
        return f"crm.objects.{self.scope_object}.write"

    @property
    def schema_write_scope(self) -> str:
        return f"crm.schemas.{self.scope_object}.write"

    @property
    def schema_read_scope(self) -> str:
        return f"crm.schemas.{self.scope_object}.read"

    @property
    def always_props(self) -> tuple[str, ...]:
        """Sent back whatever ``properties=`` asked for."""
        return (self.created_prop, self.modified_prop, "hs_object_id")


_ENGAGEMENT_DEFAULTS = ("hs_createdate", "hs_lastmodifieddate", "hs_object_id")

TYPES: dict[str, ObjectType] = {
    t.name: t
    for t in (
        ObjectType(
            "contacts",
            "0-1",
            "contact",
            "contacts",
            "createdate",
            "lastmodifieddate",
            ("createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"),
            ("firstname", "lastname", "email", "phone", "mobilephone", "company", "website"),
        ),
        ObjectType(
            "companies",
            "0-2",
            "company",
            "companies",
            "createdate",
            "hs_lastmodifieddate",
            ("createdate", "domain", "hs_lastmodifieddate", "hs_object_id", "name"),
            ("name", "domain", "website", "phone"),
        ),
        ObjectType(
            "notes",
            "0-46",
            "note",
            "contacts",
            "hs_createdate",
            "hs_lastmodifieddate",
            _ENGAGEMENT_DEFAULTS,
            ("hs_note_body",),
        ),
        ObjectType(
            "emails",
            "0-49",
            "email",
            "contacts",
            "hs_createdate",
            "hs_lastmodifieddate",
            _ENGAGEMENT_DEFAULTS,
            ("hs_email_subject", "hs_email_text"),
        ),
        ObjectType(
            "tasks",
            "0-27",
            "task",
            "contacts",
            "hs_createdate",
            "hs_lastmodifieddate",
            _ENGAGEMENT_DEFAULTS,
            ("hs_task_subject", "hs_task_body"),
        ),
        ObjectType(
            "meetings",
            "0-47",
            "meeting",
            "contacts",
            "hs_createdate",
            "hs_lastmodifieddate",
            _ENGAGEMENT_DEFAULTS,
            ("hs_meeting_title", "hs_meeting_body"),
        ),
        ObjectType(
            "calls",
            "0-48",
            "call",
            "contacts",
            "hs_createdate",
            "hs_lastmodifieddate",
            _ENGAGEMENT_DEFAULTS,
            ("hs_call_title", "hs_call_body"),
        ),
    )
}

_ALIASES = {alias: t for t in TYPES.values() for alias in (t.name, t.singular, t.type_id)}

ALL_SCOPES: frozenset[str] = frozenset(
    {
        "oauth",
        "files",
        "sales-email-read",
        *(s for t in TYPES.values() for s in (t.read_scope, t.write_scope)),
        *(s for t in TYPES.values() for s in (t.schema_read_scope, t.schema_write_scope)),
    }
)


def object_type(name: str) -> ObjectType:
    """Resolve a path's object type (plural, singular or type id), as HubSpot does."""
    found = _ALIASES.get(name.lower())
    if found is None:
        raise ApiError(400, "VALIDATION_ERROR", f"Unable to infer object type from: {name}")
    return found
