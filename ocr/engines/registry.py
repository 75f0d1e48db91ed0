"""Engine names to engines. A new engine is a new module and one line here.

Engines are imported on first use, so choosing Tesseract never loads onnxruntime, and one engine
instance (with its loaded models) is kept per process: worker processes each build their own.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module

from ..errors import CardfollowError, ExitCode
from .base import OcrEngine

# name -> "module:class" under ocr.engines; the class takes no arguments.
_ENGINES: dict[str, str] = {
    "auto": "cross_checked:CrossCheckedEngine",
    "rapidocr": "rapidocr:RapidOcrEngine",
    "tesseract": "tesseract:TesseractEngine",
}

DEFAULT_ENGINE = "auto"
ENGINE_NAMES: tuple[str, ...] = tuple(_ENGINES)


class UnknownEngineError(CardfollowError):
    exit_code = ExitCode.usage


def check_engine_name(name: str) -> str:
    """``name`` normalised, or UnknownEngineError naming the choices."""
    normalised = name.strip().lower()
    if normalised not in _ENGINES:
        raise UnknownEngineError(
            f"unknown OCR engine {name!r}: choose one of {', '.join(ENGINE_NAMES)}"
        )
    return normalised


@cache
def get_engine(name: str = DEFAULT_ENGINE) -> OcrEngine:
    module, _, cls = _ENGINES[check_engine_name(name)].partition(":")
    engine: OcrEngine = getattr(import_module(f"{__package__}.{module}"), cls)()
    return engine
