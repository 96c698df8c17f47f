"""A small mutation-testing run: does the test suite notice one-token changes to the engine?

    python3 benchmarks/mutation.py                          # rules, engine, reconcile
    python3 benchmarks/mutation.py perfscore/rules/*.py --jobs 2
    python3 benchmarks/mutation.py perfscore/rules/veto.py --list    # the mutants, not run
    python3 benchmarks/mutation.py --json > mutants.json
    python3 benchmarks/mutation.py perfscore/engine/run.py --tests tests/test_engine_mutants.py

Dependency-free: each target module is parsed with `ast`, and every mutant changes one thing —
a comparison flipped (>= and >, <= and <, == and !=, in and not in, is and is not), an
arithmetic operator swapped (+ and -, * and /), a constant tweaked (0 and 1, a small n to n+1,
True and False), `min` and `max` swapped, `and` and `or` swapped, an `if`'s condition negated,
or an `if` whose body ends in an early return (or raise) dropped. Docstrings, type annotations,
`assert`s, `__repr__` and the wording of reasons (f-strings, string concatenation, calls of the
wording helpers in WORDING) are left alone.

Each mutant is written (as `ast.unparse` of the mutated tree) into a COPY of the repository, one
copy per job in a temporary directory — the working tree is never touched — and the tests that
TEST_MAP gives for the module are run there (`pytest -x -q -p no:cacheprovider`, the `ci`
hypothesis profile with a fixed seed, `perfscore` imported from the copy). A mutant is killed
when they fail or time out. First, the unmutated module, written the same way, must pass: it
sets the per-mutant timeout (4× its time, at least 60 s). EQUIVALENT lists the mutants that no
test can kill, each with the reason; they are reported apart and left out of the score.

Prints per module: mutants, killed, equivalent, and each survivor as file:line, the function,
the mutation. Exit status 0 when the run completes (whatever it finds), 2 when the unmutated
module already fails its tests or the command is misused. Not collected by pytest (it is not a
test module, and pytest's testpaths are tests/).
"""

from __future__ import annotations

import argparse
import ast
import copy
import fnmatch
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TARGETS = (
    "perfscore/rules/*.py",
    "perfscore/engine/*.py",
    "perfscore/reconcile.py",
    "perfscore/reconcile/*.py",
)

#: Module pattern -> the tests that should notice a change to it, fastest and most pointed first
#: (the run stops at the first failure). The first pattern that matches a module is used; test
#: patterns that match no file are left out (the engine's tests are being rewritten).
TEST_MAP: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "perfscore/rules/target*.py",  # the rule and the comparisons it reads rows with
        ("tests/test_rule_mutants.py", "tests/test_targets.py", "tests/test_repro_projects.py"),
    ),
    (
        "perfscore/rules/*.py",
        (
            "tests/test_rule_mutants.py",
            "tests/test_rule_tiers_cases.py",  # tiers, cases, bands, awards: 98.3% with it alone
            "tests/test_department_common.py",
            "tests/test_rule_properties.py",
        ),
    ),
    (
        "perfscore/engine/*.py",  # exact small cases first: about 5 s in all, 1 to 3 s to a kill
        (
            "tests/test_engine_mutants.py",
            "tests/test_engine_inputs.py",
            "tests/test_engine_plan.py",
            "tests/test_points.py",
            "tests/test_empty_rows.py",
            "tests/test_precision.py",  # precision and rounding per node: finish's weight guard
        ),
    ),
    (
        "perfscore/reconcile*",
        ("tests/test_reconcile*.py", "tests/test_golden.py", "tests/test_repro_hecheng.py"),
    ),
)

#: Calls whose arguments only make the words of a reason: not mutated.
WORDING = frozenset({"show", "with_unit", "plain", "difference_unit", "quoted", "_kind"})

