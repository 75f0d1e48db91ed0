"""Server-rendered pages: one Jinja environment, autoescaped and strict, for every template."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from . import flash
from .outbox_view import when

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"


def static_version() -> str:
    """Changes whenever a static file does, so a browser never mixes old and new."""
    digest = hashlib.sha256()
    for path in sorted(STATIC.rglob("*")):
        if path.is_file():
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:10]


class Pages:
    def __init__(self, globals_: dict[str, Any]) -> None:
        self.env = Environment(
            loader=FileSystemLoader(TEMPLATES),
            # Every template is HTML: card text is hostile, so everything is escaped.
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.globals.update(globals_, static_version=static_version())
        self.env.filters["local_time"] = lambda stamp: when(stamp, None)

    def page(
        self, request: Request, name: str, context: dict[str, Any], status: int = 200
    ) -> HTMLResponse:
        """A whole page, with the messages left by the last form (shown once)."""
        messages = flash.read(request)
        response = self.fragment(request, name, {"flash": messages, **context}, status)
        flash.clear(request, response)
        return response

    def fragment(
        self, request: Request, name: str, context: dict[str, Any], status: int = 200
    ) -> HTMLResponse:
        html = self.env.get_template(name).render(
            {"request": request, "csrf_token": request.state.csrf_token, **context}
        )
        return HTMLResponse(html, status)
