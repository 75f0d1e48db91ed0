"""Training data for the line classifier (benchmarks/line_model.py): every cached OCR reading
(``parser_dev.py cache``) with each line labelled name / title / company / other by fuzzy-matching
it against the card's labelled values, and the CRF fitted on a list of such cards.

Only features and labels are used, never the images (as for the calibration table).
"""

from __future__ import annotations

import difflib
import json
import pickle
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import line_model
from _common import ROOT, find_samples

sys.path.insert(0, str(ROOT))

from ocr.parse.segments import Segment
from ocr.parse.web import find_urls

FIELDS = {"full_name": "name", "title": "title", "company": "company"}
# Training settings: L1 keeps the model small, L2 keeps it smooth on few cards.
PARAMS = {"c1": 0.05, "c2": 0.05, "max_iterations": 200, "feature.possible_transitions": True}


def _tokens(text: str) -> list[str]:
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c)).replace("ı", "i")
    return re.findall(r"\w+", text)


def _similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


def label_lines(segs: list[Segment], contact: dict[str, Any]) -> list[str]:
    """Each segment's label: for each field, the run of up to three consecutive segments whose
    joined words read most like the labelled value (a company over two lines, a title joined
    from two roles) carries the field's label; every other segment is 'other' (a logo word that
    merely repeats the company is not the company as the contact holds it)."""
    out = ["other"] * len(segs)
    words = [" ".join(_tokens(s.text)) for s in segs]
    # Lines holding an email or a URL are contact data, whatever names they spell.
    usable = [
        bool(w) and "@" not in s.text and not find_urls(s.text)
        for s, w in zip(segs, words, strict=True)
    ]
    claims: list[tuple[float, str, range]] = []
    for field, label in FIELDS.items():
        value = " ".join(_tokens(contact.get(field) or ""))
        if not value:
            continue
        best: tuple[float, range] = (0.0, range(0))
        for i in range(len(segs)):
            for n in (1, 2, 3):
                run = range(i, min(i + n, len(segs)))
                if len(run) < n or not all(usable[k] for k in run):
                    break
                score = _similar(" ".join(words[k] for k in run), value)
                if score > best[0] + 0.02:  # a longer run only when it reads clearly better
                    best = (score, run)
        if best[0] >= 0.75:
            claims.append((best[0], label, best[1]))
    for _, label, run in sorted(claims, reverse=True):  # the closest match claims first
        if all(out[k] == "other" for k in run):
            for k in run:
                out[k] = label
    return out


def load_cards(cache: Path, engine: str) -> list[dict[str, Any]]:
    """Every cached reading with its label: folder name, position in the folder, sequences."""
    cards = []
    for folder in json.loads((cache / "index.json").read_text()):
        for i, sample in enumerate(find_samples([folder])):
            path = cache / f"{sample.image.parent.name}__{sample.image.name}__{engine}.pkl"
            if not path.exists():
                continue
            entry = pickle.loads(path.read_bytes())
            if "ocr" not in entry:
                continue
            segs, emails, urls = line_model.card_items(entry["ocr"])
            contact = sample.expected["contact"]
            cards.append(
                {
                    "folder": Path(folder).name,
                    "pos": i,
                    "image": sample.image.name,
                    "entry": entry,
                    "expected": contact,
                    "xs": line_model.line_features(segs, emails, urls),
                    "ys": label_lines(segs, contact),
                    "texts": [s.text for s in segs],
                }
            )
    return cards


def train(cards: list[dict[str, Any]], out: Path, params: dict[str, float] | None = None) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for card in cards:
        if card["xs"]:
            trainer.append(card["xs"], card["ys"])
    trainer.set_params({**PARAMS, **(params or {})})
    trainer.train(str(out))