#: Mutants no test can kill, as (module, function, mutation) -> why. The mutation is the text
#: the report prints after the line number.
EQUIVALENT: dict[tuple[str, str, str], str] = {
    (
        "perfscore/engine/memo.py",
        "memo_key",
        "comparison: type(item) is not int → type(item) is int",
    ): "a list holding whole numbers is then not remembered: the same scores, computed each time",
    (
        "perfscore/engine/memo.py",
        "remember",
        "negated condition: if len(memo) >= MEMO_LIMIT: … → if not len(memo) >= MEMO_LIMIT: …",
    ): "the table is emptied at another size: how much is remembered, not what is scored",
    (
        "perfscore/engine/memo.py",
        "remember",
        "comparison: len(memo) >= MEMO_LIMIT → len(memo) > MEMO_LIMIT",
    ): "the table is emptied one entry later: how much is remembered, not what is scored",
    # The engine: a cache's size, and conditions its callers already meet.
    (
        "perfscore/engine/plan.py",
        "<module>",
        "constant: 64 → 65",
    ): "PLAN_LIMIT: one plan more is kept per framework — how many are kept, not what is scored",
    (
        "perfscore/engine/points.py",
        "cap",
        "comparison: points > weight → points >= weight",
    ): "at points == weight both give that number (every caller rounds it or compares it by value)",
    (
        "perfscore/engine/points.py",
        "finish",
        "comparison: score > weight → score >= weight",
    ): "a score equal to its weight is that weight at the precision: rounded down it is itself",
    (
        "perfscore/engine/plan.py",
        "Plan.resolve",
        "early exit dropped: if name in run.names: … → (dropped)",
    ): "the field and derived steps return a value the record already has (resolve's own check "
    "only spares computing the arguments again)",
    (
        "perfscore/engine/scoring.py",
        "plan_of",
        "early exit dropped: if not run.external: … → (dropped)",
    ): "with no external scores the loop checks nothing, and frozenset() is the plain plan's key",
    (
        "perfscore/engine/steps.py",
        "LeafStep.from_formula",
        "constant: True → False",
    ): "zip(strict=): the executor passes one argument per name of formula.order, never fewer",
    (
        "perfscore/engine/steps.py",
        "LeafStep.from_formula",
        "boolean: isinstance(value, bool) or not isinstance(value, Decimal) → isinstance(value, "
        "bool) and (not isinstance(value, Decimal))",
    ): "a compiled formula gives a Decimal or a bool (a comparison), never anything else",
    (
        "perfscore/engine/many.py",
        "RecordResult.as_dict",
        "constant: True → False",
    ): "zip(strict=): a scored record's scores follow its codes one for one",
    (
        "perfscore/reconcile/reconciler.py",
        "_Reconciler.value",
        "constant: 0 → 1",
    ): "the `else 0` for a non-finite stated value, which parse_number refuses before",
    (
        "perfscore/reconcile/sentences.py",
        "_signed",
        "comparison: value > 0 → value >= 0",
    ): "a gap is a disagreement, never 0",
    # `points()` is `score()` without the reasons: where two branches differ only in their
    # reasons (扣完为止 …), moving the edge between them changes no number.
    (
        "perfscore/rules/checklist.py",
        "Checklist.points",
        "comparison: lost >= self.full → lost > self.full",
    ): "at lost == full both branches give 0 (ZERO, or full - lost)",
    (
        "perfscore/rules/deduction.py",
        "StepDeduction.points",
        "comparison: deduct >= self.full → deduct > self.full",
    ): "at deduct == full both branches give 0",
    (
        "perfscore/rules/deduction.py",
        "StepDeduction.deduction",
        "comparison: excess > 0 → excess >= 0",
    ): "at excess 0 the steps are 0 in every step mode, so the deduction is 0 either way",
    (
        "perfscore/rules/deduction.py",
        "CountDeduction.points",
        "early exit dropped: if value == 0: … → (dropped)",
    ): "0 cases never reach zero_at (≥ 1), and weight - 0 × per_case is the weight",
    (
        "perfscore/rules/deduction.py",
        "CountDeduction.points",
        "comparison: deduct >= self.weight → deduct > self.weight",
    ): "at deduct == weight both branches give 0",
    # Edges where both sides of a comparison compute the same number.
    (
        "perfscore/rules/curves.py",
        "_interpolate",
        "comparison: value <= points[0][0] → value < points[0][0]",
    ): "at the table's first x the first segment gives y0 + (y1 - y0) × 0 = y0, as the flat end",
    (
        "perfscore/rules/curves.py",
        "_interpolate",
        "comparison: value <= x1 → value < x1",
    ): "at a row's x both neighbouring segments (or the flat end) give that row's points",
    (
        "perfscore/rules/curves.py",
        "Threshold.rewards",
        "comparison: self.passed < self.failed → self.passed <= self.failed",
    ): "pass == fail scores a constant, of which 'higher' and None (no direction) are both true",
    (
        "perfscore/rules/curves.py",
        "Linear.rewards",
        "comparison: self.full_at < self.zero_at → self.full_at <= self.zero_at",
    ): "full_at == zero_at is refused when the rule is built",
    (
        "perfscore/rules/target.py",
        "Target._figures",
        "comparison: value > 0 → value >= 0",
    ): "an actual of 0 never exceeds a ceiling (a ceiling below 0 is refused just before)",
}

