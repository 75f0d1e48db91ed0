"""Wording signs about one line shared by the name, title and company pickers: a slogan, a line
that runs on, probablepeople's person-or-firm vote, a country named."""

from __future__ import annotations

import re

import probablepeople

from ocr.parse.address import is_country_line
from ocr.parse.company import has_legal_form
from ocr.parse.text import vocab

_NAME_PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "das", "du", "le", "la"}
)
# Joining words inside organisation names ('Institute of Science and Technology').
_CONNECTORS = vocab("of and for the und für et des du y e ve")
_TAGLINE = re.compile(
    r"(?i)\b(?:since|seit|depuis|desde|dal|sinds|established|est\.|gegr(?:ündet)?\.?|"
    r"fondée?|fundad[oa]|your|we|our|ihr|votre|nous|wir|quality|qualität|excellence)\b"
)


def is_tagline(text: str) -> bool:
    if re.search(r"[。！？、]$", text.strip()):
        return True  # a sentence in CJK script
    words = text.split()
    if _TAGLINE.search(text) and not has_legal_form(text):
        return True
    lower = sum(
        1
        for w in words
        if w[:1].islower() and w.lower() not in _NAME_PARTICLES and w.lower() not in _CONNECTORS
    )
    if text.lower() == text and len(words) <= 5:
        return False  # set all in small letters by design ('prof. dr. anna bäumer'), no sentence
    return len(words) >= 4 and lower >= 2


def ends_open(text: str) -> bool:
    return bool(re.search(r"(?:[&,/+-]|\b(?:and|und|et|y|e|en|of|de|des|du|di|ve|for))$", text))


def person_vote(text: str) -> float:
    """probablepeople's guess, one weak signal: +1 a person, -0.5 a corporation (it calls many
    non-English names companies), 0 unsure."""
    try:
        _, kind = probablepeople.tag(text)
    except probablepeople.RepeatedLabelError:
        return 0.0
    return {"Person": 1.0, "Corporation": -0.5}.get(kind, 0.0)


def names_country(text: str, given_first: bool = False) -> bool:
    """A country's name among the line's words; with ``given_first`` the first word does not
    count (given names that are also countries' names: 'Mauricio', 'Maurice', 'Jordan')."""
    words = text.split()[1:] if given_first else text.split()
    return any(is_country_line(w) for w in words if len(w) >= 4)
