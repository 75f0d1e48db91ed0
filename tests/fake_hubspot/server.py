"""The HTTP layer: a threaded server on 127.0.0.1 that hands each request to the fake."""

from __future__ import annotations

import socket
import struct
import sys
import threading
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Protocol


@dataclass
class Outcome:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    reset: bool = False  # drop the connection with a TCP RST instead of answering


class Backend(Protocol):
    clock: object  # a VirtualClock: response Date headers follow virtual time

    def handle(self, method: str, target: str, headers: Message, body: bytes) -> Outcome: ...


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    backend: Backend

    def handle_error(self, request: object, client_address: object) -> None:
        # Clients that time out or reset first are expected here ("slow" faults); stay quiet.
        if isinstance(sys.exc_info()[1], ConnectionError | OSError):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, so client sessions reuse connections
    server: _Server

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in two writes; without this, Nagle plus delayed ACK cost
        # ~40 ms per keep-alive request.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def _body(self) -> bytes:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline().strip():
                        pass  # trailers
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _serve(self) -> None:
        outcome = self.server.backend.handle(self.command, self.path, self.headers, self._body())
        if outcome.reset:
            self._reset()
            return
        self.send_response(outcome.status)
        for key, value in outcome.headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(outcome.body)))
        self.end_headers()
        self.wfile.write(outcome.body)

    def _reset(self) -> None:
        """Close with SO_LINGER 0: the kernel sends RST, the client sees 'connection reset'."""
        self.close_connection = True
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()

    def date_time_string(self, timestamp: float | None = None) -> str:
        now = self.server.backend.clock.now()  # type: ignore[attr-defined]
        return super().date_time_string(now if timestamp is None else timestamp)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

    def log_message(self, format: str, *args: object) -> None:
        pass  # tests read fake.requests instead


class HttpServer:
    """Serve ``backend`` on 127.0.0.1 at a free port, in a background thread."""

    def __init__(self, backend: Backend) -> None:
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.backend = backend
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
