"""Text hygiene: what goes into a template (card data) and what comes out of one (the draft).

Card text is data read by OCR from a stranger's card: it may hold anything, including line breaks
that would start a new email header if they ever reached the subject.
"""

from __future__ import annotations

import re

SUBJECT_LIMIT = 200

# Bidi embeddings/overrides/isolates and the BOM are invisible and can reorder what a reader sees
# (spoofing); dropped outright rather than turned into a space.
_INVISIBLE_RE = re.compile("[\u202a-\u202e\u2066-\u2069\ufeff]")
# One-line values: every line break and control character (C0, DEL, C1, U+2028/U+2029).
_BREAK_OR_CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_WHITESPACE_RUN_RE = re.compile(r"\s+")
# Multi-line values: every kind of line break becomes "\n" ...
_LINE_BREAK_RE = re.compile("\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# ... and what is left of the control characters (tab, NUL, ESC, ...) a space.
_OTHER_CONTROL_RE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
_HORIZONTAL_RUN_RE = re.compile(r"[^\S\n]+")
_BLANK_RUN_RE = re.compile(r"\n{3,}")


_DOUBLE_STOP_RE = re.compile(r"(?<!\.)\.\.(?!\.)")


def one_line(value: str) -> str:
    """A single line: line breaks and control characters become spaces, runs of space one."""
    value = _INVISIBLE_RE.sub("", value)
    value = _BREAK_OR_CONTROL_RE.sub(" ", value)
    return _WHITESPACE_RUN_RE.sub(" ", value).strip()


def multi_line(value: str, *, tidy_spaces: bool = True) -> str:
    """Text that may span lines (a note, an address, a signature): "\\n" line breaks only, no
    control characters, tidy blank lines. ``tidy_spaces`` also collapses runs of spaces inside
    lines; a signature keeps its own spacing."""
    value = _INVISIBLE_RE.sub("", value)
    value = _LINE_BREAK_RE.sub("\n", value)
    value = _OTHER_CONTROL_RE.sub(" ", value)
    if tidy_spaces:
        value = "\n".join(_HORIZONTAL_RUN_RE.sub(" ", line).strip() for line in value.split("\n"))
    return normalise_text(value)


def normalise_text(value: str) -> str:
    """A rendered body: no trailing spaces, at most one blank line in a row, nothing around it."""
    value = _LINE_BREAK_RE.sub("\n", value)
    value = "\n".join(line.rstrip() for line in value.split("\n"))
    # "at Brightline Analytics Inc." + the sentence's full stop: one stop (an ellipsis stays).
    value = _DOUBLE_STOP_RE.sub(".", value)
    return _BLANK_RUN_RE.sub("\n\n", value).strip()


def subject_line(value: str, limit: int = SUBJECT_LIMIT) -> str:
    """A rendered subject made header-safe: one line, whatever the template or the card wrote, and
    at most ``limit`` characters, cut on a word boundary."""
    value = one_line(value)
    if len(value) <= limit:
        return value
    cut = value[: limit - 1]  # room for the ellipsis
    space = cut.rfind(" ")
    if space >= limit // 2:  # a word boundary not too far back; else a hard cut
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"
