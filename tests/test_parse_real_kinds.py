"""Failure kinds seen on real cards, each as a small card: what the parser must read from them."""

from __future__ import annotations

import pytest

from ocr.models import Contact, Settings
from ocr.parse import parse_contact
from ocr.parse.emails import find_emails
from ocr.parse.phones import find_phones
from ocr.parse.synthetic import ocr_from_text
from ocr.parse.titles import title_score


def _read(text: str) -> Contact:
    return parse_contact(ocr_from_text(text), Settings()).contact


@pytest.mark.parametrize(
    ("text", "region", "expected"),
    [
        # A block of lines printed as one number and its other endings: the first number.
        ("Tel: 0212 671 71 95-96", "TR", ["+902126717195"]),
        ("Tel : +90 324 238 05 40-41-42", "TR", ["+903242380540"]),
        ("+84 (28) 3512 9990/91/92/93/94", "VN", ["+842835129990"]),
        # A German extension is part of the number, not a block.
        ("T +49 30 12345-0", "DE", ["+4930123450"]),
        ("620-235-4597", "US", ["+16202354597"]),
    ],
)
def test_number_blocks(text: str, region: str, expected: list[str]) -> None:
    assert [p.number for p in find_phones(text, region)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("E-mail.sjchang92@keris.or.kr", ["sjchang92@keris.or.kr"]),
        ("puniga.yawananon@melia.comwww.melia.com", ["puniga.yawananon@melia.com"]),
    ],
)
def test_glued_labels_and_websites_are_cut_off(text: str, expected: list[str]) -> None:
    assert [e.address for e in find_emails(text)] == expected


@pytest.mark.parametrize("text", ["General Manager-Owner", "Training Co-ordinator"])
def test_hyphenated_titles(text: str) -> None:
    assert title_score(text) >= 0.55


def test_title_in_brackets_after_the_name() -> None:
    c = _read("ULLAS INDIA LIMITED\n\nUtsav Busa (Director)\nutsav@ullasindia.com")
    assert (c.full_name, c.title) == ("Utsav Busa", "Director")


def test_title_beside_an_email_is_kept_whole() -> None:
    c = _read("# Majd Wehbeh\nGeneral Manager-Owner majd@compass-freight.net")
    assert c.title == "General Manager-Owner"
    assert c.emails == ("majd@compass-freight.net",)


def test_name_and_title_on_one_line_split_where_the_email_name_ends() -> None:
    c = _read("Mohamed Ibad Abdulla Resort Manager\nibad.abdulla@furaveri.com")
    assert (c.full_name, c.title) == ("Mohamed Ibad Abdulla", "Resort Manager")


def test_logo_abbreviation_gives_way_to_the_full_name_printed_elsewhere() -> None:
    c = _read(
        "## GSL\n# Leo Ge\nManaging Director\nleo-ge@gslcn.com\nwww.gslcn.com\n\n"
        "Global Star Logistics"
    )
    assert c.company == "Global Star Logistics"


def test_logo_word_repeated_in_the_full_name_under_it() -> None:
    c = _read("# seas\nSEVEN SEAS LOGISTICS\n\nMaen Jarrar\nSupervisor\nmaen@7seas-group.com")
    assert c.company == "SEVEN SEAS LOGISTICS"


def test_legal_line_closing_a_logo_lock_up_takes_the_lines_above() -> None:
    c = _read(
        "## ELEMENT\n# International Forwarding\n# Logistics Ltd.\n\n"
        "Can Özoktay\nSupervisor\nbaris@elementlogistic.com"
    )
    assert c.company == "ELEMENT International Forwarding Logistics Ltd."


def test_a_full_legal_name_takes_no_line_from_above() -> None:
    c = _read(
        "# DR. JOSÉ MÜLLER, MBA\nHead of Sales\nEMEA & DACH\nBrückner Maschinenbau AG\n"
        "E-Mail: jmueller@brueckner-maschinenbau.de"
    )
    assert c.company == "Brückner Maschinenbau AG"
    assert c.title == "Head of Sales EMEA & DACH"


def test_company_does_not_run_on_into_a_labelled_address() -> None:
    c = _read(
        "# Natasha Acharya\nTraining Co-ordinator\nnatasha.acharya@c4i4.org\n\n"
        "Samarth Udyog Technology Forum,\nRegistered Office: Ground Floor.\n"
        "Ganeshkhind, Pune - 411 007"
    )
    assert c.company == "Samarth Udyog Technology Forum"
    assert c.title == "Training Co-ordinator"


def test_surname_that_is_also_an_address_word_with_the_email_backing_it() -> None:
    c = _read("Jongyoul Park,Ph.D\nAssociate Professor\njongyoul@seoultech.ac.kr")
    assert c.full_name == "Jongyoul Park"


def test_regions_under_a_title_continue_it_and_a_slogan_does_not() -> None:
    c = _read("# Fabio Rojas\nTLD Manager\nEurope, Asia, Middle East\nfrojas@interwf.com")
    assert c.title == "TLD Manager, Europe, Asia, Middle East"
    c = _read(
        "# Tolga Erkoc\nSenior Account Executive\nCustoms IT of Tomorrow\nt.erkoc@digicust.com"
    )
    assert c.title == "Senior Account Executive"


def test_nickname_in_brackets_and_a_list_of_places() -> None:
    c = _read(
        "# Donlapa Seubsak (Paam)\nEvent Sales Manager\neventsales-phuket@amoragroup.com\n"
        "322 Moo 2, Srisoontorn Road,\nCherngtalay, Thalang, Phuket\n83100, Thailand"
    )
    assert c.full_name == "Donlapa Seubsak"


def test_a_whole_address_then_the_website_is_not_one_cut_address() -> None:
    # 'anna@melia.com www.melia.com': the split-address repair must not glue the website on.
    found = find_emails("puniga.yawananon@melia.com www.melia.com", "melia.com")
    assert [e.address for e in found] == ["puniga.yawananon@melia.com"]
