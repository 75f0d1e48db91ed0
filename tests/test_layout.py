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


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _runtime_imports(path: Path, modules: set[str]) -> set[str]:
    """The modules ``path`` imports when it runs (``if TYPE_CHECKING:`` blocks left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for stmt in node.body
        for inner in ast.walk(stmt)
    }
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, *([node.module] if node.module else [])])
            targets = [
                f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names
            ]
        else:
            continue
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return groups


def test_plugin_has_no_import_cycles() -> None:
    paths = {_module_name(p): p for p in (ROOT / "plugin").rglob("*.py")}
    graph = {name: _runtime_imports(path, set(paths)) for name, path in paths.items()}
    assert _cycles(graph) == []


def test_plugin_top_holds_few_modules_and_none_is_long() -> None:
    loose = sorted(p.name for p in (ROOT / "plugin").glob("*.py") if not p.name.startswith("__"))
    assert len(loose) <= 8, loose
    long = {
        p.relative_to(ROOT).as_posix(): n
        for p in [*(ROOT / "plugin").rglob("*.py"), *(ROOT / "ocr").rglob("*.py")]
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert long == {}
