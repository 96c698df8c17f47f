"""The input form as an .xlsx workbook (`write_form`): 基础数据 (with 记录编号 / 评价对象 /
评价框架 above the table), 评价输入, a sheet per rows indicator (项目支出自评表), 得分, 问卷 when a
field is a survey, and 填写说明 — each laid out as perfscore.forms.layout says, the cells to
fill in shaded yellow, 是/否 cells with a drop-down list."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..injection import mark_xlsx_workbook
from ..numbers import plain
from ..xlsxstyle import BORDER, FONT, HEADER_FILL, WRAP_LEFT_CENTER, WRAP_TOP, fit_row
from .contents import (
    field_rows,
    input_rows,
    meta_values,
    prefill,
    row_lines,
    rows_sheet_title,
    rows_tables,
    score_prefill,
    score_rows,
)
from .layout import (
    EXTERNAL,
    FIELD_HEADERS,
    FIELD_WIDTHS,
    FIELDS_SHEET,
    FLAG,
    FRAMEWORK_LABEL,
    GROUP,
    HELP_SHEET,
    HELP_WIDTH,
    INPUT_HEADERS,
    INPUT_WIDTHS,
    INPUTS_SHEET,
    ITEM,
    LEAF,
    LEVEL,
    REPORTED,
    ROWS_GREY,
    ROWS_HEADERS,
    ROWS_KEY_LABEL,
    ROWS_MERGED,
    ROWS_TEXT,
    ROWS_WIDTHS,
    SCORE_HEADERS,
    SCORE_WIDTHS,
    SCORES_SHEET,
    SHEETS,
    SURVEY_HEADERS,
    SURVEY_SHEET,
    SURVEY_WIDTHS,
    VALUE,
)

if TYPE_CHECKING:
    from ..model import Framework, Indicator
    from ..records import Record

FILL_IN = PatternFill("solid", fgColor="FFF2CC")  # the cells to fill in
GREY = PatternFill("solid", fgColor="EDEDED")  # cells the engine fills in when left blank
TEXT = Font(name=FONT, size=10)
BOLD = Font(name=FONT, size=10, bold=True)
TITLE = Font(name=FONT, size=14, bold=True)
_LINE = {"border": BORDER, "alignment": WRAP_LEFT_CENTER}  # a cell of a table's body
_FIELD_VALUE = FIELD_HEADERS.index(VALUE) + 1  # 填写值 on 基础数据 (column C)
_INPUT_VALUE = INPUT_HEADERS.index(VALUE) + 1  # 填写值 on 评价输入 (column C)
_EXTERNAL = SCORE_HEADERS.index(EXTERNAL) + 1  # 外部提供得分 on 得分
_REPORTED = SCORE_HEADERS.index(REPORTED) + 1  # 报告得分 on 得分
_GROUP = ROWS_HEADERS.index(GROUP) + 1  # 二级指标 on a rows sheet
_LEVEL = ROWS_HEADERS.index(LEVEL) + 1  # 达成程度 on a rows sheet


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


def _put(ws: Worksheet, row: int, col: int, value: Any, **style: Any) -> Any:
    """Write one cell: numbers as Excel numbers, text as typed text ("=100%" stays text)."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, Decimal):
        value = int(value) if value == value.to_integral_value() else value
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # "=100%" stays text
    cell.font = style.pop("font", TEXT)
    for key, val in style.items():
        setattr(cell, key, val)
    return cell


def _widths(ws: Worksheet, widths: tuple[int, ...]) -> None:
    for i, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = width


def _sheet_head(
    ws: Worksheet, title: str, hint: str, headers: tuple[str, ...], widths: tuple[int, ...]
) -> None:
    """A sheet's title (row 1) and hint (row 2), each merged across its columns."""
    _put(ws, 1, 1, title, font=TITLE)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    _put(ws, 2, 1, hint, alignment=WRAP_LEFT_CENTER)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(headers))
    ws.row_dimensions[2].height = 30
    _widths(ws, widths)


