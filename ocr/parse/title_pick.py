"""The job title: which line holds it, the roles printed beside or under it, and its evidence."""

from __future__ import annotations

import re
from collections.abc import Callable

from ocr.parse.company import company_score, has_legal_form
from ocr.parse.line_evidence import ends_open, is_tagline
from ocr.parse.names import is_latin, name_shape_score
from ocr.parse.phones import is_bare_label
from ocr.parse.postnominals import is_credentials
from ocr.parse.segments import Field, Segment, boxes_of, mean_conf
from ocr.parse.text import vocab
from ocr.parse.titles import is_region_list, lexicon_word, strong_title_words, title_score

Near = Callable[[Segment], Segment | None]

# A department or unit line under the title ('Sales Dept.', 'Bulk Sales Team') names where the
# person works, not a second role.
_UNIT_WORDS = vocab(
    "dept department division div team unit group section bureau abteilung bereich "
    "departement service servicio departamento reparto ufficio afdeling"
)
# Title words that also name departments: with a unit word and nothing else, a department.
_DEPARTMENT_WORDS = vocab(
    "sales marketing hr it vertrieb verkauf einkauf commercial commerciale comercial assistenz "
    "business development international customer"
)


def is_unit_line(text: str) -> bool:
    """'SALES DEPARTMENT', 'Sales Dept.', 'Bulk Sales Team': where one works, not a role."""
    words = [w.lower() for w in re.findall(r"\w+", text)]
    if not words or words[-1] not in _UNIT_WORDS:
        return False
    return not any(title_score(w) > 0 and w not in _DEPARTMENT_WORDS for w in words[:-1])


def title_lines_near(
    name_parts: tuple[Segment, ...], rest: list[Segment], below: Near, above: Near
) -> list[Segment]:
    """Vocabulary titles right under (or over) the name, with a second role under the first:
    kept from the company picker, which would read 'Deputy Director General' as an office."""
    if not name_parts:
        return []
    out = [
        n
        for n in (below(name_parts[-1]), above(name_parts[0]))
        if n is not None and n in rest and title_score(n.text) >= 0.55 and not _not_title(n)
    ]
    for seg in list(out):
        nxt = below(seg)
        if (
            nxt is not None
            and nxt in rest
            and nxt not in out
            and title_score(nxt.text) >= 0.55
            and _continues_title(seg, nxt)
        ):
            out.append(nxt)
    return out


def _not_title(seg: Segment) -> bool:
    # 'Deputy Director General (SA)': two role words outweigh what reads as a legal form.
    legal = has_legal_form(seg.text) and strong_title_words(seg.text) < 2
    return legal or is_unit_line(seg.text)


def pick_title(
    rest: list[Segment],
    pool: list[Segment],
    name_parts: tuple[Segment, ...],
    name_seg: Segment | None,
    company_seg: Segment | None,
    below: Near,
    above: Near,
    fields: dict[str, Field],
) -> list[Segment]:
    """Set ``fields['title']`` from the lines in ``rest``; returns the lines it used."""
    # Vocabulary first, preferring lines near the name; else the line right under it.
    near_name: list[Segment] = []
    if name_parts:
        first, last = name_parts[0], name_parts[-1]
        near_name = [n for n in (below(last), above(first)) if n is not None]
        # A title printed on the name's own line, after a gap ('SOMI KIM     Senior Manager').
        near_name += [s for s in rest if s.line_no == last.line_no and s.left > last.left]
    t_scores = [(title_score(s.text), s) for s in rest]
    t_scores = [(t, s) for t, s in t_scores if t >= 0.55 and not _not_title(s)]
    title_seg: Segment | None = None
    title_conf = 0.0
    if t_scores:

        def closeness(s: Segment) -> float:
            if s in near_name:
                return 0.0
            if name_seg is None:
                return -1.0
            return -1.0 - abs(s.top - name_seg.top) / max(1, name_seg.height)

        t_scores.sort(key=lambda x: (-closeness(x[1]), -x[0]))
        title_conf, title_seg = t_scores[0]
        if name_seg is None:
            title_conf *= 0.6  # no name found: the card was read or understood badly
        elif title_seg not in near_name:
            title_conf *= 0.8  # vocabulary alone, away from the name: weaker evidence
    elif name_seg is not None:
        under = [
            s
            for s in near_name
            if s in rest
            and s is not company_seg
            and s.height <= name_seg.height
            and not is_tagline(s.text)
            and not is_bare_label(s.text)
            and not is_credentials(s.text)
            and not re.fullmatch(r"[\u3040-\u309f\s]+", s.text)  # furigana: the name's reading
            and sum(c.isalpha() for c in s.text) >= 3
            and name_shape_score(s.text) < 0.5
            and sum(c.isdigit() for c in s.text) < 3  # an address or a number, not a title
        ]
        if under:
            title_seg, title_conf = under[0], 0.4
    if title_seg is not None and not is_latin(title_seg.text):
        # A title printed in two scripts: the contact takes the Latin one, as it does the name.
        twins = [
            n
            for n in (below(title_seg), above(title_seg))
            if n is not None
            and n in rest
            and n is not company_seg
            and is_latin(n.text)
            and title_score(n.text) >= 0.55
        ]
        if twins:
            title_seg, title_conf = twins[0], title_score(twins[0].text)
    if title_seg is None:
        return []
    parts = [title_seg]
    joiners: list[str] = []
    # Roles printed side by side on one line ('Executive Director / General Manager').
    while True:
        side = _beside(parts[-1], rest, pool)
        if side is None or side is company_seg or title_score(side.text) < 0.55 or _not_title(side):
            break
        sep = pool[side.index].sep_before if side.index < len(pool) else ""
        # A slash is part of the printed title; bars and bullets only space the roles out.
        joiners.append(" / " if sep == "/" else ", ")
        parts.append(side)
    # A title printed on two lines: the line under it continues it.
    nxt = below(parts[-1])
    if (
        nxt is not None
        and nxt in rest
        and nxt not in parts
        and nxt is not company_seg
        and _continues_title(parts[-1], nxt)
    ):
        # Two roles ('Principal Researcher' / 'Head of Lab') are two titles; a title that
        # runs on ('Head of Sales' / 'EMEA & DACH') is one.
        listed = title_score(nxt.text) > 0 or ("," in nxt.text and is_region_list(nxt.text))
        joiners.append(", " if listed and not ends_open(parts[-1].text) else " ")
        parts.append(nxt)
    parts = [_with_unsure_title_words(p, pool) for p in parts]
    text = _unbracketed(parts[0].text)
    for joiner, part in zip(joiners, parts[1:], strict=True):
        text += joiner + _unbracketed(part.text)
    words = [w for p in parts for w in p.words]
    fields["title"] = Field(_even_separators(text), mean_conf(words) * title_conf, boxes_of(words))
    return parts


