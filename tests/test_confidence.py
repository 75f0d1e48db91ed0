"""Confidence that is a probability (the shipped calibration table and the script fitting it)
and the flag policy: what a user must look at before one click approves a card."""

from __future__ import annotations

import importlib.util
import json
import pickle
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from ocr.calibration_table import MODEL, TABLE
from ocr.confidence import calibrate_all, calibrated, flag_fields, modelled
from ocr.confidence_features import FEATURES, field_features, logit
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


def test_field_missing_from_an_engines_table_uses_the_fit_over_all(monkeypatch) -> None:
    import ocr.confidence as confidence

    monkeypatch.setitem(confidence.TABLE, "thin-engine", {"emails": ((1.0, 0.9),)})
    assert calibrated("emails", 0.5, "thin-engine") == 0.9
    assert calibrated("company", 1.0, "thin-engine") == TABLE["*"]["company"][-1][1]


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
    phone = (Phone("+49301234567", "work", "030 1234567"),)
    sure = Contact(full_name="Anna Weber", emails=("anna@weber.de",), phones=phone)
    high = {"full_name": 0.97, "emails": 0.99, "phones": 0.95}
    assert flag_fields(sure, high, 0.9) == ()
    # Something the parser may have missed (a left-over line that could be the title).
    assert flag_fields(sure, high, 0.9, ("title",)) == ("title",)
    # No phone number at all: nearly every card prints one, so it is more likely missed.
    no_phone = Contact(full_name="Anna Weber", emails=("anna@weber.de",))
    assert flag_fields(no_phone, high, 0.9) == ("phones",)


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


# --- the logistic models over evidence features, and the fit that writes them ---------------


def _models():
    return [(engine, f, m) for engine, fields in MODEL.items() for f, m in fields.items()]


def test_shipped_models_read_known_features_and_never_punish_evidence() -> None:
    for engine, field, (bias, weights) in _models():
        names = [n for n, _ in weights]
        assert set(names) <= set(FEATURES[field]), (engine, field)
        assert dict(weights).get("ev", 0.0) >= 0.0, (engine, field)  # monotone in the evidence
        assert abs(bias) < 20 and all(abs(w) < 20 for _, w in weights)  # small, regularised


def test_model_probabilities_are_bounded_and_rise_with_evidence() -> None:
    for engine, field, (_, weights) in _models():
        for fill in (0.0, 0.5, 1.0):
            x = {n: fill for n, _ in weights}
            probs = []
            for ev in (0.0, 0.3, 0.6, 0.9, 1.0):
                p = modelled(field, {**x, "ev": logit(ev)}, engine)
                assert p is not None and 0.0 <= p <= 1.0
                probs.append(p)
            assert probs == sorted(probs), (engine, field)


def test_missing_features_fall_back_to_the_table() -> None:
    engine, field = next((e, f) for e, f, _ in _models()) if _models() else ("*", "company")
    assert modelled(field, {}, engine) is None  # a feature it needs is missing
    ev = 0.7
    without = calibrate_all({field: ev}, engine)
    assert without[field] == calibrated(field, ev, engine)
    # Features for another field only: this one still reads the table.
    assert calibrate_all({field: ev}, engine, {"no-such": {}})[field] == without[field]
    assert modelled("no-such-field", {"ev": 1.0}) is None


def test_engine_without_a_model_uses_the_fit_over_all_engines() -> None:
    for field, model in MODEL.get("*", {}).items():
        x = {n: 0.5 for n, _ in model[1]}
        assert modelled(field, x, "some-new-engine") == modelled(field, x, "*")
    # An engine with a table of its own never borrows another engine's model: its features
    # (word confidences above all) mean something else.
    for engine in TABLE:
        for field in FEATURES:
            x = {n: 0.5 for n in FEATURES[field]}
            if field not in MODEL.get(engine, {}):
                assert modelled(field, x, engine) is None


def test_name_parts_share_the_full_names_probability() -> None:
    feats = {"full_name": {n: 0.9 for n in FEATURES["full_name"]}}
    cal = calibrate_all({"full_name": 0.9, "given_name": 0.5, "family_name": 0.99}, "", feats)
    assert cal["given_name"] == cal["family_name"] == cal["full_name"]


