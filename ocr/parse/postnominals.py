"""Letters after a name: degrees, memberships and services ('Mark Malvin, D.M.D.', 'B.Com, ACA'),
set apart from the name and never taken for a job title."""

from __future__ import annotations

import re

from ocr.parse.text import vocab
from ocr.parse.titles import title_score

SUFFIX_TOKENS = vocab(
    "phd ph.d. mba msc m.sc. bsc b.sc. ma m.a. ba b.a. llm ll.m. jr jr. sr. iii ii iv cpa cfa "
    "mph md m.d. pmp meng b.eng. m.eng. dipl.-ing. esq esq. ll.m. m.a."
)
# Post-nominal letters after a comma: degrees, memberships, services ('Mark Malvin, D.M.D.',
# 'P. K. Singh, ITS'): dotted capitals, or short capitals after a name in mixed case (after an
# all-caps name, 'SMITH, JOHN' is a name written surname first).
_DOTTED_CAPS = re.compile(r"^(?:[A-Z][a-z]?\.){2,5}[A-Z]?[a-z]?$")
_SHORT_CAPS = re.compile(r"^[A-Z]{2,5}$")


def _postnominal(token: str, caps_head: bool) -> bool:
    core = token.lower().strip(".")
    return (
        core in SUFFIX_TOKENS
        or f"{core}." in SUFFIX_TOKENS
        or bool(_DOTTED_CAPS.match(token))
        or (not caps_head and bool(_SHORT_CAPS.match(token)))
    )


def split_postnominals(text: str) -> tuple[str, list[str]]:
    """('Mark D. Malvin', ['D.M.D.']) from 'Mark D. Malvin, D.M.D.'; (text, []) if none."""
    pieces = re.sub(r",(?=\S)", ", ", text).split(",")
    for i in range(1, len(pieces)):
        head = ",".join(pieces[:i]).strip()
        tail = [t for p in pieces[i:] for t in p.split()]
        if tail and all(_postnominal(t, head.upper() == head) for t in tail):
            return head, tail
    return text, []


_DEGREE = re.compile(r"^[A-Z][A-Za-z]{0,4}\.(?:[A-Za-z]{1,5}\.?)*$")


def is_credentials(text: str) -> bool:
    """'B.Com, ACA', 'MBA, CPA': a line of degrees and memberships, printed under a name where
    a title would be; it is no title."""
    tokens = [t for t in re.split(r"[,\s/|]+", text) if t.strip("()")]
    return bool(tokens) and all(
        (_postnominal(t.strip("()"), False) or bool(_DEGREE.match(t.strip("()"))))
        and title_score(t) == 0
        for t in tokens
    )
