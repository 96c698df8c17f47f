"""Records: one unit's base data, the scores supplied from outside, and what its report stated."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import DataError
from .i18n import say
from .report_text import ReportText, read_report_text
from .yamlio import read_json, read_yaml

#: The keys a record file (YAML, JSON, a jsonl line) may hold: one list for every reader.
RECORD_KEYS = frozenset(
    {
        "id",
        "title",
        "framework",
        "values",
        "external_scores",
        "reported",
        "notes",
        "source",
        "report",
    }
)


@dataclass
class Record:
    """One record to score.

    `values` holds base-data fields and indicator inputs (judgments, checklists, counts), keyed by
    name or indicator code. `external_scores` are scores supplied for indicators the data cannot
    compute (the result marks them as external). `reported` is what the unit's own report states
    (`scores` by code, `total`, `grade`) for reconciliation.
    """

    values: dict[str, Any] = field(default_factory=dict)
    external_scores: dict[str, Any] = field(default_factory=dict)
    reported: dict[str, Any] = field(default_factory=dict)
    id: str | None = None
    title: str = ""
    framework: str | None = None
    file: str | None = None
    #: Where each value was read from, when it came from a form: name -> "基础数据!C7".
    locations: dict[str, str] = field(default_factory=dict)
    #: The line of each value, when it came from a YAML record file: name -> line.
    lines: dict[str, int] = field(default_factory=dict)
    #: What a Word 评价报告 prints besides the scores (`report:`: header block, text sections).
    report: ReportText = field(default_factory=ReportText)

    @classmethod
    def coerce(cls, data: Any, external_scores: Mapping[str, Any] | None = None) -> Record:
        if isinstance(data, Record):
            if external_scores:
                return cls(
                    data.values,
                    {**data.external_scores, **external_scores},
                    data.reported,
                    data.id,
                    data.title,
                    data.framework,
                    data.file,
                    data.locations,
                    data.lines,
                    data.report,
                )
            return data
        if not isinstance(data, Mapping):
            raise DataError(say("error.data.not-a-mapping", kind=type(data).__name__))
        return cls(values=dict(data), external_scores=dict(external_scores or {}))


def load_record(path: str | Path) -> Record:
    """Read a record file (YAML or JSON) with `values`, optional `external_scores`, `reported`."""
    path = Path(path)
    if path.suffix.lower() == ".json":
        data = read_json(path, DataError)  # bounded size, no duplicate keys, no NaN
        line_of = None
    else:
        doc = read_yaml(path, DataError)
        data, line_of = doc.data, doc.line_of
    if not isinstance(data, Mapping):
        raise DataError(say("error.data-not-mapping"), file=str(path), line=1)
    unknown = sorted(set(data) - RECORD_KEYS)
    if unknown:
        raise DataError(
            say(
                "error.unknown-record-keys",
                keys=", ".join(unknown),
                expected=", ".join(sorted(RECORD_KEYS)),
            ),
            file=str(path),
            line=line_of((unknown[0],)) if line_of else None,
            field=unknown[0],
        )
    for key in ("values", "external_scores", "reported"):
        if key in data and not isinstance(data[key], Mapping):
            raise DataError(
                say("error.data.key-not-mapping", name=key),
                file=str(path),
                field=key,
                line=line_of((key,)) if line_of else None,
            )
    return Record(
        values=dict(data.get("values") or {}),
        external_scores=dict(data.get("external_scores") or {}),
        reported=dict(data.get("reported") or {}),
        id=str(data["id"]) if data.get("id") is not None else path.stem,
        title=str(data.get("title", "")),
        framework=data.get("framework"),
        file=str(path),
        report=read_report_text(data.get("report"), DataError, str(path), line_of),
        lines={
            str(key): line
            for key in (data.get("values") or {})
            if line_of and (line := line_of(("values", key))) is not None
        },
    )
