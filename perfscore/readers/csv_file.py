"""DATA in a CSV file: the form as one table (a 类别 column), or a header row and one row of
values. The encoding — UTF-8 (BOM or not), GB18030/GBK, UTF-16 with a BOM — is decided by
`perfscore.encodings`, as for every text input."""

from __future__ import annotations

import io
from pathlib import Path

from ..cells import Cell
from ..encodings import DamagedLine, csv_records, read_text
from ..errors import DataError
from ..forms.builder import RecordBuilder
from ..forms.tables import find_table
from ..i18n import say
from ..injection import restore
from ..records import Record
from .wide import MAX_ROWS, record_of


def csv_rows(file: str) -> list[list[Cell]]:
    """The lines of a CSV file as rows of Cells ("line 7"), split as a batch table is
    (docs/batch.md): a line whose quote cannot close is a DataError naming it."""
    text = read_text(file)
    rows: list[list[Cell]] = []
    for line, row in csv_records(io.StringIO(text, newline="")):
        if line > MAX_ROWS:
            raise DataError(say("error.csv.too-many-lines", limit=MAX_ROWS), file=file)
        if isinstance(row, DamagedLine):
            raise DataError(say("error.csv.not-valid", reason=row.reason), file=file, line=line)
        # a form perfscore wrote quoted dangerous text ('=x, OWASP): read back what was meant
        rows.append([Cell(restore(value), f"line {line}") for value in row])
    return rows


def read_csv(path: str | Path, *, form_only: bool = False) -> Record:
    """The form as one CSV table, or a header row and one row of values (not: `form_only`).
    The encoding — UTF-8 (BOM or not), GB18030/GBK, UTF-16 with a BOM — is decided by
    `perfscore.encodings.detect_encoding`, as for every text input."""
    file = str(path)
    rows = csv_rows(file)
    found = find_table("", rows)
    return record_of(
        RecordBuilder(file),
        [found] if found is not None else [],
        rows,
        form_only=form_only,
        not_a_form=say("error.form.not-a-form-csv"),
    )