_COMPARE_SWAPS: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}
_BINOP_SWAPS: dict[type[ast.operator], type[ast.operator]] = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.Div,
    ast.Div: ast.Mult,
}
_EARLY_EXITS = (ast.Return, ast.Raise, ast.Continue, ast.Break)


@dataclass(frozen=True)
class Mutant:
    module: str  # path from the repository root
    line: int
    function: str  # the enclosing function's qualified name, or <module>
    mutation: str  # "kind: before → after"
    site: int  # index of the mutated node in the module's walk
    variant: int  # which of the node's mutations

    def key(self) -> tuple[str, str, str]:
        return (self.module, self.function, self.mutation)

    def where(self) -> str:
        return f"{self.module}:{self.line} ({self.function}) {self.mutation}"


# --------------------------------------------------------------------------- making mutants


def _walk(tree: ast.Module) -> Iterator[tuple[ast.AST, str]]:
    """Every node that may be mutated, with its enclosing function, in a fixed order: not the
    docstrings, annotations, asserts, __repr__, f-strings or wording calls."""

    def visit(node: ast.AST, scope: str) -> Iterator[tuple[ast.AST, str]]:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if node.name == "__repr__":
                return
            scope = node.name if scope == "<module>" else f"{scope}.{node.name}"
        if isinstance(node, (ast.JoinedStr, ast.Assert)) or _is_wording(node):
            return
        yield node, scope
        for name, value in ast.iter_fields(node):
            if name in ("annotation", "returns", "type_comment", "decorator_list"):
                continue
            children = value if isinstance(value, list) else [value]
            for i, child in enumerate(children):
                if isinstance(child, ast.AST) and not (name == "body" and i == 0 and _doc(child)):
                    yield from visit(child, scope)

    yield from visit(tree, "<module>")


def _doc(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


def _is_wording(node: ast.AST) -> bool:
    if isinstance(node, ast.Call):
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        return name in WORDING
    if isinstance(node, (ast.BinOp, ast.AugAssign)):  # joining or formatting text
        sides = (node.left, node.right) if isinstance(node, ast.BinOp) else (node.value,)
        direct = any(isinstance(s, ast.Constant) and isinstance(s.value, str) for s in sides)
        return direct or any(isinstance(n, ast.JoinedStr) for s in sides for n in ast.walk(s))
    return False


def _flippable(test: ast.expr) -> bool:
    """A single ==, !=, in, not in, is, is not: negating it is the comparison flip again."""
    negatable = (ast.Eq, ast.NotEq, ast.In, ast.NotIn, ast.Is, ast.IsNot)
    return (
        isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], negatable)
    )


