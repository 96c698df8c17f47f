"""Scoring records one after another with the framework's plan built once.

The one module of the batch package that calls the engine (perfscore.engine: the plan, and the
scoring with or without a trace). The rest of the package holds a `Scorer` and calls its
`codes`, `score` and `score_chunk`, or `evaluate_many`; it never imports the engine itself, so
that a change of engine changes this module only.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from ..engine.plan import plan_for
from ..engine.scoring import score
from ..errors import DataError, PerfscoreError
from ..plausibility import plausibility_findings
from ..records import Record
from .results import RecordResult, Unreadable

if TYPE_CHECKING:
    from ..framework import Framework


class Scorer:
    """A framework made ready to score many records (its plan built once): what a batch, a
    worker process or a distributed partition holds. `codes` lists every indicator, parents
    before their children, as the framework does: the order of `RecordResult.scores`."""

    __slots__ = ("codes", "fw")

    def __init__(self, fw: Framework) -> None:
        self.fw = fw
        self.codes: tuple[str, ...] = plan_for(fw).codes

    def score(self, index: int, record: Any, *, trace: bool = False) -> RecordResult:
        """One record (a Record, a mapping of values, or an `Unreadable`) as its result."""
        return score_one(self.fw, index, record, trace=trace)

    def score_chunk(self, start: int, records: Iterable[Any]) -> list[RecordResult]:
        """The results of `records`, numbered from `start`."""
        fw = self.fw
        return [score_one(fw, start + i, record) for i, record in enumerate(records)]


def evaluate_many(
    fw: Framework, records: Iterable[Any], *, trace: bool = False
) -> Iterator[RecordResult]:
    """Score each record in turn (lazily, in order). Bad data gives a result with `error`."""
    for index, record in enumerate(records):
        yield score_one(fw, index, record, trace=trace)


def codes_of(fw: Framework) -> tuple[str, ...]:
    """Every indicator code of `fw`, parents before their children: the order of the scores."""
    return plan_for(fw).codes


def score_one(fw: Framework, index: int, record: Any, *, trace: bool = False) -> RecordResult:
    codes = codes_of(fw)
    if isinstance(record, Unreadable):
        return RecordResult(index, record.id, None, None, (), codes, record.error)
    rid = record.id if isinstance(record, Record) else None
    result = None
    try:
        if trace:
            result = fw.evaluate(record)
            scores = tuple(result[code].score for code in codes)
            total, grade = result.total, result.grade
            warnings = plausibility_findings(result.findings)
        else:
            scores, total, grade, warnings = score(fw, record)
    except PerfscoreError as exc:
        return RecordResult(index, rid, None, None, (), codes, exc)
    except Exception as exc:  # a bug must not lose the record either
        error = DataError(
            f"unexpected {type(exc).__name__} while scoring: {exc}",
            file=record.file if isinstance(record, Record) else None,
        )
        return RecordResult(index, rid, None, None, (), codes, error)
    return RecordResult(index, rid, total, grade, scores, codes, None, result, warnings)
