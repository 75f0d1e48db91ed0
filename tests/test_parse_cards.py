"""Whole cards as text (see ``ocr.parse.synthetic`` for the markers) through ``parse_contact``."""

from __future__ import annotations

from typing import Any

import pytest

from ocr.models import CONTACT_FIELDS, Phone, Settings
from ocr.parse import ocr_from_text, parse_contact

SETTINGS = Settings()

# (id, card text, expected fields; phones as (e164, kind, raw) tuples). Fields not listed are
# not checked; list them with None to assert they stay empty.
CARDS: list[tuple[str, str, dict[str, Any]]] = [
    (
        "de-basic-merged-fields",
        """## Nordlicht Design GmbH

# Anna Weber
Geschäftsführerin

Friedrichstraße 12
10117 Berlin
Tel +49 30 1234567  Fax +49 30 1234568
Mobil 0170 1234567
anna.weber © nordlicht-design.de | www.nordlicht-design.de""",
        {
            "full_name": "Anna Weber",
            "given_name": "Anna",
            "family_name": "Weber",
            "title": "Geschäftsführerin",
            "company": "Nordlicht Design GmbH",
            "emails": ("anna.weber@nordlicht-design.de",),
            "phones": (
                ("+49301234567", "work", "+49 30 1234567"),
                ("+49301234568", "fax", "+49 30 1234568"),
                ("+491701234567", "mobile", "0170 1234567"),
            ),
            "website": "www.nordlicht-design.de",
            "address": "Friedrichstraße 12, 10117 Berlin",
            "linkedin": None,
        },
    ),
    (
        "de-allcaps-prefix-suffix-two-line-title",
        """# DR. JOSÉ MÜLLER, MBA
Head of Sales
EMEA & DACH
Brückner Maschinenbau AG
Königsallee 5 · 40212 Düsseldorf
T +49 (0)211 5551234
E-Mail: jmueller@brueckner-maschinenbau.de""",
        {
            "full_name": "José Müller",
            "given_name": "José",
            "family_name": "Müller",
            "prefix": "Dr.",
            "suffix": "MBA",
            "title": "Head of Sales EMEA & DACH",
            "company": "Brückner Maschinenbau AG",
            "emails": ("jmueller@brueckner-maschinenbau.de",),
            "phones": (("+492115551234", "work", "+49 (0)211 5551234"),),
            "address": "Königsallee 5, 40212 Düsseldorf",
            "website": None,
        },
    ),
    (
        "fr-national-numbers-country-from-address",
        """Atelier Lumière SAS

# Françoise d'Arcy
Directrice commerciale

12 rue de la Paix
75002 Paris
France
Tél. 01 42 68 53 00
Portable : 06 12 34 56 78
f.darcy@atelier-lumiere.fr
www.atelier-lumiere.fr""",
        {
            "full_name": "Françoise d'Arcy",
            "given_name": "Françoise",
            "family_name": "d'Arcy",
            "title": "Directrice commerciale",
            "company": "Atelier Lumière SAS",
            "emails": ("f.darcy@atelier-lumiere.fr",),
            "phones": (
                ("+33142685300", "work", "01 42 68 53 00"),
                ("+33612345678", "mobile", "06 12 34 56 78"),
            ),
            "website": "www.atelier-lumiere.fr",
            "address": "12 rue de la Paix, 75002 Paris, France",
        },
    ),
    (
        "es-double-surname-tld-region",
        """# María José García López
Directora de marketing
Soluciones Tajo S.L.

Calle de Alcalá 42, 3º
28014 Madrid
T 914 123 456
Móvil 612 345 678
mjgarcia@solucionestajo.es""",
        {
            "full_name": "María José García López",
            "given_name": "María José",
            "family_name": "García López",
            "title": "Directora de marketing",
            "company": "Soluciones Tajo S.L.",
            "phones": (
                ("+34914123456", "work", "914 123 456"),
                ("+34612345678", "mobile", "612 345 678"),
            ),
            "address": "Calle de Alcalá 42, 3º, 28014 Madrid",
            "emails": ("mjgarcia@solucionestajo.es",),
        },
    ),
    (
        "it-company-on-top-cell-label",
        """## Officine Navigli S.p.A.

# Giulia De Luca
Responsabile vendite
Via Dante 14
20121 Milano MI
Tel. 02 8765 4321
Cell. 347 123 4567
giulia.deluca@officine-navigli.it
officine-navigli.it""",
        {
            "full_name": "Giulia De Luca",
            "given_name": "Giulia",
            "family_name": "De Luca",
            "title": "Responsabile vendite",
            "company": "Officine Navigli S.p.A.",
            "phones": (
                ("+390287654321", "work", "02 8765 4321"),
                ("+393471234567", "mobile", "347 123 4567"),
            ),
            "address": "Via Dante 14, 20121 Milano MI",
            "website": "officine-navigli.it",
        },
    ),
    (
        "nl-particles-postcode",
        """# Pieter van den Berg
Accountmanager
Grachtwerk B.V.
Keizersgracht 123
1015 CJ Amsterdam
T 020 123 4567
M 06 12345678
E p.vandenberg@grachtwerk.nl
W www.grachtwerk.nl""",
        {
            "full_name": "Pieter van den Berg",
            "given_name": "Pieter",
            "family_name": "van den Berg",
            "title": "Accountmanager",
            "company": "Grachtwerk B.V.",
            "phones": (
                ("+31201234567", "work", "020 123 4567"),
                ("+31612345678", "mobile", "06 12345678"),
            ),
            "emails": ("p.vandenberg@grachtwerk.nl",),
            "website": "www.grachtwerk.nl",
            "address": "Keizersgracht 123, 1015 CJ Amsterdam",
        },
    ),
    (
        "pt-postcode-lda",
        """# JOÃO VAN DER BERG
Diretor Comercial
Atlântico Digital, Lda.
Rua Augusta 100
1100-053 Lisboa
Portugal
Tel. 213 456 789
Mob. 912 345 678
joao.berg@atlanticodigital.pt""",
        {
            "full_name": "João van der Berg",
            "given_name": "João",
            "family_name": "van der Berg",
            "title": "Diretor Comercial",
            "company": "Atlântico Digital, Lda.",
            "phones": (
                ("+351213456789", "work", "213 456 789"),
                ("+351912345678", "mobile", "912 345 678"),
            ),
            "address": "Rua Augusta 100, 1100-053 Lisboa, Portugal",
        },
    ),
    (
        "us-usaddress-suite",
        """## Brightline Analytics Inc.

# Emily Thompson
VP Sales
350 Fifth Avenue, Suite 4100
New York, NY 10118
Office (212) 555-0143
Cell 917-555-0188
emily.thompson@brightline-analytics.com
linkedin.com/in/emilythompson""",
        {
            "full_name": "Emily Thompson",
            "title": "VP Sales",
            "company": "Brightline Analytics Inc.",
            "phones": (
                ("+12125550143", "work", "(212) 555-0143"),
                ("+19175550188", "mobile", "917-555-0188"),
            ),
            "address": "350 Fifth Avenue, Suite 4100, New York, NY 10118",
            "linkedin": "linkedin.com/in/emilythompson",
            "website": None,
        },
    ),
    (
        "uk-postcode-co-uk",
        """Pemberton Analytics Ltd
# Eleanor Ashworth
Head of Partnerships
12 Old Street
London EC1V 9HL
United Kingdom
T: 020 7946 0123
eleanor@pemberton-analytics.co.uk
https://www.pemberton-analytics.co.uk/""",
        {
            "full_name": "Eleanor Ashworth",
            "title": "Head of Partnerships",
            "company": "Pemberton Analytics Ltd",
            "phones": (("+442079460123", "work", "020 7946 0123"),),
            "address": "12 Old Street, London EC1V 9HL, United Kingdom",
            "website": "www.pemberton-analytics.co.uk",
        },
    ),
    (
        "ie-eircode-apostrophe-name",
        """# Siobhán O'Brien
Managing Director
Liffey Analytics Ltd
14 Merrion Square
Dublin 2, D02 XY45
Ireland
M +353 85 123 4567
siobhan.obrien@liffeyanalytics.ie""",
        {
            "full_name": "Siobhán O'Brien",
            "family_name": "O'Brien",
            "title": "Managing Director",
            "company": "Liffey Analytics Ltd",
            "phones": (("+353851234567", "mobile", "+353 85 123 4567"),),
            "address": "14 Merrion Square, Dublin 2, D02 XY45, Ireland",
        },
    ),
    (
        "ocr-noise",
        """|
# Anne-Sophie Meyer-Lindqvist
Leiterin Marketing
Kranich Software KG
Hauptstr. 5, 20457 Hamburg
Tel: +49 4O 3O7l 2345
Mobil: +49 l76 2345 678O
E-Mail:a.meyer-lindqvist@kranich-software,de.
www.kranich-software.de""",
        {
            "full_name": "Anne-Sophie Meyer-Lindqvist",
            "given_name": "Anne-Sophie",
            "family_name": "Meyer-Lindqvist",
            "title": "Leiterin Marketing",
            "company": "Kranich Software KG",
            "emails": ("a.meyer-lindqvist@kranich-software.de",),
            "phones": (
                ("+494030712345", "work", "+49 40 3071 2345"),
                ("+4917623456780", "mobile", "+49 176 2345 6780"),
            ),
            "address": "Hauptstr. 5, 20457 Hamburg",
        },
    ),
    (
        "phone-split-over-two-lines",
        """# Lukas Hoffmann
Vertriebsleiter
Elbtal Logistik GmbH
Mobil: +49 171
2345678
lukas.hoffmann@elbtal-logistik.de""",
        {
            "full_name": "Lukas Hoffmann",
            "title": "Vertriebsleiter",
            "company": "Elbtal Logistik GmbH",
            "phones": (("+491712345678", "mobile", "+49 171 2345678"),),
        },
    ),
    (
        "broken-name-line",
        """# Maximilian
# Schröder
Prokurist
Lindenhof Immobilien GmbH
maximilian.schroeder@lindenhof-immo.de
+49 69 1234567""",
        {
            "full_name": "Maximilian Schröder",
            "given_name": "Maximilian",
            "family_name": "Schröder",
            "title": "Prokurist",
            "company": "Lindenhof Immobilien GmbH",
            "phones": (("+49691234567", "work", "+49 69 1234567"),),
        },
    ),
    (
        "no-name-line",
        """## Polderlicht Media
Coolsingel 40
3011 AD Rotterdam
T +31 10 123 4567
info@polderlicht.nl
www.polderlicht.nl""",
        {
            "full_name": None,
            "given_name": None,
            "family_name": None,
            "title": None,
            "company": "Polderlicht Media",
            "emails": ("info@polderlicht.nl",),
            "website": "www.polderlicht.nl",
            "address": "Coolsingel 40, 3011 AD Rotterdam",
        },
    ),
    (
        "name-below-title-email-evidence-no-legal-form",
        """Thistle & Thorn Design

Senior Associate
# Rupert Hale
rupert.hale@thistleandthorn.co.uk
+44 161 496 0123""",
        {
            "full_name": "Rupert Hale",
            "title": "Senior Associate",
            "company": "Thistle & Thorn Design",
            "phones": (("+441614960123", "work", "+44 161 496 0123"),),
        },
    ),
    (
        "tagline-and-qr-only-url",
        """## Redwood Peak Software
Quality you can trust
# Marcus Caldwell
Chief Technology Officer
marcus@redwoodpeak.com""",
        {
            "full_name": "Marcus Caldwell",
            "title": "Chief Technology Officer",
            "company": "Redwood Peak Software",
            "website": None,
            "phones": (),
        },
    ),
    (
        "unknown-region-defaults-to-us-low-confidence",
        """# Dana Reyes
Partner
Harbor & Vine Partners
(617) 555-0199
dana@harborvine.com""",
        {
            "full_name": "Dana Reyes",
            "title": "Partner",
            "company": "Harbor & Vine Partners",
            "phones": (("+16175550199", "work", "(617) 555-0199"),),
        },
    ),
    (
        "prefix-prof-suffix-phd-ch",
        """# Prof. Dr. Urs Brunner PhD
Partner
Alpenblick Treuhand AG
Bahnhofstrasse 1
8001 Zürich
Schweiz
+41 44 123 45 67
urs.brunner@alpenblick-treuhand.ch""",
        {
            "full_name": "Urs Brunner",
            "prefix": "Prof. Dr.",
            "suffix": "PhD",
            "title": "Partner",
            "company": "Alpenblick Treuhand AG",
            "address": "Bahnhofstrasse 1, 8001 Zürich, Schweiz",
            "phones": (("+41441234567", "work", "+41 44 123 45 67"),),
        },
    ),
    (
        "at-label-glued-email-rn",
        """# Mag. Katrin Gruber
Projektmanagerin
Donau Consulting GmbH
Mariahilfer Straße 10, 1060 Wien
Emailk.gruber@donau-rnarketing.at
www.donau-marketing.at""",
        {
            "full_name": "Katrin Gruber",
            "prefix": "Mag.",
            "title": "Projektmanagerin",
            "emails": ("k.gruber@donau-marketing.at",),
            "address": "Mariahilfer Straße 10, 1060 Wien",
        },
    ),
]


