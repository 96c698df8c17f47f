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
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, BinaryIO

from ..engine.many import RecordResult
from ..injection import mark_xlsx_cell, neutralise_row
from ..json_text import dumps
from ..numbers import json_number
from ..textwidth import display_width
from .decoders import ID_COLUMN
from .reconcile_columns import (
    RECONCILE_HEADER,
    reconcile_cells,
    reconcile_object,
    reconcile_xlsx_cells,
)

#: the `header` values: indicator names for people ("A11 绩效目标合理性", 总分 …), or the
#: machine-readable codes (A11, total …)
HEADERS = ("names", "codes")


def header_row(
    codes: Sequence[str], names: Mapping[str, str] | None = None, header: str = "codes"
) -> list[str]:
    """The table's one header row. `header="names"`: each indicator as "代码 名称" (split at
    the first space for its code), and 单位名称, 总分, 等级, 提示, 错误; "codes": id, title,
    total, grade, the codes, warnings, error. `id` stays `id` in both: it is what the batch
    reads a record's id from."""
    if header == "codes":
        return [ID_COLUMN, "title", "total", "grade", *codes, "warnings", "error"]
    names = names or {}
    labels = [f"{code} {names[code]}" if names.get(code) else code for code in codes]
    return [ID_COLUMN, "单位名称", "总分", "等级", *labels, "提示", "错误"]


def full_header(
    codes: Sequence[str], reconcile: bool = False, names: Mapping[str, str] | None = None,
    header: str = "codes",
) -> list[str]:  # fmt: skip
    """The header row, with the reconcile columns after it under `--reconcile`."""
    return [*header_row(codes, names, header), *(RECONCILE_HEADER if reconcile else ())]


def _warnings(result: RecordResult) -> str:
    """The record's plausibility warnings, one a line (empty when there are none)."""
    return "\n".join(finding.describe() for finding in result.warnings)


def _fixed(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


def table_row(result: RecordResult) -> list[Any]:
    if result.error is not None:
        blank = [""] * len(result.codes)
        return [result.id or "", result.title, "", "", *blank, "", str(result.error)]
    return [
        result.id or "",
        result.title,
        _fixed(result.total),
        result.grade or "",
        *map(_fixed, result.scores),
        _warnings(result),
        "",
    ]


def json_line(result: RecordResult, reconcile: bool = False) -> str:
    if result.error is not None:
        scores: dict[str, Any] = {}
        total = None
    else:
        scores = {c: json_number(s) for c, s in zip(result.codes, result.scores, strict=True)}
        total = None if result.total is None else json_number(result.total)
    out = {
        "id": result.id,
        "title": result.title,
        "total": total,
        "grade": result.grade,
        "scores": scores,
        "warnings": [finding.describe() for finding in result.warnings],
        "error": None if result.error is None else str(result.error),
    }
    if reconcile:
        out["reconcile"] = reconcile_object(result)
    return dumps(out, compact=True) + "\n"  # exact decimals (perfscore.json_text)


def format_chunk(
    fmt: str, results: Iterable[RecordResult], raw_text: bool = False, reconcile: bool = False
) -> Any:
    """A chunk of results as the output format wants it: text for csv/jsonl, rows for xlsx.
    csv text that could run as a formula gets a leading `'` unless `raw_text` (jsonl is not a
    spreadsheet and stays raw; xlsx cells are typed by `Writer`). `reconcile` adds the
    reconcile columns (perfscore.batch.reconcile_columns) after each row's own."""
    if fmt == "jsonl":
        return "".join(json_line(r, reconcile) for r in results)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerows(
            neutralise_row(table_row(r) + (reconcile_cells(r) if reconcile else []), raw_text)
            for r in results
        )
        return buffer.getvalue()
    return [
        _xlsx_row(table_row(r)) + (reconcile_xlsx_cells(r) if reconcile else []) for r in results
    ]


def _xlsx_row(row: list[Any]) -> list[Any]:
    out: list[Any] = []
    for i, cell in enumerate(row):
        if 1 < i < len(row) - 2 and i != 3 and cell != "":  # scores: not id, title, grade,
            # warnings or error
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
        scratch: Path, raw_text: bool = False, names: Mapping[str, str] | None = None,
        header: str = "names", reconcile: bool = False,
    ):  # fmt: skip
        self.fmt = fmt
        head = full_header(codes, reconcile, names, header)
        self.raw_text = raw_text
        self.out = out
        self.scratch = scratch  # the directory for the unnamed scratch zip of an xlsx
        self.stamp = stamp
        self._text: io.TextIOWrapper | None = None
        if fmt == "xlsx":
            import openpyxl

            self.book = openpyxl.Workbook(write_only=True)
            self.sheet = self.book.create_sheet("scores")
            self.rows, self.width = 0, len(head)
            sheet_setup(self.sheet, head)  # before the first row: a write-only sheet's top
            self.write([head])
        else:
            encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
            self._text = io.TextIOWrapper(out, encoding=encoding, newline="")
            if fmt == "csv":
                csv.writer(self._text).writerow(neutralise_row(head, raw_text))

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
                self.rows += 1

    def close(self) -> None:
        if self._text is not None:
            self._text.flush()
            self._text.detach()  # `out` stays open: atomic_open syncs and renames it
            return
        with tempfile.TemporaryFile(dir=self.scratch) as raw:  # unnamed: nothing to plant
            from openpyxl.utils import get_column_letter

            last = get_column_letter(self.width)
            first = get_column_letter(1)
            self.sheet.auto_filter.ref = f"{first}1:{last}{max(self.rows, 1)}"
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


def sheet_setup(sheet: Any, head: Sequence[str]) -> None:
    """The scores sheet for people: the header row and the id and 单位名称 columns frozen, the
    columns as wide as their headers (scores narrow, warnings and errors wide)."""
    from openpyxl.utils import get_column_letter

    sheet.freeze_panes = f"{get_column_letter(3)}2"  # below the header, right of 单位名称
    for i, text in enumerate(head, 1):
        width = 12 if i in (1, 3, 4) else min(max(8, display_width(text) + 2), 40)
        if i == 2 or i >= len(head) - 1:
            width = 30  # 单位名称, 提示, 错误
        sheet.column_dimensions[get_column_letter(i)].width = width


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
