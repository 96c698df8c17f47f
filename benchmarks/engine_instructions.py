"""Instructions per call of the engine before and after the redesign (issue 11), counted by
valgrind's callgrind: steadier than CPU time on a shared machine (docs/performance.md).

    python3 benchmarks/engine_instructions.py --before /tmp/engine-before   # a worktree of e51cb3d

For each example of benchmarks/engine.py and each version, a child interpreter (the version's
root first on sys.path) loads the framework and the record (its scored part only: the old
version refuses newer keys), warms up, then scores the record N times with `fw.evaluate` or
through `fw.evaluate_many`; the same child with N = 0 is subtracted, so that start-up and
loading do not count. Needs valgrind (Debian: apt-get install valgrind).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from engine import CASES, _scored_part  # noqa: E402

CHILD = """
import sys
sys.path.insert(0, sys.argv[1])
import perfscore
fw = perfscore.load_framework(sys.argv[2])
record = perfscore.load_record(sys.argv[3])
fw.evaluate(record); list(fw.evaluate_many([record, record]))
n = int(sys.argv[5])
if sys.argv[4] == "evaluate":
    for _ in range(n):
        fw.evaluate(record)
else:
    list(fw.evaluate_many([record] * n))
"""


def instructions(root: Path, framework: str, record: Path, call: str, n: int) -> int:
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as child:
        child.write(CHILD)
    command = [
        "valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable,
        child.name, str(root), framework, str(record), call, str(n),
    ]  # fmt: skip
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    os.unlink(child.name)
    found = re.search(r"refs:\s*([\d,]+)", done.stderr)
    assert found, done.stderr[-2000:]
    return int(found[1].replace(",", ""))


def per_call(root: Path, framework: str, record: Path, call: str, n: int) -> float:
    counted = instructions(root, framework, record, call, n)
    return (counted - instructions(root, framework, record, call, 0)) / n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="a checkout of e51cb3d")
    parser.add_argument("--evaluate", type=int, default=100, help="evaluate() calls")
    parser.add_argument("--records", type=int, default=500, help="records through evaluate_many")
    args = parser.parse_args()
    print("| framework | call | before | after | ratio |\n|---|---|---:|---:|---:|")
    for name, path, *_ in CASES:
        record = _scored_part(ROOT / path)
        for call, n in (("evaluate_many", args.records), ("evaluate", args.evaluate)):
            before = per_call(args.before, name, record, call, n)
            after = per_call(ROOT, name, record, call, n)
            print(f"| {name} | `{call}` | {before / 1e6:.3f}M | {after / 1e6:.3f}M "
                  f"| {before / after:.2f}× |", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
