"""Invariants every evaluation must satisfy, as assertions a user calls in their own tests.

    result = fw.evaluate(data)
    assert_invariants(fw, result)        # scores in range, roll-up, total, grade, rounding
    assert_deterministic(fw, data)       # same data, same result, data left untouched
    assert_monotone(fw, data, "B11")     # 正向/反向 indicators move the declared way

Each raises `InvariantError` (an AssertionError) listing every violation it found.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..engine.points import finish
from ..errors import PerfscoreError
from ..numbers import ZERO, plain, round_half_up
from ..values import read_number
from ._formulas import NUMERIC, field_accepts, fields_read, solve
from ._precision import roundings

if TYPE_CHECKING:
    from ..framework import Framework, Indicator
    from ..result import IndicatorResult, Result


class InvariantError(AssertionError):
    """An invariant does not hold. `violations` lists each one, in words."""

    def __init__(self, violations: list[str]) -> None:
        super().__init__("\n".join(violations))
        self.violations = violations


def _raise(violations: list[str]) -> None:
    if violations:
        raise InvariantError(violations)


def _allowed_maximum(node: IndicatorResult) -> Decimal:
    """A node's score may reach its weight — or, where the weights of its children do not add up
    to it (a drafting error `perfscore lint` reports as [weights]), what its children may reach,
    since scores are summed as they are, never silently capped. Taken from the result, whose
    tree includes rows expanded from the data."""
    if node.children:
        return max(node.weight, sum((_allowed_maximum(c) for c in node.children), ZERO))
    return node.weight


def check_scores_within_weights(fw: Framework, result: Result) -> list[str]:
    out = []
    for node in result.walk():
        high = _allowed_maximum(node)
        if not ZERO <= node.score <= high:
            out.append(
                f"{node.code} {node.name}: score {plain(node.score)} is outside "
                f"[0, {plain(high)}] / 得分超出[0, 分值]"
            )
    return out


def check_parents_sum(result: Result) -> list[str]:
    out = []
    for node in result.walk():
        if node.children:
            total = sum((c.score for c in node.children), ZERO)
            if node.score != total:
                out.append(
                    f"{node.code} {node.name}: score {plain(node.score)} is not the sum of its "
                    f"children's {plain(total)} / 上级得分不等于下级得分之和"
                )
    return out


def check_total(fw: Framework, result: Result) -> list[str]:
    out = []
    roots = sum((r.score for r in result.indicators), ZERO)
    if result.total != roots:
        out.append(
            f"total {plain(result.total)} is not the sum of the top-level scores "
            f"{plain(roots)} / 总分不等于一级指标得分之和"
        )
    high = max(fw.total, sum((_allowed_maximum(r) for r in result.indicators), ZERO))
    if not ZERO <= result.total <= high:
        out.append(f"total {plain(result.total)} is outside [0, {plain(high)}] / 总分超出范围")
    return out


def expected_grade(fw: Framework, total: Decimal) -> str | None:
    """The band whose half-open interval [min, next min) holds `total`; None below every band."""
    best = None
    for grade in fw.grades:
        if total >= grade.minimum and (best is None or grade.minimum > best.minimum):
            best = grade
    return best.name if best else None


def check_grade(fw: Framework, result: Result) -> list[str]:
    """The result's grade is the band holding its total; and, since a random total seldom lands
    on a band's edge, the framework grades each band's own minimum, and one cent below it, into
    the right band (89.99 is 良, 90 is 优)."""
    out = []
    want = expected_grade(fw, result.total)
    if result.grade != want:
        out.append(
            f"total {plain(result.total)} lies in band {want!r} but the grade is "
            f"{result.grade!r} / 等级与分数段不符"
        )
    cent = Decimal(1).scaleb(-fw.precision)
    for band in fw.grades:
        for total in (band.minimum, band.minimum - cent):
            if total >= 0 and fw.grade_of(total) != expected_grade(fw, total):
                out.append(
                    f"a total of {plain(total)} is graded {fw.grade_of(total)!r}, but lies in "
                    f"band {expected_grade(fw, total)!r} / 分数段边界处等级不符"
                )
    return out


def check_rounding(fw: Framework, result: Result) -> list[str]:
    """Every leaf's score is its rule's points, capped to [0, weight] and rounded at its
    precision and rounding mode (the framework's, or its own or an ancestor's), and never above
    its weight; the trace's deduction is what the score lost."""
    out = []
    modes = roundings(fw, result)
    for node in result.walk():
        places, mode = modes[node.code]
        if node.score != round_half_up(node.score, places, "down"):
            out.append(f"{node.code}: score {node.score} has more than {places} decimal places")
        trace = node.trace
        if not node.is_leaf or trace is None or trace.points is None:
            continue
        if node.score > node.weight:
            out.append(
                f"{node.code}: score {plain(node.score)} is above its weight "
                f"{plain(node.weight)} / 得分超过分值"
            )
        if node.score != finish(trace.points, node.weight, places, mode):
            out.append(
                f"{node.code}: the rule gave {plain(trace.points)} points but the score is "
                f"{plain(node.score)} / 得分与规则计分不符"
            )
        if trace.deducted != node.weight - node.score:
            out.append(
                f"{node.code}: the trace says {plain(trace.deducted)} deducted, but "
                f"{plain(node.weight)} - {plain(node.score)} = {plain(node.weight - node.score)}"
            )
    return out