def _variants(node: ast.AST) -> list[tuple[str, Callable[[ast.AST], ast.AST | None]]]:
    """The mutations of one node: (description, function applying it to a copy of the node and
    returning the replacement, None to drop a statement)."""
    out: list[tuple[str, Callable[[ast.AST], ast.AST | None]]] = []
    if isinstance(node, ast.Compare):
        for i, op in enumerate(node.ops):
            if type(op) in _COMPARE_SWAPS:
                out.append(("comparison", _swap_compare(i)))
    elif isinstance(node, (ast.BinOp, ast.AugAssign)) and type(node.op) in _BINOP_SWAPS:
        out.append(("arithmetic", _swap_binop))
    elif isinstance(node, ast.BoolOp):
        out.append(("boolean", _swap_boolop))
    elif isinstance(node, ast.Constant) and _tweak(node.value) is not None:
        out.append(("constant", _tweak_constant))
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        if node.func.id in ("min", "max"):
            out.append(("min/max", _swap_minmax))
    elif isinstance(node, (ast.If, ast.IfExp)):
        if "TYPE_CHECKING" in ast.unparse(node.test):
            return out  # imports for the type checker only: no behaviour to change
        if not _flippable(node.test):
            out.append(("negated condition", _negate))
        if isinstance(node, ast.If) and isinstance(node.body[-1], _EARLY_EXITS):
            out.append(("early exit dropped", _drop_if))
    return out


def _swap_compare(i: int) -> Callable[[ast.AST], ast.AST | None]:
    def apply(node: ast.AST) -> ast.AST:
        assert isinstance(node, ast.Compare)
        node.ops[i] = _COMPARE_SWAPS[type(node.ops[i])]()
        return node

    return apply


def _swap_binop(node: ast.AST) -> ast.AST:
    assert isinstance(node, (ast.BinOp, ast.AugAssign))
    node.op = _BINOP_SWAPS[type(node.op)]()
    return node


def _swap_boolop(node: ast.AST) -> ast.AST:
    assert isinstance(node, ast.BoolOp)
    node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
    return node


def _tweak(value: object) -> int | None:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int) and 0 <= value <= 100:
        return {0: 1, 1: 0}.get(value, value + 1)
    return None


def _tweak_constant(node: ast.AST) -> ast.AST:
    assert isinstance(node, ast.Constant)
    node.value = _tweak(node.value)
    return node


def _swap_minmax(node: ast.AST) -> ast.AST:
    assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    node.func.id = "max" if node.func.id == "min" else "min"
    return node


def _negate(node: ast.AST) -> ast.AST:
    assert isinstance(node, (ast.If, ast.IfExp))
    test = node.test
    is_not = isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not)
    node.test = (
        test.operand if isinstance(test, ast.UnaryOp) and is_not else ast.UnaryOp(ast.Not(), test)
    )
    return node


def _drop_if(node: ast.AST) -> ast.AST | None:
    assert isinstance(node, ast.If)
    return None


def _shown(node: ast.AST) -> str:
    """A mutated node as the report prints it: an `if` by its first line only."""
    if isinstance(node, ast.If):
        return f"if {ast.unparse(node.test)}: …"
    text = ast.unparse(node)
    return text if len(text) <= 70 else text[:67] + "..."


def mutants(module: str) -> list[Mutant]:
    tree = ast.parse((ROOT / module).read_text(encoding="utf-8"), filename=module)
    found = []
    for site, (node, scope) in enumerate(_walk(tree)):
        for variant, (kind, apply) in enumerate(_variants(node)):
            after = apply(copy.deepcopy(node))
            change = f"{_shown(node)} → {'(dropped)' if after is None else _shown(after)}"
            line = getattr(node, "lineno", 0)
            found.append(Mutant(module, line, scope, f"{kind}: {change}", site, variant))
    return found


