"""An Excel 97–2003 .xls (or a WPS .et saved as BIFF) checked before python-calamine reads it:
its OLE2 container walked sector by sector, then each sheet's BIFF records streamed for the
cells they place, the rows they use and the merged ranges they declare.

python-calamine allocates a sheet's extent — last row × last column of its cells — as one dense
grid (some 30 bytes a cell; a 6 KB file placing one cell at row 65,536 and column 16,384 asks for
a billion), and holds the whole Workbook stream. So the stream is found in the compound file
(its FAT and directory read with caps: a chain that loops or leaves the file is refused) and read
a sector at a time, and its records are counted as they come against the same `Limits` as an
.xlsx (`FORM_LIMITS` for one record, `TABLE_LIMITS` for a batch table): what exceeds one is one
DataError naming the file and the sheet (by its number), before calamine is called. The
DIMENSIONS record a sheet declares is checked too (a reader may size its grid by it)."""

from __future__ import annotations

import struct
from collections.abc import Iterator
from typing import Any, BinaryIO

from .errors import DataError
from .i18n import Message, say
from .workbook_check import Budget, Limits, check_extent, sheet_label

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END = 0xFFFFFFFE  # ENDOFCHAIN
_FREE = 0xFFFFFFFF
_STREAMS = ("workbook", "book")  # BIFF8 and BIFF5 name their stream so
_BOF, _EOF, _DIMENSIONS, _MERGED, _BOUNDSHEET = 0x0809, 0x000A, 0x0200, 0x00E5, 0x0085
#: records placing one cell: row (u16) and column (u16) first
_CELLS = frozenset({0x0203, 0x027E, 0x00FD, 0x0204, 0x0201, 0x0205, 0x0006, 0x00D6})
_SPANS = frozenset({0x00BD, 0x00BE})  # MULRK, MULBLANK: row, first column … last column
_WORKSHEET = 0x0010
_PART = "Workbook stream"


