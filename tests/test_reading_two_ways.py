"""Doubts from two readings that disagree: a word read two ways on one card, a domain one
misread letter from the company's name, a QR code worded unlike the printed card."""

from __future__ import annotations

import pytest

from ocr.merge import merge
from ocr.models import Contact, ParsedContact, QrResult, Settings
from ocr.parse import parse_contact
from ocr.parse.contact_result import could_be_title_or_company
from ocr.parse.reading_doubts import domain_misspells_company, read_two_ways, words_run_together
from ocr.parse.synthetic import ocr_from_text
from ocr.parse.title_pick import _even_separators


@pytest.mark.parametrize(
    ("value", "texts", "doubtful"),
    [
        ("Fairmont Dubal", ["Sheikh Zayed Road Dubai, UAE"], True),  # 'i' read as 'l'
        ("Nordlicht Design", ["nordllcht-design.de"], True),
        ("Jérôme Lemaître", ["jerome.lemaitre@atelier.fr"], False),  # accents: not compared
        ("Fairmont Dubai", ["Sheikh Zayed Road Dubai, UAE"], False),  # read the same
        ("Sales Manager", ["Managers of the board"], False),  # another word, not a misread
        ("Grand Hotel", ["Grand Hotels"], False),
    ],
)
def test_a_word_read_two_ways(value: str, texts: list[str], doubtful: bool) -> None:
    assert read_two_ways(value, texts) is doubtful


@pytest.mark.parametrize(
    ("company", "host", "doubtful"),
    [
        ("Daimler Trucks Korea Ltd.", "www.daimlertruckorea.co.kr", True),  # 'kk' read once
        ("Nordlicht Design GmbH", "www.nordllcht-design.de", True),  # 'i' read as 'l'
        ("Daimler Trucks Korea Ltd.", "www.daimlertruckkorea.co.kr", False),
        ("Daimler Trucks Korea Ltd.", "daimler.com", False),  # the group's domain
        ("GFS Express", "gfsxpress.com", False),  # the brand's own shortening
        ("Zürcher & Keller AG", "zuercher-keller.ch", False),  # umlaut spelled 'ue'
        ("asos çelik kapı", "asoscelikkapi.com", False),  # Turkish dotless i
    ],
)
def test_a_domain_one_misread_from_the_company(company: str, host: str, doubtful: bool) -> None:
    assert domain_misspells_company(company, host) is doubtful


def test_a_misspelled_website_reaches_the_flags() -> None:
    card = (
        "Joong-Gyum Kim\nHead of PTB\nDaimler Trucks Korea Ltd.\n"
        "joong-gyum.kim@daimler.com\nwww.daimlertruckorea.co.kr\nTel +82-2-6456-2210"
    )
    assert "website" in parse_contact(ocr_from_text(card), Settings()).doubtful


def test_a_brand_in_one_word_is_spelled_so_in_its_domain() -> None:
    assert not words_run_together("InterGlobe Marine LLC", ("interglobe.ae",))
    assert words_run_together("InterGlobe Marine LLC")
    assert words_run_together("GroupeVendômeConseil", ("vendome.fr",))


@pytest.mark.parametrize(
    ("read", "title"),
    [
        ("General Manager- Owner", "General Manager - Owner"),
        ("Sales -Marketing", "Sales - Marketing"),
        ("Vice-President", "Vice-President"),
        ("Director/ Bulk Sales", "Director / Bulk Sales"),
    ],
)
def test_a_space_lost_beside_a_dash_or_slash(read: str, title: str) -> None:
    assert _even_separators(read) == title


@pytest.mark.parametrize(
    "text", ["Visit us at", "Vienna Airport, Austria", "Atasehir /istanbul /Turkiye"]
)
def test_invitations_and_address_ends_are_no_missed_title(text: str) -> None:
    assert not could_be_title_or_company(text)


def _qr(**fields: object) -> QrResult:
    return QrResult(kind="vcard", payload="BEGIN:VCARD", contact=Contact(**fields))  # type: ignore[arg-type]


def test_a_code_worded_unlike_the_card_is_flagged() -> None:
    printed = ParsedContact(contact=Contact(title="VP of Strategy", full_name="Fawaz Alatarash"))
    merged = merge(printed, _qr(title="Vice President of Strategy", full_name="Fawaz Alatarash"))
    assert merged.contact.title == "Vice President of Strategy"
    assert merged.doubtful == ("title",)


def test_a_code_that_corrects_a_misread_is_trusted() -> None:
    printed = ParsedContact(contact=Contact(full_name="Jorg Schroder", company="Kranlch GmbH"))
    merged = merge(printed, _qr(full_name="Jörg Schröder", company="Kranich GmbH"))
    assert merged.doubtful == ()
