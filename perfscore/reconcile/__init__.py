"""Reconciliation (复核): what a report states against what its own base data give.

Finance bureaus re-check (复核) the self-evaluations units send them. `reconcile(fw, record)`
scores the record's base data with the framework and sets every figure the report states
(`record.reported`) beside the recomputed one:

- each indicator's reported score (得分) against the recomputed score, with how the recomputed
  score came about (the trace) and whether the rule can give the reported score at all;
- each stated sub-total and total (`reported.scores` of parents, `reported.total`, and every entry
  of `reported.other`, e.g. the narrative's own figures) against the sum of the report's leaf
  scores, against the table, and against the recomputed score;
- each value the report computes itself (`reported.values`, `other[*].values`: "结转结余率…=1%")
  against the recomputed value, at the precision the report writes it;
- the stated grade against the recomputed one;
- the framework's own findings (weights that do not add up, rules that overshoot …).

The result is data (`Reconciliation`): `.differences` lists every disagreement, `.agrees` is
true when there is none, `.to_dict()` is what `perfscore reconcile --format json` prints.

The package, one job per module: `checks` (the check dataclasses, each deciding once whether it
agrees), `possible` (the scores a rule can give, capped and rounded), `partial` (scoring what
the data give: a leaf lacking inputs keeps its stated score and is not checked), `reconciler`
(reading `reported` and building the checks; `stated_scores` and `stated_total`, the 自评分 a
评分表 shows), `sentences` (each disagreement in words),
`reconciliation` (the result), `text` (the text report), `many` (many records reconciled in
brief, for `perfscore batch --reconcile`).
"""

from .checks import (
    Against,
    Difference,
    GradeCheck,
    Kind,
    ScoreCheck,
    TotalCheck,
    ValueCheck,
)
from .many import Comparison, Differing, ReconciledResult, compare, reconcile_many
from .possible import Possible, possible_scores
from .reconciler import reconcile, stated_scores, stated_total
from .reconciliation import Reconciliation
from .sentences import TABLE
from .text import render_text

__all__ = [
    "TABLE",
    "Against",
    "Comparison",
    "Difference",
    "Differing",
    "GradeCheck",
    "Kind",
    "Possible",
    "ReconciledResult",
    "Reconciliation",
    "ScoreCheck",
    "TotalCheck",
    "ValueCheck",
    "compare",
    "possible_scores",
    "reconcile",
    "reconcile_many",
    "render_text",
    "stated_scores",
    "stated_total",
]
