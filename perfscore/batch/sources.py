"""Reading a batch's inputs lazily: each table of records (csv in whatever encoding
perfscore.encodings decides, jsonl, a spreadsheet through python-calamine) one row or line at a
time, and filled-in forms by name, all as chunks (start, decode, raws) of cheap raw rows that
the chunk's `decode` turns into records where the chunk is scored (perhaps in a worker)."""

from __future__ import annotations

import contextlib
import datetime
import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from ..encodings import (
    MAX_LINE_CHARS,
    UNKNOWN_ENCODING,
    DamagedLine,
    LongLine,
    bounded_lines,
    csv_records,
    encoding_name,
    sniff_file,
)
from ..engine.many import Unreadable
from ..errors import DataError
from ..i18n import say
from ..sheets import iter_first_sheet
from .decoders import (
    FormDecoder,
    JsonDecoder,
    TableDecoder,
    TableRows,
    cell_text,
    damaged_id,
    has_surrogate,
)
from .planning import SHEET_FORMATS, BatchInput

#: Records per chunk handed to a worker (and written at once).
CHUNK_SIZE = 500
#: Forms per chunk: reading a form takes milliseconds, so that a few keep a worker busy.
FORM_CHUNK_SIZE = 8
_ZIP_EARLIEST = 315532800  # 1980-01-01T00:00:00Z, the first time a zip entry can hold
_ZIP_LATEST = 4354819199  # 2107-12-31T23:59:59Z, the last
#: A chunk: the index of its first record, the picklable decoder, the raw rows (number, raw).
Chunk = tuple[int, Callable[[int, Any], Any], list[tuple[int, Any]]]


class Inputs:
    """Every input in turn, as chunks (start, decode, raws) that never span two inputs."""

    def __init__(self, inputs: list[BatchInput], items: frozenset[str]) -> None:
        self.inputs = inputs
        self.items = items
        self.done = 0  # inputs read in full
        self.current: Source | None = None

    def position(self) -> float | None:
        here = self.current.position() if self.current is not None else None
        if len(self.inputs) == 1:
            return here
        return min((self.done + (here or 0.0)) / len(self.inputs), 1.0)

    def stamp(self) -> datetime.datetime:
        """The xlsx output's timestamp: the latest input's modification time, within what a
        zip entry can hold (1980-01-01 to 2107-12-31): a file dated outside it is clamped."""
        latest = max(int(item.path.stat().st_mtime) for item in self.inputs)
        return datetime.datetime.fromtimestamp(
            min(max(latest, _ZIP_EARLIEST), _ZIP_LATEST), tz=datetime.UTC
        )

    def chunks(self, size: int) -> Iterator[Chunk]:
        start = 0
        forms: list[tuple[int, Any]] = []
        form_size = max(1, min(size, FORM_CHUNK_SIZE))
        decoder = FormDecoder()
        for number, item in enumerate(self.inputs, 1):
            if item.kind == "form":
                forms.append((number, str(item.path)))
                if len(forms) >= form_size:
                    self.done += len(forms)
                    yield start, decoder, forms
                    start, forms = start + len(forms), []
                continue
            if forms:
                self.done += len(forms)
                yield start, decoder, forms
                start, forms = start + len(forms), []
            source = Source(item.path, item.kind, self.items)
            self.current = source
            count = 0
            for offset, raws in _chunks(source.raws(), size):
                count = offset + len(raws)
                yield start + offset, source.decoder, raws
            self.current = None
            self.done += 1
            start += count
        if forms:
            self.done += len(forms)
            yield start, decoder, forms


