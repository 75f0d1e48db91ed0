"""A worker gives each card's memory back before the next (glibc only)."""

from __future__ import annotations

import ctypes
import sys

import pytest

from ocr import memory


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_freed_memory_goes_back_after_a_card() -> None:
    assert memory._TRIM is not None
    block = ctypes.create_string_buffer(64 * 1024 * 1024)  # one large buffer, then freed
    del block
    memory.release_memory()  # must simply work; the benchmark measures the effect


def test_release_memory_is_harmless_without_glibc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memory, "_TRIM", None)
    memory.release_memory()
