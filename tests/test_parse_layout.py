"""Layouts as real Tesseract output has them: interleaved columns, split lines, logo glyphs.

These build ``OcrResult``s word by word with explicit boxes, the way ``ocr.tesseract`` groups
``image_to_data`` output (psm 11: one block per line, lines sorted by vertical centre).
"""

from __future__ import annotations

from ocr.models import Line, OcrResult, Settings, Word
from ocr.parse import parse_contact

SETTINGS = Settings()
_block = iter(range(1, 10_000))


def line(x: int, y: int, h: int, *words: str, conf: float = 0.95, gap: int | None = None) -> Line:
    """Words left to right from x at height h; a word 'text@0.2' gets confidence 0.2 and
    'text^60' a box 60 px high (a logo glyph)."""
    out: list[Word] = []
    left = x
    for raw in words:
        text, c, wh = raw, conf, h
        if "^" in text:
            text, tall = text.split("^")
            wh = int(tall)
        if "@0." in text and not text.startswith("@"):
            text, c_text = text.rsplit("@", 1)
            c = float(c_text)
        width = int(len(text) * h * 0.55)
        out.append(Word(text, c, (left, y - (wh - h) // 2, width, wh)))
        left += width + (gap if gap is not None else h // 2)
    right = out[-1].box[0] + out[-1].box[2]
    return Line(tuple(out), (x, y, right - x, h), next(_block), 1)


def ocr(*lines: Line) -> OcrResult:
    ordered = tuple(sorted(lines, key=lambda ln: (ln.box[1] + ln.box[3] / 2, ln.box[0])))
    return OcrResult(ordered, (1050, 600), "\n".join(ln.text for ln in ordered))


def test_two_columns_interleaved_by_tesseract() -> None:
    result = parse_contact(
        ocr(
            line(60, 200, 40, "Anna", "Schröder"),
            line(60, 250, 22, "Head", "of", "Sales"),
            line(60, 300, 28, "Zürcher", "&", "Keller", "AG"),
            line(540, 190, 20, "Tel.", "+41", "31", "462", "12", "94"),
            line(540, 225, 22, "anna.schroeder@zuercher-keller.ch"),
            line(540, 258, 22, "www.zuercher-keller.ch"),
            line(540, 305, 20, "Bahnhofstrasse", "124"),
            line(540, 335, 20, "8001", "Zürich"),
        ),
        SETTINGS,
    ).contact
    assert result.full_name == "Anna Schröder"
    assert result.title == "Head of Sales"
    assert result.company == "Zürcher & Keller AG"
    assert result.address == "Bahnhofstrasse 124, 8001 Zürich"
    assert [p.number for p in result.phones] == ["+41314621294"]


def test_logo_glyph_before_company_is_dropped() -> None:
    result = parse_contact(
        ocr(
            line(60, 50, 34, "O^60", "Atelier", "Lumière", "SAS"),
            line(60, 140, 48, "Hélène", "Dubois"),
            line(60, 300, 22, "h.dubois@atelier-lumiere.fr"),
        ),
        SETTINGS,
    ).contact
    assert result.company == "Atelier Lumière SAS"
    assert result.full_name == "Hélène Dubois"


def test_name_cut_in_two_lines_at_same_height() -> None:
    result = parse_contact(
        ocr(
            line(100, 100, 120, "Begoña", "García"),
            line(1090, 102, 120, "López"),
            line(100, 300, 40, "Directora", "general"),
            line(100, 400, 30, "b.garcialopez@garcialopez.es"),
        ),
        SETTINGS,
    ).contact
    assert result.full_name == "Begoña García López"
    assert result.family_name == "García López"


def test_email_cut_in_two_and_confirmed_by_website() -> None:
    result = parse_contact(
        ocr(
            line(60, 100, 50, "Oliver", "Whitfield"),
            line(60, 300, 40, "oliver.whitfield@whitfi"),
            line(568, 296, 30, "eldhale.co.uk"),
            line(60, 350, 40, "www.whitfieldhale.co.uk"),
        ),
        SETTINGS,
    ).contact
    assert result.emails == ("oliver.whitfield@whitfieldhale.co.uk",)
    assert result.website == "www.whitfieldhale.co.uk"


def test_label_read_as_its_own_line() -> None:
    result = parse_contact(
        ocr(
            line(60, 60, 40, "Niccolò", "Galli"),
            line(65, 349, 19, "Cell."),
            line(138, 350, 18, "349", "115", "0844"),
            line(65, 380, 19, "niccolo@studiobianchi.it"),
            line(65, 410, 18, "50122", "Firenze", "FI"),
        ),
        SETTINGS,
    ).contact
    assert [(p.number, p.kind) for p in result.phones] == [("+393491150844", "mobile")]


def test_look_alike_domains_checked_against_the_card() -> None:
    result = parse_contact(
        ocr(
            line(60, 60, 40, "Aoife", "Murphy"),
            line(60, 200, 22, "aoife@burren-software.le"),
            line(60, 230, 22, "hello@burren-software.ie"),
        ),
        SETTINGS,
    ).contact
    assert result.emails == ("aoife@burren-software.ie", "hello@burren-software.ie")
    dutch = parse_contact(
        ocr(
            line(60, 60, 40, "Bram", "van", "Dijk"),
            line(60, 200, 22, "bvandijk@polderlicht.ni"),
            line(60, 230, 22, "3011", "AD", "Rotterdam"),
        ),
        SETTINGS,
    ).contact
    assert dutch.emails == ("bvandijk@polderlicht.nl",)


def test_plus_read_as_f_and_t() -> None:
    result = parse_contact(
        ocr(
            line(60, 60, 40, "Iñigo", "Martínez"),
            line(60, 200, 20, "T", "F34", "939", "75", "90", "68"),
            line(60, 230, 20, "M:", "t1", "438", "555", "0722"),
        ),
        SETTINGS,
    ).contact
    assert [(p.number, p.kind) for p in result.phones] == [
        ("+34939759068", "work"),
        ("+14385550722", "mobile"),
    ]


def test_legal_form_kept_and_repaired() -> None:
    result = parse_contact(
        ocr(
            line(60, 60, 40, "Inês", "Conceição"),
            line(60, 120, 30, "Tejo", "Engenharia,", "S.A"),
            line(60, 400, 40, "Maximilian", "Krämer"),
            line(60, 460, 30, "Rheinfall", "Analytics", "GmbH@0.0"),
        ),
        SETTINGS,
    ).contact
    assert result.company in {"Tejo Engenharia, S.A.", "Rheinfall Analytics GmbH"}
    both = parse_contact(
        ocr(
            line(60, 60, 40, "Max", "Krämer"),
            line(60, 120, 30, "Rheinfall", "Analytics", "GmbH@0.0"),
        ),
        SETTINGS,
    ).contact
    assert both.company == "Rheinfall Analytics GmbH"
    sa = parse_contact(
        ocr(line(60, 60, 40, "Inês", "Conceição"), line(60, 120, 30, "Tejo", "Engenharia,", "S.A")),
        SETTINGS,
    ).contact
    assert sa.company == "Tejo Engenharia, S.A."


def test_garbage_is_not_a_name() -> None:
    result = parse_contact(
        ocr(
            line(100, 80, 60, "Heg@0.43"),
            line(100, 200, 44, "Je@0.74", "Pho.@0.40"),
            line(100, 300, 44, "JOE@0.43", "G@0.6"),
            line(100, 400, 30, "=@0.0", "oap@0.49", "|@0.3"),
        ),
        SETTINGS,
    ).contact
    assert result.full_name is None
    assert result.address is None
