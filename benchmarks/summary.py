"""The summary's memory as its input grows (issue 16). Prints the figures in docs/summary.md.

    python3 benchmarks/summary.py                    # 10,000, 100,000 and 1,000,000 records
    python3 benchmarks/summary.py --records 20000    # one smaller run

For each size it writes a scores file as `perfscore batch --reconcile` writes it for the
documentation's demo framework (docs/example/framework.yaml: 8 indicators; one record in 50 an
error row), then runs `perfscore summary` on it in a child process and reports the child's peak
resident memory (ru_maxrss, from os.wait4) and its CPU time. Flat memory means the peak hardly
moves from 10,000 to 1,000,000 records: the summary holds counters and bounded top-k heaps,
never the rows.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FRAMEWORK = ROOT / "docs" / "example" / "framework.yaml"
CODES = ["A", "A1", "A2", "B", "B1", "B2", "C", "C1"]
RECONCILE = ["reported_total", "recomputed_total", "difference", "reported_grade",
             "recomputed_grade", "agrees", "differing", "unchecked"]  # fmt: skip
GRADES = ["优", "良", "中", "差"]


def write_scores(path: Path, records: int) -> None:
    """A scores file of `records` rows (deterministic: no randomness)."""
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "total", "grade", *CODES, "warnings", "error", *RECONCILE])
        for i in range(records):
            if i % 50 == 7:
                w.writerow([f"u{i:07d}", "", "", *[""] * len(CODES), "",
                            f"units.csv:{i + 2}: A1: 编制数: expected a number", *[""] * 8])
                continue
            total = Decimal(i * 7919 % 1001) / 100
            grade = GRADES[0 if total >= 9 else 1 if total >= 8 else 2 if total >= 6 else 3]
            reported = total + Decimal(i % 5 - 1) / 2
            differing = "A1: 2 → 1.75" if i % 3 else ""
            w.writerow([f"u{i:07d}", total, grade, *[Decimal(i % 9) / 4] * len(CODES), "", "",
                        reported, total, total - reported, grade, grade,
                        "一致" if reported == total else "不一致", differing, ""])  # fmt: skip


def measure(scores: Path, out: Path) -> tuple[float, float]:
    """(peak RSS in MiB, CPU seconds) of `perfscore summary` on `scores`, in a child."""
    args = [sys.executable, "-m", "perfscore", "summary", str(scores), "-o", str(out),
            "--framework", str(FRAMEWORK)]  # fmt: skip
    child = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    assert child.stderr is not None
    message = child.stderr.read().decode()
    child.stderr.close()
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"perfscore summary failed: {message}")
    return usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--records", type=int, nargs="*", default=[10_000, 100_000, 1_000_000])
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
    print(f"{'records':>10}  {'file MiB':>8}  {'peak RSS MiB':>12}  {'CPU s':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        for records in args.records:
            scores = Path(tmp, f"scores-{records}.csv")
            write_scores(scores, records)
            size = scores.stat().st_size / 2**20
            rss, cpu = measure(scores, Path(tmp, f"summary-{records}"))
            print(f"{records:>10,}  {size:>8.1f}  {rss:>12.1f}  {cpu:>7.1f}")
            scores.unlink()


if __name__ == "__main__":
    main()
