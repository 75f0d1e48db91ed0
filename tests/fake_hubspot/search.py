"""CRM search (§2.2, §8.2.8): filters, one sort, offset paging, an eventually consistent index."""

from __future__ import annotations

import fnmatch
import re
from typing import Any

from .errors import bad_request
from .objects import ObjectStore, Record
from .properties import to_epoch_ms
from .schema import ObjectType

MAX_GROUPS, MAX_PER_GROUP, MAX_FILTERS = 5, 6, 18
MAX_LIMIT, MAX_RESULTS = 200, 10_000
OPERATORS = {
    "EQ",
    "NEQ",
    "LT",
    "LTE",
    "GT",
    "GTE",
    "BETWEEN",
    "IN",
    "NOT_IN",
    "HAS_PROPERTY",
    "NOT_HAS_PROPERTY",
    "CONTAINS_TOKEN",
    "NOT_CONTAINS_TOKEN",
}
_TOKEN_SPLIT = re.compile(r"[^0-9a-z]+")


def visible(rec: Record, now: float) -> dict[str, Any] | None:
    """What the search index shows of ``rec`` now: its newest version that has been indexed."""
    for i in range(len(rec.versions) - 1, -1, -1):
        at, snapshot = rec.versions[i]
        if at <= now:
            del rec.versions[:i]  # older versions can never be shown again
            return snapshot
    return None


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _key(prop_type: str, value: str) -> float | str:
    if prop_type == "number":
        try:
            return float(value)
        except ValueError:
            return value.lower()
    if prop_type in ("date", "datetime"):
        ms = to_epoch_ms(value)
        return float(ms) if ms is not None else value.lower()
    return value.lower()


def _compare(a: float | str, b: float | str) -> int:
    if type(a) is not type(b):
        a, b = str(a), str(b)
    return (a > b) - (a < b)  # type: ignore[operator]


def _contains_token(value: str, pattern: str) -> bool:
    value, pattern = value.lower(), pattern.lower()
    candidates = [value, *value.split(), *(t for t in _TOKEN_SPLIT.split(value) if t)]
    if "*" in pattern:
        return any(fnmatch.fnmatchcase(c, pattern) for c in candidates)
    return pattern in candidates


def _matches(filt: dict[str, Any], props: dict[str, Any], prop_type: str) -> bool:
    op, name = filt["operator"], filt["propertyName"]
    raw = props.get(name)
    has = raw not in (None, "")
    if op == "HAS_PROPERTY":
        return has
    if op == "NOT_HAS_PROPERTY":
        return not has
    if op in ("NEQ", "NOT_IN", "NOT_CONTAINS_TOKEN") and not has:
        return True
    if not has:
        return False
    value = str(raw)
    if op in ("CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN"):
        found = _contains_token(value, _text(filt.get("value", "")))
        return found if op == "CONTAINS_TOKEN" else not found
    mine = _key(prop_type, value)
    if op in ("IN", "NOT_IN"):
        inside = any(_compare(mine, _key(prop_type, _text(v))) == 0 for v in filt["values"])
        return inside if op == "IN" else not inside
    if op == "BETWEEN":
        low = _key(prop_type, _text(filt.get("value")))
        high = _key(prop_type, _text(filt.get("highValue")))
        return _compare(mine, low) >= 0 and _compare(mine, high) <= 0
    order = _compare(mine, _key(prop_type, _text(filt.get("value"))))
    return {
        "EQ": order == 0,
        "NEQ": order != 0,
        "LT": order < 0,
        "LTE": order <= 0,
        "GT": order > 0,
        "GTE": order >= 0,
    }[op]


