"""Small text helpers shared by the field extractors."""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

# Characters OCR reads in place of digits. Only applied inside digit runs (see fix_digit_run).
_DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "|": "1", "S": "5",
                                   "B": "8"})  # fmt: skip


def clean(text: str) -> str:
    """Drop control characters (CR/LF/NUL inside a line) and squeeze spaces; never interpret."""
    text = "".join(" " if unicodedata.category(c).startswith("C") else c for c in text)
    return re.sub(r"\s+", " ", text).strip()


def fix_digit_run(run: str) -> str:
    """'+49 3O 12345 6l' -> '+49 30 12345 61': look-alike letters only where digits dominate."""
    return run.translate(_DIGIT_LOOKALIKES)


def is_noise(text: str) -> bool:
    """Single characters, logo crumbs, lines that are mostly punctuation."""
    stripped = text.strip()
    alnum = sum(c.isalnum() for c in stripped)
    if alnum == 1 and re.fullmatch(r"[\u3400-\u9fff\uac00-\ud7af]", stripped):
        return False  # one Chinese character or Korean syllable is a word (a given name: '翼')
    if alnum <= 1:
        return True
    return alnum < 0.5 * len(stripped.replace(" ", ""))


def letters_ratio(text: str) -> float:
    chars = text.replace(" ", "")
    return sum(c.isalpha() for c in chars) / len(chars) if chars else 0.0


def vocab(words: str) -> frozenset[str]:
    """A word list written as one whitespace-separated string (easier to read and extend)."""
    return frozenset(words.split())


def changed_chars(a: str, b: str) -> int:
    """How many characters differ between two strings (inserted, deleted or replaced)."""
    ops = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    return sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in ops if tag != "equal")
