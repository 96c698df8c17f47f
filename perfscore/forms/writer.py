"""The input form as an .xlsx workbook (`write_form`): 基础数据 (with 记录编号 / 评价对象 /
评价框架 above the table), 评价输入, a sheet per rows indicator (项目支出自评表), 得分, 问卷 when a
field is a survey, and 填写说明 — each laid out as perfscore.forms.layout says, the cells to
fill in shaded yellow, 是/否 cells with a drop-down list."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from ..injection import mark_xlsx_workbook
from ..numbers import plain
from ..xlsxstyle import BORDER, WRAP_LEFT_CENTER, WRAP_TOP, fit_row
from .contents import (
    RowLine,
    field_rows,
    input_rows,
    meta_values,
    prefill,
    row_lines,
    rows_sheet_title,
    rows_tables,
    score_prefill,
    score_rows,
    splits_target,
)
from .layout import (
    ANSWERS,
    EXTERNAL,
    FIELD_HEADERS,
    FIELD_WIDTHS,
    FIELDS_SHEET,
    FRAMEWORK_LABEL,
    GROUP,
    HELP_SHEET,
    HELP_WIDTH,
    INDICATOR,
    INPUT,
    INPUT_HEADERS,
    INPUT_WIDTHS,
    INPUTS_SHEET,
    INTEGER,
    KIND,
    LEAF,
    LEVEL,
    NOT_APPLICABLE,
    NOTE,
    NUMBER,
    POINT,
    RANGE,
    REPORTED,
    ROWS_GREY,
    ROWS_KEY_LABEL,
    ROWS_MERGED,
    ROWS_TEXT,
    SCORE_HEADERS,
    SCORE_WIDTHS,
    SCORES_SHEET,
    SHARE,
    SHEETS,
    SURVEY_HEADERS,
    SURVEY_SHEET,
    SURVEY_WIDTHS,
    TOTAL_KEY,
    UNIT,
    VALUE,
    WEIGHT,
    rows_headers,
)
from .parts import (
    BOLD,
    FILL_IN,
    GREY,
    LINE,
    TITLE,
    body_line,
    choices,
    header,
    put,
    set_widths,
    sheet_head,
)
from .validation import Validations, check_for, marked

if TYPE_CHECKING:
    from ..model import Framework, Indicator
    from ..records import Record

_FIELD_VALUE = FIELD_HEADERS.index(VALUE) + 1  # 填写值 on 基础数据 (column C)
_INPUT_VALUE = INPUT_HEADERS.index(VALUE) + 1  # 填写值 on 评价输入 (column C)
_EXTERNAL = SCORE_HEADERS.index(EXTERNAL) + 1  # 外部提供得分 on 得分
_REPORTED = SCORE_HEADERS.index(REPORTED) + 1  # 报告得分 on 得分
_ROWS_MARK_SAID = "不适用的指标在实际完成值填“不适用”，按框架规定处理（not_applicable: {}）。"
_SPLIT_SAID = (
    "年度指标值分三列填写：指标性质（≥ ≤ = ＞ ＜，定性指标填“定性”）、指标值、度量单位"
    "（单位只写一次即可）。"
)


def write_form(fw: Framework, record: Record | None = None, *, raw_text: bool = False) -> bytes:
    """The form as .xlsx bytes; with `record`, its values filled in. Text cells are typed text,
    and those that could run as a formula get Excel's quote prefix unless `raw_text`."""
    wb = Workbook()
    _fields_sheet(wb.active, fw, record)
    _inputs_sheet(wb.create_sheet(INPUTS_SHEET), fw, record)
    taken = set(SHEETS)
    rows_titles: list[str] = []
    for node in rows_tables(fw):
        title = rows_sheet_title(node, taken)
        taken.add(title)
        rows_titles.append(title)
        _rows_sheet(wb.create_sheet(title), node, fw, record)
    _scores_sheet(wb.create_sheet(SCORES_SHEET), fw, record)
    _survey_sheet(wb, fw, record)
    _help_sheet(wb.create_sheet(HELP_SHEET), fw, rows_titles)
    wb.active = 0
    wb.properties.creator = "perfscore"
    mark_xlsx_workbook(wb, raw_text)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------- cells and tables


# --------------------------------------------------------------------------- sheets