def _check(card: str, expected: dict[str, Any], settings: Settings = SETTINGS) -> None:
    parsed = parse_contact(ocr_from_text(card), settings)
    contact = parsed.contact
    for name, want in expected.items():
        got = getattr(contact, name)
        if name == "phones":
            got = tuple((p.number, p.kind, p.raw) for p in got)
        assert got == want, f"{name}: {got!r} != {want!r}"
    assert set(parsed.confidence) == set(CONTACT_FIELDS)
    assert all(0.0 <= c <= 1.0 for c in parsed.confidence.values())


@pytest.mark.parametrize(("card", "expected"), [c[1:] for c in CARDS], ids=[c[0] for c in CARDS])
def test_card(card: str, expected: dict[str, Any]) -> None:
    _check(card, expected)


def test_unknown_region_phone_is_flagged() -> None:
    parsed = parse_contact(
        ocr_from_text("# Dana Reyes\n(617) 555-0199\ndana@harborvine.com"), SETTINGS
    )
    assert parsed.contact.phones == (Phone("+16175550199", "work", "(617) 555-0199"),)
    assert parsed.confidence["phones"] < 0.5


def test_default_region_used_when_card_has_no_hint() -> None:
    parsed = parse_contact(
        ocr_from_text("# Anna Weber\nTel 030 1234567"), Settings(default_region="DE")
    )
    assert [p.number for p in parsed.contact.phones] == ["+49301234567"]
    assert parsed.confidence["phones"] >= 0.5


