"""The review page (``cardfollow serve``): approve drafted follow-ups in the browser.

A Starlette app with server-rendered Jinja pages and a little plain JavaScript, everything served
locally (no CDN, no build step). All decisions go through ``plugin.review``, as on the command
line; the store is the same SQLite file ``watch`` writes.
"""

from .app import create_app

__all__ = ["create_app"]
