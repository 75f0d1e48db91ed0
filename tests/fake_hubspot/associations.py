"""HUBSPOT_DEFINED association types (§3.2) and a bidirectional association store (§8.3)."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import bad_request


@dataclass(frozen=True)
class AssociationType:
    type_id: int
    from_type: str
    to_type: str
    name: str  # the v3 name shown under ``associations.{type}.results[].type``
    label: str | None  # v4 label: only the primary pair has one
    reverse: int


_TABLE = [
    (1, "contacts", "companies", "contact_to_company", "Primary", 2),
    (279, "contacts", "companies", "contact_to_company_unlabeled", None, 280),
    (202, "notes", "contacts", "note_to_contact", None, 201),
    (190, "notes", "companies", "note_to_company", None, 189),
    (198, "emails", "contacts", "email_to_contact", None, 197),
    (186, "emails", "companies", "email_to_company", None, 185),
    (204, "tasks", "contacts", "task_to_contact", None, 203),
    (192, "tasks", "companies", "task_to_company", None, 191),
    # v3 calls a meeting a "meeting_event"; the v4 ids are HubSpot's HUBSPOT_DEFINED ones.
    (200, "meetings", "contacts", "meeting_event_to_contact", None, 199),
    (194, "calls", "contacts", "call_to_contact", None, 193),
]


def _build() -> dict[int, AssociationType]:
    types: dict[int, AssociationType] = {}
    for type_id, src, dst, name, label, rev in _TABLE:
        back = "_to_".join(reversed(name.removesuffix("_unlabeled").split("_to_")))
        if name.endswith("_unlabeled"):
            back += "_unlabeled"
        types[type_id] = AssociationType(type_id, src, dst, name, label, rev)
        types[rev] = AssociationType(rev, dst, src, back, label, type_id)
    return types


TYPES: dict[int, AssociationType] = _build()
PRIMARY = {1, 2}
# The unlabeled type HubSpot uses for "default" associations between a pair of object types.
DEFAULTS: dict[tuple[str, str], int] = {
    (t.from_type, t.to_type): t.type_id for t in TYPES.values() if t.label is None
}


def check_type(type_id: object, category: object, from_type: str, to_type: str | None) -> int:
    """The type id when it is a HUBSPOT_DEFINED type from ``from_type`` (to ``to_type``)."""
    if category not in (None, "HUBSPOT_DEFINED"):
        raise bad_request(f"Unknown association category {category}")
    try:
        found = TYPES.get(int(type_id))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        found = None
    if found is None:
        raise bad_request(f"Association type id {type_id} does not exist")
    if found.from_type != from_type or (to_type is not None and found.to_type != to_type):
        raise bad_request(
            f"Association type id {type_id} is not valid between "
            f"{from_type} and {to_type or found.to_type}"
        )
    return found.type_id


class AssociationStore:
    """Links keyed by (from type, from id, to type); every write is mirrored in reverse."""

    def __init__(self) -> None:
        self._links: dict[tuple[str, str, str], dict[str, set[int]]] = {}

    def add(self, from_type: str, from_id: str, to_id: str, type_id: int) -> None:
        kind = TYPES[type_id]
        if type_id in PRIMARY:
            # One primary company per contact (and vice versa): a new primary demotes the old.
            for other, held in self._links.get((from_type, from_id, kind.to_type), {}).items():
                if other != to_id and type_id in held:
                    held.discard(type_id)
                    self._side(kind.to_type, other, from_type, from_id).discard(kind.reverse)
            unlabeled = DEFAULTS[(from_type, kind.to_type)]
            self._put(from_type, from_id, kind.to_type, to_id, unlabeled)
        self._put(from_type, from_id, kind.to_type, to_id, type_id)

    def _put(self, from_type: str, from_id: str, to_type: str, to_id: str, type_id: int) -> None:
        self._side(from_type, from_id, to_type, to_id).add(type_id)
        self._side(to_type, to_id, from_type, from_id).add(TYPES[type_id].reverse)

    def _side(self, from_type: str, from_id: str, to_type: str, to_id: str) -> set[int]:
        return self._links.setdefault((from_type, from_id, to_type), {}).setdefault(to_id, set())

    def remove(self, from_type: str, from_id: str, to_type: str, to_id: str) -> None:
        self._links.get((from_type, from_id, to_type), {}).pop(to_id, None)
        self._links.get((to_type, to_id, from_type), {}).pop(from_id, None)

    def of(self, from_type: str, from_id: str, to_type: str) -> list[tuple[str, list[int]]]:
        found = self._links.get((from_type, from_id, to_type), {})
        return [
            (to_id, sorted(types))
            for to_id, types in sorted(found.items(), key=lambda kv: int(kv[0]))
            if types
        ]


def v4_types(type_ids: list[int]) -> list[dict[str, object]]:
    return [{"category": "HUBSPOT_DEFINED", "typeId": t, "label": TYPES[t].label} for t in type_ids]
