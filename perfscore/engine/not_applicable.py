"""Indicators and rows the data mark 不适用, scored as the framework declares: a row by its
table's `rows.not_applicable`, an indicator (`external_scores: {CODE: 不适用}`) by the framework's
`not_applicable` — its weight in full, 0, or not counted: its parent's applicable scores rescaled
to the parent's weight (`rescale`; at the top, to the total), or the total rescaled over the
applicable weight (`total`) — "不考核该指标，其分值按适用指标得分折算"."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..checks import Finding
from ..i18n import say
from ..numbers import ZERO, plain
from ..rules import Outcome
from ..targets import normalise
from .points import finish
from .run import Run
from .steps import ParentStep

if TYPE_CHECKING:
    from ..model import Framework, Indicator
    from ..result import Result

#: what the trace of an indicator or row marked 不适用 says, by the framework's policy
REASONS = {
    "rescale": "不适用，不考核该指标，其分值按适用指标得分折算",
    "total": "不适用，不考核该指标，总分按适用指标得分折算",
    "full": "不适用，不考核该指标，按框架规定（not_applicable: full）计满分",
    "zero": "不适用，不考核该指标，按框架规定（not_applicable: zero）计0分",
}
#: the policies under which a marked indicator is not counted (its parent or the total rescales)
NOT_COUNTED = ("rescale", "total")


def is_mark(raw: Any) -> bool:
    """Whether an external score is the mark 不适用 rather than points."""
    return type(raw) is str and normalise(raw) == "不适用"


def marked_leaf(fw: Framework, run: Run, node: Indicator, policy: str) -> Decimal:
    """The score of a leaf marked 不适用: its weight (full), else 0, with the trace saying so."""
    points = node.weight if policy == "full" else ZERO
    precision, mode = fw.rounding_of(node)
    score = finish(points, node.weight, precision, mode)
    if run.tracer is not None:
        outcome = Outcome(points, (REASONS[policy],), node.weight - points, "not_applicable")
        run.tracer.leaf(node, None, outcome, score, {}, fw)
    return score


def not_applicable_leaf(fw: Framework, run: Run, node: Indicator) -> Decimal | None:
    """The score of a row marked 不适用, by its table's policy: None when it is not counted."""
    return marked_row(fw, run, node, node.row["not_applicable"])


def marked_row(fw: Framework, run: Run, node: Indicator, policy: str) -> Decimal | None:
    """A row marked 不适用 under `policy`: None under `rescale` (its parent rescales); 0 under
    `total`, the row's 分值 kept in `run.uncounted` for the total to be rescaled over the rest;
    its 分值 or 0 under `full` or `zero`."""
    score = marked_leaf(fw, run, node, policy)
    if policy == "total":
        run.uncounted += ((node.name, node.weight),)
    return None if policy == "rescale" else score


def rescaled(
    fw: Framework, run: Run, node: Indicator, scores: Sequence[Decimal | None]
) -> Decimal | None:
    """`node`'s score when some of its children are not counted (None): the others' sum,
    rescaled to `node`'s weight at its precision; None when none is counted (the node is then
    不适用 itself, and its parent rescales in turn)."""
    counted = [s is not None for s in scores]
    score = _rescale(fw, run, node, [s if s is not None else ZERO for s in scores], counted)
    return None if not any(counted) else score


def _rescale(
    fw: Framework, run: Run, node: Indicator, scores: Sequence[Decimal], counted: Sequence[bool]
) -> Decimal:
    """The counted children's scores rescaled to `node`'s weight (0 when none is counted)."""
    children = node.children
    got = sum((s for s, c in zip(scores, counted, strict=True) if c), ZERO)
    out_of = sum((child.weight for child, c in zip(children, counted, strict=True) if c), ZERO)
    if out_of == ZERO:
        if run.tracer is not None:
            ParentStep(node)(run, *scores)
            said = f"下属指标均不适用，{node.name}不考核，其分值按适用指标得分折算"
            run.tracer.note(node, (said,))
        return ZERO
    precision, mode = fw.rounding_of(node)
    score = finish(got * node.weight / out_of, node.weight, precision, mode)
    if run.tracer is not None:
        ParentStep(node)(run, *scores)
        left = [child.name for child, c in zip(children, counted, strict=True) if not c]
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


# --------------------------------------------------------------------------- marked indicators


def marked_below(fw: Framework, marked: frozenset[str]) -> frozenset[str]:
    """The codes of the marked indicators and of everything under them."""
    return frozenset(n.code for code in marked for n in fw.by_code[code].walk())


