"""Names, companies and titles printed in capitals, in the case people write them; anything
printed in mixed case kept as it is."""

from __future__ import annotations

import pytest

from plugin.contacts.proper_case import presentable, proper_company, proper_name


@pytest.mark.parametrize(
    ("printed", "written"),
    [
        ("ANNA WEBER", "Anna Weber"),
        ("ANNA MARIA VAN DER BERG", "Anna Maria van der Berg"),
        ("JEAN-PIERRE O'BRIEN", "Jean-Pierre O'Brien"),
        ("LUCÍA IBÁÑEZ", "Lucía Ibáñez"),
        ("SEAN MCDONALD", "Sean McDonald"),
        ("JOHN MACDONALD", "John MacDonald"),
        ("JOÃO MACHADO", "João Machado"),  # not "MacHado"
        ("Jean DUPONT", "Jean Dupont"),  # the French habit of a family name in capitals
        ("WEBER, ANNA", "Weber, Anna"),
        ("DR. ANNA WEBER PHD", "Dr. Anna Weber PhD"),
        ("danah boyd", "danah boyd"),  # mixed or lower case is the person's own choice
        ("Anna McKay", "Anna McKay"),
    ],
)
def test_names(printed: str, written: str) -> None:
    assert proper_name(printed) == written


@pytest.mark.parametrize(
    ("printed", "written"),
    [
        ("QUILLMORE VENTURES GMBH", "Quillmore Ventures GmbH"),
        ("IBM", "IBM"),
        ("KPMG AG", "KPMG AG"),
        ("MCKINSEY & COMPANY", "McKinsey & Company"),
        ("BANK OF AMERICA", "Bank of America"),
        ("THE AI COMPANY", "The AI Company"),
        ("3M COMPANY", "3M Company"),
        ("ROSSI S.P.A.", "Rossi S.p.A."),
        ("A.T. KEARNEY", "A.T. Kearney"),
        ("VP OF SALES, EMEA", "VP of Sales, EMEA"),
        ("CHIEF EXECUTIVE OFFICER", "Chief Executive Officer"),
        ("MÜLLER GMBH & CO. KG", "Müller GmbH & Co. KG"),
        ("eBay Inc.", "eBay Inc."),  # printed in mixed case: kept
        ("Zentara Systems Private Limited", "Zentara Systems Private Limited"),
    ],
)
def test_companies_and_titles(printed: str, written: str) -> None:
    assert proper_company(printed) == written


def test_a_spelling_seen_elsewhere_on_the_card_wins() -> None:
    assert proper_company("EBAY INC.", ["eBay", "EBAY INC."]) == "eBay Inc."
    assert proper_company("EBAY INC.") == "Ebay Inc."  # without the hint there is no telling


def test_presentable_changes_only_names_company_and_title() -> None:
    contact = {
        "full_name": "ANNA WEBER",
        "company": "ACME GMBH",
        "title": "CTO",
        "emails": ["ANNA@ACME.DE"],
        "address": "HAUPTSTRASSE 1",
        "website": None,
    }
    out = presentable(contact)
    assert out == {**contact, "full_name": "Anna Weber", "company": "Acme GmbH"}
    assert contact["full_name"] == "ANNA WEBER"  # the input is left alone