def _header(ws: Worksheet, row: int, headers: tuple[str, ...]) -> None:
    """The header row (frozen, printed on every page) and the page set-up: A4 landscape, as
    wide as the page."""
    for i, text in enumerate(headers, 1):
        _put(
            ws, row, i, text, font=BOLD, fill=HEADER_FILL, border=BORDER, alignment=WRAP_LEFT_CENTER
        )
    ws.freeze_panes = ws.cell(row=row + 1, column=1)
    ws.print_title_rows = f"{row}:{row}"
    ws.row_dimensions[1].height = 24
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _line(ws: Worksheet, row: int, cells: list[Any], fills: dict[int, PatternFill]) -> None:
    """One line of a table, bordered and wrapped, the columns in `fills` shaded; as tall as its
    text."""
    for col, value in enumerate(cells, 1):
        style: dict[str, Any] = dict(_LINE)
        if col in fills:
            style["fill"] = fills[col]
        _put(ws, row, col, value, **style)
    fit_row(ws, row, {c: v for c, v in enumerate(cells, 1) if isinstance(v, str)})


def _yes_no() -> DataValidation:
    return DataValidation(type="list", formula1='"是,否"', allow_blank=True)


def _choices(options: list[str]) -> DataValidation:
    return DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True)


# --------------------------------------------------------------------------- sheets


def _fields_sheet(ws: Worksheet, fw: Framework, record: Record | None) -> None:
    """基础数据: the title; 记录编号, 评价对象, 评价框架; the header on row 5; fields from row 6."""
    ws.title = FIELDS_SHEET
    _put(ws, 1, 1, f"{fw.name} 基础数据表", font=TITLE)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(FIELD_HEADERS))
    _widths(ws, FIELD_WIDTHS)
    meta = meta_values(fw, record)
    row = 1
    for label, value in meta.items():
        row += 1
        _put(ws, row, 1, label, font=BOLD, border=BORDER)
        _put(ws, row, _FIELD_VALUE, value, border=BORDER, fill=FILL_IN)
        _put(ws, row, 4, "（可选）" if label != FRAMEWORK_LABEL else f"版本 {fw.version}")
    hint = (
        "在黄色“填写值”列填写。数值可带单位（如 697.71万元、98%、1,234.5），单位与“单位”列不同"
        "时按同类单位换算（元/万元/亿元，人/万人）；留空的字段视为未提供。"
    )
    _put(ws, 2, 5, hint, alignment=WRAP_TOP)
    ws.merge_cells(start_row=2, start_column=5, end_row=4, end_column=6)
    row += 1
    _header(ws, row, FIELD_HEADERS)
    yes_no = _yes_no()
    for form_row in field_rows(fw):
        row += 1
        value = prefill(record, form_row)
        cells = [form_row.key, form_row.unit, value, form_row.range, form_row.kind]
        _line(ws, row, [*cells, form_row.description], {_FIELD_VALUE: FILL_IN})
        if form_row.kind == FLAG:
            yes_no.add(ws.cell(row=row, column=_FIELD_VALUE))
    ws.add_data_validation(yes_no)


def _inputs_sheet(ws: Worksheet, fw: Framework, record: Record | None) -> None:
    """评价输入: a line per input, a line per checklist item."""
    yes_no = _yes_no()
    _sheet_head(
        ws,
        f"{fw.name} 评价输入",
        "评价要点：每个要点一行，满足填“是”，不满足填“否”；评价人评分：在允许范围内填分数；"
        "例数：填不符合要求的例数（整数）。",
        INPUT_HEADERS,
        INPUT_WIDTHS,
    )
    row = 3
    _header(ws, row, INPUT_HEADERS)
    for form_row in input_rows(fw):
        row += 1
        cells = [
            form_row.key,
            form_row.item,
            prefill(record, form_row),
            form_row.unit,
            form_row.range,
            form_row.kind,
            form_row.label,
            form_row.description,
        ]
        _line(ws, row, cells, {_INPUT_VALUE: FILL_IN})
        if form_row.kind in (ITEM, FLAG):
            yes_no.add(ws.cell(row=row, column=_INPUT_VALUE))
    ws.add_data_validation(yes_no)