def not_counted(fw: Framework, marked: frozenset[str]) -> frozenset[str]:
    """What the framework's policy does not count: the marked indicators, what is under them,
    and the parents none of whose children is counted; nothing under full or zero."""
    if fw.not_applicable not in NOT_COUNTED:
        return frozenset()
    out = set(marked_below(fw, marked))

    def visit(node: Indicator) -> bool:
        children = [visit(child) for child in node.children]
        if children and all(children):
            out.add(node.code)
        return node.code in out

    for root in fw.indicators:
        visit(root)
    return frozenset(out)


class MarkedStep:
    """A leaf (or a node whose rows the data list) marked 不适用."""

    def __init__(self, fw: Framework, node: Indicator) -> None:
        self.fw, self.node = fw, node
        assert fw.not_applicable is not None
        self.policy = fw.not_applicable

    def __call__(self, run: Run) -> Decimal:
        return marked_leaf(self.fw, run, self.node, self.policy)


class CountingParentStep:
    """A parent with marked indicators under it: under `rescale`, its counted children's
    scores rescaled to its weight; otherwise their sum (those not counted score 0)."""

    def __init__(self, fw: Framework, node: Indicator, counted: Sequence[bool]) -> None:
        self.fw, self.node, self.counted = fw, node, tuple(counted)
        self.rescales = not all(counted) and (fw.not_applicable == "rescale" or not any(counted))

    def __call__(self, run: Run, *scores: Decimal) -> Decimal:
        if self.rescales:  # some not counted (rescale), or none (both: 不适用 itself)
            return _rescale(self.fw, run, self.node, scores, self.counted)
        return ParentStep(self.node)(run, *scores)


class TotalStep:
    """The total when indicators are not counted: the counted 一级 scores rescaled to the total
    (`rescale`), or every score over the applicable weight (`total`); and when rows are marked
    不适用 under `rows.not_applicable: total`, over the weight less their 分值 too."""

    def __init__(self, fw: Framework, uncounted: frozenset[str]) -> None:
        self.fw = fw
        highest = highest_uncounted(fw, uncounted) if uncounted else []
        self.names = [n.name for n in highest]
        self.applicable = fw.total - sum((n.weight for n in highest), ZERO)

    def __call__(self, run: Run, *scores: Decimal) -> Decimal:
        fw = self.fw
        got = sum(scores, ZERO)
        names, out_of = self.names, self.applicable
        if run.uncounted:  # rows not counted (rows.not_applicable: total)
            names = [*names, *(name for name, _ in run.uncounted)]
            out_of -= sum((weight for _, weight in run.uncounted), ZERO)
        if not names:
            return got
        if out_of <= ZERO:
            raise run.error(
                say("error.not-applicable.everything"),
                "external_scores",
                None,
            )
        total = finish(got * fw.total / out_of, fw.total, fw.precision)
        if run.tracer is not None:
            run.row_findings.append(
                Finding(
                    "warning",
                    "not-applicable",
                    say(
                        "finding.not-applicable.rescaled",
                        names="、".join(names),
                        got=plain(got),
                        out_of=plain(out_of),
                        total=plain(fw.total),
                        rescaled=plain(total),
                    ),
                    None,
                    run.file,
                )
            )
        return total


def rows_rescale_total(fw: Framework) -> bool:
    """Whether a row table of `fw` declares `rows.not_applicable: total` (the total is then
    rescaled whenever the data mark one of its rows 不适用)."""
    return any(n.rows is not None and n.rows.not_applicable == "total" for n in fw.walk())


def uncounted_rows(fw: Framework, result: Result) -> Decimal:
    """The 分值 of the rows of `fw` (rows expanded) that `result` did not count under
    `rows.not_applicable: total`: the total was rescaled over the rest."""
    out = ZERO
    for node in fw.walk():
        got = result[node.code] if node.row is not None and node.code in result else None
        if got is not None and got.source == "not_applicable" and got.trace is not None:
            out += node.weight if got.trace.reasons[:1] == (REASONS["total"],) else ZERO
    return out


def highest_uncounted(fw: Framework, uncounted: frozenset[str]) -> list[Indicator]:
    """What the total does not count: the 一级 indicators not counted (`rescale`: the others
    rescale within their parents), or each highest indicator not counted (`total`)."""
    if fw.not_applicable == "rescale":
        return [root for root in fw.indicators if root.code in uncounted]
    return [n for n in fw.walk() if n.code in uncounted and not _under(fw, n, uncounted)]


def applicable_total(fw: Framework, marked: frozenset[str]) -> Decimal | None:
    """The weight the total is rescaled over when `marked` are 不适用; None when the total is
    the plain sum."""
    highest = highest_uncounted(fw, not_counted(fw, marked)) if marked else []
    return fw.total - sum((n.weight for n in highest), ZERO) if highest else None


def _under(fw: Framework, node: Indicator, codes: frozenset[str]) -> bool:
    """Whether a parent of `node` is among `codes`."""
    return any(
        node in parent.children and (parent.code in codes or _under(fw, parent, codes))
        for parent in fw.walk()
    )
