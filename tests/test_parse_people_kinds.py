"""Name and title failure kinds seen on real cards, each as a small card (no images)."""

from __future__ import annotations

from ocr.models import Contact, Settings
from ocr.parse import parse_contact
from ocr.parse.names import email_name_match, parse_name
from ocr.parse.postnominals import is_credentials
from ocr.parse.synthetic import ocr_from_text
from ocr.parse.titles import title_score


def _read(text: str) -> Contact:
    return parse_contact(ocr_from_text(text), Settings()).contact


def test_post_nominals_after_a_comma_leave_the_name() -> None:
    c = _read("# MARK D. MALVIN, D.M.D.\nComprehensive Dental Care\n\nOffice Hours\nBy Appointment")
    assert c.full_name == "Mark D. Malvin"
    assert parse_name("Pushpendra Kumar Singh, ITS").full == "Pushpendra Kumar Singh"
    # Surname first in capitals is a name, not post-nominals.
    assert parse_name("SMITH, JOHN").full == "John Smith"


def test_a_name_read_without_its_space_is_split_where_the_email_says() -> None:
    c = _read("SEVEN SEAS\n\n# MAENJARRAR\nINTEGRATED SHIPPING SUPERVISOR\nmaen@7seas.com")
    assert (c.full_name, c.title) == ("Maen Jarrar", "INTEGRATED SHIPPING SUPERVISOR")


def test_a_glued_brand_is_no_name_without_evidence() -> None:
    assert _read("# SafeSea\nBangladesh Ltd.\ninfo@safesea.com").full_name is None


def test_two_scripts_on_one_line_give_the_latin_name() -> None:
    c = _read("# 吳允賢 Antony Wu\nSr. Director\nantony.wu@adlink.com")
    assert c.full_name == "Antony Wu"


def test_a_given_name_that_names_a_country() -> None:
    c = _read("CIS Global Services\n\n# Mauricio Regner\nSales Manager\ninfo@cis.com")
    assert c.full_name == "Mauricio Regner"


def test_a_line_beside_a_country_is_a_place() -> None:
    c = _read("Factory\nOrganize Sanayi Cad. No: 3\nErenler Sakarya    TÜRKİYE")
    assert c.full_name != "Erenler Sakarya"


def test_hyphenated_given_name_goes_by_initials_in_the_email() -> None:
    assert email_name_match("Byung-Keun Park", ["bk.park"]) >= 0.9
    c = _read("# Byung-Keun Park\nCEO\nbk.park@baiple.com")
    assert c.full_name == "Byung-Keun Park"


def test_two_people_on_one_card_the_larger_print_wins() -> None:
    c = _read("# Dr Divyesh Patel     . Dr Nehal Patel\n\nSANJIVANI Dental Hospital")
    assert c.full_name == "Divyesh Patel"


def test_roles_side_by_side_are_one_title_as_printed() -> None:
    c = _read("# Charles Williamson\nExecutive Director / General Manager\ncw@nd.com")
    assert c.title == "Executive Director / General Manager"
    c = _read("# Myungil Kim\nPrincipal Researcher    Head\nmikim@kisti.re.kr")
    assert c.title == "Principal Researcher, Head"


def test_a_second_role_under_the_title_is_kept_from_the_company() -> None:
    c = _read(
        "State University\n\n# Sang-Heui Lee, Ph.D.\nProfessor of Management\n"
        "Editor-in-Chief - Journal of Managerial Issues\nslee@state.edu"
    )
    assert c.title == "Professor of Management, Editor-in-Chief - Journal of Managerial Issues"


def test_the_title_in_a_second_language_set_smaller() -> None:
    c = _read("# Uğur KARALI\nİmalat Müdürü\n. Production Manager\nukarali@bemmak.com")
    assert c.title == "İmalat Müdürü, Production Manager"