class Source:
    """An input file read lazily: `raws()` yields cheap raw rows (line, payload) that a
    `decode` function — picklable, so that it can run in a worker — turns into records."""

    def __init__(self, path: Path, fmt: str, items: frozenset[str]) -> None:
        self.path = path
        self.fmt = fmt
        self.items = items
        self.label = str(path)
        self.size = path.stat().st_size
        self._binary: IO[bytes] | None = None
        self.decoder: Any = None
        self.encoding = "UTF-8"

    def position(self) -> float | None:
        """The fraction of the input read so far, when it can be told."""
        if self._binary is None or not self.size:
            return None
        with contextlib.suppress(OSError, ValueError):
            return min(self._binary.tell() / self.size, 1.0)
        return None

    def raws(self) -> Iterator[tuple[int, Any]]:
        if self.fmt in SHEET_FORMATS:
            yield from self._sheet()
            return
        encoding = "utf-8-sig"  # JSON is UTF-8 (RFC 8259)
        if self.fmt == "csv":
            try:
                found = sniff_file(self.path)
            except OSError as exc:
                message = say("error.batch.cannot-read", reason=exc.strerror or exc)
                raise DataError(message, file=self.label) from None
            if found is None:
                raise DataError(UNKNOWN_ENCODING, file=self.label)
            encoding = found
        with self.path.open("rb") as binary:
            self._binary = binary
            # decided from the first 64 KiB, then streamed with that codec: a multi-byte
            # character across a buffer boundary is the codec's to join; a bad byte later on
            # is an error row (surrogateescape marks it) rather than the end of the batch
            text = io.TextIOWrapper(binary, encoding=encoding, errors="surrogateescape", newline="")
            self.encoding = encoding_name(encoding)
            if self.fmt == "jsonl":
                self.decoder = JsonDecoder(self.label)
                for number, line in enumerate(bounded_lines(text), 1):
                    if isinstance(line, LongLine):  # one error row; the next line still scores
                        message = say("error.batch.long-line", limit=MAX_LINE_CHARS)
                        where = f"{self.label}:{number}"
                        yield number, Unreadable(None, DataError(message, file=where))
                    elif line.strip():
                        yield number, line
            else:
                yield from self._csv(text)

    def _csv(self, text: IO[str]) -> Iterator[tuple[int, Any]]:
        """The records of a csv table, as `csv_records` splits them (docs/batch.md: a line whose
        quote cannot be closed is one error row, and the records after it still score)."""
        header: list[str] | None = None

        def width() -> int:
            return 0 if header is None else len(header)  # 0: the header is one line

        for start, row in csv_records(bounded_lines(text), width):
            if isinstance(row, DamagedLine):
                where = f"{self.label}:{start}"
                if header is None:
                    raise DataError(say("error.batch.header-unread", reason=row.reason), file=where)
                yield (
                    start,
                    Unreadable(damaged_id(row.text, header), DataError(row.reason, file=where)),
                )
                continue
            if not row:
                continue  # a blank line is not a record
            if header is None:
                if has_surrogate("\x00".join(row)):
                    message = say("error.batch.header-encoding", name=self.encoding)
                    raise DataError(message, file=self.label)
                header = [cell.strip() for cell in row]
                self.decoder = TableRows(
                    TableDecoder(tuple(header), self.label, self.items), self.encoding
                )
                continue
            yield start, row

    def _sheet(self) -> Iterator[tuple[int, Any]]:
        """The first sheet of a workbook, through python-calamine (.xlsx, .xls, .ods …: about
        ten times faster than openpyxl on .xlsx, docs/performance.md); numbers as Decimals."""
        header: list[str] | None = None
        for number, row in iter_first_sheet(self.path):
            if all(cell is None for cell in row):
                continue
            if header is None:
                header = ["" if c is None else cell_text(c).strip() for c in row]
                while header and header[-1] == "":
                    header.pop()
                self.decoder = TableRows(TableDecoder(tuple(header), self.label, self.items))
                continue
            yield number, tuple(row)


def _chunks(
    raws: Iterator[tuple[int, Any]], size: int
) -> Iterator[tuple[int, list[tuple[int, Any]]]]:
    """`raws` in lists of `size`, each with the offset of its first."""
    start, chunk = 0, []
    for raw in raws:
        chunk.append(raw)
        if len(chunk) >= size:
            yield start, chunk
            start += len(chunk)
            chunk = []
    if chunk:
        yield start, chunk
