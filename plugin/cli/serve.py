"""``cardfollow serve``: the review page on this machine (or, with an access token, on your
network)."""

from __future__ import annotations

import secrets
import socket
import webbrowser

import click

from ocr.errors import CardfollowError, ExitCode

from ..web.security import TOKEN_PARAM, is_local
from .common import errors_as_messages, open_store, settings

WILDCARDS = ("0.0.0.0", "::", "")


class ServeError(CardfollowError):
    exit_code = ExitCode.usage


@click.command()
@click.option(
    "--host",
    default=None,
    help="Address to listen on (default: serve.host, 127.0.0.1). Anything beyond localhost "
    "needs the access token, which is then part of the printed address.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=None,
    help="Port to listen on (default: serve.port, 8155; 0 picks a free one).",
)
@click.option(
    "--open/--no-open",
    "open_browser",
    default=False,
    help="Open the page in your web browser once it is up.",
)
@errors_as_messages
def serve(host: str | None, port: int | None, open_browser: bool) -> None:
    """Start the review page: approve drafted follow-ups in the browser (Ctrl-C stops it)."""
    import uvicorn

    from ..web import create_app

    config = settings({"serve.host": host, "serve.port": port})
    host = str(config.serve().host).strip()
    with open_store(config) as store:  # a store that cannot be opened fails here
        # A team's page: everyone signs in as themselves, so no shared access token is made.
        team = store.shared or store.users.any()
    made = None if is_local(host) or team else secrets.token_urlsafe(24)
    token = config.serve().token or made
    sock = _bind(host, int(config.serve().port))
    port = int(sock.getsockname()[1])
    app = create_app(config, token=token, check_host=token is None and is_local(host))
    url = page_url(host, port, token)
    click.echo(f"Review page: {url}")
    if not is_local(host) and host in WILDCARDS:
        click.echo(f"On your network: {page_url(socket.gethostname(), port, token)}")
    if team:
        click.echo("Everyone signs in: `cardfollow user link NAME` prints a sign-in link.")
    elif not is_local(host):
        click.echo("The address carries the access token: share it only with your own devices.")
    click.echo("Ctrl-C stops it.")
    if open_browser:
        webbrowser.open(url)
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            log_level="warning",
            access_log=False,  # the first request of a visit carries the token in its query
            server_header=False,
            timeout_graceful_shutdown=3,
        )
    )
    server.run(sockets=[sock])


def page_url(host: str, port: int, token: str | None) -> str:
    shown = "127.0.0.1" if host in WILDCARDS else host
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"  # an IPv6 address
    return f"http://{shown}:{port}/" + (f"?{TOKEN_PARAM}={token}" if token else "")


def _bind(host: str, port: int) -> socket.socket:
    """The listening socket, bound before anything is printed: the address shown is the real
    one (with ``--port 0``, the port the system chose), and a busy port is a clear error."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except socket.gaierror as exc:
        raise ServeError(f"cannot listen on {host!r}: {exc.strerror}") from None
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        hint = "; choose another with --port" if exc.errno in (98, 48) else ""
        raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror}{hint}") from None
    sock.set_inheritable(True)
    return sock
