"""Postal addresses read whole, one small card per failure kind seen on real cards: the parser took
the first line(s) and left the rest of the address on the next line(s) or beside a separator; its
confidence must say whether what it took looks whole."""

from __future__ import annotations

import pytest

from ocr.confidence import UNCALIBRATED_FLOOR
from ocr.models import ParsedContact, Settings
from ocr.parse import parse_contact
from ocr.parse.address_parts import (
    branch_label,
    is_address_part,
    locality,
    not_address,
    place_list,
)
from ocr.parse.synthetic import ocr_from_text


def _parse(text: str) -> ParsedContact:
    return parse_contact(ocr_from_text(text), Settings())


def _card(*address: str) -> str:
    return "\n".join(
        [
            "# Emre Kaya",
            "Sales Manager",
            "Demir Makina Ltd.",
            "",
            *address,
            "",
            "emre@demir.com.tr",
            "+90 212 555 12 34",
        ]
    )


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # Turkish: quarter and street on one line, the number, district and city on the next.
        (
            ["Yenisahra Mah. Deste Sokak", "No:13/A Ataşehir 34746", "İstanbul-TÜRKİYE"],
            "Yenisahra Mah. Deste Sokak, No:13/A Ataşehir 34746, İstanbul-TÜRKİYE",
        ),
        # Thai: 'Moo' and a road ending in ',' run on into a list of places, then postcode.
        (
            ["322 Moo 2, Srisoontorn Road,", "Cherngtalay, Thalang, Phuket", "83100, Thailand"],
            "322 Moo 2, Srisoontorn Road, Cherngtalay, Thalang, Phuket, 83100, Thailand",
        ),
        # Floor and tower first, then a ward, then the district and country on one line.
        (
            [
                "18th Floor, Pearl Plaza Tower,",
                "561A Dien Bien Phu, Ward 25,",
                "Binh Thanh Dist., Ho Chi Minh City, Viet Nam",
            ],
            "18th Floor, Pearl Plaza Tower, 561A Dien Bien Phu, Ward 25, "
            "Binh Thanh Dist., Ho Chi Minh City, Viet Nam",
        ),
        # A PO box line, then the town and a long country form ('Kingdom of ...').
        (
            [
                "P.O.Box 10070, Manama, Bldg. No. 577, Road 2516",
                "Busaiteen 225, Kingdom of Bahrain",
            ],
            "P.O.Box 10070, Manama, Bldg. No. 577, Road 2516, Busaiteen 225, Kingdom of Bahrain",
        ),
    ],
)
def test_address_lines_that_run_on_are_taken_whole(lines: list[str], expected: str) -> None:
    parsed = _parse(_card(*lines))
    assert parsed.contact.address == expected
    # Whole, ending on a place: shown without a flag.
    assert parsed.confidence["address"] >= UNCALIBRATED_FLOOR
    assert parsed.contact.full_name == "Emre Kaya"
    assert parsed.contact.title == "Sales Manager"


def test_parts_printed_side_by_side_with_separators() -> None:
    parsed = _parse(_card("Welledewala Road | Yaddehimulla | Unawatuna | Sri Lanka"))
    assert parsed.contact.address == "Welledewala Road, Yaddehimulla, Unawatuna, Sri Lanka"


def test_a_city_and_country_line_alone_is_the_address() -> None:
    parsed = _parse(_card("Sheikh Zayed Road", "Dubai, UAE"))
    assert parsed.contact.address == "Sheikh Zayed Road, Dubai, UAE"


def test_an_address_cut_short_stays_doubtful() -> None:
    # The street line ends in ',' and what follows is not read: the address is cut.
    parsed = _parse(_card("Anbar Mah. Osman Kavuncu Bul.,"))
    assert parsed.contact.address
    assert parsed.confidence["address"] < UNCALIBRATED_FLOOR


