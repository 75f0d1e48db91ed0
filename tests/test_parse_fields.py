"""The field extractors one by one: phones, emails, URLs, names, addresses, titles, companies."""

from __future__ import annotations

import pytest

from ocr.models import Settings
from ocr.parse.address import address_score, postcode_region, region_from_address
from ocr.parse.company import company_score
from ocr.parse.country import region_from_plus_codes, region_from_tld
from ocr.parse.emails import find_emails
from ocr.parse.names import email_name_match, name_shape_score, parse_name
from ocr.parse.phones import find_phones
from ocr.parse.synthetic import ocr_from_text
from ocr.parse.titles import title_score
from ocr.parse.web import find_linkedin, find_urls


@pytest.mark.parametrize(
    ("text", "region", "expected"),
    [
        (
            "Tel +49 30 1234567  Fax +49 30 1234568",
            "DE",
            [("+49301234567", "work"), ("+49301234568", "fax")],
        ),
        ("T: +49 (0)30 1234 5678", "DE", [("+493012345678", "work")]),
        ("M +49 l7O 123456B", "DE", [("+491701234568", "mobile")]),
        ("Tél. 01 42 68 53 00", "FR", [("+33142685300", "work")]),
        ("Télécopie 01 42 68 53 01", "FR", [("+33142685301", "fax")]),
        ("Portable 06 12 34 56 78", "FR", [("+33612345678", "mobile")]),
        ("Handy 0171 2345678", "DE", [("+491712345678", "mobile")]),
        ("Teléfono 914 123 456", "ES", [("+34914123456", "work")]),
        ("Cellulare 347 123 4567", "IT", [("+393471234567", "mobile")]),
        ("Telemóvel 912 345 678", "PT", [("+351912345678", "mobile")]),
        ("Direct +44 20 7946 0123", "GB", [("+442079460123", "work")]),
        (
            "+49 30 1234567 / +49 170 1234567",
            "DE",
            [("+49301234567", "work"), ("+491701234567", "work")],
        ),
        ("0049 30 1234567", "DE", [("+49301234567", "work")]),
        ("10117 Berlin", "DE", []),
        ("Since 1998", "DE", []),
        ("Tel 12345", "DE", []),
    ],
)
def test_phones(text: str, region: str, expected: list[tuple[str, str]]) -> None:
    assert [(p.number, p.kind) for p in find_phones(text, region)] == expected


def test_phone_raw_has_no_label() -> None:
    (phone,) = find_phones("Mobile: +49 170 1234567", "DE")
    assert phone.raw == "+49 170 1234567"


def test_invalid_number_never_e164_with_high_confidence() -> None:
    for phone in find_phones("Tel 0000 000000", "DE"):
        assert phone.certainty < 0.5


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("anna.weber@firma.de", ["anna.weber@firma.de"]),
        ("Anna.Weber@Firma.DE", ["anna.weber@firma.de"]),
        ("anna.weber © firma.de", ["anna.weber@firma.de"]),
        ("anna.weber(@firma.de", ["anna.weber@firma.de"]),
        ("anna.weber@@firma.de", ["anna.weber@firma.de"]),
        ("anna . weber @ firma . de", ["anna.weber@firma.de"]),
        ("anna@firma.de.", ["anna@firma.de"]),
        ("E-Mail: anna@firma.de", ["anna@firma.de"]),
        ("E-Mail:anna@firma.de", ["anna@firma.de"]),
        ("Emailanna@firma.de", ["anna@firma.de"]),
        ("e: anna@firma.de", ["anna@firma.de"]),
        ("Mail anna@firma.de", ["anna@firma.de"]),
        ("anna@firma,de", ["anna@firma.de"]),
        ("anna@x.de | www.x.de", ["anna@x.de"]),
        ("no email here", []),
        ("anna@", []),
    ],
)
def test_emails(text: str, expected: list[str]) -> None:
    assert [e.address for e in find_emails(text)] == expected


