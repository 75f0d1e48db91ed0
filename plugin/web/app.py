"""The review page as an ASGI app: routes, the security middleware, static files, error pages."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import anyio
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from ..config import Config
from ..jobs.defer import outbox_accounts
from . import (
    ids,  # noqa: F401  (registers the {name:id} route convertor used below)
    views_account,
    views_card,
    views_due,
    views_queue,
    views_signin,
    views_upload,
)
from .context import Web, web
from .render import STATIC, Pages
from .security import SecurityMiddleware
from .sidebar.routes import SIDEBAR_PREFIX
from .sidebar.routes import routes as sidebar_routes
from .signin import SignInMiddleware, current_user
from .stores import StoreProvider
from .uploads import Uploads


class _Static(StaticFiles):
    """Static files a browser may keep, asking again each time (a 304 when unchanged)."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        response.headers.setdefault("cache-control", "no-cache")
        return response


def create_app(
    config: Config,
    *,
    store_path: Path | None = None,
    token: str | None = None,
    check_host: bool | None = None,
) -> Starlette:
    """The review page for the store at ``store_path`` (default: ``store.path``).

    ``token``: every request must carry it (``?token=`` once, then a cookie); needed whenever
    a single user's page is served beyond localhost. ``check_host`` (default: when there is no
    token): the page only answers requests whose Host header names this machine (localhost,
    127.0.0.1, ::1), against DNS rebinding. A team's page (a shared store, or users) asks
    everyone to sign in, token or not (``signin``).
    """
    # A store_path given (tests, benchmarks) is that SQLite file; else the settings' store.
    stores = (
        StoreProvider(Path(store_path))
        if store_path
        else StoreProvider(config.store().path, config.store().url)
    )
    state = Web(
        cards=config.cards(),
        checkins=config.checkins(),
        sending=config.sending(),
        crm=config.crm(),
        outbox=outbox_accounts(config),
        stores=stores,
        pages=Pages({"token_required": token is not None, "current_user": current_user}),
        ocr_limit=anyio.CapacityLimiter(1),
        uploads=Uploads.create(
            config.inbox(), config.serve(), config.values["inbox.path"].source == "default"
        ),
    )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        stores.get()  # open (and migrate) the store before the first visitor
        state.uploads.start()
        try:
            yield
        finally:
            state.uploads.close()
            stores.close_current()

    card = "/cards/{card_id:id}"
    routes = [
        Route("/", views_queue.queue_page, name="queue"),
        Route("/queue/rows", views_queue.queue_rows),
        Route("/api/changes", views_queue.changes),
        Route("/events/{key}/approve", views_queue.bulk_confirm, methods=["GET"]),
        Route("/events/{key}/approve", views_queue.bulk_approve, methods=["POST"]),
        Route(card, views_card.card_page),
        Route(f"{card}/status", views_card.status),
        Route(f"{card}/image", views_card.card_image),
        Route(f"{card}/thumb", views_card.card_thumb),
        Route(f"{card}/photo", views_card.card_photo),
        Route(f"{card}/crop/{{field}}", views_card.card_crop),
        Route(f"{card}/save", views_card.save, methods=["POST"]),
        Route(f"{card}/approve", views_card.approve, methods=["POST"]),
        Route(f"{card}/skip", views_card.skip, methods=["POST"]),
        Route(f"{card}/note", views_card.note, methods=["POST"]),
        Route(f"{card}/reextract", views_card.reextract, methods=["POST"]),
        Route(f"{card}/merge", views_card.merge, methods=["POST"]),
        Route(f"{card}/redraft", views_card.draft_again, methods=["POST"]),
        Route(f"{card}/preview", views_card.preview_draft, methods=["POST"]),
        *views_due.routes(state.pages),
        Route("/upload", views_upload.upload_page, methods=["GET"]),
        Route("/upload", views_upload.upload, methods=["POST"]),
        Route("/upload/warm", views_upload.warm, methods=["POST"]),
        *views_signin.routes(),
        *views_account.routes(),
        Route("/favicon.ico", _favicon),
        Mount("/static", _Static(directory=STATIC), name="static"),
        *sidebar_routes(config, stores),
    ]
    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(
                SecurityMiddleware,
                token=token,
                check_host=token is None if check_host is None else check_host,
                # HubSpot's signature is the sidebar's only key (and it comes from afar).
                exempt=SIDEBAR_PREFIX,
            ),
            Middleware(SignInMiddleware, stores=stores, exempt=SIDEBAR_PREFIX),
        ],
        exception_handlers={HTTPException: _error_page},
        lifespan=lifespan,
    )
    app.state.web = state
    return app


async def _favicon(request: Request) -> Response:
    return FileResponse(STATIC / "favicon.svg", media_type="image/svg+xml")


async def _error_page(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if request.url.path.startswith(SIDEBAR_PREFIX):
        # The sidebar card reads JSON; and these requests skip the middleware that gives a
        # page its CSRF token, so they could not have an HTML page anyway.
        return JSONResponse(
            {"error": exc.detail.lower()}, exc.status_code, headers={"cache-control": "no-store"}
        )
    if request.url.path.startswith(("/api/", "/static/")) or request.method != "GET":
        return Response(exc.detail, status_code=exc.status_code, media_type="text/plain")
    return web(request).pages.page(
        request, "error.html", {"status": exc.status_code, "detail": exc.detail}, exc.status_code
    )