def mutated_source(mutant: Mutant) -> str:
    """The module's text with `mutant` applied (from a fresh parse: the sites are stable)."""
    tree = ast.parse((ROOT / mutant.module).read_text(encoding="utf-8"))
    nodes = [node for node, _ in _walk(tree)]
    target = nodes[mutant.site]
    _kind, apply = _variants(target)[mutant.variant]
    replacement = apply(target)
    if replacement is None:  # drop the statement from the body that holds it
        for parent in ast.walk(tree):
            for _name, value in ast.iter_fields(parent):
                if isinstance(value, list) and any(v is target for v in value):
                    value[:] = [v for v in value if v is not target] or [ast.Pass()]
    return ast.unparse(ast.fix_missing_locations(tree)) + "\n"


def unmutated_source(module: str) -> str:
    return ast.unparse(ast.parse((ROOT / module).read_text(encoding="utf-8"))) + "\n"


# --------------------------------------------------------------------------- running tests


def tests_for(module: str) -> list[str]:
    for pattern, tests in TEST_MAP:
        if fnmatch.fnmatch(module, pattern):
            found = sorted({str(p.relative_to(ROOT)) for t in tests for p in ROOT.glob(t)})
            return sorted(found, key=lambda f: [fnmatch.fnmatch(f, t) for t in tests].index(True))
    return []


def _copy_repository(folder: Path) -> Path:
    ignore = shutil.ignore_patterns(
        ".git", ".venv", "__pycache__", ".hypothesis", ".mypy_cache", ".ruff_cache", "*.egg-info"
    )
    shutil.copytree(ROOT, folder, ignore=ignore)
    return folder


@dataclass
class Outcome:
    status: str  # killed, survived, timeout, error
    seconds: float
    detail: str = ""


def run_tests(
    copy_root: Path, tests: list[str], args: argparse.Namespace, timeout: float
) -> Outcome:
    env = dict(os.environ, PYTHONPATH=str(copy_root), PYTHONDONTWRITEBYTECODE="1")
    env["HYPOTHESIS_PROFILE"] = args.profile
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
               f"--hypothesis-seed={args.seed}", *tests]  # fmt: skip
    started = time.monotonic()
    process = subprocess.Popen(
        command, cwd=copy_root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, start_new_session=True,
    )  # fmt: skip
    try:
        out, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        return Outcome("timeout", time.monotonic() - started)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    seconds = time.monotonic() - started
    if process.returncode == 0:
        return Outcome("survived", seconds)
    if process.returncode in (1, 2, 3):  # failed, interrupted (a collection error), internal
        last = [line for line in out.splitlines() if line.strip()][-1:]
        return Outcome("killed", seconds, last[0] if last else "")
    return Outcome("error", seconds, out[-2000:])


def check_copy(copy_root: Path) -> None:
    """The children must import perfscore from the copy, not from the editable install."""
    env = dict(os.environ, PYTHONPATH=str(copy_root), PYTHONDONTWRITEBYTECODE="1")
    code = "import perfscore, sys; sys.stdout.write(perfscore.__file__)"
    done = subprocess.run([sys.executable, "-c", code], cwd=copy_root, env=env,
                          capture_output=True, text=True, timeout=60, check=True)  # fmt: skip
    if not Path(done.stdout).resolve().is_relative_to(copy_root.resolve()):
        sys.exit(f"perfscore was imported from {done.stdout}, not from the copy {copy_root}")


# --------------------------------------------------------------------------- the run