def test_features_of_a_parsed_card_lie_in_0_1() -> None:
    ocr = ocr_from_text(
        "# Anna Weber\nGeschäftsführerin\nWeber Design GmbH\nanna.weber@weber-design.de\n"
        "www.weber-design.de\n+49 30 1234567"
    )
    parsed = parse_contact(ocr, Settings(default_region="DE"))
    feats = field_features(parsed, ocr, parsed.confidence)
    assert set(feats) == {"full_name", "title", "company", "emails", "phones", "website"}
    for field, x in feats.items():
        assert tuple(x) == FEATURES[field]
        assert all(0.0 <= v <= 1.0 for v in x.values()), (field, x)
    assert feats["full_name"]["email_agrees"] == 1.0
    assert feats["company"]["domain_agrees"] > 0.5
    assert feats["phones"]["all_valid"] == 1.0
    assert field_features(parsed, None, parsed.confidence)["full_name"]["tallest"] == 0.5


def test_uncalibrated_fields_flag_only_below_the_floor() -> None:
    phone = (Phone("+49301234567", "work", "030 1234567"),)
    contact = Contact(
        full_name="Anna Weber", emails=("anna@weber.de",), phones=phone, address="Hauptstr. 1"
    )
    sure = {"full_name": 0.97, "emails": 0.97, "phones": 0.95}
    assert flag_fields(contact, {**sure, "address": 0.7}, 0.9) == ()
    assert flag_fields(contact, {**sure, "address": 0.5}, 0.9) == ("address",)


def _rows(n: int = 200) -> list[tuple[dict[str, float], bool]]:
    # Right when the evidence is high or the second feature agrees: a deterministic pattern.
    return [
        ({"ev": (i % 10) / 10, "agree": float(i % 3 == 0)}, (i % 10) >= 6 or i % 3 == 0)
        for i in range(n)
    ]


def test_logistic_fit_is_reproducible_and_learns_the_signs() -> None:
    fit = _fit_module()
    a = fit.fit_logistic(_rows(), ("ev", "agree"), 0.3)
    assert a == fit.fit_logistic(_rows(), ("ev", "agree"), 0.3)  # no randomness anywhere
    weights = dict(a[1])
    assert weights["ev"] > 0 and weights["agree"] > 0
    assert 0.0 < fit.model_prob(a, {"ev": 0.0, "agree": 0.0}) < 0.5
    assert 0.5 < fit.model_prob(a, {"ev": 1.0, "agree": 1.0}) < 1.0


def test_logistic_fit_drops_evidence_that_would_count_against() -> None:
    fit = _fit_module()
    rows = [({"ev": x["ev"], "agree": x["agree"]}, not right) for x, right in _rows()]
    names = [n for n, _ in fit.fit_logistic(rows, ("ev", "agree"), 0.3)[1]]
    assert names == ["agree"]


def test_written_table_reads_back_what_was_fitted(tmp_path, monkeypatch) -> None:
    fit = _fit_module()
    steps = fit.fit_field([(i / 50, i >= 20) for i in range(50)], bins=4, min_rows=10)
    model = fit.fit_logistic(_rows(), ("ev", "agree"), 0.3)
    out = tmp_path / "table.py"
    monkeypatch.setattr(fit, "TABLE", out)
    fit.write_table({"*": {"company": steps}}, {"*": {"company": model}}, ["test rows"], 0.9)
    spec = importlib.util.spec_from_file_location("written", out)
    written = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(written)  # type: ignore[union-attr]
    table, models, threshold = written.TABLE, written.MODEL, written.REVIEW_THRESHOLD
    assert table == {"*": {"company": tuple(steps)}}
    assert models == {"*": {"company": model}}
    assert threshold == 0.9


