"""Effective settings: built-in defaults < config.toml < CARDFOLLOW_* environment < command line.

Each value remembers where it came from, so ``cardfollow config`` can explain it.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from ocr.models import Settings

from .home import config_path

# config.toml key (in [ocr]) -> (Settings field, environment variable)
OCR_KEYS: dict[str, tuple[str, str]] = {
    "languages": ("languages", "CARDFOLLOW_OCR_LANGUAGES"),
    "default_region": ("default_region", "CARDFOLLOW_DEFAULT_REGION"),
    "tesseract_cmd": ("tesseract_cmd", "CARDFOLLOW_TESSERACT_CMD"),
    "tesseract_timeout": ("tesseract_timeout", "CARDFOLLOW_TESSERACT_TIMEOUT"),
    "review_threshold": ("review_threshold", "CARDFOLLOW_REVIEW_THRESHOLD"),
}


class ConfigError(Exception):
    pass


@dataclass(frozen=True)
class Sourced:
    value: Any
    source: str  # "default", "config.toml", "env CARDFOLLOW_X", "command line"


def read_config_file(path: Path | None = None) -> dict[str, Any]:
    path = path or config_path()
    if not path.exists():
        return {}
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (tomllib.TOMLDecodeError, OSError) as exc:
        raise ConfigError(f"{path}: cannot read the config file: {exc}") from None


def ocr_settings(overrides: dict[str, Any] | None = None) -> tuple[Settings, dict[str, Sourced]]:
    """The OCR Settings in force, and where each value came from."""
    types = {f.name: f.type for f in fields(Settings)}
    defaults = Settings()
    section = read_config_file().get("ocr", {})
    chosen: dict[str, Sourced] = {}
    for key, (attr, env) in OCR_KEYS.items():
        sourced = Sourced(getattr(defaults, attr), "default")
        if key in section:
            sourced = Sourced(section[key], f"config.toml [{'ocr'}] {key}")
        if os.environ.get(env):
            sourced = Sourced(os.environ[env], f"env {env}")
        if overrides and overrides.get(key) is not None:
            sourced = Sourced(overrides[key], "command line")
        chosen[attr] = Sourced(_coerce(attr, sourced.value, str(types[attr])), sourced.source)
    settings = Settings(**{k: v.value for k, v in chosen.items()})
    return settings, chosen


def _coerce(name: str, value: Any, type_name: str) -> Any:
    if value is None or value == "":
        return None if "None" in type_name else value
    try:
        if "float" in type_name:
            return float(value)
        if "int" in type_name:
            return int(value)
    except (TypeError, ValueError):
        raise ConfigError(f"setting {name}: expected a number, got {value!r}") from None
    if name == "default_region":
        value = str(value).upper()
        if len(value) != 2 or not value.isalpha():
            raise ConfigError(f"default_region: expected a two-letter country code, got {value!r}")
    return str(value)
