"""The exceptions the OCR pipeline raises. Only the CLI turns them into messages and exit codes."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    ok = 0
    some_failed = 1
    usage = 2
    missing_dependency = 3


class CardfollowError(Exception):
    """Base class: every error raised on purpose carries a message meant for a person."""

    exit_code: ExitCode = ExitCode.some_failed


class ImageError(CardfollowError):
    """The file is not an image we can read: not an image, truncated, corrupt, or too large."""


class MissingDependencyError(CardfollowError):
    """A system part (Tesseract, a language pack) is missing; the message names what to install."""

    exit_code = ExitCode.missing_dependency


class OcrError(CardfollowError):
    """Tesseract ran but failed (timeout, crash)."""
