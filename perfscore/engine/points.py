"""Points to a score: capped at [0, weight], then rounded 四舍五入 at the framework's precision.

The one place this policy lives: the executor, reconcile's possible scores, explanations and the
invariants in perfscore.testing all call these functions.
"""

from __future__ import annotations

from decimal import Decimal

from ..numbers import ZERO, round_half_up


def cap(points: Decimal, weight: Decimal) -> Decimal:
    """`points` held within [0, weight]."""
    if points <= ZERO:  # -0 too: a score is never "-0.00"
        return ZERO
    return weight if points > weight else points


def finish(points: Decimal, weight: Decimal, precision: int) -> Decimal:
    """The score an indicator of `weight` gets for `points`: capped, then rounded half up."""
    return round_half_up(cap(points, weight), precision)
