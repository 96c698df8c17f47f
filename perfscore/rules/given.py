"""Scores that people give: an evaluator's judgment, or a score taken from elsewhere."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from .base import BuildContext, Context, InputSpec, Outcome, Rule, register
from .possible import PossiblePoints
from .wording import exact, show


@register
class Judgment(Rule):
    """The evaluator awards points within [min, max] (default [0, weight]): "视匹配情况酌情得0-4分".

    The value is the points awarded; a value outside the range is rejected, naming the field.
    """

    kind = "judgment"
    value_type = "points"
    description = "评价人在规定分值范围内酌情评分"
    source = "judgment"
    reads_record = False

    def __init__(self, spec: Mapping[str, Any], build: BuildContext) -> None:
        super().__init__(spec, build)
        self.minimum = build.number(spec, "min", 0)
        self.maximum = build.number(spec, "max", build.weight)
        if self.minimum < 0 or self.maximum < self.minimum:
            raise build.error("need 0 ≤ min ≤ max", "rule.max")

    def value_spec(self, name: str) -> InputSpec:
        return InputSpec(name, "points", self.minimum, self.maximum, description="评价人评分")

    def points(self, value: Decimal, ctx: Context) -> Decimal:
        return value

    def score(self, value: Decimal, ctx: Context) -> Outcome:
        span = f"{show(self.minimum)}-{show(self.maximum)}分"
        return Outcome(value, (f"评价人在{span}范围内评{show(value)}分",), source=self.source)

    def max_points(self) -> Decimal:
        return self.maximum

    def criterion(self, unit: str) -> str:
        return f"视情况酌情得{exact(self.minimum)}-{exact(self.maximum)}分"

    def possible_points(self) -> PossiblePoints:
        return PossiblePoints.span(self.minimum, self.maximum)


@register
class External(Judgment):
    """A score computed outside perfscore and supplied with the data ("根据…考核分数折算")."""

    kind = "external"
    description = "外部提供的得分（如主管部门考核分数折算）"
    source = "external"

    def value_spec(self, name: str) -> InputSpec:
        return InputSpec(name, "points", self.minimum, self.maximum, description="外部提供的得分")

    def score(self, value: Decimal, ctx: Context) -> Outcome:
        return Outcome(value, (f"采用外部提供的得分{show(value)}分",), source=self.source)

    def criterion(self, unit: str) -> str:
        if self.minimum == 0 and self.maximum == self.weight:
            return "根据外部考核分数折算"
        return f"{self.description}，范围{exact(self.minimum)}-{exact(self.maximum)}分"