def test_a_second_address_under_a_label_is_not_run_together() -> None:
    parsed = _parse(
        _card(
            "İstoç Şube: 10.Ada No: 38",
            "Mahmutbey - Bağcılar / İSTANBUL",
            "Fabrika: Zübeyde Hanım Mah. 1264 Sk. No:7",
            "G.O.P / İSTANBUL",
        )
    )
    address = parsed.contact.address or ""
    assert not ("İstoç" in address and "Fabrika" in address)
    # Two addresses: which one the contact means is the user's call.
    assert parsed.confidence["address"] < UNCALIBRATED_FLOOR


def test_a_slogan_or_registration_line_under_the_address_is_left_out() -> None:
    parsed = _parse(
        _card(
            "130 Park Row, Edinburgh EH2 1JN",
            "Registered in England No. 00386455",
            "Building trust since 1998",
        )
    )
    assert parsed.contact.address == "130 Park Row, Edinburgh EH2 1JN"
    assert parsed.confidence["address"] >= UNCALIBRATED_FLOOR


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("No:13 Hadımköy - Istanbul", True),
        ("Binh Thanh Dist., Ho Chi Minh City, Viet Nam", True),
        ("Al Majaz 3, Buhairah Corniche, Sharjah", True),
        ("イナダビル302", True),
        ("Area Sales Manager", False),  # a title with an address word
        ("Jongyoul Park, Ph.D", False),  # a name with one
        ("We deliver as needed.", False),
        ("BTW BE 0031.031.031 RPR Bruxelles", False),
        ("Tel: (0212) 231 99 93", False),
    ],
)
def test_address_part_evidence(text: str, part: bool) -> None:
    assert is_address_part(text) is part


def test_labels_and_slogans() -> None:
    assert branch_label("Fabrika: Zübeyde Hanım Mah.")
    assert not branch_label("No: 13")
    assert not branch_label("Address: 12 Main Street")
    assert not_address("Building trust since 1998")
    assert not not_address("250 rue des Droits de l'Homme")


def test_the_district_and_city_line_closes_the_address() -> None:
    assert place_list("Başakşehir / İST.")
    assert place_list("Mahmutbey - Bağcılar")
    assert not place_list("Tel: (84-258) 3529 55")
    assert not place_list("Director / Manager")


def test_a_year_is_no_postcode() -> None:
    assert locality("34030")
    assert not locality("Ihr Partner seit 1987")
    assert not locality("Since 1874")


def test_a_registered_office_is_an_address_label() -> None:
    assert not not_address("Registered Office: Ground Floor,")
    assert not_address("Registered in England No. 00386455")


def test_two_addresses_on_two_lines_each_with_its_country_are_doubtful() -> None:
    parsed = _parse(
        _card(
            "Sharm. P.O Box 169, SOHO Square, Sharm El Sheikh, Egypt",
            "Cairo. Villa 26, El Sawalhi St., District 8, Nasr City, Egypt",
        )
    )
    assert parsed.contact.address
    assert parsed.confidence["address"] < UNCALIBRATED_FLOOR


@pytest.mark.parametrize(
    ("lines", "end"),
    [
        (["Anbar Mah. Osman Kavuncu Bul.", "No. 558/A Melikgazi - KAYSERİ"], "KAYSERİ"),
        (
            [
                "Silk Route-201, Nr. Astha Gate,",
                "Mavdi Area, 150 Feet Ring Road,",
                "Rajkot-360 004.",
            ],
            "004.",
        ),
        (["İ.O.S.B. Tümsan San. Sit.", "1.Kısım 6.Blok No:4", "Başakşehir / İST."], "İST."),
    ],
)
def test_an_address_ending_on_its_city_after_a_dash_or_slash_is_whole(
    lines: list[str], end: str
) -> None:
    parsed = _parse(_card(*lines))
    assert (parsed.contact.address or "").endswith(end)
    assert parsed.confidence["address"] >= UNCALIBRATED_FLOOR


def test_a_line_labelled_as_the_address_is_the_address() -> None:
    parsed = _parse(_card("A : 20A Tran Quang Khai, P. Loc Tho,", "TP. Nha Trang, Tinh Khanh Hoa"))
    assert (
        parsed.contact.address == "20A Tran Quang Khai, P. Loc Tho, TP. Nha Trang, Tinh Khanh Hoa"
    )
