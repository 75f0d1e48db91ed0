"""Where cardfollow keeps its state: one folder when CARDFOLLOW_HOME is set, else the user dirs."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "cardfollow"


def home_override() -> Path | None:
    value = os.environ.get("CARDFOLLOW_HOME")
    return Path(value).expanduser() if value else None


def data_dir() -> Path:
    """The store, the default inbox and other state."""
    return home_override() or Path(platformdirs.user_data_dir(APP))


def config_dir() -> Path:
    return home_override() or Path(platformdirs.user_config_dir(APP))


def config_path() -> Path:
    return config_dir() / "config.toml"


def default_inbox() -> Path:
    return data_dir() / "inbox"


def cache_dir() -> Path:
    """What can be made again: a team store's photos, materialised as files for the OCR."""
    override = home_override()
    return override / "cache" if override else Path(platformdirs.user_cache_dir(APP))
