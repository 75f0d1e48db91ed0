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


def test_all_sql_lives_in_the_store() -> None:
    """The team edition swaps SQLite for PostgreSQL behind plugin/store/ alone."""
    offenders = [
        str(p.relative_to(ROOT))
        for p in [*(ROOT / "plugin").rglob("*.py"), *(ROOT / "ocr").rglob("*.py")]
        if "sqlite3" in _imports(p) and (ROOT / "plugin" / "store") not in p.parents
    ]
    assert offenders == []


def test_every_setting_command_and_option_is_documented() -> None:
    from plugin.cli.main import cli
    from plugin.config import OPTIONS

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for option in OPTIONS:
        assert f"`{option.key}`" in readme, option.name
        assert option.env in readme, option.env
    for name, command in cli.commands.items():
        assert f"`cardfollow {name}" in readme, name
        for param in command.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("--") and opt != "--help":
                    assert opt in readme, f"{name} {opt}"
