"""What a setting is: its ``config.toml`` section and key, its environment variable, its default,
its kind, and how a raw value becomes that kind.

A leaf module: the settings' owners (``plugin.config`` and each CRM package) declare their
options with it, so a CRM's settings live in its own package and config imports no domain code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ocr.errors import CardfollowError, ExitCode


class ConfigError(CardfollowError):
    exit_code = ExitCode.usage


@dataclass(frozen=True)
class Option:
    section: str
    key: str
    env: str
    default: Callable[[], Any]  # called late: defaults under the home depend on CARDFOLLOW_HOME
    kind: str = "str"  # str | int | float | bool | path | region | auto-bool | choice:a,b
    secret: bool = False
    help: str = ""
    check: Callable[[str], object] | None = None  # raises ValueError for a text value it refuses

    @property
    def name(self) -> str:
        # A top-level key (``crm = "local"``) has no section.
        return f"{self.section}.{self.key}" if self.section else self.key


def const(value: Any) -> Callable[[], Any]:
    return lambda: value


def coerce(opt: Option, value: Any) -> Any:
    """A raw value (config.toml, the environment, the command line) as the option's kind."""
    if value is None or value == "":
        return None if opt.kind not in ("auto-bool",) else "auto"
    try:
        if opt.kind == "float":
            return float(value)
        if opt.kind == "int":
            return int(value)
    except (TypeError, ValueError):
        raise ConfigError(f"setting {opt.name}: expected a number, got {value!r}") from None
    if opt.kind in ("bool", "auto-bool"):
        return _boolean(opt, value)
    if opt.kind == "path":
        return Path(str(value)).expanduser()
    if opt.kind.startswith("choice:"):
        choices = opt.kind.removeprefix("choice:").split(",")
        text = str(value).strip().lower()
        if text not in choices:
            raise ConfigError(
                f"setting {opt.name}: expected one of {', '.join(choices)}, got {value!r}"
            )
        return text
    if opt.kind == "region":
        text = str(value).upper()
        if len(text) != 2 or not text.isalpha():
            raise ConfigError(f"{opt.key}: expected a two-letter country code, got {value!r}")
        return text
    text = str(value)
    if opt.check is not None:
        try:
            opt.check(text)
        except ValueError as exc:
            raise ConfigError(f"setting {opt.name}: {exc}") from None
    return text


def _boolean(opt: Option, value: Any) -> bool | str:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if opt.kind == "auto-bool" and text == "auto":
        return "auto"
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"setting {opt.name}: expected true or false, got {value!r}")
