"""The review page's response times with a full store (500 cards by default).

    .venv/bin/python benchmarks/review_page.py
    .venv/bin/python benchmarks/review_page.py --cards 2000 --repeat 30

A real ``cardfollow serve`` (uvicorn) on 127.0.0.1 over a fresh store of N drafted cards made
through the store (tests/card_factory.py, no OCR), at three events. Each request is timed over
--repeat runs after a warm-up, with a keep-alive ``requests`` session; the median and the 90th
percentile are printed with the response size.

Baseline, same run: the store work the queue needs, in process and without HTTP or templates
(``store.cards.list()`` of every card), so the page's own cost shows as the difference.
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
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from _common import forget_settings  # noqa: E402


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float, object]:
    fn()  # warm-up
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.9 * (len(times) - 1))], result


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cards", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    forget_settings()

    import requests
    from card_factory import add_card

    from plugin.config import load
    from plugin.store import Store

    with tempfile.TemporaryDirectory(prefix="cardfollow-review-") as home:
        os.environ["CARDFOLLOW_HOME"] = home
        os.environ["CARDFOLLOW_PROFILE_NAME"] = "Sam Carter"
        config = load()
        made = time.perf_counter()
        with Store(config["store.path"]) as store:
            ids = [
                add_card(store, config, f"Person {i:04d} Example", event=f"Expo {i % 3}", minutes=i)
                for i in range(args.cards)
            ]
        made = time.perf_counter() - made
        with Store(config["store.path"]) as store:
            base_med, base_p90, _ = timed(lambda: store.cards.list(), args.repeat)

        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "plugin", "serve", "--port", str(port), "--no-open"],
            env=os.environ.copy(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            http = requests.Session()
            for _ in range(100):
                try:
                    http.get(base + "/api/changes", timeout=1)
                    break
                except requests.ConnectionError:
                    time.sleep(0.1)
            middle = ids[len(ids) // 2]
            rows = [
                ("queue page (first 100 of all)", lambda: http.get(base + "/?state=all")),
                ("card page", lambda: http.get(f"{base}/cards/{middle}")),
                ("card status", lambda: http.get(f"{base}/cards/{middle}/status")),
                ("thumbnail", lambda: http.get(f"{base}/cards/{middle}/thumb")),
                ("live check /api/changes", lambda: http.get(base + "/api/changes")),
            ]
            print(f"{args.cards} drafted cards (made in {made:.1f} s), {args.repeat} runs each\n")
            print(f"{'request':<32}{'median ms':>10}{'p90 ms':>9}{'bytes':>9}")
            print(f"{'baseline: store.cards.list()':<32}{base_med:>10.1f}{base_p90:>9.1f}{'':>9}")
            for name, fn in rows:
                med, p90, response = timed(fn, args.repeat)
                assert response.status_code == 200, (name, response.status_code)  # type: ignore[attr-defined]
                size = len(response.content)  # type: ignore[attr-defined]
                print(f"{name:<32}{med:>10.1f}{p90:>9.1f}{size:>9}")
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