def _fields_sheet(ws: Worksheet, fw: Framework, record: Record | None) -> None:
    """基础数据: the title; 记录编号, 评价对象, 评价框架; the header on row 5; fields from row 6."""
    ws.title = FIELDS_SHEET
    put(ws, 1, 1, f"{fw.name} 基础数据表", font=TITLE)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(FIELD_HEADERS))
    set_widths(ws, FIELD_WIDTHS)
    meta = meta_values(fw, record)
    row = 1
    for label, value in meta.items():
        row += 1
        put(ws, row, 1, label, font=BOLD, border=BORDER)
        put(ws, row, _FIELD_VALUE, value, border=BORDER, fill=FILL_IN)
        put(ws, row, 4, "（可选）" if label != FRAMEWORK_LABEL else f"版本 {fw.version}")
    hint = (
        "在黄色“填写值”列填写。数值可带单位（如 697.71万元、98%、1,234.5），单位与“单位”列不同"
        "时按同类单位换算（元/万元/亿元，人/万人）；留空的字段视为未提供。"
    )
    put(ws, 2, 5, hint, alignment=WRAP_TOP)
    ws.merge_cells(start_row=2, start_column=5, end_row=4, end_column=6)
    row += 1
    header(ws, row, FIELD_HEADERS)
    checks = Validations(ws)
    for form_row in field_rows(fw):
        row += 1
        value = prefill(record, form_row)
        cells = [form_row.key, form_row.unit, value, form_row.range, form_row.kind]
        body_line(ws, row, [*cells, form_row.description], {_FIELD_VALUE: FILL_IN})
        # a number may be written with its unit (697.71万元): Excel warns, the reader converts
        check = check_for(form_row.kind, form_row.minimum, form_row.maximum, form_row.unit,
                          strict=False)  # fmt: skip
        checks.add(ws.cell(row=row, column=_FIELD_VALUE), check)
    checks.close()


def _inputs_sheet(ws: Worksheet, fw: Framework, record: Record | None) -> None:
    """评价输入: a line per input, a line per checklist item — the indicator, the point and its
    text first, then the cell to fill, then its unit, range and 类型."""
    checks = Validations(ws)
    sheet_head(
        ws,
        f"{fw.name} 评价输入",
        "评价要点：每个要点一行，满足填“是”，不满足填“否”；评价人评分：在允许范围内填分数；"
        "例数：填不符合要求的例数（整数）。",
        INPUT_HEADERS,
        INPUT_WIDTHS,
    )
    row = 3
    header(ws, row, INPUT_HEADERS)
    for form_row in input_rows(fw):
        row += 1
        by_header = {
            INDICATOR: form_row.label,
            INPUT: form_row.key,
            POINT: form_row.item,
            NOTE: form_row.description,
            VALUE: prefill(record, form_row),
            UNIT: form_row.unit,
            RANGE: form_row.range,
            KIND: form_row.kind,
        }
        body_line(ws, row, [by_header[h] for h in INPUT_HEADERS], {_INPUT_VALUE: FILL_IN})
        check = check_for(form_row.kind, form_row.minimum, form_row.maximum, form_row.unit)
        checks.add(ws.cell(row=row, column=_INPUT_VALUE), check)
    checks.close()


def _rows_sheet(ws: Worksheet, node: Indicator, fw: Framework, record: Record | None) -> None:
    """项目支出自评表: a sheet per `rows:` node, one line per 三级指标 (its target in one
    column, or over 指标性质, 指标值 and 度量单位: `splits_target`)."""
    assert node.rows is not None
    groups = [g.name for g in node.rows.groups]
    levels = list(getattr(node.rows.rule, "levels", None) or {})
    split = splits_target(node, record)
    headers, widths = rows_headers(split)
    sheet_head(
        ws,
        f"{node.code} {node.name}（{plain(node.weight)}分）三级指标明细",
        "每个三级指标一行：二级指标、三级指标名称、年度指标值、实际完成值（照自评表原样填写，如"
        "“≥98%”“1--1.2万人”）、分值；定性指标填达成程度"
        + (f"（{'/'.join(levels)}）" if levels else "")
        + "，必要时填得分比例（%）。几个指标共用一个分值时，把它们的“分值”单元格合并。"
        "代码可不填（按二级指标内的顺序编号）；填写报告得分时须填代码。"
        + (_SPLIT_SAID if split else "")
        + (_ROWS_MARK_SAID.format(node.rows.not_applicable) if node.rows.not_applicable else ""),
        headers,
        widths,
    )
    ws.row_dimensions[2].height = 45
    put(ws, 3, 1, ROWS_KEY_LABEL, font=BOLD, border=BORDER)
    put(ws, 3, 2, node.rows.source, border=BORDER)
    put(ws, 3, 3, f"一级指标 {node.code} {node.name}，分值{plain(node.weight)}分", font=BOLD)
    ws.merge_cells(start_row=3, start_column=3, end_row=3, end_column=6)
    if groups:
        put(ws, 3, 7, "二级指标：" + "、".join(groups))
        ws.merge_cells(start_row=3, start_column=7, end_row=3, end_column=len(headers))
    header(ws, 4, headers)
    group_list, level_list = choices(groups), choices(levels)
    checks = Validations(ws)
    numbers = {
        headers.index(WEIGHT) + 1: check_for(NUMBER, Decimal(0), node.weight, "分"),
        headers.index(SHARE) + 1: check_for(NUMBER, Decimal(0), Decimal(100), "%"),
        headers.index(REPORTED) + 1: check_for(NUMBER, Decimal(0), node.weight, "分"),
    }
    for row, line in enumerate(row_lines(node, record, fw), 5):
        _rows_line(ws, row, headers, line)
        for column, check in numbers.items():
            checks.add(ws.cell(row=row, column=column), check)
        if groups:
            group_list.add(ws.cell(row=row, column=headers.index(GROUP) + 1))
        if levels:
            level_list.add(ws.cell(row=row, column=headers.index(LEVEL) + 1))
    if groups:
        ws.add_data_validation(group_list)
    if levels:
        ws.add_data_validation(level_list)
    checks.close()


