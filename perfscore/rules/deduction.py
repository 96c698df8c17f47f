"""Deductions: points lost per step beyond a bound, and points lost per counted case."""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ..numbers import ZERO
from .base import BuildContext, Context, Outcome, Rewards, Rule, register
from .possible import PossiblePoints
from .wording import criterion_unit, difference_unit, exact, show, with_unit

_SIDE_WORDS = {"above": "超过", "below": "低于", "both": "偏离"}
STEP_MODES = ("continuous", "floor", "ceil")
#: how a 评分标准 says a step mode (import reads each back)
_MODE_WORDS = {"continuous": "不足{step}的按比例扣分", "floor": "不足{step}的不扣分",
               "ceil": "不足{step}的按{step}计算"}


def _per_step(spec: Mapping[str, Any], build: BuildContext) -> Decimal:
    """Points lost per step: given directly (`points`) or as a share of the weight."""
    if ("points" in spec) == ("weight_fraction" in spec):
        raise build.error("give exactly one of 'points' and 'weight_fraction'")
    if "points" in spec:
        return build.number(spec, "points")
    return build.number(spec, "weight_fraction") * build.weight


def _percent(spec: Mapping[str, Any]) -> str:
    """A `weight_fraction` as the percent a 评分标准 writes (0.05 → 5), exactly as declared."""
    return exact(Decimal(str(spec["weight_fraction"])) * 100)


@register
class StepDeduction(Rule):
    """Full marks on the good side of a bound; beyond it, lose points per step, down to zero.

    "≤100%计满分；每超过一个百分点扣0.5分，扣完为止" is bound 100, side above, step 1, points 0.5.
    `step_mode` must say how a partial step counts: continuous (2.5 steps cost 2.5 × points),
    floor (whole steps only: 2) or ceil (any part of a step counts: 3). No default: the prose is
    ambiguous, so the framework must decide.
    """

    kind = "deduction"
    description = "每超过/低于（偏离）界限一个步长扣若干分，扣完为止"
    reads_record = False

    def __init__(self, spec: Mapping[str, Any], build: BuildContext) -> None:
        super().__init__(spec, build)
        self.bound = build.number(spec, "bound")
        self.side: str = spec.get("side", "")
        if self.side not in _SIDE_WORDS:
            raise build.error("'side' must be above, below or both", "rule.side")
        self.step = build.number(spec, "step", 1)
        if self.step <= 0:
            raise build.error("'step' must be positive", "rule.step")
        self.per_step = _per_step(spec, build)
        self.mode: str = spec.get("step_mode", "")
        if self.mode not in STEP_MODES:
            raise build.error(
                "'step_mode' must be continuous, floor or ceil (the source's wording is "
                "ambiguous, so the framework must say)",
                "rule.step_mode",
            )
        self.full = build.number(spec, "full", build.weight)

    def excess(self, value: Decimal) -> Decimal:
        if self.side == "above":
            return value - self.bound
        if self.side == "below":
            return self.bound - value
        return abs(value - self.bound)

    def steps(self, excess: Decimal) -> Decimal:
        steps = excess / self.step
        if self.mode == "floor":
            return Decimal(math.floor(steps))
        if self.mode == "ceil":
            return Decimal(math.ceil(steps))
        return steps

    def deduction(self, excess: Decimal) -> Decimal:
        """Points lost for `excess` beyond the bound (0 when not beyond it)."""
        return self.steps(excess) * self.per_step if excess > 0 else ZERO

    def points(self, value: Decimal, ctx: Context) -> Decimal:
        deduct = self.deduction(self.excess(value))
        return ZERO if deduct >= self.full else self.full - deduct

    def score(self, value: Decimal, ctx: Context) -> Outcome:
        excess = self.excess(value)
        word = _SIDE_WORDS[self.side]
        if excess <= 0:
            return Outcome(
                self.full,
                (
                    f"{with_unit(value, ctx.unit)}，未{word}{show(self.bound)}"
                    f"{ctx.unit}，计满分{show(self.full)}分",
                ),
            )
        deduct = self.deduction(excess)
        unit = difference_unit(ctx.unit)
        reason = (
            f"{with_unit(value, ctx.unit)}，{word}{show(self.bound)}{ctx.unit}"
            f"共{show(excess)}{unit}，"
            f"每{word}{show(self.step)}{unit}扣{show(self.per_step)}分，扣{show(deduct)}分"
        )
        if deduct >= self.full:
            return Outcome(ZERO, (reason + "，扣完为止",), self.full)
        return Outcome(self.full - deduct, (reason,), deduct)

    def max_points(self) -> Decimal:
        return self.full

    def criterion(self, unit: str) -> str:
        if self.bound < 0:
            return self.description
        shown = criterion_unit(unit)
        step = f"{exact(self.step)}{difference_unit(shown)}"
        full = "满分" if self.full == self.weight else f"{exact(self.full)}分"
        per = (f"扣{exact(self.per_step)}分" if "points" in self.spec
               else f"扣权重分的{_percent(self.spec)}%")
        mode = _MODE_WORDS[self.mode].format(step=step)
        word = _SIDE_WORDS[self.side]
        return f"{exact(self.bound)}{shown}计{full}，每{word}{step}{per}，{mode}，扣完为止"

    def possible_points(self) -> PossiblePoints:
        if self.mode == "continuous" or self.per_step <= 0:
            return super().possible_points()
        steps = math.ceil(self.full / self.per_step)  # whole steps: full, full - per_step, … 0
        return PossiblePoints.of(
            [*(max(self.full - k * self.per_step, ZERO) for k in range(steps + 1)), ZERO]
        )

    def rewards(self) -> Rewards:
        if self.side == "above":
            return "lower"
        return "higher" if self.side == "below" else None

    def landmarks(self) -> list[Decimal]:
        marks = [self.bound]
        for k in (1, 2):
            marks += [self.bound + k * self.step, self.bound - k * self.step]
        return marks


