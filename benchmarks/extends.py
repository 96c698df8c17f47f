"""How loading a framework that `extends` another grows with the size of the extending file.

    python benchmarks/extends.py [N ...]        # default: 1000 8000 32000 added inputs

For each N it writes a child of the bundled department-common that adds N inputs, then times
`load_framework` on it (wall and CPU seconds, one run each) beside the same inputs written into a
framework that extends nothing. Linear growth means the time per input stays flat as N grows.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import perfscore
from perfscore.bundled import bundled_file


def _inputs(n: int) -> list[str]:
    return [f"  字段{i}: {{}}" for i in range(n)]  # the smallest input: 2 YAML values each


def child(n: int) -> str:
    head = ["extends: department-common", "id: big", "name: 大", "version: '1'", "inputs:"]
    return "\n".join(head + _inputs(n)) + "\n"


def flat(n: int) -> str:
    base = bundled_file("department-common")
    assert base is not None
    text = base.read_text(encoding="utf-8")
    return text.replace("\ninputs:\n", "\ninputs:\n" + "\n".join(_inputs(n)) + "\n", 1)


def measure(text: str, folder: Path) -> tuple[float, float]:
    path = folder / "framework.yaml"
    path.write_text(text, encoding="utf-8")
    wall, cpu = time.perf_counter(), time.process_time()
    perfscore.load_framework(path)
    return time.perf_counter() - wall, time.process_time() - cpu


def main(sizes: list[int]) -> None:
    print(f"{'inputs':>8} {'extends s':>10} {'cpu s':>8} {'µs/input':>9} {'flat s':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for n in sizes:
            wall, cpu = measure(child(n), folder)
            flat_wall, _ = measure(flat(n), folder)
            print(f"{n:>8} {wall:>10.2f} {cpu:>8.2f} {cpu / n * 1e6:>9.0f} {flat_wall:>8.2f}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 8000, 32000])