def test_departments_and_head_office_are_no_titles() -> None:
    assert title_score("Head Office") == 0
    assert title_score("Deputy") == 0  # the role itself was not read
    c = _read("# Kevin Jeong\nDirector\nSales Dept.\nkevin@dyulc.co.kr")
    assert c.title == "Director"
    c = _read("# Mauricio Regner\nSALES DEPARTMENT\n\nHead Office\nPiedras 113, Buenos Aires")
    assert c.title is None


def test_degrees_under_the_name_are_no_title() -> None:
    assert is_credentials("B.Com, ACA")
    assert not is_credentials("CEO")
    c = _read("# CA Pushkar S. Solanki\n           B.Com, ACA\n\ncapushkar@gmail.com")
    assert c.title is None


def test_professions_by_their_ending_and_brackets() -> None:
    assert title_score("Implantologist") > 0 and title_score("Physician") > 0
    c = _read("# Dr Divyesh Patel\n(Dental surgeon & Implantologist)\n\nDental Hospital")
    assert c.title == "Dental surgeon & Implantologist"


def test_a_slash_spaced_on_one_side_is_spaced_on_both() -> None:
    c = _read("# Kevin Park\nDirector/ Bulk Sales Team\nkevin.park@dyulc.co.kr")
    assert c.title == "Director / Bulk Sales Team"


def test_all_caps_names_are_capitalised() -> None:
    assert parse_name("ATINA ASATIANI").full == "Atina Asatiani"
    assert parse_name("Ferit DALGIÇ").full == "Ferit Dalgiç"


def test_marks_by_a_logo_are_no_one_word_name() -> None:
    # 'MS' reads as a prefix, leaving one word: a one-word name needs the email to say so.
    assert _read("MS\nJAB\n\nACME株式会社\ninfo@acme.jp").full_name is None


def test_a_slogan_with_a_preposition_inside_is_no_name() -> None:
    assert _read("# FIRST IN CHANGE\n\nsyang@unist.ac.kr").full_name is None


def test_furigana_over_a_name_is_no_title() -> None:
    c = _read(". わたなべ\n# 渡邊 翼\n\nwatanabe@aeon.biz")
    assert c.title is None


def test_a_name_without_email_or_title_beside_it_has_weaker_evidence() -> None:
    def evidence(text: str) -> float:
        return parse_contact(ocr_from_text(text), Settings()).confidence["full_name"]

    backed = evidence("# Alpay Türk\nSales Manager\n\nalpay@firma.com.tr")
    alone = evidence("# Alpay Türk\n\n+90 212 555 12 12")
    assert alone < 0.8 * backed


def test_logo_letters_under_the_title_are_no_part_of_it() -> None:
    c = _read("# Lukas Bäumer\nVertriebsleiter\n# KS\n\nlukas@kranich-software.de")
    assert c.title == "Vertriebsleiter"


def test_a_title_word_read_unsure_is_kept() -> None:
    c = _read("# Somi Kim\nSenior~ Manager\nsomikim@nia.or.kr")
    assert c.title == "Senior Manager"


def test_a_shared_mailbox_vouches_for_no_name() -> None:
    assert email_name_match("Sales Manager", ["sales"]) == 0.0
    assert _read("# INFORMATION\n\ninfo@acme.com").full_name is None


def test_a_name_in_small_letters_with_its_prefixes() -> None:
    c = _read("# prof. dr. lukas schäfer\nGeschäftsführer\nl.schaefer@rheinfall.ch")
    assert (c.full_name or "").lower() == "lukas schäfer"


def test_a_one_word_name_with_the_email_label_glued_on() -> None:
    assert email_name_match("Lotte", ["Elotte"]) >= 0.7


def test_german_roles_ending_in_beauftragter() -> None:
    assert title_score("Datenschutzbeauftragter") > 0


def test_a_name_read_unsure_that_the_email_spells_out() -> None:
    c = _read("Zürcher & Keller AG\n\n# Björn~ Bäumer\n\nb.baeumer@zuercher-keller.ch")
    assert c.full_name == "Björn Bäumer"
