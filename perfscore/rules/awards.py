"""What one band of `tiers` or one case of `cases` awards: points as written ("计4分"), a share of
the weight ("得权重分的80%"), or the evaluator's judgment within a range ("视情况在该档内酌情").

Exactly one of `points`, `weight_fraction` and `judgment: {min, max}` is given: the range of a
judgment has no default, since the prose that allows it always states the band's points.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..numbers import ZERO
from .base import BuildContext, Context, InputSpec
from .possible import PossiblePoints

_KEYS = ("points", "weight_fraction", "judgment")


@dataclass(frozen=True)
class Award:
    """Points from `low` to `high`: fixed (low == high) unless the evaluator judges them."""

    low: Decimal
    high: Decimal
    judged: bool = False


def read_award(spec: Mapping[str, Any], build: BuildContext, where: str) -> Award:
    """The award of the band or case `spec`, declared at `where` ("rule.bands[2]")."""
    given = [key for key in _KEYS if key in spec]
    if len(given) != 1:
        raise build.error("give exactly one of 'points', 'weight_fraction' and 'judgment'", where)
    if "points" in spec:
        points = build.number(spec, "points")
    elif "weight_fraction" in spec:
        points = build.number(spec, "weight_fraction") * build.weight
    else:
        judgment = spec["judgment"]
        if not isinstance(judgment, Mapping) or "min" not in judgment or "max" not in judgment:
            raise build.error(
                "'judgment' must give the band's range: {min: …, max: …}", f"{where}.judgment"
            )
        low, high = build.number(judgment, "min"), build.number(judgment, "max")
        if low < 0 or high < low:
            raise build.error("need 0 ≤ min ≤ max", f"{where}.judgment")
        return Award(low, high, judged=True)
    if points < 0:
        raise build.error("points must not be negative", where)
    return Award(points, points)


class Judgments:
    """The one data key that holds the evaluator's judgment of a rule's judged awards (default:
    the indicator's code, as for threshold's `otherwise: judgment`), checked within the range of
    the award that applies."""

    def __init__(self, spec: Mapping[str, Any], build: BuildContext, awards: Iterable[Award]):
        judged = [award for award in awards if award.judged]
        self.name = str(spec.get("judgment_input", build.code))
        self.any = bool(judged)
        self.low = min((a.low for a in judged), default=ZERO)
        self.high = max((a.high for a in judged), default=ZERO)

    def spec(self, award: Award | None = None) -> InputSpec:
        low, high = (award.low, award.high) if award is not None else (self.low, self.high)
        return InputSpec(self.name, "points", low, high, description="该档（情形）内评价人酌情评分")

    def inputs(self) -> list[InputSpec]:
        return [self.spec()] if self.any else []

    def points(self, award: Award, ctx: Context) -> Decimal:
        if not award.judged:
            return award.low
        points: Decimal = ctx.read(self.spec(award))
        return points


def possible(awards: Iterable[Award]) -> PossiblePoints:
    """Every raw point the awards can give: the fixed points, or the span of them all when one
    of them is judged (a span takes in the fixed points too)."""
    awards = list(awards)
    if any(award.judged for award in awards):
        return PossiblePoints.span(min(a.low for a in awards), max(a.high for a in awards))
    return PossiblePoints.of(award.low for award in awards)
