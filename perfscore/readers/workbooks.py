"""DATA in a workbook: .xlsx and .xlsm through openpyxl (number formats known: a cell shown as
a percentage reads as one), .xls, .ods, .xlsb and WPS .et through python-calamine
(perfscore.sheets: no number formats; merged cells for .xls, not .ods). Either a filled-in form
or a one-record table on the first sheet."""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path
from typing import Any

from ..cells import Cell
from ..errors import DataError
from ..forms.builder import RecordBuilder
from ..forms.layout import ROWS_TABLE
from ..forms.tables import Table, find_table
from ..i18n import say
from ..records import Record
from ..sheets import Sheet, read_sheets
from ..workbook_check import FORM_LIMITS, Budget, check_workbook, column_letter
from .wide import MAX_ROWS, record_of


def sheet_rows(ws: Any, name: str, file: str, budget: Budget | None = None) -> list[list[Cell]]:
    """An openpyxl worksheet as rows of Cells ("基础数据!C7"), each knowing whether Excel shows
    it as a percentage (within the time `budget`, checked every 1,000 rows)."""
    rows: list[list[Cell]] = []
    for r, row in enumerate(ws.iter_rows(), 1):
        if budget is not None and r % 1000 == 0:
            budget.check()
        if r > MAX_ROWS:
            raise DataError(say("error.sheet.too-many-rows", name=name, limit=MAX_ROWS), file=file)
        rows.append(
            [
                Cell(c.value, f"{name}!{c.coordinate}", "%" in str(c.number_format or ""))
                for c in row
                if hasattr(c, "coordinate")
            ]
        )
    return rows


def read_xlsx(path: str | Path, *, form_only: bool = False) -> Record:
    """A filled-in form, or a one-record table, from an .xlsx file (only a form: `form_only`)."""
    from openpyxl import load_workbook  # openpyxl is loaded when a workbook is read
    from openpyxl.utils.exceptions import InvalidFileException

    file = str(path)
    # the container first: part sizes, each sheet's extent and merged ranges, well-formed XML
    budget = check_workbook(file, FORM_LIMITS)
    try:
        # read from a file opened here: openpyxl leaves one it opened open when it fails on it
        with open(file, "rb") as handle, warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about Excel extensions it drops
            wb = load_workbook(handle, data_only=True)
    except FileNotFoundError:
        raise DataError(say("error.no-such-file"), file=file) from None
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise DataError(say("error.xlsx.unreadable", reason=exc), file=file) from None
    except Exception as exc:  # openpyxl raises many kinds on a workbook it cannot make sense of
        message = say("error.xlsx.unreadable-kind", kind=type(exc).__name__)
        raise DataError(message, file=file) from None
    budget.check()
    tables: list[tuple[str, Table]] = []
    sheets = []
    for ws in wb.worksheets:
        rows = sheet_rows(ws, ws.title, file, budget)
        sheets.append(rows)
        found = find_table(ws.title, rows)
        if found is not None:
            found[1].merged = tuple(
                (m.min_row - 1, m.max_row - 1, m.min_col - 1, m.max_col - 1)
                for m in ws.merged_cells.ranges
            )
            tables.append(found)
    first = sheets[0] if sheets else []
    return record_of(RecordBuilder(file), tables, first, form_only=form_only)


def calamine_rows(sheet: Sheet, budget: Budget | None = None) -> list[list[Cell]]:
    """A calamine sheet as rows of Cells named like openpyxl's ("基础数据!C7"); the number
    format is unknown (`percent` None). Within the time `budget`, checked every 1,000 rows."""
    rows = []
    for r, row in enumerate(sheet.rows, 1):
        if budget is not None and r % 1000 == 0:
            budget.check()
        rows.append(
            [
                Cell(None if value == "" else value, f"{sheet.name}!{column_letter(c)}{r}", None)
                for c, value in enumerate(row)
            ]
        )
    return rows


def read_workbook(path: str | Path, *, form_only: bool = False) -> Record:
    """A filled-in form, or a one-record table, from an .xls, .ods, .xlsb or WPS .et workbook
    (python-calamine): read as `read_xlsx` reads an .xlsx. Merged cells are known for .xls
    (not .ods: a form with a rows sheet must then be saved as .xlsx); number formats are not
    known, so a number in a % field must be typed as text ("98%")."""
    file = str(path)
    tables: list[tuple[str, Table]] = []
    sheets = []
    budget = Budget(file, FORM_LIMITS.seconds)  # the same budget as an .xlsx form's
    for sheet in read_sheets(file, max_rows=MAX_ROWS, budget=budget):
        rows = calamine_rows(sheet, budget)
        sheets.append(rows)
        found = find_table(sheet.name, rows)
        if found is not None:
            if found[0] == ROWS_TABLE and sheet.merged is None:
                raise DataError(
                    say("error.sheet.merged-unread", name=sheet.name),
                    file=file,
                )
            found[1].merged = sheet.merged or ()
            tables.append(found)
    first = sheets[0] if sheets else []
    return record_of(RecordBuilder(file), tables, first, form_only=form_only)
