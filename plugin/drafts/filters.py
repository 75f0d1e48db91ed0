"""Filters for templates: dates in words (in the draft's language, never the machine's locale),
joining the parts that are present, and turning the user's note into a sentence."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from . import date_words
from .languages import DEFAULT_LANGUAGE
from .notes import as_sentence, topic
from .text import one_line


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


def format_date(value: Any, style: str = "long", language: str = DEFAULT_LANGUAGE) -> str:
    """``12 March 2026`` (long), ``12 Mar 2026`` (short), ``12 March`` (day_month),
    ``March 2026`` (month_year), ``Thursday`` (weekday), ``2026-03-12`` (iso); in
    ``language`` ("12. März 2026")."""
    day = _as_date(value)
    if day is None:
        return "" if value is None else str(value)
    return date_words.format_date(day, style, language)


@pass_context
def date_filter(context: Context, value: Any, style: str = "long") -> str:
    """``format_date`` in the draft's language."""
    return format_date(value, style, _language(context))


@pass_context
def when(context: Context, value: Any) -> str:
    """The day as one says it in a sentence: "on Tuesday" (this past week), "on 12 March"
    (within the year), "on 12 March 2025". Never "today" or "yesterday": a draft is read and
    sent later (the next business morning by default), when those words would be wrong."""
    day = _as_date(value)
    if day is None:
        return ""
    return date_words.when(day, _today(context), _language(context))


@pass_context
def time_since(context: Context, value: Any) -> str:
    """How long ago, for "it's been ... since": "a few days", "two weeks", "about a month",
    "about three months", "about a year", "about two years"; "a while" without a usable date."""
    return date_words.time_since(_as_date(value), _today(context), _language(context))


def _language(context: Context) -> str:
    language = context.get("language")
    return language if isinstance(language, str) else DEFAULT_LANGUAGE


def join_nonempty(values: Iterable[Any], separator: str = ", ") -> str:
    """Join the parts that are there: ``[title, company] | join_nonempty(", ")``."""
    parts = (str(v).strip() for v in values if v is not None)
    return separator.join(p for p in parts if p)


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
    "date": date_filter,
    "when": when,
    "time_since": time_since,
    "join_nonempty": join_nonempty,
    "topic": topic,
    "as_sentence": as_sentence,
    "oneline": oneline,
    "paragraphs": paragraphs,
}
