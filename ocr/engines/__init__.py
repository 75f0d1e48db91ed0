"""OCR engines behind one protocol (``base.OcrEngine``), chosen by name (``ocr.engine``)."""

from .base import OcrEngine
from .registry import (
    DEFAULT_ENGINE,
    ENGINE_NAMES,
    UnknownEngineError,
    check_engine_name,
    get_engine,
)

__all__ = [
    "DEFAULT_ENGINE",
    "ENGINE_NAMES",
    "OcrEngine",
    "UnknownEngineError",
    "check_engine_name",
    "get_engine",
]
