"""Scoring records with a framework's plan: one record with its trace (`evaluate`), or many
without (`score`), both through the same steps."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

from ..checks import Finding
from ..i18n import say
from ..records import Record
from ..result import Result
from ..rows import expanded
from .not_applicable import is_mark
from .plan import PLAN_LIMIT, Plan, kept_for, plan_for
from .run import Run
from .tracing import ResultTracer

if TYPE_CHECKING:
    from ..model import Framework, Indicator


class Scored(NamedTuple):
    """One record's scores without a trace: every score in the plan's `codes` order, the
    total, the grade, and the warnings about values that score but look mistyped."""

    scores: tuple[Decimal, ...]
    total: Decimal
    grade: str | None
    warnings: tuple[Finding, ...]


def evaluate(
    fw: Framework, data: Any, *, external_scores: Mapping[str, Any] | None = None
) -> Result:
    """Score one record with its trace: the result tree, every leaf's reasons, the findings
    about the framework (its consistency checks) and the data (rows, unknown fields,
    implausible values)."""
    record = Record.coerce(data, external_scores)
    tracer = ResultTracer()
    run = Run(record, tracer)
    plan = plan_of(fw, run)
    _, total, grade = plan.scores(run)
    return Result(
        framework_id=fw.id,
        framework_version=fw.version,
        framework_name=fw.name,
        total=total,
        maximum=fw.total,
        grade=grade,
        indicators=[tracer.of(root) for root in fw.indicators],
        findings=[
            *plan_for(fw).findings,
            *run.row_findings,
            *unknown_fields(plan, run),
            *run.implausible,
        ],
        record_id=record.id,
        record_title=record.title,
        precision=fw.precision,
        value_precision=fw.value_precision,
    )


def score(fw: Framework, data: Any) -> Scored:
    """Score one record (a Record or a mapping of values) without a trace."""
    run = Run(data)
    scores, total, grade = plan_of(fw, run).scores(run)
    return Scored(scores, total, grade, tuple(run.implausible))


#: The plans for sets of codes records gave external scores for, found to be leaves of the
#: framework (no rows, nothing marked 不适用): the same set is not checked again for every record
#: of a batch.
_CHECKED: dict[int, dict[frozenset[str], Plan]] = {}


def plan_of(fw: Framework, run: Run) -> Plan:
    """The plan for `run`'s record: the one for the leaves it supplies scores for (checked)."""
    external = run.external
    if not external:
        return plan_for(fw)
    codes = frozenset(external)
    marked = (  # a mark is text: most records give only numbers (checked in C, not per value)
        [code for code, raw in external.items() if type(raw) is str and is_mark(raw)]
        if str in map(type, external.values())
        else []
    )
    checked = _CHECKED.get(id(fw))
    if checked is None:
        checked = kept_for(_CHECKED, fw)
    if not marked:
        plan = checked.get(codes)
        if plan is not None:
            return plan
    by_code = fw.by_code
    rows = _row_leaves(fw, run, [code for code in external if code not in by_code])
    for code in external:
        node = by_code.get(code) or rows.get(code)
        if node is None:
            raise run.error(say("error.external.unknown", code=repr(code)), code, None)
        if code in marked:  # 不适用: an indicator (or a whole branch), or a row
            if code in by_code and fw.not_applicable is None:
                raise run.error(
                    say("error.not-applicable.unsaid", code=code),
                    code,
                    None,
                )
            continue
        if node.children or node.rows is not None:
            raise run.error(
                say(
                    "error.external.branch" if node.children else "error.external.rows",
                    code=repr(code),
                ),
                code,
                None,
            )
    if not rows and not marked:  # the common case: every code a leaf of the framework's
        plan = plan_for(fw, codes)
        if len(checked) < PLAN_LIMIT:
            checked[codes] = plan
        return plan
    # a row's code is no leaf of the framework's plan: its rows step reads the score itself
    ours = {code for code in external if code in by_code}
    return plan_for(fw, frozenset(ours.difference(marked)), frozenset(ours.intersection(marked)))


def _row_leaves(fw: Framework, run: Run, codes: list[str]) -> dict[str, Indicator]:
    """The indicators the record's rows expand into (B3.1 …), by code, when external scores
    name codes the framework alone does not have."""
    if not codes or not any(node.rows is not None for node in fw.walk()):
        return {}
    return expanded(fw, run.as_record())


def unknown_fields(plan: Plan, run: Run) -> list[Finding]:
    """A warning for each data field the framework does not read."""
    known = plan.known_names
    return [
        Finding(
            "warning",
            "unknown-field",
            say("finding.unknown-field", name=name),
            None,
            run.file,
        )
        for name in run.values
        if name not in known
    ]