class Copies:
    """One copy of the repository per job, each holding every target module as `ast.unparse`
    writes it (the state the mutants are compared with); a mutant is written into a copy
    taken from the pool and the module put back after."""

    def __init__(self, folder: Path, jobs: int, modules: list[str]) -> None:
        self.pool: queue.Queue[Path] = queue.Queue()
        self.baseline = {module: unmutated_source(module) for module in modules}
        for i in range(jobs):
            root = _copy_repository(folder / f"copy{i}")
            for module, text in self.baseline.items():
                (root / module).write_text(text, encoding="utf-8")
            self.pool.put(root)
        check_copy(root)

    def run(self, tests: list[str], args: argparse.Namespace, timeout: float,
            mutant: Mutant | None = None) -> Outcome:  # fmt: skip
        root = self.pool.get()
        try:
            if mutant is not None:
                (root / mutant.module).write_text(mutated_source(mutant), encoding="utf-8")
            return run_tests(root, tests, args, timeout)
        finally:
            if mutant is not None:
                (root / mutant.module).write_text(self.baseline[mutant.module], encoding="utf-8")
            self.pool.put(root)


def baselines(copies: Copies, groups: dict[tuple[str, ...], list[str]],
              args: argparse.Namespace) -> dict[tuple[str, ...], float]:  # fmt: skip
    """Run each group's tests on the unmutated modules; their time sets the mutants' timeout."""
    timeouts = {}
    for tests, modules in groups.items():
        base = copies.run(list(tests), args, 1800)
        if base.status != "survived":
            print(f"the unmutated {', '.join(modules)} fail(s) {' '.join(tests)}:\n{base.detail}",
                  file=sys.stderr)  # fmt: skip
            sys.exit(2)
        timeouts[tests] = args.timeout or max(60.0, 4 * base.seconds)
        print(f"baseline {' '.join(tests)}: passed in {base.seconds:.1f} s", file=sys.stderr)
    return timeouts


def summarise(
    module: str, tests: list[str], results: list[tuple[Mutant, Outcome]]
) -> dict[str, Any]:
    killed = [m for m, o in results if o.status in ("killed", "timeout")]
    alive = [(m, o) for m, o in results if o.status not in ("killed", "timeout")]
    equivalent = [m for m, o in alive if o.status == "survived" and m.key() in EQUIVALENT]
    survivors = [m for m, o in alive if o.status == "survived" and m.key() not in EQUIVALENT]
    errors = [(m, o) for m, o in alive if o.status == "error"]
    counted = len(results) - len(equivalent)
    return {
        "module": module,
        "tests": tests,
        "mutants": len(results),
        "killed": len(killed),
        "equivalent": [asdict(m) | {"why": EQUIVALENT[m.key()]} for m in equivalent],
        "survivors": [asdict(m) for m in survivors],
        "errors": [asdict(m) | {"output": o.detail} for m, o in errors],
        "killed_but_listed": [asdict(m) for m in killed if m.key() in EQUIVALENT],
        "score": round(100 * len(killed) / counted, 1) if counted else 100.0,
    }


def execute(targets: list[str], args: argparse.Namespace) -> list[dict[str, Any]]:
    found = {module: mutants(module) for module in targets}
    groups: dict[tuple[str, ...], list[str]] = {}
    for module in targets:
        tests = tuple(args.tests) if args.tests else tuple(tests_for(module))
        if not tests:
            sys.exit(f"no tests mapped to {module} (TEST_MAP in {Path(__file__).name})")
        groups.setdefault(tests, []).append(module)
    todo = [(m, tests) for tests, modules in groups.items() for mod in modules for m in found[mod]]
    print(f"{len(todo)} mutants in {len(targets)} modules, {args.jobs} job(s)", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="perfscore-mutants-") as tmp:
        copies = Copies(Path(tmp), args.jobs, targets)
        timeouts = baselines(copies, groups, args)
        done = 0

        def one(item: tuple[Mutant, tuple[str, ...]]) -> tuple[Mutant, Outcome]:
            nonlocal done
            mutant, tests = item
            outcome = copies.run(list(tests), args, timeouts[tests], mutant)
            done += 1
            print(f"[{done}/{len(todo)}] {outcome.status:<8} {outcome.seconds:5.1f} s  "
                  f"{mutant.where()}", file=sys.stderr, flush=True)  # fmt: skip
            return mutant, outcome

        pool = ThreadPoolExecutor(max_workers=args.jobs)
        try:
            results = list(pool.map(one, todo))
        finally:  # on Ctrl-C, drop the mutants not started instead of running them all
            pool.shutdown(wait=True, cancel_futures=True)
    return [
        summarise(module, list(tests), [(m, o) for m, o in results if m.module == module])
        for tests, modules in groups.items()
        for module in modules
    ]


