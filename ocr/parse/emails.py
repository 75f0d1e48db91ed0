"""Email addresses, with the repairs OCR typically needs before they validate."""

from __future__ import annotations

import re
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email

from ocr.parse.web import KNOWN_TLDS

# OCR turns '@' into these; '(a)'/'[at]' are also how some cards obfuscate the address.
_AT_VARIANTS = re.compile(r"\s*(?:\(@\)?|@@+|©|®|\(a\)|\[at\]|\(at\))\s*", re.IGNORECASE)
_CANDIDATE = re.compile(r"[\w.+'%-]+@[\w-]+(?:\s*[.,]\s*[\w-]+)+", re.UNICODE)
# Labels glued onto the local part by OCR ("E-Mail:anna@..", "Emailanna@..", "e:anna@").
# 'm.' and 'e.' are initials ('m.schaefer@'), so one-letter labels only count with a colon.
_LABEL = re.compile(r"^(?i:e-?mail|mail)\s*[:.]\s*|^e\s*:\s*|^(?:E-?Mail|EMail|Email|Mail)(?=\w)")


@dataclass(frozen=True)
class FoundEmail:
    address: str
    start: int  # character span in the segment text, to know which words it came from
    end: int
    repaired: bool


def _validate(address: str) -> str | None:
    try:
        result = validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        return None
    return result.normalized.lower()


def _repair_domain(domain: str, web_domain: str | None) -> str:
    """'rn' is OCR's classic misreading of 'm': undo it only when the website confirms it."""
    if web_domain and domain != web_domain and "rn" in domain:
        fixed = domain.replace("rn", "m")
        if fixed == web_domain or fixed.endswith("." + web_domain):
            return fixed
    return domain


def same_but_separators(a: str, b: str) -> bool:
    """'l.ibanez@x.es' and 'libanez@x.es': one address, read once with a separator lost."""
    if a == b:
        return False
    (la, _, da), (lb, _, db) = a.partition("@"), b.partition("@")
    return da == db and re.sub(r"[._-]", "", la) == re.sub(r"[._-]", "", lb)


def find_emails(text: str, web_domain: str | None = None) -> list[FoundEmail]:
    """All email addresses in one line/segment of card text."""
    if not any(ch in text for ch in "@©®") and not re.search(r"\(a\)|\[at\]|\(at\)", text, re.I):
        return []
    work = _AT_VARIANTS.sub("@", text)
    # 'anna . weber @ firma . de' -> 'anna.weber@firma.de' (only around @ and dots next to it).
    work = re.sub(r"\s*@\s*", "@", work)
    work = re.sub(r"(?<=[\w])\s*\.\s+(?=[\w-]+(?:\.|@|\b))", ".", work) if "@" in work else work
    found: list[FoundEmail] = []
    if web_domain:
        # An address cut in two by OCR ('oliver@whitfi eldhale.co.uk'): rejoin it only when the
        # pieces spell the website's domain.
        for match in re.finditer(r"([\w.+'-]+)@([\w.-]+)\s+([\w.-]+\.[a-z]{2,})", work, re.I):
            head, tail = match.group(2).lower(), match.group(3).lower()
            if tail.startswith("www.") or head == web_domain or head.endswith("." + web_domain):
                continue  # a whole address, then the website printed after it
            domain = head + tail
            if domain == web_domain or domain.endswith("." + web_domain):
                address = _validate(f"{_LABEL.sub('', match.group(1))}@{domain}")
                if address:
                    found.append(FoundEmail(address, match.start(), match.end(), True))
        if found:
            return found
    for match in _CANDIDATE.finditer(work):
        raw = match.group(0)
        local, _, domain = raw.partition("@")
        local = _LABEL.sub("", local) or local
        domain = re.sub(r"\s+", "", domain).replace(",", ".").rstrip(".").lower()
        domain = _repair_domain(domain, web_domain)
        # 'melia.comwww.melia.com': the website printed right after the address, space lost.
        glued = domain.find("www.", 1)
        if glued > 0 and domain[glued - 1] != ".":
            domain = domain[:glued]
        # A leading '_' or '-' is an underline or a rule read along with the address.
        local = local.strip(".").lstrip("_-")
        candidate = f"{local}@{domain}"
        address = _validate(candidate)
        if address is None:
            # A lower-case 'l' read for the label's ':' etc.: try dropping one leading char.
            continue
        found.append(FoundEmail(address, match.start(), match.end(), candidate != raw))
    return found


# Characters OCR confuses in domain names, both ways.
_LOOKALIKES: tuple[tuple[str, str], ...] = (
    ("l", "i"), ("i", "l"), ("1", "l"), ("l", "1"), ("0", "o"), ("o", "0"), ("rn", "m"),
    ("m", "rn"), ("vv", "w"), ("cl", "d"), ("ii", "u"), ("e", "c"), ("c", "e"), ("a", "q"),
    ("q", "a"), ("g", "q"), ("q", "g"),
)  # fmt: skip


def variants(text: str) -> set[str]:
    """Every spelling one OCR confusion away from ``text`` (public for the name cross-check
    and the reading doubts)."""
    return _variants(text)


def _variants(domain: str) -> set[str]:
    """Every domain one OCR confusion away from ``domain``."""
    out: set[str] = set()
    for src, dst in _LOOKALIKES:
        start = domain.find(src)
        while start >= 0:
            out.add(domain[:start] + dst + domain[start + len(src) :])
            start = domain.find(src, start + 1)
    return out


def repair_domain(domain: str, trusted: set[str], others: set[str], region_tld: str | None) -> str:
    """Undo one OCR confusion when the card itself shows the right spelling.

    ``trusted`` domains (the printed website) win outright. ``others`` (the other emails) and
    the card's country TLD ('.ni' on a Dutch card) only repair a domain whose TLD does not exist,
    so two addresses can never 'repair' each other into the wrong spelling.
    """
    if domain in trusted:
        return domain
    matches = _variants(domain) & trusted
    if len(matches) == 1:
        return matches.pop()
    base, _, tld = domain.rpartition(".")
    if tld in KNOWN_TLDS or not base:
        return domain
    matches = _variants(domain) & others
    if len(matches) == 1:
        return matches.pop()
    if region_tld and region_tld in _variants(tld):
        return f"{base}.{region_tld}"
    return domain