class _Compound:
    """The OLE2 compound file: its header, FAT and directory, read with caps."""

    def __init__(self, handle: BinaryIO, file: str, size: int) -> None:
        self.handle, self.file = handle, file
        header = self._read_at(0, 512)
        if header[:8] != OLE_MAGIC:
            raise self.error(say("error.xls.not-ole2"))
        shift, mini_shift = struct.unpack_from("<HH", header, 30)
        if not (7 <= shift <= 16 and mini_shift < shift):
            raise self.error(say("error.xls.sector-size", shift=shift))
        self.sector = 1 << shift
        self.mini = 1 << mini_shift
        self.sectors = max(0, size // self.sector - 1)  # what the file can hold
        fat_count, self.directory_start = struct.unpack_from("<II", header, 44)
        self.cutoff, self.minifat_start = struct.unpack_from("<II", header, 56)
        difat = list(struct.unpack_from("<109I", header, 76))
        difat += self._difat_chain(*struct.unpack_from("<II", header, 68))
        self.fat = self._fat([s for s in difat if s < self.sectors][: min(fat_count, len(difat))])

    def error(self, what: Message) -> DataError:
        return DataError(say("error.xls.unreadable", what=what), file=self.file)

    def _read_at(self, offset: int, length: int) -> bytes:
        self.handle.seek(offset)
        data = self.handle.read(length)
        if len(data) < length:
            raise self.error(say("error.xls.cut-short"))
        return data

    def read_sector(self, number: int) -> bytes:
        if number >= self.sectors:
            raise self.error(say("error.xls.sector-beyond", number=number))
        return self._read_at((number + 1) * self.sector, self.sector)

    def _difat_chain(self, first: int, count: int) -> list[int]:
        found: list[int] = []
        per = self.sector // 4 - 1
        for _ in range(min(count, self.sectors)):
            if first >= self.sectors:
                break
            entries = struct.unpack(f"<{per + 1}I", self.read_sector(first))
            found += entries[:per]
            first = entries[per]
        return found

    def _fat(self, sectors: list[int]) -> list[int]:
        fat: list[int] = []
        for number in sectors:
            fat += struct.unpack(f"<{self.sector // 4}I", self.read_sector(number))
        return fat

    def chain(self, first: int, table: list[int]) -> Iterator[int]:
        """The sector numbers of a chain, each once: a loop or a link out of the table is an
        error."""
        seen = 0
        while first not in (_END, _FREE):
            if first >= len(table) or seen > len(table):
                raise self.error(say("error.xls.chain"))
            yield first
            seen += 1
            first = table[first]

    def stream(self, start: int, size: int, entries: list[bytes]) -> Iterator[bytes]:
        """A stream's bytes, a sector at a time (a small stream from the mini stream)."""
        if size < self.cutoff:
            yield from self._mini_stream(start, size, entries[0])
            return
        left = size
        for number in self.chain(start, self.fat):
            if left <= 0:
                break
            data = self.read_sector(number)[:left]
            left -= len(data)
            yield data

    def _mini_stream(self, start: int, size: int, root: bytes) -> Iterator[bytes]:
        minifat: list[int] = []
        for number in self.chain(self.minifat_start, self.fat):
            minifat += struct.unpack(f"<{self.sector // 4}I", self.read_sector(number))
        container = list(self.chain(struct.unpack_from("<I", root, 116)[0], self.fat))
        per = self.sector // self.mini
        left = size
        for mini in self.chain(start, minifat):
            if left <= 0:
                break
            if mini // per >= len(container):
                raise self.error(say("error.xls.mini-sector"))
            offset = (mini % per) * self.mini
            data = self.read_sector(container[mini // per])[offset : offset + self.mini][:left]
            left -= len(data)
            yield data

    def workbook(self) -> Iterator[bytes]:
        """The Workbook (or Book) stream's bytes; an error when there is none."""
        entries: list[bytes] = []
        for number in self.chain(self.directory_start, self.fat):
            block = self.read_sector(number)
            entries += [block[i : i + 128] for i in range(0, len(block), 128)]
        for entry in entries:
            length = min(struct.unpack_from("<H", entry, 64)[0], 64)
            name = entry[: max(0, length - 2)].decode("utf-16-le", "replace").lower()
            if entry[66] == 2 and name in _STREAMS:
                start, size = struct.unpack_from("<II", entry, 116)
                return self.stream(start, size, entries)
        raise self.error(say("error.xls.no-workbook"))


def records(chunks: Iterator[bytes]) -> Iterator[tuple[int, bytes]]:
    """BIFF records (type, data) from a stream's chunks, held one record at a time."""
    buffer = b""
    for chunk in chunks:
        buffer += chunk
        while len(buffer) >= 4:
            kind, length = struct.unpack_from("<HH", buffer)
            if len(buffer) < 4 + length:
                break
            yield kind, buffer[4 : 4 + length]
            buffer = buffer[4 + length :]


class _Sheets:
    """The sheets' records counted against the limits as they come."""

    def __init__(self, file: str, limits: Limits, budget: Budget) -> None:
        self.file, self.limits, self.budget = file, limits, budget
        self.depth = self.number = 0
        self.names: list[str] = []  # BOUNDSHEET's, in the order of the sheets' substreams
        self.start()

    def start(self) -> None:
        self.rows: set[int] = set()
        self.last_row = self.last_column = self.merged = self.ranges = 0

    def record(self, kind: int, data: bytes) -> None:
        if kind == _BOF:
            self.depth += 1
            if self.depth == 1 and data[2:4] == _WORKSHEET.to_bytes(2, "little"):
                self.start()
            if self.depth == 1 and data[2:4] != b"\x05\x00":  # not the globals
                self.number += 1
        elif kind == _EOF:
            self.depth = max(0, self.depth - 1)
            if self.depth == 0:
                self.finish()
        elif len(data) >= 4 and (kind in _CELLS or kind in _SPANS):
            row, column = struct.unpack_from("<HH", data)
            last = struct.unpack_from("<H", data, len(data) - 2)[0] if kind in _SPANS else column
            self.cell(row, max(column, last))
        elif kind == _DIMENSIONS and len(data) >= 12:
            _, rows, _, columns = struct.unpack_from("<IIHH", data)
            self.declared(rows, columns)
        elif kind == _MERGED and len(data) >= 2:
            self.merge(data)
        elif kind == _BOUNDSHEET and len(data) >= 8:
            self.names.append(_sheet_name(data[6:]))

    def cell(self, row: int, column: int) -> None:
        self.rows.add(row)
        if len(self.rows) > self.limits.rows:
            raise self.error("error.workbook.too-many-rows", limit=self.limits.rows)
        self.last_row = max(self.last_row, row + 1)
        self.last_column = max(self.last_column, column + 1)

    def declared(self, rows: int, columns: int) -> None:
        """DIMENSIONS: one past the last row and column used, as the writer says."""
        check_extent(self.file, _PART, self.name(), self.limits, rows, columns)

    def merge(self, data: bytes) -> None:
        count = min(struct.unpack_from("<H", data)[0], (len(data) - 2) // 8)
        for first_row, last_row, first_column, last_column in struct.iter_unpack(
            "<HHHH", data[2 : 2 + 8 * count]
        ):
            self.ranges += 1
            rows, columns = abs(last_row - first_row) + 1, abs(last_column - first_column) + 1
            self.merged += rows * columns
            if self.ranges > self.limits.merged_ranges or self.merged > self.limits.merged_cells:
                raise self.error(
                    "error.workbook.merges",
                    cells=self.limits.merged_cells,
                    ranges=self.limits.merged_ranges,
                )

    def finish(self) -> None:
        check_extent(self.file, _PART, self.name(), self.limits, self.last_row, self.last_column)
        self.start()

    def name(self) -> str:
        """The sheet's name as BOUNDSHEET gives it, else its number."""
        return (
            self.names[self.number - 1] if 0 < self.number <= len(self.names) else str(self.number)
        )

    def error(self, key: str, **params: Any) -> DataError:
        return DataError(say(key, label=sheet_label(self.name(), _PART), **params), file=self.file)


def _sheet_name(text: bytes) -> str:
    """A BOUNDSHEET's name: a length, then (BIFF8) a flag for two-byte characters."""
    length, wide = text[0], len(text) > 1 and text[1] & 1
    if len(text) == length + 1:  # BIFF5: the bytes alone
        return text[1:].decode("latin-1")
    body = text[2 : 2 + length * (2 if wide else 1)]
    return body.decode("utf-16-le" if wide else "latin-1", "replace")


def check_xls(file: str, handle: BinaryIO, size: int, limits: Limits, budget: Budget) -> None:
    """Check the .xls in `handle` (`size` bytes) against `limits` within `budget`; DataError
    for the first limit exceeded, or a container that cannot be walked."""
    sheets = _Sheets(file, limits, budget)
    for count, (kind, data) in enumerate(records(_Compound(handle, file, size).workbook())):
        if count % 4096 == 0:
            budget.check()
        sheets.record(kind, data)
    sheets.finish()
