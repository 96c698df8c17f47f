"""The engine before and after the redesign (issue 11), measured side by side in one run.

    python3 benchmarks/engine.py                         # checks out the commit before the redesign
    python3 benchmarks/engine.py --before /tmp/before    # or reuses a checkout of it
    python3 benchmarks/engine.py --rounds 7 --records 400

The old version is commit e51cb3d (the last before the redesign: a clone carries no tag), checked
out as a git worktree in a temporary directory (removed at the end) unless --before gives one. Each
version is measured in a child interpreter of its own (this file with --child, the version's
root first on sys.path; the child checks that `perfscore` comes from there) which prints JSON.
The rounds are interleaved — before, after, after, before, ... — and each figure is the best
round of CPU time (time.process_time), so that other load on a shared machine disturbs both
versions alike and least.

Measured, on the bundled example records (read with perfscore.load_record):

- `fw.evaluate(record)` — the full result, traces and reasons;
- `list(fw.evaluate_many([record] * n))` — per record;

for department-common + examples/hecheng-2020.yaml, xundian-2023 + examples/xundian-2023.yaml
and project-self-evaluation + examples/linxiang-2022.yaml; and the synthetic department-common
benchmark of benchmarks/batch.py: its generated records (made once, by the old version's
`generate`, so both versions score the very same records), (a) `fw.evaluate_many(records)`
against (b) the hand-written yardstick, as the ratio (a)/(b) per version.

Only public calls are used (perfscore.load_framework, load_record, fw.evaluate,
fw.evaluate_many and the results' total, grade, scores, codes and walk()), so that the script
runs on both engines. Each child checks that evaluate() and evaluate_many() agree and that the
yardstick agrees with evaluate_many on every synthetic record; the parent checks that both
versions give the same totals, grades and scores. A mismatch is printed loudly and makes the
exit status 1.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TAG = "e51cb3d04242f21f348358b283aa774c2a71a168"  # the engine before the redesign
SYNTHETIC = "synthetic"

#: (framework, record file, evaluate_many target, evaluate() target): the issue's targets.
CASES = (
    ("department-common", "examples/hecheng-2020.yaml", 5, 3),
    ("xundian-2023", "examples/xundian-2023.yaml", 5, 3),
    ("project-self-evaluation", "examples/linxiang-2022.yaml", 3, 3),
)


# --------------------------------------------------------------------------- the child


def _cpu(run: Callable[[], object], count: int) -> float:
    """CPU seconds per item of one call of `run` (which handles `count` items)."""
    started = time.process_time()
    run()
    return (time.process_time() - started) / count


def _full(result: Any) -> dict[str, Any]:
    """A Result of evaluate(): total, grade and every indicator's score, as text."""
    scores = {node.code: str(node.score) for node in result.walk()}
    return {"total": str(result.total), "grade": result.grade, "scores": scores}


def _row(result: Any) -> dict[str, Any]:
    """A RecordResult of evaluate_many(): total, grade, scores by code (or the error)."""
    if result.error is not None:
        return {"error": str(result.error)}
    scores = {code: str(s) for code, s in zip(result.codes, result.scores, strict=True)}
    return {"total": str(result.total), "grade": result.grade, "scores": scores}


def _agree(full: dict[str, Any], row: dict[str, Any]) -> bool:
    """evaluate_many's row says what evaluate()'s result says, for every code it lists."""
    if "error" in row or (full["total"], full["grade"]) != (row["total"], row["grade"]):
        return False
    return all(full["scores"].get(code) == score for code, score in row["scores"].items())


#: what a record file holds that scoring reads: both versions load the same record
_SCORED_KEYS = ("id", "title", "values", "external_scores", "reported")


def _scored_part(path: Path) -> Path:
    """`path` less what the old version does not read (a `report:` section, notes): a copy in
    a temporary folder, loaded with load_record by either version."""
    import yaml

    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    kept = {key: doc[key] for key in _SCORED_KEYS if key in doc}
    copy = Path(tempfile.mkdtemp(prefix="perfscore-bench-")) / path.name
    copy.write_text(yaml.safe_dump(kept, allow_unicode=True), encoding="utf-8")
    return copy


