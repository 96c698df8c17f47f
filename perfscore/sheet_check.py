"""A workbook python-calamine reads (.xls, .ods, .xlsb, .et) checked before it does: the container
told by its content, then each sheet's cells counted — an .ods's content.xml streamed through
expat, an .xlsb's binary sheet records streamed, an .xls's BIFF records (perfscore.xls_check).

python-calamine allocates each sheet's extent as one dense grid, some 30 bytes a cell, before
perfscore can count it: a 9 KB .ods whose row `table:number-rows-repeated="20000"` holds a cell
repeated 1,000 times takes 2.5 GB and 9 s; the same with 90,000 rows aborts the process. So the
extent a sheet would have — its last row and column holding a value, repeats and spans counted
— is checked against the same `Limits` as an .xlsx (FORM_LIMITS for one record, TABLE_LIMITS for
a batch table), within their time budget, and what exceeds one is one DataError naming the file
and the sheet, before calamine is called."""

from __future__ import annotations

import contextlib
import os
import struct
import zipfile
from collections.abc import Iterator
from typing import Any
from xml.parsers import expat

from .errors import DataError
from .i18n import say
from .workbook_check import (
    Budget,
    Limits,
    check_extent,
    check_table,
    open_zip,
    part_label,
    part_sizes,
    sheet_label,
    stream_part,
)
from .xls_check import OLE_MAGIC, check_xls

_ODS_CONTENT = "content.xml"
_MAX_REPEAT = 1 << 40  # a repeat count beyond any sheet: refused as not one
_XLSB_CELLS = frozenset(range(1, 12))  # BrtCellBlank … BrtFmlaError: the column (u32) first
_XLSB_ROW, _XLSB_DIMENSION, _XLSB_MERGE = 0, 148, 176  # BrtRowHdr, BrtWsDim, BrtMergeCell


def check_calamine_workbook(file: str, limits: Limits, budget: Budget) -> None:
    """Check the workbook `file` python-calamine is to read against `limits` within `budget`
    (what is left of it is the reading's). A file that is neither a zip nor OLE2 is left to
    calamine, which refuses it."""
    try:
        size = os.stat(file).st_size
        with open(file, "rb") as handle:
            head = handle.read(len(OLE_MAGIC))
            if size > limits.file_bytes:
                open_zip(file, limits)  # the one message for a file over the limit
            if head == OLE_MAGIC:
                check_xls(file, handle, size, limits, budget)
                return
    except FileNotFoundError:
        raise DataError(say("error.no-such-file"), file=file) from None
    except OSError as exc:
        message = say("error.cannot-read-file", reason=exc.strerror or exc)
        raise DataError(message, file=file) from None
    if zipfile.is_zipfile(file):
        _check_zip(file, limits, budget)


def _check_zip(file: str, limits: Limits, budget: Budget) -> None:
    with open_zip(file, limits) as book:
        infos = part_sizes(book, file, limits)
        names = {info.filename for info in infos}
        if _ODS_CONTENT in names:
            _scan_ods(book, book.getinfo(_ODS_CONTENT), file, limits, budget)
        elif "xl/workbook.bin" in names:
            for info in infos:
                if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".bin"):
                    _scan_xlsb(book, info, file, limits, budget)
        elif "xl/workbook.xml" in names:  # an .xlsx by another name: as calamine reads one
            check_table(file, limits)


def _scan_ods(
    book: zipfile.ZipFile, info: zipfile.ZipInfo, file: str, limits: Limits, budget: Budget
) -> None:
    parser = expat.ParserCreate()
    sheets = _OdsSheets(file, limits)
    parser.StartDoctypeDeclHandler = sheets.doctype
    parser.EntityDeclHandler = sheets.doctype
    parser.StartElementHandler = sheets.start
    parser.EndElementHandler = sheets.end
    try:
        with contextlib.closing(stream_part(book, info, file, limits)) as chunks:
            for chunk in chunks:
                budget.check()
                parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        message = say("error.workbook.not-xml", label=part_label(_ODS_CONTENT), reason=exc)
        raise DataError(message, file=file) from None


