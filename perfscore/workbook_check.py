"""A zip workbook checked before a reader library parses it: part sizes (read with a cap), each
sheet's XML streamed for its extent, rows and merged ranges, and XML that is not well-formed.

openpyxl builds every cell of a sheet's extent and of each merged range before perfscore sees
one (one cell at XFD1048576, or `<mergeCell ref="A20:XFD1048576"/>`, is 17 billion cells), and
python-calamine allocates the extent as one dense grid; both read a part whole. So a workbook is
looked at first, within limits (`FORM_LIMITS` for one record, `TABLE_LIMITS` for a batch table;
docs/security.md lists them): a part's declared size, then its bytes as they are inflated,
counted (a lying header cannot make a read longer than the limit), and the sheets' XML through
a streaming parser. Whatever exceeds a limit, or is not a readable zip or well-formed XML, is one
DataError naming the file and the part (and the sheet)."""

from __future__ import annotations

import contextlib
import os
import re
import time
import zipfile
import zlib
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree
from xml.parsers import expat

from .errors import DataError
from .i18n import Message, say

_CHUNK = 1 << 16
_CELL = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")
#: a cell or row reference in sheet XML (`r="B7"`, `r="7"`), for the quick scan of a table
_REF = re.compile(rb'\br="([A-Z]{0,3})([0-9]{1,7})"')
#: the parts a sheet's cells are in, beside xl/worksheets/ (an .ods holds them all in content.xml)
_BIG_PARTS = ("xl/sharedStrings.xml", "xl/sharedStrings.bin", "content.xml")
_MAX_ROW, _MAX_COLUMN = 1_048_576, 16_384  # what a sheet can hold (Excel's own limits)


@dataclass(frozen=True)
class Limits:
    """What a workbook may hold before it is parsed."""

    file_bytes: int  # the file on disk
    parts: int  # zip entries
    part_bytes: int  # one sheet or the shared strings, uncompressed
    other_bytes: int  # any other part (workbook.xml, styles, relationships …), uncompressed
    total_bytes: int  # every part, uncompressed
    rows: int  # rows with cells, per sheet
    columns: int  # the last column used, per sheet
    cells: int  # the extent a reader builds: last row × last column, per sheet
    merged_ranges: int  # per sheet
    merged_cells: int  # cells inside merged ranges, per sheet
    seconds: float | None  # the time the check and the reading may take (None: no budget)


#: A filled-in form or a one-record table (openpyxl builds every cell): a form has some
#: kilobytes, a few hundred rows and ten columns.
FORM_LIMITS = Limits(
    file_bytes=32 << 20,
    parts=1_000,
    part_bytes=32 << 20,
    other_bytes=32 << 20,
    total_bytes=128 << 20,
    rows=100_000,
    columns=4_096,
    cells=1_000_000,
    merged_ranges=10_000,
    merged_cells=100_000,
    seconds=60.0,
)
#: A batch's table of records (python-calamine builds the first sheet's extent as one grid).
TABLE_LIMITS = Limits(
    file_bytes=1 << 30,
    parts=10_000,
    part_bytes=2 << 30,
    other_bytes=32 << 20,
    total_bytes=4 << 30,
    rows=_MAX_ROW,
    columns=4_096,
    cells=20_000_000,
    merged_ranges=_MAX_ROW,
    merged_cells=_MAX_ROW * _MAX_COLUMN,
    seconds=None,
)


class Budget:
    """The time a workbook's reading may take: `check()` raises once it is spent."""

    def __init__(self, file: str, seconds: float | None) -> None:
        self.file = file
        self.seconds = seconds
        self.deadline = None if seconds is None else time.monotonic() + seconds

    def check(self) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise DataError(say("error.workbook.too-slow", seconds=self.seconds), file=self.file)


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_number(letters: str) -> int:
    """A -> 1, Z -> 26, AA -> 27."""
    number = 0
    for char in letters:
        number = number * 26 + ord(char) - 64
    return number


def check_workbook(file: str, limits: Limits, *, sheets: bool = True) -> Budget:
    """Check the zip workbook `file` (.xlsx, .xlsm; .xlsb and .ods for their sizes only:
    `sheets` False) against `limits`; the time budget left, for the reading that follows.
    DataError naming the file, the part and the sheet for the first limit exceeded."""
    budget = Budget(file, limits.seconds)
    book = open_zip(file, limits)
    with book:
        infos = part_sizes(book, file, limits)
        if not sheets:
            return budget
        names = _sheet_names(book, file, limits)
        for info in infos:
            if info.filename.lower().endswith((".xml", ".rels", ".vml")):
                label = names.get(info.filename)
                sheet = label is not None or info.filename.startswith("xl/worksheets/")
                with contextlib.closing(stream_part(book, info, file, limits)) as chunks:
                    _Sheet(file, info.filename, label, limits, budget).scan(chunks, sheet=sheet)
    return budget


