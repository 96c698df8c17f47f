"""The cells of an indicator table: every table of a .docx, every sheet of a workbook, or a
.csv, as grids of text with merged cells filled from their first cell."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..cells import cell_text
from ..encodings import csv_records, read_text
from ..errors import DataError, UsageError
from ..i18n import say
from ..injection import restore
from ..sheets import SPREADSHEET_SUFFIXES, exact, read_sheets

#: the most rows a table may have (an indicator table has a few hundred at most)
MAX_ROWS = 5000
SUFFIXES = (*SPREADSHEET_SUFFIXES, ".csv", ".docx")
#: what starts the machine-readable part of an export (`machine`): a sheet's first cell, the
#: first word of each of a Word file's hidden paragraphs holding it
MARK = "perfscore-export"


@dataclass(frozen=True)
class Grid:
    """One table: where it is ("表1", a sheet's name) and its rows of cell text."""

    name: str
    rows: list[list[str]]
    title: str = ""  # the paragraph just above a Word table (its caption), if any


def read_grids(path: str | Path) -> list[Grid]:
    """Every table in the file, by its suffix; DataError naming the file when it cannot be
    read, UsageError for a suffix that is not a table's."""
    file = str(path)
    suffix = Path(file).suffix.lower()
    if suffix == ".docx":
        return _docx(file)
    if suffix == ".csv":
        return [_csv(file)]
    if suffix in SPREADSHEET_SUFFIXES:
        return [_sheet(sheet.name, sheet.rows, sheet.merged)
                for sheet in read_sheets(file, max_rows=MAX_ROWS)]
    raise UsageError(say("error.import.suffix", file=file, formats=", ".join(SUFFIXES)))


def _text(value: Any) -> str:
    """A cell's text: a number as Excel shows it; leading spaces kept (an indentation level)."""
    if isinstance(value, str):
        return value.rstrip()
    value = exact(value)
    return "" if value is None else cell_text(value)


def _sheet(name: str, rows: list[list[Any]], merged: Any) -> Grid:
    grid = [[_text(v) for v in row] for row in rows]
    for first_row, last_row, first_col, last_col in merged or ():
        value = grid[first_row][first_col] if first_row < len(grid) else ""
        for r in range(first_row, min(last_row, len(grid) - 1) + 1):
            for c in range(first_col, min(last_col, len(grid[r]) - 1) + 1):
                grid[r][c] = value
    return Grid(name, grid)


def _csv(file: str) -> Grid:
    text = read_text(file)
    rows: list[list[str]] = []
    for number, record in csv_records(text.splitlines(keepends=True)):
        if not isinstance(record, list):
            raise DataError(record.reason, file=file, line=number)
        rows.append([restore(cell.rstrip()) for cell in record])  # an export's csv: '=… is =…
        if len(rows) > MAX_ROWS:
            raise DataError(say("error.import.too-many-rows", limit=MAX_ROWS), file=file)
    return Grid(Path(file).name, rows)


def _docx(file: str) -> list[Grid]:
    try:
        import docx
    except ImportError:
        raise UsageError(say("error.import.needs-docx")) from None
    try:
        document = docx.Document(file)
    except FileNotFoundError:
        raise DataError(say("error.no-such-file"), file=file) from None
    except Exception as exc:  # python-docx raises its own errors and zipfile's on a bad file
        message = say("error.import.unreadable-docx", kind=type(exc).__name__)
        raise DataError(message, file=file) from None
    grids = []
    titles = _captions(document)
    for number, table in enumerate(document.tables, 1):
        # python-docx gives a merged cell once per grid cell it covers: filled as wanted
        rows = [[cell.text.rstrip() for cell in row.cells] for row in table.rows]
        if len(rows) > MAX_ROWS:
            message = say("error.import.table-too-many-rows", number=number, limit=MAX_ROWS)
            raise DataError(message, file=file)
        grids.append(Grid(f"表{number}", rows, titles[number - 1] if number <= len(titles) else ""))
    return grids + _hidden_part(document)


def _hidden_part(document: Any) -> list[Grid]:
    """The paragraphs "MARK KEY\nTEXT" of an export (`machine`), as a grid of [KEY, TEXT] rows."""
    rows = []
    for paragraph in document.paragraphs:
        head, _, text = paragraph.text.partition("\n")
        mark, _, key = head.partition(" ")
        if mark == MARK and key:
            rows.append([key.strip(), text])
    return [Grid(MARK, [[MARK, ""], *rows])] if rows else []


def _captions(document: Any) -> list[str]:
    """For each table of the body, the last non-blank paragraph before it ("" if none)."""
    captions, last = [], ""
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(t.text or "" for t in element.iter() if t.tag.endswith("}t")).strip()
            last = text or last
        elif tag == "tbl":
            captions.append(last)
            last = ""
    return captions
