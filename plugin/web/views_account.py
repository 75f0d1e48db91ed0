"""A signed-in user's own page: their profile (how their follow-ups are signed), their mailbox
settings and their password. Only for oneself: an admin changes others with `cardfollow user`."""

from __future__ import annotations

import anyio
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from ocr.errors import CardfollowError

from ..store import UserRecord
from ..users import accounts
from ..users.settings import MAIL_KEYS, PROFILE_KEYS
from . import flash
from .context import web
from .signin import current_user

ACCOUNT_PATH = "/account"
LABELS = {
    "name": "Your name",
    "title": "Job title",
    "company": "Company",
    "email": "Sender address",
    "phone": "Phone",
    "signature": "Signature",
    "smtp_url": "Your mail server (smtp://…)",
    "send_at": "Approved mail goes (morning or now)",
    "morning": "Your business morning (HH:MM)",
    "timezone": "Time zone (e.g. Europe/Berlin)",
}


def routes() -> list[Route]:
    return [
        Route(ACCOUNT_PATH, account_page, methods=["GET"]),
        Route(ACCOUNT_PATH, save_account, methods=["POST"]),
        Route(f"{ACCOUNT_PATH}/password", save_password, methods=["POST"]),
    ]


def _me(request: Request) -> UserRecord:
    user = current_user(request)
    if user is None:  # a single user's page: their settings are `cardfollow init`'s
        raise HTTPException(404, "no account here: your settings are in `cardfollow init`")
    return user


def _shown(user: UserRecord) -> dict[str, str]:
    values = {k: user.profile.get(k, "") for k in PROFILE_KEYS}
    # The password in a mail server's address is never sent back to the browser.
    values |= {k: accounts.shown_mail(k, user.mail.get(k, "")) for k in MAIL_KEYS}
    return values


def _page(
    request: Request,
    user: UserRecord,
    values: dict[str, str],
    status: int = 200,
    error: str | None = None,
) -> Response:
    context = {
        "error": error,
        "me": user,
        "values": values,
        "labels": LABELS,
        "profile_keys": PROFILE_KEYS,
        "mail_keys": MAIL_KEYS,
    }
    return web(request).pages.page(request, "account.html", context, status)


async def account_page(request: Request) -> Response:
    user = _me(request)
    return _page(request, user, _shown(user))


async def save_account(request: Request) -> Response:
    user = _me(request)
    form = await request.form()
    given = {k: str(form.get(k) or "").strip() for k in (*PROFILE_KEYS, *MAIL_KEYS)}
    profile = {k: given[k] for k in PROFILE_KEYS if given[k]}
    mail = {k: given[k] for k in MAIL_KEYS if given[k]}
    if mail.get("smtp_url") == accounts.shown_mail("smtp_url", user.mail.get("smtp_url", "")):
        mail["smtp_url"] = user.mail["smtp_url"]  # shown masked, sent back unchanged
    try:
        accounts.check_settings(profile, mail)
    except CardfollowError as exc:
        return _page(request, user, given, 422, error=str(exc))
    web(request).store.users.set_settings(user.id, profile=profile, mail=mail)
    response = RedirectResponse(ACCOUNT_PATH, status_code=303)
    flash.add(response, [("ok", "Saved: your next drafts are signed this way")])
    return response


async def save_password(request: Request) -> Response:
    user = _me(request)
    form = await request.form()
    password = str(form.get("password") or "")
    response = RedirectResponse(ACCOUNT_PATH, status_code=303)
    hashed = None
    if password:
        try:
            # argon2 takes a moment on purpose: off the event loop (the store stays on it).
            hashed = await anyio.to_thread.run_sync(accounts.checked_hash, password)
        except CardfollowError as exc:
            flash.add(response, [("error", str(exc))])
            return response
    web(request).store.users.set_password(user.id, hashed)
    flash.add(response, [("ok", "Password set" if password else "Password removed")])
    return response
