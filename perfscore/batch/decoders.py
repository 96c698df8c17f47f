"""Decoders: what turns one raw row, line or form of an input into a Record — or into an
`Unreadable` that names the file and place, so that a bad row becomes an error row. Each is a
small picklable callable `decode(number, raw)`, so that it can run in a worker process."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..cells import spreadsheet_number
from ..engine.many import Unreadable
from ..errors import DataError, PerfscoreError
from ..i18n import say
from ..readers import form_id, read_form
from ..readers.wide import REPORTED_PREFIX, reported_column, unknown_reported_column
from ..records import RECORD_KEYS, Record
from ..yamlio import parse_json

if TYPE_CHECKING:
    from ..framework import Framework

ID_COLUMN = "id"
#: the column naming the record's unit (the record's title): either name is read
TITLE_COLUMNS = ("title", "单位名称")
EXTERNAL_PREFIX = "external_scores."
#: whether text holds a byte its encoding could not decode (surrogateescape marks it so)
has_surrogate = re.compile("[\udc80-\udcff]").search


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
    """Turns one csv/xlsx row into a Record: an `id` column, a `title` (单位名称) column,
    `external_scores.CODE` columns,
    what the report states (`reported.total`, `reported.grade`, `reported.scores.CODE`, as
    `perfscore reconcile` reads them: perfscore.readers.wide), and one column per base-data
    field or indicator input. An empty cell is a missing value, except
    in a checklist column, where it means that no item was met."""

    header: tuple[str, ...]
    label: str
    items: frozenset[str] = frozenset()
    columns: tuple[tuple[int, str, int], ...] = field(init=False)  # (index, name, kind)
    id_index: int | None = field(init=False)
    title_index: int | None = field(init=False)  # the 单位名称 column, when there is one
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
                    say("error.batch.column-twice", name=name, first=seen[name] + 1, second=i + 1),
                    file=self.label,
                    field=name,
                )
            seen[name] = i
            if name == ID_COLUMN or name in TITLE_COLUMNS:
                continue
            if name.startswith(EXTERNAL_PREFIX):
                columns.append((i, name[len(EXTERNAL_PREFIX) :], 2))
            elif name.startswith(REPORTED_PREFIX):
                entry = reported_column(name)
                if entry is None:
                    raise DataError(unknown_reported_column(name), file=self.label, field=name)
                columns.append((i, entry, 3))
            else:
                columns.append((i, name, 1 if name in self.items else 0))
        object.__setattr__(self, "columns", tuple(columns))
        object.__setattr__(self, "id_index", seen.get(ID_COLUMN))
        titles = [seen[name] for name in TITLE_COLUMNS if name in seen]
        object.__setattr__(self, "title_index", titles[0] if titles else None)
        plain = None
        if all(kind < 2 for _, _, kind in columns):  # no external-score or reported column
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
            rid = None if raw_id is None or raw_id == "" else cell_text(raw_id)
        title = ""
        if self.title_index is not None and self.title_index < len(cells):
            raw_title = cells[self.title_index]
            title = "" if raw_title is None else cell_text(raw_title)
        if len(cells) > len(self.header) and any(
            c is not None and c != "" for c in cells[len(self.header) :]
        ):
            return Unreadable(
                rid, DataError(say("error.batch.row-width", cells=len(cells),
                                   header=len(self.header)), file=where),
            )  # fmt: skip
        if isinstance(cells, list) and len(cells) < len(self.header):  # csv rows only
            return Unreadable(
                rid, DataError(say("error.batch.row-width", cells=len(cells),
                                   header=len(self.header)), file=where),
            )  # fmt: skip
        if self.plain is not None and isinstance(cells, list):  # the common case, quickly
            values = {n: v for n, v in zip(self.plain, cells, strict=False) if v and n}
            for _, name, kind in self.columns:
                if kind == 1 and name not in values:
                    values[name] = ""  # an empty checklist cell: no item met
            return Record(values=values, id=rid, title=title, file=where)
        values = {}
        external: dict[str, Any] = {}
        reported: dict[str, Any] = {}
        width = len(cells)
        for index, name, kind in self.columns:
            value = cells[index] if index < width else None
            if value is None or value == "":
                if kind == 1:
                    values[name] = ""
                continue
            if kind == 1 and not isinstance(value, str):
                value = cell_text(value)
            if kind == 2:
                external[name] = value
            elif kind == 3:
                _report(reported, name, value)
            else:
                values[name] = value
        return Record(
            values=values, external_scores=external, reported=reported, id=rid, title=title,
            file=where,
        )


def _report(reported: dict[str, Any], entry: str, value: Any) -> None:
    """A reported cell into `reported`: its total, grade, or an indicator's score."""
    if entry == "grade":
        reported["grade"] = cell_text(value).strip()
        return
    number = spreadsheet_number(value) if isinstance(value, float) else value  # Excel's digits
    if entry == "total":
        reported["total"] = number
    else:
        reported.setdefault("scores", {})[entry] = number


