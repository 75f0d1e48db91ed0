"""How to greet someone: the first name, from the card's given name or its full name."""

from __future__ import annotations

import re

# Honorifics that may lead a printed full name (lower case, without the dot).
_PREFIXES = frozenset({
    "dr", "mr", "mrs", "ms", "miss", "mx", "prof", "professor", "sir", "dame", "lord", "lady",
    "rev", "fr", "herr", "frau", "dipl", "ing", "mag", "m", "mme", "mlle", "sr", "sra", "srta",
    "dott", "dottssa", "avv", "arch",
})  # fmt: skip
# A word made of letters, possibly joined by hyphens or apostrophes (Jean-Pierre, O'Brien).
_NAME_WORD_RE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def first_name(given: str | None, full: str | None) -> str | None:
    """The name to greet with, or None when the card does not tell it.

    The given name wins. Otherwise the first word of the full name, after any honorific
    ("Dr. Anna Weber" → Anna; "Weber, Anna" → Anna). A single word could be either name, and an
    initial ("J. Smith") is no way to greet anyone: both give None.
    """
    if given:
        return _tidy_case(given)
    if not full:
        return None
    if "," in full:  # "Family, Given"
        family, _, rest = full.partition(",")
        words = rest.split()
        return _tidy_case(words[0]) if words and family.strip() and _usable(words[0]) else None
    words = full.split()
    while words and words[0].lower().rstrip(".") in _PREFIXES:
        words = words[1:]
    if len(words) < 2 or not _usable(words[0]):
        return None
    return _tidy_case(words[0])


def _usable(word: str) -> bool:
    return len(word.rstrip(".")) > 1 and _NAME_WORD_RE.fullmatch(word) is not None


def _tidy_case(name: str) -> str:
    # Cards printed in capitals read back as "ANNA"; nobody writes "Hi ANNA,".
    if len(name) > 1 and name.isupper() and _NAME_WORD_RE.fullmatch(name):
        return name.title()
    return name
