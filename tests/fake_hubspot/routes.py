"""The endpoint table: path patterns (v3/v4 and date-versioned), scopes and handlers."""

from __future__ import annotations

import base64
import json
import mimetypes
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message
from typing import Any
from urllib.parse import parse_qs, unquote

from . import multipart
from .associations import DEFAULTS, check_type, v4_types
from .associations import TYPES as ASSOCIATION_TYPES
from .clock import iso
from .errors import ApiError, bad_request, not_found
from .oauth import oauth_error
from .schema import ObjectType, object_type
from .search import search
from .state import State

V = r"\d{4}-\d{2}"
SEG = r"[^/]+"


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: Message
    body: bytes
    params: dict[str, str] = field(default_factory=dict)

    def json(self) -> Any:
        if not self.body.strip():
            return None
        try:
            return json.loads(self.body)
        except ValueError as exc:
            raise bad_request(f"Invalid input JSON: {exc}") from exc

    def first(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[0] if values else None

    def names(self, name: str) -> list[str] | None:
        """A list parameter, given as ``a,b`` or repeated."""
        got = [v for raw in self.query.get(name, []) for v in raw.split(",") if v]
        return got or None

    def flag(self, name: str) -> bool:
        return (self.first(name) or "false").lower() == "true"

    def type(self, key: str = "type") -> ObjectType:
        return object_type(self.params[key])


@dataclass
class Response:
    status: int
    body: Any = None  # JSON-able, or bytes sent as they are
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json;charset=utf-8"


Handler = Callable[[State, Request], Response]
Scopes = Callable[[Request], list[list[str]]]  # all groups needed; any scope within a group


@dataclass(frozen=True)
class Route:
    method: str
    pattern: re.Pattern[str]
    handler: Handler
    scopes: Scopes | None  # None: no bearer token (OAuth endpoints)
    search: bool = False


ROUTES: list[Route] = []


def route(method: str, pattern: str, scopes: Scopes | None, *, is_search: bool = False):
    def register(handler: Handler) -> Handler:
        ROUTES.append(Route(method, re.compile(f"^{pattern}$"), handler, scopes, is_search))
        return handler

    return register


def match(method: str, path: str) -> tuple[Route, dict[str, str]] | None:
    known_path = False
    for r in ROUTES:
        m = r.pattern.match(path)
        if m:
            known_path = True
            if r.method == method:
                return r, {k: unquote(v) for k, v in m.groupdict().items() if v is not None}
    if known_path:
        raise ApiError(405, "METHOD_NOT_ALLOWED", f"{method} is not supported on {path}")
    return None


# ----- scopes (§1.1) -----------------------------------------------------------------------------


def read(req: Request) -> list[list[str]]:
    return [[req.type().read_scope]]


def write(req: Request) -> list[list[str]]:
    return [[req.type().write_scope]]


def schema_read(req: Request) -> list[list[str]]:
    t = req.type()
    return [[t.read_scope, t.schema_read_scope]]


def schema_write(req: Request) -> list[list[str]]:
    return [[req.type().schema_write_scope]]


def pair_read(req: Request) -> list[list[str]]:
    return [[req.type().read_scope], [req.type("to").read_scope]]


def pair_write(req: Request) -> list[list[str]]:
    return [[req.type().write_scope], [req.type("to").write_scope]]


def files_scope(req: Request) -> list[list[str]]:
    return [["files"]]


# ----- objects -----------------------------------------------------------------------------------

OBJ = rf"/crm/(?:v3/objects|objects/{V})/(?P<type>{SEG})"


@route("POST", OBJ, write)
def create(state: State, req: Request) -> Response:
    return Response(201, state.objects.create(req.type(), req.json()))


@route("GET", OBJ, read)
def list_objects(state: State, req: Request) -> Response:
    try:
        limit = int(req.first("limit") or 10)
    except ValueError as exc:
        raise bad_request("limit must be a number") from exc
    return Response(
        200,
        state.objects.list(
            req.type(),
            limit=limit,
            after=req.first("after"),
            archived=req.flag("archived"),
            properties=req.names("properties"),
            associations=req.names("associations"),
        ),
    )


@route("POST", OBJ + "/search", read, is_search=True)
def search_objects(state: State, req: Request) -> Response:
    return Response(200, search(state.objects, req.type(), req.json()))


@route("POST", OBJ + "/batch/create", write)
def batch_create(state: State, req: Request) -> Response:
    return Response(*state.objects.batch_create(req.type(), req.json()))


@route("POST", OBJ + "/batch/read", read)
def batch_read(state: State, req: Request) -> Response:
    body = req.json()
    return Response(*state.objects.batch_read(req.type(), body, archived=req.flag("archived")))


@route("POST", OBJ + "/batch/update", write)
def batch_update(state: State, req: Request) -> Response:
    return Response(*state.objects.batch_update(req.type(), req.json()))


@route("POST", OBJ + "/batch/upsert", write)
def batch_upsert(state: State, req: Request) -> Response:
    return Response(*state.objects.batch_upsert(req.type(), req.json()))


@route("POST", OBJ + "/batch/archive", write)
def batch_archive(state: State, req: Request) -> Response:
    state.objects.batch_archive(req.type(), req.json())
    return Response(204)


@route("GET", OBJ + rf"/(?P<id>{SEG})", read)
def get_object(state: State, req: Request) -> Response:
    found = state.objects.get(
        req.type(),
        req.params["id"],
        id_property=req.first("idProperty"),
        archived=req.flag("archived"),
        properties=req.names("properties"),
        associations=req.names("associations"),
    )
    return Response(200, found)


@route("PATCH", OBJ + rf"/(?P<id>{SEG})", write)
def patch_object(state: State, req: Request) -> Response:
    updated = state.objects.update(
        req.type(), req.params["id"], req.json(), id_property=req.first("idProperty")
    )
    return Response(200, updated)


@route("DELETE", OBJ + rf"/(?P<id>{SEG})", write)
def archive_object(state: State, req: Request) -> Response:
    state.objects.archive(req.type(), req.params["id"])
    return Response(204)


# ----- properties (§2.5, §8.4) -------------------------------------------------------------------

PROPS = rf"/crm/(?:v3/properties|properties/{V})/(?P<type>{SEG})"


@route("GET", PROPS, schema_read)
def list_properties(state: State, req: Request) -> Response:
    return Response(200, {"results": state.properties.list(req.type().name)})


@route("POST", PROPS, schema_write)
def create_property(state: State, req: Request) -> Response:
    made = state.properties.create(req.type().name, req.json(), state.clock.now())
    return Response(201, made)


@route("GET", PROPS + rf"/(?P<name>{SEG})", schema_read)
def get_property(state: State, req: Request) -> Response:
    return Response(200, state.properties.read(req.type().name, req.params["name"]))


# ----- associations (§3.2, §8.3) -----------------------------------------------------------------

ASSOC = (
    rf"/crm/(?:v4/objects|objects/{V}|associations/{V})/(?P<type>{SEG})/(?P<id>{SEG})/associations"
)
ASSOC_BATCH = rf"/crm/(?:v4/associations|associations/{V})/(?P<type>{SEG})/(?P<to>{SEG})/batch"


def _existing(state: State, t: ObjectType, object_id: str) -> None:
    rec = state.objects.records[t.name].get(object_id)
    if rec is None or rec.archived:
        raise not_found(f"No {t.singular} with id {object_id} exists")


def _spec(from_id: str, to_id: str, type_id: int) -> dict[str, Any]:
    return {
        "from": {"id": from_id},
        "to": {"id": to_id},
        "associationSpec": {"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": type_id},
    }


def _labels(
    state: State, t: ObjectType, to: ObjectType, from_id: str, to_id: str
) -> dict[str, Any]:
    types = dict(state.associations.of(t.name, from_id, to.name)).get(to_id, [])
    return {
        "fromObjectTypeId": t.type_id,
        "fromObjectId": int(from_id),
        "toObjectTypeId": to.type_id,
        "toObjectId": int(to_id),
        "labels": [label for x in types if (label := ASSOCIATION_TYPES[x].label)],
    }


def _default_type(t: ObjectType, to: ObjectType) -> int:
    type_id = DEFAULTS.get((t.name, to.name))
    if type_id is None:
        raise bad_request(f"No default association type between {t.name} and {to.name}")
    return type_id


def _batch(results: list[Any], errors: list[dict[str, Any]], now: float, ok: int = 200) -> Response:
    body: dict[str, Any] = {
        "status": "COMPLETE",
        "results": results,
        "startedAt": iso(now),
        "completedAt": iso(now),
    }
    if errors:
        body |= {"numErrors": len(errors), "errors": errors}
    return Response(207 if errors else ok, body)


@route("PUT", ASSOC + rf"/default/(?P<to>{SEG})/(?P<to_id>{SEG})", pair_write)
def associate_default(state: State, req: Request) -> Response:
    t, to = req.type(), req.type("to")
    from_id, to_id = req.params["id"], req.params["to_id"]
    _existing(state, t, from_id)
    _existing(state, to, to_id)
    type_id = _default_type(t, to)
    state.associations.add(t.name, from_id, to_id, type_id)
    return _batch([_spec(from_id, to_id, type_id)], [], state.clock.now())


@route("PUT", ASSOC + rf"/(?P<to>{SEG})/(?P<to_id>{SEG})", pair_write)
def associate_typed(state: State, req: Request) -> Response:
    t, to = req.type(), req.type("to")
    from_id, to_id = req.params["id"], req.params["to_id"]
    kinds = req.json()
    if not isinstance(kinds, list) or not kinds or not all(isinstance(k, dict) for k in kinds):
        raise bad_request("Body must be a list of {associationCategory, associationTypeId}")
    type_ids = [
        check_type(k.get("associationTypeId"), k.get("associationCategory"), t.name, to.name)
        for k in kinds
    ]
    _existing(state, t, from_id)
    _existing(state, to, to_id)
    for type_id in type_ids:
        state.associations.add(t.name, from_id, to_id, type_id)
    return Response(201, _labels(state, t, to, from_id, to_id))


@route("DELETE", ASSOC + rf"/(?P<to>{SEG})/(?P<to_id>{SEG})", pair_write)
def dissociate(state: State, req: Request) -> Response:
    state.associations.remove(
        req.type().name, req.params["id"], req.type("to").name, req.params["to_id"]
    )
    return Response(204)


@route("GET", ASSOC + rf"/(?P<to>{SEG})", pair_read)
def list_associations(state: State, req: Request) -> Response:
    found = state.associations.of(req.type().name, req.params["id"], req.type("to").name)
    results = [{"toObjectId": int(i), "associationTypes": v4_types(types)} for i, types in found]
    return Response(200, {"results": results})


def _batch_inputs(req: Request) -> list[dict[str, Any]]:
    body = req.json()
    if not isinstance(body, dict) or not isinstance(body.get("inputs"), list):
        raise bad_request('Invalid input JSON: expected {"inputs": [...]}')
    if not all(isinstance(i, dict) for i in body["inputs"]):
        raise bad_request("Every input must be an object")
    return body["inputs"]


def _pair_ids(item: dict[str, Any]) -> tuple[str, str]:
    try:
        return str(item["from"]["id"]), str(item["to"]["id"])
    except (KeyError, TypeError) as exc:
        raise bad_request("Each input needs from.id and to.id") from exc


def _missing(state: State, t: ObjectType, to: ObjectType, from_id: str, to_id: str) -> str | None:
    for kind, object_id in ((t, from_id), (to, to_id)):
        rec = state.objects.records[kind.name].get(object_id)
        if rec is None or rec.archived:
            return f"No {kind.singular} with id {object_id} exists"
    return None


def _not_found_entry(message: str, from_id: str) -> dict[str, Any]:
    return {
        "status": "error",
        "category": "OBJECT_NOT_FOUND",
        "message": message,
        "context": {"fromObjectId": [from_id]},
    }


@route("POST", ASSOC_BATCH + "/associate/default", pair_write)
def batch_associate_default(state: State, req: Request) -> Response:
    t, to = req.type(), req.type("to")
    type_id = _default_type(t, to)
    results, errors = [], []
    for item in _batch_inputs(req):
        from_id, to_id = _pair_ids(item)
        problem = _missing(state, t, to, from_id, to_id)
        if problem:
            errors.append(_not_found_entry(problem, from_id))
            continue
        state.associations.add(t.name, from_id, to_id, type_id)
        results.append(_spec(from_id, to_id, type_id))
    return _batch(results, errors, state.clock.now())


@route("POST", ASSOC_BATCH + "/create", pair_write)
def batch_associate(state: State, req: Request) -> Response:
    t, to = req.type(), req.type("to")
    inputs = _batch_inputs(req)
    planned = []
    for item in inputs:
        kinds = item.get("types")
        if not isinstance(kinds, list) or not kinds or not all(isinstance(k, dict) for k in kinds):
            raise bad_request("Each input needs a non-empty types list")
        ids = [
            check_type(k.get("associationTypeId"), k.get("associationCategory"), t.name, to.name)
            for k in kinds
        ]
        planned.append((*_pair_ids(item), ids))
    results, errors = [], []
    for from_id, to_id, ids in planned:
        problem = _missing(state, t, to, from_id, to_id)
        if problem:
            errors.append(_not_found_entry(problem, from_id))
            continue
        for type_id in ids:
            state.associations.add(t.name, from_id, to_id, type_id)
        results.append(_labels(state, t, to, from_id, to_id))
    return _batch(results, errors, state.clock.now(), ok=201)


# Inputs per batch association read: HubSpot changelog "Batch Read Limit for HubSpot
# Associations API" (2025-02-10). Each input's associations come in pages; the page size is
# not documented [U], so it is the single-record GET's maximum.
MAX_ASSOCIATION_READ = 1000
ASSOCIATION_PAGE = 500


def _cursor(after_id: str) -> str:
    return base64.urlsafe_b64encode(f"after:{after_id}".encode()).decode()


def _after_id(cursor: Any) -> int | None:
    if cursor in (None, ""):
        return None
    try:
        text = base64.urlsafe_b64decode(str(cursor).encode()).decode()
        return int(text.removeprefix("after:"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise bad_request(f"Invalid paging cursor: {cursor}") from exc


@route("POST", ASSOC_BATCH + "/read", pair_read)
def batch_read_associations(state: State, req: Request) -> Response:
    t, to = req.type(), req.type("to")
    inputs = _batch_inputs(req)
    if len(inputs) > MAX_ASSOCIATION_READ:
        raise bad_request(
            f"Batch read of associations takes at most {MAX_ASSOCIATION_READ} inputs, "
            f"got {len(inputs)}"
        )
    results, errors = [], []
    for item in inputs:
        from_id = str(item.get("id", ""))
        found = state.associations.of(t.name, from_id, to.name)
        if not found:
            errors.append(
                _not_found_entry(
                    f"No {to.singular} is associated with {t.singular} {from_id}.", from_id
                )
            )
            continue
        start = _after_id(item.get("after"))
        rest = [(i, x) for i, x in found if start is None or int(i) > start]
        page = rest[:ASSOCIATION_PAGE]
        result: dict[str, Any] = {
            "from": {"id": from_id},
            "to": [{"toObjectId": int(i), "associationTypes": v4_types(x)} for i, x in page],
        }
        if len(rest) > len(page):
            result["paging"] = {"next": {"after": _cursor(page[-1][0]), "link": None}}
        results.append(result)
    return _batch(results, errors, state.clock.now())


@route("POST", ASSOC_BATCH + "/archive", pair_write)
def batch_dissociate(state: State, req: Request) -> Response:
    t, to = req.type(), req.type("to")
    for item in _batch_inputs(req):
        targets = item.get("to") if isinstance(item.get("to"), list) else []
        for target in targets:
            if isinstance(target, dict):
                state.associations.remove(
                    t.name, str((item.get("from") or {}).get("id")), to.name, str(target.get("id"))
                )
    return Response(204)


# ----- files (§3.6, §8.5) ------------------------------------------------------------------------

FILES = rf"/files/(?:v3|{V})/files"


@route("POST", FILES, files_scope)
def upload_file(state: State, req: Request) -> Response:
    parts = multipart.parse(req.headers.get("Content-Type", ""), req.body)
    status, meta = state.files.upload(
        parts,
        now=state.clock.now(),
        base_url=state.base_url,
        portal_id=state.settings.portal_id,
        max_bytes=state.settings.max_file_bytes,
    )
    return Response(status, meta)


@route("GET", FILES + r"/stat/(?P<path>.+)", files_scope)
def stat_file(state: State, req: Request) -> Response:
    return Response(200, state.files.stat(req.params["path"]))


@route("GET", FILES + r"/(?P<id>\d+)", files_scope)
def get_file(state: State, req: Request) -> Response:
    return Response(200, state.files.public(state.files.get(req.params["id"])))


@route("GET", FILES + r"/(?P<id>\d+)/download", files_scope)
def download_file(state: State, req: Request) -> Response:
    found = state.files.get(req.params["id"])
    kind = mimetypes.guess_type(found["path"])[0] or "application/octet-stream"
    return Response(200, found["bytes"], content_type=kind)


@route("DELETE", FILES + r"/(?P<id>\d+)", files_scope)
def archive_file(state: State, req: Request) -> Response:
    state.files.archive(req.params["id"], state.clock.now())
    return Response(204)


# ----- OAuth (§1.2, §8.1) ------------------------------------------------------------------------


def _form(req: Request, *, body_only: bool) -> dict[str, str]:
    kind = (req.headers.get("Content-Type") or "").split(";")[0].strip().lower()
    if kind != "application/x-www-form-urlencoded":
        raise oauth_error("BAD_REQUEST", "Send the parameters form-encoded in the body")
    if body_only and req.query:
        raise oauth_error("BAD_REQUEST", "Parameters must be in the body, never in the query")
    parsed = parse_qs(req.body.decode("utf-8", "replace"), keep_blank_values=True)
    return {k: v[0] for k, v in parsed.items()}


@route("POST", rf"/oauth/(?:v3|{V})/token", None)
def token(state: State, req: Request) -> Response:
    return Response(200, state.tokens.exchange(_form(req, body_only=True), state.clock.now()))


@route("POST", "/oauth/v1/token", None)
def token_v1(state: State, req: Request) -> Response:
    return Response(200, state.tokens.exchange(_form(req, body_only=False), state.clock.now()))


@route("POST", rf"/oauth/(?:v3|{V})/token/introspect", None)
def introspect(state: State, req: Request) -> Response:
    form = _form(req, body_only=True)
    return Response(200, state.tokens.introspect(form, state.clock.now(), state.settings.portal_id))


@route("GET", rf"/oauth/v1/access-tokens/(?P<token>{SEG})", None)
def access_token_info(state: State, req: Request) -> Response:
    info = state.tokens.describe(req.params["token"], state.clock.now(), state.settings.portal_id)
    if info is None:
        raise not_found("The access token is unknown or has expired")
    return Response(200, info)
