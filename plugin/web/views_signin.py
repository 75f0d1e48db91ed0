"""Signing in (a one-time link, or a name and password) and out."""

from __future__ import annotations

import datetime as dt

import anyio
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from ..store import UserRecord
from ..users.credentials import password_matches, token_hash
from .attempts import Attempts
from .context import web
from .signin import SIGNIN_PATH, close_session, current_user, is_https, open_session


def routes() -> list[Route]:
    return [
        Route(SIGNIN_PATH, signin_page, methods=["GET"]),
        Route(SIGNIN_PATH, signin_password, methods=["POST"]),
        Route(f"{SIGNIN_PATH}/link", signin_link, methods=["POST"]),
        Route(f"{SIGNIN_PATH}/{{token}}", link_page, methods=["GET"]),
        Route("/signout", signout, methods=["POST"]),
    ]


def _next(value: str | None) -> str:
    """Where to go after signing in: only a path on this site (never "//evil.example")."""
    if value and value.startswith("/") and not value.startswith(("//", "/\\")):
        return value
    return "/"


def _signed_in(request: Request, user: UserRecord, to: str) -> Response:
    response = RedirectResponse(to, status_code=303)
    cookie = open_session(web(request).stores, user, is_https(request.scope))
    response.headers.append("set-cookie", cookie)
    return response


def _page(request: Request, status: int = 200, **context: object) -> Response:
    values = {"next": _next(request.query_params.get("next")), "error": None, "link": None}
    values["name"] = ""
    return web(request).pages.page(request, "signin.html", {**values, **context}, status)


async def signin_page(request: Request) -> Response:
    if current_user(request) is not None:
        return RedirectResponse(_next(request.query_params.get("next")), status_code=303)
    return _page(request)


async def link_page(request: Request) -> Response:
    """A sign-in link asks for one click first: a mail scanner or a chat's link preview that
    fetches the address must not spend the token (only the click, a POST, does)."""
    return _page(request, link=request.path_params["token"])


async def signin_link(request: Request) -> Response:
    form = await request.form()
    token = form.get("token")
    users = web(request).store.users
    user = None
    if isinstance(token, str) and token:
        user = users.use_token(token_hash(token), dt.datetime.now(dt.UTC))
    if user is None:
        return _page(
            request,
            400,
            error="This sign-in link was used already or has expired: ask for a new one "
            "(`cardfollow user link NAME`), or sign in with your password.",
        )
    return _signed_in(request, user, "/")


def attempts(request: Request) -> Attempts:
    state = request.app.state
    if not hasattr(state, "signin_attempts"):
        state.signin_attempts = Attempts()
    found: Attempts = state.signin_attempts
    return found


async def signin_password(request: Request) -> Response:
    form = await request.form()
    name = str(form.get("name") or "").strip().lower()
    password = str(form.get("password") or "")
    address = request.client.host if request.client else ""
    limit = attempts(request)
    wait = limit.wait_s(name, address)
    if wait:
        minutes = -(-wait // 60)
        response = _page(
            request,
            429,
            error=f"Too many wrong passwords: try again in {minutes} minute"
            f"{'s' if minutes != 1 else ''}, or sign in with a link (`cardfollow user link NAME`).",
            name=name,
        )
        response.headers["retry-after"] = str(wait)
        return response
    users = web(request).store.users
    user = users.by_name(name) if name else None
    stored = users.password_hash(user.id) if user else None
    # argon2 takes a moment on purpose: off the event loop, so other pages keep answering.
    ok = await anyio.to_thread.run_sync(password_matches, stored, password)
    if user is None or not ok:
        limit.failed(name, address)
        return _page(request, 400, error="That name and password do not match.", name=name)
    limit.succeeded(name)
    return _signed_in(request, user, _next(str(form.get("next") or "")))


async def signout(request: Request) -> Response:
    response = RedirectResponse(SIGNIN_PATH, status_code=303)
    response.headers.append("set-cookie", close_session(web(request).stores, request))
    return response
