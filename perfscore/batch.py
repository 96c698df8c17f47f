"""Scoring many records: streaming, in order, nothing lost.

`evaluate_many(fw, records)` (also `fw.evaluate_many`) takes any iterable of records (Record
objects or mappings of values) and yields one `RecordResult` per record, in order, as it goes: a
record with bad data yields a result whose `error` names the field; it never stops the iteration.

`run_batch(...)` is what `perfscore batch` runs: it reads csv (UTF-8, GB18030/GBK …, as
perfscore.encodings decides), jsonl or a spreadsheet (.xlsx, .xls, .ods … via python-calamine)
one row (line) at a time, scores in chunks — in this process or in N worker processes, order
kept — and writes csv, xlsx or jsonl through a temporary file in the target directory that is
renamed into place only when every row has been written. Rows out equal rows in: a row that
cannot even be read (bad JSON, the wrong number of cells, bytes not in the file's encoding)
becomes an error row too.

Its inputs may also be filled-in forms (`perfscore template`), one record each — files, or
directories of them, as a finance bureau collects one form per unit: each form is read (in the
worker) when its turn comes, and one that cannot be read becomes an error row naming the sheet
and cell, as a bad table row does.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import functools
import io
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
import zipfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, BinaryIO

from .atomic import atomic_open, check_target
from .encodings import UNKNOWN_ENCODING, DamagedLine, csv_records, encoding_name, sniff_file
from .engine.plan import plan_for
from .engine.scoring import score
from .errors import DataError, PerfscoreError, UsageError
from .injection import mark_xlsx_cell, neutralise_row
from .numbers import json_number
from .plausibility import plausibility_findings
from .records import RECORD_KEYS, Record
from .sheets import iter_first_sheet
from .yamlio import parse_json

if TYPE_CHECKING:
    from .checks import Finding
    from .framework import Framework
    from .result import Result

FORMATS = ("csv", "xlsx", "jsonl")
#: tables of records read as input: csv and jsonl, and every spreadsheet python-calamine reads
INPUT_FORMATS = ("csv", "jsonl", "xlsx", "xlsm", "xls", "xlsb", "ods", "et")
_SHEET_FORMATS = frozenset(INPUT_FORMATS[2:])
#: files a directory of forms leaves out (reported on stderr): hidden files (.DS_Store, our
#: own .OUT.*.tmp), Office/WPS lock files (~$x.xlsx, .~lock.x.ods#) and these system files
_SKIPPED_NAMES = frozenset({"thumbs.db", "desktop.ini"})
#: Records per chunk handed to a worker (and written at once).
CHUNK_SIZE = 500
#: Forms per chunk: reading a form takes milliseconds, so that a few keep a worker busy.
FORM_CHUNK_SIZE = 8
ID_COLUMN = "id"
EXTERNAL_PREFIX = "external_scores."
_ZIP_EARLIEST = 315532800  # 1980-01-01T00:00:00Z, the first time a zip entry can hold
_ZIP_LATEST = 4354819199  # 2107-12-31T23:59:59Z, the last
_SURROGATE = re.compile("[\udc80-\udcff]").search


# --------------------------------------------------------------------------- results


@dataclass(slots=True)
class RecordResult:
    """One record's scores, or the error that kept it from being scored.

    `scores` follows `codes` (every indicator, parents before their children, as the framework
    lists them); `result[code]` gives one score. With `trace=True`, `result` is the full
    `Result` of `evaluate()` (traces and reasons included). Treat it as read-only (it is not
    frozen only because a frozen dataclass costs a microsecond more per record).
    """

    index: int
    id: str | None
    total: Decimal | None
    grade: str | None
    scores: tuple[Decimal, ...]
    codes: tuple[str, ...]
    error: PerfscoreError | None = None
    result: Result | None = None
    #: Plausibility warnings (perfscore.plausibility): values that score but look mistyped.
    warnings: tuple[Finding, ...] = ()

    @property
    def ok(self) -> bool:
        return self.error is None

    def __getitem__(self, code: str) -> Decimal:
        if self.error is not None:
            raise KeyError(f"record {self.index} was not scored: {self.error}")
        try:
            return self.scores[self.codes.index(code)]
        except ValueError:
            raise KeyError(f"no indicator {code!r} in this framework") from None

    def as_dict(self) -> dict[str, Any]:
        """{"id", "total", "grade", "scores": {code: score}, "warnings", "error"} with exact
        Decimals; the warnings as text, as the batch output writes them."""
        return {
            "id": self.id,
            "total": self.total,
            "grade": self.grade,
            "scores": dict(zip(self.codes, self.scores, strict=True)) if self.scores else {},
            "warnings": [str(finding) for finding in self.warnings],
            "error": None if self.error is None else str(self.error),
        }


@dataclass(frozen=True)
class Unreadable:
    """A row or line that could not be read as a record; it becomes an error row."""

    id: str | None
    error: PerfscoreError


def evaluate_many(
    fw: Framework, records: Iterable[Any], *, trace: bool = False
) -> Iterator[RecordResult]:
    """Score each record in turn (lazily, in order). Bad data gives a result with `error`."""
    for index, record in enumerate(records):
        yield score_one(fw, index, record, trace=trace)


def codes_of(fw: Framework) -> tuple[str, ...]:
    """Every indicator code of `fw`, parents before their children: the order of the scores."""
    return fw.plan.codes


def score_one(fw: Framework, index: int, record: Any, *, trace: bool = False) -> RecordResult:
    codes = codes_of(fw)
    if isinstance(record, Unreadable):
        return RecordResult(index, record.id, None, None, (), codes, record.error)
    rid = record.id if isinstance(record, Record) else None
    result = None
    try:
        if trace:
            result = fw.evaluate(record)
            scores = tuple(result[code].score for code in codes)
            total, grade = result.total, result.grade
            warnings = plausibility_findings(result.findings)
        else:
            scores, total, grade, warnings = score(fw, record)
    except PerfscoreError as exc:
        return RecordResult(index, rid, None, None, (), codes, exc)
    except Exception as exc:  # a bug must not lose the record either
        error = DataError(
            f"unexpected {type(exc).__name__} while scoring: {exc}",
            file=record.file if isinstance(record, Record) else None,
        )
        return RecordResult(index, rid, None, None, (), codes, error)
    return RecordResult(index, rid, total, grade, scores, codes, None, result, warnings)


# --------------------------------------------------------------------------- reading


def format_of(path: str | Path, role: str) -> str:
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix == "ndjson":
        suffix = "jsonl"
    known = INPUT_FORMATS if role == "input" else FORMATS
    if suffix not in known:
        raise UsageError(
            f"{role} {str(path)!r}: unknown format {suffix or '(no suffix)'!r}; "
            f"use {', '.join('.' + k for k in known)}"
            + (" (请另存为 .xlsx / save it as .xlsx)" if role == "input" else "")
        )
    return suffix


def skipped_in_directory(entry: Path) -> bool:
    """Whether a directory of forms leaves `entry` out: a subdirectory, a hidden file, an
    Office/WPS lock file (~$…), Thumbs.db, desktop.ini."""
    name = entry.name
    return name.startswith((".", "~$")) or name.lower() in _SKIPPED_NAMES or not entry.is_file()


@dataclass(frozen=True)
class BatchInput:
    """One input of a batch: a table of records (`kind` csv, xlsx or jsonl), or a filled-in form
    (`kind` form) that is one record."""

    path: Path
    kind: str


def plan_inputs(
    sources: str | Path | Sequence[str | Path],
    output: str | Path | None = None,
    skipped: list[Path] | None = None,
) -> list[BatchInput]:
    """What each INPUT is. A directory stands for every file it holds, by name, each one
    record: a form (.xlsx, .xls, .ods, .csv …) is read, and any other file — a .txt, a
    damaged workbook, a table of records — becomes an error row naming it, so that rows out =
    files in. Left out (and appended to `skipped`, for the caller to report): subdirectories,
    hidden files, Office/WPS lock files (~$x.xlsx), Thumbs.db, desktop.ini, and `output`. A
    file given by itself is a form or a table by its layout (`perfscore.readers.is_form`: the
    form's sheet names or header rows); a workbook that cannot even be opened is a form that
    fails (one error row) when there are several inputs, and stops the batch when it is the
    only one, as a table that cannot be read does."""
    from .readers import FORM_SUFFIXES, is_form

    paths = [Path(sources)] if isinstance(sources, (str, Path)) else [Path(s) for s in sources]
    if not paths:
        raise UsageError("no INPUT given")
    skip = Path(output).resolve() if output is not None else None
    found: list[tuple[Path, bool]] = []  # (path, from a directory)
    for path in paths:
        if path.is_dir():
            forms = []
            for entry in sorted(path.iterdir(), key=lambda e: e.name):
                if entry.resolve() == skip:
                    continue
                if skipped_in_directory(entry):
                    if skipped is not None:
                        skipped.append(entry)
                    continue
                forms.append(entry)
            if not forms:
                raise UsageError(f"input directory {str(path)!r} holds no file to read")
            found.extend((entry, True) for entry in forms)
            continue
        format_of(path, "input")
        if not path.is_file():
            raise DataError("no such input file", file=str(path))
        found.append((path, False))
    several = len(found) > 1
    planned = []
    for path, in_directory in found:
        suffix = path.suffix.lower()
        if in_directory:
            kind = "form"
        elif suffix in FORM_SUFFIXES:
            layout = is_form(path)
            kind = "form" if layout or (layout is None and several) else format_of(path, "input")
        else:
            kind = format_of(path, "input")
        planned.append(BatchInput(path, kind))
    return planned


@dataclass(frozen=True)
class _FormDecoder:
    """Reads a form file into a Record (in a worker); a form that cannot be read is an error row
    whose id is the form's 记录编号 if that much can be read, else the file's stem."""

    def __call__(self, number: int, raw: Any) -> Record | Unreadable:
        from .readers import form_id, read_form

        try:
            return read_form(raw)
        except PerfscoreError as exc:
            error = exc
        except Exception as exc:  # a damaged file must not lose its row either
            message = f"cannot read the form: {type(exc).__name__}: {exc}"
            error = DataError(message, file=str(raw))
        return Unreadable(form_id(raw) or Path(raw).stem, error)


class _Inputs:
    """Every input in turn, as chunks (start, decode, raws) that never span two inputs."""

    def __init__(self, inputs: list[BatchInput], items: frozenset[str]) -> None:
        self.inputs = inputs
        self.items = items
        self.done = 0  # inputs read in full
        self.current: _Source | None = None

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

    def chunks(
        self, size: int
    ) -> Iterator[tuple[int, Callable[[int, Any], Any], list[tuple[int, Any]]]]:
        start = 0
        forms: list[tuple[int, Any]] = []
        form_size = max(1, min(size, FORM_CHUNK_SIZE))
        decoder = _FormDecoder()
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
            source = _Source(item.path, item.kind, self.items)
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


def items_inputs(fw: Framework) -> frozenset[str]:
    """Names of checklist inputs: in a table an empty cell there means "no item met"."""
    names = set()
    for leaf in fw.leaves():
        if leaf.formula is None and leaf.rule is not None:
            spec = leaf.value_spec()
            if spec.value_type == "items":
                names.add(spec.name)
    return frozenset(names)


@dataclass(frozen=True)
class TableDecoder:
    """Turns one csv/xlsx row into a Record: an `id` column, `external_scores.CODE` columns, and
    one column per base-data field or indicator input. An empty cell is a missing value, except
    in a checklist column, where it means that no item was met."""

    header: tuple[str, ...]
    label: str
    items: frozenset[str] = frozenset()
    columns: tuple[tuple[int, str, int], ...] = field(init=False)  # (index, name, kind)
    id_index: int | None = field(init=False)
    #: for text rows of plain value columns: each column's value name, or "" to skip it
    plain: tuple[str, ...] | None = field(init=False)

    def __post_init__(self) -> None:
        seen: dict[str, int] = {}
        columns = []
        for i, name in enumerate(self.header):
            if name == "":
                continue
            if name in seen:
                raise DataError(
                    f"column {name!r} appears twice (columns {seen[name] + 1} and {i + 1})",
                    file=self.label,
                    field=name,
                )
            seen[name] = i
            if name == ID_COLUMN:
                continue
            if name.startswith(EXTERNAL_PREFIX):
                columns.append((i, name[len(EXTERNAL_PREFIX) :], 2))
            else:
                columns.append((i, name, 1 if name in self.items else 0))
        object.__setattr__(self, "columns", tuple(columns))
        object.__setattr__(self, "id_index", seen.get(ID_COLUMN))
        plain = None
        if all(kind != 2 for _, _, kind in columns):  # no external-score column
            names = [""] * len(self.header)
            for index, name, _ in columns:
                names[index] = name
            plain = tuple(names)
        object.__setattr__(self, "plain", plain)

    def decode(self, line: int, cells: Sequence[Any]) -> Record | Unreadable:
        where = f"{self.label}:{line}"
        rid = None
        if self.id_index is not None and self.id_index < len(cells):
            raw_id = cells[self.id_index]
            rid = None if raw_id is None or raw_id == "" else _text(raw_id)
        if len(cells) > len(self.header) and any(
            c is not None and c != "" for c in cells[len(self.header) :]
        ):
            return Unreadable(
                rid, DataError(f"row has {len(cells)} cells; the header has {len(self.header)}",
                               file=where),
            )  # fmt: skip
        if isinstance(cells, list) and len(cells) < len(self.header):  # csv rows only
            return Unreadable(
                rid, DataError(f"row has {len(cells)} cells; the header has {len(self.header)}",
                               file=where),
            )  # fmt: skip
        if self.plain is not None and isinstance(cells, list):  # the common case, quickly
            values = {n: v for n, v in zip(self.plain, cells, strict=False) if v and n}
            for _, name, kind in self.columns:
                if kind == 1 and name not in values:
                    values[name] = ""  # an empty checklist cell: no item met
            return Record(values=values, id=rid, file=where)
        values = {}
        external: dict[str, Any] = {}
        width = len(cells)
        for index, name, kind in self.columns:
            value = cells[index] if index < width else None
            if value is None or value == "":
                if kind == 1:
                    values[name] = ""
                continue
            if kind == 1 and not isinstance(value, str):
                value = _text(value)
            if kind == 2:
                external[name] = value
            else:
                values[name] = value
        return Record(values=values, external_scores=external, id=rid, file=where)


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value if isinstance(value, str) else str(value)


def decode_json_line(label: str, line: int, text: str) -> Record | Unreadable:
    """One jsonl line: a Record-shaped object {id, values, external_scores, …}."""
    where = f"{label}:{line}"
    try:  # the bounded reader of every JSON file: duplicate keys (a second "id") and NaN refused
        data = parse_json(text, where, DataError)
    except DataError as exc:
        return Unreadable(None, DataError(exc.message, file=where))
    return record_from_object(data, where)


def record_from_object(data: Any, where: str | None = None) -> Record | Unreadable:
    """A Record-shaped mapping {id, values, external_scores, …} as a Record, or the reason it is
    not one (`where` names it in the error)."""
    if not isinstance(data, Mapping):
        return Unreadable(
            None, DataError(f"expected an object, got {type(data).__name__}", file=where)
        )
    rid = data.get("id")
    rid = None if rid is None else str(rid)
    unknown = sorted(set(data) - RECORD_KEYS)
    if unknown:
        message = f"unknown key(s) {', '.join(unknown)}; expected {', '.join(sorted(RECORD_KEYS))}"
        return Unreadable(rid, DataError(message, file=where, field=unknown[0]))
    for key in ("values", "external_scores"):
        if key in data and not isinstance(data[key], Mapping):
            return Unreadable(rid, DataError(f"'{key}' must be an object", file=where, field=key))
    return Record(
        values=dict(data.get("values") or {}),
        external_scores=dict(data.get("external_scores") or {}),
        id=rid,
        title=str(data.get("title", "")),
        file=where,
    )


# --------------------------------------------------------------------------- distributed engines


@functools.lru_cache(maxsize=8)
def _framework(name: str) -> Framework:
    from .framework import load_framework

    return load_framework(name)


def score_partition(
    records: Iterable[Any], framework: str, *, label: str = "partition"
) -> list[dict[str, Any]]:
    """Score one partition of records inside a distributed engine (a Dask bag's
    `map_partitions`, Spark's `mapInPandas` …): the framework is loaded and compiled once per
    worker process; each item may be a Record, a Record-shaped mapping {id, values,
    external_scores} or a jsonl line. Returns `RecordResult.as_dict()` for each, in order,
    errors included. perfscore itself never imports the engine."""
    fw = _framework(framework)

    def records_of() -> Iterator[Any]:
        for n, item in enumerate(records, 1):
            if isinstance(item, str):
                yield decode_json_line(label, n, item)
            elif isinstance(item, Record):
                yield item
            else:
                yield record_from_object(item, f"{label}:{n}")

    return [result.as_dict() for result in evaluate_many(fw, records_of())]


class _Source:
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
        if self.fmt in _SHEET_FORMATS:
            yield from self._sheet()
            return
        encoding = "utf-8-sig"  # JSON is UTF-8 (RFC 8259)
        if self.fmt == "csv":
            try:
                found = sniff_file(self.path)
            except OSError as exc:
                raise DataError(f"cannot read: {exc.strerror or exc}", file=self.label) from None
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
                self.decoder = _JsonDecoder(self.label)
                for number, line in enumerate(text, 1):
                    if line.strip():
                        yield number, line
            else:
                yield from self._csv(text)

    def _csv(self, text: IO[str]) -> Iterator[tuple[int, Any]]:
        """The records of a csv table, as `csv_records` splits them (docs/batch.md: a line whose
        quote cannot be closed is one error row, and the records after it still score)."""
        header: list[str] | None = None

        def width() -> int:
            return 0 if header is None else len(header)  # 0: the header is one line

        for start, row in csv_records(text, width):
            if isinstance(row, DamagedLine):
                where = f"{self.label}:{start}"
                if header is None:
                    raise DataError(f"cannot read the header: {row.reason}", file=where)
                yield (
                    start,
                    Unreadable(_damaged_id(row.text, header), DataError(row.reason, file=where)),
                )
                continue
            if not row:
                continue  # a blank line is not a record
            if header is None:
                if _SURROGATE("\x00".join(row)):
                    raise DataError(f"the header is not valid {self.encoding}", file=self.label)
                header = [cell.strip() for cell in row]
                self.decoder = _TableRows(
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
                header = ["" if c is None else _text(c).strip() for c in row]
                while header and header[-1] == "":
                    header.pop()
                self.decoder = _TableRows(TableDecoder(tuple(header), self.label, self.items))
                continue
            yield number, tuple(row)


def _damaged_id(text: str, header: list[str]) -> str | None:
    """The id cell of a line that is not a record, as well as it can be told (cells cut at
    every comma, quotes dropped), so that its error row still says whose it is."""
    if ID_COLUMN not in header:
        return None
    cells = text.rstrip("\r\n").split(",")
    index = header.index(ID_COLUMN)
    found = cells[index].strip().strip('"').strip() if index < len(cells) else ""
    return found or None


@dataclass(frozen=True)
class _TableRows:
    table: TableDecoder
    encoding: str = "UTF-8"  # a csv table's, for the message about a row it cannot decode

    def __call__(self, line: int, raw: Any) -> Record | Unreadable:
        if isinstance(raw, Unreadable):
            return raw
        if isinstance(raw, PerfscoreError):
            return Unreadable(None, raw)
        if isinstance(raw, list) and _SURROGATE("\x00".join(raw)):
            message = f"row is not valid {self.encoding}"
            return Unreadable(None, DataError(message, file=f"{self.table.label}:{line}"))
        return self.table.decode(line, raw)


@dataclass(frozen=True)
class _JsonDecoder:
    label: str

    def __call__(self, line: int, raw: Any) -> Record | Unreadable:
        if _SURROGATE(raw):
            return Unreadable(
                None, DataError("line is not valid UTF-8", file=f"{self.label}:{line}")
            )
        return decode_json_line(self.label, line, raw)


# --------------------------------------------------------------------------- writing


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
    return json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n"


def format_chunk(fmt: str, results: Iterable[RecordResult], raw_text: bool = False) -> Any:
    """A chunk of results as the output format wants it: text for csv/jsonl, rows for xlsx.
    csv text that could run as a formula gets a leading `'` unless `raw_text` (jsonl is not a
    spreadsheet and stays raw; xlsx cells are typed by `_Writer`)."""
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


class _Writer:
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

            for row in chunk:
                cells: list[Any] = []
                for value in row:
                    if isinstance(value, str):
                        value = WriteOnlyCell(self.sheet, value)
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


# --------------------------------------------------------------------------- the pipeline


@dataclass
class BatchSummary:
    records: int = 0
    errors: int = 0


class Terminated(BaseException):
    """SIGTERM received: unwind like KeyboardInterrupt so that the temporary file is removed."""


def process_chunk(
    fw: Framework, fmt: str, decode: Callable[[int, Any], Any], start: int,
    raws: list[tuple[int, Any]], raw_text: bool = False,
) -> tuple[int, int, Any]:  # fmt: skip
    """Decode, score and format one chunk: (records, errors, formatted output)."""
    results = [score_one(fw, start + i, decode(*raw)) for i, raw in enumerate(raws)]
    errors = sum(1 for r in results if r.error is not None)
    formatted = format_chunk(fmt, results, raw_text)
    return len(results), errors, formatted


_WORKER: Framework | None = None


def _worker_init(framework: Any) -> None:
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    from .framework import Framework, load_framework

    fw = framework if isinstance(framework, Framework) else load_framework(framework)
    plan_for(fw)  # built once per worker, before the first chunk arrives
    _WORKER = fw


def _worker_chunk(
    fmt: str, decode: Callable[[int, Any], Any], start: int, raws: list[tuple[int, Any]],
    raw_text: bool = False,
) -> tuple[int, int, Any]:  # fmt: skip
    assert _WORKER is not None
    return process_chunk(_WORKER, fmt, decode, start, raws, raw_text)


def _chunks(
    raws: Iterator[tuple[int, Any]], size: int
) -> Iterator[tuple[int, list[tuple[int, Any]]]]:
    start, chunk = 0, []
    for raw in raws:
        chunk.append(raw)
        if len(chunk) >= size:
            yield start, chunk
            start += len(chunk)
            chunk = []
    if chunk:
        yield start, chunk


def run_batch(
    fw: Framework,
    source: str | Path | Sequence[str | Path],
    output: str | Path,
    *,
    jobs: int = 1,
    progress: Callable[[int, float | None], None] | None = None,
    chunk_size: int = CHUNK_SIZE,
    notice: Callable[[str], None] | None = None,
    raw_text: bool = False,
) -> BatchSummary:
    """Score every record of `source` into `output` (formats from the suffixes). `source` is
    one input or several: tables of records (csv, xlsx, jsonl), filled-in forms, directories of
    forms (see `plan_inputs`); the output has their records in that order. Files a directory
    leaves out (hidden and lock files, subdirectories) are told to `notice`, a line each (by
    default on stderr).

    Streams: at most about 2 × jobs chunks are in memory at once. The output appears only when
    complete; an exception or interrupt leaves no output and no temporary file.

    csv and xlsx outputs neutralise formula injection (perfscore.injection): text that could run
    as a formula gets a leading `'` in csv, Excel's quote prefix in xlsx; `raw_text` leaves the
    text as it is. jsonl is not a spreadsheet and is always raw."""
    output = Path(output)
    out_fmt = format_of(output, "output")
    if jobs < 1:
        raise UsageError("--jobs must be at least 1")
    skipped: list[Path] = []
    inputs = plan_inputs(source, output, skipped)
    tell = notice if notice is not None else _to_stderr
    for path in skipped:
        kind = "directory" if path.is_dir() else "hidden, lock or system file"
        tell(f"perfscore: {path}: skipped ({kind}) / 已跳过")
    check_target(output)  # a missing directory, a device ...: refused before any work
    reader = _Inputs(inputs, items_inputs(fw))
    stamp = reader.stamp()  # zip times start in 1980
    summary = BatchSummary()
    with atomic_open(output) as out:
        writer = _Writer(out_fmt, out, codes_of(fw), stamp, output.parent, raw_text)
        try:
            chunks = reader.chunks(chunk_size)
            if jobs == 1:
                for start, decode, raws in chunks:
                    done = process_chunk(fw, out_fmt, decode, start, raws, raw_text)
                    _take(done, writer, summary, progress, reader)
            else:
                _parallel(fw, chunks, reader, out_fmt, jobs, writer, summary, progress, raw_text)
            writer.close()
        except BaseException:
            writer.abort()
            raise
    return summary


def _to_stderr(line: str) -> None:
    print(line, file=sys.stderr)


def _take(
    done: tuple[int, int, Any],
    writer: _Writer,
    summary: BatchSummary,
    progress: Callable[[int, float | None], None] | None,
    reader: _Inputs,
) -> None:
    records, errors, payload = done
    writer.write(payload)
    summary.records += records
    summary.errors += errors
    if progress is not None:
        progress(summary.records, reader.position())


def _parallel(
    fw: Framework,
    chunks: Iterator[tuple[int, Callable[[int, Any], Any], list[tuple[int, Any]]]],
    reader: _Inputs,
    fmt: str,
    jobs: int,
    writer: _Writer,
    summary: BatchSummary,
    progress: Callable[[int, float | None], None] | None,
    raw_text: bool = False,
) -> None:
    import multiprocessing

    framework: Any = str(fw.file) if fw.file and Path(fw.file).is_file() else fw
    before = set(multiprocessing.active_children())
    pool = multiprocessing.Pool(jobs, initializer=_worker_init, initargs=(framework,))
    workers = [p for p in multiprocessing.active_children() if p not in before]
    finished = False
    try:
        pending: deque[Any] = deque()
        for start, decode, raws in chunks:
            pending.append(pool.apply_async(_worker_chunk, (fmt, decode, start, raws, raw_text)))
            while len(pending) >= 2 * jobs:
                _take(pending.popleft().get(), writer, summary, progress, reader)
        while pending:
            _take(pending.popleft().get(), writer, summary, progress, reader)
        pool.close()
        pool.join()
        finished = True
    finally:
        if finished:
            pool.terminate()
        else:
            _stop(pool, workers)


#: How long an interrupted batch waits for the pool to stop by itself before killing it.
STOP_SECONDS = 2.0


def _stop(pool: Any, workers: list[Any]) -> None:
    """Stop an interrupted pool within about STOP_SECONDS: `Pool.terminate()` waits for its
    handler threads, and one of them can wait for ever on a pipe no worker reads any more (a
    Ctrl-C with `--jobs 2` hung past two minutes on a loaded machine). So terminate in a daemon
    thread, wait a bounded time, then kill and reap this pool's workers — only its own."""
    stopper = threading.Thread(target=pool.terminate, name="perfscore-pool-stop", daemon=True)
    stopper.start()
    stopper.join(STOP_SECONDS)
    for worker in workers:
        if worker.is_alive():
            worker.kill()
        worker.join(STOP_SECONDS)


# --------------------------------------------------------------------------- progress


class ProgressBar:
    """A one-line progress bar on a terminal: percent of the input read, records, rate."""

    def __init__(self, stream: IO[str] = sys.stderr, every: float = 0.2) -> None:
        self.stream = stream
        self.every = every
        self.started = time.monotonic()
        self.shown = 0.0

    def __call__(self, records: int, fraction: float | None) -> None:
        now = time.monotonic()
        if now - self.shown < self.every:
            return
        self.shown = now
        self._draw(records, fraction, now)

    def _draw(self, records: int, fraction: float | None, now: float) -> None:
        rate = records / max(now - self.started, 1e-9)
        if fraction is None:
            bar = ""
        else:
            filled = int(fraction * 30)
            bar = f"[{'#' * filled}{'.' * (30 - filled)}] {fraction * 100:5.1f}% "
        self.stream.write(f"\r{bar}{records:,} records ({rate:,.0f}/s)")
        self.stream.flush()

    def finish(self, records: int) -> None:
        self._draw(records, 1.0, time.monotonic())
        self.stream.write("\n")
        self.stream.flush()


def raise_terminated(signum: int, frame: Any) -> None:
    raise Terminated
