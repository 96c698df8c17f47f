"""Filled-in forms among other files: whether a file is a form (`is_form`, by its layout), a
form read as one record (`read_form`), and the 记录编号 a form states, read on its own
(`form_id`) — what `perfscore batch` needs to take forms as inputs."""

from __future__ import annotations

import contextlib
import csv
import html
import io
import re
import warnings
import zipfile
from collections.abc import Generator, Iterable
from pathlib import Path
from typing import Any

from ..cells import Cell
from ..encodings import PREFIX_BYTES, decode_prefix
from ..errors import DataError
from ..forms.builder import RecordBuilder
from ..forms.layout import (
    CATEGORY,
    FIELD,
    FIELDS_TABLE,
    FORM_SHEETS,
    HEADER_SEARCH_ROWS,
    LONG_TABLE,
    META,
    RECORD,
    VALUE,
)
from ..forms.reader import read_meta
from ..forms.tables import Table, find_table
from ..i18n import say
from ..injection import restore
from ..records import Record
from ..sheets import CALAMINE_SUFFIXES, SPREADSHEET_SUFFIXES, read_sheets
from ..workbook_check import FORM_LIMITS, check_workbook, read_part
from .csv_file import read_csv
from .wide import MAX_ROWS
from .workbooks import calamine_rows, read_workbook, read_xlsx

FORM_SUFFIXES = (*SPREADSHEET_SUFFIXES, ".csv")
_FORM_MAX_BYTES = 8 << 20  # uncompressed: a form with renamed sheets is looked into below this
_SHEET_NAME = re.compile(r"<(?:\w+:)?sheet\b[^>]*?\bname=\"([^\"]*)\"")
_MAX_SHEETS = 20  # sheets looked into for a form's header row
_ID_LINES = 20  # lines of a CSV form looked into for its 记录编号


def is_form(path: str | Path) -> bool | None:
    """Whether `path` (.xlsx, .xlsm or .csv) is a form as `perfscore template` writes it —
    one record — rather than a table of records (a header row, a record a row). Told by its
    layout: the form's sheet names, else a sheet (or the CSV) whose first rows hold one of the
    form's header rows, as `read_xlsx` finds them (looked for only in a workbook of less than
    8 MB uncompressed: a form has some kilobytes, a big table is not parsed twice). None when
    the file cannot be opened."""
    file = str(path)
    suffix = Path(file).suffix.lower()
    if suffix == ".csv":
        return _csv_is_form(file)
    if suffix in CALAMINE_SUFFIXES:
        try:
            if Path(file).stat().st_size > _FORM_MAX_BYTES:
                return False
            return any(found is not None for found in _calamine_heads(file))
        except (OSError, DataError):
            return None
    return _xlsx_is_form(file)


def _csv_head(file: str) -> str | None:
    """The first bytes of a CSV file as text (None when their encoding cannot be told)."""
    with open(file, "rb") as handle:
        head = handle.read(PREFIX_BYTES + 1)
    return decode_prefix(head[:PREFIX_BYTES], complete=len(head) <= PREFIX_BYTES)


def _csv_is_form(file: str) -> bool | None:
    try:
        text = _csv_head(file)
    except OSError:
        return None
    if text is None:
        return None
    lines = text.splitlines()[:HEADER_SEARCH_ROWS]
    try:
        rows = [[Cell(v, "") for v in row] for row in csv.reader(lines)]
    except csv.Error:
        return False
    return find_table("", rows) is not None


def _calamine_heads(file: str) -> list[tuple[str, Table] | None]:
    """The form sheet each of a calamine workbook's first sheets is, by its first rows."""
    sheets = read_sheets(file, max_rows=MAX_ROWS, max_sheets=_MAX_SHEETS, head=HEADER_SEARCH_ROWS)
    return [find_table(s.name, calamine_rows(s)) for s in sheets]


def _xlsx_heads(file: str) -> Generator[tuple[str, Table] | None, None, None]:
    """The form sheet each of an .xlsx workbook's first sheets is, by its first rows (read-only:
    the rest of a big table is not read)."""
    from openpyxl import load_workbook  # openpyxl is loaded when a workbook is read

    check_workbook(file, FORM_LIMITS, sheets=False)  # read-only mode still reads parts whole
    # openpyxl leaves a file it opened open when it fails on it: it reads one opened here
    with open(file, "rb") as handle:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = load_workbook(handle, read_only=True, data_only=True)
        yield from _heads_of(wb)


