#!/usr/bin/env python3
"""Render fictional business cards (flat scans and phone-style photos) with their expected contacts.

    .venv/bin/python sample_cards/generate.py   # the checked-in set, into sample_cards/
    .venv/bin/python sample_cards/generate.py --count 200 --seed 7 --out /tmp/cards --kind mix

Each card is written as ``<name>.<ext>`` (png, jpg, webp or heic) plus ``<name>.json`` holding the
contact a perfect reader would extract (see README.md for the format and the conventions).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import cv2
import numpy as np
import phonenumbers
import segno
from PIL import Image, ImageDraw, ImageFilter, ImageFont, ImageOps

sys.path.insert(0, str(Path(__file__).resolve().parent))
from data import (
    BAND_COLOURS,
    COUNTRIES,
    DARK_THEMES,
    DESCRIPTORS,
    FONT_DIRS,
    FONT_SETS,
    FONTS,
    FOOTERS,
    LABELS,
    LIGHT_THEMES,
    PREFIXES,
    SECOND_ROLES,
    SUFFIXES,
    Country,
)

HERE = Path(__file__).resolve().parent
DEFAULT_SEED = 20240517
Colour = tuple[int, int, int]
Rng = np.random.Generator
PhoneKind = Literal["work", "mobile", "fax", "other"]

# --------------------------------------------------------------------------------------------
# Contact data
# --------------------------------------------------------------------------------------------

LABEL_KINDS: dict[str, PhoneKind] = {
    "": "work",
    "t": "work",
    "tel": "work",
    "tél": "work",
    "telefon": "work",
    "phone": "work",
    "office": "work",
    "m": "mobile",
    "mob": "mobile",
    "mobil": "mobile",
    "mobile": "mobile",
    "mobiel": "mobile",
    "cell": "mobile",
    "handy": "mobile",
    "portable": "mobile",
    "móvil": "mobile",
    "f": "fax",
    "fax": "fax",
}


def label_kind(label: str) -> PhoneKind:
    """Phone kind implied by a printed label ("Tel.", "M", "Fax", "" ...)."""
    return LABEL_KINDS.get(label.lower().strip(" .:"), "other")


@dataclass(frozen=True)
class Phone:
    label: str  # as printed, "" for none
    raw: str  # the number as printed
    kind: PhoneKind
    e164: str


def phone(label: str, raw: str, region: str) -> Phone:
    """A printed phone line, checked with phonenumbers (raises on an invalid number)."""
    num = phonenumbers.parse(raw, region)
    if not phonenumbers.is_valid_number(num):
        raise ValueError(f"invalid phone number {raw!r} for {region}")
    e164 = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)
    return Phone(label, raw, label_kind(label), e164)


@dataclass(frozen=True)
class Address:
    street: str
    postcode: str
    city: str
    region: str
    country: str  # ISO code
    lines: tuple[str, ...]  # as printed


def make_address(
    cc: str, street: str, pc: str, city: str, region: str = "", with_country: bool = False
) -> Address:
    c = COUNTRIES[cc]
    lines = [street, c.city_line.format(pc=pc, city=city, region=region).strip()]
    if with_country:
        lines.append(c.name)
    return Address(street, pc, city, region, cc, tuple(lines))


def ascii_fold(text: str) -> str:
    special = {"ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "ä": "ae", "ö": "oe", "ü": "ue"}
    out = "".join(special.get(ch, ch) for ch in text.lower())
    return unicodedata.normalize("NFKD", out).encode("ascii", "ignore").decode()


def norm_website(printed: str) -> str:
    s = printed.strip()
    for scheme in ("https://", "http://"):
        if s.lower().startswith(scheme):
            s = s[len(scheme) :]
    host, sep, path = s.partition("/")
    return host.lower() + (sep + path if path else "")


def norm_linkedin(printed: str) -> str:
    s = norm_website(printed).rstrip("/")
    return s.removeprefix("www.")


# --------------------------------------------------------------------------------------------
# Card specification
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PhotoOpts:
    rotation: float = 8.0  # degrees counter-clockwise, as the card appears in the upright photo
    coverage: float = 0.5  # fraction of the frame the card should cover (shrunk to fit)
    portrait: bool = False  # 3024x4032 instead of 4032x3024
    background: str = "wood"  # wood | fabric | laminate | dark | white
    tilt: float = 0.05  # strength of the perspective distortion
    blur: float = 0.0  # extra Gaussian blur sigma (px)
    noise: float = 2.0  # sensor noise sigma (8-bit levels)
    shadow_across: bool = False  # a soft shadow edge across the card (hand or phone)
    exif: int | None = None  # store pixels rotated and write this EXIF Orientation (6 or 8)
    quality: int = 88


@dataclass(frozen=True)
class CardSpec:
    name: str
    country: str
    given: str
    family: str
    prefix: str = ""
    suffix: str = ""
    title: str | None = None
    company: str | None = None
    emails: tuple[str, ...] = ()
    phones: tuple[Phone, ...] = ()
    website: str | None = None  # as printed
    address: Address | None = None
    linkedin: str | None = None  # as printed
    kind: Literal["scan", "photo"] = "scan"
    fmt: str = "png"  # png | jpg | webp | heic
    notes: str = ""
    # design
    layout: str = "left"  # left | center | right | two_col
    company_first: bool = False
    size: str = "eu"  # eu = 85x55 mm, us = 3.5x2 in
    dpi: int = 300
    theme: tuple[Colour, Colour, Colour, Colour] = LIGHT_THEMES[0]  # bg, text, name, accent
    company_colour: str = "accent"  # accent | name | text
    band: str | None = None  # "name" | "company": a dark coloured band behind that line
    band_colour: Colour = BAND_COLOURS[0]
    logo: str | None = None  # circle | ring | square | diamond | triangle | bars | twin
    stripe: bool = False  # accent bar along the left edge
    rule: bool = False  # accent rule between the header and the details
    divider: bool = True  # vertical rule between columns (two_col)
    fonts: tuple[str, str, str] = ("dejavu-sans-bold", "dejavu-sans", "dejavu-sans-bold")
    title_font: str | None = None  # default: the body font
    name_px: float = 64  # font sizes in px at 300 dpi
    title_px: float = 29
    company_px: float = 40
    body_px: float = 25
    company_tracking: float = 0.0  # extra letter spacing, in em
    labels_accent: bool = False  # print phone/email labels in the accent colour
    email_label: str = ""
    web_label: str = ""
    label_sep: str = " "
    phones_inline: str | None = None  # separator when all phones share one line
    address_inline: str | None = None  # separator when the address is printed on one line
    address_first: bool = False
    details_align: str | None = None  # two_col: alignment of the right column
    qr: str | None = None  # vcard | mecard | url
    skew: float = 0.0  # scans: degrees the card sits skewed on the scanner
    scan_noise: float = 1.2
    screenshot: bool = False  # a screen capture of a card preview instead of a scan
    photo: PhotoOpts = field(default_factory=PhotoOpts)
    # Harder cards, as real ones are printed (all off by default: the fixed set is unchanged).
    brand: str | None = None  # logo text printed large where the company goes; company small
    name_case: str | None = None  # "lower" | "upper": the name printed in one case
    descriptor: str | None = None  # a firm's descriptor, building or tagline line
    name_title_sep: str | None = None  # name and title on one line, joined by this
    company_break: int = 0  # company printed over two lines, broken after this many words
    roles: tuple[str, ...] = ()  # further titles, each on a line of its own under the title
    footer: str | None = None  # small print: registrations, VAT numbers

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given, self.family) if p)

    @property
    def printed_name(self) -> str:
        name = " ".join(p for p in (self.prefix, self.given, self.family) if p)
        name = f"{name}, {self.suffix}" if self.suffix else name
        if self.name_case == "lower":
            return name.lower()
        return name.upper() if self.name_case == "upper" else name

    @property
    def full_title(self) -> str | None:
        """The title as the contact gets it: several roles joined with ', '."""
        if not self.title:
            return None
        return ", ".join((self.title, *self.roles))

    @property
    def ext(self) -> str:
        return self.fmt


def expected_contact(spec: CardSpec) -> dict[str, Any]:
    """The contact a perfect reader extracts from ``spec``'s card (the JSON ``contact`` object)."""
    return {
        "full_name": spec.full_name,
        "given_name": spec.given,
        "family_name": spec.family or None,
        "title": spec.full_title,
        "company": spec.company,
        "emails": [e.lower() for e in spec.emails],
        "phones": [{"number": p.e164, "kind": p.kind, "raw": p.raw} for p in spec.phones],
        "website": norm_website(spec.website) if spec.website else None,
        "address": ", ".join(spec.address.lines) if spec.address else None,
        "linkedin": norm_linkedin(spec.linkedin) if spec.linkedin else None,
    }


def expected_json(spec: CardSpec) -> dict[str, Any]:
    return {
        "contact": expected_contact(spec),
        "kind": spec.kind,
        "notes": spec.notes,
        "qr": spec.qr is not None,
    }


# --------------------------------------------------------------------------------------------
# QR payloads
# --------------------------------------------------------------------------------------------


def _vesc(value: str) -> str:
    return value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")


