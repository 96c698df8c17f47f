"""Property tests for every registered rule kind, run through a real framework and `evaluate`.

Each rule kind has a hypothesis strategy in `CASES` that draws a rule spec (every option of the
kind), the indicator's weight and the framework's precision, the values the leaf may take, and an
exact oracle: the points the rule's wording gives for a value, computed with Fractions. Every case
is built into a one-leaf framework from YAML text (`build_framework(parse_yaml(...))`) and scored
with `fw.evaluate`, so that loading, capping at the weight and 四舍五入 are exercised too.

Generic properties, for every kind: the score equals the oracle's points capped to [0, weight]
and rounded half-up; it lies within [0, weight]; it is monotone in the direction the rule says it
rewards (`rule.rewards()`), or, where that is None, in the kind's own order (items met, distance
from the bound, the judgment). Kind-specific tests check full marks exactly where the wording
puts them, strict vs non-strict thresholds, the order of step modes, and veto.
`test_every_registered_kind_has_properties` fails when a kind is registered without a case here.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise
from typing import Any

import pytest
import yaml
from hypothesis import assume, given
from hypothesis import strategies as st

from perfscore import RULES, DataError, Framework
from perfscore.framework import build_framework
from perfscore.result import IndicatorResult
from perfscore.rules.deduction import STEP_MODES
from perfscore.yamlio import parse_yaml

pytestmark = pytest.mark.usefixtures("english")  # checks English wording

CODE = "T"
VALUE_KEY = "v"

# ----------------------------------------------------------------------------- building


def _yamlable(value: Any) -> Any:
    """Decimals as plain numeric strings (the schema accepts "12.50"), recursively."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dict):
        return {k: _yamlable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_yamlable(v) for v in value]
    return value


def framework(
    rule: dict[str, Any],
    weight: Decimal,
    precision: int = 2,
    *,
    inputs: dict[str, Any] | None = None,
    leaf: dict[str, Any] | None = None,
) -> Framework:
    """A one-leaf framework around `rule`, loaded from YAML text like any framework file."""
    node = {"code": CODE, "name": "被测指标", "weight": weight, **(leaf or {}), "rule": rule}
    if "formula" not in node:
        node.setdefault("input", VALUE_KEY)
    doc = {
        "id": "properties",
        "name": "性质测试框架",
        "version": "1",
        "total": weight,
        "precision": precision,
        "grades": [{"name": "合格", "min": 0}],
        "inputs": inputs or {},
        "indicators": [node],
    }
    text = yaml.safe_dump(_yamlable(doc), allow_unicode=True, sort_keys=False)
    return build_framework(parse_yaml(text, "t.yaml"))


def score_of(fw: Framework, data: dict[str, Any]) -> IndicatorResult:
    return fw.evaluate(data)[CODE]


def capped(points: Fraction, weight: Decimal, precision: int) -> Decimal:
    """What the evaluator must make of a rule's points: capped to [0, weight], 四舍五入."""
    clamped = min(max(points, Fraction(0)), Fraction(weight))
    scaled = clamped * 10**precision
    whole = math.floor(scaled + Fraction(1, 2))
    return Decimal(whole).scaleb(-precision)


def F(value: Any) -> Fraction:
    return Fraction(Decimal(value) if not isinstance(value, (int, Fraction)) else value)


# ----------------------------------------------------------------------------- strategies


def numbers(lo: Any, hi: Any, max_places: int = 3) -> st.SearchStrategy[Decimal]:
    """Decimals in [lo, hi] with up to max_places decimal places, as data and frameworks write
    them (more places when the bounds themselves need them)."""
    low, high = Decimal(str(lo)), Decimal(str(hi))
    needed = max(0, -int(low.as_tuple().exponent), -int(high.as_tuple().exponent))
    places = [
        p
        for p in range(max(max_places, needed) + 1)
        if math.ceil(Fraction(low) * 10**p) <= math.floor(Fraction(high) * 10**p)
    ]
    return st.sampled_from(places).flatmap(
        lambda p: st.decimals(
            min_value=low, max_value=high, places=p, allow_nan=False, allow_infinity=False
        )
    )


@st.composite
def weight_and_precision(draw: st.DrawFn) -> tuple[Decimal, int]:
    """A weight written with no more decimals than the framework's precision (else 四舍五入
    of a capped score could exceed the weight; see test_weight_finer_than_precision)."""
    precision = draw(st.integers(0, 3))
    weight = draw(numbers(Decimal(1).scaleb(-precision), 30, precision))
    return weight, precision


@dataclass
class Case:
    """One drawn rule of one kind, with everything needed to score it and predict the score."""

    kind: str
    rule: dict[str, Any]
    weight: Decimal
    precision: int
    values: st.SearchStrategy[Any]  # values the leaf may take
    points: Callable[[Any], Fraction]  # the oracle: points the wording gives, before capping
    fixed: dict[str, Any] = field(default_factory=dict)  # other data (judgment, veto flag)
    inputs: dict[str, Any] = field(default_factory=dict)  # base-data fields the rule reads
    # When rule.rewards() is None: pairs (a, b) where b must score at least as much as a.
    better_pairs: st.SearchStrategy[tuple[Any, Any]] | None = None
    leaf: dict[str, Any] = field(default_factory=dict)  # the leaf's own keys (a formula)

    def build(self) -> Framework:
        return framework(
            self.rule, self.weight, self.precision, inputs=self.inputs, leaf=self.leaf or None
        )

    def data(self, value: Any) -> dict[str, Any]:
        return {VALUE_KEY: value, **self.fixed}

    def expected(self, value: Any) -> Decimal:
        return capped(self.points(value), self.weight, self.precision)