def assert_scores_within_weights(fw: Framework, result: Result) -> None:
    """Every indicator's score lies within [0, its weight]."""
    _raise(check_scores_within_weights(fw, result))


def assert_parents_sum(result: Result) -> None:
    """Every parent's score is exactly the sum of its children's."""
    _raise(check_parents_sum(result))


def assert_total_in_range(fw: Framework, result: Result) -> None:
    """The total is the sum of the top-level scores and lies within [0, the framework's total]."""
    _raise(check_total(fw, result))


def assert_grade_consistent(fw: Framework, result: Result) -> None:
    """The grade is the band (half-open: 89.5 is 良 when 优 starts at 90) holding the total."""
    _raise(check_grade(fw, result))


def assert_rounding(fw: Framework, result: Result) -> None:
    _raise(check_rounding(fw, result))


def assert_invariants(fw: Framework, result: Result) -> None:
    """All the invariants of one result: scores within weights, parents the sum of their
    children, total in range, grade matching its band, rounding at the declared precision."""
    _raise(
        [
            *check_scores_within_weights(fw, result),
            *check_parents_sum(result),
            *check_total(fw, result),
            *check_grade(fw, result),
            *check_rounding(fw, result),
        ]
    )


# --------------------------------------------------------------------------- determinism


def _fingerprint(fw: Framework, data: Any) -> Any:
    try:
        result = fw.evaluate(data)
    except PerfscoreError as exc:
        return ("error", type(exc).__name__, str(exc), exc.field, exc.path)
    nodes = [
        (n.code, n.score, n.value, n.source, n.trace.reasons if n.trace else None)
        for n in result.walk()
    ]
    findings = [str(f) for f in result.findings]
    return ("result", result.total, result.grade, nodes, findings)


def assert_deterministic(fw: Framework, data: Mapping[str, Any], *, reload: bool = False) -> None:
    """Evaluating `data` gives the same result (or the same error) every time: twice in a row,
    from a copy with its keys in reverse order, and — with `reload`, which costs a load of the
    framework file each time — from a freshly loaded copy of the framework; and evaluation
    leaves `data` unchanged."""
    before = copy.deepcopy(dict(data))
    first = _fingerprint(fw, data)
    violations = []
    if dict(data) != before:
        violations.append("evaluation changed the data it was given / 评分修改了输入数据")
    tries: list[tuple[str, Framework, Any]] = [
        ("a second evaluation", fw, data),
        ("the same data with keys in reverse order", fw, dict(reversed(list(before.items())))),
    ]
    if reload and fw.file:
        from ..framework import load_framework

        tries.append(("a freshly loaded framework", load_framework(fw.file), copy.deepcopy(before)))
    for what, framework, again in tries:
        other = _fingerprint(framework, again)
        if other != first:
            violations.append(
                f"{what} gave a different result / 结果不确定:\n"
                f"  first: {first!r}\n  then: {other!r}"
            )
    _raise(violations)


# --------------------------------------------------------------------------- monotonicity

_WANTED = {"positive": 1, "negative": -1}
_WORDS = {"positive": "正向 (higher is better)", "negative": "反向 (lower is better)"}


@dataclass(frozen=True)
class _Point:
    value: Decimal
    score: Decimal
    change: str  # which input was moved, and to what


_Variable = tuple[str, Decimal, Decimal | None, bool, str]


def _variables(fw: Framework, leaf: Indicator) -> Iterator[_Variable]:
    """(name, minimum, maximum, whole numbers only, unit) of each input moving `leaf`'s value."""
    if leaf.formula is not None:
        for name in sorted(fields_read(fw, leaf.formula)):
            field = fw.fields[name]
            if field.type in NUMERIC:
                low = field.minimum if field.minimum is not None else Decimal(-(10**6))
                yield name, low, field.maximum, field.type == "integer", field.unit
        return
    spec = leaf.value_spec()
    if spec.value_type in ("number", "count", "points"):
        low = spec.minimum if spec.minimum is not None else Decimal(-(10**6))
        if spec.value_type == "count":
            low = max(low, ZERO)
        yield spec.name, low, spec.maximum, spec.value_type == "count", ""


