"""Spreadsheets that are not .xlsx — .xls, .ods, .xlsb, WPS .et — read with python-calamine.

python-calamine (Rust calamine bound for Python) reads Excel 97–2003 .xls (BIFF), .xlsb,
OpenDocument .ods and .xlsx, tells the format from the content (so a WPS .et that is BIFF
inside reads too), and gives cell values with their positions; merged ranges for .xls/.xlsx
(not .ods). It does not give number formats, so a cell shown as a percentage is not told from
a plain number: see `Cell.percent` in perfscore.cells.

Numbers arrive as Python floats (or ints); `exact` turns them into Decimals the way Excel shows
them — 15 significant digits — so that no binary float reaches the engine: every value a person
types (at most 15 significant digits) comes back exactly, and a computed 0.30000000000000004
reads as 0.3, as Excel displays it.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from .errors import DataError
from .i18n import say
from .numbers import to_decimal
from .sheet_check import check_calamine_workbook
from .workbook_check import FORM_LIMITS, TABLE_LIMITS, Budget, Limits, check_table

#: suffixes python-calamine reads (by content; the suffix only chooses this reader)
CALAMINE_SUFFIXES = (".xls", ".xlsb", ".ods", ".et")
#: every spreadsheet suffix perfscore reads
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", *CALAMINE_SUFFIXES)
ET_MESSAGE = say("error.sheet.et")


def exact(value: Any) -> Any:
    """A cell value with floats as Decimals at Excel's 15 significant digits (as text when out
    of the range numbers are read in, so that the record's error names the field); "" as
    None."""
    if isinstance(value, float):
        shown = format(value, ".15g")
        try:
            return to_decimal(shown)
        except ValueError:  # beyond the figures perfscore reads (1E18): the record's error
            return shown
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return Decimal(value)
    if value == "":
        return None
    return value


@dataclass(frozen=True)
class Sheet:
    """One sheet: its name, rows of raw values from A1 (a grid with blanks), merged ranges
    (0-based, inclusive: first row, last row, first col, last col) or None when the format
    cannot tell (.ods)."""

    name: str
    rows: list[list[Any]]
    merged: tuple[tuple[int, int, int, int], ...] | None


def _open(path: str, limits: Limits, budget: Budget) -> Any:
    """The file and its calamine workbook; the container is checked first, within `budget`:
    an .xlsx's part sizes and sheet extents (perfscore.workbook_check), an .xls's, .ods's or
    .xlsb's sheets' extents, rows and merged ranges (perfscore.sheet_check), which calamine
    would allocate as one grid."""
    from python_calamine import CalamineWorkbook

    if Path(path).suffix.lower() in (".xlsx", ".xlsm") and zipfile.is_zipfile(path):
        check_table(path, limits)
    else:
        check_calamine_workbook(path, limits, budget)
    budget.check()

    handle = open(path, "rb")  # noqa: SIM115  (calamine reads from it until closed below)
    try:
        return handle, CalamineWorkbook.from_filelike(handle)
    except BaseException:
        handle.close()
        raise


def _refusal(path: str, exc: Exception) -> DataError:
    suffix = Path(path).suffix.lower()
    if suffix == ".et":
        return DataError(ET_MESSAGE, file=path)
    kind = {".xls": "Excel 97-2003 .xls", ".ods": "OpenDocument .ods"}.get(suffix, suffix)
    saved = suffix in (".xlsx", ".xlsm")
    key = "error.sheet.unreadable" if saved else "error.sheet.unreadable-save"
    return DataError(say(key, kind=kind, reason=exc), file=path)


def read_sheets(
    path: str | Path,
    *,
    max_rows: int,
    max_sheets: int | None = None,
    head: int | None = None,
    budget: Budget | None = None,
) -> list[Sheet]:
    """Every sheet of a workbook python-calamine reads (its first `max_sheets`; only the first
    `head` rows of each, for a look at the header rows), within a form's limits and its time
    `budget` (a new one by default), checked before each sheet; DataError naming the file (with
    what to do) when it cannot be read, a sheet has more than `max_rows` rows, or the budget is
    spent."""
    file = str(path)
    budget = budget or Budget(file, FORM_LIMITS.seconds)
    try:
        handle, book = _open(file, FORM_LIMITS, budget)
    except DataError:
        raise
    except FileNotFoundError:
        raise DataError(say("error.no-such-file"), file=file) from None
    except OSError as exc:
        reason = exc.strerror or exc
        raise DataError(say("error.cannot-read-file", reason=reason), file=file) from None
    except Exception as exc:  # calamine raises its own errors, and ValueError, on a bad file
        raise _refusal(file, exc) from None
    sheets = []
    try:
        for name in book.sheet_names[:max_sheets]:
            budget.check()
            sheet = book.get_sheet_by_name(name)
            if head is None and sheet.height > max_rows:
                message = say("error.sheet.too-many-rows", name=name, limit=max_rows)
                raise DataError(message, file=file)
            rows = sheet.to_python(skip_empty_area=False, nrows=head)
            ranges = sheet.merged_cell_ranges
            merged = (
                None if ranges is None else tuple((r1, r2, c1, c2) for (r1, c1), (r2, c2) in ranges)
            )
            sheets.append(Sheet(name, rows, merged))
        budget.check()
    except DataError:
        raise
    except Exception as exc:
        raise _refusal(file, exc) from None
    finally:
        book.close()
        handle.close()
    return sheets


def iter_first_sheet(path: str | Path) -> Iterator[tuple[int, list[Any]]]:
    """The first sheet's rows as (row number from 1, values with floats as Decimals and blanks
    as None), for a table of records in batch; DataError when the workbook cannot be read."""
    file = str(path)
    try:
        handle, book = _open(file, TABLE_LIMITS, Budget(file, TABLE_LIMITS.seconds))
    except DataError:
        raise
    except OSError as exc:
        message = say("error.sheet.cannot-read", reason=exc.strerror or exc)
        raise DataError(message, file=file) from None
    except Exception as exc:
        raise _refusal(file, exc) from None
    try:
        try:
            # iter_rows: rows from the sheet's first (row numbers as Excel shows them), columns
            # from the first used one; converted to Python lists one at a time
            rows = book.get_sheet_by_index(0).iter_rows()
        except Exception as exc:
            raise _refusal(file, exc) from None
        for number, row in enumerate(rows, 1):
            yield number, [exact(value) for value in row]
    finally:
        book.close()
        handle.close()