def _ordered_by(values: st.SearchStrategy[Any], rank: Callable[[Any], Any]) -> Any:
    return st.tuples(values, values).map(lambda pair: tuple(sorted(pair, key=rank)))


def _values_near(values: st.SearchStrategy[Decimal], marks: list[Decimal]) -> Any:
    """Arbitrary values, and the landmarks where the rule changes behaviour."""
    return st.one_of(values, st.sampled_from(marks))


def _per_step(draw: st.DrawFn, weight: Decimal, per: str | None) -> tuple[dict[str, Any], Fraction]:
    per = per or draw(st.sampled_from(["points", "weight_fraction"]))
    if per == "points":
        points = draw(numbers("0.01", 5, 2))
        return {"points": points}, F(points)
    fraction = draw(numbers("0.01", 1, 2))
    return {"weight_fraction": fraction}, F(fraction) * F(weight)


@st.composite
def deduction_cases(
    draw: st.DrawFn, side: str | None = None, mode: str | None = None, per: str | None = None
) -> Case:
    weight, precision = draw(weight_and_precision())
    side = side or draw(st.sampled_from(["above", "below", "both"]))
    mode = mode or draw(st.sampled_from(STEP_MODES))
    bound = draw(numbers(0, 150, 2))
    rule: dict[str, Any] = {"kind": "deduction", "bound": bound, "side": side, "step_mode": mode}
    step = Decimal(1)
    if draw(st.booleans()):
        step = draw(st.sampled_from([Decimal("0.5"), Decimal(2), Decimal(5), Decimal(10)]))
        step = draw(st.one_of(st.just(step), numbers("0.1", 20, 1)))
        rule["step"] = step
    per_spec, per_step = _per_step(draw, weight, per)
    rule.update(per_spec)
    full = weight
    if draw(st.booleans()):
        full = draw(numbers("0.5", 40, 2))
        rule["full"] = full

    def points(value: Decimal) -> Fraction:
        v, b = F(value), F(bound)
        excess = {"above": v - b, "below": b - v, "both": abs(v - b)}[side]
        if excess <= 0:
            return F(full)
        steps = excess / F(step)
        if mode == "floor":
            steps = Fraction(math.floor(steps))
        elif mode == "ceil":
            steps = Fraction(math.ceil(steps))
        return max(F(full) - steps * per_step, Fraction(0))

    marks = [bound + k * step for k in (-2, -1, 0, 1, 2)] + [bound + step / 2, bound - step / 3]
    values = _values_near(numbers(-50, 300, 3), marks)
    pairs = None
    if side == "both":
        pairs = _ordered_by(values, lambda v: -abs(v - bound))
    return Case("deduction", rule, weight, precision, values, points, better_pairs=pairs)


@st.composite
def count_cases(draw: st.DrawFn, per: str | None = None) -> Case:
    weight, precision = draw(weight_and_precision())
    rule: dict[str, Any] = {"kind": "count"}
    per_spec, per_case = _per_step(draw, weight, per)
    rule.update(per_spec)
    zero_at = draw(st.none() | st.integers(1, 6))
    if zero_at is not None:
        rule["zero_at"] = zero_at

    def points(value: int) -> Fraction:
        if value == 0:
            return F(weight)
        if zero_at is not None and value >= zero_at:
            return Fraction(0)
        return max(F(weight) - value * per_case, Fraction(0))

    return Case("count", rule, weight, precision, st.integers(0, 30), points)


_COMPARE: dict[str, Callable[[Fraction, Fraction], bool]] = {
    ">=": lambda a, b: a >= b,
    ">": lambda a, b: a > b,
    "<=": lambda a, b: a <= b,
    "<": lambda a, b: a < b,
    "==": lambda a, b: a == b,
}


@st.composite
def threshold_cases(
    draw: st.DrawFn, compare: str | None = None, otherwise: str | None = None
) -> Case:
    weight, precision = draw(weight_and_precision())
    compare = compare or draw(st.sampled_from(sorted(_COMPARE)))
    at = draw(numbers(0, 150, 2))
    rule: dict[str, Any] = {"kind": "threshold", "compare": compare, "at": at}
    otherwise = otherwise or draw(st.sampled_from(["fail", "judgment"]))
    fixed: dict[str, Any] = {}
    passed, failed = weight, Decimal(0)
    if otherwise == "judgment":
        rule["otherwise"] = "judgment"
        failed = draw(numbers(0, weight, 3))
        fixed[CODE] = failed  # judgment_input defaults to the indicator's code
    else:
        if draw(st.booleans()):
            passed = draw(numbers(0, 40, 2))
            rule["pass"] = passed
        if draw(st.booleans()):
            failed = draw(numbers(0, 40, 2))
            rule["fail"] = failed

    def holds(value: Decimal) -> bool:
        return _COMPARE[compare](F(value), F(at))

    def points(value: Decimal) -> Fraction:
        return F(passed) if holds(value) else F(failed)

    values = _values_near(numbers(-50, 300, 3), [at, at + Decimal("0.001"), at - 1])
    # Whichever of pass and the failing score is worth more is the better side of the bound.
    pass_is_better = capped(F(passed), weight, 6) >= capped(F(failed), weight, 6)
    pairs = _ordered_by(values, lambda v: holds(v) == pass_is_better)
    return Case("threshold", rule, weight, precision, values, points, fixed, better_pairs=pairs)


