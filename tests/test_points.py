"""The one capping-and-rounding policy (perfscore.engine.points), against its definition."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from hypothesis import given
from hypothesis import strategies as st

from perfscore.engine.points import cap, finish

points = st.decimals(min_value=-1000, max_value=1000, places=6)
weights = st.decimals(min_value=0, max_value=100, places=2)


@given(points, weights, st.integers(0, 4))
def test_finish_caps_then_rounds_half_up(p: Decimal, weight: Decimal, precision: int) -> None:
    """Held within [0, weight], rounded half up — and never above the weight: a weight finer
    than the precision (0.05 at one place, an error finding) gives the weight rounded down."""
    held = weight if p > weight else (Decimal(0) if p < 0 else p)
    quantum = Decimal(1).scaleb(-precision)
    want = held.quantize(quantum, rounding=ROUND_HALF_UP)
    if want > weight:
        want = weight.quantize(quantum, rounding=ROUND_DOWN)
    assert finish(p, weight, precision) == want
    assert finish(p, weight, precision) <= weight


def test_cap_and_finish_at_the_edges() -> None:
    assert cap(Decimal("-0.01"), Decimal(5)) == 0
    assert cap(Decimal("5.01"), Decimal(5)) == 5
    assert cap(Decimal("4.99"), Decimal(5)) == Decimal("4.99")
    assert finish(Decimal("2.345"), Decimal(5), 2) == Decimal("2.35")  # half up, not to even
    assert finish(Decimal("2.5"), Decimal(5), 0) == Decimal(3)
    assert finish(Decimal("7"), Decimal(5), 1) == Decimal("5.0")
