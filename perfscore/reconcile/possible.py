"""The scores a rule can give in an indicator: the rule's possible points, capped and rounded.

The rule says which raw points it can award (`Rule.possible_points`); this module applies the
engine's one cap-and-round policy (`perfscore.engine.points.finish`) to them, and knows no rule
kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from ..engine.points import finish
from ..numbers import ZERO, plain

if TYPE_CHECKING:
    from ..rules import Rule


@dataclass(frozen=True)
class Possible:
    """The scores a rule can give, after capping at the weight and rounding: a finite set
    (checklists, counts, whole-step deductions, all-or-nothing thresholds) or a range."""

    points: tuple[Decimal, ...] = ()  # a finite set, highest first; empty for a range
    low: Decimal = ZERO
    high: Decimal = ZERO

    def __contains__(self, score: object) -> bool:
        if not isinstance(score, Decimal):
            return False
        if self.points:
            return score in self.points
        return self.low <= score <= self.high

    def describe(self) -> str:
        if self.points:
            return "、".join(plain(p) for p in self.points)
        return f"{plain(self.low)}–{plain(self.high)}"


def possible_scores(rule: Rule, weight: Decimal, precision: int, mode: str = "half_up") -> Possible:
    """What `rule` can award in an indicator of `weight` points, as the engine would score it
    (rounded at the indicator's precision and `mode`)."""
    raw = rule.possible_points()
    if raw.finite is not None:
        done = {finish(p, weight, precision, mode) for p in raw.finite}
        return Possible(points=tuple(sorted(done, reverse=True)))
    return Possible(
        low=finish(raw.low, weight, precision, mode), high=finish(raw.high, weight, precision, mode)
    )
