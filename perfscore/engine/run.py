"""One record being scored: its values, where they came from, and what the steps found."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..errors import DataError
from ..i18n import Message
from ..records import Record

if TYPE_CHECKING:
    from decimal import Decimal

    from ..checks import Finding
    from .tracing import Tracer

_NOWHERE: dict[str, Any] = {}


class Run:
    """The state of scoring one record. Steps read `values` and `external`, note what looks
    mistyped in `implausible`, and keep each computed name in `names` (for traces, range
    warnings and rules that look at other values). `tracer` is None when no trace is wanted."""

    __slots__ = (
        "external",
        "file",
        "implausible",
        "lines",
        "locations",
        "names",
        "record",
        "row_findings",
        "tracer",
        "uncounted",
        "values",
    )

    def __init__(self, data: Any, tracer: Tracer | None = None) -> None:
        if type(data) is dict:  # the common case of a batch: a row's values
            self.values: Mapping[str, Any] = data
            self.external: Mapping[str, Any] = _NOWHERE
            self.file: str | None = None
            self.locations: Mapping[str, str] = _NOWHERE
            self.lines: Mapping[str, int] = _NOWHERE
            self.record: Record | None = None
        else:
            record = data if isinstance(data, Record) else Record.coerce(data)
            self.values, self.external = record.values, record.external_scores
            self.file, self.locations, self.lines = record.file, record.locations, record.lines
            self.record = record
        self.tracer = tracer
        self.names: dict[str, Any] = {}
        self.implausible: list[Finding] = []
        self.row_findings: list[Finding] = []
        #: (name, 分值) of the rows marked 不适用 under rows.not_applicable: total
        self.uncounted: tuple[tuple[str, Decimal], ...] = ()

    def as_record(self) -> Record:
        """The record (built from the values when a plain mapping was given)."""
        if self.record is None:
            self.record = Record(dict(self.values))
        return self.record

    def error(
        self,
        message: str | Message,
        field: str | None,
        code: str | None,
        kind: type[DataError] = DataError,
    ) -> DataError:
        file, line = self.place(field)
        return kind(message, file=file, line=line, path=code, field=field)

    def place(self, field: str | None) -> tuple[str | None, int | None]:
        """Where a data value was read: the file (with a form's cell) and the line."""
        file = self.file
        cell = self.locations.get(field) if field else None  # e.g. 基础数据!C7 of a form
        if cell:
            file = f"{file}: {cell}" if file else cell
        line = self.lines.get(field) if field and not cell else None
        return file, line
