"""Writing a batch's results: csv and jsonl text, or an xlsx workbook whose bytes depend only on
the scores (fixed zip times), into the binary file `perfscore.atomic.atomic_open` gives — the
one way an output file is written. Spreadsheet text that could run as a formula is neutralised
(perfscore.injection) unless asked to stay raw."""

from __future__ import annotations

import contextlib
import csv
import datetime
import io
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, BinaryIO

from ..engine.many import RecordResult
from ..injection import mark_xlsx_cell, neutralise_row
from ..json_text import dumps
from ..numbers import json_number
from .decoders import ID_COLUMN


def header_row(codes: Sequence[str]) -> list[str]:
    return [ID_COLUMN, "total", "grade", *codes, "warnings", "error"]


def _warnings(result: RecordResult) -> str:
    """The record's plausibility warnings, one a line (empty when there are none)."""
    return "\n".join(str(finding) for finding in result.warnings)


def _fixed(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


def table_row(result: RecordResult) -> list[Any]:
    if result.error is not None:
        return [result.id or "", "", "", *([""] * len(result.codes)), "", str(result.error)]
    return [
        result.id or "",
        _fixed(result.total),
        result.grade or "",
        *map(_fixed, result.scores),
        _warnings(result),
        "",
    ]


def json_line(result: RecordResult) -> str:
    if result.error is not None:
        scores: dict[str, Any] = {}
        total = None
    else:
        scores = {c: json_number(s) for c, s in zip(result.codes, result.scores, strict=True)}
        total = None if result.total is None else json_number(result.total)
    out = {
        "id": result.id,
        "total": total,
        "grade": result.grade,
        "scores": scores,
        "warnings": [str(finding) for finding in result.warnings],
        "error": None if result.error is None else str(result.error),
    }
    return dumps(out, compact=True) + "\n"  # exact decimals (perfscore.json_text)


def format_chunk(fmt: str, results: Iterable[RecordResult], raw_text: bool = False) -> Any:
    """A chunk of results as the output format wants it: text for csv/jsonl, rows for xlsx.
    csv text that could run as a formula gets a leading `'` unless `raw_text` (jsonl is not a
    spreadsheet and stays raw; xlsx cells are typed by `Writer`)."""
    if fmt == "jsonl":
        return "".join(json_line(r) for r in results)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerows(neutralise_row(table_row(r), raw_text) for r in results)
        return buffer.getvalue()
    return [_xlsx_row(table_row(r)) for r in results]


def _xlsx_row(row: list[Any]) -> list[Any]:
    out: list[Any] = []
    for i, cell in enumerate(row):
        if 0 < i < len(row) - 2 and i != 2 and cell != "":  # scores, not warnings or error
            out.append(Decimal(cell))
        else:
            out.append(None if cell == "" else cell)
    return out


class Writer:
    """Writes the results to `out`, the binary file `atomic_open` gives: csv and jsonl as they
    come, xlsx through openpyxl's write-only workbook rewritten with fixed zip times. Every xlsx
    text cell is typed text, with Excel's quote prefix when it could run as a formula (unless
    `raw_text`: perfscore.injection.mark_xlsx_cell)."""

    def __init__(
        self, fmt: str, out: BinaryIO, codes: Sequence[str], stamp: datetime.datetime,
        scratch: Path, raw_text: bool = False,
    ):  # fmt: skip
        self.fmt = fmt
        self.raw_text = raw_text
        self.out = out
        self.scratch = scratch  # the directory for the unnamed scratch zip of an xlsx
        self.stamp = stamp
        self._text: io.TextIOWrapper | None = None
        if fmt == "xlsx":
            import openpyxl

            self.book = openpyxl.Workbook(write_only=True)
            self.sheet = self.book.create_sheet("scores")
            self.write([header_row(codes)])
        else:
            encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
            self._text = io.TextIOWrapper(out, encoding=encoding, newline="")
            if fmt == "csv":
                csv.writer(self._text).writerow(neutralise_row(header_row(codes), raw_text))

    def write(self, chunk: Any) -> None:
        if self._text is not None:
            self._text.write(chunk)
        else:
            from openpyxl.cell import WriteOnlyCell
            from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

            for row in chunk:
                cells: list[Any] = []
                for value in row:
                    if isinstance(value, str):
                        # control characters XML cannot hold are dropped, as `score -f xlsx` does
                        value = WriteOnlyCell(self.sheet, ILLEGAL_CHARACTERS_RE.sub("", value))
                        mark_xlsx_cell(value, self.raw_text)
                    cells.append(value)
                self.sheet.append(cells)

    def close(self) -> None:
        if self._text is not None:
            self._text.flush()
            self._text.detach()  # `out` stays open: atomic_open syncs and renames it
            return
        with tempfile.TemporaryFile(dir=self.scratch) as raw:  # unnamed: nothing to plant
            self.book.properties.creator = "perfscore"
            self.book.save(raw)
            raw.seek(0)
            _deterministic_zip(raw, self.out, self.stamp)

    def abort(self) -> None:
        if self._text is not None:
            with contextlib.suppress(Exception):
                self._text.detach()
            return
        with contextlib.suppress(Exception):  # finish openpyxl's row stream, drop its temp file
            self.sheet.close()
        scratch = getattr(getattr(self.sheet, "_writer", None), "out", None)
        if isinstance(scratch, str):
            with contextlib.suppress(OSError):
                os.remove(scratch)


def _deterministic_zip(source: IO[bytes], target: IO[bytes], stamp: datetime.datetime) -> None:
    """Rewrite an xlsx with fixed times, so that the same scores give the same bytes."""
    when = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    times = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)")
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            if info.filename == "docProps/core.xml":
                data = times.sub(rb"\g<1>" + when.encode() + rb"\g<2>", src.read(info))
                dst.writestr(entry, data)
                continue
            with src.open(info) as reader, dst.open(entry, "w", force_zip64=True) as writer:
                shutil.copyfileobj(reader, writer, 1 << 20)
