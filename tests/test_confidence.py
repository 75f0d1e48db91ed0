"""Confidence that is a probability (the shipped calibration table and the script fitting it)
and the flag policy: what a user must look at before one click approves a card."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from conftest import ROOT
from ocr.calibration_table import TABLE
from ocr.confidence import calibrate_all, calibrated, flag_fields
from ocr.merge import merge
from ocr.models import CONTACT_FIELDS, Contact, Phone, Settings
from ocr.parse import ocr_from_text, parse_contact


def _fit_module():
    spec = importlib.util.spec_from_file_location(
        "fit_calibration", ROOT / "scripts/fit_calibration.py"
    )
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules["fit_calibration"] = module
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def _tables():
    return [(engine, f, steps) for engine, fields in TABLE.items() for f, steps in fields.items()]


def test_shipped_table_is_monotone_and_a_probability() -> None:
    assert "*" in TABLE
    assert {"full_name", "emails", "phones", "company", "title", "website"} <= set(TABLE["*"])
    for _, field, steps in _tables():
        edges = [e for e, _ in steps]
        probs = [p for _, p in steps]
        assert edges == sorted(edges), field
        assert probs == sorted(probs), field  # more evidence is never less likely right
        assert all(0.0 < p < 1.0 for p in probs), field  # a finite sample proves no certainty
        assert edges[-1] == 1.0


def test_calibrated_follows_the_table_steps() -> None:
    for engine, field, steps in _tables():
        for edge, prob in steps:
            assert calibrated(field, edge, engine) == prob
        assert calibrated(field, 0.0, engine) == steps[0][1]
        assert calibrated(field, 1.0, engine) == steps[-1][1]
    assert calibrated("no-such-field", 0.42) == 0.42
    # An engine without a table of its own uses the fit over all engines.
    field, steps = next(iter(TABLE["*"].items()))
    assert calibrated(field, 1.0, "some-new-engine") == steps[-1][1]


def test_empty_fields_stay_at_zero() -> None:
    cal = calibrate_all({"full_name": 0.99, "given_name": 0.99, "title": 0.0})
    assert set(cal) == set(CONTACT_FIELDS)
    assert cal["title"] == 0.0 and cal["emails"] == 0.0
    assert cal["given_name"] == cal["full_name"] == calibrated("full_name", 0.99)
    assert calibrate_all({"full_name": 0.99}, "rapidocr")["full_name"] == calibrated(
        "full_name", 0.99, "rapidocr"
    )


def test_flags_doubtful_values_and_a_missing_name_or_email() -> None:
    contact = Contact(
        full_name="Anna Weber",
        company="Weber GmbH",
        phones=(Phone("+49301234567", "work", "030 1234567"),),
    )
    confidence = {"full_name": 0.97, "company": 0.5, "phones": 0.95}
    flagged = flag_fields(contact, confidence, 0.9)
    assert flagged == ("company", "emails")  # doubtful company, no email at all
    assert "full_name" in flag_fields(Contact(emails=("a@b.de",)), {"emails": 0.99}, 0.9)
    sure = Contact(full_name="Anna Weber", emails=("anna@weber.de",))
    assert flag_fields(sure, {"full_name": 0.97, "emails": 0.99}, 0.9) == ()
    # Something the parser may have missed (a left-over line that could be the title).
    assert flag_fields(sure, {"full_name": 0.97, "emails": 0.99}, 0.9, ("title",)) == ("title",)


def test_card_without_email_is_flagged_end_to_end() -> None:
    parsed = merge(
        parse_contact(ocr_from_text("# Anna Weber\nGeschäftsführerin\n+49 30 1234567"), Settings()),
        None,
    )
    flagged = flag_fields(parsed.contact, calibrate_all(parsed.confidence), 0.9, parsed.doubtful)
    assert parsed.contact.full_name == "Anna Weber"
    assert "emails" in flagged


def test_isotonic_never_falls_and_pools_violators() -> None:
    fit = _fit_module()
    assert fit.isotonic([0, 1, 0, 1, 1], [1] * 5) == [0, 0.5, 0.5, 1, 1]
    assert fit.isotonic([1, 0], [1, 1]) == [0.5, 0.5]


def test_fit_field_makes_monotone_smoothed_steps() -> None:
    fit = _fit_module()
    rows = [(i / 100, i >= 50) for i in range(100)]  # right exactly when evidence >= 0.5
    steps = fit.fit_field(rows, bins=4, min_rows=10)
    probs = [p for _, p in steps]
    assert probs == sorted(probs)
    assert steps[-1][0] == 1.0
    assert probs[0] < 0.2 and probs[-1] > 0.9
    assert probs[0] > 0.0 and probs[-1] < 1.0  # smoothed: never a certainty


@pytest.mark.parametrize("threshold", [0.5, 0.9])
def test_flags_only_below_the_threshold(threshold: float) -> None:
    contact = Contact(full_name="Anna Weber", emails=("anna@weber.de",), title="CEO")
    confidence = {"full_name": 0.95, "emails": 0.95, "title": 0.7}
    flagged = flag_fields(contact, confidence, threshold)
    assert ("title" in flagged) == (threshold > 0.7)