def _example(case: tuple[str, str, int, int], n: int, calls: int) -> dict[str, Any]:
    import perfscore

    name, path, _, _ = case
    fw = perfscore.load_framework(name)
    record = perfscore.load_record(_scored_part(ROOT / path))
    full = _full(fw.evaluate(record))  # also the warm-up: whatever is built once is built
    rows = [_row(r) for r in fw.evaluate_many([record, record])]
    problems = [
        f"{name}: evaluate_many() disagrees with evaluate(): {row} vs {full}"
        for row in rows
        if not _agree(full, row)
    ]

    def evaluate() -> None:
        for _ in range(calls):
            fw.evaluate(record)

    def evaluate_many() -> None:
        list(fw.evaluate_many([record] * n))

    times = {"evaluate": _cpu(evaluate, calls), "evaluate_many": _cpu(evaluate_many, n)}
    return {"times": times, "result": full, "problems": problems}


def _synthetic(records_file: Path, yardstick: Path) -> dict[str, Any]:
    import perfscore

    sys.path.insert(0, str(yardstick))
    import handwritten_department_common as handwritten

    records = json.loads(records_file.read_text(encoding="utf-8"))
    fw = perfscore.load_framework(CASES[0][0])
    digest = hashlib.sha256()
    wrong: list[str] = []
    for values, result in zip(records, fw.evaluate_many(records), strict=True):
        mine = (tuple(result.scores), result.total, result.grade)
        digest.update(repr([str(x) for x in (*mine[0], *mine[1:])]).encode())
        if result.error is not None or handwritten.score(values) != mine:
            wrong.append(f"perfscore {mine} != yardstick for {values}")
    problems = [f"{SYNTHETIC}: {len(wrong)} of {len(records)} records: {w}" for w in wrong[:3]]

    def a() -> None:
        for _ in fw.evaluate_many(records):
            pass

    def b() -> None:
        for values in records:
            handwritten.score(values)

    times = {"a": _cpu(a, len(records)), "b": _cpu(b, len(records))}
    return {"times": times, "result": digest.hexdigest(), "problems": problems}


