"""An event folder's optional ``event.toml``: date, place, draft template and language, a note.

Nothing here raises: a broken settings file must never cost a card, so every problem becomes a
warning string the caller prints or records, and the event falls back to just its folder name.

``name`` in event.toml is the event's *display* name (what drafts say, e.g. "Web Summit 2025"
for a folder called "websummit"); the folder name stays what ``event_name_for`` returns. Both
are the folder's name when the key is absent.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path
from typing import Any

from plugin.drafts.errors import TemplateError
from plugin.drafts.languages import normalise_language
from plugin.keep_in_touch.cadence import CadenceError, parse_cadence
from plugin.models import EventInfo

from .listing import EVENT_FILE

KNOWN_KEYS = ("name", "date", "place", "template", "note", "send_at", "cadence", "language")
_SEND_AT = re.compile(r"now|morning|([01]?\d|2[0-3]):[0-5]\d")


def read_event(folder: Path) -> tuple[EventInfo, list[str]]:
    """The event for ``folder`` and warnings about its ``event.toml`` (if any)."""
    folder_name = folder.name
    settings_path = _settings_file(folder)
    if settings_path is None:
        return EventInfo(name=folder_name), []
    try:
        with settings_path.open("rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        return EventInfo(name=folder_name), [
            f"{settings_path}: cannot read it ({exc}); using just the folder name"
        ]

    warnings: list[str] = []
    for key in sorted(set(data) - set(KNOWN_KEYS)):
        warnings.append(
            f"{settings_path}: unknown key {key!r} ignored (known: {', '.join(KNOWN_KEYS)})"
        )
    texts = ("name", "place", "template", "note", "send_at", "cadence", "language")
    strings = {key: _text(data, key, settings_path, warnings) for key in texts}
    return (
        EventInfo(
            name=strings["name"] or folder_name,
            date=_date(data.get("date"), settings_path, warnings),
            place=strings["place"],
            template=strings["template"],
            note=strings["note"],
            send_at=_send_at(strings["send_at"], settings_path, warnings),
            cadence=_cadence(strings["cadence"], settings_path, warnings),
            language=_language(strings["language"], settings_path, warnings),
        ),
        warnings,
    )


def _settings_file(folder: Path) -> Path | None:
    # Any case ("Event.toml"): the inbox never takes such a file for a photo either.
    exact = folder / EVENT_FILE
    if exact.is_file():
        return exact
    try:
        names = sorted(p.name for p in folder.iterdir())
    except OSError:
        return None
    for name in names:
        if name.casefold() == EVENT_FILE and (folder / name).is_file():
            return folder / name
    return None


def _text(data: dict[str, Any], key: str, path: Path, warnings: list[str]) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        warnings.append(f"{path}: {key} should be text in quotes, got {value!r}; ignored")
        return None
    return value.strip() or None


def _date(value: object, path: Path, warnings: list[str]) -> dt.date | None:
    if value is None:
        return None
    # TOML's own date (date = 2025-03-14) arrives as dt.date; a datetime is accepted as its day.
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    warnings.append(f"{path}: date should look like 2025-03-14, got {value!r}; ignored")
    return None


def _cadence(value: str | None, path: Path, warnings: list[str]) -> str | None:
    if value is None:
        return None
    try:
        return parse_cadence(value)
    except CadenceError as exc:
        warnings.append(f"{path}: {exc}; ignored")
        return None


def _language(value: str | None, path: Path, warnings: list[str]) -> str | None:
    if value is None:
        return None
    try:
        return normalise_language(value)
    except TemplateError as exc:
        warnings.append(f"{path}: {exc}; ignored")
        return None


def _send_at(value: str | None, path: Path, warnings: list[str]) -> str | None:
    if value is None:
        return None
    text = value.strip().lower()
    if _SEND_AT.fullmatch(text):
        return text
    warnings.append(
        f'{path}: send_at should be "now", "morning" or "HH:MM", got {value!r}; ignored'
    )
    return None