def _targets(patterns: list[str]) -> list[str]:
    found = []
    for pattern in patterns:
        for path in (
            sorted(ROOT.glob(pattern)) if not Path(pattern).is_absolute() else [Path(pattern)]
        ):
            module = str(path.resolve().relative_to(ROOT))
            if path.is_file() and module.endswith(".py") and module not in found:
                found.append(module)
    return found


def print_report(summaries: list[dict[str, Any]], args: argparse.Namespace) -> None:
    total = sum(s["mutants"] for s in summaries)
    killed = sum(s["killed"] for s in summaries)
    equivalent = sum(len(s["equivalent"]) for s in summaries)
    for s in summaries:
        print(f"{s['module']}: {s['mutants']} mutants, {s['killed']} killed, "
              f"{len(s['equivalent'])} equivalent, {len(s['survivors'])} survived, "
              f"{len(s['errors'])} errors — {s['score']}% killed")  # fmt: skip
        for m in s["survivors"]:
            print(f"  SURVIVED   {Mutant(**m).where()}")
        for m in s["equivalent"]:
            print(f"  equivalent {Mutant(**{k: v for k, v in m.items() if k != 'why'}).where()}"
                  f"\n             why: {m['why']}")  # fmt: skip
        for m in s["errors"]:
            print(f"  ERROR      {m['module']}:{m['line']} {m['mutation']}\n{m['output']}")
        for m in s["killed_but_listed"]:
            print(f"  killed, yet listed in EQUIVALENT: {Mutant(**m).where()}")
    counted = total - equivalent
    share = 100 * killed / counted if counted else 100.0
    print(f"\ntotal: {total} mutants, {killed} killed, {equivalent} equivalent: "
          f"{killed}/{counted} = {share:.1f}% killed")  # fmt: skip
    tests = f" --tests {' '.join(args.tests)}" if args.tests else ""
    print(f"rerun: python3 benchmarks/mutation.py {' '.join(args.targets or DEFAULT_TARGETS)} "
          f"--jobs {args.jobs} --profile {args.profile} --seed {args.seed}{tests}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("targets", nargs="*", help="modules or globs (default: rules, engine, "
                        "reconcile)")  # fmt: skip
    parser.add_argument("--jobs", type=int, default=1, help="mutants run at once (default 1)")
    parser.add_argument("--timeout", type=float, default=0, help="seconds per mutant (default: "
                        "4× the unmutated run, at least 60)")  # fmt: skip
    parser.add_argument("--profile", default="ci", help="HYPOTHESIS_PROFILE (default ci)")
    parser.add_argument("--seed", type=int, default=0, help="--hypothesis-seed (default 0)")
    parser.add_argument("--tests", nargs="+", metavar="TEST", help="run these test files for "
                        "every module instead of TEST_MAP's (to try a new test)")  # fmt: skip
    parser.add_argument("--list", action="store_true", help="list the mutants, run nothing")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    targets = _targets(args.targets or list(DEFAULT_TARGETS))
    if not targets:
        parser.error("no target module found")
    if args.list:
        for module in targets:
            for mutant in mutants(module):
                print(mutant.where())
        return
    summaries = execute(targets, args)
    if args.json:
        json.dump({"modules": summaries}, sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        print_report(summaries, args)


if __name__ == "__main__":
    main()