def test_email_rn_repair_only_with_website() -> None:
    assert [e.address for e in find_emails("a@rnedia-haus.de", "media-haus.de")] == [
        "a@media-haus.de"
    ]
    assert [e.address for e in find_emails("a@rnedia-haus.de")] == ["a@rnedia-haus.de"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("www.Example-Firm.de", ["www.example-firm.de"]),
        ("https://example.com/team/", ["example.com/team"]),
        ("Web: example.com", ["example.com"]),
        ("anna@x.de | www.x.de", ["www.x.de"]),
        ("anna@example.com", []),
        ("Weber & Partner S.A.", []),
        ("Dipl.-Ing. Klaus Schmidt", []),
        ("https://www.linkedin.com/in/anna", []),
    ],
)
def test_urls(text: str, expected: list[str]) -> None:
    assert [u.value for u in find_urls(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://www.linkedin.com/in/anna-weber/", "linkedin.com/in/anna-weber"),
        ("linkedin.com/in/annaweber", "linkedin.com/in/annaweber"),
        ("in/anna-weber", "linkedin.com/in/anna-weber"),
        ("www.example.com", None),
    ],
)
def test_linkedin(text: str, expected: str | None) -> None:
    found = find_linkedin(text)
    assert (found.value if found else None) == expected


@pytest.mark.parametrize(
    ("text", "full", "given", "family", "prefix", "suffix"),
    [
        ("Dr. José Müller", "José Müller", "José", "Müller", "Dr.", None),
        (
            "Anne-Sophie Meyer-Lindqvist",
            "Anne-Sophie Meyer-Lindqvist",
            "Anne-Sophie",
            "Meyer-Lindqvist",
            None,
            None,
        ),
        ("Françoise d'Arcy", "Françoise d'Arcy", "Françoise", "d'Arcy", None, None),
        ("FRANÇOISE D'ARCY", "Françoise d'Arcy", "Françoise", "d'Arcy", None, None),
        ("João van der Berg", "João van der Berg", "João", "van der Berg", None, None),
        ("ANNA WEBER", "Anna Weber", "Anna", "Weber", None, None),
        ("JOHN MCDONALD JR.", "John McDonald", "John", "McDonald", None, "Jr."),
        ("Prof. Dr. Hans Maier, MBA", "Hans Maier", "Hans", "Maier", "Prof. Dr.", "MBA"),
        ("Dipl.-Ing. Klaus Schmidt", "Klaus Schmidt", "Klaus", "Schmidt", "Dipl.-Ing.", None),
        ("Mag. Eva Huber", "Eva Huber", "Eva", "Huber", "Mag.", None),
        ("Ing. Pietro Rossi MSc", "Pietro Rossi", "Pietro", "Rossi", "Ing.", "MSc"),
    ],
)
def test_parse_name(
    text: str, full: str, given: str, family: str, prefix: str | None, suffix: str | None
) -> None:
    name = parse_name(text)
    assert (name.full, name.given, name.family, name.prefix, name.suffix) == (
        full,
        given,
        family,
        prefix,
        suffix,
    )


def test_spanish_double_surname_only_for_spanish_cards() -> None:
    assert parse_name("José García López", "ES").family == "García López"
    assert parse_name("Anna Maria Weber", "DE").given == "Anna Maria"


def test_name_shape_and_email_match() -> None:
    assert name_shape_score("Anna Weber") >= 0.7
    assert name_shape_score("Nordlicht Design GmbH") == 0.0
    assert name_shape_score("Tel +49 30 1234567") == 0.0
    assert name_shape_score("Quality you can trust") < 0.4
    assert email_name_match("Anna Weber", ["anna.weber"]) == 1.0
    assert email_name_match("Anna Weber", ["aweber"]) >= 0.9
    assert email_name_match("José Müller", ["jmueller"]) >= 0.9
    assert email_name_match("Anna Weber", ["info"]) == 0.0


@pytest.mark.parametrize(
    "text",
    [
        "CEO & Founder",
        "Geschäftsführerin",
        "Leiter Vertrieb",
        "Chargée de communication",
        "Directora Comercial",
        "Jefe de proyecto",
        "Responsabile vendite",
        "Medewerker",
        "Adviseur",
        "Diretora Executiva",
        "Gestora de Projetos",
        "Engenheiro de Vendas",
        "Head of Partnerships",
        "Vertriebsleiterin",
        "Senior Software Engineer",
    ],
)
def test_titles(text: str) -> None:
    assert title_score(text) >= 0.55


@pytest.mark.parametrize("text", ["Anna Weber", "Nordlicht GmbH", "Berlin", "Since 1998"])
def test_not_titles(text: str) -> None:
    assert title_score(text) == 0.0


@pytest.mark.parametrize(
    "text",
    [
        "Nordlicht Design GmbH",
        "Soluciones Tajo S.L.",
        "Officine Navigli S.p.A.",
        "Studio Bianchi S.r.l.",
        "Grachtwerk B.V.",
        "Atlântico Digital, Lda.",
        "Acme Inc.",
        "Whitfield & Hale LLP",
        "Atelier Lumière SAS",
        "Kranich Software KG",
    ],
)
def test_companies(text: str) -> None:
    assert company_score(text, []) >= 0.85


