"""Tracers: what the executor tells about each step when a trace is wanted.

Scoring without a trace passes no tracer (the steps skip every call). `ResultTracer` builds the
result tree: each leaf with its value, the rule's reasons and the trace, each parent with its
children — the `Result` that reports, explanations and reconciliation read.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

from ..numbers import plain
from ..result import IndicatorResult, Trace
from ..rules import Outcome
from .points import cap

if TYPE_CHECKING:
    from ..model import Framework, Indicator


class Tracer(Protocol):
    """What a step reports when scoring with a trace."""

    def leaf(
        self,
        node: Indicator,
        value: Any,
        outcome: Outcome,
        score: Decimal,
        inputs: dict[str, Any],
        fw: Framework,
    ) -> None: ...

    def external(self, node: Indicator, points: Decimal, score: Decimal) -> None: ...

    def parent(self, node: Indicator, score: Decimal) -> None: ...

    def alias(self, node: Indicator, expanded: Indicator) -> None: ...

    def note(self, node: Indicator, reasons: tuple[str, ...], score: Decimal | None = None) -> None:
        ...


class ResultTracer:
    """Builds an `IndicatorResult` for every node scored, children before their parent."""

    def __init__(self) -> None:
        self.results: dict[int, IndicatorResult] = {}  # by id of the framework node

    def of(self, node: Indicator) -> IndicatorResult:
        return self.results[id(node)]

    def leaf(
        self,
        node: Indicator,
        value: Any,
        outcome: Outcome,
        score: Decimal,
        inputs: dict[str, Any],
        fw: Framework,
    ) -> None:
        points = cap(outcome.points, node.weight)
        reasons = outcome.reasons
        if points != outcome.points:
            reasons += (
                f"规则给出{plain(outcome.points)}分，超出指标分值{plain(node.weight)}分，"
                f"按{plain(points)}分计",
            )
        rule = node.rule
        assert rule is not None
        formula = node.formula
        # positional arguments: the result tree is most of evaluate()'s time
        trace = Trace(
            rule.kind, node.criteria, formula.source if formula else None, inputs, reasons,
            outcome.points, node.weight - score, points != outcome.points,
            {name: _unit_of(fw, name) for name in inputs} if inputs else {},
        )  # fmt: skip
        if node.precision is not None or node.rounding is not None:
            trace.rounding = fw.rounding_of(node)
        self.results[id(node)] = IndicatorResult(
            node.code, node.name, node.weight, score, [], value, node.unit, rule.kind,
            outcome.source, trace, node.explanation, node.data_source,
        )  # fmt: skip

    def external(self, node: Indicator, points: Decimal, score: Decimal) -> None:
        said = (f"基础数据未提供，采用外部提供的得分{plain(score)}分",)
        trace = Trace("external", node.criteria, None, {}, said, points, node.weight - score)
        self.results[id(node)] = IndicatorResult(
            node.code, node.name, node.weight, score, [], None, node.unit,
            node.rule.kind if node.rule else None, "external", trace, node.explanation,
            node.data_source,
        )  # fmt: skip

    def parent(self, node: Indicator, score: Decimal) -> None:
        results = self.results
        results[id(node)] = IndicatorResult(
            node.code, node.name, node.weight, score,
            [results[id(child)] for child in node.children], None, "", None, "computed", None,
            node.explanation, node.data_source,
        )  # fmt: skip

    def alias(self, node: Indicator, expanded: Indicator) -> None:
        """`node` (rows listed in the data) was scored as `expanded`."""
        self.results[id(node)] = self.results[id(expanded)]

    def note(self, node: Indicator, reasons: tuple[str, ...], score: Decimal | None = None) -> None:
        """Why parent `node` scores other than its children's sum (rows 不适用, rescaled): its
        reasons, and the score it takes."""
        result = self.results[id(node)]
        result.trace = Trace("not_applicable", node.criteria, reasons=reasons)
        if score is None:  # nothing under it counted: 不适用 itself
            result.source = "not_applicable"
        else:
            result.score = score


def _unit_of(fw: Framework, name: str) -> str:
    spec = fw.fields.get(name) or fw.derived.get(name)
    return spec.unit if spec is not None else ""
