"""Is a new card someone we already have? Realistic pairs, OCR slips included."""

from __future__ import annotations

from typing import Any

import pytest

from plugin.contacts.duplicates import (
    Candidate,
    Match,
    email_domain,
    find_duplicate,
    match_keys,
    normalise_company,
)
from plugin.contacts.merge import differences, merge_fields, take_fields


def contact(**fields: Any) -> dict[str, Any]:
    out: dict[str, Any] = dict.fromkeys(
        ("full_name", "given_name", "family_name", "prefix", "suffix", "title", "company"),
    )
    out.update(emails=[], phones=[], website=None, address=None, linkedin=None)
    if "name" in fields:  # "Jane Smith" -> full, given and family, as the OCR parser fills them
        full = fields.pop("name")
        given, _, family = full.rpartition(" ")
        out.update(full_name=full, given_name=given or None, family_name=family)
    out.update(fields)
    return out


def phone(number: str, kind: str | None = "work", raw: str | None = None) -> dict[str, Any]:
    return {"number": number, "kind": kind, "raw": raw or number}


JANE = contact(
    name="Jane Smith",
    title="Head of Sales",
    company="Acme Inc.",
    emails=["jane.smith@acme.com"],
    phones=[phone("+442079460123", "work", "+44 (0)20 7946 0123")],
    website="https://www.acme.com",
)

# (new card, existing contact, expected reason): every pair here must match.
MATCHING = [
    pytest.param(
        contact(name="J. Smyth", emails=["  Jane.Smith@ACME.com "]), JANE, "email", id="email-case"
    ),
    pytest.param(
        contact(name="Jane Smith", phones=[phone("+442079460123", "work", "020 7946 0123")]),
        contact(name="Jane Smith", phones=[phone("+442079460123", "work", "+44 20 7946 0123")]),
        "phone",
        id="phone-across-formats",
    ),
    pytest.param(
        contact(name="Jane Smith", company="ACME"), JANE, "name+company", id="inc-vs-none"
    ),
    pytest.param(
        contact(name="Jane Smith", company="The Acme Company, Ltd."),
        contact(name="Jane Smith", company="acme"),
        "name+company",
        id="the-and-legal-form",
    ),
    pytest.param(
        contact(name="Jane Smith", emails=["jsmith@eu.acme.com"]),
        contact(name="Jane Smith", emails=["jane@acme.com"]),
        "name+domain",
        id="name+domain-subdomain",
    ),
    pytest.param(
        contact(name="Jane Smith", emails=["jane@acme.com"]),
        contact(name="Jane Smith", website="acme.com/contact"),
        "name+domain",
        id="email-domain-vs-website",
    ),
    pytest.param(
        contact(name="Bob Smith", company="Acme"),
        contact(name="Robert Smith", company="Acme Corp"),
        "name+company",
        id="nickname",
    ),
    pytest.param(
        contact(name="Jon Smith", company="Acme"),
        contact(name="John Smith", company="Acme"),
        "name+company",
        id="jon-john",
    ),
    pytest.param(
        contact(name="J. Smith", company="Acme"), JANE, "name+company", id="initial-given-name"
    ),
    pytest.param(
        contact(name="Jane Srnith", company="Acrne Inc"), JANE, "name+company", id="ocr-rn-for-m"
    ),
    pytest.param(
        contact(name="Christopher Müller", company="Kranich GmbH"),
        contact(name="Chris Muller", company="KRANICH"),
        "name+company",
        id="prefix-and-accents",
    ),
    pytest.param(
        contact(full_name="王伟", company="华为技术有限公司"),
        contact(full_name="王伟", company="华为技术有限公司"),
        "name+company",
        id="unsplit-cjk-name",
    ),
    pytest.param(
        contact(name="Jane Smith", emails=["sales@acme.com"]),
        contact(name="Jane Smith", emails=["sales@acme.com"]),
        "email",
        id="role-address-same-person",
    ),
]


@pytest.mark.parametrize(("new", "existing", "reason"), MATCHING)
def test_matches(new: dict[str, Any], existing: dict[str, Any], reason: str) -> None:
    match = find_duplicate(new, [Candidate(7, existing)])
    assert match is not None and match.contact_id == 7 and match.reason == reason
    assert 0 < match.score <= 1


