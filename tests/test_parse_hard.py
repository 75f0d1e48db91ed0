"""What real cards do that a plain generator never did: each failure kind as a small card.

Cards are written in ``ocr.parse.synthetic``'s text format (``#`` large, ``##`` logo-sized,
``.`` small print; a blank line starts a new block).
"""

from __future__ import annotations

from ocr.models import Settings
from ocr.parse import ocr_from_text, parse_contact

SETTINGS = Settings()


def parse(text: str):
    return parse_contact(ocr_from_text(text), SETTINGS)


def test_logo_abbreviation_gives_way_to_the_full_legal_name_in_small_print() -> None:
    contact = parse(
        """## NSG

# Anna Weber
Geschäftsführerin

. Nordlicht Solutions GmbH
Friedrichstraße 12
10117 Berlin
anna.weber@nsg.de"""
    ).contact
    assert contact.company == "Nordlicht Solutions GmbH"
    assert contact.full_name == "Anna Weber"


def test_descriptor_printed_large_is_no_name() -> None:
    contact = parse(
        """## Chartered Accountants

# Priya Raman
Partner
Raman & Iyer LLP
priya@ramaniyer.in
+91 44 2434 5678"""
    ).contact
    assert contact.full_name == "Priya Raman"
    assert contact.company == "Raman & Iyer LLP"


def test_building_name_is_no_name() -> None:
    contact = parse(
        """# Meridian House
# Tom Baker
Sales Director
tom.baker@harbourline.co.uk
www.harbourline.co.uk"""
    ).contact
    assert contact.full_name == "Tom Baker"


def test_lower_case_name_confirmed_by_the_email() -> None:
    contact = parse(
        """# lena fuchs
designer
lena@fuchs-studio.de"""
    ).contact
    assert contact.full_name is not None
    assert contact.full_name.casefold() == "lena fuchs"


def test_one_word_name_only_with_the_email_behind_it() -> None:
    backed = parse(
        """# Mahesh
Head of Sales
mahesh@kaveri-textiles.in"""
    ).contact
    assert backed.full_name == "Mahesh"
    unbacked = parse(
        """# Kaveri
Head of Sales
sales@kaveri-textiles.in"""
    ).contact
    assert unbacked.full_name is None


def test_name_and_title_on_one_line() -> None:
    contact = parse(
        """# Julia Brandt, Head of Marketing
Kranich Software KG
j.brandt@kranich-software.de"""
    ).contact
    assert contact.full_name == "Julia Brandt"
    assert contact.title == "Head of Marketing"


def test_company_over_two_lines_is_joined() -> None:
    contact = parse(
        """# Myungil Kim
Principal Researcher

Korea Institute of Science and
Technology Information
mikim@kisti.re.kr"""
    ).contact
    assert contact.company == "Korea Institute of Science and Technology Information"


def test_several_roles_joined_with_commas() -> None:
    contact = parse(
        """# Jonas Lehmann
Managing Director
Head of Sales
Elbtal Logistik GmbH
jonas.lehmann@elbtal-logistik.de"""
    ).contact
    assert contact.title == "Managing Director, Head of Sales"


def test_two_scripts_give_the_latin_name() -> None:
    contact = parse(
        """# 山下 和樹
# Kazuki Yamashita
営業部
mocomoco株式会社
yamashita@mocomoco.ai"""
    ).contact
    assert contact.full_name == "Kazuki Yamashita"
    assert contact.company == "mocomoco株式会社"


def test_printed_cjk_name_when_no_latin_name() -> None:
    contact = parse(
        """# 陳德威
阿斯利康香港有限公司
+852 2420 7388"""
    ).contact
    assert contact.full_name == "陳德威"


def test_registration_numbers_and_dates_are_no_phones() -> None:
    contact = parse(
        """# Rahul Mehta
Director
Mehta Exports Pvt. Ltd.
Tel +91 22 2345 6789
. GSTIN 27AAACM1234F1Z5 · CIN U51909MH2004PTC123456
. Reg. No 123 4567 8901 · Since 12.05.2004
rahul@mehtaexports.in"""
    ).contact
    assert [p.number for p in contact.phones] == ["+912223456789"]


def test_vat_footer_is_no_phone() -> None:
    contact = parse(
        """# Oliver Grant
Partner
Whitfield Hale LLP
T 020 7946 0123
. Registered in England No. 01234567 · VAT GB 123 4567 89
oliver.grant@whitfieldhale.co.uk"""
    ).contact
    assert [p.number for p in contact.phones] == ["+442079460123"]


def test_names_in_any_latin_alphabet() -> None:
    contact = parse(
        """# Uğur KARALI
Genel Müdür
ukarali@bemmak.com"""
    ).contact
    assert contact.full_name == "Uğur Karali"


def test_country_from_a_city_and_a_label_cut_off_beside_its_number() -> None:
    contact = parse(
        """# Abdullah Eren
Genel Müdür
Bayrampaşa - İstanbul
Tel     (0212) 545 86 19
Gsm     (0532) 262 07 75
abdullah@modernmetal.com"""
    ).contact
    assert [(p.number, p.kind) for p in contact.phones] == [
        ("+902125458619", "work"),
        ("+905322620775", "mobile"),
    ]


def test_a_place_is_no_name() -> None:
    contact = parse(
        """## Maldives Raa Atoll
# Mohamed Abdulla
Resort Manager
resort.manager@furaveri.com"""
    ).contact
    assert contact.full_name == "Mohamed Abdulla"


def test_left_over_text_makes_a_missing_company_doubtful() -> None:
    parsed = parse(
        """# Anna Weber
Sinnvoll Zusammen Wachsen Arbeiten
anna@weber.example.de"""
    )
    assert parsed.contact.company is None
    assert "company" in parsed.doubtful


def test_cjk_name_printed_in_two_pieces_is_one_name() -> None:
    contact = parse(
        """EC本部
# 渡邊  翼
watanabe@aeon.example.jp"""
    ).contact
    assert contact.full_name == "渡邊 翼"


def test_company_is_not_joined_with_its_name_in_the_other_script() -> None:
    contact = parse(
        """# Kurumi Koike
Sales Manager
ブティックス株式会社
Boutiques, Inc.
koike@btix.jp
btix.jp"""
    ).contact
    assert contact.company == "Boutiques, Inc."