def qr_payload(spec: CardSpec) -> str:
    """vCard 3.0, MeCard or URL text matching the expected contact."""
    c = expected_contact(spec)
    url = f"https://{c['website']}" if c["website"] else ""
    if spec.qr == "url":
        if not url:
            raise ValueError(f"{spec.name}: a URL QR code needs a website")
        return url
    if spec.qr == "mecard":
        parts = [f"N:{spec.family},{spec.given}"]
        parts += [f"TEL:{p.e164}" for p in spec.phones if p.kind != "fax"]
        parts += [f"EMAIL:{e}" for e in c["emails"]]
        if url:
            parts.append(f"URL:{url}")
        if c["address"]:
            parts.append(f"ADR:{c['address']}")
        return "MECARD:" + ";".join(p.replace(";", "\\;") for p in parts) + ";;"
    if spec.qr != "vcard":
        raise ValueError(f"unknown QR kind {spec.qr!r}")
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"N:{_vesc(spec.family)};{_vesc(spec.given)};;{_vesc(spec.prefix)};{_vesc(spec.suffix)}",
        f"FN:{_vesc(spec.full_name)}",
    ]
    if spec.company:
        lines.append(f"ORG:{_vesc(spec.company)}")
    if spec.full_title:
        lines.append(f"TITLE:{_vesc(spec.full_title)}")
    types = {"work": "WORK,VOICE", "mobile": "CELL", "fax": "WORK,FAX", "other": "VOICE"}
    lines += [f"TEL;TYPE={types[p.kind]}:{p.e164}" for p in spec.phones]
    lines += [f"EMAIL;TYPE=INTERNET:{e}" for e in c["emails"]]
    if url:
        lines.append(f"URL:{url}")
    if spec.address:
        a = spec.address
        country = COUNTRIES[a.country].name if len(a.lines) > 2 else ""
        fields = ["", "", a.street, a.city, a.region, a.postcode, country]
        lines.append("ADR;TYPE=WORK:" + ";".join(_vesc(f) for f in fields))
    if c["linkedin"]:
        lines.append(f"X-SOCIALPROFILE;TYPE=linkedin:https://www.{c['linkedin']}")
    lines.append("END:VCARD")
    return "\r\n".join(lines) + "\r\n"


def qr_image(data: str, module_px: int, dark: Colour, light: Colour) -> Image.Image:
    qr = segno.make(data, error="m" if len(data) < 200 else "l", encoding="utf-8", micro=False)
    matrix = np.array([list(row) for row in qr.matrix], dtype=bool)
    matrix = np.pad(matrix, 4)  # quiet zone
    rgb = np.where(matrix[..., None], np.array(dark, np.uint8), np.array(light, np.uint8))
    img = Image.fromarray(rgb.astype(np.uint8), "RGB")
    return img.resize((img.width * module_px, img.height * module_px), Image.Resampling.NEAREST)


# --------------------------------------------------------------------------------------------
# Rendering the flat card
# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def font(key: str, px: int) -> ImageFont.FreeTypeFont:
    family, _, rel = FONTS[key].partition("/")
    return ImageFont.truetype(str(Path(FONT_DIRS[family]) / rel), max(6, px))


@dataclass
class TextLine:
    text: str
    font: str
    px: float
    colour: Colour
    tracking: float = 0.0  # em
    band: bool = False
    logo: str | None = None
    gap_after: float = 0.0  # extra space below, in units of px
    label: str = ""  # printed before text, maybe in another colour
    label_colour: Colour | None = None

    @property
    def full_text(self) -> str:
        return self.label + self.text

    def pil_font(self) -> ImageFont.FreeTypeFont:
        return font(self.font, round(self.px))

    def text_width(self) -> float:
        f = self.pil_font()
        w = f.getlength(self.full_text)
        if self.tracking:
            w += self.tracking * self.px * (len(self.full_text) - 1)
        return w

    def logo_size(self) -> float:
        asc, desc = self.pil_font().getmetrics()
        return (asc + desc) * 1.05 if self.logo else 0.0

    def width(self) -> float:
        return self.text_width() + (self.logo_size() * 1.3 if self.logo else 0.0)

    def height(self) -> float:
        asc, desc = self.pil_font().getmetrics()
        pad = self.band_pad()
        return asc + desc + 2 * pad + self.gap_after * self.px

    def band_pad(self) -> float:
        return 0.45 * self.px if self.band else 0.0


def card_size_px(size: str, dpi: float) -> tuple[int, int]:
    if size == "us":
        return round(3.5 * dpi), round(2.0 * dpi)
    return round(85 / 25.4 * dpi), round(55 / 25.4 * dpi)


def _draw_logo(
    draw: ImageDraw.ImageDraw, kind: str, x: float, y: float, s: float, colour: Colour, bg: Colour
) -> None:
    box = (x, y, x + s, y + s)
    dark = tuple(int(c * 0.6) for c in colour)
    if kind == "circle":
        draw.ellipse(box, fill=colour)
    elif kind == "ring":
        draw.ellipse(box, outline=colour, width=max(2, round(s / 6)))
    elif kind == "square":
        draw.rounded_rectangle(box, radius=s / 5, fill=colour)
    elif kind == "diamond":
        draw.polygon(
            [(x + s / 2, y), (x + s, y + s / 2), (x + s / 2, y + s), (x, y + s / 2)], fill=colour
        )
    elif kind == "triangle":
        draw.polygon([(x + s / 2, y), (x + s, y + s), (x, y + s)], fill=colour)
    elif kind == "bars":
        bw = s / 4.5
        for i, frac in enumerate((0.45, 0.7, 1.0)):
            bx = x + i * bw * 1.7
            draw.rectangle((bx, y + s * (1 - frac), bx + bw, y + s), fill=colour)
    elif kind == "twin":
        r = s * 0.62
        draw.ellipse((x, y + s - r, x + r, y + s), fill=colour)
        draw.ellipse((x + s - r, y, x + s, y + r), fill=dark)
    else:
        raise ValueError(f"unknown logo {kind!r}")
    del bg


def _draw_line(
    img: Image.Image,
    draw: ImageDraw.ImageDraw,
    line: TextLine,
    y: float,
    x0: float,
    x1: float,
    align: str,
    spec: CardSpec,
    band_x: tuple[float, float],
) -> float:
    """Draw one line whose box starts at ``y`` within columns ``x0..x1``; returns the next y."""
    f = line.pil_font()
    asc, desc = f.getmetrics()
    pad = line.band_pad()
    colour = line.colour
    if line.band:
        draw.rectangle((band_x[0], y, band_x[1], y + asc + desc + 2 * pad), fill=spec.band_colour)
        colour = (255, 255, 255)
    baseline = y + pad + asc
    total = line.width()
    if align == "left":
        x = x0
    elif align == "right":
        x = x1 - total
    else:
        x = (x0 + x1 - total) / 2
    if line.logo:
        s = line.logo_size()
        logo_colour = (255, 255, 255) if line.band else spec.theme[3]
        _draw_logo(
            draw,
            line.logo,
            x,
            baseline - asc * 0.92 + (asc * 0.92 - s) / 2 + desc * 0.3,
            s,
            logo_colour,
            spec.theme[0],
        )
        x += s * 1.3
    segments = [(line.label, line.label_colour or colour), (line.text, colour)]
    track = line.tracking * line.px
    for text, col in segments:
        if not text:
            continue
        if not track:
            draw.text((x, baseline), text, font=f, fill=col, anchor="ls")
            x += f.getlength(text)
        else:
            for ch in text:
                draw.text((x, baseline), ch, font=f, fill=col, anchor="ls")
                x += f.getlength(ch) + track
    return y + line.height()


def header_lines(spec: CardSpec, s: float) -> list[TextLine]:
    _bg, text, name_c, accent = spec.theme
    body, name_font, comp_font = spec.fonts[1], spec.fonts[0], spec.fonts[2]
    company_c = {"accent": accent, "name": name_c, "text": text}[spec.company_colour]
    printed = spec.printed_name
    if spec.name_title_sep and spec.title:
        printed = f"{printed}{spec.name_title_sep}{spec.title}"
    name = TextLine(
        printed,
        name_font,
        spec.name_px * s,
        name_c,
        band=spec.band == "name",
        gap_after=0.12,
    )
    lines = [name]
    if spec.title and not spec.name_title_sep:
        for role in (spec.title, *spec.roles):
            lines.append(
                TextLine(role, spec.title_font or body, spec.title_px * s, text, gap_after=0.1)
            )
        lines[-1].gap_after = 0.3
    if spec.company:
        shown = spec.brand or spec.company
        words = shown.split()
        pieces = [shown]
        if spec.company_break and not spec.brand and 0 < spec.company_break < len(words):
            pieces = [" ".join(words[: spec.company_break]), " ".join(words[spec.company_break :])]
        comps = [
            TextLine(
                piece,
                comp_font,
                spec.company_px * s,
                company_c,
                tracking=spec.company_tracking,
                band=spec.band == "company",
                logo=spec.logo if i == 0 else None,
                gap_after=0.05,
            )
            for i, piece in enumerate(pieces)
        ]
        comps[-1].gap_after = 0.6 if spec.company_first else 0.35
        if spec.descriptor:
            comps[-1].gap_after = 0.1
            comps.append(TextLine(spec.descriptor, body, spec.title_px * 0.85 * s, text))
            comps[-1].gap_after = 0.6 if spec.company_first else 0.35
        if spec.company_first:
            lines[:0] = comps
        else:
            lines.extend(comps)
    if not spec.company and spec.logo:
        name.logo = spec.logo
    return lines