@pytest.mark.parametrize(("new", "existing", "reason"), MATCHING)
def test_every_match_shares_an_index_key(
    new: dict[str, Any], existing: dict[str, Any], reason: str
) -> None:
    assert set(match_keys(new)) & set(match_keys(existing))


NOT_MATCHING = [
    pytest.param(
        contact(name="John Smith", company="Acme", emails=["john.smith@acme.com"]),
        JANE,
        id="colleague-same-family-name",
    ),
    pytest.param(contact(name="Jane Smith", company="Globex Ltd"), JANE, id="other-company"),
    pytest.param(
        contact(name="Jane Smith", emails=["janesmith77@gmail.com"]),
        contact(name="Jane Smith", emails=["jane.smith@gmail.com"]),
        id="free-mail-domain",
    ),
    pytest.param(
        contact(name="Jane Smith", emails=["jane@gmx.de"]),
        contact(name="Jane Smith", emails=["smith.jane@gmx.de"]),
        id="free-mail-gmx",
    ),
    pytest.param(
        contact(name="Peter Brown", phones=[phone("+442079460999", "fax")]),
        contact(name="Mary Jones", phones=[phone("+442079460999", "fax")]),
        id="fax-only",
    ),
    pytest.param(
        contact(name="Peter Brown", phones=[phone("+442079460000", "main")]),
        contact(name="Mary Jones", phones=[phone("+442079460000", "work")]),
        id="main-switchboard",
    ),
    pytest.param(
        contact(name="Peter Brown", emails=["info@acme.com"]),
        contact(name="Mary Jones", emails=["info@acme.com"]),
        id="role-address-colleagues",
    ),
    pytest.param(
        contact(name="Jane Smith", website="linkedin.com/in/janesmith"),
        contact(name="Jane Smith", website="https://www.linkedin.com/in/jane"),
        id="social-site-is-no-domain",
    ),
    pytest.param(contact(company="Acme"), JANE, id="no-name-on-card"),
]


@pytest.mark.parametrize(("new", "existing"), NOT_MATCHING)
def test_does_not_match(new: dict[str, Any], existing: dict[str, Any]) -> None:
    assert find_duplicate(new, [Candidate(1, existing)]) is None


def test_a_number_two_contacts_share_is_a_switchboard() -> None:
    line = phone("+4989123450", "work")
    card = contact(name="Anna Huber", phones=[line])
    pool = [
        Candidate(1, contact(name="Max Bauer", phones=[line])),
        Candidate(2, contact(name="Eva Maier", phones=[line])),
    ]
    assert find_duplicate(card, pool) is None
    pool.append(Candidate(3, contact(name="Anna Huber", phones=[line])))
    assert find_duplicate(card, pool) == Match(3, "phone", 0.85)


def test_personal_number_matches_despite_an_ocr_mangled_name() -> None:
    mobile = phone("+447700900123", "mobile")
    card = contact(name="Jarie Smitb", phones=[mobile])
    match = find_duplicate(card, [Candidate(4, contact(name="Jane Smith", phones=[mobile]))])
    assert match == Match(4, "phone", 0.95)


def test_strongest_reason_wins_over_candidate_order() -> None:
    card = contact(name="Jane Smith", company="Acme", emails=["jane@acme.com"])
    pool = [
        Candidate(1, contact(name="Jane Smith", company="Acme Ltd")),
        Candidate(2, contact(name="Jane Smith-Jones", emails=["JANE@acme.com"])),
    ]
    assert find_duplicate(card, pool) == Match(2, "email", 1.0)
    assert find_duplicate(card, []) is None


def test_a_personal_address_outweighs_a_shared_role_address() -> None:
    card = contact(name="Peter Brown", emails=["info@acme.com", "p.brown@acme.com"])
    old = contact(name="P. Brown", emails=["P.Brown@acme.com", "info@acme.com"])
    assert find_duplicate(card, [Candidate(5, old)]) == Match(5, "email", 1.0)


