"""How many examples the property tests need to catch a bug (issue 6): mutation testing.

    python3 benchmarks/property_power.py                 # budgets 25 50 100 200, 3 seeds
    python3 benchmarks/property_power.py --seeds 5 --budget 400

Each *mutant* is a one-line bug put into the engine for the length of one run (a scorer that
forgets to cap at the weight, a parent that drops a child, rounding at the wrong place, a band's
edge graded wrongly, a deduction counting the wrong way, a range check left out, an error naming
the wrong field, a table read backwards, a strict threshold made non-strict). For each mutant the
three properties of tests/test_framework_properties.py — invariants on `base_data`, the declared
directions, and `invalid_base_data` refused naming its field — run on department-common and on
tests/property-frameworks/every-rule.yaml, without shrinking, until the first failure or the
budget; over several seeds. It prints, per mutant, the examples each seed needed (— for not
caught within the budget) and the share caught within each budget: the figures behind the
hypothesis profiles in tests/conftest.py.

The invariants are generic: they catch bugs that break the structure of a result (ranges,
roll-up, grades, rounding, directions, data errors). A bug that keeps every score plausible — a
strict threshold made non-strict — is for oracle tests (tests/test_rule_properties.py, the YAML
cases) to catch; the last mutant shows that line.
"""

from __future__ import annotations

import argparse
import inspect
import random
import textwrap
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

import perfscore
import perfscore.engine.inputs
import perfscore.engine.names
import perfscore.engine.points
import perfscore.engine.steps
import perfscore.model
import perfscore.rules.curves
import perfscore.rules.deduction
import perfscore.values
from perfscore.testing import (
    assert_invariants,
    assert_monotone,
    base_data,
    directional_leaves,
    invalid_base_data,
)

ROOT = Path(__file__).resolve().parent.parent
FRAMEWORKS = [ROOT / "perfscore" / "frameworks" / "department-common.yaml"]
FRAMEWORKS.append(ROOT / "tests" / "property-frameworks" / "every-rule.yaml")


@dataclass(frozen=True)
class Mutant:
    name: str
    owner: Any  # a class or a module
    attribute: str
    old: str
    new: str
    also: tuple[Any, ...] = ()  # modules that imported the function by name


MUTANTS = [
    Mutant(
        "no cap at the weight",
        perfscore.engine.points,
        "finish",
        "return round_half_up(cap(points, weight), precision)",
        "return round_half_up(points, precision)",
        also=(perfscore.engine.steps,),
    ),
    Mutant(
        "a parent drops its last child",
        perfscore.engine.steps.ParentStep,
        "__call__",
        "score = sum(scores, ZERO)",
        "score = sum(scores[:-1], ZERO)",
    ),
    Mutant(
        "rounds one place too fine",
        perfscore.engine.points,
        "finish",
        "return round_half_up(cap(points, weight), precision)",
        "return round_half_up(cap(points, weight), precision + 1)",
        also=(perfscore.engine.steps,),
    ),
    Mutant(
        "a band's minimum graded below it",
        perfscore.model.Framework,
        "grade_of",
        "if total >= grade.minimum",
        "if total > grade.minimum",
    ),
    Mutant(
        "deduction counts the wrong side",
        perfscore.rules.deduction.StepDeduction,
        "excess",
        "return value - self.bound",
        "return self.bound - value",
    ),
    Mutant(
        "piecewise table read backwards",
        perfscore.rules.curves,
        "_interpolate",
        "return y0 + (y1 - y0) * (value - x0) / (x1 - x0)",
        "return y0 + (y1 - y0) * (x1 - value) / (x1 - x0)",
    ),
    Mutant(
        "minimum not checked",
        perfscore.values,
        "read_number",
        "if minimum is not None and value < minimum:",
        "if False:",
        also=(perfscore.engine.names, perfscore.engine.inputs, perfscore.engine.steps),
    ),
    Mutant(
        "missing field blamed on the indicator",
        perfscore.engine.names.FieldStep,
        "__call__",
        'raise run.error(f"missing base-data field {name!r}{unit}", name, self.code)',
        'raise run.error(f"missing base-data field {name!r}{unit}", None, self.code)',
    ),
    Mutant(
        "threshold made non-strict (semantic)",
        perfscore.rules.curves.Threshold,
        "passes",
        "return self._test(value, self.at)",
        "return self._test(value, self.at) or value == self.at",
    ),
]