def _rows_line(ws: Worksheet, row: int, headers: tuple[str, ...], line: RowLine) -> None:
    """One line of a rows sheet, its cells under `headers`; a row whose items share one 分值
    has its own cells merged over its `span` lines (0: a line under such a cell)."""
    cells, span = line.cells, line.span
    for col, head in enumerate(headers, 1):
        if span == 0 and head in ROWS_MERGED:
            continue  # merged into the cell above
        value = cells.get(head)
        if value is not None and not isinstance(value, (int, Decimal, str)):
            value = str(value)  # floats and the like as their text, as rows.py reads
        fill = GREY if head in ROWS_GREY else FILL_IN
        cell = put(ws, row, col, value, border=BORDER, alignment=WRAP_LEFT_CENTER, fill=fill)
        if head in ROWS_TEXT:
            cell.number_format = "@"  # "100%" typed in stays text, as the table writes it
    if span > 1:
        for head in ROWS_MERGED:
            col = headers.index(head) + 1
            ws.merge_cells(start_row=row, start_column=col, end_row=row + span - 1, end_column=col)
    texts = (cells.get(h) for h in headers)
    fit_row(ws, row, {c: v for c, v in enumerate(texts, 1) if isinstance(v, str)})


def _scores_sheet(ws: Worksheet, fw: Framework, record: Record | None) -> None:
    """得分: every indicator with 外部提供得分 (leaves only: the others shaded) and 报告得分;
    when the framework says what a 不适用 indicator scores, any indicator's 外部提供得分 may be
    不适用 (the validation takes it)."""
    marks = fw.not_applicable is not None
    said = (
        f"不适用的指标（任一级）在外部提供得分填“{NOT_APPLICABLE}”，按框架规定处理"
        f"（not_applicable: {fw.not_applicable}）。"
        if marks
        else ""
    )
    sheet_head(
        ws,
        f"{fw.name} 外部提供得分与报告得分",
        "外部提供得分：基础数据无法计算的指标，填写外部提供的得分（留空则按基础数据计算，只适用于"
        f"末级指标）。{said}报告得分：评价报告所列得分，供 perfscore reconcile 复核（可选）。",
        SCORE_HEADERS,
        SCORE_WIDTHS,
    )
    row = 3
    header(ws, row, SCORE_HEADERS)
    checks = Validations(ws)
    for form_row in score_rows(fw):
        row += 1
        external, reported = score_prefill(record, form_row)
        markable = marks and form_row.weight is not None and form_row.key != TOTAL_KEY
        cells = [form_row.key, form_row.label, external, reported, form_row.weight, form_row.kind]
        body_line(
            ws,
            row,
            cells,
            {_EXTERNAL: FILL_IN if form_row.kind == LEAF or markable else GREY, _REPORTED: FILL_IN},
        )
        if form_row.weight is not None:  # not the 等级 line
            check = check_for(NUMBER, Decimal(0), form_row.weight, "分")
            external = check if form_row.kind == LEAF else None
            if markable:
                external = marked(external, NOT_APPLICABLE)
            checks.add(ws.cell(row=row, column=_EXTERNAL), external)
            checks.add(ws.cell(row=row, column=_REPORTED), check)
    checks.close()


def _survey_sheet(wb: Workbook, fw: Framework, record: Record | None) -> None:
    """问卷 (only when a field is a survey): a line per answer option."""
    surveys = [f for f in fw.fields.values() if f.type == "survey"]
    if not surveys:
        return
    ws = wb.create_sheet(SURVEY_SHEET)
    sheet_head(
        ws,
        "满意度调查问卷",
        "每个选项一行：字段（基础数据表中的问卷字段）、题号、题目、选项、选项分值、选择该选项的"
        "份数。有效问卷份数填在基础数据表该字段的“填写值”。",
        SURVEY_HEADERS,
        SURVEY_WIDTHS,
    )
    row = 3
    header(ws, row, SURVEY_HEADERS)
    checks = Validations(ws)
    count_check = check_for(INTEGER, Decimal(0), None, "份")
    points_check = check_for(NUMBER, None, None, "分")
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
                    put(ws, row, col, value, **LINE)
                checks.add(ws.cell(row=row, column=SURVEY_HEADERS.index(ANSWERS) + 1), count_check)
                checks.add(ws.cell(row=row, column=SURVEY_HEADERS.index(WEIGHT) + 1), points_check)
    checks.close()


def _help_sheet(ws: Worksheet, fw: Framework, rows_titles: list[str]) -> None:
    """填写说明: how to fill the form in and use it."""
    ws.column_dimensions["A"].width = HELP_WIDTH
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
        put(ws, i, 1, note, alignment=WRAP_LEFT_CENTER)
