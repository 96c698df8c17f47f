"""Rules that read points off a curve of the value: threshold, linear, piecewise, proportional."""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from decimal import Decimal
from itertools import pairwise
from typing import Any

from ..numbers import ZERO
from .base import BuildContext, Context, InputSpec, Outcome, Rewards, Rule, register
from .possible import PossiblePoints
from .wording import criterion_unit, exact, show, with_unit

_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
}
_COMPARE_WORDS = {">=": "≥", ">": "＞", "<=": "≤", "<": "＜", "==": "="}


@register
class Threshold(Rule):
    """All or nothing: `pass` points (default the weight) when `value compare at` holds, else
    `fail` points (default 0) — or, with `otherwise: judgment`, the evaluator's judgment.

    "≤100%得满分，有超出不得分" is compare <=, at 100. "社保基金征缴率≥100%,得满分" (the rule is
    silent below) is compare >=, at 100, otherwise judgment: the judgment input, named by
    `judgment_input` (default: the indicator's code), must lie within [0, weight].
    """

    kind = "threshold"
    description = "达到界限得满分（或规定分值），否则不得分或由评价人酌情评分"

    def __init__(self, spec: Mapping[str, Any], build: BuildContext) -> None:
        super().__init__(spec, build)
        self.compare: str = spec.get("compare", "")
        if self.compare not in _COMPARE:
            raise build.error("'compare' must be one of >=, >, <=, <, ==", "rule.compare")
        self.at = build.number(spec, "at")
        self.passed = build.number(spec, "pass", build.weight)
        self.otherwise = spec.get("otherwise")
        if self.otherwise not in (None, "judgment"):
            raise build.error("'otherwise' can only be 'judgment'", "rule.otherwise")
        self.failed = build.number(spec, "fail", 0)
        self.judgment_input = spec.get("judgment_input", build.code)
        self._test = _COMPARE[self.compare]
        self.reads_record = self.otherwise == "judgment"

    def _judgment_spec(self) -> InputSpec:
        return InputSpec(
            self.judgment_input, "points", ZERO, self.weight, description="未达标时评价人评分"
        )

    def passes(self, value: Decimal) -> bool:
        return self._test(value, self.at)

    def points(self, value: Decimal, ctx: Context) -> Decimal:
        if self.passes(value):
            return self.passed
        if self.otherwise == "judgment":
            points: Decimal = ctx.read(self._judgment_spec())
            return points
        return self.failed

    def score(self, value: Decimal, ctx: Context) -> Outcome:
        condition = f"{_COMPARE_WORDS[self.compare]}{show(self.at)}{ctx.unit}"
        if self.passes(value):
            return Outcome(
                self.passed,
                (f"{with_unit(value, ctx.unit)}，{condition}，得{show(self.passed)}分",),
            )
        if self.otherwise == "judgment":
            points = ctx.read(self._judgment_spec())
            reason = (
                f"{with_unit(value, ctx.unit)}，未达到{condition}，评价人酌情评{show(points)}分"
            )
            return Outcome(points, (reason,), source="judgment")
        reason = f"{with_unit(value, ctx.unit)}，未达到{condition}，得{show(self.failed)}分"
        return Outcome(self.failed, (reason,), max(self.passed - self.failed, ZERO))

    def max_points(self) -> Decimal:
        return self.weight if self.otherwise == "judgment" else max(self.passed, self.failed)

    def possible_points(self) -> PossiblePoints:
        if self.otherwise is None:  # all or nothing
            return PossiblePoints.of([self.passed, self.failed])
        return super().possible_points()

    def inputs(self) -> list[InputSpec]:
        return [self._judgment_spec()] if self.otherwise == "judgment" else []

    def criterion(self, unit: str) -> str:
        if self.at < 0:
            return self.description
        passed = "满分" if self.passed == self.weight else f"{exact(self.passed)}分"
        if self.otherwise == "judgment":
            failed = "否则酌情评分"
        else:
            failed = "否则不得分" if self.failed == 0 else f"否则得{exact(self.failed)}分"
        condition = f"{_COMPARE_WORDS[self.compare]}{exact(self.at)}{criterion_unit(unit)}"
        return f"{condition}得{passed}，{failed}"

    def rewards(self) -> Rewards:
        if self.otherwise == "judgment" or self.passed < self.failed:
            return None
        if self.compare in (">=", ">"):
            return "higher"
        return "lower" if self.compare in ("<=", "<") else None

    def landmarks(self) -> list[Decimal]:
        return [self.at]


def _interpolate(points: list[tuple[Decimal, Decimal]], value: Decimal) -> Decimal:
    """Piecewise-linear through `points` (sorted by x), flat beyond both ends."""
    if value <= points[0][0]:
        return points[0][1]
    for (x0, y0), (x1, y1) in pairwise(points):
        if value <= x1:
            return y0 + (y1 - y0) * (value - x0) / (x1 - x0)
    return points[-1][1]


