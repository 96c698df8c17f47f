"""What refusing hostile input costs (issue 7). Prints the figures recorded in docs/security.md.

    python3 benchmarks/hostile_inputs.py

Each case runs in a fresh child interpreter that imports perfscore, notes its peak RSS, then
refuses the input; the child reports the wall time of the refusal, its own peak RSS before and
after (`resource`), the peak of Python allocations (tracemalloc) while refusing it a second
time, and the first words of the error. Nothing here is asserted: tests/security/ checks that
each input is refused with the right error; this script only measures.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r"""
import json, resource, sys, time, tracemalloc
import perfscore
from perfscore.yamlio import parse_yaml, read_yaml
from perfscore.expressions import Formula

kind, arg = sys.argv[1], sys.argv[2]


def refuse():
    try:
        if kind == "yaml-file":
            read_yaml(arg)
        elif kind == "framework":
            perfscore.load_framework(arg)
        elif kind == "record":
            perfscore.load_record(arg)
        elif kind == "formula":
            Formula(open(arg, encoding="utf-8").read(), where="X")
        return "accepted"
    except perfscore.PerfscoreError as exc:
        return str(exc.message)[:70]


before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
outcome = refuse()  # timed without tracemalloc, which slows allocation
elapsed = time.perf_counter() - start
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
tracemalloc.start()
refuse()  # again, for the peak of Python allocations
peak = tracemalloc.get_traced_memory()[1]
print(json.dumps({"seconds": elapsed, "traced": peak, "rss_before": before * 1024,
                  "rss_after": after * 1024, "outcome": outcome}))
"""


def billion_laughs(levels: int = 9, width: int = 9) -> str:
    lines = ["a0: &a0 [" + ", ".join(["lol"] * width) + "]"]
    for n in range(1, levels):
        lines.append(f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def cases(tmp: Path) -> list[tuple[str, str, Path]]:
    def write(name: str, text: str) -> Path:
        path = tmp / name
        path.write_text(text, encoding="utf-8")
        return path

    return [
        ("billion laughs (9 levels x 9 = 387,420,489 values)", "yaml-file",
         write("lol.yaml", billion_laughs())),
        ("billion laughs, 30 levels x 2 (1e9 values)", "yaml-file",
         write("lol2.yaml", billion_laughs(levels=30, width=2))),
        ("flat list of 1,200,000 values (4.8 MB)", "yaml-file",
         write("flat.yaml", "".join("- 1\n" for _ in range(1_200_000)))),
        ("flow nesting 1,000,000 deep", "yaml-file", write("deep.yaml", "[" * 1_000_000)),
        ("file of 6 MB", "yaml-file", write("big.yaml", "# " + "x" * 6_000_000 + "\n")),
        ("endless file /dev/zero as a record", "record", Path("/dev/zero")),
        ("JSON record nested 1,000,000 deep", "record",
         write("deep.json", "[" * 1_000_000 + "]" * 1_000_000)),
        ("formula 9**9**9", "formula", write("f1.txt", "9**9**9")),
        ("formula 10**100 * 10**100 * ... (200 factors)", "formula",
         write("f2.txt", "*".join(["10**100"] * 200)[:1990])),
    ]  # fmt: skip


def main() -> None:
    with tempfile.TemporaryDirectory() as directory:
        tmp = Path(directory)
        print(f"{'input':52} {'refused in':>10} {'traced peak':>12} {'RSS +':>8}  error")
        for label, kind, path in cases(tmp):
            out = subprocess.run(
                [sys.executable, "-c", CHILD, kind, str(path)],
                capture_output=True,
                text=True,
                timeout=600,
                check=True,
            )
            figures = json.loads(out.stdout)
            grew = max(0, figures["rss_after"] - figures["rss_before"])
            print(
                f"{label:52} {figures['seconds'] * 1000:8.1f} ms "
                f"{figures['traced'] / 1e6:9.2f} MB {grew / 1e6:6.1f} MB  {figures['outcome']}"
            )


if __name__ == "__main__":
    main()