def child(args: argparse.Namespace) -> None:
    """Measure the version at args.child once and print JSON on stdout."""
    root = Path(args.child).resolve()
    sys.path.insert(0, str(root))
    import perfscore

    where = Path(perfscore.__file__).resolve()
    if not where.is_relative_to(root):
        sys.exit(f"the child imported perfscore from {where}, not from {root}")
    out: dict[str, Any] = {"perfscore": str(where.parent)}
    if args.generate:
        sys.path.insert(0, str(root / "benchmarks"))
        import batch  # the old version's generator: the same records for both versions

        fw = perfscore.load_framework(CASES[0][0])
        records = list(batch.generate(fw, args.generate))
        Path(args.records_file).write_text(json.dumps(records, ensure_ascii=False), "utf-8")
    else:
        calls = max(args.records // 5, 10)
        for case in CASES:
            out[case[0]] = _example(case, args.records, calls)
        out[SYNTHETIC] = _synthetic(Path(args.records_file), Path(args.yardstick))
    json.dump(out, sys.stdout)


# --------------------------------------------------------------------------- the parent


@contextmanager
def before_tree(given: str | None) -> Iterator[Path]:
    """The old version's root: --before DIR, or the tag checked out in a temporary worktree."""
    if given:
        root = Path(given).resolve()
        if not (root / "perfscore" / "__init__.py").is_file():
            sys.exit(f"--before {given}: no perfscore package there")
        yield root
        return
    with tempfile.TemporaryDirectory(prefix="perfscore-before-") as tmp:
        root = Path(tmp) / "before"
        git = ["git", "-C", str(ROOT), "worktree"]
        subprocess.run([*git, "add", "--detach", "--quiet", str(root), TAG], check=True)
        try:
            yield root
        finally:
            subprocess.run([*git, "remove", "--force", str(root)], check=False)


def run_child(root: Path, *extra: str) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", str(root), *extra]
    done = subprocess.run(command, capture_output=True, text=True, timeout=1800, cwd=ROOT)
    if done.returncode != 0:
        sys.exit(f"the child for {root} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def measure(before: Path, args: argparse.Namespace, folder: Path) -> dict[str, list[Any]]:
    records = folder / "records.json"
    run_child(before, "--generate", str(args.synthetic), "--records-file", str(records))
    extra = ["--records", str(args.records), "--records-file", str(records)]
    extra += ["--yardstick", str(before / "benchmarks")]
    runs: dict[str, list[Any]] = {"before": [], "after": []}
    versions = {"before": before, "after": ROOT}
    for i in range(args.rounds):
        order = ("before", "after") if i % 2 == 0 else ("after", "before")
        for version in order:
            runs[version].append(run_child(versions[version], *extra))
            print(f"  round {i + 1}/{args.rounds}: {version} measured", file=sys.stderr)
    return runs


def best(runs: list[dict[str, Any]], case: str, what: str) -> float:
    return float(min(run[case]["times"][what] for run in runs))


def mismatches(runs: dict[str, list[Any]]) -> list[str]:
    """Every problem a child reported, and every result the two versions do not share."""
    found = sorted({p for v in runs.values() for run in v for case in run.values()
                    if isinstance(case, dict) for p in case.get("problems", [])})  # fmt: skip
    first = {version: v[0] for version, v in runs.items()}
    for case in [c[0] for c in CASES] + [SYNTHETIC]:
        old, new = first["before"][case]["result"], first["after"][case]["result"]
        if old != new:
            found.append(f"{case}: before gives {old}, after gives {new}")
    return found


def report(runs: dict[str, list[Any]], args: argparse.Namespace) -> int:
    before, after = runs["before"], runs["after"]
    print(f"before: {before[0]['perfscore']}\nafter:  {after[0]['perfscore']}")
    print(f"CPU time per record, best of {args.rounds} interleaved rounds "
          f"(evaluate_many over {args.records} copies, evaluate() {max(args.records // 5, 10)} "
          f"calls, synthetic {args.synthetic} records):\n")  # fmt: skip
    head = f"{'framework':<25} {'call':<15} {'before µs':>10} {'after µs':>10} {'speed-up':>9}"
    print(f"{head} {'target':>7}  result")
    for name, _, many_target, full_target in CASES:
        for what, target in (("evaluate_many", many_target), ("evaluate", full_target)):
            old, new = best(before, name, what) * 1e6, best(after, name, what) * 1e6
            ratio = old / new
            verdict = "met" if ratio >= target else "MISSED"
            print(f"{name:<25} {what:<15} {old:10.1f} {new:10.1f} {ratio:8.2f}× "
                  f"{'≥' + str(target) + '×':>7}  {verdict}")  # fmt: skip
    ratios = []
    for version in (before, after):
        a, b = best(version, SYNTHETIC, "a") * 1e6, best(version, SYNTHETIC, "b") * 1e6
        ratios.append(a / b)
        print(f"{SYNTHETIC + ' (a) perfscore':<41} {a:10.1f} µs, (b) yardstick {b:.1f} µs, "
              f"(a)/(b) = {a / b:.2f}")  # fmt: skip
    verdict = "met" if ratios[1] <= ratios[0] else "MISSED"
    print(f"{SYNTHETIC + ' (a)/(b)':<41} {ratios[0]:10.2f} {ratios[1]:10.2f} "
          f"{ratios[0] / ratios[1]:8.2f}× {'≥1×':>7}  {verdict} (after no slower)")  # fmt: skip
    problems = mismatches(runs)
    for problem in problems:
        print(f"\n!!! MISMATCH: {problem}")
    if not problems:
        print("\nBoth versions give the same totals, grades and scores on every record.")
    return 1 if problems else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds per version")
    parser.add_argument("--records", type=int, default=200, help="copies per evaluate_many")
    parser.add_argument("--synthetic", type=int, default=2000, help="generated records")
    parser.add_argument("--before", metavar="DIR", help=f"a checkout of {TAG} to reuse")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--generate", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--records-file", help=argparse.SUPPRESS)
    parser.add_argument("--yardstick", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    with before_tree(args.before) as before, tempfile.TemporaryDirectory() as tmp:
        runs = measure(before, args, Path(tmp))
    sys.exit(report(runs, args))


if __name__ == "__main__":
    main()
