"""Doubts that flag a field for a look: each kind on a tiny synthetic card (no real images)."""

from __future__ import annotations

import pytest

from ocr.models import Settings, Word
from ocr.parse import parse_contact
from ocr.parse.contact_result import (
    bare_legal_form_left,
    could_be_title_or_company,
    dangling_line_left,
    phone_like_run,
    title_line_left,
)
from ocr.parse.phones import find_phones
from ocr.parse.reading_doubts import (
    company_doubt,
    glued_email,
    near_miss_domain,
    spelled_out_elsewhere,
    words_run_together,
)
from ocr.parse.segments import Field, Segment
from ocr.parse.synthetic import ocr_from_text


@pytest.mark.parametrize(
    "text",
    [
        "Telefon",  # a bare phone label cut from its number
        "Gsm:",
        "Edinburgh EH21JN",  # a postcode: an address fragment
        "Devenigoda, Rathgama, Galle",  # a list of places
        "B.Com, ACA",  # degrees under a name
        "Head Office",  # a place, not a role
        "Office Hours",
        "BTW BE RPR Bruxelles",  # a registration line
        "@saurabh667",  # a handle
    ],
)
def test_leftover_lines_that_cannot_be_a_missed_title_or_company(text: str) -> None:
    assert not could_be_title_or_company(text)


@pytest.mark.parametrize(
    "text", ["Editorial Bureau", "GLOBAL LOGISTICS PROVIDER", "RECEPTION", "Office Manager"]
)
def test_leftover_lines_that_may_be_a_missed_title_or_company(text: str) -> None:
    assert could_be_title_or_company(text)


def test_a_logo_repeat_of_the_company_raises_no_doubt() -> None:
    card = "PLASCOW\nDan Rotbard\nPlascow Ltd\ndan@plascow.com\nT +972 3 555 1234"
    parsed = parse_contact(ocr_from_text(card), Settings())
    assert "title" not in parsed.doubtful


@pytest.mark.parametrize(
    ("email", "printed", "name"),
    [
        ("elotte@polderlicht.nl", "Elotte@polderlicht.nl", "Lotte Visser"),  # glued 'E'
        ("eh1006.sales@hotels.com", "EH1006.sales@hotels.com", "Ana Ruiz"),
        ("baeumer@keller.ch", "Ej baeumer@keller.ch", "Jörg Bäumer"),  # lost its initial
    ],
)
def test_email_glued_to_its_label_is_doubtful(email: str, printed: str, name: str) -> None:
    assert glued_email(email, [printed], name)


@pytest.mark.parametrize(
    ("email", "printed", "name"),
    [
        ("dbouchard@maple.ca", "dbouchard@maple.ca", "Denis Bouchard"),  # initial + family
        ("etremblay@chen.ca", "Etremblay@Chen.ca", "Étienne Tremblay"),
        ("mina.helmy@savoy.com", "Mina.Helmy@savoy.com", "Mina Helmy"),  # spells the name
        ("davidng@sino.com", "Ei davidng@sino.com", "David Ng"),  # an icon read as 'Ei'
    ],
)
def test_usual_email_forms_are_not_doubtful(email: str, printed: str, name: str) -> None:
    assert not glued_email(email, [printed], name)


def test_email_doubt_reaches_the_parse() -> None:
    card = "Lotte Visser\nAccountmanager\nPolderlicht Media\nElotte@polderlicht.nl\nT 010 123 4567"
    parsed = parse_contact(ocr_from_text(card), Settings())
    assert "emails" in parsed.doubtful


@pytest.mark.parametrize(
    ("site", "email", "doubtful"),
    [
        ("webbrabant-logistics.be", "a@brabant-logistics.be", True),  # the 'Web' label glued
        ("daimlertruckorea.co.kr", "a@daimlertruckkorea.co.kr", True),  # a letter lost
        ("www.kist.re.kr", "a@kisti.re.kr", True),  # under a country's second level
        ("www.astrazeneca.com.hk", "a@astrazeneca.com", False),  # another country's domain
        ("savoygroup-sharm.com", "a@savoy-sharm.com", False),  # a longer real variant
        ("acme-tools.com", "a@gmail.com", False),  # another organisation
    ],
)
def test_website_near_miss_of_the_email_domain(site: str, email: str, doubtful: bool) -> None:
    assert bool(near_miss_domain(site, (email,))) is doubtful


def test_a_number_glued_to_letters_is_no_phone() -> None:
    # A VAT number ('NL031517722B01') holds digits a phone parse would take.
    assert find_phones("KvK 38223636 · BTW NL031517722B01", "NL") == []
    assert [p.number for p in find_phones("Tel. +31 30 351 8885", "NL")] == ["+31303518885"]


@pytest.mark.parametrize(
    ("company", "email", "doubtful"),
    [
        ("Dockfl", "pauline@dockflow.com", True),  # the logo's last letters lost
        ("Dockflow", "pauline@dockflow.com", False),
        ("Brabant Logistics SA", "a@brabant-logistics.be", False),  # words and a legal form
        ("The Law Firm of Salah Al-Hejailan Since 1968 (L.L.C)", "a@law.com", True),  # tagline
        ("1Grupo Alhambra Consultores", "a@alhambra.es", True),  # a mark read as a digit
        ("OVERSEAS", "a@seli-overseas.com", True),  # a word of the brand lost
        ("3M Deutschland GmbH", "a@mmm.com", False),
    ],
)
def test_company_cut_short_or_carrying_a_tagline(company: str, email: str, doubtful: bool) -> None:
    assert company_doubt(company, (email,), None) is doubtful


