"""Names, companies and job titles printed in capitals, written as people write them.

A card printed "ANNA WEBER · QUILLMORE VENTURES GMBH" should not make a draft say "Hi ANNA" or
"your work at QUILLMORE VENTURES GMBH". Only text in capitals changes: whatever the card printed
in mixed case ("eBay", "McKinsey", "danah boyd") is kept as it is, and so is the card's raw text.

- Names: each word in capitals is capitalised by nameparser's rules ("VAN DER BERG" -> "van der
  Berg", "O'BRIEN" -> "O'Brien", "MCDONALD" -> "McDonald"); "Mac" is split only for known Scottish
  names, so "MACHADO" stays "Machado".
- Companies and titles, when they hold no lower-case letter at all: short words and words without
  a vowel stay capitals (IBM, KPMG, SAP, CEO), words with digits are kept (3M), legal forms take
  their usual spelling (GmbH, Inc., S.p.A.), small joining words go lower case ("Bank of
  America"), and a word the card also shows in mixed case elsewhere (a logo read as "eBay") takes
  that spelling.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from nameparser import HumanName

# The spelling of legal forms, by their upper-case letters without dots.
_LEGAL_FORMS = {
    "GMBH": "GmbH", "AG": "AG", "KG": "KG", "KGAA": "KGaA", "OHG": "OHG", "SE": "SE", "EV": "e.V.",
    "UG": "UG", "INC": "Inc.", "LLC": "LLC", "LLP": "LLP", "LP": "LP", "LTD": "Ltd", "PLC": "plc",
    "CORP": "Corp.", "CO": "Co.", "SA": "S.A.", "SL": "S.L.", "SAS": "SAS", "SARL": "SARL",
    "SRL": "S.r.l.", "SPA": "S.p.A.", "BV": "B.V.", "NV": "N.V.", "LDA": "Lda.", "LTDA": "Ltda.",
    "PVT": "Pvt.", "PTY": "Pty", "OY": "Oy", "AB": "AB", "AS": "AS", "APS": "ApS", "SNC": "SNC",
}  # fmt: skip
# Joining words written lower case inside a name (never at its start).
_SMALL_WORDS = frozenset({
    "and", "the", "of", "for", "in", "on", "at", "to", "by", "a", "an", "de", "du", "des", "la",
    "le", "les", "et", "y", "e", "und", "der", "die", "das", "van", "von", "do", "da", "dos",
    "di", "del", "della", "el", "en", "het", "voor",
})  # fmt: skip
# Scottish and Irish "Mac" names; elsewhere "Mac" is just the start of a name (Machado, Macías).
_MAC_NAMES = frozenset({
    "macdonald", "mackenzie", "macleod", "macarthur", "macgregor", "macmillan", "macneil",
    "maclean", "macintosh", "mackay", "macpherson", "macaulay", "macbride", "maccallum",
    "macfarlane", "macinnes", "macintyre", "mackinnon", "maclachlan", "macrae", "macdougall",
    "macewan", "macgillivray", "mackintosh", "maclaren", "macnamara", "macquarie",
})  # fmt: skip
# Acronyms too long or too vowelled for the rule below, and words with their own inner capitals.
_SPELLINGS = {
    "EMEA": "EMEA", "APAC": "APAC", "AMER": "AMER", "LATAM": "LATAM", "DACH": "DACH",
    "NORAM": "NORAM", "NASA": "NASA", "NATO": "NATO", "OECD": "OECD", "SAAS": "SaaS",
    "IOT": "IoT", "DEVOPS": "DevOps", "FINTECH": "FinTech", "PHD": "PhD", "MBA": "MBA",
}  # fmt: skip
_VOWELS = set("AEIOUYÀÁÂÃÄÅÆÈÉÊËÌÍÎÏÒÓÔÕÖØÙÚÛÜÝ")
_WORD_RE = re.compile(r"[^\W_]+(?:[.'’][^\W_]+)*\.?")
_MAC_RE = re.compile(r"\bMac([A-Z])(\w*)")


def has_lower(text: str) -> bool:
    return any(ch.islower() for ch in text)


def shouting(word: str) -> bool:
    """Two or more letters, all of them capitals."""
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) > 1 and not any(ch.islower() for ch in letters)


def proper_name(text: str | None) -> str | None:
    """A person's name with each word in capitals capitalised; other words kept as printed."""
    if not text or not any(shouting(w) for w in text.split()):
        return text
    name = HumanName(text)
    name.capitalize(force=True)
    capitalised = str(name).split()
    if sorted(w.lower() for w in capitalised) != sorted(w.lower() for w in text.split()):
        # nameparser reordered or dropped something ("WEBER, ANNA"): capitalise word by word.
        capitalised = [_capitalise(w) for w in text.split()]
    words = [
        new if shouting(old) else old for old, new in zip(text.split(), capitalised, strict=True)
    ]
    return " ".join(_unmac(w) for w in words)