def _candidates(
    fw: Framework, leaf: Indicator, name: str, current: Decimal, values: dict[str, Any]
) -> list[Decimal]:
    cent, one = Decimal("0.01"), Decimal(1)
    found = [current - one, current + one, current - cent, current + cent]
    found += [current * Decimal("0.9"), current * Decimal("1.1"), current / 2, current * 2, ZERO]
    assert leaf.rule is not None
    for mark in leaf.rule.landmarks():
        for target in (mark - cent, mark, mark + cent):
            if leaf.formula is None:
                found.append(target)
            else:
                x = solve(fw, leaf.formula, values, name, target)
                if x is not None:
                    found.append(x)
    return found


def _first_fall(points: list[_Point], sign: int) -> tuple[_Point, _Point] | None:
    """The first pair where a value better by the declared direction scores less than a worse
    one: (the worse value with the higher score, the better value with the lower score)."""
    points = sorted(points, key=lambda p: p.value * sign)
    best: _Point | None = None  # the highest score among strictly worse values seen so far
    group: list[_Point] = []
    for point in points:
        if group and point.value != group[0].value:
            for seen in group:
                if best is None or seen.score > best.score:
                    best = seen
            group = []
        if best is not None and point.score < best.score:
            return best, point
        group.append(point)
    return None


def monotone_violations(
    fw: Framework, data: Mapping[str, Any], code: str, *, direction: str | None = None
) -> list[str]:
    """Where `code`'s score moves against its declared direction when the inputs of its formula
    are nudged one at a time (±1, ±0.01, ×0.9, ×1.1, halved, doubled, zero, and onto and just
    across each landmark of its rule). Empty when the indicator behaves."""
    leaf = fw[code]
    direction = direction or leaf.direction
    if direction not in _WANTED:
        raise ValueError(
            f"indicator {code} declares no direction (positive/negative); pass direction="
        )
    if not leaf.is_leaf:
        raise ValueError(f"indicator {code} is not a leaf")
    base = fw.evaluate(data)[code]  # data that cannot be scored is an error, not a pass
    if not isinstance(base.value, Decimal):
        return []
    sign = _WANTED[direction]
    violations: list[str] = []
    for name, low, high, integer, unit in _variables(fw, leaf):
        if name not in data:
            continue
        try:
            current = read_number(data[name], unit=unit)
        except ValueError:
            continue
        numbers = {
            n: read_number(data[n], unit=fw.fields[n].unit)
            for n in (fields_read(fw, leaf.formula) if leaf.formula else ())
            if fw.fields[n].type in NUMERIC
        }
        points = [_Point(base.value, base.score, f"{name} = {plain(current)}")]
        for x in _candidates(fw, leaf, name, current, numbers):
            if x == current or x < low or (high is not None and x > high):
                continue
            if integer and x != x.to_integral_value():
                continue
            if name in fw.fields and not field_accepts(fw.fields[name], x):
                continue
            moved = {**data, name: int(x) if integer else x}
            try:
                node = fw.evaluate(moved)[code]
            except PerfscoreError:
                continue
            if isinstance(node.value, Decimal):
                points.append(_Point(node.value, node.score, f"{name} = {plain(x)}"))
        worst = _first_fall(points, sign)
        if worst:
            a, b = worst
            violations.append(
                f"{code} {leaf.name} is declared {_WORDS[direction]}, but moving {name}: value "
                f"{plain(a.value)}{leaf.unit} ({a.change}) scores {plain(a.score)} while "
                f"{plain(b.value)}{leaf.unit} ({b.change}) scores {plain(b.score)} / "
                f"指标方向与得分变化相反"
            )
    return violations


def assert_monotone(
    fw: Framework, data: Mapping[str, Any], code: str, *, direction: str | None = None
) -> None:
    """The score of leaf `code` never falls as its value moves the way its declared direction
    (正向 positive: higher is better; 反向 negative: lower is better) calls better — checked by
    nudging the inputs of its formula from `data`. `direction` overrides the declaration."""
    _raise(monotone_violations(fw, data, code, direction=direction))


def directional_leaves(fw: Framework) -> list[str]:
    """Codes of the leaves that declare a direction."""
    return [leaf.code for leaf in fw.leaves() if leaf.direction in _WANTED]


__all__ = [
    "InvariantError",
    "assert_deterministic",
    "assert_grade_consistent",
    "assert_invariants",
    "assert_monotone",
    "assert_parents_sum",
    "assert_rounding",
    "assert_scores_within_weights",
    "assert_total_in_range",
    "directional_leaves",
    "expected_grade",
    "monotone_violations",
]
