"""Project rules that are cheap to check: ocr/ stands alone, and the documented surface is real."""

from __future__ import annotations

import ast
from pathlib import Path

from import_graph import cycles, import_graph

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


# Where HubSpot may be named in code: its own package, the sidebar (a HubSpot card's backend) and
# the CSV export HubSpot imports. The store's migrations are history: their SQL comments stay.
_HUBSPOT_HOMES = ("plugin/crm/hubspot/", "plugin/web/sidebar/", "plugin/export/", "plugin/hubspot/")
_HUBSPOT_ALSO = {"plugin/cli/export.py", "plugin/store/migrations.py"}


def _code_words(path: Path) -> list[str]:
    """Identifiers and string constants, leaving out docstrings and comments."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    words: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) not in docstrings:
                words.append(node.value)
        elif isinstance(node, ast.Name):
            words.append(node.id)
        elif isinstance(node, ast.Attribute):
            words.append(node.attr)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            words.append(node.name)
        elif isinstance(node, ast.ImportFrom):
            words.extend([node.module or "", *(a.name for a in node.names)])
        elif isinstance(node, ast.Import):
            words.extend(a.name for a in node.names)
    return words


def test_only_its_own_package_names_hubspot() -> None:
    """A second CRM joins as one package: nothing else decides by HubSpot's name."""
    offenders = {}
    for path in (ROOT / "plugin").rglob("*.py"):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith(_HUBSPOT_HOMES) or rel in _HUBSPOT_ALSO:
            continue
        named = sorted({w for w in _code_words(path) if "hubspot" in w.lower()})
        if named:
            offenders[rel] = named
    assert offenders == {"plugin/crm/registry.py": ["HUBSPOT", "hubspot.entry"]}


def test_plugin_has_no_import_cycles() -> None:
    assert cycles(import_graph(ROOT, "plugin")) == []


def test_plugin_top_holds_few_modules_and_none_is_long() -> None:
    loose = sorted(p.name for p in (ROOT / "plugin").glob("*.py") if not p.name.startswith("__"))
    assert len(loose) <= 8, loose
    long = {
        p.relative_to(ROOT).as_posix(): n
        for p in [*(ROOT / "plugin").rglob("*.py"), *(ROOT / "ocr").rglob("*.py")]
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert long == {}
