"""The one exception drafting raises on purpose."""

from __future__ import annotations

from ocr.errors import CardfollowError


class TemplateError(CardfollowError):
    """A draft template cannot be used: unknown name, syntax error, undefined variable, an
    operation the sandbox refuses, or output with no subject or body. The message names the
    template, and the file and line when there is one."""
