"""Checklists of 评价要点: earn points per point met, or lose points per point missed."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ..numbers import ZERO
from .base import BuildContext, Context, InputSpec, Outcome, Rule, register
from .possible import PossiblePoints
from .wording import exact, numbered, point_named, show

#: Up to this many items, `possible_points` lists every sum of items (2**24 subsets at most);
#: beyond it, it gives the span [0, max_points()].
_MAX_CHECKLIST_ITEMS = 24


@register
class Checklist(Rule):
    """Named items (评价要点), each worth its own points.

    mode earn: the score is the sum of the points of the items met ("每项指标评价要点加2分";
    "①…得0.5分；②…得1分"). mode lose: full marks (default the weight) less the points of each
    item missed, down to zero ("每缺一项扣1分，扣完为止"). The value is the list of item ids met.
    """

    kind = "checklist"
    value_type = "items"
    description = "评价要点清单：每满足一项得分，或每缺一项扣分（扣完为止）"
    reads_record = False

    def __init__(self, spec: Mapping[str, Any], build: BuildContext) -> None:
        super().__init__(spec, build)
        self.mode = spec.get("mode")
        if self.mode not in ("earn", "lose"):
            raise build.error("'mode' must be earn or lose", "rule.mode")
        default = spec.get("points")
        items = spec.get("items")
        if not isinstance(items, list) or not items:
            raise build.error("'items' must list at least one item", "rule.items")
        self.items: dict[str, tuple[str, Decimal]] = {}
        for i, item in enumerate(items):
            item_id = str(item.get("id", i + 1))
            if item_id in self.items:
                raise build.error(f"item id {item_id!r} is used twice", f"rule.items[{i}].id")
            points = build.number(item, "points", default)
            self.items[item_id] = (str(item.get("text", "")), points)
        self.full = build.number(spec, "full", build.weight) if self.mode == "lose" else None

    def value_spec(self, name: str) -> InputSpec:
        return InputSpec(name, "items", items=tuple(self.items))

    def total(self, ids: list[str]) -> Decimal:
        """The points of the items `ids`, added up."""
        return sum((self.items[i][1] for i in ids), ZERO)

    def points(self, value: frozenset[str], ctx: Context) -> Decimal:
        if self.mode == "earn":
            return self.total([i for i in self.items if i in value])
        assert self.full is not None
        lost = self.total([i for i in self.items if i not in value])
        return ZERO if lost >= self.full else self.full - lost

    def score(self, value: frozenset[str], ctx: Context) -> Outcome:
        met = [i for i in self.items if i in value]
        missed = [i for i in self.items if i not in value]
        if self.mode == "earn":
            points = self.total(met)
            reasons = tuple(f"{self.named(i)}满足，得{show(self.items[i][1])}分" for i in met)
            reasons += tuple(f"{self.named(i)}未满足，不得分" for i in missed)
            return Outcome(points, reasons, self.max_points() - points)
        assert self.full is not None
        lost = self.total(missed)
        reasons = tuple(f"缺{self.named(i)}，扣{show(self.items[i][1])}分" for i in missed)
        if not missed:
            reasons = ("各要点均满足，计满分",)
        if lost >= self.full:
            return Outcome(ZERO, (*reasons, "扣完为止"), self.full)
        return Outcome(self.full - lost, reasons, lost)

    def named(self, item_id: str) -> str:
        """Point `item_id` as a reason names it: its text, quoted (`wording.point_named`)."""
        return point_named(item_id, self.items[item_id][0])

    def max_points(self) -> Decimal:
        if self.full is not None:
            return self.full
        return sum((points for _, points in self.items.values()), ZERO)

    def criterion(self, unit: str) -> str:
        texts = [text or f"要点{n}" for n, (text, _) in enumerate(self.items.values(), 1)]
        points = [points for _, points in self.items.values()]
        if self.mode == "earn":
            return numbered([f"{t}，得{exact(p)}分" for t, p in zip(texts, points, strict=True)])
        if len(set(points)) > 1 or self.full != self.weight:
            return self.description
        return f"每缺一项扣{exact(points[0])}分，扣完为止：{numbered(texts)}"

    def possible_points(self) -> PossiblePoints:
        if len(self.items) > _MAX_CHECKLIST_ITEMS:
            return super().possible_points()
        sums = {ZERO}
        for _, points in self.items.values():
            sums |= {s + points for s in sums}
        if self.full is None:  # earn: the points of the items met
            return PossiblePoints.of(sums)
        return PossiblePoints.of(max(self.full - s, ZERO) for s in sums)
