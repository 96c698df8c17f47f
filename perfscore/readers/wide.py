"""A one-record table — a header row (`id`, `external_scores.CODE`, `reported.total`,
`reported.grade`, `reported.scores.CODE`, one column per field or input) and one row of
values, as `perfscore batch` reads many — and the choice, for a file's cells, between it and a
filled-in form."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from ..cells import Cell, cell_text, spreadsheet_number
from ..errors import DataError
from ..forms.builder import RecordBuilder
from ..forms.layout import GRADE_KEY, TOTAL_KEY
from ..forms.reader import read_form_tables
from ..forms.tables import Table
from ..i18n import Message, say
from ..numbers import plain
from ..records import Record

MAX_ROWS = 100_000  # per sheet or CSV file: a form has a few hundred
EXTERNAL_PREFIX = "external_scores."
#: columns of what the report states: reported.total, reported.grade, reported.scores.CODE
REPORTED_PREFIX = "reported."
_REPORTED_SCORES = REPORTED_PREFIX + "scores."


def reported_column(name: str) -> str | None:
    """The `reported` entry a column states: "total", "grade", an indicator code (for
    `reported.scores.CODE`), or None when `name` is another `reported.` column (refused)."""
    rest = name[len(REPORTED_PREFIX) :]
    if rest in ("total", "grade"):
        return rest
    if name.startswith(_REPORTED_SCORES) and len(name) > len(_REPORTED_SCORES):
        return name[len(_REPORTED_SCORES) :]
    return None


def unknown_reported_column(name: str) -> Message:
    return say("error.data.unknown-reported-column", name=name)


NOT_A_FORM = say("error.form.not-a-form")


def record_of(
    builder: RecordBuilder,
    tables: list[tuple[str, Table]],
    first: list[list[Cell]],
    *,
    form_only: bool,
    not_a_form: Message = NOT_A_FORM,
) -> Record:
    """The record a file's cells hold: a form when some sheet has a form's header row (its
    `tables`), else (not `form_only`) the one-record table in `first`, its first sheet."""
    if tables:
        read_form_tables(tables, builder)
    elif form_only:
        raise DataError(not_a_form, file=builder.file)
    else:
        read_wide(first, builder)
    return builder.finish(Path(builder.file).stem)


def read_wide(rows: list[list[Cell]], builder: RecordBuilder) -> None:
    """A header row of names and one row of values (the layout `perfscore batch` reads)."""
    data = [row for row in rows[1:] if any(not c.blank for c in row)]
    if not data:
        where = rows[0][0].where if rows and rows[0] else "line 1"
        raise builder.error(say("error.data.no-rows"), where, None)
    if len(data) > 1:
        raise builder.error(
            say("error.data.many-rows", count=len(data)),
            data[1][0].where,
            None,
        )
    for head, cell in zip(rows[0], data[0], strict=False):
        name = cell_text(head.value)
        if not name or cell.blank:
            continue
        if name == "id":
            builder.meta["id"] = cell_text(cell.value)
        elif name.startswith(EXTERNAL_PREFIX):
            builder.score(name[len(EXTERNAL_PREFIX) :], cell, None, True)
        elif name.startswith(REPORTED_PREFIX):
            _read_reported(name, cell, builder, head)
        else:
            builder.once(name, cell)
            builder.locations[name] = cell.where
            value = cell.value
            if isinstance(value, float):
                value = spreadsheet_number(value)
            if cell.percent and isinstance(value, (int, Decimal)):
                value = f"{plain(Decimal(value) * 100)}%"
            builder.values[name] = value


def _read_reported(name: str, cell: Cell, builder: RecordBuilder, head: Cell) -> None:
    """A `reported.…` cell into the record's `reported`, as a form's 报告得分 goes there."""
    entry = reported_column(name)
    if entry is None:
        raise builder.error(unknown_reported_column(name), head.where, name)
    code = {"total": TOTAL_KEY, "grade": GRADE_KEY}.get(entry, entry)
    builder.score(code, None, cell, True)
