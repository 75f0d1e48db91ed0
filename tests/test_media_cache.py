"""The team store's local copies of photos are a cache under a cap, least recently used first."""

from __future__ import annotations

import os
from pathlib import Path

from plugin.store.media import prune_cache

NOW = 1_800_000_000.0


def copy(cache: Path, name: str, size: int, age_s: float) -> Path:
    path = cache / name[:2] / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * size)
    os.utime(path, (NOW - age_s, NOW - age_s))
    return path


def test_the_oldest_copies_go_until_the_cache_fits(tmp_path: Path) -> None:
    old = copy(tmp_path, "aa1.jpg", 400, age_s=5 * 86400)
    older = copy(tmp_path, "bb2.jpg", 400, age_s=9 * 86400)
    recent = copy(tmp_path, "cc3.jpg", 400, age_s=2 * 86400)
    gone = prune_cache(tmp_path, cap_bytes=500, now_s=NOW)
    assert gone == [older, old]
    assert recent.exists() and not old.exists() and not older.exists()


def test_a_copy_used_within_the_hour_is_never_pruned(tmp_path: Path) -> None:
    busy = copy(tmp_path, "aa1.jpg", 1000, age_s=60)
    incoming = copy(tmp_path, ".incoming-x", 1000, age_s=9 * 86400)
    assert prune_cache(tmp_path, cap_bytes=10, now_s=NOW) == []
    assert busy.exists() and incoming.exists()


def test_a_cache_under_its_cap_is_left_alone(tmp_path: Path) -> None:
    kept = copy(tmp_path, "aa1.jpg", 100, age_s=30 * 86400)
    assert prune_cache(tmp_path, cap_bytes=1000, now_s=NOW) == [] and kept.exists()