def test_match_keys() -> None:
    keys = match_keys(
        contact(
            name="Jane Smith",
            company="Acme, Inc.",
            emails=["Jane@Mail.Acme.co.uk", "jane@gmail.com"],
            phones=[phone("+442079460123"), phone("+442079460999", "fax")],
            website="http://www.acme.de/",
        )
    )
    assert keys == [
        "email:jane@mail.acme.co.uk",
        "email:jane@gmail.com",
        "phone:+442079460123",
        "company:acme",
        "domain:acme.co.uk",
        "domain:acme.de",
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Acme Inc.", "acme"),
        ("ACME, INC", "acme"),
        ("The Acme Company", "acme"),
        ("Kranich GmbH & Co. KG", "kranich"),
        ("Société Générale S.A.", "societe generale"),
        ("Smith & Sons Ltd", "smith and sons"),
        ("O'Reilly Media, LLC", "oreilly media"),
        ("Inc.", "inc"),
        ("", ""),
        (None, ""),
    ],
)
def test_normalise_company(raw: str | None, expected: str) -> None:
    assert normalise_company(raw) == expected


def test_email_domain() -> None:
    assert email_domain(" Jane@Acme.COM ") == "acme.com"
    assert email_domain("no-at-sign") is None
    assert email_domain(None) is None


def test_differences() -> None:
    existing = contact(
        name="Jane Smith",
        title="head of sales",
        company="Acme Inc.",
        emails=["jane@acme.com"],
        phones=[phone("+442079460123")],
        website="https://www.acme.com/",
    )
    card = contact(
        name="Jane  SMITH",
        title="VP Sales",
        company="ACME",
        emails=["JANE@acme.com", "jane.smith@acme.com"],
        phones=[phone("+442079460123", "mobile", "020 7946 0123")],
        website="acme.com",
        address="1 Main St\nLondon",
    )
    assert differences(existing, card) == {
        "title": {"existing": "head of sales", "card": "VP Sales"},
        "emails": {"existing": existing["emails"], "card": card["emails"]},
        "address": {"existing": None, "card": "1 Main St\nLondon"},
    }
    assert differences(card, contact(name="Jane Smith")) == {}  # the card lacks the rest


def test_merge_fills_empty_fields_and_unions_lists() -> None:
    front = contact(name="Jane Smith", emails=["jane@acme.com"], phones=[phone("+4420", None)])
    back = contact(
        name="Jane Smythe",
        title="CTO",
        emails=["JANE@acme.com", "js@acme.org"],
        phones=[phone("+4420", "work"), phone("+4477", "mobile")],
        address="Berlin",
    )
    merged = merge_fields(front, back)
    assert merged["full_name"] == "Jane Smith"  # filled fields are kept
    assert merged["title"] == "CTO" and merged["address"] == "Berlin"
    assert merged["emails"] == ["jane@acme.com", "js@acme.org"]
    assert [(p["number"], p["kind"]) for p in merged["phones"]] == [
        ("+4420", "work"),
        ("+4477", "mobile"),
    ]
    assert front["phones"][0]["kind"] is None and front["title"] is None  # input untouched
    assert merged is not front


def test_merge_never_touches_protected_fields() -> None:
    base = contact(name="Jane Smith", title=None, emails=["jane@acme.com"])
    extra = contact(name="Jane Smith", title="CTO", company="Acme", emails=["other@acme.com"])
    merged = merge_fields(base, extra, protected=["title", "emails"])
    assert merged["title"] is None
    assert merged["emails"] == ["jane@acme.com"]
    assert merged["company"] == "Acme"


def test_take_fields() -> None:
    base = contact(name="Jane Smith", title="Sales", emails=["jane@acme.com"], website="acme.com")
    card = contact(name="Jane Smith", title="VP Sales", emails=["j.smith@acme.com"])
    taken = take_fields(base, card, ["title", "emails", "website"])
    assert taken["title"] == "VP Sales"
    assert taken["emails"] == ["jane@acme.com", "j.smith@acme.com"]
    assert taken["website"] == "acme.com"  # the card has none: taking it does not clear it
    assert base["title"] == "Sales"
