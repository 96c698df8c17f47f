"""The batch package's place in the layers: one module of it (`scoring`) calls the engine, so that
a new engine changes that module alone; nothing below the application layer imports the package
(but the framework's `evaluate_many` facade, until the facade at the top replaces it); and each
of its modules stays small (about 400 lines, functions about 60). `import perfscore` loads the
package only when one of its public names is first used."""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterable
from pathlib import Path

import processes

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "perfscore"
BATCH = PACKAGE / "batch"
#: the engine: what scores one record
ENGINE = ("perfscore.compiled", "perfscore.evaluate", "perfscore.engine")
#: what may import perfscore.batch: the application layer (and the package itself)
APPLICATION = (
    "perfscore.batch",
    "perfscore.cli",
    "perfscore.commands",
    "perfscore.testcases",
    "perfscore.pytest_plugin",
)
#: `perfscore` itself re-exports the public names; Framework.evaluate_many calls up (for now)
FACADES = {"perfscore", "perfscore.framework"}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every module `path` imports, anywhere in its code (relative imports resolved; for
    `from X import y` both X and X.y, as y may be a module)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                module = ".".join([*base, module] if module else base)
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def _within(module: str, roots: Iterable[str]) -> bool:
    return any(module == root or module.startswith(root + ".") for root in roots)


def _within_any(modules: Iterable[str], roots: Iterable[str]) -> bool:
    return any(_within(module, roots) for module in modules)


def test_imports_are_resolved() -> None:
    found = _imports(PACKAGE / "commands" / "batch.py")
    assert "perfscore.batch" in found and "perfscore.batch.run_batch" in found
    assert _within("perfscore.batch.scoring", ["perfscore.batch"])
    assert not _within("perfscore.batcher", ["perfscore.batch"])


def test_only_the_scoring_module_calls_the_engine() -> None:
    calling = {
        _module_name(path) for path in BATCH.glob("*.py") if _within_any(_imports(path), ENGINE)
    }
    assert calling == {"perfscore.batch.scoring"}


def test_no_lower_layer_imports_the_batch_package() -> None:
    importers = {
        _module_name(path)
        for path in PACKAGE.rglob("*.py")
        if _within_any(_imports(path), ["perfscore.batch"])
    }
    assert "perfscore.commands.batch" in importers
    lower = {m for m in importers if not _within(m, APPLICATION)} - FACADES
    assert not lower, f"modules below the application layer import perfscore.batch: {lower}"


def test_each_module_of_the_batch_package_is_small() -> None:
    for path in sorted(BATCH.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines <= 400, f"{path.name}: {lines} lines"
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                assert length <= 60, f"{path.name}: {node.name} is {length} lines"


def test_import_perfscore_loads_the_batch_package_when_first_used() -> None:
    code = (
        "import sys, perfscore\n"
        "assert 'perfscore.batch' not in sys.modules, 'batch imported'\n"
        "assert 'perfscore.readers' not in sys.modules, 'readers imported'\n"
        "from perfscore import evaluate_many, read_data\n"
        "import perfscore.batch, perfscore.readers\n"
        "assert evaluate_many is perfscore.batch.evaluate_many\n"
        "assert perfscore.RecordResult is perfscore.batch.RecordResult\n"
        "assert read_data is perfscore.readers.read_data\n"
        "assert {'run_batch', 'score_partition'} <= set(dir(perfscore))\n"
        "try:\n"
        "    perfscore.no_such_name\n"
        "except AttributeError:\n"
        "    pass\n"
        "else:\n"
        "    raise AssertionError('perfscore.no_such_name found')\n"
    )
    done = processes.run([sys.executable, "-c", code], cwd=ROOT)
    assert done.returncode == 0, done.stderr
