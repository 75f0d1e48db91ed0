"""vCard text-level details vobject gets wrong or leaves out.

- Folding: vobject decides whether to fold by counting characters, so a line of 60 CJK
  characters (180 octets) goes out unfolded. RFC 6350 section 3.2 limits lines to 75 octets.
- Unescaping: vobject's text decoder splits on unescaped commas and keeps the first piece,
  which truncates "NOTE:Hello, world" written by a lax exporter. We read raw values instead.
- Parameter values: vobject refuses a DQUOTE and cannot carry a line break; RFC 6868 caret
  encoding (^^, ^n, ^') handles both.
"""

from __future__ import annotations

LIMIT = 75  # octets per physical line, CRLF excluded


def fold(text: str, limit: int = LIMIT) -> str:
    """Fold every CRLF-terminated line of ``text`` at ``limit`` UTF-8 octets.

    Continuation lines start with one space, which counts toward the limit. A multi-octet
    character is never split.
    """
    out = []
    for line in text.split("\r\n"):
        if line:
            out.append(_fold_line(line, limit) + "\r\n")
    return "".join(out)


def _fold_line(line: str, limit: int) -> str:
    chunks: list[str] = []
    current: list[str] = []
    size, budget = 0, limit
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > budget:
            chunks.append("".join(current))
            current, size, budget = [], 0, limit - 1
        current.append(char)
        size += octets
    chunks.append("".join(current))
    return "\r\n ".join(chunks)


_ESCAPES = {"n": "\n", "N": "\n", "\\": "\\", ",": ",", ";": ";", ":": ":"}


def unescape(value: str) -> str:
    """Undo RFC 6350 text escaping; an unknown escape like "\\x" is kept as written."""
    out: list[str] = []
    chars = iter(value)
    for char in chars:
        if char != "\\":
            out.append(char)
            continue
        nxt = next(chars, "")
        out.append(_ESCAPES.get(nxt, "\\" + nxt))
    return "".join(out)


def split_unescaped(value: str, sep: str) -> list[str]:
    """Split on ``sep`` where it is not backslash-escaped; the parts stay escaped."""
    parts: list[str] = []
    current: list[str] = []
    chars = iter(value)
    for char in chars:
        if char == "\\":
            current.append(char + next(chars, ""))
        elif char == sep:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def structured(value: str) -> list[list[str]]:
    """A structured value (N, ADR, ORG): components split on ";", list items on ",", unescaped."""
    return [
        [unescape(item) for item in split_unescaped(component, ",")]
        for component in split_unescaped(value, ";")
    ]


def caret_encode(value: str) -> str:
    """RFC 6868 parameter-value encoding (line breaks normalised to LF first)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("^", "^^").replace("\n", "^n").replace('"', "^'")


def caret_decode(value: str) -> str:
    out: list[str] = []
    chars = iter(value)
    for char in chars:
        if char != "^":
            out.append(char)
            continue
        nxt = next(chars, "")
        out.append({"^": "^", "n": "\n", "'": '"'}.get(nxt, "^" + nxt))
    return "".join(out)
