"""What the form lists for a framework, and what a record already says for each line: the
fields (基础数据), the indicator inputs (评价输入), the indicators' scores (得分) and the lines
of each rows sheet. The xlsx and the CSV writer lay out the same lines."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..errors import PerfscoreError
from ..numbers import plain
from ..rows import row_codes
from .layout import (
    CODE,
    COUNT,
    DEVIATION,
    FIELDS_SHEET,
    FLAG,
    FRAMEWORK_LABEL,
    GRADE_KEY,
    GROUP,
    ID_LABEL,
    INPUTS_SHEET,
    INTEGER,
    ITEM,
    LEAF,
    NOTE,
    NUMBER,
    PARENT,
    POINTS,
    ROWS_BLANK,
    ROWS_BLANK_PER_GROUP,
    ROWS_COLUMNS,
    ROWS_MERGED,
    ROWS_MORE_COLUMNS,
    ROWS_REPORTED,
    SCORES_SHEET,
    SURVEY,
    TITLE_LABEL,
    TOTAL_KEY,
    WEIGHT,
)

if TYPE_CHECKING:
    from ..model import Framework, Indicator
    from ..records import Record
    from ..rules import InputSpec


@dataclass(frozen=True)
class FormRow:
    """One line of the form."""

    category: str  # 基础数据 | 评价输入 | 得分
    key: str  # field or input name; indicator code on 得分
    item: str = ""  # checklist item id (评价输入)
    unit: str = ""
    range: str = ""
    kind: str = ""
    label: str = ""  # the indicator (评价输入, 得分)
    description: str = ""
    weight: Decimal | None = None  # 得分: the indicator's weight
    minimum: Decimal | None = None  # the range a number may take (the cell's validation)
    maximum: Decimal | None = None


def _range(minimum: Decimal | None, maximum: Decimal | None, unit: str = "") -> str:
    if minimum is not None and maximum is not None:
        return f"{plain(minimum)}–{plain(maximum)}{unit}"
    if minimum is not None:
        return f"≥{plain(minimum)}{unit}"
    if maximum is not None:
        return f"≤{plain(maximum)}{unit}"
    return ""


def field_rows(fw: Framework) -> list[FormRow]:
    rows = []
    for field in fw.fields.values():
        if field.type == "boolean":
            kind, span = FLAG, "是/否"
        elif field.type == "survey":
            kind, span = SURVEY, "有效问卷份数；题目与答案见“问卷”表"
        elif field.type == "integer":
            kind, span = INTEGER, _range(field.minimum, field.maximum, field.unit) + "（整数）"
        else:
            kind, span = NUMBER, _range(field.minimum, field.maximum, field.unit)
        rows.append(
            FormRow(
                FIELDS_SHEET,
                field.name,
                unit=field.unit if field.type in ("number", "integer") else "",
                range=span,
                kind=kind,
                description=field.description,
                minimum=field.minimum,
                maximum=field.maximum,
            )
        )
    return rows


def _input_rows(leaf: Indicator, spec: InputSpec, *, value: bool) -> Iterator[FormRow]:
    label = f"{leaf.code} {leaf.name}"
    if spec.value_type == "items":
        texts = dict(getattr(leaf.rule, "items", {}) or {})
        for item in spec.items:
            text = texts.get(item)
            described = text[0] if isinstance(text, tuple) else ""
            points = text[1] if isinstance(text, tuple) else None
            span = "是/否" + (f"（{plain(points)}分）" if points is not None else "")
            yield FormRow(
                INPUTS_SHEET,
                spec.name,
                item=item,
                range=span,
                kind=ITEM,
                label=label,
                description=described,
            )
        return
    if spec.value_type == "points":
        kind, unit = POINTS, "分"
        span = _range(spec.minimum, spec.maximum, "分")
    elif spec.value_type == "count":
        kind, unit, span = COUNT, "", "≥0的整数"
    elif spec.value_type == "flag":
        kind, unit, span = FLAG, "", "是/否"
    else:
        kind, unit = NUMBER, leaf.unit if value else ""
        span = _range(spec.minimum, spec.maximum, unit)
    description = spec.description or (leaf.criteria.strip() if value else "")
    yield FormRow(
        INPUTS_SHEET,
        spec.name,
        unit=unit,
        range=span,
        kind=kind,
        label=label,
        description=description,
        minimum=Decimal(0) if kind == COUNT and spec.minimum is None else spec.minimum,
        maximum=spec.maximum,
    )


def input_rows(fw: Framework) -> list[FormRow]:
    """Every input the data supplies for an indicator, once each, in the order of the tree."""
    rows: list[FormRow] = []
    seen: set[str] = set()
    for leaf in fw.leaves():
        if leaf.rule is None or getattr(leaf, "rows", None) is not None:
            continue
        specs = [] if leaf.formula is not None else [(leaf.value_spec(), True)]
        specs += [(spec, False) for spec in leaf.rule.inputs()]
        for spec, is_value in specs:
            if spec.name in seen or spec.name in fw.fields:
                continue
            seen.add(spec.name)
            rows.extend(_input_rows(leaf, spec, value=is_value))
    return rows


def score_rows(fw: Framework) -> list[FormRow]:
    rows = []
    for node in fw.walk():
        indent = "　" * (node.depth - 1)
        rows.append(
            FormRow(
                SCORES_SHEET,
                node.code,
                kind=LEAF if node.is_leaf and getattr(node, "rows", None) is None else PARENT,
                label=indent + node.name,
                weight=node.weight,
            )
        )
    rows.append(FormRow(SCORES_SHEET, TOTAL_KEY, kind=PARENT, label="总分", weight=fw.total))
    rows.append(FormRow(SCORES_SHEET, GRADE_KEY, kind=PARENT, label="评价等级"))
    return rows


def form_rows(fw: Framework) -> list[FormRow]:
    return [*field_rows(fw), *input_rows(fw), *score_rows(fw)]


def rows_tables(fw: Framework) -> list[Indicator]:
    """Indicators whose rows the data lists (项目支出自评表): a sheet each on the form."""
    return [leaf for leaf in fw.leaves() if getattr(leaf, "rows", None) is not None]


_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def rows_sheet_title(node: Indicator, taken: set[str]) -> str:
    """The sheet for `node`'s rows: its data key (产出指标) as Excel allows a sheet name."""
    assert node.rows is not None
    base = _SHEET_FORBIDDEN.sub("_", node.rows.source).strip("'")[:31] or node.code
    title, n = base, 1
    while title.lower() in {t.lower() for t in taken}:
        n += 1
        title = f"{base[: 31 - len(str(n)) - 1]}_{n}"
    return title


