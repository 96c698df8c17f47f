"""A record built cell by cell, as a filled-in form or a one-record table gives it: each value
checked and read as its 类型 says, each cell's place kept in `Record.locations`, a key listed
twice refused — every error a DataError naming the file and the cell."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..cells import Cell, parse_cell
from ..engine.not_applicable import is_mark
from ..errors import DataError
from ..i18n import Message, say
from ..numbers import plain
from ..records import Record
from ..values import read_flag
from .layout import (
    COUNT,
    FLAG,
    GRADE_KEY,
    INTEGER,
    ITEM,
    META,
    NOT_APPLICABLE,
    NUMBER,
    POINTS,
    REPORTED,
    SURVEY,
    TOTAL_KEY,
)

#: a survey's options: (question, option, 分值 cell, 份数 cell)
SurveyOption = tuple[str, str, Cell, Cell]


@dataclass
class RecordBuilder:
    """The parts of one record as they are read; `finish` makes the Record."""

    file: str
    values: dict[str, Any] = field(default_factory=dict)
    external: dict[str, Any] = field(default_factory=dict)
    reported: dict[str, Any] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    locations: dict[str, str] = field(default_factory=dict)
    items: dict[str, dict[str, Cell]] = field(default_factory=dict)
    surveys: dict[str, list[SurveyOption]] = field(default_factory=dict)
    seen: dict[str, str] = field(default_factory=dict)

    def error(self, message: str | Message, cell: Cell | str, key: str | None) -> DataError:
        where = cell.where if isinstance(cell, Cell) else cell
        if where.startswith("line "):
            return DataError(message, file=self.file, line=int(where[5:]), field=key)
        return DataError(message, file=self.file, path=where, field=key)

    def once(self, key: str, cell: Cell) -> None:
        if key in self.seen:
            raise self.error(say("error.form.twice", name=key, first=self.seen[key]), cell, key)
        self.seen[key] = cell.where

    def metadata(self, label: str, cell: Cell) -> None:
        if not cell.blank:
            self.meta[META[label]] = str(cell.value).strip()

    def field(self, key: str, kind: str, unit: str, cell: Cell) -> None:
        """A base-data field: kept with the form's unit, for the engine to check and convert."""
        self.once(key, cell)
        self.locations[key] = cell.where
        if cell.blank:
            return
        if kind == FLAG:
            self.values[key] = self.flag(key, cell)
        elif kind == SURVEY:
            self.surveys.setdefault(key, [])
            self.values[key] = {"valid": self.number(key, cell, "")}
        else:
            number = self.number(key, cell, unit)
            self.values[key] = f"{plain(number)}{unit}" if unit else number

    def input(self, key: str, item: str, kind: str, unit: str, cell: Cell) -> None:
        """An indicator input: a judgment score, a count, a checklist item, a value."""
        if item or kind == ITEM:
            self.locations.setdefault(key, cell.where)
            items = self.items.setdefault(key, {})
            if item in items:
                raise self.error(say("error.form.item-twice", item=item, name=key), cell, key)
            items[item] = cell
            return
        self.once(key, cell)
        self.locations[key] = cell.where
        if cell.blank:
            return
        if kind == FLAG:
            self.values[key] = self.flag(key, cell)
        elif kind in (NUMBER, POINTS, COUNT, INTEGER):
            self.values[key] = self.number(key, cell, unit)
        else:  # no 类型 column: a number if it reads as one, else the text for the engine
            try:
                self.values[key] = parse_cell(cell, unit)
            except ValueError:
                self.values[key] = cell.value

    def score(self, code: str, external: Cell | None, reported: Cell | None, leaf: bool) -> None:
        if external is not None and not external.blank:
            self.external[code] = self.external_score(code, external, leaf)
            self.locations[f"external_scores.{code}"] = external.where
        if reported is None or reported.blank:
            return
        if code == GRADE_KEY:
            self.reported["grade"] = str(reported.value).strip()
        elif code == TOTAL_KEY:
            self.reported["total"] = self.number(code, reported, "分")
        else:
            self.reported.setdefault("scores", {})[code] = self.number(code, reported, "分")

    def external_score(self, code: str, cell: Cell, leaf: bool) -> Decimal | str:
        """An 外部提供得分 cell: points for a leaf, or 不适用 — the mark the framework's
        `not_applicable` scores — for any indicator (not the 合计 or 等级 line)."""
        if code in (TOTAL_KEY, GRADE_KEY):
            raise self.error(
                say("error.form.total-external", code=code, column=REPORTED),
                cell,
                code,
            )
        if is_mark(cell.value):
            return NOT_APPLICABLE
        if not leaf:
            raise self.error(
                say("error.form.external-not-leaf", mark=NOT_APPLICABLE),
                cell,
                code,
            )
        return self.number(code, cell, "分")

    def number(self, key: str, cell: Cell, unit: str) -> Decimal:
        try:
            return parse_cell(cell, unit)
        except ValueError as exc:
            raise self.error(str(exc), cell, key) from None

    def flag(self, key: str, cell: Cell) -> bool:
        value = cell.value
        if isinstance(value, float) and value in (0, 1):
            value = int(value)
        try:
            return read_flag(value.strip() if isinstance(value, str) else value)
        except ValueError as exc:
            raise self.error(say("error.form.not-a-flag", reason=exc), cell, key) from None

    def finish(self, default_id: str) -> Record:
        for key, items in self.items.items():
            filled = {item: cell for item, cell in items.items() if not cell.blank}
            if not filled:
                continue  # the whole checklist left blank: not provided
            for item, cell in items.items():
                if cell.blank:
                    raise self.error(say("error.form.item-blank", item=item), cell, key)
            self.values[key] = {item: self.flag(key, cell) for item, cell in items.items()}
        for key, options in self.surveys.items():
            if key in self.values:
                self.values[key]["questions"] = self.questions(key, options)
        return Record(
            values=self.values,
            external_scores=self.external,
            reported=self.reported,
            id=self.meta.get("id") or default_id,
            title=self.meta.get("title", ""),
            framework=self.meta.get("framework"),
            file=self.file,
            locations=self.locations,
        )

    def questions(self, key: str, options: list[SurveyOption]) -> list[Any]:
        questions: dict[str, list[dict[str, Any]]] = {}
        for question, option, points, count in options:
            questions.setdefault(question, []).append(
                {
                    "option": option,
                    "points": self.number(key, points, "分"),
                    "count": self.number(key, count, "份"),
                }
            )
        return [{"question": q, "options": opts} for q, opts in questions.items()]
