"""Moving a single user's store up into a team store: ``cardfollow store copy`` timed.

    .venv/bin/python benchmarks/store_copy.py                # 300 cards
    .venv/bin/python benchmarks/store_copy.py --cards 50     # quicker while developing
    .venv/bin/python benchmarks/store_copy.py --json

A fresh SQLite store gets N drafted, approved cards made straight through the store (no OCR:
this measures the copy), each with a phone photo of 1.1 MB (a sample card's own bytes plus a
few of its own, so no two are alike) and its straightened card image; then the store is
copied into an empty database of a scratch PostgreSQL cluster (tests/postgres_server.py: on
this machine, over loopback, fsync off) with the command's own ``copy_store``.

Baseline, same run: copying the store's files (database and photo folders) with
``shutil.copytree``, what moving the single-user store to another disk costs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

PHOTO = ROOT / "sample_cards" / "p01_de_national_wood.jpg"


def make_store(home: Path, cards: int) -> Path:
    from card_factory import drafted_card

    from plugin.config import load
    from plugin.review import approve
    from plugin.store import Store

    os.environ["CARDFOLLOW_HOME"] = str(home)
    os.environ.setdefault("CARDFOLLOW_PROFILE_NAME", "Sam Carter")
    os.environ.setdefault("CARDFOLLOW_PROFILE_EMAIL", "sam@northwind.example")
    config = load()
    photo = PHOTO.read_bytes()
    now = dt.datetime(2026, 11, 18, 20, 0, tzinfo=dt.UTC)
    with Store(config["store.path"]) as store:
        for i in range(cards):
            card_id = drafted_card(
                store, config, f"Person {i}", email=f"p{i}@firm{i // 4}.example", seq=i
            )
            approve(store, card_id, config.mail(), now=now)
            stored = store.cards.get(card_id).stored_photo
            store.media.save(stored, photo + i.to_bytes(4, "big"))  # a phone photo's size
    return Path(config["store.path"])


def run(cards: int) -> dict[str, Any]:
    from postgres_server import postgres_server

    from plugin.store import Store
    from plugin.store.copy import copy_store

    with tempfile.TemporaryDirectory(prefix="cardfollow-copy-") as tmp, postgres_server() as pg:
        path = make_store(Path(tmp) / "home", cards)
        started = time.perf_counter()
        shutil.copytree(path.parent, Path(tmp) / "baseline")
        baseline = time.perf_counter() - started
        url = pg.create_database()
        started = time.perf_counter()
        with Store(path) as source, Store(path, url) as team:
            report = copy_store(source, team)
        wall = time.perf_counter() - started
        started = time.perf_counter()
        with Store(path, url) as team:
            listed = len(team.cards.list())
            first = team.cards.list()[0]
            team.media.local(first.stored_photo)
        read_back = time.perf_counter() - started
    return {
        "cards": cards,
        "rows": sum(report.rows.values()),
        "media_files": report.media_files,
        "media_mb": round(report.media_bytes / 1e6, 1),
        "copy_s": round(wall, 2),
        "copy_ms_per_card": round(wall / cards * 1000, 1),
        "copy_mb_per_s": round(report.media_bytes / 1e6 / wall, 1),
        "baseline_copytree_s": round(baseline, 2),
        "read_back_s": round(read_back, 2),
        "cards_read_back": listed,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=300)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    figures = run(args.cards)
    if args.json:
        print(json.dumps(figures))
        return
    print(
        f"store copy: {figures['cards']} cards, {figures['rows']} rows, "
        f"{figures['media_files']} photos and card images ({figures['media_mb']} MB)\n"
        f"  copy into PostgreSQL: {figures['copy_s']} s "
        f"({figures['copy_ms_per_card']} ms a card, {figures['copy_mb_per_s']} MB/s)\n"
        f"  baseline, copytree of the store's files: {figures['baseline_copytree_s']} s\n"
        f"  read back through the team store: {figures['read_back_s']} s "
        f"({figures['cards_read_back']} cards)"
    )


if __name__ == "__main__":
    main()