@pytest.mark.parametrize(
    ("text", "doubtful"),
    [
        ("M010·4711·1434", True),  # a number in one run: maybe a missed phone
        ("DL : (852) 2132 8222", True),
        ("245, Daehak-ro, Yuseong-gu, Daejeon, 34141, Korea", False),  # an address's digits
        ("No:13/A Ataşehir 34746", False),
    ],
)
def test_missed_phone_doubt_needs_digits_in_one_run(text: str, doubtful: bool) -> None:
    assert phone_like_run(text) is doubtful


def test_a_linkedin_profile_is_no_missed_website() -> None:
    card = "Sanne de Vries\nAccountmanager\nGrachtwerk B.V.\nsanne@grachtwerk.nl\n"
    card += "T +31 20 555 0101\nwww.linkedin.com/in/sanne-devries"
    parsed = parse_contact(ocr_from_text(card), Settings())
    assert parsed.contact.website is None
    assert "website" not in parsed.doubtful


def _segment(text: str) -> Segment:
    words = [Word(w, 1.0, (0, 0, 10, 10)) for w in text.split()]
    return Segment(index=0, line_no=0, words=words, block=1)


def test_a_legal_form_left_on_its_own_line_doubts_the_company() -> None:
    segs = [_segment("GmbH")]
    assert bare_legal_form_left(segs, "Weber & Partner")
    assert not bare_legal_form_left(segs, "Weber & Partner GmbH")  # already in it
    assert not bare_legal_form_left([_segment("Ihr Partner seit 1987")], "Weber")


def test_a_title_whose_line_goes_on_unread_is_doubtful() -> None:
    tail = "\nADLINK Technology, Inc.\nantony.wu@adlinktech.com\n+886-935-246-508"
    cut = parse_contact(
        ocr_from_text("Antony Wu\nSr. Director | Edge Visualization BU" + tail), Settings()
    )
    assert cut.contact.title == "Sr. Director"
    assert "title" in cut.doubtful
    # A name printed beside the title on its line is no loss.
    card = "Harriet Okonkwo, Business Development Manager\nGrachtwerk B.V.\n"
    card += "harriet@grachtwerk.nl\nT +31 20 555 0101"
    assert "title" not in parse_contact(ocr_from_text(card), Settings()).doubtful


def test_an_edu_site_beside_the_email_is_the_website() -> None:
    card = "Sang Lee\nProfessor\nPittsburg State University\n"
    card += (
        "slee@pittstate.edu business.pittstate.edu\njournalofmanagerialissues.com\n+1 620 235 4597"
    )
    assert (
        parse_contact(ocr_from_text(card), Settings()).contact.website == "business.pittstate.edu"
    )


def test_a_line_left_over_ending_in_a_linking_word_doubts_the_company() -> None:
    taken = {"company": Field("Management Consulting, Inc.", 0.9, ())}
    assert dangling_line_left([_segment("NTT DATA INSTITUTE OF")], taken)
    assert not dangling_line_left([_segment("Social System Innovation Unit")], taken)


def test_a_word_dropped_from_the_title_piece_doubts_the_title() -> None:
    seg = _segment("Head of Business Development")
    seg.words[2] = Word("Business", 0.3, (50, 0, 10, 10))  # read poorly, left out
    kept = tuple(w.box for w in seg.words if w.text != "Business")
    assert title_line_left({"title": Field("Head of Development", 0.9, kept)}, [seg])
    whole = tuple(w.box for w in seg.words)
    assert not title_line_left({"title": Field("Head of Business Development", 0.9, whole)}, [seg])


@pytest.mark.parametrize(
    ("value", "doubtful"),
    [
        ("GroupeVendômeConseil", True),  # spaces lost between words
        ("Managing DrectorDiretor Gerente", True),
        ("McDonald", False),  # a capital after a short part: a name's or a brand's form
        ("BaiPLE", False),
        ("Koen de Jong", False),
    ],
)
def test_words_run_together(value: str, doubtful: bool) -> None:
    assert words_run_together(value) is doubtful


@pytest.mark.parametrize(
    ("company", "lines", "doubtful"),
    [
        ("NIA", ["NATIONAL INFORMATION", "SOCIETY AGENCY"], True),  # the initials
        ("SEOULTECH", ["SEOULNATIONAL UNIVERSITYOF"], True),  # the first letters
        ("Blaiklock", ["international logistics"], False),  # a tagline
        ("Acme GmbH", ["Acme Tools Europe"], False),  # a name in words already
    ],
)
def test_a_logo_short_form_spelled_out_elsewhere(
    company: str, lines: list[str], doubtful: bool
) -> None:
    assert spelled_out_elsewhere(company, lines) is doubtful


def test_an_ampersand_opening_a_line_is_no_logo_crumb() -> None:
    from ocr.parse.segments import split_segments

    texts = [s.text for s in split_segments(ocr_from_text("International Forwarding\n& Logistics"))]
    assert texts == ["International Forwarding", "& Logistics"]
