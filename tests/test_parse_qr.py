"""QR payloads: vCard 3.0/4.0, MeCard, URLs, garbage."""

from __future__ import annotations

import pytest

from ocr.models import Contact, Phone, Settings
from ocr.parse import parse_qr_payload

SETTINGS = Settings()

VCARD3 = """BEGIN:VCARD
VERSION:3.0
N:Weber;Anna;;Dr.;
FN:Dr. Anna Weber
ORG:Nordlicht Design GmbH
TITLE:Geschäftsführerin
TEL;TYPE=CELL:+49 170 1234567
TEL;TYPE=WORK,VOICE:+49 (0)30 1234567
TEL;TYPE=FAX:+49 30 1234568
EMAIL;TYPE=INTERNET:Anna.Weber@nordlicht-design.de
URL:https://www.nordlicht-design.de/
ADR;TYPE=WORK:;;Friedrichstraße 12;Berlin;;10117;Deutschland
END:VCARD"""


def test_vcard_30() -> None:
    contact = parse_qr_payload(VCARD3, SETTINGS)
    assert contact == Contact(
        full_name="Anna Weber",
        given_name="Anna",
        family_name="Weber",
        prefix="Dr.",
        title="Geschäftsführerin",
        company="Nordlicht Design GmbH",
        emails=("anna.weber@nordlicht-design.de",),
        phones=(
            Phone("+491701234567", "mobile", "+49 170 1234567"),
            Phone("+49301234567", "work", "+49 (0)30 1234567"),
            Phone("+49301234568", "fax", "+49 30 1234568"),
        ),
        website="www.nordlicht-design.de",
        address="Friedrichstraße 12, 10117 Berlin, Deutschland",
    )


def test_vcard_crlf_and_missing_end() -> None:
    payload = VCARD3.replace("\n", "\r\n").replace("END:VCARD", "")
    contact = parse_qr_payload(payload, SETTINGS)
    assert contact.full_name == "Anna Weber"
    assert contact.company == "Nordlicht Design GmbH"


def test_vcard_40_with_tel_uri_and_linkedin_url() -> None:
    payload = (
        "BEGIN:VCARD\nVERSION:4.0\nFN:Jean Dupont\nN:Dupont;Jean;;;\n"
        "TEL;TYPE=cell;VALUE=uri:tel:+33-6-12-34-56-78\nEMAIL:jean@dupont.fr\n"
        "URL:https://www.linkedin.com/in/jeandupont/\nEND:VCARD"
    )
    contact = parse_qr_payload(payload, SETTINGS)
    assert contact.full_name == "Jean Dupont"
    assert contact.phones == (Phone("+33612345678", "mobile", "+33-6-12-34-56-78"),)
    assert contact.emails == ("jean@dupont.fr",)
    assert contact.linkedin == "linkedin.com/in/jeandupont"
    assert contact.website is None


def test_vcard_21_sloppy() -> None:
    payload = "BEGIN:VCARD\nVERSION:2.1\nN:Rossi;Giulia\nTEL;CELL:+39 347 123 4567\nEND:VCARD"
    contact = parse_qr_payload(payload, SETTINGS)
    assert contact.full_name == "Giulia Rossi"
    assert contact.phones == (Phone("+393471234567", "mobile", "+39 347 123 4567"),)


def test_mecard() -> None:
    payload = (
        "MECARD:N:Doe,John;TEL:+14155550132;EMAIL:john@doe-labs.com;URL:http://doe-labs.com/;"
        "ADR:1 Main St\\, Springfield;ORG:Doe Labs Inc.;TITLE:CEO;;"
    )
    contact = parse_qr_payload(payload, SETTINGS)
    assert contact == Contact(
        full_name="John Doe",
        given_name="John",
        family_name="Doe",
        title="CEO",
        company="Doe Labs Inc.",
        emails=("john@doe-labs.com",),
        phones=(Phone("+14155550132", "work", "+14155550132"),),
        website="doe-labs.com",
        address="1 Main St, Springfield",
    )


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ("https://www.example-firm.de/", Contact(website="www.example-firm.de")),
        ("http://Example.com/team/", Contact(website="example.com/team")),
        ("https://www.linkedin.com/in/anna-weber/", Contact(linkedin="linkedin.com/in/anna-weber")),
        ("linkedin.com/in/anna-weber", Contact(linkedin="linkedin.com/in/anna-weber")),
        ("hello world", Contact()),
        ("", Contact()),
        ("WIFI:S:cafe;T:WPA;P:secret;;", Contact()),
        ("{{ 7*7 }}", Contact()),
        ("BEGIN:VCARD\n\x00\x01garbage", Contact()),
    ],
)
def test_other_payloads(payload: str, expected: Contact) -> None:
    assert parse_qr_payload(payload, SETTINGS) == expected


def test_hostile_vcard_values_stay_literal() -> None:
    payload = "BEGIN:VCARD\nVERSION:3.0\nFN:<script>x</script>\nORG:{{ 7*7 }}\nEND:VCARD"
    contact = parse_qr_payload(payload, SETTINGS)
    assert contact.company == "{{ 7*7 }}"
    assert contact.full_name is not None and "<script>" in contact.full_name
