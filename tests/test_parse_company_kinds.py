"""Company failure kinds seen on real cards, each as a small card: what the parser must read."""

from __future__ import annotations

from dataclasses import replace

from ocr.merge import merge
from ocr.models import Contact, Line, OcrResult, QrResult, Settings, Word
from ocr.parse import parse_contact
from ocr.parse.company import domain_match, has_legal_form, repair_company
from ocr.parse.synthetic import ocr_from_text


def _read(text: str) -> Contact:
    return parse_contact(ocr_from_text(text), Settings()).contact


def _moved(line: Line, down: int) -> Line:
    """The line ``down`` pixels lower, in a block of its own."""
    words = tuple(replace(w, box=(w.box[0], w.box[1] + down, *w.box[2:])) for w in line.words)
    box = (line.box[0], line.box[1] + down, *line.box[2:])
    return replace(line, words=words, box=box, block=line.block + 1)


def test_legal_form_printed_in_capitals() -> None:
    assert has_legal_form("DY ULC CO., LTD.")
    assert has_legal_form("TMS AUTOMOTIVE GMBH")
    assert not has_legal_form("HOTEL & SPA")  # 'SpA' in capitals is a spa
    c = _read(
        "# DYULC\nINTERNATIONAL FREIGHT\n\n# Kevin Jeong\nDirector\n\n"
        "DY ULC CO., LTD.\nkevin@dyulc.co.kr"
    )
    assert c.company == "DY ULC CO., LTD."


def test_gulf_and_turkish_legal_forms() -> None:
    assert has_legal_form("Yokogawa Middle East & Africa B.S.C. (c)")
    assert has_legal_form("Gulf Trading W.L.L.")
    # OCR reads the Turkish 'A.Ş.' as 'A.$.' or 'A.S.': the form is restored.
    assert repair_company("ASIAPAC TURKEY TAŞIMACILIK A.$.") == "ASIAPAC TURKEY TAŞIMACILIK A.Ş."
    assert repair_company("Sarimet San. Tic. Ltd. Sti.") == "Sarimet San. Tic. Ltd. Şti."
    assert repair_company("ND DEFENSE™") == "ND DEFENSE"
    assert repair_company("SAVOY —GROUP—") == "SAVOY GROUP"
    assert repair_company("ODIO-TEK") == "ODIO-TEK"


def test_domain_spelled_by_the_name_words_or_their_initials() -> None:
    assert domain_match("SANJIVANI Dental Hospital", ["sanjivanidentalcare.co.in"]) > domain_match(
        "Dental Hospital", ["sanjivanidentalcare.co.in"]
    )
    assert domain_match("Pittsburg State University", ["pittstate.edu"]) >= 0.8
    assert (
        domain_match("Korea Institute of Science and Technology Information", ["kisti.re.kr"])
        >= 0.8
    )
    assert domain_match("John Smith", ["jsmith.com"]) == 0.0  # a person's handle, no acronym


def test_logo_word_printed_apart_joins_when_the_domain_spells_both() -> None:
    c = _read("CIS\nGlobal Services\n\n# Mauricio Regner\n\ncomercial2@cisglobalservices.com")
    assert c.company == "CIS Global Services"
    c = _read(
        "## SANJIVANI\n## Dental Hospital\n\n# Nehal Patel\nDentist\nwww.sanjivanidentalcare.co.in"
    )
    assert c.company == "SANJIVANI Dental Hospital"


def test_logo_beside_its_legal_line() -> None:
    # 'TMS' printed tall at the left, 'Automotive GmbH' small beside its lower half.
    logo = Line((Word("TMS", 0.9, (40, 30, 300, 150)),), (40, 30, 300, 150), 1, 1)
    legal_words = (
        Word("Automotive", 0.9, (350, 120, 200, 40)),
        Word("GmbH", 0.9, (560, 120, 90, 40)),
    )
    legal = Line(legal_words, (350, 120, 300, 40), 1, 1)
    below = ocr_from_text("# Mike Renn\nGeschäftsführer\nwww.tmsshop.de")
    lines = (logo, legal, *(_moved(ln, 200) for ln in below.lines))
    ocr = OcrResult(lines, below.image_size, "\n".join(ln.text for ln in lines))
    assert parse_contact(ocr, Settings()).contact.company == "TMS Automotive GmbH"


def test_name_broken_after_a_joining_word() -> None:
    c = _read(
        "# Myungil Kim\nPrincipal Researcher\n\nKorea Institute of\n"
        "# Science and Technology Information\nmikim@kisti.re.kr"
    )
    assert c.company == "Korea Institute of Science and Technology Information"