def _interpolate(table: list[tuple[Fraction, Fraction]], v: Fraction) -> Fraction:
    if v <= table[0][0]:
        return table[0][1]
    for (x0, y0), (x1, y1) in pairwise(table):
        if v <= x1:
            return y0 + (y1 - y0) * (v - x0) / (x1 - x0)
    return table[-1][1]


@st.composite
def linear_cases(draw: st.DrawFn) -> Case:
    weight, precision = draw(weight_and_precision())
    full_at, zero_at = draw(st.lists(numbers(0, 200, 2), min_size=2, max_size=2, unique=True))
    rule: dict[str, Any] = {"kind": "linear", "full_at": full_at, "zero_at": zero_at}
    full = weight
    if draw(st.booleans()):
        full = draw(numbers("0.5", 40, 2))
        rule["full"] = full
    table = sorted([(F(full_at), F(full)), (F(zero_at), Fraction(0))])

    def points(value: Decimal) -> Fraction:
        return _interpolate(table, F(value))

    marks = [full_at, zero_at, (full_at + zero_at) / 2]
    values = _values_near(numbers(-50, 300, 3), marks)
    return Case("linear", rule, weight, precision, values, points)


@st.composite
def piecewise_cases(draw: st.DrawFn) -> Case:
    weight, precision = draw(weight_and_precision())
    xs = sorted(draw(st.lists(numbers(0, 200, 2), min_size=2, max_size=5, unique=True)))
    ys = draw(st.lists(numbers(0, 40, 2), min_size=len(xs), max_size=len(xs)))
    order = draw(st.sampled_from(["up", "down", "any"]))
    if order != "any":
        ys = sorted(ys, reverse=order == "down")
    rule = {"kind": "piecewise", "table": [[x, y] for x, y in zip(xs, ys, strict=True)]}
    table = [(F(x), F(y)) for x, y in zip(xs, ys, strict=True)]

    def points(value: Decimal) -> Fraction:
        return _interpolate(table, F(value))

    values = _values_near(numbers(-50, 300, 3), xs)

    @st.composite
    def within_a_segment(draw2: st.DrawFn) -> tuple[Decimal, Decimal]:
        """A table that goes up and down is monotone between neighbouring points."""
        i = draw2(st.integers(0, len(xs) - 2))
        a, b = sorted(draw2(st.lists(numbers(xs[i], xs[i + 1], 3), min_size=2, max_size=2)))
        return (a, b) if ys[i + 1] >= ys[i] else (b, a)

    pairs = within_a_segment() if order == "any" else None
    return Case("piecewise", rule, weight, precision, values, points, better_pairs=pairs)


@st.composite
def proportional_cases(draw: st.DrawFn) -> Case:
    weight, precision = draw(weight_and_precision())
    rule: dict[str, Any] = {"kind": "proportional"}
    target, full = Decimal(100), weight
    if draw(st.booleans()):
        target = draw(numbers("0.01", 500, 2))
        rule["target"] = target
    if draw(st.booleans()):
        full = draw(numbers("0.5", 40, 2))
        rule["full"] = full

    def points(value: Decimal) -> Fraction:
        share = min(max(F(value) / F(target), Fraction(0)), Fraction(1))
        return share * F(full)

    values = _values_near(numbers(-50, 600, 3), [Decimal(0), target, target / 2])
    return Case("proportional", rule, weight, precision, values, points)


@st.composite
def checklist_cases(draw: st.DrawFn, mode: str | None = None) -> Case:
    weight, precision = draw(weight_and_precision())
    mode = mode or draw(st.sampled_from(["earn", "lose"]))
    n = draw(st.integers(1, 6))
    ids = [f"要点{i}" if draw(st.booleans()) else str(i) for i in range(1, n + 1)]
    rule: dict[str, Any] = {"kind": "checklist", "mode": mode}
    default = draw(st.none() | numbers("0.25", 5, 2))
    if default is not None:
        rule["points"] = default
    items, worth = [], {}
    for item_id in ids:
        own = draw(numbers("0.25", 5, 2)) if default is None or draw(st.booleans()) else None
        items.append(
            {"id": item_id, "text": f"评价要点{item_id}", **({"points": own} if own else {})}
        )
        worth[item_id] = F(own if own is not None else default)
    rule["items"] = items
    full = weight
    if mode == "lose" and draw(st.booleans()):
        full = draw(numbers("0.5", 40, 2))
        rule["full"] = full

    def points(met: list[str]) -> Fraction:
        if mode == "earn":
            return sum((worth[i] for i in met), Fraction(0))
        lost = sum((worth[i] for i in ids if i not in met), Fraction(0))
        return max(F(full) - lost, Fraction(0))

    subsets = st.lists(st.sampled_from(ids), unique=True)

    @st.composite
    def pairs(draw2: st.DrawFn) -> tuple[list[str], list[str]]:
        fewer = draw2(subsets)
        more = fewer + [i for i in draw2(subsets) if i not in fewer]
        return fewer, more

    return Case("checklist", rule, weight, precision, subsets, points, better_pairs=pairs())