# --------------------------------------------------------------------------- rows sheets


@dataclass(frozen=True)
class RowLine:
    """One line of a rows sheet: the cells of `ROWS_HEADERS` (by header), and how many lines
    below it share its merged 分值 cell (a row whose `items` share one 分值)."""

    cells: dict[str, Any]
    span: int = 1


_ITEM_CELLS = ("name", "nature", "target", "unit", "actual", "level", "share")
#: a row's cells by the header of each column they may be written in (年度指标值 and 指标值 both)
_CELLS_BY_HEADER = {**ROWS_COLUMNS, **ROWS_MORE_COLUMNS}
_NOTES = ((NOTE, "note"), (DEVIATION, "deviation"))


def row_lines(node: Indicator, record: Record | None, fw: Framework) -> list[RowLine]:
    """The lines of `node`'s rows sheet: the rows `record` lists, or blank lines to fill in
    (each declared 二级指标 a few times, with the code the engine would give the row)."""
    table = node.rows
    assert table is not None
    raw = record.values.get(table.source) if record is not None else None
    if not isinstance(raw, list):
        if table.groups:
            return [
                RowLine({GROUP: group.name, CODE: f"{group.code}.{k}"})
                for group in table.groups
                for k in range(1, ROWS_BLANK_PER_GROUP + 1)
            ]
        return [RowLine({}) for _ in range(ROWS_BLANK)]
    assert record is not None
    codes: dict[int, str] = {}
    with contextlib.suppress(PerfscoreError):  # rows the engine refuses: listed, uncoded
        codes = row_codes(node, record, fw)
    reported = (record.reported or {}).get("scores") or {}
    lines = []
    for index, row in enumerate(raw):
        if not isinstance(row, dict):
            continue
        code = str(row.get("code") or codes.get(index, ""))
        shared = {
            GROUP: row.get("group"),
            WEIGHT: row.get("weight"),
            CODE: code or None,
            ROWS_REPORTED: reported.get(code) if code else None,
            NOTE: row.get("note"),
            DEVIATION: row.get("deviation"),
        }
        items = row.get("items")
        if isinstance(items, list) and items:
            lines.extend(_item_lines(row, items, shared))
            continue
        cells = {h: row.get(k) for h, k in _CELLS_BY_HEADER.items()}
        cells.update({h: v for h, v in shared.items() if v is not None or h == CODE})
        lines.append(RowLine(cells))
    return lines


