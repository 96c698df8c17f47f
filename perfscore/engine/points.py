"""Points to a score: capped at [0, weight], then rounded at the indicator's precision and
rounding mode (四舍五入 unless the framework declares 去尾 or 进一), and never above the weight.

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


def finish(points: Decimal, weight: Decimal, precision: int, mode: str = "half_up") -> Decimal:
    """The score an indicator of `weight` gets for `points`: capped, then rounded (`mode`: half_up,
    down or up). A weight finer than the precision (22.5 at precision 0, an error finding of
    lint or of the rows) would round above itself: the score is then the weight rounded down."""
    score = round_half_up(cap(points, weight), precision, mode)
    if score > weight:
        return round_half_up(weight, precision, "down")
    return score