def detail_lines(spec: CardSpec, s: float) -> list[TextLine]:
    _, text, _, accent = spec.theme
    body = spec.fonts[1]
    px = spec.body_px * s
    lab_c = accent if spec.labels_accent else None

    def mk(label: str, value: str) -> TextLine:
        lab = f"{label}{spec.label_sep}" if label else ""
        return TextLine(value, body, px, text, label=lab, label_colour=lab_c)

    contact: list[TextLine] = []
    if spec.phones_inline and spec.phones:
        joined = spec.phones_inline.join(
            f"{p.label}{spec.label_sep if p.label else ''}{p.raw}" for p in spec.phones
        )
        contact.append(TextLine(joined, body, px, text))
    else:
        contact += [mk(p.label, p.raw) for p in spec.phones]
    contact += [mk(spec.email_label, e) for e in spec.emails]
    if spec.website:
        contact.append(mk(spec.web_label, spec.website))
    if spec.linkedin:
        contact.append(mk("", spec.linkedin))
    addr: list[TextLine] = []
    if spec.address:
        if spec.address_inline:
            addr.append(TextLine(spec.address_inline.join(spec.address.lines), body, px, text))
        else:
            addr += [TextLine(a, body, px, text) for a in spec.address.lines]
    if spec.brand and spec.company:
        # The full legal name, printed small above the address (or the contact lines).
        addr.insert(0, TextLine(spec.company, body, px, text))
    first, second = (addr, contact) if spec.address_first else (contact, addr)
    if first and second:
        first[-1].gap_after = 0.45
    out = first + second
    if spec.footer:
        out[-1].gap_after = 0.35
        out.append(TextLine(spec.footer, body, px * 0.7, text))
    return out


def _fit_width(lines: list[TextLine], avail: float) -> None:
    for line in lines:
        while line.width() > avail and line.px > 8:
            line.px *= 0.97


def render_card(spec: CardSpec, dpi: float | None = None) -> Image.Image:
    """Draw the card flat (no scanner or camera effects) at ``dpi`` (default ``spec.dpi``)."""
    dpi = dpi or spec.dpi
    s = dpi / 300
    W, H = card_size_px(spec.size, dpi)
    bg, text, _, accent = spec.theme
    img = Image.new("RGB", (W, H), bg)
    draw = ImageDraw.Draw(img)
    m = 0.062 * W
    left = m
    if spec.stripe:
        draw.rectangle((0, 0, 0.022 * W, H), fill=accent)
        left = m + 0.02 * W
    qr: Image.Image | None = None
    if spec.qr:
        light = (255, 255, 255) if sum(bg) < 384 else bg
        dark = (0, 0, 0) if sum(bg) < 384 else tuple(int(c * 0.5) for c in text)
        qr = qr_image(qr_payload(spec), 1, dark, light)  # type: ignore[arg-type]
        module = max(1, math.floor(0.46 * H / qr.width))
        qr = qr.resize((qr.width * module, qr.height * module), Image.Resampling.NEAREST)

    scale = 1.0
    for _ in range(25):
        head = header_lines(spec, s * scale)
        det = detail_lines(spec, s * scale)
        if spec.layout == "two_col":
            mid = 0.5 * W
            _fit_width(head, mid - left - 0.03 * W)
            _fit_width(det, W - m - mid - 0.035 * W)
            hh = sum(x.height() for x in head)
            dh = sum(x.height() for x in det)
            if max(hh, dh) <= H - 2 * m:
                break
        else:
            avail = W - left - m
            _fit_width(head, avail)
            _fit_width(det, avail - (qr.width + 0.03 * W if qr else 0))
            hh = sum(x.height() for x in head)
            dh = sum(x.height() for x in det)
            qh = qr.height - 0.08 * H if qr else 0  # quiet zone may overlap the margin
            if hh + max(dh, qh) + 0.05 * H <= H - 2 * m:
                break
        scale *= 0.96

    if spec.layout == "two_col":
        mid = 0.5 * W
        y = (H - hh) / 2
        for line in head:
            y = _draw_line(img, draw, line, y, left, mid - 0.03 * W, "left", spec, (0, mid))
        if spec.divider:
            draw.line((mid, 0.22 * H, mid, 0.78 * H), fill=accent, width=max(1, round(2 * s)))
        y = (H - dh) / 2
        for line in det:
            y = _draw_line(
                img,
                draw,
                line,
                y,
                mid + 0.035 * W,
                W - m,
                spec.details_align or "left",
                spec,
                (mid, W),
            )
    else:
        align = spec.layout
        y = m * 0.9
        for line in head:
            y = _draw_line(img, draw, line, y, left, W - m, align, spec, (0, W))
        if spec.rule:
            rw = 0.12 * W
            rx = {"left": left, "right": W - m - rw, "center": (W - rw) / 2}[align]
            draw.rectangle((rx, y, rx + rw, y + max(2, 3 * s)), fill=accent)
        dx0, dx1 = left, W - m
        if qr:
            qx = W - m - qr.width + 0.04 * qr.width if align != "right" else left - 0.04 * qr.width
            qy = H - m - qr.height + 0.06 * qr.height
            img.paste(qr, (round(qx), round(qy)))
            if align == "right":
                dx0 = left + qr.width
            else:
                dx1 = W - m - qr.width
        y = H - m - dh
        for line in det:
            y = _draw_line(img, draw, line, y, dx0, dx1, align, spec, (0, W))
    return img


# --------------------------------------------------------------------------------------------
# Scanner and screenshot
# --------------------------------------------------------------------------------------------


def scan(card: Image.Image, spec: CardSpec, rng: Rng) -> Image.Image:
    """A flatbed scan of the card: slight softness, paper grain, optional skew."""
    img = card
    if spec.skew:
        img = img.rotate(
            spec.skew, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=(246, 246, 244)
        )
    img = img.filter(ImageFilter.GaussianBlur(0.45 * spec.dpi / 300))
    arr = np.asarray(img).astype(np.float32)
    if spec.scan_noise:
        grain = rng.normal(0, spec.scan_noise, arr.shape[:2])[..., None]
        arr += grain + rng.normal(0, spec.scan_noise * 0.3, arr.shape)
    return Image.fromarray(np.clip(arr + 0.5, 0, 255).astype(np.uint8))


def screenshot(card: Image.Image, rng: Rng) -> Image.Image:
    """The card as shown in a desktop preview window, captured at screen resolution."""
    W, H = 1440, 900
    img = Image.new("RGB", (W, H), (236, 236, 238))
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 0, W, 38), fill=(48, 48, 52))
    for i, col in enumerate(((237, 106, 94), (245, 191, 79), (98, 197, 84))):
        draw.ellipse((14 + i * 22, 12, 28 + i * 22, 26), fill=col)
    draw.text(
        (W / 2, 19),
        "card-preview.png",
        font=font("dejavu-sans", 15),
        fill=(220, 220, 220),
        anchor="mm",
    )
    cw = int(rng.uniform(0.68, 0.76) * W)
    c = card.resize((cw, round(card.height * cw / card.width)), Image.Resampling.LANCZOS)
    x, y = (W - c.width) // 2, 38 + (H - 38 - c.height) // 2
    shadow = Image.new("L", (W, H), 0)
    ImageDraw.Draw(shadow).rectangle((x + 4, y + 8, x + c.width + 4, y + c.height + 8), fill=90)
    shadow = shadow.filter(ImageFilter.GaussianBlur(10))
    img = Image.composite(Image.new("RGB", (W, H), (150, 150, 155)), img, shadow)
    img.paste(c, (x, y))
    return img


# --------------------------------------------------------------------------------------------
# Phone camera
# --------------------------------------------------------------------------------------------


