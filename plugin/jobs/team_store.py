"""The store a job works on: the one the worker's settings name."""

from __future__ import annotations

from ..config import Config
from ..store import Store


def open_team_store(config: Config) -> Store:
    return Store(config.store().path)
