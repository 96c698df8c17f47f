"""The facade: a loaded framework that scores records, checks itself and shows its plan.

`Framework` is the model (`perfscore.model`) with the calls a user makes: `evaluate` (one record,
traced), `evaluate_many` (many, without a trace), `findings` (the framework's own consistency
checks) and `plan` (the steps scoring runs). It sits at the top of the package, so the model below
it never calls up into the engine, the checks or the batch pipeline.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from functools import partial
from pathlib import Path
from typing import Any

from . import building, loading
from .checks import Finding
from .engine.many import RecordResult, evaluate_many
from .engine.plan import Plan, plan_for
from .engine.scoring import evaluate
from .errors import DataError
from .i18n import say
from .loading import resolve_framework, schema_errors_of
from .model import Derived, Field, Grade, Indicator
from .model import Framework as FrameworkModel
from .reconcile import stated_scores, stated_total
from .reconcile.many import reconcile_many
from .records import Record
from .result import Result, Statement
from .yamlio import Document

__all__ = [
    "Derived",
    "Field",
    "Framework",
    "Grade",
    "Indicator",
    "build_framework",
    "load_framework",
    "resolve_framework",
    "schema_errors_of",
]


class Framework(FrameworkModel):
    """An indicator framework (指标体系), loaded and checked. Evaluate data with `evaluate`."""

    @property
    def findings(self) -> list[Finding]:
        """Consistency findings (weights that do not add up, rules that overshoot …)."""
        return plan_for(self).findings

    @property
    def plan(self) -> Plan:
        """The steps scoring a record runs, in order (`print(fw.plan.describe())`)."""
        return plan_for(self)

    def evaluate(self, data: Any, *, external_scores: Mapping[str, Any] | None = None) -> Result:
        """Score one record: a mapping of base-data fields and indicator inputs, or a Record.
        The scores its report states (`reported.scores`, `reported.total`) are
        `Result.stated` and `Result.stated_total` (自评分), read when first asked for; what the
        report states does not change the scores, so a statement that cannot be read is a
        warning then, not an error (`perfscore reconcile` refuses it)."""
        record = Record.coerce(data, external_scores)
        result = evaluate(self, record)
        if record.reported:
            result.statement = partial(_statement, self, record)
        return result

    def evaluate_many(
        self, records: Iterable[Any], *, trace: bool = False, reconcile: bool = False
    ) -> Iterator[RecordResult]:
        """Score many records lazily, in order, with the framework's plan built once: one
        `perfscore.RecordResult` per record; bad data gives one whose `error` names the
        field and never stops the iteration. `trace=True` also keeps each full `Result`;
        `reconcile=True` reconciles each record with what it reports (`ReconciledResult`,
        its `comparison`)."""
        if reconcile:
            return reconcile_many(self, records, trace=trace)
        return evaluate_many(self, records, trace=trace)


def _statement(fw: Framework, record: Record, result: Result) -> Statement:
    """What `record`'s report states, read as reconcile reads it; a warning instead when it
    cannot be read."""
    try:
        return Statement(stated_scores(record, result, fw), stated_total(record), None)
    except DataError as exc:
        said = say("finding.reported", field=exc.field or "reported", message=exc.said)
        return Statement({}, None, Finding("warning", "reported", said, None, exc.file))


def build_framework(doc: Document) -> Framework:
    """Check `doc` against the schema and build the framework; raise the first fatal error."""
    fw = building.build_framework(doc, Framework)
    assert isinstance(fw, Framework)
    return fw


def load_framework(
    path_or_name: str | Path, *, frameworks_root: str | Path | None = None
) -> Framework:
    """Load and check a framework from a YAML file or a bundled name; an `extends` chain stays
    inside `frameworks_root` (default: `PERFSCORE_FRAMEWORKS_ROOT`, else the file's folder)."""
    fw = loading.load_framework(path_or_name, Framework, frameworks_root=frameworks_root)
    assert isinstance(fw, Framework)
    return fw
