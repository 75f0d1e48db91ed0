"""No module of the reader imports itself through others (the standards forbid import cycles)."""

from __future__ import annotations

from pathlib import Path

from import_graph import cycles, import_graph

from conftest import ROOT


def test_reader_has_no_import_cycles() -> None:
    assert cycles(import_graph(ROOT, "ocr")) == []


def test_cycle_finder_finds_a_cycle(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from pkg.b import x\n")
    (pkg / "b.py").write_text("def f():\n    from pkg import a\n")  # hidden in a function
    typing_only = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg import a\n"
    (pkg / "c.py").write_text(typing_only)
    (pkg / "d.py").write_text("from . import c\n")
    graph = import_graph(tmp_path, "pkg")
    assert graph["pkg.d"] == {"pkg.c"} and graph["pkg.c"] == set()  # typing-only: never runs
    assert cycles(graph) == [["pkg.a", "pkg.b"]]