def _check_filters(store: ObjectStore, t: ObjectType, groups: Any) -> list[list[dict[str, Any]]]:
    if not isinstance(groups, list) or not all(
        isinstance(g, dict) and isinstance(g.get("filters", []), list) for g in groups
    ):
        raise bad_request("filterGroups must be a list of {filters: [...]}")
    if len(groups) > MAX_GROUPS:
        raise bad_request(f"Too many filter groups: {len(groups)}. At most {MAX_GROUPS} allowed")
    checked = []
    for group in groups:
        filters = group.get("filters", [])
        if len(filters) > MAX_PER_GROUP:
            raise bad_request(
                f"Too many filters in a group: {len(filters)}. At most {MAX_PER_GROUP} allowed"
            )
        for f in filters:
            if not isinstance(f, dict) or f.get("operator") not in OPERATORS:
                raise bad_request(f"Unknown filter operator in {f!r}")
            if store.properties.get(t.name, str(f.get("propertyName"))) is None:
                raise bad_request(f"Property {f.get('propertyName')!r} does not exist")
            if f["operator"] in ("IN", "NOT_IN") and not isinstance(f.get("values"), list):
                raise bad_request(f"{f['operator']} needs a values list")
            if f["operator"] == "BETWEEN" and "highValue" not in f:
                raise bad_request("BETWEEN needs value and highValue")
        checked.append(filters)
    total = sum(len(f) for f in checked)
    if total > MAX_FILTERS:
        raise bad_request(f"Too many filters: {total}. At most {MAX_FILTERS} allowed in total")
    return checked


def _sort(store: ObjectStore, t: ObjectType, sorts: Any) -> tuple[str, bool] | None:
    if sorts in (None, []):
        return None
    if not isinstance(sorts, list) or len(sorts) > 1:
        raise bad_request("At most one sort is allowed")
    sort = sorts[0]
    if isinstance(sort, str):  # the "-createdate" shorthand some SDK examples use
        name, descending = sort.lstrip("-"), sort.startswith("-")
    elif isinstance(sort, dict) and sort.get("propertyName"):
        name = str(sort["propertyName"])
        descending = str(sort.get("direction", "ASCENDING")).upper() == "DESCENDING"
    else:
        raise bad_request(f"Invalid sort {sort!r}")
    if store.properties.get(t.name, name) is None:
        raise bad_request(f"Property {name!r} does not exist")
    return name, descending


def search(store: ObjectStore, t: ObjectType, body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise bad_request("Invalid input JSON: expected an object")
    groups = _check_filters(store, t, body.get("filterGroups") or [])
    sort = _sort(store, t, body.get("sorts"))
    try:
        limit = int(body.get("limit", 10))
        after = int(body.get("after") or 0)
    except (TypeError, ValueError) as exc:
        raise bad_request("limit and after must be numbers") from exc
    if not 0 <= limit <= MAX_LIMIT:
        raise bad_request(f"limit must be at most {MAX_LIMIT}, got {limit}")
    if after < 0 or after >= MAX_RESULTS:
        raise bad_request(f"after must be below {MAX_RESULTS}: paging past 10,000 results fails")
    query = str(body.get("query") or "").strip().lower()
    properties = [str(p) for p in body.get("properties") or []] or None

    def type_of(name: str) -> str:
        d = store.properties.get(t.name, name)
        return d["type"] if d else "string"

    now = store.now()
    found: list[tuple[Record, dict[str, Any]]] = []
    for rec in store.records[t.name].values():
        snap = visible(rec, now)
        if snap is None:
            continue
        props = snap["properties"]
        if groups and not any(
            all(_matches(f, props, type_of(f["propertyName"])) for f in g) for g in groups
        ):
            continue
        if query and not any(query in str(props.get(p, "")).lower() for p in t.query_props):
            continue
        found.append((rec, snap))
    found.sort(key=lambda pair: int(pair[0].id))
    if sort is not None:
        name, descending = sort
        present = [p for p in found if p[1]["properties"].get(name) not in (None, "")]
        absent = [p for p in found if p[1]["properties"].get(name) in (None, "")]
        present.sort(
            key=lambda p: _SortKey(_key(type_of(name), str(p[1]["properties"][name]))),
            reverse=descending,
        )
        found = present + absent
    page = found[after : after + limit]
    out: dict[str, Any] = {
        "total": len(found),
        "results": [store.render(t, rec, properties, snapshot=snap) for rec, snap in page],
    }
    if after + limit < len(found):
        out["paging"] = {"next": {"after": str(after + limit)}}
    return out


class _SortKey:
    """Orders numbers and strings together without a TypeError."""

    def __init__(self, value: float | str) -> None:
        self.value = value

    def __lt__(self, other: _SortKey) -> bool:
        return _compare(self.value, other.value) < 0
