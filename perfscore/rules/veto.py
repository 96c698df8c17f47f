"""A veto (一票否决): a condition that zeroes the indicator whatever its other rule awards."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..numbers import ZERO
from .base import (
    BuildContext,
    Context,
    InputSpec,
    Outcome,
    Rewards,
    Rule,
    RuleFinding,
    build_rule,
    register,
)
from .possible import PossiblePoints

if TYPE_CHECKING:
    from ..expressions import Formula


@register
class Veto(Rule):
    """`when` is a formula over the base data; when it holds the score is 0, otherwise the inner
    `rule` scores the value. "…一旦存在该指标不得分" wraps the indicator's checklist."""

    kind = "veto"
    description = "否决条件：一旦存在即不得分，否则按内层规则计分"

    def __init__(self, spec: Mapping[str, Any], build: BuildContext) -> None:
        super().__init__(spec, build)
        when = spec.get("when")
        if not isinstance(when, str):
            raise build.error("'when' must be a formula", "rule.when")
        self.when = build.compile(when, "rule.when")
        inner = spec.get("rule")
        if not isinstance(inner, Mapping):
            raise build.error(
                "'rule' must be the rule that applies when there is no veto", "rule.rule"
            )
        self.inner = build_rule(inner, build)
        self.value_type = self.inner.value_type  # type: ignore[misc]

    def vetoed(self, ctx: Context) -> bool:
        return bool(self.when.evaluate(ctx.names))

    def points(self, value: Any, ctx: Context) -> Decimal:
        return ZERO if self.vetoed(ctx) else self.inner.points(value, ctx)

    def score(self, value: Any, ctx: Context) -> Outcome:
        if self.vetoed(ctx):
            reason = f"存在否决情形（{self.when.source}），该指标不得分"
            return Outcome(ZERO, (reason,), self.weight)
        return self.inner.score(value, ctx)

    def max_points(self) -> Decimal:
        return self.inner.max_points()

    def possible_points(self) -> PossiblePoints:
        inner = self.inner.possible_points()
        if inner.finite is not None:
            return PossiblePoints.of([*inner.finite, ZERO])
        return PossiblePoints.span(ZERO, inner.high)

    def rewards(self) -> Rewards:
        return self.inner.rewards()

    def inputs(self) -> list[InputSpec]:
        return self.inner.inputs()

    def criterion(self, unit: str) -> str:
        return f"有{self.when.source}的，该指标不得分；{self.inner.criterion(unit)}"

    def value_spec(self, name: str) -> InputSpec:
        return self.inner.value_spec(name)

    def landmarks(self) -> list[Decimal]:
        return self.inner.landmarks()

    def formulas(self) -> dict[str, Formula]:
        inner = self.inner.formulas().items()
        return {"rule.when": self.when, **{f"rule.{f}": formula for f, formula in inner}}

    def findings(self) -> list[RuleFinding]:
        return self.inner.findings()
