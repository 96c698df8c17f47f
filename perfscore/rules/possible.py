"""The points a rule can award, as the rule itself knows them: a finite set or a span.

These are the rule's RAW points, before the engine caps them at the indicator's weight and rounds
them (perfscore.engine.points.finish). Reconciliation (复核) uses them to say when a reported score
is one no application of the rule could give ("评分标准只能给出 5、2、0 分").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from ..numbers import ZERO


@dataclass(frozen=True)
class PossiblePoints:
    """Raw points a rule can award: every point of `finite` (when it is set), or else every
    value in [low, high]. Build one with `PossiblePoints.of(...)` or `PossiblePoints.span(...)`."""

    finite: frozenset[Decimal] | None = None
    low: Decimal = ZERO
    high: Decimal = ZERO

    @classmethod
    def of(cls, points: Iterable[Decimal]) -> PossiblePoints:
        """Exactly these points (at least one)."""
        done = frozenset(points)
        if not done:
            raise ValueError("a finite set of possible points needs at least one point")
        return cls(finite=done, low=min(done), high=max(done))

    @classmethod
    def span(cls, low: Decimal, high: Decimal) -> PossiblePoints:
        """Any points from `low` to `high`, both included."""
        return cls(low=low, high=high)

    @property
    def is_finite(self) -> bool:
        return self.finite is not None

    def __contains__(self, points: object) -> bool:
        if not isinstance(points, Decimal):
            return False
        if self.finite is not None:
            return points in self.finite
        return self.low <= points <= self.high
