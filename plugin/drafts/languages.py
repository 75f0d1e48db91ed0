"""The languages drafts are written in, and where each language's templates live.

English templates are the top-level files of a templates folder (``nice-to-meet-you.j2``); every
other language has a sub-folder named by its code (``de/nice-to-meet-you.j2``). A template that a
language lacks (a user's own ``thanks.j2``, say) is used in English rather than failing.
"""

from __future__ import annotations

from .errors import TemplateError

DEFAULT_LANGUAGE = "en"
# Code -> the language's own name, as a picker shows it.
LANGUAGES: dict[str, str] = {
    "en": "English",
    "de": "Deutsch",
    "fr": "Français",
    "es": "Español",
    "nl": "Nederlands",
    "it": "Italiano",
    "pt": "Português",
}


def normalise_language(code: str | None) -> str | None:
    """``"DE"``, ``"de-AT"``, ``"de_CH"`` -> ``"de"``; None or blank -> None. Raises TemplateError
    for a language without shipped templates, naming the ones there are."""
    if code is None or not str(code).strip():
        return None
    base = str(code).strip().replace("_", "-").split("-")[0].lower()
    if base not in LANGUAGES:
        raise TemplateError(
            f"no draft templates in language {code!r}; available: {', '.join(LANGUAGES)}"
        )
    return base


def template_files(name: str, language: str) -> list[str]:
    """The files to try for template ``name`` in ``language``, best first."""
    own = f"{name}.j2" if language == DEFAULT_LANGUAGE else f"{language}/{name}.j2"
    return [own] if language == DEFAULT_LANGUAGE else [own, f"{name}.j2"]
