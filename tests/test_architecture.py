"""The layout holds: no import cycles, imports point only the agreed ways (README: Architecture).

The walk reads every import statement with ast, also those inside functions and TYPE_CHECKING
blocks, so a lazy import cannot hide a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("dossier", "scrapers", "tasks")
CORE = {
    "dossier",
    "dossier.content",
    "dossier.documents",
    "dossier.errors",
    "dossier.i18n",
    "dossier.config",
    "dossier.scrapestate",
}
# role -> roles it may import (its own role always); "pelican" is the external package
ALLOWED = {
    "core": set(),
    "analysis": {"core"},
    "plugin": {"analysis", "core", "pelican"},
    "editing": {"analysis", "core", "pelican"},
    "publish": {"editing", "core", "scrapers", "pelican"},
    "scrapers": {"core"},
    "tasks": {"analysis", "plugin", "editing", "publish", "core", "scrapers", "benchmarks"},
}


def role(module: str) -> str:
    """The role of a module of the project, or of an outside package (its top-level name)."""
    if module in CORE:
        return "core"
    parts = module.split(".")
    if parts[0] == "dossier" and len(parts) > 1:
        return parts[1]
    return parts[0]


def module_name(path: Path, root: Path) -> str:
    """The dotted name of a source file below root."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, root: Path, known: set[str]) -> set[str]:
    """The project modules (and outside top-level packages) that one file imports."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from pkg import module` names a module; `from module import name` does not
            targets = [f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in known]
            targets = targets or [base]
        else:
            continue
        for target in targets:
            while target not in known and "." in target:
                target = target.rpartition(".")[0]
            found.add(target if target in known else target.split(".")[0])
    found.discard(name)
    return found


def import_graph(root: Path, packages=PACKAGES) -> dict[str, set[str]]:
    """Every project module under root with the modules it imports."""
    files = [p for pkg in packages for p in sorted((root / pkg).rglob("*.py"))]
    known = {module_name(p, root) for p in files}
    return {module_name(p, root): imports_of(p, root, known) for p in files}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import cycles among project modules (strongly connected components of two or more)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in graph.get(node, ()):
            if other not in graph:
                continue
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def forbidden(graph: dict[str, set[str]]) -> list[str]:
    """Imports that point a way the layout does not allow."""
    bad = []
    for module, targets in sorted(graph.items()):
        mine = role(module)
        for target in sorted(targets):
            theirs = role(target)
            project = target in graph
            if theirs == "tasks" and mine != "tasks":
                bad.append(f"{module} imports {target}: nothing imports the tasks")
            elif (
                (project or theirs == "pelican")
                and theirs != mine
                and theirs not in ALLOWED.get(mine, set())
            ):
                bad.append(f"{module} ({mine}) imports {target} ({theirs})")
    return bad


def test_no_import_cycles() -> None:
    assert cycles(import_graph(ROOT)) == []


def test_imports_point_the_agreed_ways() -> None:
    assert forbidden(import_graph(ROOT)) == []


def test_every_role_is_a_package_with_a_door_sign() -> None:
    for folder in ("analysis", "plugin", "publish", "editing"):
        init = ROOT / "dossier" / folder / "__init__.py"
        assert ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))), folder


def test_the_checker_finds_a_cycle_and_a_wrong_direction(tmp_path: Path) -> None:
    files = {
        "dossier/__init__.py": "",
        "dossier/content.py": "from .analysis import registry\n",
        "dossier/analysis/__init__.py": "",
        "dossier/analysis/registry.py": "def f():\n    from .matcher import m\n",
        "dossier/analysis/matcher.py": "from .registry import f\nimport pelican\n",
        "scrapers/__init__.py": "",
        "scrapers/run.py": "from dossier.plugin import register\n",
        "dossier/plugin/__init__.py": "import tasks\n",
        "tasks/__init__.py": "",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    graph = import_graph(tmp_path)
    assert cycles(graph) == [["dossier.analysis.matcher", "dossier.analysis.registry"]]
    assert forbidden(graph) == [
        "dossier.analysis.matcher (analysis) imports pelican (pelican)",
        "dossier.content (core) imports dossier.analysis.registry (analysis)",
        "dossier.plugin imports tasks: nothing imports the tasks",
        "scrapers.run (scrapers) imports dossier.plugin (plugin)",
    ]
