"""Whether a line of card text that looks like an email, a web address or a phone number is a
well-formed one: the test a second reading must pass to replace the first."""

from __future__ import annotations

import re

import phonenumbers
from email_validator import EmailNotValidError, validate_email

_EMAIL = re.compile(r"[^\s@]*@[^\s@]*")
_WEB = re.compile(r"(?i)(?:https?://|www\.)\S+")
_LETTER = r"a-z0-9\u00c0-\u024f"  # ASCII and accented Latin (internationalised domains)
_HOST_LABEL = re.compile(rf"(?i)^[{_LETTER}](?:[{_LETTER}-]*[{_LETTER}])?$")
_TLD = re.compile(r"(?i)^[a-z]{2,24}$")
_MIN_PHONE_DIGITS = 7
_TRIM = ".,;:()<>[]{}\"'|"


def claims_contact(text: str) -> bool:
    """The line holds, or tries to hold, an email, a web address or a phone number."""
    return (
        "@" in text
        or _WEB.search(text) is not None
        or sum(c.isdigit() for c in text) >= _MIN_PHONE_DIGITS
    )


def well_formed(text: str, region: str | None) -> bool:
    """Every email, web address and (when it can be judged) phone number in ``text`` is valid."""
    for token in _EMAIL.findall(text):
        try:
            validate_email(token.strip(_TRIM), check_deliverability=False)
        except EmailNotValidError:
            return False
    for token in _WEB.findall(text):
        if not _valid_host(token):
            return False
    return _phones_valid(text, region)


def _valid_host(url: str) -> bool:
    host = re.sub(r"(?i)^https?://", "", url.strip(_TRIM)).split("/", 1)[0]
    labels = host.split(".")
    return (
        len(labels) >= (3 if labels[0].lower() == "www" else 2)
        and all(_HOST_LABEL.match(label) for label in labels[:-1])
        and _TLD.match(labels[-1]) is not None
    )


def _phones_valid(text: str, region: str | None) -> bool:
    """A line with a phone's worth of digits must hold a valid number. Without a '+' prefix or
    a default region a national number cannot be judged: it passes (no second opinion)."""
    if "@" in text or sum(c.isdigit() for c in text) < _MIN_PHONE_DIGITS:
        return True
    if "+" not in text and region is None:
        return True
    matcher = phonenumbers.PhoneNumberMatcher(
        text, region or "ZZ", leniency=phonenumbers.Leniency.VALID
    )
    return matcher.has_next()
