#!/usr/bin/env python3
"""Render fictional business cards in Japanese, Chinese and Korean script, with the contact a
perfect reader extracts from each, for tests and benchmarks.

    .venv/bin/python sample_cards/cjk_cards.py --count 30 --out /tmp/cjk           # a mixed set
    .venv/bin/python sample_cards/cjk_cards.py --count 9 --lang ko --kind scan --out /tmp/ko

Three kinds of front, as cards are printed at international events:

* ``ja``: a Japanese front, most often bilingual (the name in kanji, large, and in Latin letters
  under it; the company with 株式会社 and its English name), sometimes Japanese only;
* ``zh``: simplified (mainland, +86) or traditional (Taiwan +886, Hong Kong +852) Chinese, the
  name in Hanzi with a romanised name printed on some cards, the company with 有限公司;
* ``ko``: Korean in Hangul (주식회사), a romanised name on some cards.

The contact expected: the name in Latin letters when the card prints it, else the name exactly as
printed (family name first, a space only where the card has one); likewise the company and the
title in their Latin form when printed, else as printed; phones in E.164 with the country the
card's numbers belong to; the address as printed. The CJK text is drawn with WenQuanYi Micro Hei
(Debian's ``fonts-wqy-microhei``, 5 MB: the smallest Debian font that covers kana, kanji, both
Chinese scripts and Hangul); Latin lines with DejaVu. The scanner and the phone camera are those
of ``generate.py``. Labels carry ``"script"`` (``cjk+latin`` or ``cjk``) and ``"lang"``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import phonenumbers
from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cjk_data import COUNTRIES, CjkCountry
from data import DARK_THEMES, LIGHT_THEMES
from generate import (
    CardSpec,
    Colour,
    PhotoOpts,
    Rng,
    TextLine,
    _draw_line,
    _fit_width,
    _pick,
    _stable_hash,
    card_size_px,
    photo_dpi,
    photograph,
    save_image,
    scan,
)

DEFAULT_SEED = 8101  # development seeds; other seeds make sets the parser was never tuned on
CJK_FONT = "wqy-microhei"
LANG_COUNTRIES = {"ja": ("JP",), "zh": ("CN", "CN", "TW", "HK"), "ko": ("KR",)}


@dataclass(frozen=True)
class CjkPhone:
    label: str
    raw: str
    kind: str
    e164: str


@dataclass(frozen=True)
class CjkCard:
    name: str
    country: str
    lang: str
    printed_name: str  # the name in CJK script, as printed
    family: str  # CJK
    given: str  # CJK
    latin_name: str | None  # 'Taro Yamada' when printed
    latin_given: str
    latin_family: str
    company: str  # CJK, as printed
    latin_company: str | None
    title: str | None  # CJK
    latin_title: str | None
    email: str
    website: str | None
    phones: tuple[CjkPhone, ...]
    address: str
    kind: str = "scan"
    fmt: str = "png"
    layout: str = "left"
    company_first: bool = True
    theme: tuple[Colour, Colour, Colour, Colour] = LIGHT_THEMES[0]
    photo: PhotoOpts = field(default_factory=PhotoOpts)

    @property
    def script(self) -> str:
        return "cjk+latin" if self.latin_name else "cjk"


def expected_contact(card: CjkCard) -> dict[str, Any]:
    latin = card.latin_name is not None
    return {
        "full_name": card.latin_name if latin else card.printed_name,
        "given_name": card.latin_given if latin else card.given,
        "family_name": card.latin_family if latin else card.family,
        "title": card.latin_title or card.title,
        "company": card.latin_company or card.company,
        "emails": [card.email],
        "phones": [{"number": p.e164, "kind": p.kind, "raw": p.raw} for p in card.phones],
        "website": card.website,
        "address": card.address,
        "linkedin": None,
    }


def _number(rng: Rng, c: CjkCountry, mobile: bool) -> phonenumbers.PhoneNumber:
    want = (
        phonenumbers.PhoneNumberType.MOBILE if mobile else phonenumbers.PhoneNumberType.FIXED_LINE
    )
    either = phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE
    cc = phonenumbers.country_code_for_region(c.code)
    for _ in range(2000):
        pattern = _pick(rng, c.mobile if mobile else c.work)
        digits = "".join(str(int(rng.integers(0, 10))) if ch == "X" else ch for ch in pattern)
        num = phonenumbers.parse(f"+{cc}{digits}")
        if phonenumbers.is_valid_number(num) and phonenumbers.number_type(num) in (want, either):
            return num
    raise RuntimeError(f"no valid {c.code} number from {c.mobile if mobile else c.work}")


def _phone(rng: Rng, c: CjkCountry, kind: str) -> CjkPhone:
    num = _number(rng, c, kind == "mobile")
    fmt = phonenumbers.PhoneNumberFormat
    intl = phonenumbers.format_number(num, fmt.INTERNATIONAL)
    raw = intl if rng.random() < 0.5 else phonenumbers.format_number(num, fmt.NATIONAL)
    label = _pick(rng, [lab for lab, k in c.labels if k == kind])
    e164 = phonenumbers.format_number(num, fmt.E164)
    return CjkPhone(label, raw, kind, e164)


def random_card(rng: Rng, name: str, lang: str | None, kind: str) -> CjkCard:
    lang = lang or _pick(rng, sorted(LANG_COUNTRIES))
    c = COUNTRIES[_pick(rng, LANG_COUNTRIES[lang])]
    family, latin_family = _pick(rng, c.family)
    given, latin_given = _pick(rng, c.given)
    sep = " " if rng.random() < c.name_space else ""
    stem, latin_stem, domain = _pick(rng, c.companies)
    legal, latin_legal = _pick(rng, c.legal)
    title, latin_title = _pick(rng, c.titles)
    # A Japanese front is bilingual more often than not; Chinese and Korean fronts less often.
    bilingual = rng.random() < (0.75 if lang == "ja" else 0.45)
    latin_company = latin_legal.format(latin_stem) if bilingual and rng.random() < 0.7 else None
    kinds = (
        ["work"]
        + (["mobile"] if rng.random() < 0.7 else [])
        + (["fax"] if rng.random() < 0.35 else [])
    )
    local = f"{latin_given}.{latin_family}".lower().replace(" ", "").replace("-", "")
    if rng.random() < 0.3:
        local = f"{latin_given[0]}{latin_family}".lower()
    is_photo = kind == "photo" or (kind == "mix" and rng.random() < 0.5)
    dark = rng.random() < 0.15
    photo = PhotoOpts(
        rotation=float(rng.uniform(-20, 20)),
        coverage=float(rng.uniform(0.35, 0.75)),
        background=_pick(rng, ["wood", "fabric", "laminate", "dark", "white"]),
        tilt=float(rng.uniform(0.02, 0.08)),
        blur=float(rng.uniform(0.0, 1.2)) if rng.random() < 0.3 else 0.0,
        noise=float(rng.uniform(1.5, 3.0)),
        shadow_across=rng.random() < 0.2,
        quality=int(rng.integers(85, 93)),
    )
    return CjkCard(
        name=name,
        country=c.code,
        lang=lang,
        printed_name=f"{family}{sep}{given}",
        family=family,
        given=given,
        latin_name=f"{latin_given} {latin_family}" if bilingual else None,
        latin_given=latin_given,
        latin_family=latin_family,
        company=legal.format(stem),
        latin_company=latin_company,
        title=title if rng.random() < 0.9 else None,
        latin_title=latin_title if bilingual and rng.random() < 0.7 else None,
        email=f"{local}@{domain}.{c.tld}",
        website=f"www.{domain}.{c.tld}" if rng.random() < 0.6 else None,
        phones=tuple(_phone(rng, c, k) for k in kinds),
        address=_pick(rng, c.addresses).format(n=int(rng.integers(1, 40))),
        kind="photo" if is_photo else "scan",
        fmt=_pick(rng, ["jpg", "jpg", "jpg", "heic"]) if is_photo else "png",
        layout=_pick(rng, ["left", "left", "center"]),
        company_first=rng.random() < 0.7,
        theme=_pick(rng, DARK_THEMES if dark else LIGHT_THEMES),
        photo=photo,
    )


def card_lines(card: CjkCard, s: float) -> tuple[list[TextLine], list[TextLine]]:
    """The header (company, title, name) and the details (phones, email, web, address)."""
    _bg, text, name_c, accent = card.theme
    latin_bold, latin = "dejavu-sans-bold", "dejavu-sans"
    comp = [TextLine(card.company, CJK_FONT, 36 * s, accent, gap_after=0.1)]
    if card.latin_company:
        comp.append(TextLine(card.latin_company, latin, 22 * s, accent, gap_after=0.1))
    comp[-1].gap_after = 0.5
    person: list[TextLine] = []
    if card.title:
        person.append(TextLine(card.title, CJK_FONT, 26 * s, text, gap_after=0.05))
    if card.latin_title:
        person.append(TextLine(card.latin_title, latin, 22 * s, text, gap_after=0.1))
    person.append(TextLine(card.printed_name, CJK_FONT, 66 * s, name_c, gap_after=0.1))
    if card.latin_name:
        person.append(TextLine(card.latin_name, latin_bold, 30 * s, name_c, gap_after=0.1))
    head = comp + person if card.company_first else person + comp
    body_px = 23 * s
    details: list[TextLine] = []
    for p in card.phones:
        cjk_label = any(ord(ch) > 0x2E80 for ch in p.label)
        details.append(
            TextLine(p.raw, CJK_FONT if cjk_label else latin, body_px, text, label=f"{p.label} ")
        )
    details.append(TextLine(card.email, latin, body_px, text))
    if card.website:
        details.append(TextLine(card.website, latin, body_px, text))
    details[-1].gap_after = 0.3
    details.append(TextLine(card.address, CJK_FONT, body_px, text))
    return head, details


def render(card: CjkCard, dpi: float) -> Image.Image:
    """The flat card at ``dpi``: the header from the top, the details from the bottom."""
    s = dpi / 300
    width, height = card_size_px("eu", dpi)
    img = Image.new("RGB", (width, height), card.theme[0])
    draw = ImageDraw.Draw(img)
    margin = 0.062 * width
    spec = _spec(card)
    scale = 1.0
    for _ in range(25):
        head, details = card_lines(card, s * scale)
        _fit_width(head + details, width - 2 * margin)
        used = sum(x.height() for x in head) + sum(x.height() for x in details)
        if used + 0.05 * height <= height - 2 * margin:
            break
        scale *= 0.95
    y = margin * 0.9
    for line in head:
        y = _draw_line(img, draw, line, y, margin, width - margin, card.layout, spec, (0, width))
    y = height - margin - sum(x.height() for x in details)
    for line in details:
        y = _draw_line(img, draw, line, y, margin, width - margin, card.layout, spec, (0, width))
    return img


def _spec(card: CjkCard) -> CardSpec:
    """The few design settings generate.py's scanner, camera and writer read."""
    return CardSpec(
        name=card.name,
        country=card.country,
        given=card.latin_given,
        family=card.latin_family,
        kind="photo" if card.kind == "photo" else "scan",
        fmt=card.fmt,
        theme=card.theme,
        photo=card.photo,
    )