@register
class CountDeduction(Rule):
    """Lose points for each counted case (违规、不达标), down to zero; optionally zero at N cases.

    "每出现一例不符合要求的扣0.5分，扣完为止" is points 0.5.
    "每一项不达标扣权重分的20%；三项不达标则为零分" is weight_fraction 0.2, zero_at 3.
    """

    kind = "count"
    value_type = "count"
    description = "每出现一例（一项）扣若干分或权重的一定比例，扣完为止；达到N例为零分"
    reads_record = False

    def __init__(self, spec: Mapping[str, Any], build: BuildContext) -> None:
        super().__init__(spec, build)
        self.per_case = _per_step(spec, build)
        self.zero_at = spec.get("zero_at")
        if self.zero_at is not None and (not isinstance(self.zero_at, int) or self.zero_at < 1):
            raise build.error("'zero_at' must be a whole number of cases ≥ 1", "rule.zero_at")

    def zeroes(self, cases: Decimal) -> bool:
        """Whether `cases` reach the count at which the indicator scores zero."""
        return self.zero_at is not None and cases >= self.zero_at

    def points(self, value: Decimal, ctx: Context) -> Decimal:
        if value == 0:
            return self.weight
        if self.zeroes(value):
            return ZERO
        deduct = value * self.per_case
        return ZERO if deduct >= self.weight else self.weight - deduct

    def score(self, value: Decimal, ctx: Context) -> Outcome:
        if value == 0:
            return Outcome(self.weight, ("无扣分情形，计满分",))
        if self.zeroes(value):
            reason = f"共{show(value)}项（例），达到{self.zero_at}项，该指标为零分"
            return Outcome(ZERO, (reason,), self.weight)
        deduct = value * self.per_case
        reason = f"共{show(value)}项（例），每项扣{show(self.per_case)}分，扣{show(deduct)}分"
        if deduct >= self.weight:
            return Outcome(ZERO, (reason + "，扣完为止",), self.weight)
        return Outcome(self.weight - deduct, (reason,), deduct)

    def max_points(self) -> Decimal:
        return self.weight

    def criterion(self, unit: str) -> str:
        per = (f"扣{exact(self.per_case)}分" if "points" in self.spec
               else f"扣权重分的{_percent(self.spec)}%")
        zero = f"；达到{self.zero_at}项（例）则为零分" if self.zero_at is not None else ""
        return f"每出现一例{per}，扣完为止{zero}"

    def possible_points(self) -> PossiblePoints:
        reachable = [self.weight, ZERO]  # no case; zero_at reached or everything deducted
        cases = 0
        while True:
            cases += 1
            if self.zero_at is not None and cases >= self.zero_at:
                break
            left = self.weight - cases * self.per_case
            if left <= 0 or self.per_case <= 0:
                break
            reachable.append(left)
        return PossiblePoints.of(reachable)

    def rewards(self) -> Rewards:
        return "lower"

    def landmarks(self) -> list[Decimal]:
        marks = [Decimal(0), Decimal(1)]
        if self.zero_at:
            marks += [Decimal(self.zero_at - 1), Decimal(self.zero_at)]
        return marks
