"""Code quality gates: ruff and mypy pass, and the engine knows no framework.

The engine is generic (GUIDE §3): no framework id, indicator code or Chinese indicator name is
used as a literal in `perfscore/`. Docstrings and comments may quote a source document's wording
as an example; string literals — what the code compares, branches on or prints — may not.
The ids, codes and names are read from perfscore/frameworks/*.yaml, so a new framework extends
the check.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import processes
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "perfscore"
CODE_PATTERN = re.compile(r"(?<![A-Za-z0-9_])[A-D][0-9]{1,3}(?![0-9])")


def _tool(*argv: str) -> subprocess.CompletedProcess[str]:
    return processes.run([sys.executable, "-m", *argv], cwd=ROOT, encoding="utf-8", timeout=240)


def test_ruff_is_clean() -> None:
    paths = [p for p in ("perfscore", "tests", "benchmarks") if (ROOT / p).exists()]
    done = _tool("ruff", "check", *paths)
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_is_clean() -> None:
    done = _tool("mypy")  # configuration (strict, packages) in pyproject.toml
    assert done.returncode == 0, done.stdout + done.stderr


# ----------------------------------------------------------------------------- generic engine


def _framework_words() -> tuple[set[str], set[str], set[str]]:
    ids: set[str] = set()
    codes: set[str] = set()
    names: set[str] = set()

    def walk(nodes: Any) -> None:
        for node in nodes or []:
            if isinstance(node, dict):
                if isinstance(node.get("code"), str):
                    codes.add(node["code"])
                if isinstance(node.get("name"), str):
                    names.add(node["name"])
                walk(node.get("children"))

    for path in sorted((ROOT / "perfscore" / "frameworks").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data.get("id"), str):
            ids.add(data["id"])
        walk(data.get("indicators"))
        for change in data.get("add", []) or []:  # adaptations (extends:) add indicators too
            walk([change] if isinstance(change, dict) else change)
    return ids, codes, names


def _literals(path: Path) -> Iterator[tuple[int, str]]:
    """Every string literal in a module except docstrings (f-string parts included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or id(node) in docstrings:
            continue
        if isinstance(node.value, str):
            yield node.lineno, node.value


def _offences(path: Path, ids: set[str], codes: set[str], names: set[str]) -> list[str]:
    found = []
    for line, text in _literals(path):
        hits = [i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text)]
        hits += CODE_PATTERN.findall(text)
        hits += [
            c
            for c in codes
            if any(ch.isdigit() for ch in c)
            and re.search(rf"(?<![A-Za-z0-9_]){re.escape(c)}(?![0-9])", text)
        ]
        hits += [n for n in names if len(n) >= 2 and n in text]
        if hits:
            where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
            found.append(f"{where}:{line}: {sorted(set(hits))}: {text[:60]!r}")
    return found


def test_frameworks_provide_words_to_look_for() -> None:
    ids, codes, names = _framework_words()
    assert "department-common" in ids
    assert {"A11", "B16"} <= codes
    assert "公用经费控制率" in names


def test_the_engine_uses_no_framework_id_code_or_indicator_name() -> None:
    ids, codes, names = _framework_words()
    offences = [o for py in sorted(PACKAGE.rglob("*.py")) for o in _offences(py, ids, codes, names)]
    assert not offences, "framework-specific literals in the engine:\n" + "\n".join(offences)


@pytest.mark.parametrize(
    "source",
    [
        'if code == "B16":\n    pass\n',
        'NAME = f"{x}公用经费控制率"\n',
        'load("department-common")\n',
        'CODES = ["D4"]\n',
    ],
)
def test_the_scan_catches_framework_literals(source: str, tmp_path: Path) -> None:
    module = tmp_path / "module.py"
    docstring = '"""A docstring may quote B16, 公用经费控制率 and department-common."""\n'
    module.write_text(docstring + source, encoding="utf-8")
    found = _offences(module, *_framework_words())
    assert len(found) == 1 and found[0].startswith("module.py:2:")
