"""The RapidOCR engine: PaddleOCR's PP-OCR detection, recognition and line-direction models as
ONNX files inside the ``rapidocr`` wheel, run by onnxruntime on the CPU.

Only the models in the installed wheel are used, by path: RapidOCR would otherwise download a
model it does not find, and nothing may be downloaded at run time.
"""

from __future__ import annotations

import logging
import os
from functools import cache
from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import MissingDependencyError, OcrError
from ..models import OcrResult, PreparedImage, Settings
from ..orient import preview
from . import cjk_spaces, latin_spaces, side_text
from .lines import Quad, build_lines, is_cjk, line_from_chars

# onnxruntime (1.2x and later, Linux too) queues usage telemetry with a device id under
# ~/.cache/Microsoft and uploads it when it can: nothing may leave the machine, so it is off,
# whatever the environment says. It must be set before onnxruntime is first imported.
os.environ["ORT_DISABLE_TELEMETRY"] = "1"

_INSTALL = "pip install 'rapidocr>=3.10,<4' onnxruntime (both are cardfollow dependencies)"

# Cards are read in parallel worker processes, one card each: onnxruntime's own thread pool
# would only contend with the other workers (measured in benchmarks/speed.py).
_THREADS = 1

# Detection runs on the prepared card scaled so its longer side is this many pixels; the
# prepared image is ~300 dpi (~1000 px wide), so this is a mild reduction that keeps small print.
_DET_SIDE = 960

# RapidOCR reads every image scaled down to this longer side (its Global.max_side_len, set
# below so the two agree): preparing a 12 MP photo at full size would be work thrown away.
_MAX_SIDE = 2000

# A tall text box is a line turned by a quarter; the direction classifier then tells which way.
_TALL = 1.5
_ORIENT_SAMPLES = 12  # the widest boxes are enough to vote on a card's direction


class RapidOcrEngine:
    """PP-OCR detection + recognition; orientation from its 0/180° line classifier."""

    name = "rapidocr"
    max_side = _MAX_SIDE

    def check_available(self, settings: Settings) -> str:
        return _check()

    def read(self, prepared: PreparedImage, settings: Settings) -> OcrResult:
        # The line classifier is off when reading: an upside-down card must read badly so the
        # pipeline turns the whole image (a card read line by line upside down would come out
        # with its layout mirrored).
        out = _run(_ocr(), prepared.pixels, use_det=True, use_cls=False, use_rec=True)
        h, w = prepared.pixels.shape[:2]
        if out is None or not getattr(out, "txts", None):
            return OcrResult(lines=(), image_size=(w, h), text="")
        read_lines = []
        tall: list[tuple[Quad, str]] = []
        for quad, text, score, chars in zip(
            out.boxes, out.txts, out.scores, out.word_results, strict=True
        ):
            if _turned_line(text, np.asarray(quad, dtype=float)):
                tall.append((np.asarray(quad, dtype=float), text))
                continue
            chars = list(chars or ())
            text = cjk_spaces.restore(" ".join(text.split()), chars, prepared.pixels)
            text = latin_spaces.restore(text, chars, prepared.pixels)
            line = line_from_chars(text, float(score), np.asarray(quad, dtype=float), chars)
            if line is not None:
                read_lines.append(line)
        lines = build_lines(read_lines)
        if tall and side_text.beside_upright_text(len(tall), sum(len(t) for _, t in tall), lines):
            first = max((ln.block for ln in lines), default=0) + 1
            quads = [q for q, _ in tall]
            lines += tuple(side_text.read_side_lines(prepared.pixels, quads, _read_line, first))
        return OcrResult(lines=lines, image_size=(w, h), text="\n".join(ln.text for ln in lines))

    def orientation(self, prepared: PreparedImage, settings: Settings) -> tuple[int, float] | None:
        """Find text boxes on a preview and let the 0/180° classifier vote on the widest."""
        small = preview(prepared).pixels
        engine = _ocr()
        det = _run(engine, small, use_det=True, use_cls=False, use_rec=False)
        boxes = getattr(det, "boxes", None)
        if boxes is None or len(boxes) == 0:
            return None
        quads = sorted((np.asarray(b, dtype=float) for b in boxes), key=_longer_side, reverse=True)
        votes: dict[int, float] = {}
        for quad in quads[:_ORIENT_SAMPLES]:
            crop, tall = _crop(small, quad)
            if crop is None:
                continue
            if tall:
                crop = np.ascontiguousarray(np.rot90(crop, k=-1))  # try it as if turned clockwise
            cls = _run(engine, crop, use_det=False, use_cls=True, use_rec=False)
            results = getattr(cls, "cls_res", None) or []
            if not results:
                continue
            label, score = results[0]
            flipped = "180" in str(label)
            turn = (90 if not flipped else 270) if tall else (180 if flipped else 0)
            votes[turn] = votes.get(turn, 0.0) + float(score) * _longer_side(quad)
        if not votes:
            return None
        turn, weight = max(votes.items(), key=lambda kv: kv[1])
        return turn, weight / sum(votes.values())


