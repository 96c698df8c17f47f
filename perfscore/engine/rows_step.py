"""The step for an indicator whose rows the record lists (a 项目支出自评表): expand the rows,
then score them with the same leaf and parent steps as every other indicator."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..rows import expand
from .run import Run
from .steps import LeafStep, ParentStep

if TYPE_CHECKING:
    from ..model import Framework, Indicator


class RowsStep:
    """Score `node`'s rows as the record lists them."""

    def __init__(
        self, fw: Framework, node: Indicator, resolve: Callable[[Run, str, str | None], Any]
    ) -> None:
        self.fw, self.node, self.resolve = fw, node, resolve

    def __call__(self, run: Run) -> Decimal:
        expanded, findings = expand(self.node, run.as_record(), self.fw)
        run.row_findings.extend(findings)
        score = self.scored(run, expanded)
        if run.tracer is not None:
            run.tracer.alias(self.node, expanded)
        return score

    def scored(self, run: Run, node: Indicator) -> Decimal:
        if node.children:
            scores = [self.scored(run, child) for child in node.children]
            return ParentStep(node)(run, *scores)
        return LeafStep(self.fw, node, self.resolve).from_row(run)
