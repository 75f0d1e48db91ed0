"""vCard 4.0 loses nothing on a round trip; the HubSpot CSV imports cleanly and safely."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re
from typing import Any

import pytest
import vobject

from plugin.export import COLUMNS, ExportRecord, from_vcards, to_vcards, write_hubspot_csv
from plugin.export.hubspot_csv import split_address
from plugin.export.record import exported_contact
from plugin.models import SCALAR_FIELDS, EventInfo

HOSTILE = [
    "{{ 7*7 }}",
    "{% raw %}${7*7}",
    "a;b,c\\d",
    "semi;colon",
    "comma, here",
    "back\\slash\\",
    "\\n is not a newline",
    "two\nlines",
    'say "hi"',
    "^caret^n^'",
    "colon: value",
    "  padded  ",
    "tab\there",
    "Iñigo Zoë Ærøskøbing",
    "王小明",
    "emoji 🎉👍",
    "x" * 200,
    "王" * 100,
    "END:VCARD",
    "\nEND:VCARD\nBEGIN:VCARD\n",
    '=HYPERLINK("http://evil")',
    "-2+3",
    "@SUM(A1)",
]
TEXT_FIELDS = SCALAR_FIELDS


def contact(**fields: Any) -> dict[str, Any]:
    out: dict[str, Any] = dict.fromkeys(TEXT_FIELDS)
    out.update(emails=[], phones=[])
    out.update(fields)
    return out


def phone(number: str | None, kind: str | None, raw: str | None) -> dict[str, Any]:
    return {"number": number, "kind": kind, "raw": raw}


FULL = ExportRecord(
    card_id=42,
    contact=contact(
        full_name="Prof. Dr. Iñigo Zoë García López Jr.",
        given_name="Iñigo Zoë",
        family_name="García López",
        prefix="Prof. Dr.",
        suffix="Jr., PhD",
        title="Head of R&D; Europe, Middle East",
        company="Acme Widgets, Inc.",
        emails=["inigo@acme.example", "Inigo.Garcia@Acme.example", "igl@gmail.com"],
        phones=[
            phone("+442079460123", "work", "+44 (0)20 7946 0123"),
            phone("+447700900123", "mobile", "07700 900123"),
            phone("+442079460999", "fax", "Fax: 020 7946 0999"),
            phone("+442079460000", "main", "Switchboard 020 7946 0000"),
            phone("+441632960001", "home", None),
            phone("+441632960002", "other", "+44 1632 960002"),
            phone("+441632960003", None, "01632 960003"),
            phone("0800 EXAMPLE", "work", "0800 EXAMPLE"),
        ],
        website="https://www.acme.example/en;jsessionid=1,2",
        address="Acme House, 1 Main Street\nLondon SW1A 2AA\nUnited Kingdom",
        linkedin="https://www.linkedin.com/in/inigo-garcia",
    ),
    event=EventInfo(
        name="Web Summit 2026, Lisbon",
        date=dt.date(2026, 11, 10),
        place="Altice Arena; Hall 2",
        template="thanks-booth",
        note="Booth B12\nask about pricing",
    ),
    met_on=dt.date(2026, 11, 11),
    note="Wants a demo; call back after 15:00, not before.\nC:\\temp\\notes {{ 7*7 }}",
    photo="/home/me/Cards/Web Summit/IMG_0042 (1).HEIC",
    created=dt.datetime(2026, 11, 11, 9, 30, 5, 123456, tzinfo=dt.UTC),
)


def records() -> list[ExportRecord]:
    out = [
        FULL,
        ExportRecord(card_id=1, contact=contact()),  # nothing at all
        ExportRecord(
            2, contact(given_name="Zoë", family_name="王"), created=dt.datetime(2026, 1, 2)
        ),
        ExportRecord(3, contact(full_name="王小明", company="华为"), event=EventInfo("展会")),
        ExportRecord(
            4,
            contact(
                company="Solo Company Ltd",
                emails=["a@b.example"],
                phones=[phone(None, None, "see the back of the card")],  # no number read
            ),
        ),
    ]
    for i, text in enumerate(HOSTILE):
        fields = {name: f"{text} {name}" for name in TEXT_FIELDS}
        ph = [phone("+4930123456", "mobile", text), phone(text, text, text)]
        out.append(
            ExportRecord(
                card_id=100 + i,
                contact=contact(**fields, emails=[text, f"{i}@x.example"], phones=ph),
                event=EventInfo(text, place=text, template=text, note=text),
                note=text,
                photo=text,
            )
        )
    return out


def exported(recs: list[ExportRecord]) -> list[ExportRecord]:
    """The records as the exports write them (capitals in proper case)."""
    return [dataclasses.replace(r, contact=exported_contact(r)) for r in recs]


@pytest.mark.parametrize("version", ["4.0", "3.0"])
def test_round_trip_loses_nothing(version: str) -> None:
    recs = records()
    assert from_vcards(to_vcards(recs, version)) == exported(recs)


def test_round_trip_each_hostile_value_in_every_text_field() -> None:
    for text in HOSTILE:
        for name in TEXT_FIELDS:
            rec = ExportRecord(9, contact(**{name: text}), note=text)
            assert from_vcards(to_vcards([rec])) == exported([rec]), (name, text)


def test_carriage_returns_come_back_as_line_feeds() -> None:
    rec = ExportRecord(5, contact(full_name="A\r\nB", address="1 Main St\rLondon"), note="x\r\ny")
    (back,) = from_vcards(to_vcards([rec]))
    assert back.contact["full_name"] == "A\nB"
    assert back.contact["address"] == "1 Main St\nLondon"
    assert back.note == "x\ny"


def test_output_structure() -> None:
    recs = records()
    text = to_vcards(recs)
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "") and "\r" not in text.replace("\r\n", "")
    lines = text.split("\r\n")[:-1]
    assert max(len(line.encode("utf-8")) for line in lines) <= 75
    logical = [line for line in lines if not line.startswith(" ")]
    begins = [i for i, line in enumerate(logical) if line == "BEGIN:VCARD"]
    assert len(begins) == len(recs) == logical.count("END:VCARD")
    assert all(logical[i + 1] == "VERSION:4.0" for i in begins)
    assert logical.count("KIND:individual") == len(recs)
    # vobject's own reader accepts every card
    cards = list(vobject.readComponents(text))
    assert len(cards) == len(recs)
    assert all(card.version.value == "4.0" and card.contents["fn"] for card in cards)


def test_properties_follow_rfc_6350() -> None:
    (card,) = from_vcards_text(FULL)
    assert "N:García López;Iñigo Zoë;;Prof. Dr.;Jr.\\, PhD" in card
    assert "ORG:Acme Widgets\\, Inc." in card
    assert "EMAIL;PREF=1;TYPE=work:inigo@acme.example" in card
    assert "TEL;TYPE=cell;VALUE=uri;X-CARDFOLLOW-RAW=07700 900123:tel:+447700900123" in card
    assert "TEL;TYPE=work,fax;VALUE=uri;" in card
    assert "X-CARDFOLLOW-KIND=main" in card
    assert "SOCIALPROFILE;SERVICE-TYPE=LinkedIn:https://www.linkedin.com/in/inigo-garcia" in card
    assert "X-CARDFOLLOW-EVENT-DATE:2026-11-10" in card
    assert "X-CARDFOLLOW-MET-ON:2026-11-11" in card
    assert "REV:20261111T093005Z" in card
    assert "PHOTO" not in card.replace("X-CARDFOLLOW-PHOTO", "")


def from_vcards_text(*recs: ExportRecord) -> list[str]:
    """Each card unfolded, for looking at its properties."""
    text = to_vcards(recs).replace("\r\n ", "")
    return [c for c in text.split("BEGIN:VCARD\r\n") if c]


def test_derived_formatted_name_does_not_come_back_as_full_name() -> None:
    rec = ExportRecord(6, contact(given_name="Jane", family_name="Smith", prefix="Dr."))
    (card,) = from_vcards_text(rec)
    assert "FN;X-CARDFOLLOW-DERIVED=true:Dr. Jane Smith" in card
    assert from_vcards(to_vcards([rec])) == [rec]


FOREIGN = (
    "BEGIN:VCARD\n"
    "VERSION:3.0\n"
    "PRODID:-//Apple Inc.//iPhone OS 17.0//EN\n"
    "N:Müller;Jörg;Peter;Dr.;\n"
    "FN:Dr. Jörg Peter Müller\n"
    "ORG:Kranich GmbH;Vertrieb\n"
    "TITLE:Leiter Vertrieb\\, DACH\n"
    "EMAIL;type=INTERNET;type=WORK:j.mueller@kranich.example\n"
    "EMAIL;type=INTERNET;type=WORK;type=pref:joerg@kranich.example\n"
    "TEL;type=CELL;type=VOICE;type=pref:+49 170 1234567\n"
    "TEL;type=WORK,FAX:+49 221 9876541\n"
    "TEL;type=MAIN:0221 9876540\n"
    "item1.ADR;type=WORK:;;Hohe Str. 1;Köln;;50667;Deutschland\n"
    "item1.X-ABLabel:Büro\n"
    "URL;type=WORK:https://kranich.example\n"
    "X-SOCIALPROFILE;type=linkedin:https://linkedin.com/in/jmueller\n"
    "NOTE:Met at the fair, stand 4; likes\n"
    "  long notes\n"
    "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD\n"
    "END:VCARD\n"
)


def test_reads_a_vcard_3_from_an_address_book() -> None:
    (rec,) = from_vcards(FOREIGN)
    assert rec.card_id == 0 and rec.event is None
    assert rec.note == "Met at the fair, stand 4; likes long notes"
    assert rec.contact == {
        "full_name": "Dr. Jörg Peter Müller",
        "given_name": "Jörg Peter",
        "family_name": "Müller",
        "prefix": "Dr.",
        "suffix": None,
        "title": "Leiter Vertrieb, DACH",
        "company": "Kranich GmbH",
        "emails": ["joerg@kranich.example", "j.mueller@kranich.example"],
        "phones": [
            {"number": "+491701234567", "kind": "mobile", "raw": "+49 170 1234567"},
            {"number": "+492219876541", "kind": "fax", "raw": "+49 221 9876541"},
            {"number": "0221 9876540", "kind": "main", "raw": "0221 9876540"},
        ],
        "website": "https://kranich.example",
        "address": "Hohe Str. 1, Köln, 50667, Deutschland",
        "linkedin": "https://linkedin.com/in/jmueller",
    }


def test_reads_several_cards_and_skips_garbage() -> None:
    text = "junk before\r\n" + to_vcards(records()[:3]) + "BEGIN:VCARD\r\nnot a line\r\nFN:X\r\n"
    text += "END:VCARD\r\n"
    recs = from_vcards(text)
    assert recs[:3] == records()[:3]
    assert recs[3].contact["full_name"] == "X"


# --- HubSpot CSV ---------------------------------------------------------------------------


def csv_rows(recs: list[ExportRecord]) -> tuple[str, list[dict[str, str]]]:
    buf = io.StringIO(newline="")
    write_hubspot_csv(recs, buf)
    text = buf.getvalue()
    assert text.startswith("\ufeff")  # the byte order mark: Excel reads the file as UTF-8
    text = text.removeprefix("\ufeff")
    return text, list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_header_is_hubspot_labels() -> None:
    text, rows = csv_rows([])
    assert text == (
        "First Name,Last Name,Salutation,Email,Phone Number,Mobile Phone Number,Fax Number,"
        "Job Title,Company Name,Website URL,LinkedIn URL,Street Address,City,State/Region,"
        "Postal Code,Country/Region,Event,Date Met,Notes\r\n"
    )
    assert rows == [] and len(COLUMNS) == 19


def test_csv_row_maps_every_field() -> None:
    text, (row,) = csv_rows([FULL])
    assert row["First Name"] == "Iñigo Zoë" and row["Last Name"] == "García López"
    assert row["Salutation"] == "Prof. Dr."
    assert row["Email"] == "inigo@acme.example"
    assert row["Phone Number"] == "+442079460123"
    assert row["Mobile Phone Number"] == "+447700900123"
    assert row["Fax Number"] == "+442079460999"
    assert row["Job Title"] == "Head of R&D; Europe, Middle East"
    assert row["Company Name"] == "Acme Widgets, Inc."
    assert row["LinkedIn URL"] == "https://www.linkedin.com/in/inigo-garcia"
    assert row["Street Address"] == "Acme House, 1 Main Street"
    assert (row["City"], row["State/Region"], row["Postal Code"]) == ("London", "", "SW1A 2AA")
    assert row["Country/Region"] == "United Kingdom"
    assert row["Event"] == "Web Summit 2026, Lisbon" and row["Date Met"] == "2026-11-11"
    notes = row["Notes"].split("\n")
    assert notes[:2] == FULL.note.split("\n")  # type: ignore[union-attr]
    assert "Other emails: Inigo.Garcia@Acme.example, igl@gmail.com" in notes
    assert "Name suffix: Jr., PhD" in notes
    assert "Event place: Altice Arena; Hall 2" in notes and "Event date: 2026-11-10" in notes
    other = next(n for n in notes if n.startswith("Other phones: "))
    assert "+442079460000 (main)" in other and "0800 EXAMPLE (work)" in other
    assert "\r\n" in text and text.count("\r\n") == 2  # header and row; newlines inside quotes


def test_csv_splits_addresses_of_many_countries_and_keeps_the_unsure_whole() -> None:
    assert split_address("350 Fifth Avenue, Suite 3300\nNew York, NY 10118-0110") == {
        "Street Address": "350 Fifth Avenue, Suite 3300",
        "City": "New York",
        "State/Region": "NY",
        "Postal Code": "10118-0110",
        "Country/Region": "United States",
    }
    assert split_address("1600 Amphitheatre Pkwy, Mountain View, CA 94043, USA")["City"] == (
        "Mountain View"
    )
    cases = {
        "Friedrichstraße 123, 10117 Berlin, Germany": (
            "Friedrichstraße 123", "Berlin", None, "10117", "Germany"),
        "10 Downing Street, London SW1A 2AA": (
            "10 Downing Street", "London", None, "SW1A 2AA", "United Kingdom"),
        "100 King St W, Toronto, ON M5X 1A9, Canada": (
            "100 King St W", "Toronto", "ON", "M5X 1A9", "Canada"),
        "Herengracht 12\n1015 BJ Amsterdam": (
            "Herengracht 12", "Amsterdam", None, "1015 BJ", "Netherlands"),
        "Rua Augusta 100\n1100-053 Lisboa\nPortugal": (
            "Rua Augusta 100", "Lisboa", None, "1100-053", "Portugal"),
        "Via Roma 1\n20121 Milano (MI)": ("Via Roma 1", "Milano", "MI", "20121", "Italy"),
        "Meir 89, 2000 Antwerpen, België": ("Meir 89", "Antwerpen", None, "2000", "Belgium"),
    }  # fmt: skip
    columns = ("Street Address", "City", "State/Region", "Postal Code", "Country/Region")
    for address, parts in cases.items():
        got = split_address(address)
        assert tuple(got.get(c) for c in columns) == parts, address
    # A five-digit code alone does not say the country: the card's phone numbers do.
    assert "Country/Region" not in split_address("Paseo de Gracia 21\n08007 Barcelona")
    assert split_address("Paseo de Gracia 21\n08007 Barcelona", "ES")["Country/Region"] == "Spain"
    for address in ("Somewhere on the coast", "Booth 12, Hall B", "Unit 4, 5 Main St, Springfield"):
        assert split_address(address) == {"Street Address": address}


def test_vcard_3_for_apple_and_google() -> None:
    text = to_vcards([FULL], "3.0").replace("\r\n ", "")
    assert "VERSION:3.0" in text and "KIND:" not in text and "\r\nSOCIALPROFILE" not in text
    assert "EMAIL;TYPE=internet,work,pref:inigo@acme.example" in text
    assert "TEL;TYPE=cell;X-CARDFOLLOW-RAW=07700 900123:+447700900123" in text
    assert "tel:" not in text
    assert ":;;Acme House\\, 1 Main Street;London;;SW1A 2AA;United Kingdom" in text
    (card,) = vobject.readComponents(to_vcards([FULL], "3.0"))
    assert card.version.value == "3.0" and card.n.value.family == "García López"
    nameless = to_vcards([ExportRecord(1, contact(company="Acme"))], "3.0")
    assert "\r\nN:;;;;\r\n" in nameless  # N is required in 3.0
    with pytest.raises(ValueError, match=r"use one of 4\.0, 3\.0"):
        to_vcards([FULL], "2.1")


def test_capitals_are_exported_in_proper_case() -> None:
    rec = ExportRecord(
        7,
        contact(full_name="ANNA WEBER", given_name="ANNA", family_name="WEBER",
                company="QUILLMORE VENTURES GMBH", title="VP OF SALES, EMEA"),
    )  # fmt: skip
    _, (row,) = csv_rows([rec])
    assert (row["First Name"], row["Last Name"]) == ("Anna", "Weber")
    assert row["Company Name"] == "Quillmore Ventures GmbH"  # the legal form stays in the CRM
    assert row["Job Title"] == "VP of Sales, EMEA"
    (back,) = from_vcards(to_vcards([rec]))
    assert back.contact["full_name"] == "Anna Weber"


def test_csv_quotes_and_neutralises_formulas() -> None:
    rec = ExportRecord(
        1,
        contact(
            given_name="=cmd|' /C calc'!A0",
            family_name='O"Brien, Jr',
            title="-2+3",
            company="@SUM(A1)",
            website="\t=1+1",
            emails=["+bob@x.example"],
            phones=[phone("+15551234567", "work", "+1 555 123 4567")],
        ),
        note=" =1+1\nsecond line",
    )
    _, (row,) = csv_rows([rec])
    assert row["First Name"] == "'=cmd|' /C calc'!A0"
    assert row["Last Name"] == 'O"Brien, Jr'
    assert row["Job Title"] == "'-2+3"
    assert row["Company Name"] == "'@SUM(A1)"
    assert row["Website URL"] == "'\t=1+1"
    assert row["Email"] == "'+bob@x.example"
    assert row["Phone Number"] == "+15551234567"  # E.164 stays importable
    assert row["Notes"] == "' =1+1\nsecond line"


def test_csv_non_e164_phone_is_neutralised_too() -> None:
    rec = ExportRecord(1, contact(phones=[phone("+1 555 (EVIL)", "mobile", "x")]))
    _, (row,) = csv_rows([rec])
    assert row["Mobile Phone Number"] == "'+1 555 (EVIL)"


def test_csv_splits_full_name_when_the_parts_are_missing() -> None:
    rec = ExportRecord(1, contact(full_name="Dr. Mary Ann Jones PhD"))
    _, (row,) = csv_rows([rec])
    assert (row["First Name"], row["Last Name"], row["Salutation"]) == ("Mary Ann", "Jones", "Dr.")
    assert row["Notes"] == "Name suffix: PhD"


def test_csv_date_met_falls_back_to_event_date() -> None:
    rec = ExportRecord(1, contact(), event=EventInfo("Expo", date=dt.date(2026, 3, 4)))
    _, (row,) = csv_rows([rec])
    assert row["Date Met"] == "2026-03-04" and row["Notes"] == ""
    _, (row,) = csv_rows([dataclasses.replace(rec, met_on=dt.date(2026, 3, 5))])
    assert row["Date Met"] == "2026-03-05" and row["Notes"] == "Event date: 2026-03-04"


def squash(text: str) -> str:
    return re.sub(r"[\s,]", "", text)


@pytest.mark.parametrize("text", HOSTILE)
def test_csv_survives_hostile_text(text: str) -> None:
    rec = ExportRecord(1, contact(company=text, address=text), note=text)
    _, (row,) = csv_rows([rec])
    risky = text[:1] in "=+-@\t\r" or text.lstrip()[:1] in ("=", "+", "-", "@")
    expected = exported_contact(rec)["company"]
    assert row["Company Name"] == ("'" if risky else "") + expected
    assert squash(row["Street Address"].lstrip("'")) == squash(text)  # no text lost
    assert row["Notes"].lstrip("'") == text
