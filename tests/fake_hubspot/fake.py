"""FakeHubSpot: the public face of the fake. Wires state, limits, faults and the HTTP server."""

from __future__ import annotations

import copy
import json
import re
import time
from email.message import Message
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs

from . import routes
from .clock import VirtualClock
from .errors import ApiError
from .limits import Fault
from .oauth import OAuthApp
from .routes import Request, Response
from .schema import object_type
from .server import HttpServer, Outcome
from .settings import Settings
from .state import RequestRecord, State

_SCOPES_MESSAGE = (
    "This app hasn't been granted all required scopes to make this call. Read more about "
    "required scopes here: https://developers.hubspot.com/scopes."
)


class FakeHubSpot:
    """A local HubSpot that follows §8 of docs/hubspot.md, over real HTTP on 127.0.0.1.

    Behaviour knobs live in ``fake.settings`` (a :class:`Settings`); tests may change them
    between requests, and :meth:`reset` puts them back to the constructor's values.
    """

    def __init__(
        self,
        clock: VirtualClock | None = None,
        burst_max: int = 100,
        burst_window: float = 10.0,
        daily_max: int | None = 250_000,
        retry_after: str | None = None,
        search_per_second: int = 5,
        index_delay: float = 0.0,
        max_file_bytes: int = 20 * 1024 * 1024,
        required_properties: dict[str, list[str]] | None = None,
        token: str = "test-token",
    ) -> None:
        if retry_after not in (None, "seconds", "date"):
            raise ValueError('retry_after must be None, "seconds" or "date"')
        self.clock = clock or VirtualClock()
        self._initial = Settings(
            burst_max=burst_max,
            burst_window=burst_window,
            daily_max=daily_max,
            retry_after=retry_after,
            search_per_second=search_per_second,
            index_delay=index_delay,
            max_file_bytes=max_file_bytes,
            required_properties={
                object_type(k).name: list(v) for k, v in (required_properties or {}).items()
            },
        )
        self._token = token
        self._state = State(copy.deepcopy(self._initial), self.clock, token)
        self._http: HttpServer | None = None

    # ----- lifecycle ------------------------------------------------------------------------

    def start(self) -> str:
        """Serve on 127.0.0.1 at a free port; return the base URL ``http://127.0.0.1:PORT``."""
        if self._http is None:
            self._http = HttpServer(self)
            self._state.base_url = self._http.url
        return self._http.url

    def stop(self) -> None:
        if self._http is not None:
            self._http.stop()
            self._http = None

    def __enter__(self) -> FakeHubSpot:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        if self._http is None:
            raise RuntimeError("the fake is not started; call start() first")
        return self._http.url

    @property
    def settings(self) -> Settings:
        return self._state.settings

    def reset(self) -> None:
        """Forget every record, file, token, fault and request; restore the settings."""
        with self._state.lock:
            base_url = self._state.base_url
            self._state = State(copy.deepcopy(self._initial), self.clock, self._token)
            self._state.base_url = base_url

    # ----- set-up helpers ---------------------------------------------------------------------

    def add_token(
        self,
        token: str,
        scopes: set[str],
        *,
        kind: str = "static",
        expires_at: float | None = None,
    ) -> None:
        with self._state.lock:
            self._state.tokens.add(token, scopes, kind, expires_at)

    def add_oauth_app(self, client_id: str, client_secret: str, redirect_uri: str) -> None:
        with self._state.lock:
            self._state.tokens.apps[client_id] = OAuthApp(client_secret, redirect_uri)

    def issue_code(self, client_id: str, scopes: set[str]) -> str:
        """An authorization code, as HubSpot's redirect would hand it to the app (single use)."""
        with self._state.lock:
            return self._state.tokens.issue_code(client_id, scopes)

    def inject(
        self,
        method: str,
        path_regex: str,
        fault: int | str,
        count: int = 1,
        *,
        retry_after: str | None = None,
        delay: float = 0.0,
        after: bool = False,
    ) -> None:
        """Make the next ``count`` requests matching ``method`` ("*" = any) and ``path_regex``
        (``re.search`` on the path, no query) fail with ``fault``.

        ``retry_after``: "seconds", "date", or a literal header value (477 defaults to "3").
        ``delay``: real seconds for "slow". ``after``: process the request first, then fail it.
        """
        rule = Fault(
            None if method == "*" else method.upper(),
            re.compile(path_regex),
            fault,
            count,
            retry_after,
            delay,
            after,
        )
        with self._state.lock:
            self._state.faults.add(rule)

    # ----- inspection ---------------------------------------------------------------------------

    def objects(self, object_type_name: str) -> dict[str, dict[str, Any]]:
        """Every record of a type (archived ones too): id -> SimplePublicObject with all props."""
        t = object_type(object_type_name)
        with self._state.lock:
            return {i: r.public() for i, r in self._state.objects.records[t.name].items()}

    def associations_of(self, from_type: str, from_id: str, to_type: str) -> list[tuple[str, int]]:
        """``(to id, association type id)`` pairs, one per type (reverse links included)."""
        a, b = object_type(from_type), object_type(to_type)
        with self._state.lock:
            return [
                (to_id, type_id)
                for to_id, type_ids in self._state.associations.of(a.name, str(from_id), b.name)
                for type_id in type_ids
            ]

    @property
    def files(self) -> dict[str, dict[str, Any]]:
        """id -> file metadata plus ``bytes`` (the uploaded content)."""
        with self._state.lock:
            return copy.deepcopy(self._state.files.files)

    @property
    def requests(self) -> list[RequestRecord]:
        with self._state.lock:
            return list(self._state.requests)

    def count(self, method: str | None = None, path_regex: str | None = None) -> int:
        pattern = re.compile(path_regex) if path_regex else None
        return sum(
            1
            for r in self.requests
            if (method is None or r.method == method.upper())
            and (pattern is None or pattern.search(r.path))
        )

    # ----- request pipeline (called by the HTTP layer) --------------------------------------------

    def handle(self, method: str, target: str, headers: Message, body: bytes) -> Outcome:
        path, _, qs = target.partition("?")
        query = parse_qs(qs, keep_blank_values=True)
        state = self._state
        with state.lock:
            at = self.clock.now()
            fault = state.faults.take(method, path)
        if fault is not None and fault.kind == "slow" and not fault.after:
            time.sleep(fault.delay)  # real time: this is for client timeouts
        with state.lock:
            if fault is not None and not fault.after and fault.kind != "slow":
                response = None
            else:
                response = self._process(state, method, path, query, headers, body)
            if fault is not None and fault.kind not in ("slow", "reset"):
                err = fault.error(state.settings, self.clock.now())
                response = Response(err.status, err.body(), headers=err.headers)
            reset = fault is not None and fault.kind == "reset"
            state.requests.append(
                RequestRecord(
                    method,
                    path,
                    query,
                    0 if reset or response is None else response.status,
                    at,
                    _json_or_none(headers, body),
                    body,
                )
            )
        if fault is not None and fault.kind == "slow" and fault.after:
            time.sleep(fault.delay)
        if reset or response is None:
            return Outcome(reset=True)
        return _encode(response)

    def _process(
        self,
        state: State,
        method: str,
        path: str,
        query: dict[str, list[str]],
        headers: Message,
        body: bytes,
    ) -> Response:
        rate_headers: dict[str, str] = {}
        try:
            found = routes.match(method, path)
            if found is None:
                raise ApiError(404, "OBJECT_NOT_FOUND", f"No such endpoint: {method} {path}")
            route, params = found
            req = Request(method, path, query, headers, body, params)
            if route.scopes is not None:
                token, granted = state.tokens.authenticate(
                    headers.get("Authorization"), self.clock.now()
                )
                rate_headers = state.limiter.check(
                    token, granted.kind == "static", route.search, self.clock.now()
                )
                for group in route.scopes(req):
                    if not granted.scopes & set(group):
                        raise ApiError(
                            403,
                            "MISSING_SCOPES",
                            _SCOPES_MESSAGE,
                            errors=[
                                {
                                    "message": "One or more of the following scopes are required.",
                                    "context": {"requiredScopes": list(group)},
                                }
                            ],
                            extra={"links": {"scopes": "https://developers.hubspot.com/scopes"}},
                        )
            response = route.handler(state, req)
        except ApiError as err:
            response = Response(err.status, err.body(), headers=dict(err.headers))
        except Exception as exc:  # a bug in the fake: say so loudly rather than hang the client
            err = ApiError(500, "FAKE_HUBSPOT_BUG", f"fake HubSpot crashed: {exc!r}")
            response = Response(500, err.body())
        response.headers = rate_headers | response.headers
        return response


def _json_or_none(headers: Message, body: bytes) -> Any:
    if "json" not in (headers.get("Content-Type") or "").lower() or not body:
        return None
    try:
        return json.loads(body)
    except ValueError:
        return None


def _encode(response: Response) -> Outcome:
    headers = dict(response.headers)
    if response.status == 204 or response.body is None:
        return Outcome(response.status, headers, b"")
    if isinstance(response.body, bytes):
        headers["Content-Type"] = response.content_type
        return Outcome(response.status, headers, response.body)
    headers["Content-Type"] = "application/json;charset=utf-8"
    return Outcome(response.status, headers, json.dumps(response.body).encode("utf-8"))
