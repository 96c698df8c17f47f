"""Input forms (基础数据表): a workbook listing everything a framework reads, to fill in by hand.

`write_form(fw)` gives an .xlsx with four sheets:

- 基础数据: every base-data field (字段) with its unit, allowed range, type and description, and a
  填写值 column; above the table, 记录编号 / 评价对象 / 评价框架.
- 评价输入: every indicator input the data supplies — judgment scores with their range, one row
  per checklist item (是/否), counts of cases, values read straight from the data.
- 得分: every indicator with 外部提供得分 (a score supplied for an indicator the data cannot
  compute) and 报告得分 (what the unit's report states, for `perfscore reconcile`); 合计, 等级.
- 问卷 (only when a field is a survey): one row per answer option (题目, 选项, 分值, 份数).

The filled-in file is read back by `perfscore.readers` (DATA for score, explain, reconcile).
Columns are found by their headers, so a user may add columns or move them; the sheets by what
their header row holds, so a user may rename them. `write_form_csv` gives the same as one CSV
table (类别 column); `form_rows` is the list both are made from.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .errors import PerfscoreError
from .injection import mark_xlsx_workbook, neutralise_row
from .numbers import plain

if TYPE_CHECKING:
    from .framework import Framework, Indicator
    from .records import Record
    from .rules import InputSpec

# Sheet names and the headers that identify them (the reader goes by headers).
FIELDS_SHEET, INPUTS_SHEET, SCORES_SHEET, SURVEY_SHEET, HELP_SHEET = (
    "基础数据",
    "评价输入",
    "得分",
    "问卷",
    "填写说明",
)
VALUE = "填写值"
FIELD_HEADERS = ("字段", "单位", VALUE, "允许范围", "类型", "说明")
INPUT_HEADERS = ("输入", "要点", VALUE, "单位", "允许范围", "类型", "指标", "说明")
SCORE_HEADERS = ("代码", "指标", "外部提供得分", "报告得分", "分值", "类型")
SURVEY_HEADERS = ("字段", "题号", "题目", "选项", "分值", "份数")
# A sheet per `rows:` node (项目支出绩效自评表): one line per 三级指标, as perfscore.rows reads it.
ROWS_KEY_LABEL = "数据项"  # above the header: the data key the rows are listed under
ROWS_HEADERS = (
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "达成程度",
    "得分比例",
    "代码",
    "报告得分",
    "说明",
    "偏差原因分析及改进措施",
)
#: header -> the key of a row in perfscore.rows (报告得分 goes to reported.scores by 代码)
ROWS_COLUMNS = {
    "二级指标": "group",
    "三级指标": "name",
    "年度指标值": "target",
    "实际完成值": "actual",
    "分值": "weight",
    "达成程度": "level",
    "得分比例": "share",
    "代码": "code",
    "说明": "note",
    "偏差原因分析及改进措施": "deviation",
}
ROWS_REPORTED = "报告得分"
ROWS_BLANK_PER_GROUP = 3  # lines an empty form offers under each declared 二级指标
ROWS_BLANK = 15  # lines an empty form offers when the framework declares no 二级指标
META = {"记录编号": "id", "评价对象": "title", "评价框架": "framework"}
TOTAL_KEY, GRADE_KEY = "合计", "等级"

# 类型 column values: how the reader reads the 填写值.
NUMBER, INTEGER, FLAG, SURVEY = "数值", "整数", "是否", "问卷"
POINTS, ITEM, COUNT, ITEMS = "评价人评分", "评价要点", "例数", "要点清单"
LEAF, PARENT = "指标", "汇总"


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


@dataclass(frozen=True)
class RowLine:
    """One line of a rows sheet: the cells of `ROWS_HEADERS` (by header), and how many lines
    below it share its merged 分值 cell (a row whose `items` share one 分值)."""

    cells: dict[str, Any]
    span: int = 1


def row_lines(node: Indicator, record: Record | None, fw: Framework) -> list[RowLine]:
    """The lines of `node`'s rows sheet: the rows `record` lists, or blank lines to fill in
    (each declared 二级指标 a few times, with the code the engine would give the row)."""
    table = node.rows
    assert table is not None
    raw = record.values.get(table.source) if record is not None else None
    if not isinstance(raw, list):
        if table.groups:
            return [
                RowLine({"二级指标": group.name, "代码": f"{group.code}.{k}"})
                for group in table.groups
                for k in range(1, ROWS_BLANK_PER_GROUP + 1)
            ]
        return [RowLine({}) for _ in range(ROWS_BLANK)]
    assert record is not None
    codes: dict[int, str] = {}
    with contextlib.suppress(PerfscoreError):  # rows the engine refuses: listed, uncoded
        from .rows import row_codes

        codes = row_codes(node, record, fw)
    reported = (record.reported or {}).get("scores") or {}
    lines = []
    for index, row in enumerate(raw):
        if not isinstance(row, dict):
            continue
        code = str(row.get("code") or codes.get(index, ""))
        shared = {
            "二级指标": row.get("group"),
            "分值": row.get("weight"),
            "代码": code or None,
            ROWS_REPORTED: reported.get(code) if code else None,
            "说明": row.get("note"),
            "偏差原因分析及改进措施": row.get("deviation"),
        }
        items = row.get("items")
        if isinstance(items, list) and items:
            # one line per item; the row's own cells (二级指标, 分值, 代码, 报告得分) on the first,
            # merged over the lines; the notes of the row and its items, each on its line
            for i, item in enumerate(items):
                item = item if isinstance(item, dict) else {}
                own = {h: item.get(k) for h, k in ROWS_COLUMNS.items() if k in _ITEM_CELLS}
                for header, key in (("说明", "note"), ("偏差原因分析及改进措施", "deviation")):
                    texts = [row.get(key) if i == 0 else None, item.get(key)]
                    own[header] = "；".join(str(t) for t in texts if t) or None
                if i == 0:
                    own.update({h: shared[h] for h in ROWS_MERGED})
                lines.append(RowLine(own, len(items) if i == 0 else 0))
            continue
        cells = {h: row.get(k) for h, k in ROWS_COLUMNS.items()}
        cells.update({h: v for h, v in shared.items() if v is not None or h == "代码"})
        lines.append(RowLine(cells))
    return lines


_ITEM_CELLS = ("name", "target", "actual", "level", "share")
#: the cells of a row whose items share one 分值, merged over the items' lines
ROWS_MERGED = ("二级指标", "分值", "代码", ROWS_REPORTED)


# --------------------------------------------------------------------------- prefilled values


def _prefill(record: Record | None, row: FormRow) -> Any:
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


def _score_prefill(record: Record | None, row: FormRow) -> tuple[Any, Any]:
    if record is None:
        return None, None
    reported = record.reported or {}
    if row.key == TOTAL_KEY:
        return None, reported.get("total")
    if row.key == GRADE_KEY:
        return None, reported.get("grade")
    scores = reported.get("scores") or {}
    return record.external_scores.get(row.key), scores.get(row.key)


# --------------------------------------------------------------------------- xlsx


def write_form(fw: Framework, record: Record | None = None, *, raw_text: bool = False) -> bytes:
    """The form as .xlsx bytes; with `record`, its values filled in. Text cells are typed text,
    and those that could run as a formula get Excel's quote prefix unless `raw_text`."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.worksheet.datavalidation import DataValidation

    from .xlsxstyle import fit_row

    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_fill = PatternFill("solid", fgColor="DDEBF7")
    fill_in = PatternFill("solid", fgColor="FFF2CC")  # the cells to fill in
    grey = PatternFill("solid", fgColor="EDEDED")
    font = Font(name="SimSun", size=10)
    bold = Font(name="SimSun", size=10, bold=True)
    wrap = Alignment(wrap_text=True, vertical="center")

    def put(ws: Any, row: int, col: int, value: Any, **style: Any) -> Any:
        cell = ws.cell(row=row, column=col)
        if isinstance(value, Decimal):
            value = int(value) if value == value.to_integral_value() else value
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"  # "=100%" stays text
        cell.font = style.pop("font", font)
        for key, val in style.items():
            setattr(cell, key, val)
        return cell

    def sheet(ws: Any, title: str, hint: str, headers: tuple[str, ...], widths: list[int]) -> int:
        put(ws, 1, 1, title, font=Font(name="SimSun", size=14, bold=True))
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
        put(ws, 2, 1, hint, alignment=wrap)
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(headers))
        ws.row_dimensions[2].height = 30
        for i, width in enumerate(widths, 1):
            ws.column_dimensions[chr(64 + i)].width = width
        return 3

    def header(ws: Any, row: int, headers: tuple[str, ...]) -> None:
        for i, text in enumerate(headers, 1):
            put(ws, row, i, text, font=bold, fill=head_fill, border=border, alignment=wrap)
        ws.freeze_panes = ws.cell(row=row + 1, column=1)
        ws.print_title_rows = f"{row}:{row}"
        ws.row_dimensions[1].height = 24
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True

    yes_no = DataValidation(type="list", formula1='"是,否"', allow_blank=True)
    wb = Workbook()

    # 基础数据: title; 记录编号, 评价对象, 评价框架; the header on row 5; fields from row 6.
    ws = wb.active
    ws.title = FIELDS_SHEET
    put(ws, 1, 1, f"{fw.name} 基础数据表", font=Font(name="SimSun", size=14, bold=True))
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(FIELD_HEADERS))
    for i, width in enumerate([26, 8, 16, 18, 8, 60], 1):
        ws.column_dimensions[chr(64 + i)].width = width
    meta: dict[str, Any] = {"记录编号": None, "评价对象": None, "评价框架": fw.id}
    if record is not None:
        meta.update({"记录编号": record.id, "评价对象": record.title or None})
    row = 1
    for label, value in meta.items():
        row += 1
        put(ws, row, 1, label, font=bold, border=border)
        put(ws, row, 3, value, border=border, fill=fill_in)
        put(ws, row, 4, "（可选）" if label != "评价框架" else f"版本 {fw.version}")
    hint = (
        "在黄色“填写值”列填写。数值可带单位（如 697.71万元、98%、1,234.5），单位与“单位”列不同"
        "时按同类单位换算（元/万元/亿元，人/万人）；留空的字段视为未提供。"
    )
    put(ws, 2, 5, hint, alignment=Alignment(wrap_text=True, vertical="top"))
    ws.merge_cells(start_row=2, start_column=5, end_row=4, end_column=6)
    row += 1
    header(ws, row, FIELD_HEADERS)
    for form_row in field_rows(fw):
        row += 1
        cells = [
            form_row.key,
            form_row.unit,
            _prefill(record, form_row),
            form_row.range,
            form_row.kind,
            form_row.description,
        ]
        for col, value in enumerate(cells, 1):
            style: dict[str, Any] = {"border": border, "alignment": wrap}
            if col == 3:
                style["fill"] = fill_in
            put(ws, row, col, value, **style)
        fit_row(ws, row, {c: v for c, v in enumerate(cells, 1) if isinstance(v, str)})
        if form_row.kind == FLAG:
            yes_no.add(ws.cell(row=row, column=3))
    ws.add_data_validation(yes_no)

    # 评价输入
    ws = wb.create_sheet(INPUTS_SHEET)
    yes_no_inputs = DataValidation(type="list", formula1='"是,否"', allow_blank=True)
    sheet(
        ws,
        f"{fw.name} 评价输入",
        "评价要点：每个要点一行，满足填“是”，不满足填“否”；评价人评分：在允许范围内填分数；"
        "例数：填不符合要求的例数（整数）。",
        INPUT_HEADERS,
        [10, 12, 10, 6, 14, 10, 24, 60],
    )
    row = 3
    header(ws, row, INPUT_HEADERS)
    for form_row in input_rows(fw):
        row += 1
        cells = [
            form_row.key,
            form_row.item,
            _prefill(record, form_row),
            form_row.unit,
            form_row.range,
            form_row.kind,
            form_row.label,
            form_row.description,
        ]
        for col, value in enumerate(cells, 1):
            style = {"border": border, "alignment": wrap}
            if col == 3:
                style["fill"] = fill_in
            put(ws, row, col, value, **style)
        fit_row(ws, row, {c: v for c, v in enumerate(cells, 1) if isinstance(v, str)})
        if form_row.kind in (ITEM, FLAG):
            yes_no_inputs.add(ws.cell(row=row, column=3))
    ws.add_data_validation(yes_no_inputs)

    # 项目支出自评表: a sheet per `rows:` node, one line per 三级指标
    taken = {FIELDS_SHEET, INPUTS_SHEET, SCORES_SHEET, SURVEY_SHEET, HELP_SHEET}
    rows_titles: list[str] = []
    for node in rows_tables(fw):
        assert node.rows is not None
        title = rows_sheet_title(node, taken)
        taken.add(title)
        rows_titles.append(title)
        ws = wb.create_sheet(title)
        groups = [g.name for g in node.rows.groups]
        levels = list(getattr(node.rows.rule, "levels", None) or {})
        sheet(
            ws,
            f"{node.code} {node.name}（{plain(node.weight)}分）三级指标明细",
            "每个三级指标一行：二级指标、三级指标名称、年度指标值、实际完成值（照自评表原样填写，如"
            "“≥98%”“1--1.2万人”）、分值；定性指标填达成程度"
            + (f"（{'/'.join(levels)}）" if levels else "")
            + "，必要时填得分比例（%）。几个指标共用一个分值时，把它们的“分值”单元格合并。"
            "代码可不填（按二级指标内的顺序编号）；填写报告得分时须填代码。",
            ROWS_HEADERS,
            [12, 24, 16, 16, 7, 10, 9, 8, 9, 30, 24],
        )
        ws.row_dimensions[2].height = 45
        put(ws, 3, 1, ROWS_KEY_LABEL, font=bold, border=border)
        put(ws, 3, 2, node.rows.source, border=border)
        put(ws, 3, 3, f"一级指标 {node.code} {node.name}，分值{plain(node.weight)}分", font=bold)
        ws.merge_cells(start_row=3, start_column=3, end_row=3, end_column=6)
        if groups:
            put(ws, 3, 7, "二级指标：" + "、".join(groups))
            ws.merge_cells(start_row=3, start_column=7, end_row=3, end_column=len(ROWS_HEADERS))
        row = 4
        header(ws, row, ROWS_HEADERS)
        group_list = DataValidation(
            type="list", formula1='"' + ",".join(groups) + '"', allow_blank=True
        )
        level_list = DataValidation(
            type="list", formula1='"' + ",".join(levels) + '"', allow_blank=True
        )
        for line in row_lines(node, record, fw):
            row += 1
            for col, head in enumerate(ROWS_HEADERS, 1):
                if line.span == 0 and head in ROWS_MERGED:
                    continue  # merged into the cell above
                value = line.cells.get(head)
                if value is not None and not isinstance(value, (int, Decimal, str)):
                    value = str(value)  # floats and the like as their text, as rows.py reads
                style = {"border": border, "alignment": wrap, "fill": fill_in}
                if head in ("二级指标", "代码"):
                    style["fill"] = grey
                cell = put(ws, row, col, value, **style)
                if head in ("年度指标值", "实际完成值", "三级指标"):
                    cell.number_format = "@"  # "100%" typed in stays text, as the table writes it
            if line.span > 1:
                for head in ROWS_MERGED:
                    col = ROWS_HEADERS.index(head) + 1
                    ws.merge_cells(
                        start_row=row, start_column=col, end_row=row + line.span - 1,
                        end_column=col,
                    )  # fmt: skip
            fit_row(ws, row, {c: v for c, v in enumerate(
                (line.cells.get(h) for h in ROWS_HEADERS), 1) if isinstance(v, str)})  # fmt: skip
            if groups:
                group_list.add(ws.cell(row=row, column=1))
            if levels:
                level_list.add(ws.cell(row=row, column=6))
        if groups:
            ws.add_data_validation(group_list)
        if levels:
            ws.add_data_validation(level_list)

    # 得分
    ws = wb.create_sheet(SCORES_SHEET)
    sheet(
        ws,
        f"{fw.name} 外部提供得分与报告得分",
        "外部提供得分：基础数据无法计算的指标，填写外部提供的得分（留空则按基础数据计算，只适用于"
        "末级指标）。报告得分：评价报告所列得分，供 perfscore reconcile 复核（可选）。",
        SCORE_HEADERS,
        [8, 30, 12, 10, 8, 8],
    )
    row = 3
    header(ws, row, SCORE_HEADERS)
    for form_row in score_rows(fw):
        row += 1
        external, reported = _score_prefill(record, form_row)
        cells = [
            form_row.key,
            form_row.label,
            external,
            reported,
            form_row.weight,
            form_row.kind,
        ]
        for col, value in enumerate(cells, 1):
            style = {"border": border, "alignment": wrap}
            if col == 3:
                style["fill"] = fill_in if form_row.kind == LEAF else grey
            if col == 4:
                style["fill"] = fill_in
            put(ws, row, col, value, **style)
        fit_row(ws, row, {c: v for c, v in enumerate(cells, 1) if isinstance(v, str)})

    # 问卷
    surveys = [f for f in fw.fields.values() if f.type == "survey"]
    if surveys:
        ws = wb.create_sheet(SURVEY_SHEET)
        sheet(
            ws,
            "满意度调查问卷",
            "每个选项一行：字段（基础数据表中的问卷字段）、题号、题目、选项、选项分值、选择该选项的"
            "份数。有效问卷份数填在基础数据表该字段的“填写值”。",
            SURVEY_HEADERS,
            [20, 6, 40, 24, 8, 8],
        )
        row = 3
        header(ws, row, SURVEY_HEADERS)
        for field in surveys:
            raw = record.values.get(field.name) if record is not None else None
            questions = raw.get("questions", []) if isinstance(raw, dict) else []
            for number, question in enumerate(questions, 1):
                for option in question.get("options", []):
                    row += 1
                    cells = [
                        field.name,
                        number,
                        question.get("question"),
                        option.get("option"),
                        option.get("points"),
                        option.get("count"),
                    ]
                    for col, value in enumerate(cells, 1):
                        put(ws, row, col, value, border=border, alignment=wrap)

    # 填写说明
    ws = wb.create_sheet(HELP_SHEET)
    ws.column_dimensions["A"].width = 110
    notes = [
        f"评价框架：{fw.name}（{fw.id}，版本 {fw.version}）",
        "本表由 perfscore template 生成；填好后可直接作为 DATA 使用：",
        "  perfscore score FRAMEWORK 基础数据.xlsx / perfscore explain … / perfscore reconcile …",
        "  各单位的填报表放在一个目录中：perfscore batch FRAMEWORK 目录/ -o 得分.xlsx（每张一行）",
        "“基础数据”表：各项基础数据；“评价输入”表：评价要点、评价人评分、例数；",
        "“得分”表：外部提供得分与报告得分；各表按表头识别，可增加列或调整列的顺序。",
        "数值可写成 697.71万元、98%、1,234.5、９８％；无法识别的内容会报错并指出表名和单元格。",
    ]
    for table, title in zip(rows_tables(fw), rows_titles, strict=True):
        notes.append(
            f"指标 {table.code} {table.name} 的三级指标由各项目自行列出：填在“{title}”表，"
            "每个指标一行（几个指标共用一个分值时合并其“分值”单元格）。"
        )
    for i, note in enumerate(notes, 1):
        put(ws, i, 1, note, alignment=wrap)

    wb.active = 0
    wb.properties.creator = "perfscore"
    mark_xlsx_workbook(wb, raw_text)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------- csv

