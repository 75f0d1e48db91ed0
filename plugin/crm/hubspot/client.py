"""A thin HubSpot REST client over `requests`: the ~15 endpoints cardfollow uses, typed, on
the retrying, pacing transport of ``transport.py``.

The API version is one setting (``v3`` or a date version such as ``2026-09``); see
`HubSpotPaths`.
"""

from __future__ import annotations

import json as jsonlib
import mimetypes
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import requests

from plugin.crm.hubspot.auth import AuthProvider, OAuthTokens, StaticToken
from plugin.crm.hubspot.errors import (
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
from plugin.crm.hubspot.paths import HubSpotPaths
from plugin.crm.hubspot.retry import Clock, RetryPolicy, SystemClock
from plugin.crm.hubspot.transport import JSON, HubSpotTransport, response_body, response_dict

__all__ = [
    "AmbiguousWrite",
    "AuthProvider",
    "AuthenticationError",
    "BatchResult",
    "Clock",
    "Conflict",
    "DailyLimitReached",
    "HubSpotClient",
    "HubSpotError",
    "HubSpotPaths",
    "MissingScopes",
    "NotFound",
    "OAuthTokens",
    "RateLimited",
    "RetryPolicy",
    "StaticToken",
    "SystemClock",
    "TransientError",
    "ValidationError",
]


BATCH_LIMIT = 100


@dataclass(frozen=True)
class BatchResult:
    """A batch answer: 200/201 when all inputs succeeded, 207 when some failed."""

    status: int
    results: list[JSON] = field(default_factory=list)
    errors: list[JSON] = field(default_factory=list)

    @classmethod
    def from_response(cls, resp: requests.Response) -> BatchResult:
        body = response_body(resp)
        data = body if isinstance(body, dict) else {}
        return cls(
            resp.status_code,
            [r for r in data.get("results") or [] if isinstance(r, dict)],
            [e for e in data.get("errors") or [] if isinstance(e, dict)],
        )

    def results_by_trace_id(self) -> dict[str, JSON]:
        """Successful records keyed by the ``objectWriteTraceId`` they echo."""
        return {
            str(r["objectWriteTraceId"]): r for r in self.results if r.get("objectWriteTraceId")
        }

    def errors_by_trace_id(self) -> dict[str, JSON]:
        """Each failed input's ``objectWriteTraceId`` → the error naming it."""
        found: dict[str, JSON] = {}
        for err in self.errors:
            ctx = err.get("context") or {}
            ids = ctx.get("objectWriteTraceId") if isinstance(ctx, dict) else None
            for trace in [ids] if isinstance(ids, str | int) else ids or []:
                found.setdefault(str(trace), err)
        return found

    def missing_ids(self) -> list[str]:
        """Ids a batch read did not find (``OBJECT_NOT_FOUND`` errors' ``context.ids``)."""
        out: list[str] = []
        for err in self.errors:
            ctx = err.get("context") or {}
            if err.get("category") == "OBJECT_NOT_FOUND" and isinstance(ctx, dict):
                out.extend(str(i) for i in ctx.get("ids") or [])
        return out


class HubSpotClient(HubSpotTransport):
    """HubSpot over HTTP. ``request`` is the one door; the typed helpers below use it.

    ``idempotent`` on every request says whether sending it twice is harmless; a write that is
    not and fails after it may have been processed raises `AmbiguousWrite` instead of being
    retried. ``calls`` counts HTTP requests sent (retries included), for the benchmark.
    """

    def create(
        self,
        object_type: str,
        properties: Mapping[str, Any],
        associations: Sequence[JSON] | None = None,
        *,
        idempotent: bool = False,
    ) -> JSON:
        """POST one record (201). Not idempotent by default: a note, email or task sent twice
        is two records, so an ambiguous failure raises `AmbiguousWrite`."""
        body: JSON = {"properties": dict(properties)}
        if associations:
            body["associations"] = list(associations)
        resp = self.request(
            "POST", self.paths.objects(object_type), json=body, idempotent=idempotent
        )
        return response_dict(resp)

    def get(
        self,
        object_type: str,
        object_id: str | int,
        *,
        id_property: str | None = None,
        properties: Iterable[str] = (),
        associations: Iterable[str] = (),
    ) -> JSON | None:
        """One record by id (or by a unique property such as ``email``); None if not found."""
        params: dict[str, str] = {}
        if id_property:
            params["idProperty"] = id_property
        if props := ",".join(properties):
            params["properties"] = props
        if assocs := ",".join(associations):
            params["associations"] = assocs
        try:
            resp = self.request(
                "GET",
                self.paths.object(object_type, object_id),
                params=params or None,
                idempotent=True,
            )
        except NotFound:
            return None
        return response_dict(resp)

    def patch(
        self,
        object_type: str,
        object_id: str | int,
        properties: Mapping[str, Any],
        *,
        id_property: str | None = None,
    ) -> JSON:
        """Overwrite the given properties (an empty string clears one)."""
        params = {"idProperty": id_property} if id_property else None
        resp = self.request(
            "PATCH",
            self.paths.object(object_type, object_id),
            json={"properties": dict(properties)},
            params=params,
            idempotent=True,
        )
        return response_dict(resp)

    def batch_upsert(
        self, object_type: str, id_property: str, inputs: Sequence[JSON]
    ) -> BatchResult:
        """Create-or-update up to 100 records keyed by a unique property (``email``). Each input
        is ``{"id": key, "properties": {...}, "objectWriteTraceId"?: ...}``."""
        _check_batch(inputs)
        body = {"inputs": [{"idProperty": id_property, **dict(i)} for i in inputs]}
        resp = self.request(
            "POST", self.paths.batch(object_type, "upsert"), json=body, idempotent=True
        )
        return BatchResult.from_response(resp)

    def batch_create(self, object_type: str, inputs: Sequence[JSON]) -> BatchResult:
        """Create up to 100 records. Give every input a unique ``objectWriteTraceId`` to get a
        207 with per-input errors instead of an all-or-nothing failure."""
        _check_batch(inputs)
        resp = self.request(
            "POST",
            self.paths.batch(object_type, "create"),
            json={"inputs": [dict(i) for i in inputs]},
            idempotent=False,
        )
        return BatchResult.from_response(resp)

    def batch_read(
        self,
        object_type: str,
        ids: Sequence[str | int],
        *,
        id_property: str | None = None,
        properties: Iterable[str] = (),
    ) -> BatchResult:
        """Read up to 100 records; ids not found come back in ``errors`` (see ``missing_ids``)."""
        _check_batch(ids)
        body: JSON = {"inputs": [{"id": str(i)} for i in ids], "properties": list(properties)}
        if id_property:
            body["idProperty"] = id_property
        resp = self.request(
            "POST",
            self.paths.batch(object_type, "read"),
            json=body,
            params={"archived": "false"},
            idempotent=True,
        )
        return BatchResult.from_response(resp)

    def batch_update(self, object_type: str, inputs: Sequence[JSON]) -> BatchResult:
        """Update up to 100 records by id (``{"id", "properties"}``); sending it twice is
        harmless. HubSpot takes no ``idProperty=email`` here: use ``batch_upsert``."""
        _check_batch(inputs)
        resp = self.request(
            "POST",
            self.paths.batch(object_type, "update"),
            json={"inputs": list(inputs)},
            idempotent=True,
        )
        return BatchResult.from_response(resp)

    def search(
        self,
        object_type: str,
        filter_groups: Sequence[JSON],
        *,
        properties: Iterable[str] = (),
        limit: int = 100,
        after: str | int | None = None,
        sorts: Sequence[JSON] = (),
        query: str | None = None,
    ) -> JSON:
        """One page of a search: ``{total, results, paging?}``. Search is eventually
        consistent: never use it to dedupe right after a write (use upsert or GET by email)."""
        body: JSON = {"filterGroups": list(filter_groups), "limit": limit}
        if props := list(properties):
            body["properties"] = props
        if after is not None:
            body["after"] = str(after)
        if sorts:
            body["sorts"] = list(sorts)
        if query:
            body["query"] = query
        resp = self.request("POST", self.paths.search(object_type), json=body, idempotent=True)
        return response_dict(resp)

    # -- Properties -------------------------------------------------------------------------
    def list_properties(self, object_type: str) -> list[JSON]:
        resp = self.request("GET", self.paths.properties(object_type), idempotent=True)
        return [p for p in response_dict(resp).get("results") or [] if isinstance(p, dict)]

    def get_property(self, object_type: str, name: str) -> JSON | None:
        try:
            resp = self.request("GET", self.paths.property(object_type, name), idempotent=True)
        except NotFound:
            return None
        return response_dict(resp)

    def create_property(self, object_type: str, definition: Mapping[str, Any]) -> JSON:
        """Create a custom property; if it already exists (409) return the existing one."""
        try:
            resp = self.request(
                "POST", self.paths.properties(object_type), json=dict(definition), idempotent=True
            )
        except Conflict as exc:
            existing = self.get_property(object_type, str(definition.get("name", "")))
            if existing is None:
                raise exc from None
            return existing
        return response_dict(resp)

    # -- Files ------------------------------------------------------------------------------
    def upload_file(
        self,
        data: bytes,
        file_name: str,
        folder_path: str,
        *,
        access: str = "PRIVATE",
        duplicate_strategy: str = "RETURN_EXISTING",
        duplicate_scope: str = "EXACT_FOLDER",
    ) -> JSON:
        """Upload to the File Manager (multipart). With ``RETURN_EXISTING`` a repeat returns
        the file already there, so the upload is retried like any idempotent call; with other
        strategies an ambiguous failure raises `AmbiguousWrite`."""
        options = {
            "access": access,
            "duplicateValidationStrategy": duplicate_strategy,
            "duplicateValidationScope": duplicate_scope,
        }
        mime = mimetypes.guess_type(file_name)[0] or "application/octet-stream"
        resp = self.request(
            "POST",
            self.paths.files(),
            files={"file": (file_name, bytes(data), mime)},
            data={
                "fileName": file_name,
                "folderPath": folder_path,
                "options": jsonlib.dumps(options),
            },
            idempotent=duplicate_strategy == "RETURN_EXISTING",
        )
        return response_dict(resp)

    def file_by_path(self, path: str) -> JSON | None:
        """The file at a File Manager path (``/cardfollow/cards/x.jpg``), or None."""
        try:
            resp = self.request("GET", self.paths.file_stat(path), idempotent=True)
        except NotFound:
            return None
        found = response_dict(resp).get(
            "file"
        )  # {"file": ..., "folder": ...}; a folder has no file
        return found if isinstance(found, dict) else None

    # -- Associations -----------------------------------------------------------------------
    def associations(self, from_type: str, from_id: str | int, to_type: str) -> list[JSON]:
        """Every ``{toObjectId, associationTypes}`` of one record to ``to_type``, all pages."""
        out: list[JSON] = []
        after: str | None = None
        seen: set[str] = set()
        while True:
            params: dict[str, Any] = {"limit": 500}
            if after is not None:
                params["after"] = after
            resp = self.request(
                "GET",
                self.paths.associations(from_type, from_id, to_type),
                params=params,
                idempotent=True,
            )
            body = response_dict(resp)
            out.extend(r for r in body.get("results") or [] if isinstance(r, dict))
            nxt = ((body.get("paging") or {}).get("next") or {}).get("after")
            if nxt is None or str(nxt) in seen:
                return out
            after = str(nxt)
            seen.add(after)

    def associate_default(
        self, from_type: str, from_id: str | int, to_type: str, to_id: str | int
    ) -> JSON:
        """The default (unlabeled) association between two records; repeating it is harmless."""
        resp = self.request(
            "PUT", self.paths.associate_default(from_type, from_id, to_type, to_id), idempotent=True
        )
        return response_dict(resp)

    def batch_associate_default(
        self, from_type: str, to_type: str, pairs: Sequence[tuple[str, str]]
    ) -> JSON:
        """Default associations for up to 100 (from id, to id) pairs in one call."""
        _check_batch(pairs)
        resp = self.request(
            "POST",
            self.paths.associations_batch(from_type, to_type, "associate/default"),
            json={"inputs": [{"from": {"id": str(a)}, "to": {"id": str(b)}} for a, b in pairs]},
            idempotent=True,
        )
        return response_dict(resp)


def _check_batch(inputs: Sequence[Any]) -> None:
    if len(inputs) > BATCH_LIMIT:
        raise ValueError(f"a HubSpot batch takes at most {BATCH_LIMIT} inputs, got {len(inputs)}")