def splits_target(node: Indicator, record: Record | None) -> bool:
    """Whether `node`'s rows sheet lays its target out over 指标性质, 指标值 and 度量单位: the
    framework says so (`rows.columns: split`), or a row (or item) `record` lists gives its
    nature or unit, which one 年度指标值 column could not hold as written."""
    table = node.rows
    assert table is not None
    if table.columns == "split":
        return True
    raw = record.values.get(table.source) if record is not None else None
    rows = [r for r in raw if isinstance(r, dict)] if isinstance(raw, list) else []
    items = [i for r in rows if isinstance(r.get("items"), list) for i in r["items"]]
    return any(isinstance(r, dict) and ("nature" in r or "unit" in r) for r in rows + items)


def _item_lines(row: dict[str, Any], items: list[Any], shared: dict[str, Any]) -> list[RowLine]:
    """A row whose items share one 分值: one line per item; the row's own cells (二级指标, 分值,
    代码, 报告得分) on the first, merged over the lines; the notes of the row and its items,
    each on its line."""
    lines = []
    for i, item in enumerate(items):
        item = item if isinstance(item, dict) else {}
        own = {h: item.get(k) for h, k in _CELLS_BY_HEADER.items() if k in _ITEM_CELLS}
        for header, key in _NOTES:
            texts = [row.get(key) if i == 0 else None, item.get(key)]
            own[header] = "；".join(str(t) for t in texts if t) or None
        if i == 0:
            own.update({h: shared[h] for h in ROWS_MERGED})
        lines.append(RowLine(own, len(items) if i == 0 else 0))
    return lines


# --------------------------------------------------------------------------- prefilled values


def prefill(record: Record | None, row: FormRow) -> Any:
    """What a record already says for a row (to turn a YAML record into a form)."""
    if record is None:
        return None
    if row.category == SCORES_SHEET:
        return None
    raw = record.values.get(row.key)
    if raw is None:
        return None
    if row.kind == ITEM:
        if isinstance(raw, dict):
            return "是" if raw.get(row.item) else "否"
        if isinstance(raw, str):
            raw = [p for p in re.split(r"[,，、;；\s]+", raw) if p]
        return "是" if row.item in {str(x) for x in raw} else "否"
    if row.kind == SURVEY:
        return raw.get("valid") if isinstance(raw, dict) else None
    if isinstance(raw, bool):
        return "是" if raw else "否"
    if isinstance(raw, float):
        return Decimal(repr(raw))
    return raw


def meta_values(fw: Framework, record: Record | None) -> dict[str, Any]:
    """The 记录编号, 评价对象 and 评价框架 lines: the record's id and title, the framework's id."""
    meta: dict[str, Any] = {ID_LABEL: None, TITLE_LABEL: None, FRAMEWORK_LABEL: fw.id}
    if record is not None:
        meta.update({ID_LABEL: record.id, TITLE_LABEL: record.title or None})
    return meta


def score_prefill(record: Record | None, row: FormRow) -> tuple[Any, Any]:
    """What a record says for a line of 得分: the external score and the report's score."""
    if record is None:
        return None, None
    reported = record.reported or {}
    if row.key == TOTAL_KEY:
        return None, reported.get("total")
    if row.key == GRADE_KEY:
        return None, reported.get("grade")
    scores = reported.get("scores") or {}
    return record.external_scores.get(row.key), scores.get(row.key)
