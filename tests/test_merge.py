"""A QR code's data wins over OCR, except for what the code cannot say."""

from __future__ import annotations

from ocr.merge import merge
from ocr.models import Contact, ParsedContact, Phone, QrResult


def _ocr(**fields: object) -> ParsedContact:
    contact = Contact(**fields)  # type: ignore[arg-type]
    return ParsedContact(contact=contact, confidence={"full_name": 0.5, "phones": 0.5})


def test_qr_fields_win_and_ocr_extras_are_kept() -> None:
    parsed = _ocr(
        full_name="Jorg Schroder",
        emails=("info@kranich.de",),
        phones=(Phone("+492219876540", "work", "0221 9876540"),),
    )
    code = QrResult(
        kind="vcard",
        payload="BEGIN:VCARD...",
        contact=Contact(full_name="Jörg Schröder", emails=("j.schroeder@kranich.de",)),
        box=(10, 10, 100, 100),
    )
    merged = merge(parsed, code)
    assert merged.contact.full_name == "Jörg Schröder"
    assert merged.contact.emails == ("j.schroeder@kranich.de", "info@kranich.de")
    assert merged.contact.phones == parsed.contact.phones
    assert merged.confidence["full_name"] > 0.9
    assert merged.boxes["full_name"] == ((10, 10, 100, 100),)


def test_mecard_numbers_take_the_printed_label() -> None:
    parsed = _ocr(phones=(Phone("+436641234567", "mobile", "0664 1234567"),))
    code = QrResult(
        kind="mecard",
        payload="MECARD:TEL:+436641234567;;",
        contact=Contact(phones=(Phone("+436641234567", "work", "+436641234567"),)),
    )
    assert merge(parsed, code).contact.phones[0].kind == "mobile"


def test_no_code_changes_nothing() -> None:
    parsed = _ocr(full_name="Anna Weber")
    assert merge(parsed, None) is parsed


def test_ocr_misreading_of_the_qr_address_is_not_added() -> None:
    parsed = _ocr(emails=("libanez@solucionestajo.es",))
    code = QrResult(
        kind="vcard",
        payload="BEGIN:VCARD...",
        contact=Contact(emails=("l.ibanez@solucionestajo.es",)),
    )
    assert merge(parsed, code).contact.emails == ("l.ibanez@solucionestajo.es",)


def test_a_link_code_to_a_page_of_the_printed_site_keeps_the_printed_site() -> None:
    parsed = _ocr(website="www.shipsgo.com")
    code = QrResult(
        kind="url",
        payload="https://www.shipsgo.com/business-card",
        contact=Contact(website="www.shipsgo.com/business-card"),
    )
    assert merge(parsed, code).contact.website == "www.shipsgo.com"
    # With no website printed, the code's bare site is the best there is.
    bare = QrResult(kind="url", payload="https://acme.com", contact=Contact(website="acme.com"))
    assert merge(_ocr(), bare).contact.website == "acme.com"