@contextmanager
def mutated(mutant: Mutant) -> Iterator[None]:
    original = getattr(mutant.owner, mutant.attribute)
    source = textwrap.dedent(inspect.getsource(original))
    assert mutant.old in source, f"{mutant.name}: {mutant.old!r} not found"
    module = inspect.getmodule(original)
    namespace = dict(vars(module))
    exec(compile(source.replace(mutant.old, mutant.new, 1), "<mutant>", "exec"), namespace)
    targets = [mutant.owner, *mutant.also]
    try:
        for target in targets:
            setattr(target, mutant.attribute, namespace[mutant.attribute])
        yield
    finally:
        for target in targets:
            setattr(target, mutant.attribute, original)


def _properties(fw: perfscore.Framework) -> dict[str, Callable[[Any], None]]:
    codes = directional_leaves(fw)
    bad = {f.code for f in fw.findings if f.check == "direction"}
    codes = [c for c in codes if c not in bad]

    def invariants(data: st.DataObject) -> None:
        assert_invariants(fw, fw.evaluate(data.draw(base_data(fw))))

    def directions(data: st.DataObject) -> None:
        code = data.draw(st.sampled_from(codes))
        assert_monotone(fw, data.draw(base_data(fw)), code)

    def invalid(data: st.DataObject) -> None:
        wrong = data.draw(invalid_base_data(fw))
        try:
            fw.evaluate(wrong.data)
        except perfscore.DataError as exc:
            assert exc.field == wrong.field
        else:
            raise AssertionError("accepted")

    return {"invariants": invariants, "directions": directions, "invalid": invalid}


def examples_to_catch(prop: Callable[[Any], None], budget: int, run_seed: int) -> int | None:
    """Examples until `prop` first fails (None: not within `budget`)."""
    count = 0

    @seed(run_seed)
    @settings(
        max_examples=budget,
        phases=[Phase.generate],
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.data())
    def run(data: st.DataObject) -> None:
        nonlocal count
        count += 1
        prop(data)

    try:
        run()
    except Exception:
        return count
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--budget", type=int, default=200)
    parser.add_argument("--only", default="", help="run the mutants whose name contains this")
    args = parser.parse_args()
    budgets = [b for b in (25, 50, 100, 200, 400, 800) if b <= args.budget]
    seeds = [random.Random(i).randrange(2**32) for i in range(args.seeds)]
    print(
        f"frameworks: {', '.join(p.stem for p in FRAMEWORKS)}; seeds: {len(seeds)}; "
        f"budget {args.budget} examples per property and framework, no shrinking\n"
    )
    header = f"{'mutant':40} {'examples, by seed':18} " + " ".join(f"≤{b:<4}" for b in budgets)
    header += " caught by"
    print(header)
    started = time.process_time()
    for mutant in [m for m in MUTANTS if args.only in m.name]:
        needed: list[int | None] = []  # per seed: the fewest examples any property needed
        caught_by: set[str] = set()
        with mutated(mutant):
            # loaded under the mutant: a framework's plan binds the steps' functions once
            frameworks = [perfscore.load_framework(path) for path in FRAMEWORKS]
            for run_seed in seeds:
                fewest: int | None = None
                for fw in frameworks:
                    for name, prop in _properties(fw).items():
                        found = examples_to_catch(prop, args.budget, run_seed)
                        if found is not None:
                            caught_by.add(name)
                            fewest = found if fewest is None else min(fewest, found)
                needed.append(fewest)
        shown = " ".join("—" if n is None else str(n) for n in needed)
        shares = " ".join(
            f"{sum(n is not None and n <= b for n in needed) / len(needed):<5.0%}" for b in budgets
        )
        by = ", ".join(sorted(caught_by)) or "none"
        print(f"{mutant.name:40} {shown:18} {shares} {by}", flush=True)
    print(f"\nCPU time {time.process_time() - started:.0f}s")


if __name__ == "__main__":
    main()