def test_rn_repair_against_website() -> None:
    card = "# Anna Weber\nanna@nordlicht-rnedia.de\nwww.nordlicht-media.de"
    parsed = parse_contact(ocr_from_text(card), SETTINGS)
    assert parsed.contact.emails == ("anna@nordlicht-media.de",)


def test_rn_kept_without_website_evidence() -> None:
    parsed = parse_contact(ocr_from_text("# Anna Weber\nanna@turner.de"), SETTINGS)
    assert parsed.contact.emails == ("anna@turner.de",)


def test_low_confidence_words_skipped() -> None:
    card = "xq~ zz~ Pw~\n# Anna Weber\nGeschäftsführerin\nanna.weber@x-firma.de"
    parsed = parse_contact(ocr_from_text(card), SETTINGS)
    assert parsed.contact.full_name == "Anna Weber"
    assert parsed.contact.company is None


def test_boxes_point_at_source_words() -> None:
    ocr = ocr_from_text("# Anna Weber\nGeschäftsführerin\nanna.weber@x-firma.de")
    parsed = parse_contact(ocr, SETTINGS)
    assert parsed.boxes["full_name"] == tuple(w.box for w in ocr.lines[0].words)
    assert parsed.boxes["emails"] == tuple(w.box for w in ocr.lines[2].words)
    assert parsed.confidence["full_name"] > 0.6


