"""The package's dependencies point one way: each module imports only from its own layer or the
layers below it (docs/architecture.md), at module level, inside functions and for type checking
alike; and no two modules import each other, directly or round a cycle, when the program runs."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "perfscore"

#: The layers, lowest first: a module (or a package, for everything in it) and where it sits.
#: A new module must be placed here — and in docs/architecture.md — before the test passes.
LAYERS: list[tuple[str, list[str]]] = [
    (
        "foundations",
        [
            "i18n",
            "errors",
            "json_text",
            "numbers",
            "bundled",
            "textwidth",
            "yaml_compose",
            "yamlio",
        ],
    ),
    (
        "formula language",
        [
            "formula_ops",
            "formula_check",
            "formula_code",
            "expressions",
            "values",
            "targets",
            "surveys",
        ],
    ),
    ("rules", ["rules"]),
    (
        "model",
        [
            "model",
            "result",
            "report_text",
            "records",
            "findings",
            "checks",
            "plausibility",
            "row_tables",
            "row_reading",
            "rows",
        ],
    ),
    ("loading", ["schema", "extend_paths", "extend", "weighting", "building", "loading"]),
    ("engine", ["engine"]),
    ("audit", ["reconcile", "explain"]),
    (
        "io",
        [
            "cells",
            "encodings",
            "injection",
            "atomic",
            "workbook_check",
            "xls_check",
            "sheet_check",
            "sheets",
            "xlsxstyle",
            "readers",
            "forms",
            "render",
            "report",
            "importing",
            "exporting",
        ],
    ),
    (
        "app",
        [
            "framework",
            "plugins",
            "batch",
            "cli_language",
            "cli",
            "commands",
            "serve",
            "case_files",
            "testcases",
            "pytest_plugin",
            "testing",
            "__init__",
            "__main__",
        ],
    ),
]
LEVEL = {name: level for level, (_, names) in enumerate(LAYERS) for name in names}


def _modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
        if parts[-1] == "__init__" and len(parts) > 1:
            parts.pop()
        yield ".".join(parts), path


def _layer_of(module: str) -> int:
    top = module.split(".")[0]
    if top not in LEVEL:
        raise AssertionError(f"perfscore.{module} is in no layer: add it to LAYERS")
    return LEVEL[top]


def _imports(module: str, path: Path) -> Iterator[tuple[str, int, bool]]:
    """(imported perfscore module, line, only for type checking) for every import anywhere in
    the file: module level, inside functions, under `if TYPE_CHECKING:`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_package = path.name == "__init__.py"
    base = module.split(".") if is_package else module.split(".")[:-1]
    typing_only = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
        for child in block.body
        for node in ast.walk(child)
    }
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = base[: len(base) - node.level + 1] if node.level > 1 else base
                target = [*anchor, *(node.module.split(".") if node.module else [])]
            elif node.module and node.module.split(".")[0] == "perfscore":
                target = node.module.split(".")[1:]
            else:
                continue
            names = [".".join(target)] if target else [alias.name for alias in node.names]
            if not target or _is_package(target):
                names = [".".join([*target, alias.name]) for alias in node.names] or names
        elif isinstance(node, ast.Import):
            names = [a.name.split(".", 1)[1] for a in node.names if a.name.startswith("perfscore.")]
        for name in names:
            found = _existing(name)
            if found is not None and found != module:
                yield found, node.lineno, id(node) in typing_only


def _is_package(parts: list[str]) -> bool:
    return (PACKAGE.joinpath(*parts) / "__init__.py").exists()


def _existing(name: str) -> str | None:
    """`name` as a module of the package (an imported name inside a module maps to it)."""
    parts = name.split(".")
    while parts:
        path = PACKAGE.joinpath(*parts)
        if path.with_suffix(".py").exists() or (path / "__init__.py").exists():
            return ".".join(parts)
        parts.pop()
    return None


EDGES = [(module, *edge) for module, path in _modules() for edge in _imports(module, path)]


def test_every_module_has_a_layer() -> None:
    for module, _ in _modules():
        _layer_of(module)


@pytest.mark.parametrize("module", sorted({m for m, _ in _modules()}))
def test_imports_point_down(module: str) -> None:
    wrong = [
        f"perfscore/{module.replace('.', '/')}: line {line} imports perfscore.{target} "
        f"({LAYERS[_layer_of(target)][0]}) from {LAYERS[_layer_of(module)][0]}"
        for source, target, line, _ in EDGES
        if source == module and _layer_of(target) > _layer_of(module)
    ]
    assert not wrong, "\n".join(wrong)


def test_no_import_cycles() -> None:
    graph: dict[str, set[str]] = {}
    for source, target, _, typing_only in EDGES:
        if not typing_only:
            graph.setdefault(source, set()).add(target)
    seen: dict[str, int] = {}  # 1 on the path, 2 done
    cycles: list[str] = []

    def visit(node: str, path: list[str]) -> None:
        seen[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if seen.get(nxt) == 1:
                cycles.append(" -> ".join([*path[path.index(nxt) :], nxt]))
            elif nxt not in seen:
                visit(nxt, [*path, nxt])
        seen[node] = 2

    for node in sorted(graph):
        if node not in seen:
            visit(node, [node])
    assert not cycles, "\n".join(cycles)


def test_the_walker_sees_imports_in_functions_and_for_type_checking() -> None:
    """The test itself: an import inside a function, or under TYPE_CHECKING, is found (so a
    green run means none of them points up)."""
    local = {(s, t) for s, t, _, typing in EDGES if not typing}
    assert ("commands.lint", "loading") in local or ("commands.lint", "framework") in local
    assert any(s == "model" and t == "rows" and typing for s, t, _, typing in EDGES)
    in_functions = [
        (s, t)
        for s, t, line, typing in EDGES
        if not typing and s == "rows" and t == "model"  # rows builds model nodes in functions
    ]
    assert in_functions
