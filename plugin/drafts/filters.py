"""Filters for templates: dates in words (English, never the machine's locale), joining the
parts that are present, and turning the user's note into a sentence."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from .text import one_line

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_NUMBERS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
            "ten", "eleven", "twelve")  # fmt: skip

# "we talked about X", "talked about X", "we discussed X", "spoke about X": X is the topic.
_TOPIC_RE = re.compile(
    r"(?:we\s+)?(?:(?:talked|spoke|chatted)\s+(?:about|of)|discussed)\s+(?P<topic>.+)",
    re.IGNORECASE,
)
_SENTENCE_BREAK_RE = re.compile(r"[.!?;]\s+\S|\n")
_PLAIN_WORD_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*[,;:]?")
_URLISH_RE = re.compile(r"(?:\w+://|www\.)\S*$|\S+@\S+$")


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _today(context: Context) -> dt.date:
    today = _as_date(context.get("today"))
    return today or dt.date.today()


def format_date(value: Any, style: str = "long") -> str:
    """``12 March 2026`` (long), ``12 Mar 2026`` (short), ``12 March`` (day_month),
    ``March 2026`` (month_year), ``Thursday`` (weekday), ``2026-03-12`` (iso)."""
    day = _as_date(value)
    if day is None:
        return "" if value is None else str(value)
    month = _MONTHS[day.month - 1]
    formats = {
        "long": f"{day.day} {month} {day.year}",
        "short": f"{day.day} {month[:3]} {day.year}",
        "day_month": f"{day.day} {month}",
        "month_year": f"{month} {day.year}",
        "weekday": _WEEKDAYS[day.weekday()],
        "iso": day.isoformat(),
    }
    if style not in formats:
        raise ValueError(f"date style {style!r}: use one of {', '.join(formats)}")
    return formats[style]


@pass_context
def when(context: Context, value: Any) -> str:
    """The day as one says it in a sentence: "on Tuesday" (this past week), "on 12 March"
    (within the year), "on 12 March 2025". Never "today" or "yesterday": a draft is read and
    sent later (the next business morning by default), when those words would be wrong."""
    day = _as_date(value)
    if day is None:
        return ""
    days = (_today(context) - day).days
    if 0 <= days <= 6:
        return f"on {_WEEKDAYS[day.weekday()]}"
    if 0 < days < 300 or (days < 0 and day.year == _today(context).year):
        return f"on {format_date(day, 'day_month')}"
    return f"on {format_date(day)}"


@pass_context
def time_since(context: Context, value: Any) -> str:
    """How long ago, for "it's been ... since": "a few days", "two weeks", "about a month",
    "about three months", "about a year", "about two years"; "a while" without a usable date."""
    day = _as_date(value)
    if day is None:
        return "a while"
    days = (_today(context) - day).days
    if days < 0:
        return "a while"
    if days < 2:
        return "a day"
    if days < 7:
        return "a few days"
    if days < 14:
        return "a week"
    if days < 30:
        return f"{_number(days // 7)} weeks"
    if days < 45:
        return "about a month"
    if days < 350:
        return f"about {_number(max(2, round(days / 30.44)))} months"
    if days < 550:
        return "about a year"
    return f"about {_number(round(days / 365.25))} years"


def _number(n: int) -> str:
    return _NUMBERS[n] if 0 <= n < len(_NUMBERS) else str(n)


def join_nonempty(values: Iterable[Any], separator: str = ", ") -> str:
    """Join the parts that are there: ``[title, company] | join_nonempty(", ")``."""
    parts = (str(v).strip() for v in values if v is not None)
    return separator.join(p for p in parts if p)


def topic(note: Any) -> str | None:
    """The topic of a note written as "we talked about X" (or "discussed X", "spoke about X"):
    X, without its final full stop. None when the note is not of that form or is more than one
    phrase: then use the note as given."""
    if not note:
        return None
    match = _TOPIC_RE.fullmatch(str(note).strip())
    if match is None:
        return None
    found = match.group("topic").strip().rstrip(".;:!").strip()
    if not found or len(found) > 160 or _SENTENCE_BREAK_RE.search(found):
        return None
    return found


def as_sentence(value: Any) -> str:
    """The user's note as a sentence: a capital first letter when the first word is plain lower
    case, and a full stop when it ends on a bare word (not on a link or an address)."""
    if not value:
        return ""
    text = str(value).strip()
    first = text.split(maxsplit=1)[0]
    if first.islower() and _PLAIN_WORD_RE.fullmatch(first):  # not "iPhone", not a link
        text = text[0].upper() + text[1:]
    if text[-1].isalnum() and not _URLISH_RE.search(text):
        text += "."
    return text


def oneline(value: Any) -> str:
    """Any value on one line: line breaks and control characters become single spaces."""
    return "" if value is None else one_line(str(value))


def paragraphs(value: Any) -> Markup:
    """Plain text as HTML: blank-line separated paragraphs in <p>, line breaks as <br>.
    Escapes the text unless it is already markup (a block rendered with autoescape)."""
    safe = value if isinstance(value, Markup) else escape("" if value is None else value)
    lines = [line.strip() for line in str(safe).replace("\r\n", "\n").split("\n")]
    chunks = re.split(r"\n{2,}", "\n".join(lines).strip())
    return Markup("\n".join("<p>" + c.replace("\n", "<br>\n") + "</p>" for c in chunks if c))


FILTERS = {
    "date": format_date,
    "when": when,
    "time_since": time_since,
    "join_nonempty": join_nonempty,
    "topic": topic,
    "as_sentence": as_sentence,
    "oneline": oneline,
    "paragraphs": paragraphs,
}
