"""What signing in costs the review page, with a team's store (500 cards by default).

    .venv/bin/python benchmarks/signin.py
    .venv/bin/python benchmarks/signin.py --cards 2000 --repeat 50

The review page in process (Starlette's TestClient, so the HTTP server's own time is left out)
over a fresh SQLite store of N drafted cards (tests/card_factory.py, no OCR), half captured by
each of two reps. Each request is timed over --repeat runs after a warm-up; medians are printed.

Baseline, same run: the same store with no users, the page open as for a single user. Then the
same requests signed in as the admin (every card: the difference is the sign-in's own cost, a
session lookup per request) and as one rep (half the cards). Last, one argon2id hash: what a
password sign-in costs (on purpose).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from _common import forget_settings  # noqa: E402


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cards", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    forget_settings()
    os.environ["CARDFOLLOW_HOME"] = tempfile.mkdtemp(prefix="cardfollow-signin-")
    os.environ["CARDFOLLOW_PROFILE_NAME"] = "Sam Carter"
    os.environ["CARDFOLLOW_PROFILE_EMAIL"] = "sam@northwind.example"

    from card_factory import add_card
    from starlette.testclient import TestClient

    from plugin.config import load
    from plugin.store import Store
    from plugin.users import accounts
    from plugin.users.credentials import hash_password
    from plugin.web import create_app
    from plugin.web.security import CSRF_COOKIE

    config = load()
    store = Store(config.store().path)
    cards = []
    for i in range(args.cards):
        event = ("Expo 2026", "Fair 2026", "Summit 2026")[i % 3]
        cards.append(add_card(store, config, f"Person{i} Example", event=event, minutes=i))
    client = TestClient(create_app(config), base_url="http://127.0.0.1:8155")
    pages = {"queue": "/?state=all", "card": f"/cards/{cards[0]}", "live": "/api/changes"}

    def measure(who: str) -> dict[str, float]:
        out = {}
        for name, path in pages.items():

            def get(path: str = path) -> None:
                response = client.get(path)
                assert response.status_code == 200, (who, path, response.status_code)

            out[name] = median_ms(get, args.repeat)
        return out

    results = {"open (no users)": measure("open")}
    links = {
        name: accounts.add_user(store, "http://x", name, f"{name}@acme.example", name == "boss")
        for name in ("alice", "bob", "boss")
    }
    for n, card in enumerate(cards):  # half the cards each rep's, the first one alice's
        rep = links["alice" if n % 2 == 0 else "bob"].user
        store.db.run("UPDATE cards SET user_id = ? WHERE id = ?", (rep.id, card))

    def sign_in(name: str) -> None:
        client.cookies.clear()
        client.get("/signin")
        token = links[name].url.rsplit("/", 1)[1]
        form = {"csrf_token": client.cookies[CSRF_COOKIE], "token": token}
        client.post("/signin/link", data=form)

    sign_in("boss")
    results["admin (every card)"] = measure("boss")
    sign_in("alice")
    results["rep (half the cards)"] = measure("alice")

    base = results["open (no users)"]
    print(f"{args.cards} cards, median of {args.repeat} requests each (ms):")
    print(f"{'':24}" + "".join(f"{name:>16}" for name in pages))
    for who, got in results.items():
        cells = "".join(f"{got[n]:9.2f} ({got[n] - base[n]:+5.2f})" for n in pages)
        print(f"{who:24}{cells}")
    started = time.perf_counter()
    hash_password("correct horse battery staple")
    took = (time.perf_counter() - started) * 1000
    print(f"one argon2id hash (a password sign-in): {took:.0f} ms")
    store.close()


if __name__ == "__main__":
    main()