def _unmac(word: str) -> str:
    match = _MAC_RE.fullmatch(word)
    if match and word.lower() not in _MAC_NAMES:
        return "Mac" + match.group(1).lower() + match.group(2)
    return word


def proper_company(text: str | None, hints: Iterable[str] = ()) -> str | None:
    """A company name or job title printed all in capitals, in the case people write it.
    ``hints``: other text on the card, whose mixed-case spellings of a word win."""
    if not text or has_lower(text) or not any(shouting(w) for w in text.split()):
        return text
    spelled = _mixed_case_words(hints)
    position = 0

    def fix(match: re.Match[str]) -> str:
        nonlocal position
        word = match.group(0)
        first, position = position == 0, position + 1
        return _company_word(word, first, spelled)

    return _WORD_RE.sub(fix, text)


def _company_word(word: str, first: bool, spelled: Mapping[str, str]) -> str:
    bare = word.rstrip(".")
    key = bare.replace(".", "").upper()
    if bare.lower() in spelled:
        return spelled[bare.lower()] + word[len(bare) :]
    if key in _LEGAL_FORMS and not first:
        form = _LEGAL_FORMS[key]
        return form if form.endswith(".") or not word.endswith(".") else form + "."
    if key in _SPELLINGS:
        return _SPELLINGS[key] + word[len(bare) :]
    if any(ch.isdigit() for ch in word) or not shouting(word):
        return word
    if bare.lower() in _SMALL_WORDS:
        return bare.capitalize() + word[len(bare) :] if first else word.lower()
    letters = [ch for ch in bare if ch.isalpha()]
    if len(letters) <= 3 or not _VOWELS.intersection(letters) or "." in bare:
        return word  # an acronym: IBM, SAP, KPMG, A.T.
    return _capitalise(word)


def _capitalise(word: str) -> str:
    """ "O'BRIEN" -> "O'Brien", "JEAN-PIERRE" -> "Jean-Pierre", "MCKINSEY" -> "McKinsey"."""
    parts = re.split(r"([-'’])", word.lower())
    out = "".join(p[:1].upper() + p[1:] for p in parts)
    return re.sub(r"\bMc(\w)", lambda m: "Mc" + m.group(1).upper(), out)


def _mixed_case_words(hints: Iterable[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for hint in hints:
        for word in _WORD_RE.findall(hint or ""):
            bare = word.rstrip(".")
            if has_lower(bare) and any(ch.isupper() for ch in bare[1:]):  # eBay, McKinsey, iPhone
                found.setdefault(bare.lower(), bare)
    return found


_NAME_FIELDS = ("full_name", "given_name", "family_name")
_COMPANY_FIELDS = ("company", "title")


def presentable(contact: Mapping[str, Any], hints: Iterable[str] = ()) -> dict[str, Any]:
    """The contact as it goes out (drafts, CRM, exports): names, company and title printed in
    capitals in proper case; every other field as it is."""
    out = dict(contact)
    hints = list(hints)
    for key in _NAME_FIELDS:
        if isinstance(out.get(key), str):
            out[key] = proper_name(out[key])
    for key in _COMPANY_FIELDS:
        if isinstance(out.get(key), str):
            out[key] = proper_company(out[key], hints)
    return out