CSV_HEADERS = (
    "类别",
    "字段",
    "要点",
    VALUE,
    "单位",
    "允许范围",
    "类型",
    "指标",
    "说明",
    "报告得分",
)


def write_form_csv(fw: Framework, record: Record | None = None, *, raw_text: bool = False) -> str:
    """The form as one CSV table: 类别 says which part of the form a line belongs to (记录,
    基础数据, 评价输入, 得分); on 得分 lines 字段 is the indicator code, 填写值 the 外部提供得分 and
    报告得分 the report's score. UTF-8 with a byte-order mark, for Excel. Text that could run as a
    formula gets a leading `'` unless `raw_text` (perfscore.injection; a reader takes it off
    again with `perfscore.injection.restore`)."""
    out = io.StringIO()
    csv_writer = csv.writer(out, lineterminator="\r\n")

    class _Writer:
        def writerow(self, row: list[Any] | tuple[str, ...]) -> None:
            csv_writer.writerow(neutralise_row(list(row), raw_text))

    writer = _Writer()
    writer.writerow(CSV_HEADERS)
    meta: dict[str, Any] = {"记录编号": None, "评价对象": None, "评价框架": fw.id}
    if record is not None:
        meta.update({"记录编号": record.id, "评价对象": record.title or None})
    for label, value in meta.items():
        writer.writerow(["记录", label, "", _csv(value), "", "", "", "", "", ""])
    for row in form_rows(fw):
        value, reported = _prefill(record, row), None
        if row.category == SCORES_SHEET:
            value, reported = _score_prefill(record, row)
        writer.writerow(
            [
                row.category,
                row.key,
                row.item,
                _csv(value),
                row.unit,
                row.range,
                row.kind,
                row.label.strip(),
                row.description,
                _csv(reported),
            ]
        )
    return "\ufeff" + out.getvalue()


def _csv(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return plain(value)
    return str(value)
