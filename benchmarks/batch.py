"""Batch recalculation benchmark (issue 5). Prints the figures recorded in docs/performance.md.

    python3 benchmarks/batch.py                      # everything (the 1,000,000-record run
                                                     # takes a few minutes)
    python3 benchmarks/batch.py --stream 100000      # a smaller streaming run
    python3 benchmarks/batch.py --stream ""          # per-record timings and start-up only

On department-common, with records generated from a fixed seed (every field and input as the
text a csv cell holds), it measures in one run:

(a) perfscore: `fw.evaluate_many(records)`, the framework's plan, no trace;
(b) the yardstick: benchmarks/handwritten_department_common.py, a plain-Python scorer written
    by hand for this one framework — asserted first to give the same scores, total and grade
    on every generated record;
(c) the naive way: the same scoring with every formula of every record evaluated by
    `simpleeval.simple_eval` (values turned into Decimals, the formula text normalised, the
    rules in plain Python as in (b));
(d) for reference, `fw.evaluate(record)` (the reference evaluator, with traces and reasons);

then streams generated csv files through `perfscore batch` in a child process run under
/usr/bin/time (its peak RSS and CPU time), and measures start-up (`import perfscore` plus
loading a bundled framework) in fresh interpreters. Timings are the best of several interleaved
rounds of CPU time (time.process_time), so that other load on the machine disturbs them least.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import simpleeval

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import handwritten_department_common as handwritten  # noqa: E402

import perfscore  # noqa: E402
from perfscore.expressions import normalise  # noqa: E402
from perfscore.framework import Framework  # noqa: E402

SEED = 20201231
FRAMEWORK = "department-common"


# --------------------------------------------------------------------------- data


def generate(fw: Framework, count: int, seed: int = SEED) -> Iterator[dict[str, str]]:
    """Records as a csv holds them: each amount near one base figure per record (so that the
    rates fall on both sides of the rules' bounds), whole numbers for counts of people,
    checklists as item ids joined by commas, judgments in half points."""
    rng = random.Random(seed)
    inputs = {}
    for leaf in fw.leaves():
        assert leaf.rule is not None
        if leaf.formula is None:
            inputs[leaf.value_spec().name] = leaf.value_spec()
    for _ in range(count):
        base = rng.uniform(10, 5000)
        values: dict[str, str] = {}
        for name, field in fw.fields.items():
            x = base * rng.uniform(0.6, 1.4)
            values[name] = str(max(1, round(x))) if field.type == "integer" else f"{x:.2f}"
        for name, spec in inputs.items():
            if spec.value_type == "items":
                values[name] = ",".join(i for i in spec.items if rng.random() < 0.8)
            elif spec.value_type == "count":
                values[name] = str(rng.choice([0, 0, 0, 1, 2, 5]))
            else:
                top = int((spec.maximum or Decimal(5)) * 2)
                values[name] = str(Decimal(rng.randint(0, top)) / 2)
        yield values


def write_csv(path: Path, fw: Framework, count: int) -> None:
    records = generate(fw, count)
    first = next(records)
    names = list(first)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", *names])
        writer.writerow(["u0", *first.values()])
        for i, values in enumerate(records, 1):
            writer.writerow([f"u{i}", *(values[n] for n in names)])


# --------------------------------------------------------------------------- (c) the naive way


def naive_scorer(fw: Framework) -> Callable[[Mapping[str, str]], Any]:
    """(b)'s scoring with each formula evaluated by simpleeval.simple_eval on every record."""
    sources = {leaf.code: normalise(leaf.formula.source) for leaf in fw.leaves() if leaf.formula}
    fields = list(fw.fields)

    def score(values: Mapping[str, str]) -> Any:
        names = {name: Decimal(values[name]) for name in fields}
        rates = {code: simpleeval.simple_eval(src, names=names) for code, src in sources.items()}
        return handwritten.score_rates(values, rates)

    return score


# --------------------------------------------------------------------------- timing


def per_record(run: Callable[[], None], count: int, rounds: int) -> list[float]:
    """CPU seconds per record of this process (time.process_time): unlike wall time, it does
    not count the time other programs on a shared machine hold the CPU."""
    times = []
    for _ in range(rounds):
        started = time.process_time()
        run()
        times.append((time.process_time() - started) / count)
    return times


def timings(fw: Framework, count: int, rounds: int) -> dict[str, float]:
    records = list(generate(fw, count))
    naive = naive_scorer(fw)
    # The yardstick must agree with perfscore on every generated record before it is timed.
    for result, values in zip(fw.evaluate_many(records), records, strict=True):
        assert result.error is None, result.error
        mine = (result.scores, result.total, result.grade)
        assert handwritten.score(values) == mine, values
    for values in records[:200]:
        assert naive(values) == handwritten.score(values)
        result = fw.evaluate(values)
        traced = (tuple(result[c].score for c in fw.plan.codes), result.total, result.grade)
        assert traced == handwritten.score(values)
    small = records[: max(count // 20, 50)]

    def a() -> None:
        for _ in fw.evaluate_many(records):
            pass

    def b() -> None:
        for values in records:
            handwritten.score(values)

    def c() -> None:
        for values in small:
            naive(values)

    def d() -> None:
        for values in small:
            fw.evaluate(values)

    best: dict[str, list[float]] = {"a": [], "b": [], "c": [], "d": []}
    for _ in range(rounds):  # interleaved, so that load elsewhere hits all alike
        best["a"] += per_record(a, len(records), 1)
        best["b"] += per_record(b, len(records), 1)
        best["c"] += per_record(c, len(small), 1)
        best["d"] += per_record(d, len(small), 1)
    return {k: min(v) for k, v in best.items()}


def stream(fw: Framework, count: int, jobs: int, folder: Path) -> dict[str, float]:
    """Run `perfscore batch` over `count` generated records in a child process under
    /usr/bin/time, which reports the child's own peak RSS and CPU time (the kernel's rusage of
    a child forked from this big benchmark process would count this process's pages too)."""
    source, out = folder / f"in-{count}.csv", folder / f"out-{count}-{jobs}.csv"
    if not source.exists():
        write_csv(source, fw, count)
    command = [sys.executable, "-m", "perfscore", "batch", FRAMEWORK, str(source), "-o", str(out),
               "--jobs", str(jobs)]  # fmt: skip
    timer = ["/usr/bin/time", "-f", "rusage %M %U %S"]
    started = time.perf_counter()
    done = subprocess.run([*timer, *command], cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    assert done.returncode == 0, done.stderr
    usage = [line for line in done.stderr.splitlines() if line.startswith("rusage ")][-1]
    rss_kb, user, system = usage.split()[1:]
    with out.open(encoding="utf-8-sig") as handle:
        rows = sum(1 for _ in handle) - 1
    assert rows == count, (rows, count)
    size = source.stat().st_size
    out.unlink()
    return {
        "seconds": elapsed,
        "cpu": float(user) + float(system),
        "rss_mb": int(rss_kb) / 1024,
        "input_mb": size / 2**20,
    }


def startup(repeat: int) -> tuple[float, float, float]:
    """Medians over fresh interpreters: wall and CPU time of `import perfscore` plus loading a
    bundled framework, and the wall time of the whole interpreter run."""
    code = (
        "import time; t = time.perf_counter(); c = time.process_time(); import perfscore; "
        f"perfscore.load_framework({FRAMEWORK!r}); "
        "print(time.perf_counter() - t, time.process_time() - c)"
    )
    wall, cpu, whole = [], [], []
    for _ in range(repeat):
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
        )
        whole.append(time.perf_counter() - started)
        inside, used = done.stdout.split()
        wall.append(float(inside))
        cpu.append(float(used))
    return statistics.median(wall), statistics.median(cpu), statistics.median(whole)


def machine() -> str:
    model = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return (
        f"{os.cpu_count()} CPUs ({model}), Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}, load average {os.getloadavg()[0]:.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=20_000, help="records per timing round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--stream", default="100000,1000000", help="record counts to stream")
    parser.add_argument("--jobs", type=int, default=2, help="also stream the first count with N")
    args = parser.parse_args()

    fw = perfscore.load_framework(FRAMEWORK)
    print(f"machine: {machine()}")
    print(f"framework: {FRAMEWORK}, {len(list(fw.leaves()))} leaves; seed {SEED}")
    inside, cpu, whole = startup(9)
    print(f"start-up: import perfscore + load_framework = {inside:.3f} s wall, {cpu:.3f} s CPU "
          f"(whole interpreter {whole:.3f} s); target < 0.3 s: "
          f"{'met' if inside < 0.3 else 'MISSED'}")  # fmt: skip

    t = timings(fw, args.records, args.rounds)
    us = {k: v * 1e6 for k, v in t.items()}
    print(
        f"CPU time per record (best of {args.rounds} interleaved rounds, {args.records} records):"
    )
    print(f"  (a) perfscore evaluate_many   {us['a']:8.1f} µs")
    print(f"  (b) hand-written yardstick    {us['b']:8.1f} µs")
    print(f"  (c) naive simple_eval         {us['c']:8.1f} µs")
    print(f"  (d) reference evaluate()      {us['d']:8.1f} µs   (traces and reasons)")
    ab, ca = us["a"] / us["b"], us["c"] / us["a"]
    print(f"  (a)/(b) = {ab:.2f}   target ≤ 1.5: {'met' if ab <= 1.5 else 'MISSED'}")
    print(f"  (c)/(a) = {ca:.1f}   target ≥ 30: {'met' if ca >= 30 else 'MISSED'}")
    print(f"  (c)/(b) = {us['c'] / us['b']:.1f}   (the most any exact scorer could reach)")
    print(f"  (d)/(a) = {us['d'] / us['a']:.1f}")

    counts = [int(n) for n in args.stream.split(",") if n.strip()]
    if counts:
        with tempfile.TemporaryDirectory(dir=ROOT) as tmp:
            folder = Path(tmp)
            runs = [(n, 1) for n in counts]
            if args.jobs > 1:
                runs.insert(1, (counts[0], args.jobs))
            for count, jobs in runs:
                s = stream(fw, count, jobs, folder)
                rate = count / s["seconds"]
                print(f"stream {count:>9,} records, --jobs {jobs}: {s['seconds']:7.1f} s wall "
                      f"({rate:,.0f} records/s), {s['cpu']:.1f} s CPU "
                      f"({s['cpu'] / count * 1e6:.0f} µs/record), {s['input_mb']:.0f} MB csv in, "
                      f"peak RSS {s['rss_mb']:.0f} MB")  # fmt: skip
    print(f"rerun: python3 benchmarks/batch.py --records {args.records} --rounds {args.rounds} "
          f"--stream {args.stream} --jobs {args.jobs}")  # fmt: skip


if __name__ == "__main__":
    main()
