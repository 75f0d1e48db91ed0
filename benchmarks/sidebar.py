"""The HubSpot sidebar's endpoints as HubSpot calls them: signed, over real HTTP.

    .venv/bin/python benchmarks/sidebar.py
    .venv/bin/python benchmarks/sidebar.py --cards 2000 --repeat 300

A real ``cardfollow serve`` (uvicorn) on 127.0.0.1 over a store of N drafted cards whose
contacts have HubSpot ids; each request signed (v3) by the test proxy. Timed over --repeat
requests after a warm-up, each on a new connection as HubSpot's proxy makes them: GET followup,
approve "later" (the same words each time: the idempotent path a retry takes), and the photo
link.

Baseline, same run: the review page's ``/cards/{id}/status`` (no signature, a store read and a
small JSON), so the signature check and the follow-up's own cost show as the difference.
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

SECRET = "bench-client-secret"
FIRST = [
    "Anna",
    "Ben",
    "Clara",
    "David",
    "Emma",
    "Felix",
    "Greta",
    "Hugo",
    "Ida",
    "Jonas",
    "Kira",
    "Leon",
    "Mia",
    "Nils",
    "Olga",
    "Paul",
]
LAST = [
    "Adler",
    "Brandt",
    "Conrad",
    "Dietz",
    "Engel",
    "Fuchs",
    "Graf",
    "Haas",
    "Illing",
    "Jung",
    "Kraus",
    "Lang",
    "Moser",
    "Nagel",
]


def person(i: int) -> str:
    """Distinct people: apart enough that no duplicate check links two of them."""
    return f"{FIRST[i % 16]} {LAST[(i // 16) % 14]}" + " Jr" * (i // 224)


def timed(fn: Callable[[], int], repeat: int) -> tuple[float, float]:
    assert fn() == 200  # warm-up, and a check that it answers at all
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        status = fn()
        times.append((time.perf_counter() - start) * 1000)
        assert status == 200, status
    times.sort()
    return statistics.median(times), times[int(0.9 * (len(times) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cards", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    forget_settings()
    os.environ["CARDFOLLOW_HOME"] = tempfile.mkdtemp(prefix="cardfollow-bench-")
    os.environ["CARDFOLLOW_HUBSPOT_CLIENT_SECRET"] = SECRET
    os.environ["CARDFOLLOW_SMTP_URL"] = "smtp://127.0.0.1:9"  # never reached: "later" only

    import requests
    from card_factory import drafted_card
    from fake_hubspot.fetch_proxy import HubSpotFetch
    from web_server import running

    from plugin.config import load
    from plugin.store import Store
    from plugin.web import create_app

    config = load()
    with Store(config["store.path"]) as store:
        for i in range(args.cards):
            card = drafted_card(store, config, person(i), email=f"p{i}@x{i}.example", seq=i)
            contact = store.cards.get(card).contact_id
            store.remote_ids.put("hubspot", "contact", str(contact), str(9000 + i))
    target = 9000 + args.cards // 2
    with running(create_app(load())) as server:
        hubspot = HubSpotFetch(SECRET)
        base = f"{server}/hubspot/contacts/{target}/followup?portalId=1&userId=2"
        answer = hubspot.fetch(base)
        assert answer.status == 200, answer.data
        shown = answer.data
        body = {"subject": shown["subject"], "body": shown["body"], "send": "later"}
        photo = shown["photo_url"]
        rows = [
            ("baseline: review page /cards/N/status", *timed(
                lambda: requests.get(f"{server}/cards/{shown['card_id']}/status").status_code,
                args.repeat)),
            ("GET followup (signed)", *timed(lambda: hubspot.fetch(base).status, args.repeat)),
            ("POST approve later, same words (signed)", *timed(
                lambda: hubspot.fetch(base.replace("/followup?", "/followup/approve?"),
                                      method="POST", body=body).status, args.repeat)),
            ("photo link (thumbnail)", *timed(
                lambda: requests.get(photo).status_code, args.repeat)),
        ]  # fmt: skip
    print(f"{args.cards} cards in the store; {args.repeat} requests each")
    print(f"{'request':44} {'median ms':>10} {'p90 ms':>10}")
    for name, median, p90 in rows:
        print(f"{name:44} {median:10.2f} {p90:10.2f}")


if __name__ == "__main__":
    main()
