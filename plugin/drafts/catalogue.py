"""Which templates exist (shipped and the user's own), what they are for, and which one a draft
uses."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import plugin

from .languages import DEFAULT_LANGUAGE, normalise_language
from .text import one_line

if TYPE_CHECKING:
    from .context import DraftInput

SUFFIX = ".j2"
DEFAULT_TEMPLATE = "nice-to-meet-you"
NOTE_TEMPLATE = "we-talked-about"

# A template's name is its file name without ".j2": no folders, no "..", no hidden files;
# a leading "_" marks a partial (included by others, never a draft of its own).
_NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_DESCRIPTION_RE = re.compile(r"\s*\{#-?\s*description:\s*(?P<text>.*?)\s*-?#\}", re.DOTALL)


@dataclass(frozen=True)
class TemplateInfo:
    name: str
    description: str
    path: Path
    overridden: bool  # a user template that replaces the shipped one of the same name


def shipped_templates_dir() -> Path:
    """The top-level ``templates/`` folder: beside ``plugin/`` in a checkout (and an editable
    install); a wheel installs it as data under ``<prefix>/share/cardfollow/templates``."""
    beside = Path(plugin.__file__).resolve().parent.parent / "templates"
    installed = Path(sys.prefix) / "share" / "cardfollow" / "templates"
    return beside if beside.is_dir() or not installed.is_dir() else installed


def normalise_name(name: str) -> str:
    name = name.strip()
    return name[: -len(SUFFIX)] if name.endswith(SUFFIX) else name


def is_template_name(name: str) -> bool:
    return _NAME_RE.fullmatch(name) is not None and ".." not in name


def choose_template(inp: DraftInput, requested: str | None = None) -> str:
    """requested (``--template``) > the event's template > "we-talked-about" when there is a
    note (the card's or the event's) > "nice-to-meet-you"."""
    if requested and requested.strip():
        return normalise_name(requested)
    event = inp.event
    if event is not None and event.template and event.template.strip():
        return normalise_name(event.template)
    if (inp.note and inp.note.strip()) or (event is not None and event.note and event.note.strip()):
        return NOTE_TEMPLATE
    return DEFAULT_TEMPLATE


def choose_language(inp: DraftInput, requested: str | None = None) -> str:
    """requested (the card's own: ``draft --language``) > the event's (``language`` in
    event.toml) > the default (``drafts.language``) > English."""
    event_language = inp.event.language if inp.event is not None else None
    for code in (requested, event_language, inp.language):
        chosen = normalise_language(code)
        if chosen:
            return chosen
    return DEFAULT_LANGUAGE


def list_templates(user_dir: Path | None = None) -> list[TemplateInfo]:
    """Every template a draft can use, by name; a user template with a shipped name replaces it
    (and keeps the shipped description unless it has its own)."""
    found: dict[str, TemplateInfo] = {}
    for name, path in _scan(shipped_templates_dir()).items():
        found[name] = TemplateInfo(name, _description(path), path, overridden=False)
    if user_dir is not None:
        for name, path in _scan(Path(user_dir).expanduser()).items():
            shipped = found.get(name)
            description = _description(path) or (shipped.description if shipped else "")
            found[name] = TemplateInfo(name, description, path, overridden=shipped is not None)
    return [found[name] for name in sorted(found)]


def _scan(folder: Path) -> dict[str, Path]:
    if not folder.is_dir():
        return {}
    templates = {}
    for path in folder.glob(f"*{SUFFIX}"):
        name = path.name[: -len(SUFFIX)]
        if is_template_name(name) and path.is_file():
            templates[name] = path
    return templates


def _description(path: Path) -> str:
    try:
        with path.open(encoding="utf-8", errors="replace") as f:
            head = f.read(2048)
    except OSError:
        return ""
    match = _DESCRIPTION_RE.match(head)
    return one_line(match.group("text")) if match else ""
