"""Reading a filled-in form: its sheets told by their header rows (`find_table`), each read into
a `RecordBuilder` — 基础数据 with the 记录编号 lines above it, 评价输入, 得分, 问卷, the rows
sheets (perfscore.forms.rows_sheet) and the CSV form's one table (类别 column).

What file the cells came from (.xlsx, .xls, .ods, .csv) is the business of perfscore.readers.
"""

from __future__ import annotations

from collections.abc import Callable

from ..cells import cell_text
from ..i18n import say
from .builder import RecordBuilder
from .layout import (
    ANSWERS,
    CATEGORY,
    CODE,
    EXTERNAL,
    FIELD,
    FIELDS_SHEET,
    FIELDS_TABLE,
    INPUT,
    INPUTS_SHEET,
    INPUTS_TABLE,
    KIND,
    LONG_TABLE,
    META,
    OPTION,
    PARENT,
    POINT,
    QUESTION,
    QUESTION_NUMBER,
    RECORD,
    REPORTED,
    ROWS_TABLE,
    SCORES_SHEET,
    SCORES_TABLE,
    SURVEY_TABLE,
    UNIT,
    VALUE,
    WEIGHT,
)
from .rows_sheet import read_rows_sheet
from .tables import Table


def read_form_tables(tables: list[tuple[str, Table]], builder: RecordBuilder) -> None:
    """Every sheet of a form into `builder`, each by its kind."""
    # rows sheets last: the report's scores read in the order a record lists them (得分 first)
    for kind, table in sorted(tables, key=lambda found: found[0] == ROWS_TABLE):
        if kind == ROWS_TABLE:
            read_rows_sheet(table, builder)
        else:
            _READERS[kind](table, builder)


def read_meta(table: Table, builder: RecordBuilder) -> None:
    """记录编号, 评价对象, 评价框架: the lines above the 基础数据 header."""
    for row in table.rows[: table.header_index]:
        label = table.text(row, FIELD) or (cell_text(row[0].value) if row else "")
        cell = table.get(row, VALUE)
        if label in META and cell is not None:
            builder.metadata(label, cell)


def _read_fields(table: Table, builder: RecordBuilder) -> None:
    read_meta(table, builder)
    for row in table.body():
        key = table.text(row, FIELD)
        cell = table.get(row, VALUE)
        if key and cell is not None:
            builder.field(key, table.text(row, KIND), table.text(row, UNIT), cell)


def _read_inputs(table: Table, builder: RecordBuilder) -> None:
    for row in table.body():
        key = table.text(row, INPUT)
        cell = table.get(row, VALUE)
        if key and cell is not None:
            item, kind = table.text(row, POINT), table.text(row, KIND)
            builder.input(key, item, kind, table.text(row, UNIT), cell)


def _read_scores(table: Table, builder: RecordBuilder) -> None:
    for row in table.body():
        code = table.text(row, CODE)
        if code:
            leaf = table.text(row, KIND) != PARENT
            builder.score(code, table.get(row, EXTERNAL), table.get(row, REPORTED), leaf)


def _read_survey(table: Table, builder: RecordBuilder) -> None:
    for row in table.body():
        key = table.text(row, FIELD)
        if not key:
            continue
        number, question = table.text(row, QUESTION_NUMBER), table.text(row, QUESTION)
        points, count = table.get(row, WEIGHT), table.get(row, ANSWERS)
        if points is None or count is None:  # the header row has 字段, 题目, 选项 but not these
            raise builder.error(
                say("error.form.survey-columns", weight=WEIGHT, answers=ANSWERS), row[0].where, key
            )
        builder.surveys.setdefault(key, []).append(
            (
                f"{number}. {question}" if number else question,
                table.text(row, OPTION),
                points,
                count,
            )
        )


def _read_long(table: Table, builder: RecordBuilder) -> None:
    """The form as one CSV table: 类别 记录 / 基础数据 / 评价输入 / 得分."""
    for row in table.body():
        category, key = table.text(row, CATEGORY), table.text(row, FIELD)
        cell = table.get(row, VALUE)
        if not key or cell is None:
            continue
        kind, unit = table.text(row, KIND), table.text(row, UNIT)
        if category == RECORD:
            if key in META:
                builder.metadata(key, cell)
        elif category == FIELDS_SHEET:
            builder.field(key, kind, unit, cell)
        elif category == INPUTS_SHEET:
            builder.input(key, table.text(row, POINT), kind, unit, cell)
        elif category == SCORES_SHEET:
            builder.score(key, cell, table.get(row, REPORTED), kind != PARENT)
        else:
            raise builder.error(
                say(
                    "error.form.unknown-category",
                    column=CATEGORY,
                    category=category,
                    kinds=f"{RECORD}, {FIELDS_SHEET}, {INPUTS_SHEET}",
                    last=SCORES_SHEET,
                ),
                cell.where,
                key,
            )


_READERS: dict[str, Callable[[Table, RecordBuilder], None]] = {
    FIELDS_TABLE: _read_fields,
    INPUTS_TABLE: _read_inputs,
    SCORES_TABLE: _read_scores,
    SURVEY_TABLE: _read_survey,
    LONG_TABLE: _read_long,
}
