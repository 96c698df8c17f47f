"""Scoring many records, one after another, with the framework's plan built once: one
`RecordResult` per record — its scores, or the error that kept it from being scored — and
`Unreadable`, a row or line that could not be read as a record (it becomes an error result, so
nothing is lost). What `evaluate_many`, `perfscore batch` and a distributed partition run."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..errors import DataError, PerfscoreError
from ..plausibility import plausibility_findings
from ..records import Record
from .plan import plan_for
from .scoring import evaluate, score

if TYPE_CHECKING:
    from ..checks import Finding
    from ..model import Framework
    from ..result import Result


@dataclass(slots=True)
class RecordResult:
    """One record's scores, or the error that kept it from being scored.

    `scores` follows `codes` (every indicator, parents before their children, as the framework
    lists them); `result[code]` gives one score. With `trace=True`, `result` is the full
    `Result` of `evaluate()` (traces and reasons included). Treat it as read-only (it is not
    frozen only because a frozen dataclass costs a microsecond more per record).
    """

    index: int
    id: str | None
    total: Decimal | None
    grade: str | None
    scores: tuple[Decimal, ...]
    codes: tuple[str, ...]
    error: PerfscoreError | None = None
    result: Result | None = None
    #: Plausibility warnings (perfscore.plausibility): values that score but look mistyped.
    warnings: tuple[Finding, ...] = ()
    title: str = ""  # the record's title (单位名称), for the tables people read

    @property
    def ok(self) -> bool:
        return self.error is None

    def __getitem__(self, code: str) -> Decimal:
        if self.error is not None:
            raise KeyError(f"record {self.index} was not scored: {self.error}")
        try:
            return self.scores[self.codes.index(code)]
        except ValueError:
            raise KeyError(f"no indicator {code!r} in this framework") from None

    def as_dict(self) -> dict[str, Any]:
        """{"id", "total", "grade", "scores": {code: score}, "warnings", "error"} with exact
        Decimals; the warnings as text, as the batch output writes them."""
        return {
            "id": self.id,
            "total": self.total,
            "grade": self.grade,
            "scores": dict(zip(self.codes, self.scores, strict=True)) if self.scores else {},
            "warnings": [finding.describe() for finding in self.warnings],
            "error": None if self.error is None else str(self.error),
        }


@dataclass(frozen=True)
class Unreadable:
    """A row or line that could not be read as a record; it becomes an error row."""

    id: str | None
    error: PerfscoreError


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
        return score_one(self.fw, index, record, trace=trace, codes=self.codes)

    def score_chunk(self, start: int, records: Iterable[Any]) -> list[RecordResult]:
        """The results of `records`, numbered from `start`."""
        fw, codes = self.fw, self.codes
        return [score_one(fw, start + i, r, codes=codes) for i, r in enumerate(records)]


def evaluate_many(
    fw: Framework, records: Iterable[Any], *, trace: bool = False
) -> Iterator[RecordResult]:
    """Score each record in turn (lazily, in order). Bad data gives a result with `error`."""
    codes = codes_of(fw)
    for index, record in enumerate(records):
        yield score_one(fw, index, record, trace=trace, codes=codes)


def codes_of(fw: Framework) -> tuple[str, ...]:
    """Every indicator code of `fw`, parents before their children: the order of the scores."""
    return plan_for(fw).codes


def score_one(
    fw: Framework,
    index: int,
    record: Any,
    *,
    trace: bool = False,
    codes: tuple[str, ...] | None = None,
) -> RecordResult:
    """One record's result; `codes`: `codes_of(fw)`, when the caller has it already."""
    codes = codes_of(fw) if codes is None else codes
    if isinstance(record, Unreadable):
        return RecordResult(index, record.id, None, None, (), codes, record.error)
    rid = record.id if isinstance(record, Record) else None
    title = record.title if isinstance(record, Record) else ""
    result = None
    try:
        if trace:
            result = evaluate(fw, record)
            scores = tuple(result[code].score for code in codes)
            total, grade = result.total, result.grade
            warnings = plausibility_findings(result.findings)
        else:
            scores, total, grade, warnings = score(fw, record)
    except PerfscoreError as exc:
        return RecordResult(index, rid, None, None, (), codes, exc, title=title)
    except Exception as exc:  # a bug must not lose the record either
        error = DataError(
            f"unexpected {type(exc).__name__} while scoring: {exc}",
            file=record.file if isinstance(record, Record) else None,
        )
        return RecordResult(index, rid, None, None, (), codes, error, title=title)
    return RecordResult(index, rid, total, grade, scores, codes, None, result, warnings, title)
