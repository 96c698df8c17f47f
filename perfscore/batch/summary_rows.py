"""A scores file read back, one row at a time: the csv, xlsx or jsonl that `perfscore batch`
writes (its reconcile columns too) as `summary.Row`s, for the summary — streaming, whatever its
size; a row that cannot be read is one clear error naming the file and line."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ..encodings import sniff_file
from ..errors import DataError
from ..i18n import say
from ..injection import restore
from ..reconcile.many import Differing
from ..sheets import exact, iter_first_sheet
from ..yamlio import parse_json
from .decoders import ID_COLUMN
from .planning import format_of
from .reconcile_columns import AGREES, DISAGREES, RECONCILE_HEADER, read_differing
from .summary import Row

#: the columns of a scores file that are not an indicator's score
_NOT_SCORES = frozenset(
    {ID_COLUMN, "title", "total", "grade", "warnings", "error", *RECONCILE_HEADER}
)
#: the people's headers of `perfscore batch` (`--header names`, the default) and their codes
_NAMED = {
    "单位名称": "title", "总分": "total", "等级": "grade", "提示": "warnings", "错误": "error"
}
#: an indicator's code at the head of a score column ("A11", "A11 预算编制", "A11（…）")
_CODE = re.compile(r"[^\s（(：:]+")


def read_rows(path: str | Path) -> Iterator[Row]:
    """The rows of a scores file, in order (format from the suffix: .csv, .xlsx, .jsonl)."""
    path = Path(path)
    fmt = format_of(path, "output")
    if not path.is_file():
        raise DataError(say("error.summary.no-such-file"), file=str(path))
    if fmt == "jsonl":
        yield from _jsonl_rows(path)
    elif fmt == "csv":
        encoding = sniff_file(path) or "utf-8-sig"
        with path.open(encoding=encoding, errors="replace", newline="") as text:
            yield from _table_rows(str(path), enumerate(csv.reader(text), 1), csv_text=True)
    else:
        yield from _table_rows(str(path), iter_first_sheet(path), csv_text=False)


def _table_rows(
    label: str, rows: Iterator[tuple[int, list[Any]]], csv_text: bool
) -> Iterator[Row]:
    """A table's rows; `csv_text`: its text was neutralised with a leading `'` (csv), which
    is taken away again (an xlsx cell keeps its text and marks it with a quote prefix)."""
    header: list[str] | None = None
    score_columns: list[tuple[int, str]] = []
    for line, cells in rows:
        if header is None:
            header = [_NAMED.get(name, name) for name in (_text(c) or "" for c in cells)]
            if "total" not in header:
                raise DataError(say("error.summary.no-total"),
                                file=label, line=line)  # fmt: skip
            score_columns = [
                (i, match[0])
                for i, name in enumerate(header)
                if name not in _NOT_SCORES and (match := _CODE.match(name)) is not None
            ]
            continue
        if all(c is None or c == "" for c in cells):
            continue
        named = dict(zip(header, cells, strict=False))
        width = len(cells)
        scores = {
            code: number
            for i, code in score_columns
            if i < width and (number := _score(cells[i])) is not None
        }
        differing = read_differing(_text(named.get("differing")) or "")
        yield _row(line - 2, named, scores, label, line, differing, csv_text)


def _row(
    index: int, named: Mapping[str, Any], scores: Mapping[str, Decimal], label: str, line: int,
    differing: Iterator[Differing] | Sequence[Differing], csv_text: bool,
) -> Row:  # fmt: skip
    """A row from its cells by column name; a csv's text, neutralised against formula
    injection (perfscore.injection), restored."""
    text = _text if csv_text else _raw_text
    return Row(
        index=index,
        id=text(named.get(ID_COLUMN)) or f"{Path(label).name}:{line}",
        total=_number(named.get("total"), label, line),
        grade=text(named.get("grade")),
        error=text(named.get("error")),
        scores=scores,
        reported_total=_number(named.get("reported_total"), label, line),
        reported_grade=text(named.get("reported_grade")),
        difference=_number(named.get("difference"), label, line),
        agrees=text(named.get("agrees")),
        differing=tuple(differing),
    )


def _jsonl_rows(path: Path) -> Iterator[Row]:
    label = str(path)
    with path.open(encoding="utf-8", errors="replace") as text:
        for line, raw in enumerate(text, 1):
            if not raw.strip():
                continue
            data = parse_json(raw, f"{label}:{line}", DataError)
            if not isinstance(data, Mapping) or "total" not in data:
                raise DataError(say("error.summary.not-a-line"), file=label, line=line)
            scores = {
                str(code): number
                for code, value in (data.get("scores") or {}).items()
                if (number := _score(value)) is not None
            }
            rec = data.get("reconcile") or {}
            differing = [
                Differing(str(d["code"]), Decimal(d["reported"]), Decimal(d["recomputed"]))
                for d in rec.get("differing") or ()
            ]
            named = {**rec, **data}
            agrees = rec.get("agrees")
            named["agrees"] = None if agrees is None else AGREES if agrees else DISAGREES
            yield _row(line - 1, named, scores, label, line, differing, csv_text=False)


def _raw_text(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def _text(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return format(value, "f")
    return restore(str(value))


def _number(value: Any, label: str, line: int) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        found = exact(value)
        return found if isinstance(found, Decimal) else Decimal(value)
    try:
        return Decimal(str(value).strip())
    except InvalidOperation:
        raise DataError(say("error.summary.not-a-number", value=str(value)[:40]), file=label,
                        line=line) from None  # fmt: skip


def _score(value: Any) -> Decimal | None:
    """A score cell as a number; None for a blank or a column that holds no numbers."""
    if type(value) is str and value:
        try:
            return Decimal(value)
        except InvalidOperation:
            return None
    try:
        return _number(value, "", 0)
    except DataError:
        return None