def _read_line(pixels: np.ndarray) -> tuple[str, float] | None:
    """One line image recognised without detection: its text and score."""
    out = _run(_ocr(), pixels, use_det=False, use_cls=False, use_rec=True)
    txts, scores = getattr(out, "txts", None), getattr(out, "scores", None)
    if not txts or not scores:
        return None
    return " ".join(str(txts[0]).split()), float(scores[0])


def _turned_line(text: str, quad: Quad) -> bool:
    """A tall box of Latin letters is a line of a card lying on its side. RapidOCR turns such
    boxes and reads them, which would make a turned card look upright with its layout lost; the
    pipeline turns the whole image instead. Tall CJK lines are vertical writing and stay."""
    width, height = np.ptp(quad[:, 0]), np.ptp(quad[:, 1])
    return len(text.strip()) >= 3 and height >= _TALL * width and not any(map(is_cjk, text))


def _longer_side(quad: Quad) -> float:
    return float(max(np.ptp(quad[:, 0]), np.ptp(quad[:, 1])))


def _crop(pixels: np.ndarray, quad: Quad) -> tuple[np.ndarray | None, bool]:
    h, w = pixels.shape[:2]
    left, top = max(0, int(quad[:, 0].min())), max(0, int(quad[:, 1].min()))
    right, bottom = min(w, int(quad[:, 0].max()) + 1), min(h, int(quad[:, 1].max()) + 1)
    if right - left < 8 or bottom - top < 8:
        return None, False
    return pixels[top:bottom, left:right], (bottom - top) >= _TALL * (right - left)


@cache
def _check() -> str:
    try:
        import_module("onnxruntime")
        rapidocr_version = version("rapidocr")
        import_module("rapidocr")
    except (ImportError, PackageNotFoundError) as exc:
        raise MissingDependencyError(
            f"RapidOCR cannot run ({exc}). Install it with {_INSTALL}, or choose "
            "ocr.engine = tesseract."
        ) from None
    _bundled_models()
    return rapidocr_version


@cache
def _bundled_models() -> dict[str, Path]:
    """The detection, recognition and direction models shipped in the rapidocr wheel."""
    spec = import_module("rapidocr").__spec__
    folder = Path(next(iter(spec.submodule_search_locations or []), "")) / "models"
    found: dict[str, Path] = {}
    for task in ("det", "rec", "cls"):
        candidates = sorted(folder.glob(f"*{task}*.onnx"))
        if len(candidates) != 1:
            raise MissingDependencyError(
                f"RapidOCR's bundled {task} model is missing or ambiguous in {folder} "
                f"(found {[c.name for c in candidates]}). Reinstall it: {_INSTALL}."
            )
        found[task] = candidates[0]
    return found


@cache
def _ocr() -> Any:
    """One RapidOCR per process (the models load once, ~0.1 s, and stay)."""
    _check()
    models = _bundled_models()
    logging.getLogger("RapidOCR").setLevel(logging.ERROR)
    rapidocr = import_module("rapidocr")
    return rapidocr.RapidOCR(
        params={
            "Global.log_level": "error",
            "Global.return_word_box": True,
            "Global.return_single_char_box": True,  # per-character boxes and scores -> words
            "Global.max_side_len": _MAX_SIDE,
            "Det.model_path": str(models["det"]),
            "Det.limit_type": "max",
            "Det.limit_side_len": _DET_SIDE,
            "Rec.model_path": str(models["rec"]),
            "Cls.model_path": str(models["cls"]),
            # One line per recognition run: a batch pads every line to its widest, work thrown
            # away on a card's mix of short and long lines (~30% less time on 12 MP photos).
            # onnxruntime's memory arena stays off as RapidOCR sets it: on, it saved ~5% and
            # kept the detector's peak, +170 MB per worker.
            "Rec.rec_batch_num": 1,
            "EngineConfig.onnxruntime.intra_op_num_threads": _THREADS,
            "EngineConfig.onnxruntime.inter_op_num_threads": _THREADS,
        }
    )


def _run(engine: Any, pixels: np.ndarray, **steps: bool) -> Any:
    # Every step is named on every call: RapidOCR keeps a call's step choices for later calls.
    try:
        return engine(pixels, **steps)
    except Exception as exc:  # onnxruntime and RapidOCR raise many types; one card fails
        raise OcrError(f"RapidOCR failed: {type(exc).__name__}: {exc}") from exc
