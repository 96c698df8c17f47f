"""Reconciling many records: each record's 复核 in brief — the reported and the recomputed total,
their difference, the grade both ways and the codes whose scores differ — beside its scores.

`reconcile_many(fw, records)` is `evaluate_many` with a reconciliation of every record
(`perfscore.reconcile`): it yields one `ReconciledResult` per record, in order, a bad record an
error result as always. The verdicts are those of `reconcile/checks.py`, read and never decided
again: a code differs when its check says it disagrees with the recomputed score.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..engine.many import RecordResult, Scorer, Unreadable, codes_of
from ..errors import DataError, PerfscoreError
from ..numbers import json_number
from ..plausibility import plausibility_findings
from ..records import Record
from .reconciler import reconcile
from .reconciliation import Reconciliation
from .sentences import TABLE

if TYPE_CHECKING:
    from ..model import Framework

_TOTAL, _GRADE = "reported.total", "reported.grade"


@dataclass(frozen=True, slots=True)
class Differing:
    """One indicator whose reported score the recomputed one does not confirm."""

    code: str
    reported: Decimal
    recomputed: Decimal

    @property
    def lost(self) -> Decimal:
        """The points the unit claimed beyond the recomputed score (negative: it claimed less)."""
        return self.reported - self.recomputed


@dataclass(frozen=True, slots=True)
class Comparison:
    """A record's report against its recomputation, in brief. `reported_grade` is the grade the
    report states, else the grade its stated total falls in; `difference` is recomputed minus
    reported; `agrees` is the reconciliation's verdict (every check, the framework's errors too),
    None when the record reports nothing to compare."""

    reported_total: Decimal | None
    recomputed_total: Decimal | None
    reported_grade: str | None
    recomputed_grade: str | None
    agrees: bool | None
    differing: tuple[Differing, ...] = ()
    unchecked: tuple[str, ...] = ()

    @property
    def difference(self) -> Decimal | None:
        if self.reported_total is None or self.recomputed_total is None:
            return None
        return self.recomputed_total - self.reported_total

    def to_dict(self) -> dict[str, Any]:
        def number(value: Decimal | None) -> Any:
            return None if value is None else json_number(value)

        return {
            "reported_total": number(self.reported_total),
            "recomputed_total": number(self.recomputed_total),
            "difference": number(self.difference),
            "reported_grade": self.reported_grade,
            "recomputed_grade": self.recomputed_grade,
            "agrees": self.agrees,
            "differing": [
                {"code": d.code, "reported": number(d.reported), "recomputed": number(d.recomputed)}
                for d in self.differing
            ],
            "unchecked": list(self.unchecked),
        }


def compare(rec: Reconciliation) -> Comparison:
    """The brief of one reconciliation, from its checks' own verdicts."""
    fw = rec.framework
    reported_total = next((t.stated for t in rec.totals if t.where == _TOTAL), None)
    stated_grade = next((g.stated for g in rec.grades if g.where == _GRADE), None)
    if stated_grade is None and reported_total is not None:
        stated_grade = fw.grade_of(reported_total)
    order = {node.code: i for i, node in enumerate(n for top in fw.indicators for n in top.walk())}
    found = [
        Differing(s.code, s.reported, s.recomputed)
        for s in rec.scores
        if "recomputed" in s.disagreements
    ]
    found += [
        Differing(t.code, t.stated, t.recomputed)
        for t in rec.totals
        if t.code is not None and t.label == TABLE and "recomputed" in t.disagreements
    ]
    found.sort(key=lambda d: order.get(d.code, len(order)))
    return Comparison(
        reported_total=reported_total,
        recomputed_total=rec.result.total,
        reported_grade=stated_grade,
        recomputed_grade=rec.result.grade,
        agrees=rec.agrees if rec.record.reported else None,
        differing=tuple(found),
        unchecked=tuple(rec.unchecked),
    )


@dataclass(slots=True)
class ReconciledResult(RecordResult):
    """A `RecordResult` with the record's `Comparison` (None when the record has an error)."""

    comparison: Comparison | None = None

    def as_dict(self) -> dict[str, Any]:
        out = RecordResult.as_dict(self)
        out["reconcile"] = None if self.comparison is None else self.comparison.to_dict()
        return out


def reconcile_one(fw: Framework, index: int, record: Any, *, trace: bool = False) -> RecordResult:
    """One record reconciled as `perfscore reconcile` does it; its scores are the recomputed
    ones (a leaf lacking inputs keeps its stated score and is listed as unchecked)."""
    codes = codes_of(fw)
    if isinstance(record, Unreadable):
        return ReconciledResult(index, record.id, None, None, (), codes, record.error)
    rid = record.id if isinstance(record, Record) else None
    try:
        rec = reconcile(fw, record)
        comparison = compare(rec)
    except PerfscoreError as exc:
        return ReconciledResult(index, rid, None, None, (), codes, exc)
    except Exception as exc:  # a bug must not lose the record either
        error = DataError(
            f"unexpected {type(exc).__name__} while reconciling: {exc}",
            file=record.file if isinstance(record, Record) else None,
        )
        return ReconciledResult(index, rid, None, None, (), codes, error)
    result = rec.result
    scores = tuple(result[code].score for code in codes)
    warnings = plausibility_findings(result.findings)
    kept = result if trace else None
    return ReconciledResult(
        index, rid, result.total, result.grade, scores, codes, None, kept, warnings,
        title=record.title if isinstance(record, Record) else "", comparison=comparison,
    )  # fmt: skip


class ReconcilingScorer(Scorer):
    """A `Scorer` that reconciles each record as it scores it (`reconcile_one`)."""

    __slots__ = ()

    def score(self, index: int, record: Any, *, trace: bool = False) -> RecordResult:
        return reconcile_one(self.fw, index, record, trace=trace)

    def score_chunk(self, start: int, records: Iterable[Any]) -> list[RecordResult]:
        fw = self.fw
        return [reconcile_one(fw, start + i, record) for i, record in enumerate(records)]


def reconcile_many(
    fw: Framework, records: Iterable[Any], *, trace: bool = False
) -> Iterator[RecordResult]:
    """Reconcile each record in turn (lazily, in order): one `ReconciledResult` per record."""
    for index, record in enumerate(records):
        yield reconcile_one(fw, index, record, trace=trace)
