"""Project rules that are cheap to check: ocr/ stands alone, and the documented surface is real."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_ocr_imports_nothing_from_plugin() -> None:
    offenders = {
        str(p.relative_to(ROOT)): sorted(n for n in _imports(p) if n.split(".")[0] == "plugin")
        for p in (ROOT / "ocr").rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_every_setting_and_option_is_documented() -> None:
    from plugin.config import OCR_KEYS
    from plugin.extract_cli import extract

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for key, (_, env) in OCR_KEYS.items():
        assert f"`{key}`" in readme, key
        assert env in readme, env
    for param in extract.params:
        for opt in getattr(param, "opts", []):
            if opt.startswith("--"):
                assert f"`{opt}" in readme, opt