def test_slogans_descriptors_and_handles_are_no_company() -> None:
    c = _read("## BaiPLE\nBusiness, Ai, People\n\n# Byung Park\nCEO\nbk-park@baiple.com")
    assert c.company == "BaiPLE"
    c = _read("# Alessandro Ferri\nSales Manager\n\nGLOBAL LOGISTICS PROVIDER\nMilan, Italy")
    assert c.company is None
    c = _read("# Noppadon Prommuang\nVice President Sales\n\n@thavornhotels\nnoppadon@thavorn.com")
    assert c.company != "@thavornhotels"


def test_brand_that_spells_the_domain_drops_the_descriptor_under_it() -> None:
    c = _read("## Blaiklock\ninternational logistics\n\n# Chloe Taylor\nchloe@blaiklock.uk.com")
    assert c.company == "Blaiklock"
    # A place printed under the brand names the firm's site, and stays.
    c = _read("## FURAVERI\nMALDIVES\n\n# Mohamed Ibad\nResort Manager\nibad@furaveri.com")
    assert c.company == "FURAVERI MALDIVES"
    # So do the words of a Turkish registered name ('Sanayi': industry), OCR's 'Í' mended.
    c = _read("## BEMMAK\nKAZAN MAKÍNA SANAYI\n\n# Uğur Karali\nukarali@bemmak.com")
    assert c.company == "BEMMAK KAZAN MAKİNA SANAYI"


def test_bracketed_qualifier_after_a_title_is_no_legal_form() -> None:
    c = _read(
        "# Pushpendra Kumar Singh\nDeputy Director General (SA)\n"
        "Department of Telecommunications\nMinistry of Communications"
    )
    assert c.company == "Department of Telecommunications"


def test_venue_line_running_into_the_address_is_no_company() -> None:
    c = _read(
        "# Mehroof Parthipady\nGeneral Manager\n\nGulf Prime Solution\nThe Meydan Hotel,\n"
        "Grandstand 6th Floor, Meydan Road, Dubai\nmehroof@gpsfz.ae"
    )
    assert c.company == "Gulf Prime Solution"


def test_slogan_sentence_before_a_japanese_legal_name() -> None:
    c = _read(
        "# 山下 一樹\n\nもこもこで包んでお届け。 mocomoco株式会社\n東京都港区六本木7丁目20-19"
    )
    assert c.company == "mocomoco株式会社"


def test_firm_named_after_its_domain() -> None:
    c = _read("# Jeff Covey\nSite Editor\n\nAndover.Net, Inc.\njeff@freshmeat.net")
    assert c.company == "Andover.Net, Inc."


def test_lone_logo_is_a_weak_last_resort() -> None:
    c = _read("## MAS\nMASCHINEN\n. AN- UND VERKAUF")
    assert c.company == "MAS MASCHINEN"
    logo = parse_contact(
        ocr_from_text("## Copthorne\n\n# Ovidiu Marica\nDIRECTOR OF SALES\novidiu@millennium.com"),
        Settings(),
    )
    strong = parse_contact(
        ocr_from_text("# Anna Weber\nDirector\n\nSupplyX GmbH\nanna@supplyx.de"), Settings()
    )
    assert logo.contact.company == "Copthorne"
    assert logo.confidence["company"] < 0.4 * strong.confidence["company"]


def test_qr_org_that_abbreviates_the_printed_name_gives_way() -> None:
    parsed = parse_contact(
        ocr_from_text(
            "# Orrabi Lo\nManager\n\nHong Kong Science and Technology Parks Corporation\n"
            "orrabi.lo@hkstp.org"
        ),
        Settings(),
    )
    code = QrResult(kind="vcard", payload="BEGIN:VCARD", contact=Contact(company="HKSTP"))
    merged = merge(parsed, code)
    assert merged.contact.company == "Hong Kong Science and Technology Parks Corporation"
    other = QrResult(kind="vcard", payload="BEGIN:VCARD", contact=Contact(company="Acme Ltd"))
    assert merge(parsed, other).contact.company == "Acme Ltd"


def test_building_name_is_no_company_unless_the_domain_says_so() -> None:
    c = _read(
        "# Noushad Abdulrahim\nDirector of Sales\n\nCOPTHORNE HOTEL DUBAI\n"
        "MILLENNIUM PLACE MIRDIF\n"
        "sales@millenniumhotels.com"
    )
    assert c.company == "COPTHORNE HOTEL DUBAI"
    c = _read("SHARM\nGRAND PLAZA\n\n# Ahmed Nabil\nSales Manager\nahmed@sharmgrandplaza.net")
    assert c.company == "SHARM GRAND PLAZA"
