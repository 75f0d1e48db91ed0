"""A thin HubSpot REST client over `requests`: the ~15 endpoints cardfollow uses, HubSpot-aware
retries, proactive rate-limit pacing, and our own small exception set.

The API version is one setting (``v3`` or a date version such as ``2026-09``); see
`HubSpotPaths`. Every wait goes through the injected `Clock`; nothing sleeps on its own.

Retries are a small loop rather than `tenacity`: each decision needs the response itself
(``Retry-After``, ``policyName``, whether the write may have happened) and a 401 may refresh an
OAuth token and try once more; as tenacity hooks that was more code than the loop.
"""

from __future__ import annotations

import json as jsonlib
import logging
import mimetypes
import random
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

import requests

from plugin.crm.hubspot_auth import AuthProvider, OAuthTokens, StaticToken
from plugin.crm.hubspot_errors import (
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
    error_for,
)
from plugin.crm.hubspot_paths import HubSpotPaths
from plugin.crm.hubspot_retry import (
    BurstPacer,
    Clock,
    Decision,
    RetryPolicy,
    SearchPacer,
    SystemClock,
)

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

log = logging.getLogger(__name__)

BATCH_LIMIT = 100
JSON = dict[str, Any]


@dataclass(frozen=True)
class BatchResult:
    """A batch answer: 200/201 when all inputs succeeded, 207 when some failed."""

    status: int
    results: list[JSON] = field(default_factory=list)
    errors: list[JSON] = field(default_factory=list)

    @classmethod
    def from_response(cls, resp: requests.Response) -> BatchResult:
        body = _body(resp)
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