def _with_unsure_title_words(seg: Segment, pool: list[Segment]) -> Segment:
    """Words read unsure were dropped before the fields were picked; one that spells a title
    word ('Senior' at 0.2 before 'Manager') is the lexicon's to vouch for, so it comes back."""
    orig = pool[seg.index] if seg.index < len(pool) else None
    if orig is None or orig.line_no != seg.line_no or len(orig.words) <= len(seg.words):
        return seg
    kept = [w for w in orig.words if w in seg.words or lexicon_word(w.text)]
    if any(w not in seg.words for w in kept):
        out = Segment(seg.index, seg.line_no, kept, seg.block)
        return out if title_score(out.text) >= title_score(seg.text) else seg
    return seg


def _beside(seg: Segment, rest: list[Segment], pool: list[Segment]) -> Segment | None:
    """The next piece of ``seg``'s printed line, to its right, if it is among ``rest``."""
    right = [s for s in rest if s.line_no == seg.line_no and s.left > seg.left and s is not seg]
    if not right:
        return None
    nxt = min(right, key=lambda s: s.left)
    between = [p for p in pool if p.line_no == seg.line_no and seg.left < p.left < nxt.left]
    return None if between else nxt


def _unbracketed(text: str) -> str:
    """'(Dental Surgeon)': a title printed in brackets under the name is the title."""
    m = re.fullmatch(r"\((.+)\)", text.strip())
    return m.group(1).strip() if m and "(" not in m.group(1) else text


def _even_separators(text: str) -> str:
    """'Director/ Bulk Sales' -> 'Director / Bulk Sales', 'Manager- Owner' -> 'Manager - Owner':
    a space lost on one side of a slash or dash is the reader's; printed titles space them on
    both sides or on neither ('Vice-President')."""
    text = re.sub(r"(?<=\w)/\s+|\s+/(?=\w)", " / ", text)
    return re.sub(r"(?<=\w)[-–]\s+(?=\w)|(?<=\w)\s+[-–](?=\w)", lambda m: f" {m[0].strip()} ", text)


def _continues_title(prev: Segment, nxt: Segment) -> bool:
    if is_latin(prev.text) != is_latin(nxt.text):
        return False  # the same title in the other script
    if has_legal_form(nxt.text):
        return False  # the company's name, printed right under the title
    if is_unit_line(nxt.text):
        return False  # 'Sales Dept.': a department, not a role
    second_role = title_score(nxt.text) >= 0.55 and strong_title_words(nxt.text) > 0
    # The same role in a second language may be set smaller ('İmalat Müdürü' / 'Production
    # Manager'); a line that is only a title is one whatever its size.
    size_gap = abs(prev.height - nxt.height) / max(prev.height, nxt.height)
    if size_gap > (0.4 if second_role else 0.25):
        return False
    if is_region_list(nxt.text):
        return True  # the regions the role covers
    if name_shape_score(nxt.text) >= 0.7 and title_score(nxt.text) == 0:
        return False
    if is_tagline(nxt.text):
        return False
    if second_role:
        return True
    if company_score(nxt.text, []) >= 0.5:
        return False
    # A title that runs on ('Head of' / 'Sales'), or goes on in small letters. A short line in
    # capitals under it is more often the logo's letters ('KS' for Kranich Software) than a
    # unit: regions are known by name above.
    return ends_open(prev.text) or nxt.text[:1].islower()