def _heads_of(wb: Any) -> Generator[tuple[str, Table] | None, None, None]:
    try:
        for ws in wb.worksheets[:_MAX_SHEETS]:
            ws.reset_dimensions()  # read-only mode trusts <dimension>, which may be wrong
            rows = [
                [Cell(value, "") for value in row]
                for row in ws.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True)
            ]
            yield find_table(ws.title, rows)
    finally:
        wb.close()


def _xlsx_is_form(file: str) -> bool | None:
    try:
        workbook = read_part(file, "xl/workbook.xml")  # with a cap, whatever its header says
        with zipfile.ZipFile(file) as book:
            size = sum(info.file_size for info in book.infolist())
    except (OSError, zipfile.BadZipFile, ValueError, DataError):
        return None
    if workbook is None:
        return None
    names = {html.unescape(n) for n in _SHEET_NAME.findall(workbook.decode("utf-8", "replace"))}
    if len(names & FORM_SHEETS) >= 2:
        return True
    if size > _FORM_MAX_BYTES:  # a form is some kilobytes: this is a table (and not parsed twice)
        return False
    heads = _xlsx_heads(file)
    try:
        return any(found is not None for found in heads)
    except Exception:  # openpyxl raises many kinds on a damaged file
        return None
    finally:
        heads.close()


def read_form(path: str | Path) -> Record:
    """A filled-in form (.xlsx, .xlsm, .xls, .ods, .xlsb, .et or .csv) as one record; DataError
    naming the file when it is something else (a table of records, another suffix) or the sheet
    and cell it cannot read.
    The record's id is the form's 记录编号, else the file's name without its suffix."""
    file = str(path)
    suffix = Path(file).suffix.lower()
    if suffix not in FORM_SUFFIXES:
        raise DataError(
            say("error.form.unknown-suffix", suffix=suffix, formats=", ".join(FORM_SUFFIXES))
            if suffix
            else say("error.form.no-suffix", formats=", ".join(FORM_SUFFIXES)),
            file=file,
        )
    if suffix == ".csv":
        return read_csv(file, form_only=True)
    if suffix in CALAMINE_SUFFIXES:
        return read_workbook(file, form_only=True)
    return read_xlsx(file, form_only=True)


def form_id(path: str | Path) -> str | None:
    """The 记录编号 a form states, read on its own (for a form that cannot be read in full, so
    that its error row still says whose it is); None when there is none or it cannot be read."""
    file = str(path)
    builder = RecordBuilder(file)
    try:
        suffix = Path(file).suffix.lower()
        if suffix == ".csv":
            _csv_meta(file, builder)
        elif suffix in CALAMINE_SUFFIXES:
            _fields_meta(_calamine_heads(file), builder)
        else:
            with contextlib.closing(_xlsx_heads(file)) as heads:
                _fields_meta(heads, builder)
    except Exception:  # whatever kept the form from being read may keep this from it too
        return None
    return builder.meta.get("id")


def _fields_meta(heads: Iterable[tuple[str, Table] | None], builder: RecordBuilder) -> None:
    """The lines above the first 基础数据 sheet's header into `builder.meta`."""
    for found in heads:
        if found is not None and found[0] == FIELDS_TABLE:
            read_meta(found[1], builder)
            return


def _csv_meta(file: str, builder: RecordBuilder) -> None:
    """The 记录 lines of a CSV form (within its first lines) into `builder.meta`."""
    text = _csv_head(file)
    if text is None:
        return
    rows = [
        [Cell(restore(value), f"line {n}") for value in row]
        for n, row in enumerate(csv.reader(io.StringIO(text, newline="")), 1)
        if n <= _ID_LINES
    ]
    found = find_table("", rows)
    if found is not None and found[0] == LONG_TABLE:
        table = found[1]
        for row in table.body():
            label, cell = table.text(row, FIELD), table.get(row, VALUE)
            if table.text(row, CATEGORY) == RECORD and label in META and cell is not None:
                builder.metadata(label, cell)
