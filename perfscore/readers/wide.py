"""A one-record table — a header row (`id`, `external_scores.CODE`, one column per field or
input) and one row of values, as `perfscore batch` reads many — and the choice, for a file's
cells, between it and a filled-in form."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from ..cells import Cell, cell_text, spreadsheet_number
from ..errors import DataError
from ..forms.builder import RecordBuilder
from ..forms.reader import read_form_tables
from ..forms.tables import Table
from ..numbers import plain
from ..records import Record

MAX_ROWS = 100_000  # per sheet or CSV file: a form has a few hundred
EXTERNAL_PREFIX = "external_scores."
NOT_A_FORM = (
    "not a filled-in form: no sheet holds the form's header rows (字段 … 填写值, 输入 … 填写值, "
    "代码 … 报告得分); write one with perfscore template"
)


def record_of(
    builder: RecordBuilder,
    tables: list[tuple[str, Table]],
    first: list[list[Cell]],
    *,
    form_only: bool,
    not_a_form: str = NOT_A_FORM,
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
        raise builder.error(
            "no data: expected a form, or a header row and one row of values", where, None
        )
    if len(data) > 1:
        raise builder.error(
            f"{len(data)} rows of values: one record per file here; use perfscore batch for many",
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
        else:
            builder.once(name, cell)
            builder.locations[name] = cell.where
            value = cell.value
            if isinstance(value, float):
                value = spreadsheet_number(value)
            if cell.percent and isinstance(value, (int, Decimal)):
                value = f"{plain(Decimal(value) * 100)}%"
            builder.values[name] = value
