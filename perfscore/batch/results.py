"""What scoring many records gives: one `RecordResult` per record, and `Unreadable`, the row or
line that could not be read as a record (it becomes an error result, so nothing is lost)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..errors import PerfscoreError

if TYPE_CHECKING:
    from ..checks import Finding
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
            "warnings": [str(finding) for finding in self.warnings],
            "error": None if self.error is None else str(self.error),
        }


@dataclass(frozen=True)
class Unreadable:
    """A row or line that could not be read as a record; it becomes an error row."""

    id: str | None
    error: PerfscoreError