@register
class Piecewise(Rule):
    """Points read off a table of (value, points) pairs, linear between them and flat beyond.

    "考核得分100分，得满分1分；低于95分，0.95分；介于95分与100分之间，按比例扣分" is the table
    [[95, 0.95], [100, 1]].
    """

    kind = "piecewise"
    description = "按分段线性表计分：表中各点之间按比例，两端以外取端点分值"
    reads_record = False

    def __init__(self, spec: Mapping[str, Any], build: BuildContext) -> None:
        super().__init__(spec, build)
        table = spec.get("table")
        if not isinstance(table, list) or len(table) < 2:
            raise build.error("'table' needs at least two [value, points] pairs", "rule.table")
        self.table = [self._pair(row, build, i) for i, row in enumerate(table)]
        xs = [x for x, _ in self.table]
        if any(b <= a for a, b in pairwise(xs)):
            raise build.error("'table' values must increase strictly", "rule.table")

    @staticmethod
    def _pair(row: Any, build: BuildContext, i: int) -> tuple[Decimal, Decimal]:
        if not isinstance(row, list) or len(row) != 2:
            raise build.error("each row must be [value, points]", f"rule.table[{i}]")
        spec = {"x": row[0], "y": row[1]}
        return build.number(spec, "x"), build.number(spec, "y")

    def points(self, value: Decimal, ctx: Context) -> Decimal:
        return _interpolate(self.table, value)

    def score(self, value: Decimal, ctx: Context) -> Outcome:
        points = self.points(value, ctx)
        table = "；".join(f"{show(x)}{ctx.unit}得{show(y)}分" for x, y in self.table)
        return Outcome(
            points,
            (f"{with_unit(value, ctx.unit)}，按分段标准（{table}，其间按比例）得{show(points)}分",),
        )

    def max_points(self) -> Decimal:
        return max(y for _, y in self.table)

    def rewards(self) -> Rewards:
        ys = [y for _, y in self.table]
        if all(b >= a for a, b in pairwise(ys)):
            return "higher"
        if all(b <= a for a, b in pairwise(ys)):
            return "lower"
        return None

    def landmarks(self) -> list[Decimal]:
        return [x for x, _ in self.table]


@register
class Linear(Rule):
    """Full marks at `full_at`, zero at `zero_at`, linear between, flat beyond.

    "≤100%得满分，≥120%得0分，区间内按权重进行扣分" is full_at 100, zero_at 120.
    """

    kind = "linear"
    description = "界限内得满分，超过另一界限得0分，区间内按比例扣分"
    reads_record = False

    def __init__(self, spec: Mapping[str, Any], build: BuildContext) -> None:
        super().__init__(spec, build)
        self.full_at = build.number(spec, "full_at")
        self.zero_at = build.number(spec, "zero_at")
        if self.full_at == self.zero_at:
            raise build.error("'full_at' and 'zero_at' must differ", "rule.zero_at")
        self.full = build.number(spec, "full", build.weight)
        ends = [(self.full_at, self.full), (self.zero_at, ZERO)]
        self.curve = sorted(ends)

    def points(self, value: Decimal, ctx: Context) -> Decimal:
        return _interpolate(self.curve, value)

    def score(self, value: Decimal, ctx: Context) -> Outcome:
        points = self.points(value, ctx)
        reason = (
            f"{with_unit(value, ctx.unit)}；{show(self.full_at)}{ctx.unit}得满分，"
            f"{show(self.zero_at)}{ctx.unit}得0分，区间内按比例计分，得{show(points)}分"
        )
        return Outcome(points, (reason,), self.full - points)

    def max_points(self) -> Decimal:
        return self.full

    def rewards(self) -> Rewards:
        return "lower" if self.full_at < self.zero_at else "higher"

    def criterion(self, unit: str) -> str:
        if min(self.full_at, self.zero_at) < 0:
            return self.description
        shown = criterion_unit(unit)
        full, zero = ("≤", "≥") if self.full_at < self.zero_at else ("≥", "≤")
        points = "满分" if self.full == self.weight else f"{exact(self.full)}分"
        return (f"{full}{exact(self.full_at)}{shown}得{points}，{zero}{exact(self.zero_at)}{shown}"
                "得0分，区间内按比例扣分")

    def landmarks(self) -> list[Decimal]:
        return [self.full_at, self.zero_at, (self.full_at + self.zero_at) / 2]


@register
class Proportional(Rule):
    """value / target × full (default the weight), capped at full and floored at zero.

    项目支出自评表's 预算执行率 (10分) is target 100: 执行率 96% earns 9.6.
    """

    kind = "proportional"
    description = "按完成值与目标值的比例计分（完成值/目标值×分值），最高为满分"
    reads_record = False

    def __init__(self, spec: Mapping[str, Any], build: BuildContext) -> None:
        super().__init__(spec, build)
        self.target = build.number(spec, "target", 100)
        if self.target <= 0:
            raise build.error("'target' must be positive", "rule.target")
        self.full = build.number(spec, "full", build.weight)

    def points(self, value: Decimal, ctx: Context) -> Decimal:
        share = min(max(value / self.target, ZERO), Decimal(1))
        return share * self.full

    def score(self, value: Decimal, ctx: Context) -> Outcome:
        points = self.points(value, ctx)
        reason = (
            f"{with_unit(value, ctx.unit)}，按{show(value)}/{show(self.target)}×"
            f"{show(self.full)}计分，得{show(points)}分"
        )
        return Outcome(points, (reason,), self.full - points)

    def max_points(self) -> Decimal:
        return self.full

    def rewards(self) -> Rewards:
        return "higher"

    def criterion(self, unit: str) -> str:
        if self.target == 100 and self.full == self.weight:
            return "按照完成值与指标值的比例记分，最高为满分"
        return self.description

    def landmarks(self) -> list[Decimal]:
        return [ZERO, self.target]