def _fbm(rng: Rng, h: int, w: int, cell: int, octaves: int = 4) -> np.ndarray:
    """Fractal value noise in about -1..1, smooth at scale ``cell`` px."""
    out = np.zeros((h, w), np.float32)
    amp, total = 1.0, 0.0
    for _ in range(octaves):
        small = rng.random((max(2, h // cell + 2), max(2, w // cell + 2))).astype(np.float32)
        out += amp * cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC)
        total += amp
        amp *= 0.5
        cell = max(2, cell // 2)
    return (out / total - 0.5) * 2


def desk_background(kind: str, w: int, h: int, rng: Rng) -> np.ndarray:
    """A procedural desk surface, HxWx3 float32 in 0..255."""
    if kind == "wood":
        hs, ws = h // 2, w // 2
        base = np.array(
            [(176, 128, 82), (110, 72, 46), (205, 172, 128), (150, 138, 125)][rng.integers(4)],
            np.float32,
        )
        y = np.arange(hs, dtype=np.float32)[:, None]
        plank_h = rng.uniform(0.18, 0.3) * hs
        plank = np.floor(y / plank_h)
        warp = _fbm(rng, hs, ws, 420, 3) * rng.uniform(1.0, 2.2)
        freq = rng.uniform(0.1, 0.16)
        xs = np.arange(ws, dtype=np.float32)[None, :] / ws
        t = (y + plank * 37.0) * freq + warp + np.sin(xs * rng.uniform(2, 5)) * 1.5
        rings = np.sin(t) * 0.5 + 0.5
        streak_src = rng.random((hs, max(2, ws // 220))).astype(np.float32)
        streaks = cv2.resize(streak_src, (ws, hs), interpolation=cv2.INTER_LINEAR)
        plank_tone = rng.uniform(0.88, 1.08, int(hs / plank_h) + 2)[plank.astype(int)]
        v = 0.8 + 0.1 * rings**4 + 0.16 * (streaks - 0.5) + 0.06 * _fbm(rng, hs, ws, 300)
        v *= plank_tone
        seam = np.abs((y % plank_h) - plank_h / 2) > plank_h / 2 - 2
        v = np.where(seam, v * 0.55, v)
        img = cv2.resize(v[..., None] * base, (w, h), interpolation=cv2.INTER_CUBIC)
        return img.astype(np.float32)
    if kind == "fabric":
        base = np.array(
            [(62, 82, 112), (112, 110, 108), (190, 180, 160), (44, 72, 58)][rng.integers(4)],
            np.float32,
        )
        period = rng.uniform(7, 11)
        x = np.arange(w, dtype=np.float32)[None, :]
        y = np.arange(h, dtype=np.float32)[:, None]
        wx = np.sin(2 * np.pi * x / period)
        wy = np.sin(2 * np.pi * y / period)
        rows = np.repeat(rng.normal(0, 0.05, (h // 8 + 1, 1)), 8, axis=0)[:h]
        cols = np.repeat(rng.normal(0, 0.05, (1, w // 8 + 1)), 8, axis=1)[:, :w]
        weave = 0.85 + 0.09 * wx * wy + rows + cols
        v = weave + 0.07 * _fbm(rng, h, w, 500, 3)
        return (v[..., None] * base).astype(np.float32)
    if kind == "laminate":
        base = np.array(
            [(200, 198, 192), (168, 170, 172), (214, 206, 190)][rng.integers(3)], np.float32
        )
        v = 0.92 + 0.05 * _fbm(rng, h // 2, w // 2, 400) + 0.03 * _fbm(rng, h // 2, w // 2, 12, 2)
        img = cv2.resize(v[..., None] * base, (w, h), interpolation=cv2.INTER_LINEAR)
        speck = rng.random((h, w)) < 0.002
        img[speck] *= 0.7
        return img.astype(np.float32)
    if kind == "dark":
        base = np.array([(34, 34, 38), (28, 36, 32)][rng.integers(2)], np.float32)
        v = 1 + 0.12 * _fbm(rng, h // 2, w // 2, 350)
        return cv2.resize(v[..., None] * base, (w, h)).astype(np.float32)
    if kind == "white":
        base = np.array((226, 226, 222), np.float32)
        v = 1 + 0.025 * _fbm(rng, h // 2, w // 2, 450)
        return cv2.resize(v[..., None] * base, (w, h)).astype(np.float32)
    raise ValueError(f"unknown background {kind!r}")


def frame_size(opts: PhotoOpts) -> tuple[int, int]:
    return (3024, 4032) if opts.portrait else (4032, 3024)


def photo_dpi(spec: CardSpec) -> float:
    """Render dpi at which the card is at least as large as it will appear in the photo."""
    fw, fh = frame_size(spec.photo)
    cw, _ch = card_size_px(spec.size, 1.0)
    return min(1250.0, max(fw, fh) * 0.98 / cw)


def card_quad(card_wh: tuple[int, int], opts: PhotoOpts, rng: Rng) -> np.ndarray:
    """The 4 corners (TL, TR, BR, BL of the card) in the upright frame."""
    fw, fh = frame_size(opts)
    cw, ch = card_wh
    aspect = cw / ch
    area = opts.coverage * fw * fh
    w = math.sqrt(area * aspect)
    h = w / aspect
    pts = np.array([(-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2), (-w / 2, h / 2)])
    # perspective: the far edge shorter (camera tilted) plus some random corner jitter
    side = rng.integers(4)
    shrink = opts.tilt * rng.uniform(0.5, 1.5)
    edge = [(0, 1), (1, 2), (2, 3), (3, 0)][side]
    centre = pts.mean(axis=0)
    for i in edge:
        pts[i] = centre + (pts[i] - centre) * (1 - shrink)
    pts += rng.normal(0, opts.tilt * 0.35 * h, pts.shape)
    a = math.radians(opts.rotation)
    rot = np.array([[math.cos(a), math.sin(a)], [-math.sin(a), math.cos(a)]])
    pts = pts @ rot.T
    ext = pts.max(axis=0) - pts.min(axis=0)
    fit = min(1.0, 0.94 * fw / ext[0], 0.94 * fh / ext[1])
    pts *= fit
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    slack = np.array([fw, fh]) - (hi - lo)
    offset = -lo + slack * rng.uniform(0.25, 0.75, 2)
    return (pts + offset).astype(np.float32)


def quad_area(q: np.ndarray) -> float:
    x, y = q[:, 0], q[:, 1]
    return 0.5 * abs(float(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1))))


def photograph(card: Image.Image, rng: Rng, opts: PhotoOpts) -> tuple[Image.Image, np.ndarray]:
    """Photograph the flat ``card`` lying on a desk; returns the upright photo and card corners."""
    fw, fh = frame_size(opts)
    quad = card_quad(card.size, opts, rng)
    # pre-scale the card to about its size in the photo so the warp does not alias
    edge = np.linalg.norm(quad[1] - quad[0])
    k = edge / card.width
    if k < 0.9:
        card = card.resize(
            (round(card.width * k), round(card.height * k)), Image.Resampling.LANCZOS
        )
    cw, ch = card.size
    src = np.array([(0, 0), (cw, 0), (cw, ch), (0, ch)], np.float32)
    M = cv2.getPerspectiveTransform(src, quad)
    warped = cv2.warpPerspective(
        np.asarray(card), M, (fw, fh), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT
    ).astype(np.float32)
    ones = np.ones((ch, cw), np.float32)
    mask = cv2.warpPerspective(ones, M, (fw, fh), flags=cv2.INTER_LINEAR)
    # the card's cut edge catches a little light / shade
    edge_band = mask - cv2.erode(mask, np.ones((5, 5), np.uint8))
    warped *= (1 - 0.18 * edge_band)[..., None]

    bg = desk_background(opts.background, fw, fh, rng)
    # soft drop shadow under the card
    off = rng.uniform(-1, 1, 2) * 0.006 * fw + np.array([0.004, 0.007]) * fw
    shift = np.float32([[1, 0, off[0]], [0, 1, off[1]]])
    sh = cv2.warpAffine(mask, shift, (fw, fh))
    sigma = rng.uniform(0.006, 0.014) * fw
    sh = cv2.GaussianBlur(sh, (0, 0), sigma)
    bg *= (1 - rng.uniform(0.3, 0.55) * sh)[..., None]
    img = bg * (1 - mask[..., None]) + warped * mask[..., None]
    del bg, warped, sh

    # lighting: a linear gradient, vignetting and a colour cast
    yy, xx = np.mgrid[0:fh, 0:fw].astype(np.float32)
    nx, ny = xx / fw - 0.5, yy / fh - 0.5
    phi = rng.uniform(0, 2 * np.pi)
    light = 1 + rng.uniform(0.08, 0.22) * (nx * math.cos(phi) + ny * math.sin(phi)) * 2
    light *= 1 - rng.uniform(0.08, 0.22) * (nx**2 + ny**2) * 2
    if opts.shadow_across:
        c = quad.mean(axis=0) + rng.uniform(-0.25, 0.25, 2) * (quad.max(0) - quad.min(0))
        th = rng.uniform(0, 2 * np.pi)
        d = (xx - c[0]) * math.cos(th) + (yy - c[1]) * math.sin(th)
        soft = rng.uniform(0.015, 0.05) * fw
        light *= 1 - rng.uniform(0.22, 0.38) / (1 + np.exp(-d / soft))
    del xx, yy, nx, ny
    cast = 1 + np.array([1, 0, -1], np.float32) * rng.uniform(-0.03, 0.06)
    img *= light[..., None] * cast
    del light
    sigma = 0.7 + opts.blur
    img = cv2.GaussianBlur(img, (0, 0), sigma)
    if opts.noise:
        lum = rng.normal(0, opts.noise, (fh, fw)).astype(np.float32)
        img += lum[..., None]
        del lum
        img += rng.normal(0, opts.noise * 0.4, img.shape).astype(np.float32)
    out = Image.fromarray(np.clip(img + 0.5, 0, 255).astype(np.uint8))
    return out, quad


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------


def render_sample(spec: CardSpec, rng: Rng) -> Image.Image:
    """The final image of a card (before EXIF orientation), as it would be saved."""
    if spec.kind == "scan":
        card = render_card(spec)
        return screenshot(card, rng) if spec.screenshot else scan(card, spec, rng)
    card = render_card(spec, photo_dpi(spec))
    img, _ = photograph(card, rng, spec.photo)
    return img


def save_image(img: Image.Image, path: Path, spec: CardSpec) -> None:
    fmt = spec.fmt
    if fmt == "png":
        img.save(path, "PNG", optimize=False, compress_level=9)
    elif fmt == "jpg":
        exif = Image.Exif()
        if spec.kind == "photo":
            exif[0x010F] = "Cardfollow"  # Make
            exif[0x0110] = "Synthetic Phone Camera"  # Model
        if spec.photo.exif:
            # viewers rotate the stored pixels by the tag to show them upright
            store = {6: Image.Transpose.ROTATE_90, 8: Image.Transpose.ROTATE_270}[spec.photo.exif]
            img = img.transpose(store)
            exif[0x0112] = spec.photo.exif
        img.save(path, "JPEG", quality=spec.photo.quality, optimize=True, exif=exif)
    elif fmt == "webp":
        img.save(path, "WEBP", quality=spec.photo.quality - 6, method=4)
    elif fmt == "heic":
        import pillow_heif

        pillow_heif.register_heif_opener()
        img.save(path, "HEIF", quality=55)  # about the size of a phone's own HEIC
    else:
        raise ValueError(f"unknown format {fmt!r}")


def write_sample(spec: CardSpec, out_dir: Path, seed: int) -> Path:
    """Render ``spec`` and write ``<name>.<ext>`` and ``<name>.json`` into ``out_dir``."""
    rng = np.random.default_rng([seed, _stable_hash(spec.name)])
    img = render_sample(spec, rng)
    path = out_dir / f"{spec.name}.{spec.ext}"
    save_image(img, path, spec)
    if spec.photo.exif and spec.fmt == "jpg":
        with Image.open(path) as check:
            upright = ImageOps.exif_transpose(check)
            assert upright.size == img.size, (upright.size, img.size)
    with open(out_dir / f"{spec.name}.json", "w", encoding="utf-8") as fh:
        json.dump(expected_json(spec), fh, ensure_ascii=False, indent=2)
        fh.write("\n")
    return path


def _stable_hash(text: str) -> int:
    h = 2166136261
    for b in text.encode():
        h = ((h ^ b) * 16777619) & 0xFFFFFFFF
    return h


# --------------------------------------------------------------------------------------------
# The checked-in set
# --------------------------------------------------------------------------------------------


def fixed_set() -> list[CardSpec]:
    """The hand-written cards checked in under sample_cards/."""
    A = make_address
    L, D = LIGHT_THEMES, DARK_THEMES
    P = PhotoOpts
    return [
        CardSpec(
            "s01_de_weber_prefix_suffix",
            "DE",
            "Anna",
            "Weber",
            prefix="Dr.",
            suffix="PhD",
            title="Geschäftsführerin",
            company="Weber & Partner GmbH",
            phones=(
                phone("Tel.", "+49 30 2345678-0", "DE"),
                phone("Mobil", "+49 171 2345678", "DE"),
                phone("Fax", "+49 30 2345678-99", "DE"),
            ),
            emails=("a.weber@weber-partner.de",),
            website="www.weber-partner.de",
            address=A("DE", "Friedrichstraße 68", "10117", "Berlin"),
            email_label="E-Mail",
            web_label="Web",
            label_sep=": ",
            company_first=True,
            logo="diamond",
            rule=True,
            theme=L[0],
            notes="Scan. Prefix 'Dr.' and suffix 'PhD' around the name; German labels with colons; "
            "switchboard-style numbers '-0' / '-99' (Durchwahl); company first with a logo.",
        ),
        CardSpec(
            "s02_fr_lefevre_centered",
            "FR",
            "Françoise",
            "Lefèvre",
            title="Directrice commerciale",
            company="Atelier Lumière SAS",
            phones=(
                phone("Tél.", "+33 1 42 68 53 00", "FR"),
                phone("Portable", "06 12 34 56 78", "FR"),
            ),
            emails=("f.lefevre@atelier-lumiere.fr",),
            website="www.atelier-lumiere.fr",
            address=A("FR", "24 rue du Faubourg Saint-Honoré", "75008", "Paris"),
            layout="center",
            theme=L[1],
            logo="ring",
            company_tracking=0.08,
            fonts=("noto-serif-display-bold", "noto-serif", "noto-serif-display"),
            name_px=66,
            body_px=24,
            notes="Scan. Centred serif design on cream; accented name; French labels 'Tél.' and "
            "'Portable'; one international and one national ('06 ...') number.",
        ),
        CardSpec(
            "s03_us_dark_two_col_mba",
            "US",
            "Marcus",
            "Caldwell",
            suffix="MBA",
            title="VP Sales",
            company="Brightline Analytics Inc.",
            phones=(phone("Office", "(212) 555-0147", "US"), phone("Cell", "(917) 555-0183", "US")),
            emails=("marcus.caldwell@brightline-analytics.com",),
            website="brightline-analytics.com",
            linkedin="linkedin.com/in/marcus-caldwell",
            address=A("US", "350 Fifth Avenue, Suite 4100", "10118", "New York", "NY"),
            size="us",
            layout="two_col",
            theme=D[0],
            logo="bars",
            labels_accent=True,
            fonts=("lib-sans-bold", "lib-sans", "lib-sans-bold"),
            body_px=23,
            notes="Scan. Dark navy card, light text; two columns with details on the right; "
            "'MBA' suffix; US (xxx) 555-01xx numbers with Office/Cell labels; LinkedIn URL.",
        ),
        CardSpec(
            "s04_es_band_name",
            "ES",
            "José",
            "García López",
            title="Responsable de ventas",
            company="Soluciones Tajo S.L.",
            phones=(
                phone("Tel.", "+34 911 23 45 67", "ES"),
                phone("Móvil", "+34 612 34 56 78", "ES"),
            ),
            emails=("jose.garcia@solucionestajo.es", "info@solucionestajo.es"),
            website="www.solucionestajo.es",
            address=A("ES", "Calle de Alcalá 45, 3º", "28014", "Madrid"),
            band="name",
            band_colour=BAND_COLOURS[1],
            theme=L[3],
            logo="square",
            fonts=("noto-sans-bold", "noto-sans", "noto-sans-bold"),
            email_label="Email",
            notes="Scan. White name on a dark red band; two-part Spanish surname; two emails; "
            "Spanish label 'Móvil'.",
        ),
        CardSpec(
            "s05_it_two_col_fax",
            "IT",
            "Giulia",
            "De Luca",
            title="Direttrice commerciale",
            company="Studio Bianchi S.r.l.",
            phones=(
                phone("Tel.", "+39 02 8743 2100", "IT"),
                phone("Cell.", "+39 347 123 4567", "IT"),
                phone("Fax", "+39 02 8743 2199", "IT"),
            ),
            emails=("g.deluca@studiobianchi.it", "amministrazione@studiobianchi.it"),
            website="www.studiobianchi.it",
            address=A("IT", "Via Dante 12", "20121", "Milano", "MI"),
            layout="two_col",
            theme=L[2],
            logo="twin",
            address_first=True,
            fonts=("lib-serif-bold", "lib-sans", "lib-serif-italic"),
            company_colour="accent",
            notes="Scan. Two columns (details right, address first); work + mobile + fax; "
            "two emails; Italian 'Cell.' label.",
        ),
        CardSpec(
            "s06_nl_company_largest",
            "NL",
            "Sanne",
            "de Vries",
            title="Accountmanager",
            company="Grachtwerk B.V.",
            phones=(phone("T", "020 123 4567", "NL"), phone("M", "06 12345678", "NL")),
            emails=("sanne@grachtwerk.nl",),
            website="www.grachtwerk.nl",
            address=A("NL", "Keizersgracht 123", "1015 CJ", "Amsterdam"),
            company_first=True,
            company_px=78,
            name_px=44,
            title_px=27,
            logo="bars",
            theme=L[4],
            fonts=("dejavu-sans-bold", "dejavu-sans", "dejavu-sans-bold"),
            company_colour="name",
            notes="Scan. The company name is the largest text, the person's name smaller; Dutch "
            "surname particle 'de'; national-format NL numbers, single-letter labels.",
        ),
        CardSpec(
            "s07_ch_right_600dpi",
            "CH",
            "Lukas",
            "Brunner",
            prefix="Prof. Dr.",
            title="Partner",
            company="Alpenblick Treuhand AG",
            phones=(phone("T", "+41 44 123 45 67", "CH"), phone("M", "+41 79 123 45 67", "CH")),
            emails=("lukas.brunner@alpenblick-treuhand.ch",),
            website="www.alpenblick-treuhand.ch",
            address=A("CH", "Bahnhofstrasse 21", "8001", "Zürich", with_country=True),
            layout="right",
            dpi=600,
            theme=L[5],
            logo="triangle",
            scan_noise=1.5,
            fonts=("noto-display-bold", "noto-sans", "noto-display"),
            email_label="E",
            web_label="W",
            notes="Scan at 600 dpi. Right-aligned block; double prefix 'Prof. Dr.'; grey text; "
            "country line 'Schweiz' in the address.",
        ),
        CardSpec(
            "s08_gb_thin_linkedin",
            "GB",
            "Eleanor",
            "Ashworth",
            title="Head of Partnerships",
            company="Pemberton Analytics Ltd",
            phones=(phone("T", "020 7946 0321", "GB"), phone("", "+44 113 496 0388", "GB")),
            emails=("eleanor.ashworth@pemberton-analytics.co.uk",),
            website="pemberton-analytics.co.uk",
            linkedin="www.linkedin.com/in/eleanorashworth",
            address=A("GB", "25 Old Street", "EC1V 9HL", "London"),
            theme=((255, 255, 255), (105, 105, 110), (70, 70, 75), (0, 130, 120)),
            fonts=("dejavu-sans", "dejavu-sans-light", "dejavu-sans"),
            name_px=56,
            body_px=23,
            logo="ring",
            stripe=True,
            email_label="E",
            web_label="W",
            notes="Scan. Thin light-grey ExtraLight details in small print; left stripe; UK drama "
            "numbers, one without a label (work); LinkedIn with 'www.' printed.",
        ),
        CardSpec(
            "s09_pt_qr_vcard",
            "PT",
            "João",
            "Carvalho",
            title="Director Comercial",
            company="Atlântico Digital, Lda.",
            phones=(
                phone("Tel.", "+351 21 123 4567", "PT"),
                phone("Mob.", "+351 912 345 678", "PT"),
            ),
            emails=("joao.carvalho@atlanticodigital.pt",),
            website="www.atlanticodigital.pt",
            address=A("PT", "Avenida da Liberdade 110, 2º", "1250-146", "Lisboa"),
            qr="vcard",
            theme=L[0],
            logo="circle",
            name_px=58,
            fonts=("lib-sans-bold", "lib-sans", "lib-sans-bold"),
            notes="Scan with a vCard 3.0 QR code carrying the same contact; Portuguese name with "
            "ã and a comma in the company name.",
        ),
        CardSpec(
            "s10_at_dark_mecard_qr",
            "AT",
            "Katrin",
            "Groß",
            title="Projektmanagerin",
            company="Donau Consulting GmbH",
            phones=(
                phone("Tel.", "+43 1 581 23 45", "AT"),
                phone("Handy", "+43 664 123 4567", "AT"),
            ),
            emails=("katrin.gross@donau-consulting.at",),
            website="www.donau-consulting.at",
            address=A("AT", "Mariahilfer Straße 45", "1060", "Wien"),
            qr="mecard",
            theme=D[2],
            name_px=60,
            company_first=True,
            fonts=("noto-sans-bold", "noto-sans", "noto-sans-italic"),
            notes="Scan. Dark green card with light text and a MeCard QR code on a white tile; "
            "'ß' in the name but 'ss' in the email; 'Handy' label.",
        ),
        CardSpec(
            "s11_ie_screenshot",
            "IE",
            "Siobhán",
            "O'Brien",
            title="Managing Director",
            company="Liffey Analytics Ltd",
            phones=(phone("Phone", "+353 1 234 5678", "IE"), phone("Mobile", "087 123 4567", "IE")),
            emails=("siobhan.obrien@liffeyanalytics.ie",),
            website="www.liffeyanalytics.ie",
            address=A("IE", "12 Merrion Square", "D02 XY45", "Dublin 2"),
            screenshot=True,
            theme=L[2],
            logo="square",
            stripe=True,
            email_label="Email",
            notes="Screenshot-like PNG: the card in a desktop preview window, no scanner noise; "
            "apostrophe and fada in the name; Eircode.",
        ),
        CardSpec(
            "s12_be_band_company_600dpi",
            "BE",
            "Hélène",
            "Lambert",
            title="Directrice commerciale",
            company="Brabant Logistics SA",
            phones=(
                phone("Tél.", "+32 2 512 34 56", "BE"),
                phone("Mob.", "+32 470 12 34 56", "BE"),
                phone("Fax", "+32 2 512 34 99", "BE"),
            ),
            emails=("helene.lambert@brabant-logistics.be",),
            website="www.brabant-logistics.be",
            address=A("BE", "Avenue Louise 54", "1050", "Bruxelles"),
            dpi=600,
            band="company",
            band_colour=BAND_COLOURS[0],
            company_first=True,
            logo="circle",
            theme=L[0],
            phones_inline="  ·  ",
            company_px=38,
            fonts=("lib-serif-bold", "lib-serif", "lib-sans-bold"),
            notes="Scan at 600 dpi. Company on a dark blue band at the top; all three phones "
            "on one line separated by '·'.",
        ),
        CardSpec(
            "s13_ca_inline_skewed",
            "CA",
            "Dana",
            "Okafor",
            title="Director of Sales",
            company="Maple Ridge Software Inc.",
            phones=(phone("T", "416-555-0123", "CA"), phone("M", "647-555-0199", "CA")),
            emails=("dana.okafor@mapleridgesoftware.ca",),
            website="mapleridgesoftware.ca",
            address=A("CA", "100 King Street West, Suite 500", "M5X 1A9", "Toronto", "ON"),
            size="us",
            phones_inline="  |  ",
            address_inline=", ",
            skew=1.2,
            theme=L[3],
            fonts=("lib-narrow-bold", "lib-narrow", "lib-sans-bold"),
            logo="triangle",
            rule=True,
            body_px=25,
            notes="Scan, skewed 1.2 degrees. Narrow font; phones on one line with '|'; address "
            "printed on one line.",
        ),
        # ---------------------------------------------------------------- photos
        CardSpec(
            "p01_de_national_wood",
            "DE",
            "Anne-Sophie",
            "Meyer-Lindqvist",
            title="Leiterin Marketing",
            company="Nordlicht Solutions GmbH",
            phones=(phone("Telefon", "040 30387710", "DE"), phone("Handy", "0171 2345678", "DE")),
            emails=("A.Meyer-Lindqvist@Nordlicht-Solutions.de",),
            website="www.nordlicht-solutions.de",
            address=A("DE", "Am Sandtorkai 41", "20457", "Hamburg"),
            kind="photo",
            fmt="jpg",
            theme=L[0],
            logo="circle",
            email_label="E-Mail",
            fonts=("noto-sans-bold", "noto-sans", "noto-sans-bold"),
            photo=P(rotation=-12, coverage=0.55, background="wood"),
            notes="Photo on a wooden desk, rotated -12 degrees. Hyphenated given and family "
            "names; national German numbers (country from the address); mixed-case email.",
        ),
        CardSpec(
            "p02_fr_national_fabric_blur",
            "FR",
            "Jean-Baptiste",
            "Rousseau",
            title="Ingénieur commercial",
            company="Solutions Azur SARL",
            phones=(phone("Tél.", "04 91 23 45 67", "FR"), phone("Mob.", "07 81 23 45 67", "FR")),
            emails=("jb.rousseau@solutions-azur.fr",),
            website="solutions-azur.fr",
            address=A("FR", "8 rue de la République", "13001", "Marseille"),
            kind="photo",
            fmt="jpg",
            layout="center",
            theme=L[1],
            logo="twin",
            fonts=("dejavu-serif-bold", "dejavu-cond", "dejavu-serif"),
            photo=P(rotation=18, coverage=0.45, background="fabric", blur=1.4),
            notes="Blurred photo on fabric, rotated 18 degrees; centred; national French numbers.",
        ),
        CardSpec(
            "p03_us_exif_rotated",
            "US",
            "Priya",
            "Nguyen",
            suffix="Ph.D.",
            title="Chief Technology Officer",
            company="Redwood Peak Software",
            phones=(
                phone("Phone", "+1 415 555 0132", "US"),
                phone("Mobile", "+1 (310) 555-0177", "US"),
            ),
            emails=("priya@redwoodpeak.com",),
            website="https://www.redwoodpeak.com",
            address=A("US", "500 Market Street, Suite 300", "94105", "San Francisco", "CA"),
            kind="photo",
            fmt="jpg",
            size="us",
            theme=L[4],
            logo="triangle",
            layout="left",
            company_first=True,
            fonts=("lib-sans-bold", "lib-sans", "lib-sans-bold"),
            photo=P(rotation=6, coverage=0.6, background="laminate", exif=6, portrait=True),
            notes="Portrait photo stored rotated with EXIF Orientation 6 (upright only when EXIF "
            "is honoured). 'Ph.D.' suffix; website printed with https://.",
        ),
        CardSpec(
            "p04_gb_upside_down",
            "GB",
            "Oliver",
            "Whitfield",
            title="Senior Associate",
            company="Whitfield & Hale LLP",
            phones=(
                phone("T", "+44 (0)161 496 0457", "GB"),
                phone("F", "+44 (0)161 496 0458", "GB"),
            ),
            emails=("oliver.whitfield@whitfieldhale.co.uk",),
            website="www.whitfieldhale.co.uk",
            address=A("GB", "22 Deansgate", "M3 4LQ", "Manchester"),
            kind="photo",
            fmt="jpg",
            theme=D[1],
            logo="square",
            layout="left",
            fonts=("lib-serif-bold", "lib-serif", "lib-serif-bold"),
            company_first=True,
            photo=P(rotation=183, coverage=0.5, background="dark"),
            notes="Photo upside down (card rotated ~180 degrees, no EXIF hint) on a dark desk; "
            "dark card; '+44 (0)161' style numbers.",
        ),
        CardSpec(
            "p05_it_rotated_90",
            "IT",
            "Niccolò",
            "Ferrari",
            title="Amministratore delegato",
            company="Officine Navigli S.p.A.",
            phones=(
                phone("Tel.", "+39 06 6821 4400", "IT"),
                phone("Cell.", "+39 335 987 6543", "IT"),
            ),
            emails=("n.ferrari@officine-navigli.it",),
            website="www.officine-navigli.it",
            address=A("IT", "Via del Corso 184", "00186", "Roma", "RM"),
            kind="photo",
            fmt="jpg",
            theme=L[2],
            logo="bars",
            rule=True,
            fonts=("noto-serif-bold", "noto-sans", "noto-serif"),
            email_label="E-mail",
            photo=P(rotation=93, coverage=0.42, background="wood", shadow_across=True),
            notes="Photo with the card turned 90 degrees (no EXIF hint) on wood, with a shadow "
            "across it.",
        ),
        CardSpec(
            "p06_es_heic",
            "ES",
            "Lucía",
            "Ibáñez",
            title="Directora de marketing",
            company="Ibáñez & Muñoz Abogados",
            phones=(phone("Tel.", "93 412 56 78", "ES"), phone("Móvil", "655 43 21 09", "ES")),
            emails=("lucia.ibanez@ibanez-munoz.es", "prensa@ibanez-munoz.es"),
            website="www.ibanez-munoz.es",
            address=A("ES", "Paseo de Gracia 21", "08007", "Barcelona"),
            kind="photo",
            fmt="heic",
            theme=L[5],
            layout="right",
            fonts=("noto-serif-display-bold", "noto-sans", "noto-serif-display"),
            photo=P(rotation=-8, coverage=0.5, background="wood"),
            notes="HEIC photo. Right-aligned; Spanish national numbers; two emails; accents and "
            "ñ in the name and company.",
        ),
        CardSpec(
            "p07_nl_webp_linkedin",
            "NL",
            "Pieter",
            "van den Berg",
            title="Head of Sales",
            company="Polderlicht Media",
            phones=(phone("T", "+31 (0)20 765 4321", "NL"), phone("M", "+31 6 2345 6789", "NL")),
            emails=("pieter@polderlicht.nl",),
            website="www.polderlicht.nl",
            linkedin="linkedin.com/in/pietervandenberg",
            address=A("NL", "Oudegracht 88", "3511 AL", "Utrecht"),
            kind="photo",
            fmt="webp",
            theme=L[0],
            layout="two_col",
            logo="ring",
            fonts=("dejavu-sans-bold", "dejavu-sans", "dejavu-sans-bold"),
            photo=P(rotation=-21, coverage=0.4, background="laminate", tilt=0.09),
            notes="WebP photo, rotated -21 degrees with strong perspective; 'van den' particle; "
            "two columns; LinkedIn URL.",
        ),
        CardSpec(
            "p08_ch_dark_blur",
            "CH",
            "Corinne",
            "Keller",
            title="Partnerin",
            company="Zürcher & Keller AG",
            phones=(phone("T", "031 312 45 67", "CH"), phone("M", "079 456 78 90", "CH")),
            emails=("corinne.keller@zuercher-keller.ch",),
            website="www.zuercher-keller.ch",
            address=A("CH", "Marktgasse 14", "3011", "Bern"),
            kind="photo",
            fmt="jpg",
            theme=D[3],
            logo="diamond",
            layout="center",
            fonts=("noto-display-bold", "noto-sans", "noto-display"),
            photo=P(rotation=4, coverage=0.62, background="fabric", blur=2.0, noise=3.0),
            notes="Blurry, noisy photo of a dark burgundy card, centred; Swiss national numbers.",
        ),
        CardSpec(
            "p09_pt_portrait_shadow",
            "PT",
            "Inês",
            "Magalhães",
            title="Gestora de Projetos",
            company="Tejo Engenharia, S.A.",
            phones=(phone("Tel.", "22 012 3456", "PT"), phone("Mob.", "93 123 4567", "PT")),
            emails=("ines.magalhaes@tejo-engenharia.pt",),
            website="www.tejo-engenharia.pt",
            address=A("PT", "Rua de Santa Catarina 120", "4000-442", "Porto"),
            kind="photo",
            fmt="jpg",
            theme=L[3],
            layout="center",
            logo="circle",
            company_first=True,
            fonts=("lib-sans-bold", "lib-sans", "lib-sans-bold"),
            photo=P(
                rotation=-15, coverage=0.5, background="white", portrait=True, shadow_across=True
            ),
            notes="Portrait photo of a light card on a white desk (low contrast edges) with a "
            "shadow across it; national Portuguese numbers.",
        ),
        CardSpec(
            "p10_de_url_qr",
            "DE",
            "Jörg",
            "Schröder",
            title="Vertriebsleiter",
            company="Kranich Software KG",
            phones=(phone("T", "+49 221 9876540", "DE"), phone("M", "+49 160 9876543", "DE")),
            emails=("j.schroeder@kranich-software.de",),
            website="https://www.kranich-software.de/team",
            address=A("DE", "Schillerstraße 12", "50667", "Köln"),
            kind="photo",
            fmt="jpg",
            qr="url",
            theme=L[4],
            logo="bars",
            fonts=("dejavu-cond-bold", "dejavu-cond", "dejavu-cond-bold"),
            photo=P(rotation=3, coverage=0.7, background="laminate"),
            notes="Photo (card fills most of the frame) with a URL QR code; website with a path.",
        ),
        CardSpec(
            "p11_us_small_two_emails",
            "US",
            "Emily",
            "Thompson",
            title="Partner",
            company="Harbor & Vine Partners",
            phones=(phone("", "(312) 555-0112", "US"), phone("F", "(312) 555-0113", "US")),
            emails=("emily.thompson@harborvine.com", "newbusiness@harborvine.com"),
            website="harborvine.com",
            address=A("US", "401 N Michigan Avenue", "60611", "Chicago", "IL"),
            kind="photo",
            fmt="jpg",
            size="us",
            theme=L[1],
            logo="twin",
            fonts=("lib-serif-bold", "lib-serif", "lib-serif-italic"),
            photo=P(rotation=23, coverage=0.32, background="wood"),
            notes="Photo where the card is small in the frame (~30%), rotated 23 degrees; an "
            "unlabelled phone (work) and a fax; two emails.",
        ),
        CardSpec(
            "p12_fr_band_hyphen",
            "FR",
            "Anne-Sophie",
            "Garnier-Duval",
            title="Avocate associée",
            company="Béranger & Associés",
            phones=(phone("Tél.", "+33 (0)5 56 12 34 56", "FR"),),
            emails=("as.garnier-duval@beranger-associes.fr",),
            website="www.beranger-associes.fr",
            address=A("FR", "17 quai des Chartrons", "33000", "Bordeaux", with_country=True),
            kind="photo",
            fmt="jpg",
            band="company",
            band_colour=BAND_COLOURS[4],
            company_first=True,
            theme=L[0],
            email_label="Courriel",
            fonts=("noto-serif-bold", "noto-serif", "noto-serif-bold"),
            photo=P(rotation=-24, coverage=0.58, background="fabric"),
            notes="Photo rotated -24 degrees; company on a purple band; hyphenated given and "
            "family names; '+33 (0)5' number; 'Courriel' label; country line.",
        ),
    ]


# --------------------------------------------------------------------------------------------
# Random cards for benchmarks
# --------------------------------------------------------------------------------------------


def _pick(rng: Rng, seq: Sequence[Any]) -> Any:
    return seq[int(rng.integers(len(seq)))]


def random_number(rng: Rng, c: Country, mobile: bool) -> phonenumbers.PhoneNumber:
    patterns = c.mobile_patterns if mobile and c.mobile_patterns else c.work_patterns
    want = (
        {phonenumbers.PhoneNumberType.MOBILE}
        if mobile and c.mobile_patterns
        else {phonenumbers.PhoneNumberType.FIXED_LINE}
    )
    want.add(phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
    cc = phonenumbers.country_code_for_region(c.code)
    for _ in range(500):
        pat = _pick(rng, patterns)
        digits = "".join(
            str(rng.integers(2, 10)) if ch == "N" else str(rng.integers(0, 10)) if ch == "X" else ch
            for ch in pat
        )
        num = phonenumbers.parse(f"+{cc}{digits}")
        if phonenumbers.is_valid_number(num) and phonenumbers.number_type(num) in want:
            return num
    raise RuntimeError(f"no valid number from {patterns}")


def format_raw(rng: Rng, num: phonenumbers.PhoneNumber, c: Country, national_ok: bool) -> str:
    intl = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    nat = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.NATIONAL)
    options = [intl, intl]
    if c.code in ("US", "CA"):
        options = [
            nat,
            nat,
            intl.replace("-", " "),
            nat.replace("(", "").replace(") ", "-"),
            nat.replace("(", "").replace(") ", ".").replace("-", "."),
        ]
    else:
        if national_ok:
            options += [nat, nat]
        if c.code not in ("IT", "ES", "PT"):
            cc = str(num.country_code)
            options.append(intl.replace(f"+{cc} ", f"+{cc} (0)", 1))
    raw = _pick(rng, options)
    back = phonenumbers.parse(raw, c.code)
    if back.national_number != num.national_number or back.country_code != num.country_code:
        return intl
    return raw


def random_spec(rng: Rng, name: str, kind: str) -> CardSpec:
    c: Country = COUNTRIES[_pick(rng, sorted(COUNTRIES))]
    given, family = _pick(rng, c.given), _pick(rng, c.family)
    prefix = _pick(rng, PREFIXES) if rng.random() < 0.12 else ""
    suffix = _pick(rng, SUFFIXES) if rng.random() < 0.1 else ""
    company, stem = _pick(rng, c.companies) if rng.random() < 0.95 else (None, ascii_fold(family))
    stem = stem.replace(" ", "").replace("'", "")
    domain = f"{stem}.{c.tld}"
    g, f = (ascii_fold(x).replace(" ", "").replace("'", "") for x in (given, family))
    local = _pick(rng, [f"{g}.{f}", f"{g[0]}.{f}", g, f"{g}{f}", f"{g[0]}{f}"])
    email = f"{local}@{domain}"
    if rng.random() < 0.12:  # printed in mixed case, e.g. Anna.Weber@Weber-Partner.de
        loc, _, dom = email.partition("@")
        host = dom.rpartition(f".{c.tld}")[0]
        email = f"{loc.title()}@{host.title()}.{c.tld}" if host else email
    emails = [email]
    if rng.random() < 0.25:
        emails.append(_pick(rng, ["info", "contact", "sales", "office", "hello"]) + "@" + domain)
    address = None
    if rng.random() < 0.85:
        pc, city, region = _pick(rng, c.cities)
        street = _pick(rng, c.streets).format(n=int(rng.integers(1, 200)))
        address = make_address(c.code, street, pc, city, region, rng.random() < 0.15)
    labels = LABELS[c.lang]
    short = rng.random() < 0.4
    phones: list[Phone] = []

    def add(num: phonenumbers.PhoneNumber, pool: Sequence[str], short_label: str) -> None:
        lab = short_label if short else _pick(rng, [x for x in pool if len(x) > 1] or pool)
        raw = format_raw(rng, num, c, address is not None)
        phones.append(phone(lab, raw, c.code))

    work = random_number(rng, c, False)
    if rng.random() < 0.9:
        add(work, labels[0], "T")
    if c.mobile_patterns and rng.random() < 0.65:
        add(random_number(rng, c, True), labels[1], "M")
    if rng.random() < 0.2:
        add(random_number(rng, c, False), labels[2], "F")
    if len(phones) == 1 and rng.random() < 0.3:
        phones[0] = phone("", phones[0].raw, c.code)
    website = None
    if rng.random() < 0.8:
        website = _pick(rng, [f"www.{domain}", domain, f"https://www.{domain}", f"www.{domain}"])
    linkedin = None
    if rng.random() < 0.2:
        linkedin = _pick(rng, ["linkedin.com/in/", "www.linkedin.com/in/"]) + f"{g}-{f}"
    dark = rng.random() < 0.22
    theme = _pick(rng, DARK_THEMES if dark else LIGHT_THEMES)
    layout = _pick(rng, ["left", "left", "center", "right", "two_col"])
    qr = _pick(rng, ["vcard", "mecard", "url"]) if rng.random() < 0.08 else None
    if qr == "url" and not website:
        website = f"www.{domain}"
    if qr and layout not in ("left", "right"):
        layout = "left"
    company_largest = company is not None and rng.random() < 0.1
    name_px = float(rng.uniform(50, 78))
    company_px = float(rng.uniform(32, 48))
    if company_largest:
        name_px, company_px = float(rng.uniform(42, 50)), float(rng.uniform(64, 82))
    if kind == "mix":
        kind = "scan" if rng.random() < 0.5 else "photo"
    is_photo = kind == "photo"
    r = rng.random()
    rotation = float(rng.uniform(-25, 25))
    if is_photo and r < 0.05:
        rotation = 180 + float(rng.uniform(-6, 6))
    elif is_photo and r < 0.1:
        rotation = float(_pick(rng, [90, -90])) + float(rng.uniform(-6, 6))
    popts = PhotoOpts(
        rotation=rotation,
        coverage=float(rng.uniform(0.32, 0.8)),
        portrait=rng.random() < 0.3,
        background=_pick(rng, ["wood", "wood", "fabric", "laminate", "dark", "white"]),
        tilt=float(rng.uniform(0.02, 0.1)),
        blur=float(rng.uniform(0.6, 2.2)) if rng.random() < 0.3 else 0.0,
        noise=float(rng.uniform(1.5, 3.0)),
        shadow_across=rng.random() < 0.45,
        exif=int(_pick(rng, [6, 8])) if is_photo and 0.1 <= r < 0.16 else None,
        quality=int(rng.integers(85, 93)),
    )
    if is_photo:
        fmt = "heic" if 0.2 <= r < 0.24 else "webp" if 0.24 <= r < 0.28 else "jpg"
    else:
        fmt = "png"
    band = _pick(rng, ["name", "company"]) if not dark and rng.random() < 0.18 else None
    if band == "company" and not company:
        band = None
    spec = CardSpec(
        name=name,
        country=c.code,
        given=given,
        family=family,
        prefix=prefix,
        suffix=suffix,
        title=_pick(rng, c.titles) if rng.random() < 0.9 else None,
        company=company,
        emails=tuple(emails),
        phones=tuple(phones),
        website=website,
        address=address,
        linkedin=linkedin,
        kind="photo" if is_photo else "scan",
        fmt=fmt,
        layout=layout,
        company_first=rng.random() < 0.4 or company_largest,
        size=_pick(rng, ["eu", "us"]) if c.code not in ("US", "CA") else "us",
        dpi=600 if not is_photo and rng.random() < 0.15 else 300,
        theme=theme,
        company_colour=_pick(rng, ["accent", "name", "text"]),
        band=band,
        band_colour=_pick(rng, BAND_COLOURS),
        logo=_pick(rng, ["circle", "ring", "square", "diamond", "triangle", "bars", "twin"])
        if rng.random() < 0.55
        else None,
        stripe=rng.random() < 0.15,
        rule=rng.random() < 0.25,
        fonts=_pick(rng, FONT_SETS),
        name_px=name_px,
        title_px=float(rng.uniform(25, 32)),
        company_px=company_px,
        body_px=float(rng.uniform(22, 27)),
        company_tracking=float(rng.uniform(0.03, 0.12)) if rng.random() < 0.2 else 0.0,
        labels_accent=rng.random() < 0.25,
        email_label=_pick(rng, labels[3]) if rng.random() < 0.5 else "",
        web_label=_pick(rng, labels[4]) if rng.random() < 0.4 else "",
        label_sep=_pick(rng, [" ", " ", ": ", "  "]),
        phones_inline=_pick(rng, ["  ·  ", "  |  ", "   "]) if rng.random() < 0.12 else None,
        address_inline=", " if rng.random() < 0.12 else None,
        address_first=rng.random() < 0.2,
        details_align=_pick(rng, ["left", "right"]),
        qr=qr,
        skew=float(rng.uniform(-1.5, 1.5)) if rng.random() < 0.15 else 0.0,
        screenshot=not is_photo and rng.random() < 0.04,
        photo=popts,
    )
    spec = harden(spec, rng, c)
    return replace(spec, notes=describe(spec))


def _digits(rng: Rng, n: int) -> str:
    return "".join(str(int(d)) for d in rng.integers(0, 10, n))


def initials(company: str) -> str:
    """'Nordlicht Solutions GmbH' -> 'NS': the logo abbreviation of a firm's name."""
    words = [w for w in company.replace("&", " ").split() if w[:1].isupper() and len(w) > 2]
    legal = {"GmbH", "AG", "KG", "OG", "Ltd", "Ltd.", "Inc.", "LLC", "S.A.", "SAS", "SARL", "S.L.",
             "B.V.", "N.V.", "S.p.A.", "S.r.l.", "Lda.", "Limited", "SRL", "PLC"}  # fmt: skip
    letters = "".join(w[0] for w in words if w not in legal)
    return letters.upper() if len(letters) >= 2 else ""


def harden(spec: CardSpec, rng: Rng, c: Country) -> CardSpec:
    """What real cards do that the plain draw never does (drawn after it, so the plain part of
    a seed's cards stays as it was): logo abbreviations with the legal name in small print,
    lower-case, upper-case and one-word names, descriptor lines, name and title on one line,
    the company over two lines, several roles, dense registration footers."""
    changes: dict[str, Any] = {}
    lang = c.lang if c.lang in DESCRIPTORS else "en"
    if spec.company and rng.random() < 0.15 and initials(spec.company):
        changes["brand"] = initials(spec.company)
    r = rng.random()
    if r < 0.08:
        changes["name_case"] = "lower"
    elif r < 0.2:
        changes["name_case"] = "upper"
    if rng.random() < 0.06 and not spec.prefix and not spec.suffix and spec.emails:
        # One-word name: the email's local part is the given name.
        given = spec.given
        local = ascii_fold(given).replace(" ", "").replace("'", "").replace("-", "")
        domain = spec.emails[0].partition("@")[2]
        changes.update(family="", emails=(f"{local}@{domain}", *spec.emails[1:]))
    if rng.random() < 0.2:
        changes["descriptor"] = _pick(rng, DESCRIPTORS[lang])
    if spec.title and rng.random() < 0.1:
        changes["name_title_sep"] = _pick(rng, [", ", "  |  ", " – "])
    elif spec.title and rng.random() < 0.12:
        changes["roles"] = (_pick(rng, SECOND_ROLES[lang]),)
    long_company = spec.company is not None and len(spec.company.split()) >= 3
    if long_company and "brand" not in changes and rng.random() < 0.12:
        changes["company_break"] = len(spec.company.split()) - 1  # type: ignore[union-attr]
    if rng.random() < 0.15 and spec.country in FOOTERS:
        city = spec.address.city if spec.address else "Berlin"
        n = {f"n{k}": _digits(rng, k) for k in range(2, 12)}
        changes["footer"] = FOOTERS[spec.country].format(city=city, **n)
    return replace(spec, **changes)


def describe(spec: CardSpec) -> str:
    """A one-line summary of what a random card exercises."""
    bits = [f"random {spec.kind} ({spec.fmt})", spec.country, f"layout {spec.layout}"]
    if spec.theme in DARK_THEMES:
        bits.append("dark card")
    if spec.band:
        bits.append(f"band behind {spec.band}")
    if spec.company_px > spec.name_px:
        bits.append("company largest")
    if spec.prefix or spec.suffix:
        bits.append("name prefix/suffix")
    if spec.qr:
        bits.append(f"{spec.qr} QR")
    hard = {
        "logo abbreviation": spec.brand,
        f"name in {spec.name_case} case": spec.name_case,
        "one-word name": not spec.family,
        "descriptor line": spec.descriptor,
        "name and title on one line": spec.name_title_sep,
        "company over two lines": spec.company_break,
        "several roles": spec.roles,
        "registration footer": spec.footer,
    }
    bits += [k for k, v in hard.items() if v]
    if spec.kind == "photo":
        p = spec.photo
        bits.append(f"rotated {p.rotation:.0f} deg on {p.background}")
        if p.exif:
            bits.append(f"EXIF orientation {p.exif}")
        if p.blur:
            bits.append("blurred")
    elif spec.screenshot:
        bits.append("screenshot")
    elif spec.dpi != 300:
        bits.append(f"{spec.dpi} dpi")
    return "; ".join(bits)


# --------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------


def _job(args: tuple[CardSpec, str, int]) -> str:
    spec, out, seed = args
    return str(write_sample(spec, Path(out), seed))


def iter_specs(count: int | None, seed: int, kind: str) -> Iterator[CardSpec]:
    if count is None:
        yield from fixed_set()
        return
    width = len(str(max(count - 1, 1)))
    for i in range(count):
        rng = np.random.default_rng([seed, i, 1])
        yield random_spec(rng, f"card_{i:0{width}d}", kind)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, help="make N random cards instead of the fixed set")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--out", type=Path, help="output directory (default: this directory)")
    ap.add_argument(
        "--kind",
        choices=("scan", "photo", "mix"),
        default="mix",
        help="random cards only: scans, photos or both",
    )
    ap.add_argument("--only", help="fixed set only: render the cards whose name contains this")
    ap.add_argument("--jobs", type=int, default=min(4, os.cpu_count() or 1))
    args = ap.parse_args(argv)
    out: Path = args.out or HERE
    if args.count is None and args.out is None and args.seed != DEFAULT_SEED:
        ap.error("the checked-in set uses the default seed; pass --out for another seed")
    out.mkdir(parents=True, exist_ok=True)
    specs = [
        s
        for s in iter_specs(args.count, args.seed, args.kind)
        if not args.only or args.only in s.name
    ]
    jobs = [(s, str(out), args.seed) for s in specs]
    if args.jobs > 1 and len(jobs) > 1:
        with ProcessPoolExecutor(args.jobs) as pool:
            for path in pool.map(_job, jobs):
                print(path)
    else:
        for j in jobs:
            print(_job(j))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