def test_frontier_counts_unflagged_and_wrong_cards() -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from calibration_report import THRESHOLDS, frontier, out_of_reach, recommend, scores

    cards = [
        {"set": "s", "forced": False, "other": 1.0, "wrong": False, "fields": {"company": {}}},
        {"set": "s", "forced": False, "other": 1.0, "wrong": True, "fields": {"company": {}}},
        {"set": "s", "forced": True, "other": 1.0, "wrong": False, "fields": {"company": {}}},
    ]
    probs = [{"company": 0.95}, {"company": 0.7}, {"company": 0.99}]
    rows = dict((t, rest) for t, *rest in frontier(cards, probs)["s"])
    assert rows[0.5] == [3, 2, 1]  # the forced card is never unflagged
    assert rows[0.9] == [3, 1, 0]
    assert scores([(1.0, True), (0.0, False)]) == (0.0, 0.0)
    # The default threshold: the lowest with few enough wrong among the unflagged cards.
    assert recommend({"real": [(t, 20, 20 - k, 1) for k, t in enumerate(THRESHOLDS)]}) == 0.5
    assert recommend({"real": [(t, 20, 10, 1 if t < 0.9 else 0) for t in THRESHOLDS]}) == 0.9
    # A set that meets its cap only by passing (almost) nothing is left out of the pick.
    hopeless = [(t, 100, 1 if t >= 0.94 else 30, 0 if t >= 0.94 else 10) for t in THRESHOLDS]
    generated = [(t, 20, 10, 1 if t < 0.9 else 0) for t in THRESHOLDS]
    assert recommend({"real": hopeless, "gen": generated}) == 0.9
    assert out_of_reach({"real": hopeless, "gen": generated}) == ["real"]


def _tiny_cache(root: Path) -> Path:
    """Two labelled folders of text-only cards and an OCR cache of them, as parser_dev makes."""
    people = ["Anna Weber", "Jonas Berg", "Lena Vogel", "Paul Klein", "Mia Roth", "Tim Kurz"]
    firms = ["Nordlicht Design GmbH", "Hafen Logistik AG", "Blau Software GmbH"]
    cache = root / "cache"
    cache.mkdir()
    folders = []
    for folder, count in (("real_cards", 30), ("gen", 16)):
        (root / folder).mkdir()
        folders.append(str(root / folder))
        for i in range(count):
            name, firm = people[i % 6], firms[i % 3]
            domain = firm.split()[0].lower() + ".de"
            local = name.lower().replace(" ", ".")
            text = f"# {name}\nGeschäftsführer\n{firm}\n{local}@{domain}\n+49 30 123456{i % 10}"
            image = root / folder / f"card_{i:02}.png"
            image.write_bytes(b"")
            label = {"full_name": name, "title": "Geschäftsführer", "emails": [f"{local}@{domain}"]}
            # Every third label names another company: the reading is wrong there.
            label["company"] = firm if i % 3 else "Andere Firma KG"
            label["phones"] = [{"number": f"+4930123456{i % 10}"}]
            image.with_suffix(".json").write_text(json.dumps({"contact": label, "kind": "photo"}))
            entry = {"ocr": ocr_from_text(text), "settings": Settings(), "qr": None}
            (cache / f"{folder}__{image.name}__auto.pkl").write_bytes(pickle.dumps(entry))
    (cache / "index.json").write_text(json.dumps(folders))
    return cache


def test_refit_from_a_cache_is_one_reproducible_command(tmp_path, monkeypatch) -> None:
    fit = _fit_module()
    cache = _tiny_cache(tmp_path)
    written = []
    for run in range(2):
        out = tmp_path / f"table{run}.py"
        out.write_text((ROOT / "ocr/calibration_table.py").read_text(encoding="utf-8"))
        monkeypatch.setattr(fit, "TABLE", out)
        argv = ["fit", "--cache", str(cache), "--engines", "auto,tesseract"]
        monkeypatch.setattr(sys, "argv", argv)
        assert fit.main() == 0
        written.append(out.read_text(encoding="utf-8"))
    assert written[0] == written[1]  # the same cache gives the same table, byte for byte
    spec = importlib.util.spec_from_file_location("refit", tmp_path / "table0.py")
    refit = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(refit)  # type: ignore[union-attr]
    table, old_tesseract = refit.TABLE, TABLE["tesseract"]
    assert {"full_name", "company", "emails", "phones"} <= set(table["auto"])
    assert table["*"] == table["auto"]  # one engine read: the fit over all is its fit
    # No tesseract readings in this cache: its previous table is kept as it was.
    assert {f: tuple(s) for f, s in table["tesseract"].items()} == old_tesseract
    assert 0.5 <= refit.REVIEW_THRESHOLD <= 0.99
