"""Drafting: contact + sender + event → a follow-up email, from sandboxed Jinja templates.

Templates live in the repository's ``templates/`` folder (``shipped_templates_dir()``); a file of
the same name in the user's own folder replaces a shipped one. ``templates/README.md`` describes
the format and every variable a template sees.
"""

from __future__ import annotations

from .catalogue import (
    TemplateInfo,
    choose_language,
    choose_template,
    list_templates,
    shipped_templates_dir,
)
from .context import DraftInput
from .errors import TemplateError
from .languages import DEFAULT_LANGUAGE, LANGUAGES, normalise_language
from .notes import note_warning, topic
from .render import render_draft

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "DraftInput",
    "TemplateError",
    "TemplateInfo",
    "choose_language",
    "choose_template",
    "list_templates",
    "normalise_language",
    "note_warning",
    "render_draft",
    "shipped_templates_dir",
    "topic",
]