class HubSpotClient:
    """HubSpot over HTTP. ``request`` is the one door; the typed helpers below use it.

    ``idempotent`` on every request says whether sending it twice is harmless; a write that is
    not and fails after it may have been processed raises `AmbiguousWrite` instead of being
    retried. ``calls`` counts HTTP requests sent (retries included), for the benchmark.
    """

    def __init__(
        self,
        base_url: str,
        api_version: str = "v3",
        *,
        auth: AuthProvider,
        timeout: float = 30.0,
        clock: Clock | None = None,
        max_attempts: int = 5,
        session: requests.Session | None = None,
        rng: random.Random | None = None,
        files_version: str | None = None,
        oauth_version: str | None = None,
        associations_version: str = "v4",
        retry: RetryPolicy | None = None,
        pacing: bool = True,
        search_per_second: int = 5,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.paths = HubSpotPaths(api_version, files_version, oauth_version, associations_version)
        self.auth = auth
        self.timeout = timeout
        self.clock: Clock = clock or SystemClock()
        self.retry = retry or RetryPolicy(max_attempts=max_attempts)
        self.pacing = pacing
        self._session = session or requests.Session()
        self._rng = rng or random.Random()
        self._burst = BurstPacer()
        self._search = SearchPacer(per_second=search_per_second)
        self._lock = threading.Lock()
        self.calls = 0
        self.retries = 0
        self.waited = 0.0  # seconds spent in backoff and pacing waits

    @property
    def api_version(self) -> str:
        return self.paths.api_version

    def token_url(self) -> str:
        """The OAuth token endpoint for this client's base URL and OAuth version."""
        return self.base_url + self.paths.oauth_token()

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> HubSpotClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return (
            f"HubSpotClient(base_url={self.base_url!r}, api_version={self.api_version!r}, "
            f"auth={self.auth!r})"
        )

    # -- The one door -----------------------------------------------------------------------
    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        files: Mapping[str, Any] | None = None,
        data: Mapping[str, Any] | None = None,
        idempotent: bool,
    ) -> requests.Response:
        """Send one call with retries; returns the 2xx response or raises a `HubSpotError`."""
        method = method.upper()
        shown = _safe_path(path)
        is_search = method == "POST" and path.rstrip("/").endswith("/search")
        attempt = 0
        refreshed = False
        while True:
            attempt += 1
            self._pace(is_search, method, shown)
            try:
                auth_headers = self.auth.headers()
            except TransientError as exc:  # the token endpoint is down; nothing was sent
                self._retry_or_raise(
                    Decision("retry", self.retry.backoff(attempt, self._rng), "OAuth refresh"),
                    exc,
                    attempt,
                    method,
                    shown,
                )
                continue
            secrets = tuple(v.split(" ", 1)[-1] for v in auth_headers.values())
            with self._lock:
                self.calls += 1
            if not is_search:
                self._burst.record(self.clock.now())
            try:
                resp = self._session.request(
                    method,
                    self.base_url + path,
                    json=json,
                    params=params,
                    files=files,
                    data=data,
                    headers={"Accept": "application/json", **auth_headers},
                    timeout=self.timeout,
                )
            except requests.RequestException as exc:
                decision = self.retry.for_exception(
                    exc, idempotent=idempotent, attempt=attempt, rng=self._rng
                )
                name = type(exc).__name__
                if decision.action == "ambiguous":
                    log.warning(
                        "HubSpot %s %s: %s after sending; not retried (attempt %d)",
                        method,
                        shown,
                        name,
                        attempt,
                    )
                    raise AmbiguousWrite(
                        None,
                        "NETWORK",
                        f"{name} after the request was sent; the write may have happened",
                        method=method,
                        path=shown,
                    ) from None
                err = TransientError(
                    None, "NETWORK", f"{name}: no response from HubSpot", method=method, path=shown
                )
                self._retry_or_raise(decision, err, attempt, method, shown)
                continue
            if not is_search:
                self._burst.observe(resp.headers)
            status = resp.status_code
            if status < 300:
                log.debug("HubSpot %s %s -> %d (attempt %d)", method, shown, status, attempt)
                return resp
            body = _body(resp)
            category = body.get("category") if isinstance(body, dict) else None
            if status == 401 and category == "EXPIRED_AUTHENTICATION" and not refreshed:
                log.info("HubSpot %s %s -> 401 expired token; refreshing", method, shown)
                if self.auth.refresh():
                    refreshed = True
                    attempt -= 1  # the retry after a refresh is free
                    continue
            decision = self.retry.for_response(
                status,
                resp.headers,
                body,
                idempotent=idempotent,
                attempt=attempt,
                is_search=is_search,
                now=self.clock.now(),
                rng=self._rng,
            )
            err = error_for(status, body, method=method, path=shown, scrub=secrets)
            if decision.action == "ambiguous":
                log.warning(
                    "HubSpot %s %s -> %d; the write may have happened; not retried",
                    method,
                    shown,
                    status,
                )
                raise AmbiguousWrite(
                    status,
                    err.category,
                    f"{err.message} (HTTP {status}: the write may have happened)",
                    err.correlation_id,
                    err.context,
                    method=method,
                    path=shown,
                )
            self._retry_or_raise(decision, err, attempt, method, shown)

    def _retry_or_raise(
        self, decision: Decision, err: HubSpotError, attempt: int, method: str, shown: str
    ) -> None:
        """Sleep and return when the call should be tried again; raise ``err`` otherwise."""
        status = err.status if err.status is not None else "network"
        if decision.action != "retry":
            log.debug("HubSpot %s %s -> %s (attempt %d)", method, shown, status, attempt)
            raise err
        if decision.wait > self.retry.max_wait:
            log.warning(
                "HubSpot %s %s -> %s asks for %.0f s; handing back to the caller",
                method,
                shown,
                status,
                decision.wait,
            )
            err.retry_after = decision.wait
            raise err
        if attempt >= self.retry.max_attempts:
            log.warning(
                "HubSpot %s %s -> %s after %d attempts; giving up", method, shown, status, attempt
            )
            raise err
        log.info(
            "HubSpot %s %s -> %s (%s); retry in %.2f s (attempt %d/%d)",
            method,
            shown,
            status,
            decision.reason,
            decision.wait,
            attempt,
            self.retry.max_attempts,
        )
        with self._lock:
            self.retries += 1
        self._sleep(decision.wait)

    def _pace(self, is_search: bool, method: str, shown: str) -> None:
        if not self.pacing:
            return
        now = self.clock.now()
        wait = self._search.acquire(now) if is_search else self._burst.wait_before_send(now)
        if wait > 0:
            log.debug("HubSpot %s %s: pacing, wait %.2f s", method, shown, wait)
            self._sleep(wait)

    def _sleep(self, seconds: float) -> None:
        with self._lock:
            self.waited += seconds
        self.clock.sleep(seconds)

    # -- CRM objects ------------------------------------------------------------------------
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
        return _json_dict(resp)

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
        return _json_dict(resp)

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
        return _json_dict(resp)

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
        return _json_dict(resp)

    # -- Properties -------------------------------------------------------------------------
    def list_properties(self, object_type: str) -> list[JSON]:
        resp = self.request("GET", self.paths.properties(object_type), idempotent=True)
        return [p for p in _json_dict(resp).get("results") or [] if isinstance(p, dict)]

    def get_property(self, object_type: str, name: str) -> JSON | None:
        try:
            resp = self.request("GET", self.paths.property(object_type, name), idempotent=True)
        except NotFound:
            return None
        return _json_dict(resp)

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
        return _json_dict(resp)

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
        return _json_dict(resp)

    def file_by_path(self, path: str) -> JSON | None:
        """The file at a File Manager path (``/cardfollow/cards/x.jpg``), or None."""
        try:
            resp = self.request("GET", self.paths.file_stat(path), idempotent=True)
        except NotFound:
            return None
        found = _json_dict(resp).get("file")  # {"file": ..., "folder": ...}; a folder has no file
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
            body = _json_dict(resp)
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
        return _json_dict(resp)

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
        return _json_dict(resp)


def _check_batch(inputs: Sequence[Any]) -> None:
    if len(inputs) > BATCH_LIMIT:
        raise ValueError(f"a HubSpot batch takes at most {BATCH_LIMIT} inputs, got {len(inputs)}")


def _body(resp: requests.Response) -> Any:
    try:
        return resp.json()
    except ValueError:
        return resp.text[:500] if resp.text else None


def _json_dict(resp: requests.Response) -> JSON:
    body = _body(resp)
    return body if isinstance(body, dict) else {}


def _safe_path(path: str) -> str:
    """The path for logs and error messages: no query, and email ids masked (personal data)."""
    parts = path.split("?", 1)[0].split("/")
    return "/".join("{email}" if "@" in unquote(p) else p for p in parts)