@st.composite
def judgment_cases(draw: st.DrawFn, kind: str = "judgment") -> Case:
    weight, precision = draw(weight_and_precision())
    rule: dict[str, Any] = {"kind": kind}
    low, high = Decimal(0), weight
    if draw(st.booleans()):
        low = draw(numbers(0, weight, 2))
        rule["min"] = low
    if draw(st.booleans()):
        high = draw(numbers(low, weight * 2, 2))
        rule["max"] = high

    def points(value: Decimal) -> Fraction:
        return F(value)

    values = _values_near(numbers(low, high, 3), [low, high])
    pairs = _ordered_by(values, lambda v: v)
    return Case(kind, rule, weight, precision, values, points, better_pairs=pairs)


# ----------------------------------------------------------------------------- tiers, cases


Edge = tuple[Decimal, bool]  # (value, inclusive)


@dataclass(frozen=True)
class DrawnBand:
    """A band of a drawn `tiers` rule: its edges, what it awards (YAML keys) and its points."""

    lower: Edge | None
    upper: Edge | None
    award: dict[str, Any]
    points: Fraction | None  # None: the evaluator's judgment

    def holds(self, v: Fraction) -> bool:
        if self.lower is not None:
            at, inclusive = F(self.lower[0]), self.lower[1]
            if v < at or (v == at and not inclusive):
                return False
        if self.upper is not None:
            at, inclusive = F(self.upper[0]), self.upper[1]
            if v > at or (v == at and not inclusive):
                return False
        return True

    def spec(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        low, high = self.lower, self.upper
        if low is not None and high is not None and low[0] == high[0]:
            out["equals"] = low[0]
        else:
            if low is not None:
                out["at_least" if low[1] else "above"] = low[0]
            if high is not None:
                out["at_most" if high[1] else "below"] = high[0]
        return {**out, **self.award}


def _partition(draw: st.DrawFn, edges: list[Decimal]) -> list[tuple[Edge | None, Edge | None]]:
    """Spans that cover the whole line with no gap or overlap, cut at `edges`: each edge goes to
    the span below it, the span above it, or a span of its own ("=0")."""
    spans: list[tuple[Edge | None, Edge | None]] = []
    lower: Edge | None = None
    for edge in edges:
        how = draw(st.sampled_from(["below", "above", "own"]))
        if how == "own":
            spans += [(lower, (edge, False)), ((edge, True), (edge, True))]
        else:
            spans.append((lower, (edge, how == "below")))
        lower = (edge, how == "above")
    return [*spans, (lower, None)]


def _award(draw: st.DrawFn, weight: Decimal) -> tuple[dict[str, Any], Fraction]:
    if draw(st.integers(0, 3)) == 0:
        fraction = draw(numbers(0, "1.5", 2))
        return {"weight_fraction": fraction}, F(fraction) * F(weight)
    points = draw(numbers(0, 40, 2))
    return {"points": points}, F(points)


def _judged(draw: st.DrawFn, weight: Decimal) -> tuple[dict[str, Any], Decimal]:
    """A judged award ("视情况在该档内酌情") and the judgment the data gives for it."""
    low = draw(numbers(0, weight, 2))
    high = draw(numbers(low, weight, 2))
    return {"judgment": {"min": low, "max": high}}, draw(numbers(low, high, 3))


@st.composite
def tiers_cases(draw: st.DrawFn, order: str | None = None) -> Case:
    """Bands that cover the line, listed in any order; the points go up or down the line, or
    neither (then one band may be judged)."""
    weight, precision = draw(weight_and_precision())
    edges = sorted(draw(st.lists(numbers(0, 150, 2), min_size=1, max_size=4, unique=True)))
    spans = _partition(draw, edges)
    awards = [_award(draw, weight) for _ in spans]
    order = order or draw(st.sampled_from(["up", "down", "any"]))
    if order != "any":
        awards.sort(key=lambda award: award[1], reverse=order == "down")
    bands = [
        DrawnBand(lo, hi, spec, points)
        for (lo, hi), (spec, points) in zip(spans, awards, strict=True)
    ]
    fixed: dict[str, Any] = {}
    if order == "any" and draw(st.booleans()):
        i = draw(st.integers(0, len(bands) - 1))
        spec, fixed[CODE] = _judged(draw, weight)
        bands[i] = DrawnBand(bands[i].lower, bands[i].upper, spec, None)
    listed = draw(st.permutations(bands))
    rule = {"kind": "tiers", "bands": [band.spec() for band in listed]}

    def points(value: Decimal) -> Fraction:
        (band,) = [b for b in listed if b.holds(F(value))]  # a partition: exactly one
        return band.points if band.points is not None else F(fixed[CODE])

    marks = [*edges, *(e + Decimal("0.001") for e in edges), *(e - Decimal("0.001") for e in edges)]
    values = _values_near(numbers(-50, 300, 3), marks)
    pairs = _ordered_by(values, points) if order == "any" else None
    return Case("tiers", rule, weight, precision, values, points, fixed, better_pairs=pairs)


#: Conditions a drawn `cases` rule may use: the formula (with the constant c) and its meaning.
CONDITIONS: list[tuple[str, Callable[[Fraction, Fraction, Fraction], bool]]] = [
    ("v >= {c}", lambda v, w, c: v >= c),
    ("v > {c}", lambda v, w, c: v > c),
    ("v <= {c}", lambda v, w, c: v <= c),
    ("v < {c}", lambda v, w, c: v < c),
    ("v == {c}", lambda v, w, c: v == c),
    ("v <= w", lambda v, w, c: v <= w),
    ("v > w + {c}", lambda v, w, c: v > w + c),
    ("not (v < {c})", lambda v, w, c: not v < c),
    ("v >= {c} and w >= {c}", lambda v, w, c: v >= c and w >= c),
    ("v < {c} or w == 0", lambda v, w, c: v < c or w == 0),
]


@st.composite
def cases_cases(draw: st.DrawFn) -> Case:
    """Conditions over the leaf's value v and another field w; the first that holds applies."""
    weight, precision = draw(weight_and_precision())
    w = draw(st.sampled_from([Decimal(0), Decimal(50)]) | numbers(-50, 300, 2))
    fixed: dict[str, Any] = {"w": w}
    n = draw(st.integers(1, 4))
    judged = draw(st.none() | st.integers(0, n))  # which award, if any, is judged (n: else)
    tests: list[Callable[[Fraction], bool]] = []
    awards: list[tuple[dict[str, Any], Fraction | None]] = []
    cases, marks = [], []
    for i in range(n + 1):
        if i == judged:
            spec, fixed[CODE] = _judged(draw, weight)
            awards.append((spec, None))
        else:
            awards.append(_award(draw, weight))
        if i == n:
            break
        template, holds = draw(st.sampled_from(CONDITIONS))
        c = draw(numbers(0, 150, 2))
        marks.append(c)
        tests.append(lambda v, holds=holds, c=c: holds(v, F(w), F(c)))
        text = draw(st.sampled_from(["", f"情形{i + 1}"]))
        cases.append({"when": template.format(c=format(c, "f")), "text": text, **awards[i][0]})
    rule = {"kind": "cases", "cases": cases, "else": awards[n][0]}

    def points(value: Decimal) -> Fraction:
        i = next((i for i, test in enumerate(tests) if test(F(value))), n)
        got = awards[i][1]
        return got if got is not None else F(fixed[CODE])

    values = _values_near(numbers(-50, 300, 3), [*marks, w, *(m + Decimal("0.01") for m in marks)])
    return Case(
        "cases",
        rule,
        weight,
        precision,
        values,
        points,
        fixed,
        inputs={"v": {}, "w": {}},
        better_pairs=_ordered_by(values, points),
        leaf={"formula": "v"},
    )


VETO_FLAG = "存在否决情形"


@st.composite
def veto_cases(draw: st.DrawFn, vetoed: bool | None = None) -> Case:
    inner_kind = draw(st.sampled_from(sorted(k for k in CASES if k != "veto")))
    inner: Case = draw(CASES[inner_kind])
    vetoed = draw(st.booleans()) if vetoed is None else vetoed
    rule = {"kind": "veto", "when": VETO_FLAG, "rule": inner.rule}

    def points(value: Any) -> Fraction:
        return Fraction(0) if vetoed else inner.points(value)

    return Case(
        "veto",
        rule,
        inner.weight,
        inner.precision,
        inner.values,
        points,
        fixed={**inner.fixed, VETO_FLAG: vetoed},
        inputs={**inner.inputs, VETO_FLAG: {"type": "boolean"}},
        better_pairs=inner.better_pairs,
        leaf=inner.leaf,
    )


CASES: dict[str, st.SearchStrategy[Case]] = {
    "deduction": deduction_cases(),
    "count": count_cases(),
    "threshold": threshold_cases(),
    "linear": linear_cases(),
    "piecewise": piecewise_cases(),
    "proportional": proportional_cases(),
    "checklist": checklist_cases(),
    "judgment": judgment_cases("judgment"),
    "external": judgment_cases("external"),
    "tiers": tiers_cases(),
    "cases": cases_cases(),
}
CASES["veto"] = veto_cases()


def test_every_registered_kind_has_properties() -> None:
    # kinds that score rows listed in the data (`rows:`, e.g. target) cannot sit in a one-leaf
    # framework; their properties are tested through rows in tests/test_targets.py
    row_kinds = {kind for kind, cls in RULES.items() if getattr(cls, "scores_rows", False)}
    assert row_kinds == {"target"}
    assert set(CASES) == set(RULES) - row_kinds, "a rule kind is registered without property tests"


# ----------------------------------------------------------------------------- generic


@pytest.mark.parametrize("kind", sorted(CASES))
@given(data=st.data())
def test_score_is_the_wording_capped_and_rounded(kind: str, data: st.DataObject) -> None:
    case = data.draw(CASES[kind], label="case")
    fw = case.build()
    value = data.draw(case.values, label="value")
    result = score_of(fw, case.data(value))
    assert 0 <= result.score <= case.weight
    assert result.score == case.expected(value)
    assert result.score.as_tuple().exponent == -case.precision  # exact, at the precision
    assert result.trace is not None and result.trace.rule == kind
    assert result.trace.deducted == case.weight - result.score
    assert fw.evaluate(case.data(value)).total == result.score


@pytest.mark.parametrize("kind", sorted(CASES))
@given(data=st.data())
def test_score_is_monotone_where_the_rule_rewards(kind: str, data: st.DataObject) -> None:
    case = data.draw(CASES[kind], label="case")
    fw = case.build()
    rule = fw[CODE].rule
    assert rule is not None
    direction = rule.rewards()
    assert direction is not None or case.better_pairs is not None, "no order to test"
    if direction is not None:
        a, b = sorted(data.draw(st.tuples(case.values, case.values), label="values"))
        worse, better = (a, b) if direction == "higher" else (b, a)
        assert score_of(fw, case.data(worse)).score <= score_of(fw, case.data(better)).score
    if case.better_pairs is not None:
        worse, better = data.draw(case.better_pairs, label="pair")
        assert score_of(fw, case.data(worse)).score <= score_of(fw, case.data(better)).score


# ----------------------------------------------------------------------------- deduction


@pytest.mark.parametrize("side", ["above", "below", "both"])
@pytest.mark.parametrize("mode", STEP_MODES)
@pytest.mark.parametrize("per", ["points", "weight_fraction"])
@given(data=st.data())
def test_deduction_full_marks_exactly_at_the_bound(
    side: str, mode: str, per: str, data: st.DataObject
) -> None:
    case = data.draw(deduction_cases(side, mode, per))
    fw = case.build()
    bound = Decimal(case.rule["bound"])
    full = Decimal(case.rule.get("full", case.weight))
    at_bound = score_of(fw, case.data(bound))
    assert at_bound.score == capped(F(full), case.weight, case.precision)
    assert at_bound.trace is not None and at_bound.trace.points == full
    # One step (or any part of one, unless whole steps are counted) beyond the bound costs points.
    step = Decimal(case.rule.get("step", 1))
    beyond = data.draw(numbers("0.001", step, 3) if mode != "floor" else st.just(step))
    for value in {"above": [bound + beyond], "below": [bound - beyond]}.get(
        side, [bound + beyond, bound - beyond]
    ):
        trace = score_of(fw, case.data(value)).trace
        assert trace is not None and trace.points is not None and trace.points < full


@pytest.mark.parametrize(("side", "rewards"), [("above", "lower"), ("below", "higher")])
def test_one_sided_deduction_says_which_way_it_rewards(side: str, rewards: str) -> None:
    rule = {"kind": "deduction", "bound": 100, "side": side, "points": 1, "step_mode": "floor"}
    assert framework(rule, Decimal(5))[CODE].rule.rewards() == rewards  # type: ignore[union-attr]


@given(data=st.data())
def test_step_modes_are_ordered_ceil_deducts_most_floor_least(data: st.DataObject) -> None:
    case = data.draw(deduction_cases(mode="continuous"))
    value = data.draw(case.values)
    scores = {}
    for mode in STEP_MODES:
        fw = framework({**case.rule, "step_mode": mode}, case.weight, case.precision)
        result = score_of(fw, case.data(value))
        assert result.trace is not None and result.trace.points is not None
        scores[mode] = (result.trace.points, result.score)
    for i in (0, 1):  # points before capping, and the final score
        assert scores["ceil"][i] <= scores["continuous"][i] <= scores["floor"][i]


def test_step_modes_on_the_guide_example() -> None:
    """GUIDE §1: "每低于1%扣1分" at 97.5% is 2.5, 2 or 3 points off, as the framework says."""
    got = {}
    for mode in STEP_MODES:
        rule = {"kind": "deduction", "bound": 100, "side": "below", "points": 1, "step_mode": mode}
        got[mode] = score_of(framework(rule, Decimal(5)), {VALUE_KEY: "97.5"}).score
    assert got == {"continuous": Decimal("2.50"), "floor": Decimal("3.00"), "ceil": Decimal("2.00")}


def test_deduction_weight_fraction_is_a_share_of_the_weight() -> None:
    """003 B42: "每降低1%扣权重分（1分）的5%": 93% in a 1-point indicator is 2 × 0.05 off."""
    rule = {
        "kind": "deduction",
        "bound": 95,
        "side": "below",
        "weight_fraction": 0.05,
        "step_mode": "continuous",
    }
    assert score_of(framework(rule, Decimal(1)), {VALUE_KEY: 93}).score == Decimal("0.90")


# ----------------------------------------------------------------------------- count


@pytest.mark.parametrize("per", ["points", "weight_fraction"])
@given(data=st.data())
def test_count_full_marks_at_zero_and_zero_at_n(per: str, data: st.DataObject) -> None:
    case = data.draw(count_cases(per))
    fw = case.build()
    assert score_of(fw, case.data(0)).score == capped(F(case.weight), case.weight, case.precision)
    assert score_of(fw, case.data(1)).trace.points < case.weight  # type: ignore[union-attr,operator]
    zero_at = case.rule.get("zero_at")
    if zero_at is not None:
        assert score_of(fw, case.data(zero_at)).score == 0
        assert score_of(fw, case.data(zero_at + 3)).score == 0


def test_count_zero_at_three_of_weight_fraction() -> None:
    """003 C101: "每一项不达标扣权重分的20%；三项不达标则为零分" in a 2-point indicator."""
    rule = {"kind": "count", "weight_fraction": "0.2", "zero_at": 3}
    fw = framework(rule, Decimal(2))
    got = [score_of(fw, {VALUE_KEY: n}).score for n in range(5)]
    assert got == [Decimal(x) for x in ("2.00", "1.60", "1.20", "0.00", "0.00")]


def test_count_rejects_a_fractional_count() -> None:
    fw = framework({"kind": "count", "points": 1}, Decimal(3))
    with pytest.raises(DataError) as err:
        fw.evaluate({VALUE_KEY: "1.5"})
    assert err.value.field == VALUE_KEY and err.value.path == CODE


# ----------------------------------------------------------------------------- threshold


@pytest.mark.parametrize("compare", sorted(_COMPARE))
@pytest.mark.parametrize("otherwise", ["fail", "judgment"])
@given(data=st.data())
def test_threshold_at_the_bound_passes_only_when_not_strict(
    compare: str, otherwise: str, data: st.DataObject
) -> None:
    case = data.draw(threshold_cases(compare, otherwise))
    fw = case.build()
    at = Decimal(case.rule["at"])
    passed = Decimal(case.rule.get("pass", case.weight))
    failed = Decimal(case.fixed.get(CODE, case.rule.get("fail", 0)))
    result = score_of(fw, case.data(at))
    expect = passed if compare in (">=", "<=", "==") else failed
    assert result.score == capped(F(expect), case.weight, case.precision)
    if otherwise == "judgment" and compare in (">", "<"):
        assert result.source == "judgment"


@pytest.mark.parametrize(
    ("compare", "rewards"), [(">=", "higher"), (">", "higher"), ("<=", "lower"), ("<", "lower")]
)
def test_threshold_says_which_way_it_rewards(compare: str, rewards: str) -> None:
    fw = framework({"kind": "threshold", "compare": compare, "at": 100}, Decimal(2))
    assert fw[CODE].rule.rewards() == rewards  # type: ignore[union-attr]
    judged = {"kind": "threshold", "compare": compare, "at": 100, "otherwise": "judgment"}
    assert framework(judged, Decimal(2))[CODE].rule.rewards() is None  # type: ignore[union-attr]


def test_threshold_judgment_is_checked_within_the_weight() -> None:
    """003 C21 "社保基金征缴率≥100%,得满分" scored 4 of 5 at 87.34%; 6 of 5 is refused."""
    rule = {"kind": "threshold", "compare": ">=", "at": 100, "otherwise": "judgment"}
    fw = framework(rule, Decimal(5))
    assert score_of(fw, {VALUE_KEY: "87.34", CODE: 4}).score == 4
    assert score_of(fw, {VALUE_KEY: "100", CODE: 4}).score == 5
    with pytest.raises(DataError) as err:
        fw.evaluate({VALUE_KEY: "87.34", CODE: 6})
    assert err.value.path == CODE and err.value.field == CODE
    with pytest.raises(DataError) as err:
        fw.evaluate({VALUE_KEY: "87.34"})
    assert err.value.field == CODE and "missing" in err.value.message


# ----------------------------------------------------------------------------- curves


@given(data=st.data())
def test_linear_full_at_one_end_zero_at_the_other(data: st.DataObject) -> None:
    case = data.draw(linear_cases())
    fw = case.build()
    full = Decimal(case.rule.get("full", case.weight))
    full_at, zero_at = Decimal(case.rule["full_at"]), Decimal(case.rule["zero_at"])
    assert score_of(fw, case.data(full_at)).score == capped(F(full), case.weight, case.precision)
    assert score_of(fw, case.data(zero_at)).score == 0
    inside = score_of(fw, case.data((full_at + zero_at) / 2)).trace
    assert inside is not None and inside.points is not None and 0 < inside.points < full
    expect = "lower" if full_at < zero_at else "higher"
    assert fw[CODE].rule.rewards() == expect  # type: ignore[union-attr]


def test_linear_on_the_guide_example() -> None:
    """003 B13: "≤100%得满分，≥120%得0分，区间内按权重进行扣分" in a 1-point indicator."""
    fw = framework({"kind": "linear", "full_at": 100, "zero_at": 120}, Decimal(1))
    got = [score_of(fw, {VALUE_KEY: v}).score for v in (90, 100, 105, 120, 300)]
    assert got == [Decimal(x) for x in ("1.00", "1.00", "0.75", "0.00", "0.00")]


@given(data=st.data())
def test_piecewise_passes_through_its_table_and_is_flat_beyond(data: st.DataObject) -> None:
    case = data.draw(piecewise_cases())
    fw = case.build()
    table = [(Decimal(x), Decimal(y)) for x, y in case.rule["table"]]
    for x, y in table:
        assert score_of(fw, case.data(x)).score == capped(F(y), case.weight, case.precision)
    below, above = table[0][0] - 1000, table[-1][0] + 1000
    assert score_of(fw, case.data(below)).score == capped(
        F(table[0][1]), case.weight, case.precision
    )
    assert score_of(fw, case.data(above)).score == case.expected(above)


def test_piecewise_on_the_guide_example() -> None:
    """003 C116: 100分得满分1分；低于95分0.95分；其间按比例."""
    fw = framework({"kind": "piecewise", "table": [[95, "0.95"], [100, 1]]}, Decimal(1))
    got = [score_of(fw, {VALUE_KEY: v}).score for v in (80, 95, 97.5, 100)]
    assert got == [Decimal(x) for x in ("0.95", "0.95", "0.98", "1.00")]


@given(data=st.data())
def test_proportional_full_marks_from_the_target_on(data: st.DataObject) -> None:
    case = data.draw(proportional_cases())
    fw = case.build()
    target = Decimal(case.rule.get("target", 100))
    full = Decimal(case.rule.get("full", case.weight))
    top = capped(F(full), case.weight, case.precision)
    over = data.draw(numbers(0, 1000, 3))
    assert score_of(fw, case.data(target)).score == top
    assert score_of(fw, case.data(target + over)).score == top
    short = data.draw(numbers("0.001", target, 3))
    trace = score_of(fw, case.data(target - short)).trace
    assert trace is not None and trace.points is not None and trace.points < full
    assert score_of(fw, case.data(Decimal(-1))).score == 0


def test_proportional_on_the_guide_example() -> None:
    """项目支出自评表 预算执行率 (10分): 执行率 96% earns 9.6."""
    fw = framework({"kind": "proportional"}, Decimal(10), leaf={"unit": "%"})
    assert score_of(fw, {VALUE_KEY: "96%"}).score == Decimal("9.60")  # the leaf's unit is read
    assert score_of(fw, {VALUE_KEY: 96}).score == Decimal("9.60")
    with pytest.raises(DataError) as err:
        fw.evaluate({VALUE_KEY: "96万元"})
    assert err.value.path == CODE and err.value.field == VALUE_KEY


# ----------------------------------------------------------------------------- checklist


@pytest.mark.parametrize("mode", ["earn", "lose"])
@given(data=st.data())
def test_checklist_full_when_every_item_is_met(mode: str, data: st.DataObject) -> None:
    case = data.draw(checklist_cases(mode))
    fw = case.build()
    ids = [str(item["id"]) for item in case.rule["items"]]
    rule = fw[CODE].rule
    assert rule is not None
    everything = score_of(fw, case.data(ids))
    assert everything.score == capped(F(rule.max_points()), case.weight, case.precision)
    nothing = score_of(fw, case.data([]))
    if mode == "earn":
        assert nothing.score == 0
    else:
        assert nothing.score == case.expected([])


def test_checklist_rejects_an_unknown_item() -> None:
    rule = {"kind": "checklist", "mode": "lose", "points": 1, "items": [{"id": "a"}, {"id": "b"}]}
    fw = framework(rule, Decimal(2))
    assert score_of(fw, {VALUE_KEY: {"a": True, "b": "否"}}).score == 1
    with pytest.raises(DataError) as err:
        fw.evaluate({VALUE_KEY: ["a", "c"]})
    assert err.value.path == CODE and err.value.field == VALUE_KEY and "c" in err.value.message


# ----------------------------------------------------------------------------- judgment, external


@pytest.mark.parametrize("kind", ["judgment", "external"])
@given(data=st.data())
def test_given_scores_are_taken_as_given_within_their_range(kind: str, data: st.DataObject) -> None:
    case = data.draw(judgment_cases(kind))
    fw = case.build()
    value = data.draw(case.values)
    result = score_of(fw, case.data(value))
    assert result.source == kind
    assert result.score == case.expected(value)
    low = Decimal(case.rule.get("min", 0))
    high = Decimal(case.rule.get("max", case.weight))
    outside = data.draw(st.sampled_from([low - Decimal("0.01"), high + Decimal("0.01")]))
    assume(outside >= 0 or low > 0)
    with pytest.raises(DataError) as err:
        fw.evaluate(case.data(outside))
    assert err.value.path == CODE and err.value.field == VALUE_KEY


# ----------------------------------------------------------------------------- veto


@given(data=st.data())
def test_veto_zeroes_whatever_the_inner_rule_gives(data: st.DataObject) -> None:
    case = data.draw(veto_cases(vetoed=True))
    fw = case.build()
    value = data.draw(case.values)
    result = score_of(fw, case.data(value))
    assert result.score == 0
    assert result.trace is not None and result.trace.rule == "veto"
    assert any("否决" in reason for reason in result.trace.reasons)


@given(data=st.data())
def test_without_a_veto_the_inner_rule_scores(data: st.DataObject) -> None:
    case = data.draw(veto_cases(vetoed=False))
    inner = framework(case.rule["rule"], case.weight, case.precision, inputs=dict(case.inputs))
    value = data.draw(case.values)
    with_veto = score_of(case.build(), case.data(value))
    alone = score_of(inner, {k: v for k, v in case.data(value).items() if k != VETO_FLAG})
    assert with_veto.score == alone.score
    assert with_veto.source == alone.source


def test_veto_condition_may_be_a_formula_over_counts() -> None:
    """003 B22 "…一旦存在该指标不得分": a veto around the indicator's own rule."""
    rule = {"kind": "veto", "when": "违规项目数 > 0", "rule": {"kind": "judgment"}}
    fw = framework(rule, Decimal(3), inputs={"违规项目数": {"type": "integer", "min": 0}})
    assert score_of(fw, {VALUE_KEY: 3, "违规项目数": 0}).score == 3
    assert score_of(fw, {VALUE_KEY: 3, "违规项目数": 2}).score == 0


# ----------------------------------------------------------------------------- capping


def test_scores_above_the_weight_are_capped_and_said_so() -> None:
    """004 A22 "三公经费变动率（2分）" whose rule says 计5分: the score is capped at 2."""
    rule = {"kind": "deduction", "bound": 0, "side": "above", "points": 1, "full": 5}
    fw = framework({**rule, "step_mode": "continuous"}, Decimal(2))
    result = score_of(fw, {VALUE_KEY: "-10"})
    assert result.score == 2
    assert result.trace is not None and result.trace.capped and result.trace.points == 5
    assert [f.check for f in fw.findings if f.code == CODE] == ["rule-exceeds-weight"]


def test_weight_finer_than_precision_is_reported() -> None:
    """A full 1.125 rounds half-up to 1.13 at precision 2, above the weight: lint says so."""
    fw = framework({"kind": "judgment"}, Decimal("1.125"), 2)
    assert [f.check for f in fw.findings if f.code == CODE] == ["weight-precision"]
    assert not framework({"kind": "judgment"}, Decimal("1.125"), 3).findings
    assert not framework({"kind": "judgment"}, Decimal("10"), 0).findings
