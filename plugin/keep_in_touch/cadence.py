"""Cadences: how often to be in touch, and which one a contact has.

A contact's own cadence wins; else the most frequent of its tags' (``touch.tiers``, e.g.
``vip=monthly, partner=quarterly``); else its event's (``cadence`` in event.toml); else
``touch.cadence``. Months are calendar months: due on the same day of the month, or the
month's last day when it has no such day (31 January + 1 month = 28 or 29 February).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from ocr.errors import CardfollowError, ExitCode

# Months between touches; None: not kept in touch.
CADENCES: dict[str, int | None] = {
    "monthly": 1,
    "quarterly": 3,
    "twice-a-year": 6,
    "none": None,
}
_ALIASES = {
    "twice a year": "twice-a-year",
    "twice_a_year": "twice-a-year",
    "half-yearly": "twice-a-year",
    "semiannually": "twice-a-year",
    "never": "none",
    "off": "none",
}


class CadenceError(CardfollowError, ValueError):
    exit_code = ExitCode.usage


def parse_cadence(text: str) -> str:
    """The canonical name of a cadence the user wrote, or CadenceError."""
    key = " ".join(str(text).strip().lower().split())
    key = _ALIASES.get(key, key)
    if key not in CADENCES:
        raise CadenceError(
            f"unknown cadence {text!r}: one of monthly, quarterly, twice-a-year, none"
        )
    return key


def parse_tiers(text: str | None) -> dict[str, str]:
    """``"vip=monthly, partner=quarterly"`` -> {"vip": "monthly", "partner": "quarterly"}."""
    tiers: dict[str, str] = {}
    for part in (text or "").replace(";", ",").split(","):
        if not part.strip():
            continue
        tag, sep, cadence = part.partition("=")
        if not sep or not tag.strip():
            raise CadenceError(f"touch.tiers: {part.strip()!r} should look like tag=cadence")
        tiers[normalise_tag(tag)] = parse_cadence(cadence)
    return tiers


def normalise_tag(tag: str) -> str:
    return " ".join(tag.strip().lower().split())


@dataclass(frozen=True)
class Cadence:
    name: str  # monthly | quarterly | twice-a-year | none
    source: str  # "contact", "tag:vip", "event:Web Summit 2026" or "default"

    @property
    def months(self) -> int | None:
        return CADENCES[self.name]


def resolve(
    own: str | None,
    tags: list[str],
    tiers: dict[str, str],
    event: tuple[str, str | None] | None,
    default: str,
) -> Cadence:
    """``event``: (its name, its cadence) for the contact's latest card's event."""
    if own:
        return Cadence(own, "contact")
    tagged = [(tiers[t], t) for t in tags if t in tiers]
    if tagged:
        # The closest relationship wins: a "vip" who is also a "partner" is kept monthly.
        name, tag = min(tagged, key=lambda nt: (CADENCES[nt[0]] or 10**6, nt[1]))
        return Cadence(name, f"tag:{tag}")
    if event and event[1]:
        return Cadence(event[1], f"event:{event[0]}")
    return Cadence(default, "default")


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