def write_card(card: CjkCard, out_dir: Path, seed: int) -> Path:
    rng = np.random.default_rng([seed, _stable_hash(card.name)])
    spec = _spec(card)
    if card.kind == "photo":
        img, _ = photograph(render(card, photo_dpi(spec)), rng, card.photo)
    else:
        img = scan(render(card, 300), spec, rng)
    path = out_dir / f"{card.name}.{card.fmt}"
    save_image(img, path, spec)
    label = {
        "contact": expected_contact(card),
        "kind": card.kind,
        "script": card.script,
        "lang": card.lang,
        "notes": f"{card.lang} {card.country} {card.script} {card.kind}",
        "qr": False,
    }
    (out_dir / f"{card.name}.json").write_text(
        json.dumps(label, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return path


def cards(count: int, seed: int, lang: str | None, kind: str) -> list[CjkCard]:
    """``count`` cards; without ``lang``, the three kinds of front in turn."""
    langs = sorted(LANG_COUNTRIES)
    out = []
    for i in range(count):
        rng = np.random.default_rng([seed, i, 2])
        this = lang or langs[i % len(langs)]
        out.append(random_card(rng, f"cjk_{this}_{i:03d}", this, kind))
    return out


def _job(args: tuple[CjkCard, str, int]) -> str:
    card, out, seed = args
    return str(write_card(card, Path(out), seed))


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=30)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--lang", choices=sorted(LANG_COUNTRIES), help="one kind of front only")
    ap.add_argument("--kind", choices=("scan", "photo", "mix"), default="mix")
    ap.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    jobs = [
        (c, str(args.out), args.seed) for c in cards(args.count, args.seed, args.lang, args.kind)
    ]
    if args.jobs > 1 and len(jobs) > 1:
        with ProcessPoolExecutor(args.jobs) as pool:
            for path in pool.map(_job, jobs):
                print(path)
    else:
        for job in jobs:
            print(_job(job))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