def cell_text(value: Any) -> str:
    """A cell as text: a whole float (a spreadsheet's 37.0) without its `.0`."""
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
            None, DataError(say("error.batch.not-an-object", kind=type(data).__name__), file=where)
        )
    rid = data.get("id")
    rid = None if rid is None else str(rid)
    unknown = sorted(set(data) - RECORD_KEYS)
    if unknown:
        expected = ", ".join(sorted(RECORD_KEYS))
        message = say("error.batch.unknown-keys", keys=", ".join(unknown), expected=expected)
        return Unreadable(rid, DataError(message, file=where, field=unknown[0]))
    for key in ("values", "external_scores", "reported"):
        if key in data and not isinstance(data[key], Mapping):
            message = say("error.batch.key-not-object", name=key)
            return Unreadable(rid, DataError(message, file=where, field=key))
    return Record(
        values=dict(data.get("values") or {}),
        external_scores=dict(data.get("external_scores") or {}),
        reported=dict(data.get("reported") or {}),
        id=rid,
        title=str(data.get("title", "")),
        file=where,
    )


@dataclass(frozen=True)
class FormDecoder:
    """Reads a form file into a Record (in a worker); a form that cannot be read is an error row
    whose id is the form's 记录编号 if that much can be read, else the file's stem."""

    def __call__(self, number: int, raw: Any) -> Record | Unreadable:
        try:
            return read_form(raw)
        except PerfscoreError as exc:
            error = exc
        except Exception as exc:  # a damaged file must not lose its row either
            message = say("error.batch.form-unread", kind=type(exc).__name__, reason=exc)
            error = DataError(message, file=str(raw))
        return Unreadable(form_id(raw) or Path(raw).stem, error)


def damaged_id(text: str, header: list[str]) -> str | None:
    """The id cell of a line that is not a record, as well as it can be told (cells cut at
    every comma, quotes dropped), so that its error row still says whose it is."""
    if ID_COLUMN not in header:
        return None
    cells = text.rstrip("\r\n").split(",")
    index = header.index(ID_COLUMN)
    found = cells[index].strip().strip('"').strip() if index < len(cells) else ""
    return found or None


@dataclass(frozen=True)
class TableRows:
    """Decodes the rows of one csv or spreadsheet table (`TableDecoder`); a row the reader
    already found damaged, or with bytes not in the table's encoding, is an error row."""

    table: TableDecoder
    encoding: str = "UTF-8"  # a csv table's, for the message about a row it cannot decode

    def __call__(self, line: int, raw: Any) -> Record | Unreadable:
        if isinstance(raw, Unreadable):
            return raw
        if isinstance(raw, PerfscoreError):
            return Unreadable(None, raw)
        if isinstance(raw, list) and has_surrogate("\x00".join(raw)):
            message = say("error.batch.row-encoding", name=self.encoding)
            return Unreadable(None, DataError(message, file=f"{self.table.label}:{line}"))
        return self.table.decode(line, raw)


@dataclass(frozen=True)
class JsonDecoder:
    """Decodes the lines of one jsonl file (`decode_json_line`)."""

    label: str

    def __call__(self, line: int, raw: Any) -> Record | Unreadable:
        if isinstance(raw, Unreadable):  # a line the reader could not take (too long)
            return raw
        if has_surrogate(raw):
            return Unreadable(
                None, DataError(say("error.batch.line-not-utf8"), file=f"{self.label}:{line}")
            )
        return decode_json_line(self.label, line, raw)