@pytest.mark.parametrize(
    "hostile",
    ["{{ 7*7 }}", "<script>alert(1)</script>", "${jndi:ldap://x}", "'; DROP TABLE x;--"],
)
def test_hostile_text_stays_literal(hostile: str) -> None:
    card = f"# Anna Weber\n{hostile} GmbH\nanna.weber@x-firma.de"
    parsed = parse_contact(ocr_from_text(card), SETTINGS)
    assert parsed.contact.full_name == "Anna Weber"
    # Never evaluated or escaped: whatever is kept is a literal piece of the printed line.
    for value in (parsed.contact.company, parsed.contact.title):
        assert value is None or value in f"{hostile} GmbH"


def test_control_characters_inside_a_line() -> None:
    from ocr.models import Line, OcrResult, Word

    words = (Word("Anna\r\nWeber", 0.9, (10, 10, 100, 40)),)
    line = Line(words=words, box=(10, 10, 100, 40), block=1, paragraph=1)
    email = (Word("anna@x-firma.de\r", 0.9, (10, 60, 100, 20)),)
    line2 = Line(words=email, box=(10, 60, 100, 20), block=1, paragraph=1)
    parsed = parse_contact(OcrResult((line, line2), (400, 200), ""), SETTINGS)
    assert parsed.contact.full_name == "Anna Weber"
    assert parsed.contact.emails == ("anna@x-firma.de",)


def test_empty_ocr() -> None:
    parsed = parse_contact(ocr_from_text(""), SETTINGS)
    assert parsed.contact.full_name is None
    assert set(parsed.confidence) == set(CONTACT_FIELDS)
