"""The batch package stays small (modules about 400 lines, functions about 60), and `import
perfscore` loads it only when one of its public names is first used. (Where it sits among the
layers is tests/test_layers.py's business.)"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import processes

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "perfscore"
BATCH = PACKAGE / "batch"


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
