"""Photos through the upload page, against ``cardfollow scan`` over the same photos (the baseline,
same run).

    .venv/bin/python benchmarks/upload.py
    .venv/bin/python benchmarks/upload.py --photos 20 --framing 8

Generated cards (tests/conftest.py's text_card: printed, 1050x600), a real ``cardfollow serve``
on 127.0.0.1 for each upload run, each in a fresh home, photos posted as the page posts them
(``POST /upload``, the photo as the body). Printed:

- baseline: ``cardfollow scan`` of the N photos dropped in the inbox (a real process: its own
  reader start included), seconds in all and per photo;
- the first photo to a server just started, the page not yet opened (reader start + OCR load);
- the first photo after the page opened (``/upload/warm``) and --framing seconds passed, as a
  rep frames the card;
- the next photos one after another (median, p90), and all N two at once (as the page sends
  them) in wall time.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from _common import forget_settings  # noqa: E402

FIRST = ["Anna", "Jonas", "Priya", "Oliver", "Mei", "Lukas", "Sofia", "Tom", "Ines", "Ravi"]
LAST = ["Weber", "Berg", "Nguyen", "Hale", "Tanaka", "Novak", "Rossi", "Adams", "Costa", "Iyer"]


def photos(folder: Path, n: int) -> list[Path]:
    from conftest import text_card

    made = []
    for i in range(n):
        first, last = FIRST[i % len(FIRST)], LAST[(i // len(FIRST) + i) % len(LAST)]
        lines = [
            f"{first} {last}",
            "Northwind Traders Ltd",
            f"{first.lower()}{i}@northwind.example",
        ]
        made.append(text_card(folder / f"IMG_{i:04d}.jpg", lines))
    return made


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """A real ``cardfollow serve`` in a fresh home, and a browser-like session to it."""

    def __init__(self, home: str) -> None:
        import requests

        env = {**os.environ, "CARDFOLLOW_HOME": home}
        self.port = free_port()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "plugin", "serve", "--port", str(self.port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.base = f"http://127.0.0.1:{self.port}"
        self.http = requests.Session()
        for _ in range(200):
            try:
                self.http.get(self.base + "/api/changes", timeout=1)  # sets the CSRF cookie
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        self.csrf = self.http.cookies["cf_csrf"]

    def post(self, path: str, **kwargs: Any) -> Any:
        return self.http.post(
            self.base + path,
            headers={"x-csrf-token": self.csrf, **kwargs.pop("headers", {})},
            **kwargs,
        )

    def upload(self, photo: Path) -> float:
        started = time.perf_counter()
        response = self.post(
            "/upload",
            params={"name": photo.name, "event": "Benchmark Expo"},
            data=photo.read_bytes(),
            headers={"content-type": "image/jpeg"},
        )
        assert response.status_code == 200 and response.json()["result"] == "read", response.text
        return time.perf_counter() - started

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


def scan_baseline(home: str, shots: list[Path]) -> float:
    inbox = Path(home) / "inbox" / "Benchmark Expo"
    inbox.mkdir(parents=True)
    for photo in shots:
        (inbox / photo.name).write_bytes(photo.read_bytes())
    env = {**os.environ, "CARDFOLLOW_HOME": home}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "plugin", "scan", "--json"], env=env, check=True,
        capture_output=True,
    )  # fmt: skip
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--photos", type=int, default=8)
    parser.add_argument("--framing", type=float, default=10.0, help="seconds to frame a card")
    args = parser.parse_args()
    forget_settings()
    os.environ["CARDFOLLOW_PROFILE_NAME"] = "Sam Carter"
    n = args.photos
    with tempfile.TemporaryDirectory(prefix="cardfollow-upload-") as tmp:
        shots = photos(Path(tmp) / "shots", n)
        homes = [tempfile.mkdtemp(dir=tmp) for _ in range(4)]
        scan = scan_baseline(homes[0], shots)

        server = Server(homes[1])  # cold: the first photo starts the reader
        try:
            cold = server.upload(shots[0])
            rest = sorted(server.upload(p) for p in shots[1:])
        finally:
            server.close()

        server = Server(homes[2])  # the page opened first, then a card framed
        try:
            assert server.post("/upload/warm").status_code == 204
            time.sleep(args.framing)
            warm = server.upload(shots[0])
        finally:
            server.close()

        server = Server(homes[3])  # all N two at once, as the page sends them
        try:
            server.post("/upload/warm")
            time.sleep(args.framing)
            started = time.perf_counter()
            with ThreadPoolExecutor(2) as pool:
                list(pool.map(server.upload, shots))
            both = time.perf_counter() - started
        finally:
            server.close()

    p90 = rest[int(0.9 * (len(rest) - 1))] if rest else 0.0
    median = statistics.median(rest) if rest else 0.0
    one_by_one = cold + sum(rest)
    print(f"{n} generated card photos, 1050x600 JPEG; OCR settings as configured (default)\n")
    print(f"{'run':<58}{'seconds':>9}{'s/photo':>9}")
    row("baseline: cardfollow scan of the N photos (one process)", scan, n)
    row("upload: all N one at a time, server just started", one_by_one, n)
    row("upload: all N two at once (as the page), page open first", both, n)
    row("upload: first photo, server just started (cold reader)", cold, 1)
    row(f"upload: first photo, page open {args.framing:.0f} s before", warm, 1)
    row("upload: each next photo, one at a time (median)", median, 1)
    row("upload: each next photo, one at a time (p90)", p90, 1)


def row(label: str, seconds: float, photos: int) -> None:
    print(f"{label:<58}{seconds:>9.2f}{seconds / photos:>9.2f}")


if __name__ == "__main__":
    main()