class _OdsSheets:
    """content.xml's tables as expat gives them: each row's and cell's repeats and spans
    counted, the extent those holding a value reach checked as each row ends."""

    def __init__(self, file: str, limits: Limits) -> None:
        self.file, self.limits = file, limits
        self.name = ""
        self.row = self.column = self.repeat = self.cell_repeat = 0
        self.rows = self.last_row = self.last_column = self.merged = self.ranges = 0
        self.row_used = self.cell_used = False
        self.depth = 0  # elements open inside the current cell

    def doctype(self, *args: object) -> None:
        message = say("error.workbook.dtd", label=part_label(_ODS_CONTENT))
        raise DataError(message, file=self.file)

    def start(self, name: str, attributes: dict[str, str]) -> None:
        tag = name.rpartition(":")[2]
        if self.depth:
            self.depth += 1
            self.cell_used = True  # a paragraph, a link, an annotation: the cell holds something
        elif tag == "table":
            self.name = _attribute(attributes, "name") or ""
            self.row = self.rows = self.last_row = self.last_column = self.merged = 0
            self.ranges = 0
        elif tag == "table-row":
            self.repeat = self._count(attributes, "number-rows-repeated")
            self.column, self.row_used = 0, False
        elif tag in ("table-cell", "covered-table-cell"):
            self.depth = 1
            self.cell_repeat = self._count(attributes, "number-columns-repeated")
            self.cell_used = any(
                k.endswith("value-type") or k.endswith("formula") for k in attributes
            )
            self._span(attributes)

    def end(self, name: str) -> None:
        if self.depth > 1:
            self.depth -= 1
            return
        tag = name.rpartition(":")[2]
        if self.depth == 1:  # the cell ends
            self.depth = 0
            if self.cell_used:
                self.row_used = True
                self.last_column = max(self.last_column, self.column + self.cell_repeat)
            self.column += self.cell_repeat
        elif tag == "table-row":
            if self.row_used:
                self.rows += self.repeat
                self.last_row = self.row + self.repeat
                if self.rows > self.limits.rows:
                    raise self.error("error.workbook.too-many-rows", limit=self.limits.rows)
                self._extent()
            self.row += self.repeat
        elif tag == "table":
            self._extent()

    def _count(self, attributes: dict[str, str], key: str) -> int:
        text = _attribute(attributes, key) or "1"
        if not text.isdigit() or not 1 <= int(text) <= _MAX_REPEAT:
            raise self.error("error.workbook.repeats", value=text[:20])
        return int(text)

    def _span(self, attributes: dict[str, str]) -> None:
        rows = self._count(attributes, "number-rows-spanned")
        columns = self._count(attributes, "number-columns-spanned")
        if rows * columns > 1:
            self.ranges += self.cell_repeat * self.repeat
            self.merged += rows * columns * self.cell_repeat * self.repeat
            if self.ranges > self.limits.merged_ranges or self.merged > self.limits.merged_cells:
                raise self.error(
                    "error.workbook.merges",
                    cells=self.limits.merged_cells,
                    ranges=self.limits.merged_ranges,
                )

    def _extent(self) -> None:
        check_extent(
            self.file, _ODS_CONTENT, self.name, self.limits, self.last_row, self.last_column
        )

    def error(self, key: str, **params: Any) -> DataError:
        label = sheet_label(self.name, _ODS_CONTENT)
        return DataError(say(key, label=label, **params), file=self.file)


def _attribute(attributes: dict[str, str], local: str) -> str | None:
    """An attribute by its local name, whatever prefix the file binds to its namespace."""
    return next((v for k, v in attributes.items() if k.rpartition(":")[2] == local), None)


def _xlsb_records(chunks: Iterator[bytes]) -> Iterator[tuple[int, bytes]]:
    """An .xlsb part's records (type, data): a type of one or two bytes and a size of one to four,
    seven bits a byte, the high bit saying another follows; held one record at a time."""
    buffer = b""
    for chunk in chunks:
        buffer += chunk
        while True:
            header = _xlsb_header(buffer)
            if header is None or len(buffer) < header[2] + header[1]:
                break
            kind, size, at = header
            yield kind, buffer[at : at + size]
            buffer = buffer[at + size :]


def _xlsb_header(buffer: bytes) -> tuple[int, int, int] | None:
    """(type, size, where the data starts), or None while the header is incomplete."""
    values, at = [], 0
    for most in (2, 4):
        value = 0
        for shift in range(most):
            if at >= len(buffer):
                return None
            value |= (buffer[at] & 0x7F) << (7 * shift)
            at += 1
            if not buffer[at - 1] & 0x80:
                break
        values.append(value)
    return values[0], values[1], at


def _scan_xlsb(
    book: zipfile.ZipFile, info: zipfile.ZipInfo, file: str, limits: Limits, budget: Budget
) -> None:
    sheet = _XlsbSheet(file, info.filename, limits)
    with contextlib.closing(stream_part(book, info, file, limits)) as chunks:
        for count, (kind, data) in enumerate(_xlsb_records(chunks)):
            if count % 4096 == 0:
                budget.check()
            sheet.record(kind, data)
    check_extent(file, info.filename, None, limits, sheet.last_row, sheet.last_column)


class _XlsbSheet:
    """An .xlsb sheet's rows, cells, declared dimension and merged ranges, counted as they
    come."""

    def __init__(self, file: str, part: str, limits: Limits) -> None:
        self.file, self.part, self.limits = file, part, limits
        self.row = self.rows = self.last_row = self.last_column = self.merged = 0

    def record(self, kind: int, data: bytes) -> None:
        if kind == _XLSB_ROW and len(data) >= 4:
            self.row = int.from_bytes(data[:4], "little")
            self.rows += 1
            if self.rows > self.limits.rows:
                raise self.error("error.workbook.too-many-rows", limit=self.limits.rows)
        elif kind in _XLSB_CELLS and len(data) >= 4:
            self.last_row = max(self.last_row, self.row + 1)
            self.last_column = max(self.last_column, int.from_bytes(data[:4], "little") + 1)
        elif kind in (_XLSB_DIMENSION, _XLSB_MERGE) and len(data) >= 16:
            first_row, last_row, first_column, last_column = struct.unpack_from("<IIII", data)
            check_extent(self.file, self.part, None, self.limits, last_row + 1, last_column + 1)
            if kind == _XLSB_MERGE:
                rows, columns = abs(last_row - first_row) + 1, abs(last_column - first_column) + 1
                self.merged += rows * columns
                if self.merged > self.limits.merged_cells:
                    raise self.error("error.workbook.merges-cells", cells=self.limits.merged_cells)

    def error(self, key: str, **params: Any) -> DataError:
        return DataError(say(key, label=part_label(self.part), **params), file=self.file)