def test_company_from_domain() -> None:
    assert company_score("Nordlicht Design", ["www.nordlicht-design.de"]) >= 0.9
    assert company_score("Anna Weber", ["www.nordlicht-design.de"]) == 0.0


@pytest.mark.parametrize(
    ("text", "is_address"),
    [
        ("Hauptstraße 12", True),
        ("Friedrichstr. 68", True),
        ("10117 Berlin", True),
        ("12 rue de la Paix", True),
        ("75002 Paris", True),
        ("Calle Mayor 5, 2º B", True),
        ("Via Roma 10", True),
        ("20121 Milano MI", True),
        ("Rua Augusta 100", True),
        ("1100-053 Lisboa", True),
        ("Keizersgracht 123", True),
        ("1015 CJ Amsterdam", True),
        ("London EC1V 9HL", True),
        ("New York, NY 10118", True),
        ("Toronto, ON M5X 1A9", True),
        ("Postfach 1234", True),
        ("P.O. Box 42", True),
        ("Anna Weber", False),
        ("Geschäftsführerin", False),
        ("Nordlicht Design GmbH", False),
    ],
)
def test_address_lines(text: str, is_address: bool) -> None:
    assert (address_score(text) >= 0.8) is is_address


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("1015 CJ Amsterdam", "NL"),
        ("1100-053 Lisboa", "PT"),
        ("London EC1V 9HL", "GB"),
        ("New York, NY 10118", "US"),
        ("Toronto, ON M5X 1A9", "CA"),
        ("10117 Berlin", None),
    ],
)
def test_postcode_region(text: str, region: str | None) -> None:
    assert postcode_region(text) == region


def test_region_sources() -> None:
    assert region_from_plus_codes(["Tel +49 30 1234567", "Mobil 0170 1234567"]) == "DE"
    assert region_from_plus_codes(["(617) 555-0199"]) is None
    assert region_from_address(["12 rue de la Paix", "75002 Paris"]) == "FR"
    assert region_from_address(["Bahnhofstrasse 1", "8001 Zürich"]) == "CH"
    assert region_from_address(["Avenida 5", "Portugal"]) == "PT"
    assert region_from_tld("www.firma.co.uk") == "GB"
    assert region_from_tld("firma.com") is None


def test_synthetic_markers() -> None:
    ocr = ocr_from_text("## Logo\n# Name\nbody\n. small\n\nnext block  far right\nlow~ word")
    heights = [line.height for line in ocr.lines]
    assert heights[0] > heights[1] > heights[2] > heights[3]
    assert ocr.lines[0].block == ocr.lines[3].block != ocr.lines[4].block
    far = ocr.lines[4].words
    assert far[2].box[0] - (far[1].box[0] + far[1].box[2]) > 3 * ocr.lines[4].height
    assert ocr.lines[5].words[0].conf < 0.3 and ocr.lines[5].words[1].conf == 0.9
    assert ocr.text.splitlines()[0] == "Logo"


def test_email_name_match_survives_tokens_lost_to_folding() -> None:
    # "Ä" transliterates to "ae" (kept) but folds to "a" (dropped): once an IndexError.
    from ocr.parse.names import email_name_match

    assert email_name_match("Ä", ["anna.weber"]) == 0.0


def test_one_address_read_twice_with_a_lost_dot_is_kept_once() -> None:
    from ocr.parse import parse_contact

    ocr = ocr_from_text("Lucía Ibáñez\nl.ibanez@solucionestajo.es\nlibanez@solucionestajo.es")
    assert parse_contact(ocr, Settings()).contact.emails == ("l.ibanez@solucionestajo.es",)


def test_underline_before_an_address_is_not_part_of_it() -> None:
    from ocr.parse import parse_contact

    ocr = ocr_from_text("Lukas Lehmann\n_office@rheinfall-analytics.ch")
    assert parse_contact(ocr, Settings()).contact.emails == ("office@rheinfall-analytics.ch",)


def test_logo_read_as_a_lone_small_letter_is_dropped() -> None:
    from ocr.parse import parse_contact

    ocr = ocr_from_text("## o Donau Consulting GmbH\n# Anna Huber\nanna.huber@donau-consulting.at")
    assert parse_contact(ocr, Settings()).contact.company == "Donau Consulting GmbH"
