"""Labels the reader glued onto what they label, and digits grouped with a middle dot (Korean and
Japanese cards): the number or address keeps all of its own characters and none of the label's."""

from __future__ import annotations

import pytest

from ocr.parse.crosscheck import repair_domains, repair_local_parts
from ocr.parse.phones import find_phones
from ocr.parse.segments import Field
from ocr.parse.web import find_urls


@pytest.mark.parametrize(
    ("text", "region", "expected", "kind"),
    [
        # The label letter glued on: the '+' and the leading digit stay with the number.
        ("M+966 54 609 6540", "SA", "+966546096540", "mobile"),
        ("T+43316 724017", "AT", "+43316724017", "work"),
        ("M647.555.0470", "CA", "+16475550470", "mobile"),
        ("Fax+82-10-9631-1369", "KR", "+821096311369", "fax"),
        # Digits grouped with a middle dot.
        ("m +82·10·2818·7237", "KR", "+821028187237", "mobile"),
        ("M010·4711·1434", "KR", "+821047111434", "mobile"),
    ],
)
def test_glued_label_and_middle_dots(text: str, region: str, expected: str, kind: str) -> None:
    found = find_phones(text, region)
    assert [(p.number, p.kind, p.labelled) for p in found] == [(expected, kind, True)]


def test_a_middle_dot_between_two_numbers_separates_them() -> None:
    found = find_phones("0549 253 82 45·0537 914 38 75", "TR")
    assert [p.number for p in found] == ["+905492538245", "+905379143875"]


@pytest.mark.parametrize("text", ["D2 Blok No: 288", "Unit C2, Rama 9 Road", "Code A1234567"])
def test_a_letter_inside_a_word_or_code_is_no_label(text: str) -> None:
    assert find_phones(text, "TR") == []


@pytest.mark.parametrize(
    ("name", "read", "expected"),
    [
        # The 'E' label glued on: only the address without it matches the printed name.
        ("Lotte", "elotte@polderlicht.nl", "lotte@polderlicht.nl"),
        # A real leading 'e': Étienne's initial, or nothing the name explains; left as read.
        ("Étienne Tremblay", "etremblay@tremblaychen.ca", "etremblay@tremblaychen.ca"),
        ("Emma Lotte", "elotte@polderlicht.nl", "elotte@polderlicht.nl"),
        ("Eva Smith", "eva.smith@example.com", "eva.smith@example.com"),
    ],
)
def test_a_glued_email_label_goes_only_when_the_name_says_so(
    name: str, read: str, expected: str
) -> None:
    fields = {"full_name": Field(name, 0.9, ()), "emails": Field((read,), 0.9, ())}
    repair_local_parts(fields)
    assert fields["emails"].value == (expected,)


@pytest.mark.parametrize(
    ("site", "email", "expected"),
    [
        # The 'Web' label glued onto the website: what follows it is the email's domain.
        ("webbrabant-logistics.be", "h.lambert@brabant-logistics.be", "brabant-logistics.be"),
        # A site whose name starts like a label, with no email to say otherwise: as read.
        ("webermedia.de", "anna@weber.de", "webermedia.de"),
        ("web.de", "anna@web.de", "web.de"),
    ],
)
def test_a_glued_website_label_goes_only_when_an_email_confirms(
    site: str, email: str, expected: str
) -> None:
    fields = {"website": Field(site, 0.9, ()), "emails": Field((email,), 0.9, ())}
    repair_domains(fields, "DE")
    assert fields["website"].value == expected


def test_www_with_one_w_read_as_m() -> None:
    assert [u.value for u in find_urls("mww.unist.ac.kr")] == ["www.unist.ac.kr"]
