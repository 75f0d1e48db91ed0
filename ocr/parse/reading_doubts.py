"""Doubts about a field that was read, from how it is printed: an email joined to its label
letter, a website that is almost, but not quite, the email's domain. A calibrated score cannot
see these (the reading itself is confident, the fields are well formed), so the field is
flagged for a look instead."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from ocr.parse.company import strip_legal_form
from ocr.parse.country import fold
from ocr.parse.emails import variants
from ocr.parse.text import changed_chars
from ocr.parse.web import WEB_LABELS, brand

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def _name_tokens(name: str) -> set[str]:
    """The name's parts folded to plain letters, also as German spells them in addresses
    ('Bäumer' -> 'baumer' and 'baeumer')."""
    return set(fold(name).split()) | set(fold(name.translate(_UMLAUTS)).split())


def glued_email(email: str, texts: list[str], name: str = "") -> bool:
    """Whether the email as printed looks joined to its label or cut from its start: a capital
    'E' glued before a lower-case local part ('Elotte@', 'EH1006.sales@': 'E-mail' shrunk to
    its letter; local parts are printed in lower case unless they spell the name), a name with
    a stray letter in front ('elotte' beside 'Lotte Visser'; 'dbouchard' beside 'Denis
    Bouchard' is the usual initial + family name), or the label letter printed apart with the
    given name's initial ('Ej baeumer@' beside 'Jörg Bäumer': the local part lost its 'j')."""
    tokens = _name_tokens(name)
    low = fold(email.partition("@")[0])
    if len(low) < 2:
        return False
    # The usual forms: a name part, or an initial before a name part ('dbouchard').
    initial_form = low[1:] in tokens and any(t.startswith(low[0]) for t in tokens if t != low[1:])
    if len(low) > 3 and low[1:] in tokens and not initial_form and low not in tokens:
        return True
    spells_name = initial_form or all(p in tokens for p in re.split(r"[._-]+", low) if p)
    for text in texts:
        words = text.split()
        for k, word in enumerate(words):
            printed = word.partition("@")[0].lstrip("([<:")
            if "@" not in word or not printed or not fold(printed).endswith(low):
                continue
            if re.match(r"E(?:[a-z]|[A-Z0-9][^@]*[a-z])", printed) and not spells_name:
                return True
            before = fold(words[k - 1].strip(".:;|-")) if k else ""
            tail = before[1:] if before[:1] in ("e", "m") else ""
            if low in tokens and tail and any(t.startswith(tail) for t in tokens if t != low):
                return True
    return False


def near_miss_domain(website: str, emails: tuple[str, ...]) -> str:
    """Whether the website's name is almost the emails' domain name: one of the two misread
    ('daimlertruckorea' beside 'daimlertruckkorea') or a label glued on ('webbrabant-logistics'
    beside '@brabant-logistics'). A company's own name is printed the same in both places; a
    longer or shorter one ('savoygroup-sharm' beside 'savoy-sharm', another country's domain)
    is a real variant, and another organisation's (gmail.com) is not close at all. 'glued'
    (the website is wrong), 'misread' (either may be), or '' (no doubt)."""
    site = brand(website)
    for email in emails:
        domain = brand(email.partition("@")[2])
        if len(site) < 4 or len(domain) < 4 or site == domain:
            continue
        if site.endswith(domain) and site[: -len(domain)] in WEB_LABELS:
            return "glued"  # the website carries its label: the website is wrong
        if changed_chars(site, domain) <= (1 if len(domain) < 12 else 2):
            return "misread"  # one of the two is wrong
    return ""


# A founding line ('since 1968', 'est. 1990', 'seit 1987') is a tagline printed beside the name.
_FOUNDED = re.compile(r"(?i)\b(?:since|est\.?|established|seit|depuis|desde|dal)\s*(?:19|20)\d\d\b")


# A logo mark or bullet read as a digit, glued to the name's first word ('1Grupo Alhambra').
_MARK_GLUED = re.compile(r"\d+[^\W\d_][^\W\d_]")


def company_doubt(company: str, emails: tuple[str, ...], website: str | None) -> bool:
    """Whether the company read may be cut or carry a tagline: its letters are a near miss of
    the email's or website's domain name, for a one-word name ('Dockfl' beside '@dockflow.com':
    the logo's last letters lost) or only a part of it ('OVERSEAS' beside seli-overseas.com:
    a word of the brand lost), a founding line ran into it ('... since 1968 (L.L.C)'), or
    a mark read as a digit starts it ('1Grupo Alhambra')."""
    if _FOUNDED.search(company) or _MARK_GLUED.match(company):
        return True
    if len(company.split()) > 1:
        return False  # a name in words, maybe with its legal form: the domain shortens it
    mine = re.sub(r"[\W\d_]+", "", fold(company))
    hosts = [e.partition("@")[2] for e in emails] + ([website] if website else [])
    for host in hosts:
        name = re.sub(r"[\W\d_]+", "", brand(host))
        near = 0 < changed_chars(mine, name) <= 2
        if len(mine) >= 4 and len(name) >= 4 and mine != name and near:
            return True
        if len(mine) >= 3 and mine in name and len(name) - len(mine) >= 3:
            return True  # only part of its own domain's name: the brand may go on
    return False


# Words run together where the reading lost the spaces: 'GroupeVendômeConseil', 'DrectorDiretor'
# (a capital inside a word, between two parts of four letters or more; 'McDonald', 'BaiPLE',
# 'DeJong' have a shorter part).
_RUN_TOGETHER = re.compile(r"[^\W\d_]*[a-zà-ÿ]{4}[A-ZÀ-Þ][a-zà-ÿ]{3}")


def words_run_together(value: str, hosts: tuple[str, ...] = ()) -> bool:
    """Whether a name, title or company holds words the reading ran together. A brand written
    in one word ('InterGlobe' beside interglobe.ae) is spelled so in its own domain too."""
    brands = {brand(h) for h in hosts}
    return any(
        _RUN_TOGETHER.search(word) and fold(word) not in brands
        for word in re.findall(r"[^\W\d_]+", value)
    )


def spelled_out_elsewhere(company: str, texts: list[str]) -> bool:
    """Whether a one-word company looks like a logo's short form of a name printed on another
    line: the line's initials begin it ('NIA' beside 'NATIONAL INFORMATION / SOCIETY AGENCY')
    or the line begins with its first letters ('SEOULTECH' beside 'SEOUL NATIONAL UNIVERSITY
    OF ...'). The contact's company is the full name as printed."""
    word = fold(company).strip()
    if " " in word or len(word) < 2:
        return False
    for text in texts:
        words = re.findall(r"[^\W\d_]+", fold(text))
        if len(words) < 2:
            continue
        initials = "".join(w[0] for w in words)
        if word.startswith(initials[:2]) and initials.startswith(word[: len(initials)]):
            return True
        if len(word) > 5 and words[0][:5] == word[:5] and words[0] != word:
            return True
    return False


_LONG_WORD = re.compile(r"[^\W\d_]{5,}")


def read_two_ways(value: str, texts: list[str]) -> bool:
    """Whether a word of the field is printed again elsewhere on the card and read there one
    OCR confusion apart ('Fairmont Dubal' beside 'Dubai, UAE'): one of the two readings is
    wrong, and nothing says which. Accents are not compared: an email or a website spells
    'Jérôme' as 'jerome'."""
    mine = {w.lower() for w in _LONG_WORD.findall(value)}
    others = {w.lower() for text in texts for w in _LONG_WORD.findall(text)} - mine
    return any(variants(word) & others for word in mine)


def _spellings(company: str) -> set[str]:
    """How a domain may spell runs of the company's words: joined, each word whole or without
    a plural 's', umlauts as 'ue' or 'u' ('Daimler Trucks Korea' -> 'daimlertruckkorea', ...)."""
    text = strip_legal_form(company).replace("ı", "i")
    out: set[str] = set()
    for variant in {text, text.translate(_UMLAUTS)}:
        words = re.findall(r"[a-z0-9]+", fold(variant))
        for i in range(len(words)):
            runs = [""]
            for word in words[i : i + 4]:
                forms = {word, word.removesuffix("s")} if len(word) > 3 else {word}
                runs = [r + f for r in runs for f in forms]
                out.update(runs)
    return out


def _one_misread(printed: str, read: str) -> bool:
    """Whether ``read`` is ``printed`` with one letter misread as a reader does: an OCR
    confusion ('l' for 'i'), or a doubled letter read once or a letter read twice ('truckorea')."""
    if read in variants(printed):
        return True
    ops = SequenceMatcher(None, printed, read, autojunk=False).get_opcodes()
    changed = [op for op in ops if op[0] != "equal"]
    if len(changed) != 1 or changed[0][0] == "replace":
        return False
    tag, i1, i2, j1, j2 = changed[0]
    text, k, n = (printed, i1, i2 - i1) if tag == "delete" else (read, j1, j2 - j1)
    return n == 1 and text[k] in (text[k - 1 : k] + text[k + 1 : k + 2])


def domain_misspells_company(company: str, host: str) -> bool:
    """Whether a web or email domain's name is one misread letter away from spelling the
    company's words ('daimlertruckorea' beside 'Daimler Trucks Korea Ltd.': a doubled letter
    read once). A firm's domain spells its name as printed, or something else altogether
    ('dhl.com', 'gfsxpress.com' for GFS Express: a brand's own shortening)."""
    name = re.sub(r"[^a-z0-9]", "", brand(host))
    if len(name) < 8:
        return False
    spelled = _spellings(company)
    return name not in spelled and any(
        abs(len(s) - len(name)) <= 1 and _one_misread(s, name) for s in spelled
    )