def _rows_sheet(ws: Worksheet, node: Indicator, fw: Framework, record: Record | None) -> None:
    """项目支出自评表: a sheet per `rows:` node, one line per 三级指标."""
    assert node.rows is not None
    groups = [g.name for g in node.rows.groups]
    levels = list(getattr(node.rows.rule, "levels", None) or {})
    _sheet_head(
        ws,
        f"{node.code} {node.name}（{plain(node.weight)}分）三级指标明细",
        "每个三级指标一行：二级指标、三级指标名称、年度指标值、实际完成值（照自评表原样填写，如"
        "“≥98%”“1--1.2万人”）、分值；定性指标填达成程度"
        + (f"（{'/'.join(levels)}）" if levels else "")
        + "，必要时填得分比例（%）。几个指标共用一个分值时，把它们的“分值”单元格合并。"
        "代码可不填（按二级指标内的顺序编号）；填写报告得分时须填代码。",
        ROWS_HEADERS,
        ROWS_WIDTHS,
    )
    ws.row_dimensions[2].height = 45
    _put(ws, 3, 1, ROWS_KEY_LABEL, font=BOLD, border=BORDER)
    _put(ws, 3, 2, node.rows.source, border=BORDER)
    _put(ws, 3, 3, f"一级指标 {node.code} {node.name}，分值{plain(node.weight)}分", font=BOLD)
    ws.merge_cells(start_row=3, start_column=3, end_row=3, end_column=6)
    if groups:
        _put(ws, 3, 7, "二级指标：" + "、".join(groups))
        ws.merge_cells(start_row=3, start_column=7, end_row=3, end_column=len(ROWS_HEADERS))
    _header(ws, 4, ROWS_HEADERS)
    group_list, level_list = _choices(groups), _choices(levels)
    for row, line in enumerate(row_lines(node, record, fw), 5):
        _rows_line(ws, row, line.cells, line.span)
        if groups:
            group_list.add(ws.cell(row=row, column=_GROUP))
        if levels:
            level_list.add(ws.cell(row=row, column=_LEVEL))
    if groups:
        ws.add_data_validation(group_list)
    if levels:
        ws.add_data_validation(level_list)


def _rows_line(ws: Worksheet, row: int, cells: dict[str, Any], span: int) -> None:
    """One line of a rows sheet; a row whose items share one 分值 has its own cells merged
    over its `span` lines (0: a line under such a cell)."""
    for col, head in enumerate(ROWS_HEADERS, 1):
        if span == 0 and head in ROWS_MERGED:
            continue  # merged into the cell above
        value = cells.get(head)
        if value is not None and not isinstance(value, (int, Decimal, str)):
            value = str(value)  # floats and the like as their text, as rows.py reads
        fill = GREY if head in ROWS_GREY else FILL_IN
        cell = _put(ws, row, col, value, border=BORDER, alignment=WRAP_LEFT_CENTER, fill=fill)
        if head in ROWS_TEXT:
            cell.number_format = "@"  # "100%" typed in stays text, as the table writes it
    if span > 1:
        for head in ROWS_MERGED:
            col = ROWS_HEADERS.index(head) + 1
            ws.merge_cells(start_row=row, start_column=col, end_row=row + span - 1, end_column=col)
    texts = (cells.get(h) for h in ROWS_HEADERS)
    fit_row(ws, row, {c: v for c, v in enumerate(texts, 1) if isinstance(v, str)})


def _scores_sheet(ws: Worksheet, fw: Framework, record: Record | None) -> None:
    """得分: every indicator with 外部提供得分 (leaves only: the others shaded) and 报告得分."""
    _sheet_head(
        ws,
        f"{fw.name} 外部提供得分与报告得分",
        "外部提供得分：基础数据无法计算的指标，填写外部提供的得分（留空则按基础数据计算，只适用于"
        "末级指标）。报告得分：评价报告所列得分，供 perfscore reconcile 复核（可选）。",
        SCORE_HEADERS,
        SCORE_WIDTHS,
    )
    row = 3
    _header(ws, row, SCORE_HEADERS)
    for form_row in score_rows(fw):
        row += 1
        external, reported = score_prefill(record, form_row)
        cells = [form_row.key, form_row.label, external, reported, form_row.weight, form_row.kind]
        _line(
            ws,
            row,
            cells,
            {_EXTERNAL: FILL_IN if form_row.kind == LEAF else GREY, _REPORTED: FILL_IN},
        )


def _survey_sheet(wb: Workbook, fw: Framework, record: Record | None) -> None:
    """问卷 (only when a field is a survey): a line per answer option."""
    surveys = [f for f in fw.fields.values() if f.type == "survey"]
    if not surveys:
        return
    ws = wb.create_sheet(SURVEY_SHEET)
    _sheet_head(
        ws,
        "满意度调查问卷",
        "每个选项一行：字段（基础数据表中的问卷字段）、题号、题目、选项、选项分值、选择该选项的"
        "份数。有效问卷份数填在基础数据表该字段的“填写值”。",
        SURVEY_HEADERS,
        SURVEY_WIDTHS,
    )
    row = 3
    _header(ws, row, SURVEY_HEADERS)
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
                    _put(ws, row, col, value, **_LINE)


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
        _put(ws, i, 1, note, alignment=WRAP_LEFT_CENTER)
