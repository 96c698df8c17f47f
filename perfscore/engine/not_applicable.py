"""Rows the data mark 不适用, scored as the framework's `rows.not_applicable` says: a row's 分值
in full, 0, or nothing — its parent's applicable scores then rescaled to the parent's weight
("不考核该指标，其分值按适用指标得分折算")."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from ..numbers import ZERO, plain
from ..rules import Outcome
from .points import finish
from .run import Run
from .steps import ParentStep

if TYPE_CHECKING:
    from ..model import Framework, Indicator

#: what the trace of a row marked 不适用 says, by the framework's policy
REASONS = {
    "rescale": "不适用，不考核该指标，其分值按适用指标得分折算",
    "full": "不适用，不考核该指标，按框架规定（not_applicable: full）计满分",
    "zero": "不适用，不考核该指标，按框架规定（not_applicable: zero）计0分",
}


def not_applicable_leaf(fw: Framework, run: Run, node: Indicator) -> Decimal | None:
    """The score of a row marked 不适用: its 分值 (full), 0 (zero), or None (rescale: not
    counted; its parent rescales the others)."""
    policy = node.row["not_applicable"]
    points = node.weight if policy == "full" else ZERO
    precision, mode = fw.rounding_of(node)
    score = finish(points, node.weight, precision, mode)
    if run.tracer is not None:
        outcome = Outcome(points, (REASONS[policy],), node.weight - points, "not_applicable")
        run.tracer.leaf(node, None, outcome, score, {}, fw)
    return None if policy == "rescale" else score


def rescaled(
    fw: Framework, run: Run, node: Indicator, scores: Sequence[Decimal | None]
) -> Decimal | None:
    """`node`'s score when some of its children are not counted (None): the others' sum,
    rescaled to `node`'s weight at its precision; None when none is counted (the node is then
    不适用 itself, and its parent rescales in turn)."""
    counted = [(s, c) for s, c in zip(scores, node.children, strict=True) if s is not None]
    got = sum((s for s, _ in counted), ZERO)
    out_of = sum((c.weight for _, c in counted), ZERO)
    left = [c.name for s, c in zip(scores, node.children, strict=True) if s is None]
    if out_of == ZERO:
        if run.tracer is not None:
            ParentStep(node)(run, *(ZERO for _ in scores))
            said = f"下属指标均不适用，{node.name}不考核，其分值按适用指标得分折算"
            run.tracer.note(node, (said,))
        return None
    precision, mode = fw.rounding_of(node)
    score = finish(got * node.weight / out_of, node.weight, precision, mode)
    if run.tracer is not None:
        ParentStep(node)(run, *(s if s is not None else ZERO for s in scores))
        run.tracer.note(
            node,
            (
                f"{'、'.join(left)}不适用，不考核；适用指标得分{plain(got)}分（适用分值"
                f"{plain(out_of)}分），按{node.name}分值{plain(node.weight)}分折算："
                f"{plain(got)}÷{plain(out_of)}×{plain(node.weight)}={plain(score)}分",
            ),
            score,
        )
    return score
