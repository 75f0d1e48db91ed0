"""Which lines are the postal address: anchor lines with a postcode or street, grown to the
neighbours in their column that carry on the address, and whether what was taken looks whole."""

from __future__ import annotations

import re

from ocr.parse import address as addr
from ocr.parse import address_parts as parts
from ocr.parse.company import has_legal_form
from ocr.parse.segments import Segment, neighbour

_HOUSE_NUMBER_LINE = re.compile(r"^\D{3,}\s\d{1,4}[a-zA-Z]?\b|^\d{1,4}[a-zA-Z]?\s\D{3,}$")
# Glyphs printed between address parts on one line ('Road | Town | Country').
_PART_SEPARATORS = frozenset("|•·∙●/–—-")


class AddressPick:
    """The address lines picked, and what the reader knows about how whole they are."""

    def __init__(self, lines: list[Segment], rivals: int, cut: bool) -> None:
        self.lines = lines
        self.rivals = rivals  # other address groups on the card (a branch office, a factory)
        self.cut = cut  # a neighbour that looks like more of the address was left out

    @property
    def complete(self) -> bool:
        """Probably the whole address: it ends on a place (postcode, city or country), does not
        stop on a line printed to run on (',' at its end), and nothing address-like was left
        next to it. A card with two addresses is a doubt of another kind: which one is meant."""
        if not self.lines or self.cut or self.rivals:
            return False
        last = self.lines[-1].text
        if parts.runs_on(last):
            return False
        texts = [s.text for s in self.lines]
        if any(parts.country_part(t) for t in texts[:-1]):
            return False  # a country before the end: two addresses run together, or a cut one
        return (
            any(addr.has_postcode_city(t) for t in texts)
            or parts.locality(last)
            # the last printed line, all its pieces: 'Başakşehir' / 'İST.'
            or parts.place_list(
                " / ".join(s.text for s in self.lines if s.line_no == self.lines[-1].line_no)
            )
        )


def _anchor(text: str, score: float) -> bool:
    """A line that starts an address on its own: a postcode with its city or a street with its
    number (``address_score``), or an address-part word with a number ('Ward 25', 'Moo 2')."""
    if parts.not_address(text):
        return False  # 'Building trust since 1998': a slogan with a street word and a year
    return (
        score >= 0.8
        or (parts.strong_part(text) and any(c.isdigit() for c in text))
        or parts.labelled_address(text)
    )


def pick_address(candidates: list[Segment], pool: list[Segment]) -> AddressPick:
    """The postal address: lines with a postcode or street, grown to their column neighbours."""
    by_index = {s.index: s for s in candidates}
    score = {s.index: addr.address_score(s.text) for s in candidates}
    anchors = [s for s in candidates if _anchor(s.text, score[s.index])]
    if not anchors:
        # No street and no postcode with its city: a 'City, Country' line is the address's last
        # ('Dubai, UAE', 'Raa Atoll, Maldives'), grown to a street name above it.
        anchors = [
            s
            for s in candidates
            if len(s.text.split()) >= 2
            and parts.country_part(s.text)
            and parts.is_address_part(s.text)
        ]
    if not anchors:
        return AddressPick([], 0, False)
    # The whole printed line a piece sits on: 'Atasehir / Istanbul / Turkiye' is one line
    # whose first piece alone says nothing.
    line_text = {
        s.index: " / ".join(c.text for c in candidates if c.line_no == s.line_no)
        for s in candidates
    }
    seeds = [s for s in anchors if addr.has_postcode_city(s.text)] or anchors

    def neighbours(seg: Segment, up: bool) -> list[tuple[Segment, bool]]:
        """(piece, printed before ``seg``): the pieces beside it on its line, then the line
        above or below it in its column."""
        found: list[tuple[Segment, bool]] = []
        # Fields printed side by side on one line ('Street 1 · 12345 City') come first.
        for side in (seg.index - 1, seg.index + 1):
            if side in by_index and pool[side].line_no == pool[seg.index].line_no:
                found.append((by_index[side], side < seg.index))
        other = neighbour(pool[seg.index], pool, below=not up)
        if other is not None and other.index in by_index:
            found.append((by_index[other.index], up))
        return found

    def belongs(current: Segment, nb: Segment, before: bool) -> bool:
        text = nb.text
        same_line = nb.line_no == current.line_no
        if has_legal_form(text) and not any(c.isdigit() for c in text):
            return False  # the firm's name printed over its address, not part of it
        if not same_line and parts.branch_label((current, nb)[not before].text):
            return False  # 'Fabrika: ...' opens an address: a second one, or this one's top
        if score[nb.index] > 0 or parts.is_address_part(text):
            return True
        if not same_line and parts.is_address_part(line_text[nb.index]):
            return parts.may_continue(text)
        if before and parts.locality(current.text) and _HOUSE_NUMBER_LINE.match(text):
            return True  # 'Meir 89' / '43 Deansgate': a numbered line right above a postcode
        if not before and (addr.is_city_only(text) or parts.place_list(line_text[nb.index])):
            return True
        # A line printed with a comma at its end runs on into the next ('322 Moo 2, Road,' /
        # 'Cherngtalay, Thalang'); so do parts printed side by side with a separator.
        first, second = (nb, current) if before else (current, nb)
        if parts.runs_on(first.text) and parts.may_continue(text):
            return True
        sep = pool[second.index].sep_before  # (candidates are copies without it)
        return same_line and sep in _PART_SEPARATORS and parts.may_continue(text)

    groups: list[list[Segment]] = []
    for seed in seeds:
        group = {seed.index: seed}
        for up in (True, False):
            frontier = [seed]
            while frontier:
                current = frontier.pop()
                for nb, before in neighbours(current, up):
                    if nb.index not in group and belongs(current, nb, before):
                        group[nb.index] = nb
                        frontier.append(nb)
        groups.append([group[i] for i in sorted(group, key=lambda i: (pool[i].line_no, i))])
    # Two addresses (a branch office) or a false postcode: keep the fullest group.
    best = max(groups, key=lambda g: sum(len(s.text.split()) for s in g))
    taken = {s.index for s in best}
    # An address line the grown group did not reach: a second address (a branch, a factory).
    rivals = sum(1 for s in anchors if s.index not in taken)
    return AddressPick(best, rivals, _left_out(best, by_index, pool, line_text))


def _left_out(
    lines: list[Segment],
    by_index: dict[int, Segment],
    pool: list[Segment],
    line_text: dict[int, str],
) -> bool:
    """A line right above or below the address, in its column, that the reader did not take
    but that reads like more of it: the address is probably cut."""
    taken = {s.index for s in lines}
    for seg in lines:
        for below in (True, False):
            other = neighbour(pool[seg.index], pool, below=below)
            if other is None or other.index in taken or other.index not in by_index:
                continue
            if parts.is_address_part(line_text[other.index]) or (below and parts.runs_on(seg.text)):
                return True
            if not below and parts.runs_on(other.text) and parts.may_continue(other.text):
                return True
            if not below and _HOUSE_NUMBER_LINE.match(other.text) and parts.locality(seg.text):
                return True  # 'Avenija Dubrovnik 15' over '10 000 Zagreb', left out
    return False
