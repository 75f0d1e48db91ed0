"""Website and LinkedIn URLs as printed (never derived from the email domain)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers

from ocr.parse.text import vocab

# TLDs we accept for bare domains without 'www.' or a scheme, so 'S.A.' or 'z.B.' never match.
KNOWN_TLDS = vocab(
    "com net org info biz io co ai app dev eu de at ch li fr be lu nl es pt it ie uk dk se no fi "
    "pl cz sk hu si hr gr ro bg ca us mx br ar au nz tech design studio agency consulting cloud "
    "online shop store legal law media digital group global solutions partners email site xyz "
    "me tv cat gal swiss berlin hamburg koeln paris london amsterdam wien edu gov mil int"
)
_URL = re.compile(
    r"(?<![@\w.-])(?P<url>(?:https?\s*:\s*/\s*/\s*)?(?:www\s*[.,]\s*)?"
    r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\s?[.,]\s?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*"
    r"\s?\.\s?[a-z]{2,12}(?![\w@-])(?:/[^\s|·•,;]*)?)",
    re.IGNORECASE,
)
_LINKEDIN = re.compile(
    r"(?:https?://)?(?:[a-z]{2,3}\.)?linkedin\.com\s*/\s*(?:in|pub)\s*/\s*([\w%-]+)"
    r"|(?<![\w/])/?in/([a-z0-9][\w%-]{2,})",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class FoundUrl:
    value: str  # normalised: no scheme, lower-case host, no trailing slash
    start: int
    end: int
    explicit: bool  # had a scheme or 'www.': surely a URL


def normalise_url(raw: str) -> str:
    url = re.sub(r"\s+", "", raw).strip(".,;:")
    url = re.sub(r"^https?:/*", "", url, flags=re.IGNORECASE)
    url = re.sub(r"^(?:web|w):?(?=www\.)", "", url, flags=re.IGNORECASE)  # 'Webwww.x.pt'

    host, slash, path = url.partition("/")
    host = host.replace(",", ".").lower()
    # 'wwyvw.' / 'vvww.' / 'ww.': OCR's versions of 'www.' (w, vv and yv look alike).
    host = re.sub(r"^(?=[wvy]{2,6}\.)(?:w|vv|yv|v)+\.(?=[\w-]+\.)", "www.", host)
    # 'mww.' / 'wmw.': one 'w' of 'www.' read as 'm' (a host of these three letters is none).
    host = re.sub(r"^(?=[wm]{3}\.)w*mw*\.(?=[\w-]+\.)", "www.", host)
    # 'wwwfirma.de': the dot after 'www' lost.
    host = re.sub(r"^www(?=[a-z0-9-]{2,}\.[a-z])", "www.", host)
    path = path.rstrip("/")
    return f"{host}/{path}" if slash and path else host


def find_linkedin(text: str) -> FoundUrl | None:
    match = _LINKEDIN.search(text)
    if not match:
        return None
    handle = (match.group(1) or match.group(2)).rstrip("/")
    return FoundUrl(f"linkedin.com/in/{handle}", match.start(), match.end(), True)


# Every country's TLD too ('btix.jp', 'kisti.re.kr'): phonenumbers knows the regions.
# (Email repair keeps to KNOWN_TLDS: '.ni' on a Dutch card is OCR's '.nl', not Nicaragua.)
_URL_TLDS = KNOWN_TLDS | frozenset(r.lower() for r in phonenumbers.SUPPORTED_REGIONS) | {"uk"}


def find_urls(text: str) -> list[FoundUrl]:
    """Websites in one segment of card text, LinkedIn excluded."""
    found: list[FoundUrl] = []
    for match in _URL.finditer(text):
        raw = match.group("url")
        if "linkedin" in raw.lower():
            continue
        explicit = bool(re.match(r"(?i)https?|www", raw))
        value = normalise_url(raw)
        host = value.split("/", 1)[0]
        tld = host.rsplit(".", 1)[-1]
        if not explicit and (tld not in _URL_TLDS or host.count(".") < 1):
            continue
        if not explicit and " " in raw:
            continue  # 'Dr. med' or sentence crumbs: bare domains never contain spaces
        if not explicit and len(host.split(".")[0]) == 1:
            continue  # 'B.Com', 'M.Tech': degrees, not domains
        if explicit and host.startswith("www.") and host.count(".") < 2:
            continue
        found.append(FoundUrl(value, match.start(), match.end(), explicit))
    return found


# Second-level labels under a country's domain ('kisti.re.kr', 'unist.ac.kr', 'x.com.tr').
GENERIC_SLD = vocab("co com ac re or go ne net org edu gov gob nic ltd plc")
# What a card prints before its website; the reader may glue it on ('Webbrabant-logistics.be').
WEB_LABELS = ("website", "web", "www", "site", "url", "internet", "w", "i")


def registrable_domain(host: str) -> str:
    """'www.nordlicht-design.de' -> 'nordlicht-design.de'; 'shop.x.co.uk' -> 'x.co.uk'."""
    host = host.split("/", 1)[0].lower()
    parts = host.split(".")
    if len(parts) >= 3 and parts[-2] in GENERIC_SLD:
        return ".".join(parts[-3:])
    return ".".join(parts[-2:])


def brand(host: str) -> str:
    """The name part of a host: 'www.kist.re.kr' -> 'kist', 'shop.x.co.uk' -> 'x'."""
    host = re.sub(r"(?i)^(?:https?://)?(?:www\.)?", "", host).split("/", 1)[0]
    return registrable_domain(host).split(".")[0] if "." in host else ""