def check_table(file: str, limits: Limits = TABLE_LIMITS) -> None:
    """Check a batch table's workbook `file` (.xlsx, .xlsm) against `limits`: its sizes, and its
    sheets' last row and column by a quick scan of their cell references (python-calamine parses
    the XML itself, and refuses what is not well-formed)."""
    book = open_zip(file, limits)
    with book:
        for info in part_sizes(book, file, limits):
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                last_row = last_column = 0
                tail = b""
                with contextlib.closing(stream_part(book, info, file, limits)) as chunks:
                    for chunk in chunks:
                        for match in _REF.finditer(tail + chunk):
                            last_row = max(last_row, int(match[2]))
                            if match[1]:
                                last_column = max(last_column, column_number(match[1].decode()))
                        tail = chunk[-32:]
                check_extent(file, info.filename, None, limits, last_row, last_column)


def open_zip(file: str, limits: Limits) -> zipfile.ZipFile:
    try:
        size = os.stat(file).st_size
        if size > limits.file_bytes:
            raise DataError(
                say("error.workbook.too-large", size=size, limit=limits.file_bytes),
                file=file,
            )
        return zipfile.ZipFile(file)
    except FileNotFoundError:
        raise DataError(say("error.no-such-file"), file=file) from None
    except OSError as exc:
        reason = exc.strerror or exc
        raise DataError(say("error.cannot-read-file", reason=reason), file=file) from None
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        message = say("error.workbook.not-zip", reason=exc)
        raise DataError(message, file=file) from None


def part_sizes(book: zipfile.ZipFile, file: str, limits: Limits) -> list[zipfile.ZipInfo]:
    """The parts, their number and declared sizes within the limits."""
    infos = book.infolist()
    if len(infos) > limits.parts:
        message = say("error.workbook.too-many-parts", count=len(infos), limit=limits.parts)
        raise DataError(message, file=file)
    total = 0
    for info in infos:
        _too_big(file, info.filename, info.file_size, limits)
        total += info.file_size
    if total > limits.total_bytes:
        raise DataError(
            say("error.workbook.parts-too-large", size=total, limit=limits.total_bytes),
            file=file,
        )
    return infos


def _too_big(file: str, part: str, size: int, limits: Limits) -> None:
    big = part.startswith("xl/worksheets/") or part in _BIG_PARTS
    largest = limits.part_bytes if big else limits.other_bytes
    if size > largest:
        raise DataError(
            say("error.workbook.part-too-large", part=part, size=size, limit=largest),
            file=file,
        )


def stream_part(
    book: zipfile.ZipFile, info: zipfile.ZipInfo, file: str, limits: Limits
) -> Generator[bytes, None, None]:
    """A part's bytes as they are inflated, counted against the limit whatever its header says;
    DataError naming the part when it cannot be read."""
    _too_big(file, info.filename, info.file_size, limits)
    read = 0
    try:
        with book.open(info) as part:
            while chunk := part.read(_CHUNK):
                read += len(chunk)
                _too_big(file, info.filename, read, limits)
                yield chunk
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as exc:
        message = say("error.workbook.part-unread", part=info.filename, reason=exc)
        raise DataError(message, file=file) from None
    except RuntimeError as exc:  # an encrypted part
        message = say("error.workbook.part-unread", part=info.filename, reason=exc)
        raise DataError(message, file=file) from None


def read_part(file: str, name: str, limits: Limits = FORM_LIMITS) -> bytes | None:
    """One part of the zip workbook `file`, read with the limits' cap; None when it has no
    such part. DataError when it cannot be read or is too big."""
    with open_zip(file, limits) as book:
        try:
            info = book.getinfo(name)
        except KeyError:
            return None
        with contextlib.closing(stream_part(book, info, file, limits)) as chunks:
            return b"".join(chunks)


def _sheet_names(book: zipfile.ZipFile, file: str, limits: Limits) -> dict[str, str]:
    """Each worksheet part and its sheet's name (from xl/workbook.xml and its relationships);
    {} when they cannot be told (the parts are then named by themselves)."""
    try:
        rels = _tree(book, "xl/_rels/workbook.xml.rels", file, limits)
        workbook = _tree(book, "xl/workbook.xml", file, limits)
    except KeyError:
        return {}
    targets = {}
    for rel in rels.iter():
        target = rel.get("Target")
        if rel.get("Id") and target:
            part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            targets[rel.get("Id")] = part
    names = {}
    for sheet in workbook.iter():
        if sheet.tag.rsplit("}", 1)[-1] != "sheet":
            continue
        rid = next((v for k, v in sheet.attrib.items() if k.rsplit("}", 1)[-1] == "id"), None)
        if rid in targets and sheet.get("name") is not None:
            names[targets[rid]] = str(sheet.get("name"))
    return names


