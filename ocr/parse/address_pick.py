"""Which lines are the postal address: anchor lines with a postcode or street, grown to the
neighbours in their column."""

from __future__ import annotations

import re

from ocr.parse import address as addr
from ocr.parse.company import has_legal_form
from ocr.parse.segments import Segment, neighbour

_HOUSE_NUMBER_LINE = re.compile(r"^\D{3,}\s\d{1,4}[a-zA-Z]?\b|^\d{1,4}[a-zA-Z]?\s\D{3,}$")


def pick_address(candidates: list[Segment], pool: list[Segment]) -> list[Segment]:
    """The postal address: lines with a postcode or street, grown to their column neighbours."""
    by_index = {s.index: s for s in candidates}
    score = {s.index: addr.address_score(s.text) for s in candidates}
    anchors = [s for s in candidates if score[s.index] >= 0.8]
    if not anchors:
        return []
    seeds = [s for s in anchors if addr.has_postcode_city(s.text)] or anchors

    def neighbours(seg: Segment, up: bool) -> list[Segment]:
        found: list[Segment] = []
        # Fields printed side by side on one line ('Street 1 · 12345 City') come first.
        side = seg.index + (-1 if up else 1)
        if side in by_index and pool[side].line_no == pool[seg.index].line_no:
            found.append(by_index[side])
        other = neighbour(pool[seg.index], pool, below=not up)
        if other is not None and other.index in by_index:
            found.append(by_index[other.index])
        return found

    groups: list[list[Segment]] = []
    for seed in seeds:
        group = {seed.index: seed}
        for up in (True, False):
            frontier = [seed]
            while frontier:
                current = frontier.pop()
                for nb in neighbours(current, up):
                    if nb.index in group:
                        continue
                    text = nb.text
                    if has_legal_form(text) and not any(c.isdigit() for c in text):
                        continue  # the firm's name printed over its address, not part of it
                    belongs = (
                        score[nb.index] > 0
                        or (
                            # 'Meir 89' / '43 Deansgate': a numbered line right above a postcode.
                            up
                            and addr.has_postcode_city(current.text)
                            and bool(_HOUSE_NUMBER_LINE.match(text))
                        )
                        or (not up and addr.is_city_only(text))
                    )
                    if belongs:
                        group[nb.index] = nb
                        frontier.append(nb)
        groups.append([group[i] for i in sorted(group, key=lambda i: (pool[i].line_no, i))])
    # Two addresses (a branch office) or a false postcode: keep the fullest group.
    return max(groups, key=len)
