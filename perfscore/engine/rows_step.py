"""The step for an indicator whose rows the record lists (a 项目支出自评表): expand the rows,
then score them with the same leaf and parent steps as every other indicator."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..i18n import say
from ..numbers import ZERO
from ..rows import expand
from ..rules import Outcome
from .not_applicable import is_mark, marked_row, not_applicable_leaf, rescaled
from .run import Run
from .steps import ExternalStep, LeafStep, ParentStep

if TYPE_CHECKING:
    from ..model import Framework, Indicator


#: The reason of a rows indicator with no points whose rows the data leave empty.
_NO_ROWS = "“{source}”未列出三级指标，本项分值为0，得0分"


class RowsStep:
    """Score `node`'s rows as the record lists them."""

    def __init__(
        self, fw: Framework, node: Indicator, resolve: Callable[[Run, str, str | None], Any]
    ) -> None:
        self.fw, self.node, self.resolve = fw, node, resolve
        assert node.rows is not None
        self.source = node.rows.source

    def __call__(self, run: Run) -> Decimal:
        expanded, findings = expand(self.node, run.as_record(), self.fw)
        run.row_findings.extend(findings)
        score = self.scored(run, expanded)
        if score is None:  # every row 不适用, under rows.not_applicable: rescale
            raise run.error(
                say(
                    "error.not-applicable.every-row", source=repr(self.source), name=self.node.name
                ),
                self.source,
                self.node.code,
            )
        if run.tracer is not None:
            run.tracer.alias(self.node, expanded)
        return score

    def scored(self, run: Run, node: Indicator) -> Decimal | None:
        if not node.children and node.row is None:
            # the data list no rows for a node that carries no points: nothing to score
            if run.tracer is not None:
                outcome = Outcome(ZERO, (_NO_ROWS.format(source=self.source),))
                run.tracer.leaf(node, None, outcome, ZERO, {}, self.fw)
            return ZERO
        if node.children:
            scores = [self.scored(run, child) for child in node.children]
            if None in scores:  # rows 不适用 under it, not counted: the others rescaled
                return rescaled(self.fw, run, node, scores)
            return ParentStep(node)(run, *scores)  # type: ignore[arg-type]
        if node.code in run.external:  # a row's score the record supplies (by its code)
            if is_mark(run.external[node.code]):
                return self.marked(run, node)
            return ExternalStep(self.fw, node)(run)
        if "not_applicable" in node.row:
            return not_applicable_leaf(self.fw, run, node)
        return LeafStep(self.fw, node, self.resolve).from_row(run)

    def marked(self, run: Run, node: Indicator) -> Decimal | None:
        """A row `external_scores` marks 不适用, by its table's policy."""
        policy = self.node.rows.not_applicable if self.node.rows is not None else None
        if policy is None:
            raise run.error(
                say("error.not-applicable.rows-unsaid", code=node.code),
                node.code,
                node.code,
            )
        return marked_row(self.fw, run, node, policy)