def _tree(book: zipfile.ZipFile, name: str, file: str, limits: Limits) -> ElementTree.Element:
    with contextlib.closing(stream_part(book, book.getinfo(name), file, limits)) as chunks:
        data = b"".join(chunks)
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise DataError(say("error.workbook.dtd", label=part_label(name)), file=file)
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        message = say("error.workbook.not-xml", label=part_label(name), reason=exc)
        raise DataError(message, file=file) from None


class _Sheet:
    """One part streamed: well-formed XML, and for a sheet its rows, last cell and merged
    ranges counted against the limits as they come."""

    def __init__(
        self, file: str, part: str, name: str | None, limits: Limits, budget: Budget
    ) -> None:
        self.file, self.part, self.name = file, part, name
        self.limits, self.budget = limits, budget
        self.rows = self.row = self.column = self.last_row = self.last_column = 0
        self.ranges = self.merged = 0

    def scan(self, chunks: Iterator[bytes], *, sheet: bool) -> None:
        """Stream the part through expat (no tree is built; a DTD is refused)."""
        parser = expat.ParserCreate()
        parser.StartDoctypeDeclHandler = self._doctype
        parser.EntityDeclHandler = self._doctype
        if sheet:
            parser.StartElementHandler = self._element
        try:
            for chunk in chunks:
                self.budget.check()
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except expat.ExpatError as exc:
            raise self.error("error.workbook.not-xml", reason=exc) from None
        if sheet:
            check_extent(
                self.file, self.part, self.name, self.limits, self.last_row, self.last_column
            )

    def _doctype(self, *args: object) -> None:
        raise self.error("error.workbook.dtd")

    def _element(self, name: str, attributes: dict[str, str]) -> None:
        tag = name.rpartition(":")[2]  # x:c is c
        if tag == "row":
            self.rows += 1
            self.row = self._number(attributes.get("r"), self.row + 1, _MAX_ROW)
            self.column = 0
            if self.rows > self.limits.rows:
                raise self.error("error.workbook.too-many-rows", limit=self.limits.rows)
        elif tag == "c":
            self._cell(attributes.get("r"))
        elif tag == "mergeCell":
            self._merge(attributes.get("ref") or "")

    def _number(self, text: str | None, default: int, largest: int) -> int:
        if text is None:
            return default
        if not text.isdigit() or not 1 <= int(text) <= largest:
            raise self.error("error.workbook.row-number", value=text[:20])
        return int(text)

    def _cell(self, ref: str | None) -> None:
        if ref is None:
            self.column += 1
        else:
            match = _CELL.fullmatch(ref)
            if match is None:
                raise self.error("error.workbook.cell-reference", value=ref[:20])
            self.column, self.row = column_number(match[1]), int(match[2])
        if not (1 <= self.column <= _MAX_COLUMN and 1 <= self.row <= _MAX_ROW):
            raise self.error("error.workbook.cell-beyond", cell=ref or self.column)
        self.last_row = max(self.last_row, self.row)
        self.last_column = max(self.last_column, self.column)

    def _merge(self, ref: str) -> None:
        first, _, last = ref.partition(":")
        ends = [_CELL.fullmatch(first), _CELL.fullmatch(last or first)]
        if ends[0] is None or ends[1] is None:
            raise self.error("error.workbook.merged-range", value=ref[:40])
        rows = sorted(int(end[2]) for end in ends if end is not None)
        columns = sorted(column_number(end[1]) for end in ends if end is not None)
        self.ranges += 1
        self.merged += (rows[1] - rows[0] + 1) * (columns[1] - columns[0] + 1)
        if self.ranges > self.limits.merged_ranges or self.merged > self.limits.merged_cells:
            raise self.error(
                "error.workbook.merges-refused",
                cells=self.limits.merged_cells,
                ranges=self.limits.merged_ranges,
                ref=ref[:40],
            )
        self.last_row = max(self.last_row, rows[1])
        self.last_column = max(self.last_column, columns[1])

    def error(self, key: str, **params: Any) -> DataError:
        return DataError(say(key, label=_label(self.part, self.name), **params), file=self.file)


def part_label(part: str) -> Message:
    """A part of a workbook as an error names it."""
    return say("error.workbook.part", part=part)


def sheet_label(name: str, part: str) -> Message:
    """A sheet of a workbook, and the part holding it, as an error names them."""
    return say("error.workbook.sheet", name=name, part=part)


def _label(part: str, name: str | None) -> Message:
    return sheet_label(name, part) if name is not None else part_label(part)


def check_extent(
    file: str, part: str, name: str | None, limits: Limits, last_row: int, last_column: int
) -> None:
    """The extent a reader would build — last row × last column — within the limits."""
    if last_column > limits.columns or last_row * last_column > limits.cells:
        corner = f"{column_letter(last_column - 1)}{last_row}"
        raise DataError(
            say(
                "error.workbook.extent",
                label=_label(part, name),
                corner=corner,
                rows=last_row,
                columns=last_column,
                cells=limits.cells,
                most=limits.columns,
            ),
            file=file,
        )
