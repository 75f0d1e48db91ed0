"""Dates in words, in the draft's language: "on 12 March" / "am 12. März" / "el 12 de marzo".

English keeps cardfollow's own wording; the other languages take month and weekday names and
date patterns from CLDR (Babel), never from the machine's locale, and add the preposition or
article a sentence needs.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date as cldr_date
from babel.dates import format_skeleton, format_timedelta

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_NUMBERS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
            "ten", "eleven", "twelve")  # fmt: skip
DATE_STYLES = ("long", "short", "day_month", "month_year", "weekday", "iso")
# "a while": said when there is no date to count from.
_A_WHILE = {"en": "a while", "de": "einige Zeit", "fr": "un moment", "es": "un tiempo",
            "nl": "een tijdje", "it": "un po' di tempo", "pt": "algum tempo"}  # fmt: skip


def format_date(day: dt.date, style: str, language: str) -> str:
    if style not in DATE_STYLES:
        raise ValueError(f"date style {style!r}: use one of {', '.join(DATE_STYLES)}")
    if style == "iso":
        return day.isoformat()
    if language == "en":
        month = _MONTHS[day.month - 1]
        return {
            "long": f"{day.day} {month} {day.year}",
            "short": f"{day.day} {month[:3]} {day.year}",
            "day_month": f"{day.day} {month}",
            "month_year": f"{month} {day.year}",
            "weekday": _WEEKDAYS[day.weekday()],
        }[style]
    if style == "long":
        return _first_of_month(cldr_date(day, "long", locale=language), day, language)
    if style == "short":
        return cldr_date(day, "medium", locale=language)
    if style == "day_month":
        return _first_of_month(format_skeleton("MMMMd", day, locale=language), day, language)
    if style == "month_year":
        return format_skeleton("yMMMM", day, locale=language)
    return cldr_date(day, "EEEE", locale=language)


def _first_of_month(text: str, day: dt.date, language: str) -> str:
    # French and Italian write the first of the month as an ordinal: "1er mars", "1º marzo".
    if day.day == 1 and language in ("fr", "it") and text.startswith("1 "):
        return ("1er" if language == "fr" else "1º") + text[1:]
    return text


def when(day: dt.date, today: dt.date, language: str) -> str:
    """The day as said in a sentence: the weekday within the past week, else the day and month
    (with the year when it is not this year's)."""
    days = (today - day).days
    if 0 <= days <= 6:
        return _on_weekday(day, language)
    with_year = not (0 < days < 300 or (days < 0 and day.year == today.year))
    return _on_date(format_date(day, "long" if with_year else "day_month", language), language)


def _on_weekday(day: dt.date, language: str) -> str:
    name = format_date(day, "weekday", language)
    if language == "pt":  # sábado and domingo are masculine, the rest (-feira) feminine
        return f"{'no' if day.weekday() >= 5 else 'na'} {name}"
    prefix = {"en": "on ", "de": "am ", "fr": "", "es": "el ", "nl": "op ", "it": ""}[language]
    return prefix + name


def _on_date(text: str, language: str) -> str:
    if language == "it":  # "l'8 marzo", "l'11 marzo": the article elides before a vowel sound
        return ("l'" if text.split()[0] in ("8", "11") else "il ") + text
    prefix = {"en": "on", "de": "am", "fr": "le", "es": "el", "nl": "op", "pt": "no dia"}[language]
    return f"{prefix} {text}"


def time_since(day: dt.date | None, today: dt.date, language: str) -> str:
    """How long ago, for "it's been ... since": English in words ("about three months"), the
    other languages as CLDR says a duration ("3 Monate", "3 mois")."""
    if day is None or (today - day).days < 0:
        return _A_WHILE[language]
    days = (today - day).days
    if language != "en":
        return format_timedelta(
            dt.timedelta(days=max(days, 1)), granularity="day", threshold=1.1, locale=language
        )
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
