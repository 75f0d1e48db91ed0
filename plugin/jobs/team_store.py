"""The store a job works on: the one the worker's settings name (the team store)."""

from __future__ import annotations

from ..config import Config
from ..store import Store


def open_team_store(config: Config) -> Store:
    settings = config.store()
    return Store(settings.path, settings.url)
