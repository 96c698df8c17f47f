"""XLSX: the 评分表 as an Excel workbook laid out like 003 附件3, with a native bar chart.

Sheets:
- 评分表: 一级 / 二级 / 三级 indicators (parents in merged cells over their leaves), 指标分值, 得分,
  指标解释, 指标评分细则, 数据来源 — as 003 附件3 — plus the computed value (计算值) and how the
  score came about (得分说明); a 合计 row.
- 得分图表: the 一级 and 二级 indicators' maximum and earned points, and two native Excel bar charts
  of them (openpyxl.chart), one per level.
- 评分说明: the explanation (`perfscore explain`) paragraph by paragraph, to paste into a report.
- 检查发现: the framework's findings, when there are any.

Binary output: `perfscore score … --format xlsx -o 评分表.xlsx`.
"""

from __future__ import annotations

import io
import math
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.axis import ChartLines
from openpyxl.chart.label import DataLabelList
from openpyxl.styles import Alignment, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from ..explain import explain_text, score_text
from ..injection import mark_xlsx_workbook
from ..numbers import round_half_up
from ..result import IndicatorResult, Result
from ..xlsxstyle import (
    BORDER,
    HEADER_FILL,
    WRAP_LEFT_CENTER,
    WRAP_TOP,
    fit_row,
    fit_scale,
    font,
    page_breaks,
    print_setup,
)
from . import register_format
from .table import (
    Table,
    basis,
    computed_value,
    criteria,
    data_source,
    groups,
    layout,
    leaf_label,
    parent_label,
    parents,
)

TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
WRAP_CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")

#: Columns after the level columns: (header, width); 自评分 (`STATED`) goes between 指标分值 and
#: 得分 when the record's report states scores.
STATED = ("自评分", 7)
COLUMNS = [
    ("指标分值", 7),
    ("得分", 7),
    ("指标解释", 34),
    ("指标评分细则", 38),
    ("数据来源", 18),
    ("计算值", 11),
    ("得分说明", 44),
]


def put(ws: Worksheet, row: int, column: int, value: Any, **style: Any) -> Any:
    """Write one cell. Text is always text: "=100%得2分" must not become a formula."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.value = value
        cell.data_type = "s"
    elif isinstance(value, Decimal):
        cell.value = _number(value)
    else:
        cell.value = value
    for key, val in style.items():
        setattr(cell, key, val)
    return cell


def _number(value: Decimal) -> int | Decimal:
    return int(value) if value == value.to_integral_value() else value.normalize()


def _columns(result: Result) -> list[tuple[str, int]]:
    """The columns after the level columns, 自评分 among them when the report states scores."""
    return [COLUMNS[0], STATED, *COLUMNS[1:]] if result.stated else COLUMNS


def _scoring_sheet(ws: Worksheet, result: Result) -> None:
    table = layout(result)
    depth = table.depth
    columns = _columns(result)
    ncols = depth + len(columns)
    _title_rows(ws, result, ncols)
    header = 3
    _header_row(ws, table, header, columns)
    first = header + 1
    _leaf_rows(ws, table, result, first, [name for name, _ in columns])
    total = first + len(table.rows)
    _total_row(ws, result, total, depth, ncols)
    for r in range(first, total + 1):
        for c in range(1, ncols + 1):
            cell = ws.cell(row=r, column=c)
            cell.border = BORDER
            if r == total:
                cell.fill = TOTAL_FILL
    _signature_row(ws, total + 1, ncols)
    _page_setup(ws, table, header, depth, ncols)


def _title_rows(ws: Worksheet, result: Result, ncols: int) -> None:
    """Row 1: the title; row 2: the framework, the total and the grade."""
    title = (result.record_title or result.framework_name) + "评分表"
    put(ws, 1, 1, title, font=font(14, bold=True), alignment=WRAP_CENTER)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
    ws.row_dimensions[1].height = 28
    summary = (
        f"评价框架：{result.framework_name}（{result.framework_id} {result.framework_version}）"
        f"　总分：{score_text(result.total)}分（满分{score_text(result.maximum)}分）"
        f"　等级：{result.grade or '—'}"
    )
    put(ws, 2, 1, summary, font=font(), alignment=WRAP_LEFT_CENTER)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=ncols)
    ws.row_dimensions[2].height = 20


def _header_row(ws: Worksheet, table: Table, header: int, columns: list[tuple[str, int]]) -> None:
    """The column names, and the columns' widths."""
    depth = table.depth
    bold = font(bold=True)
    for i, name in enumerate([*table.level_names(), *(c for c, _ in columns)], 1):
        put(ws, header, i, name, font=bold, alignment=WRAP_CENTER, fill=HEADER_FILL, border=BORDER)
    ws.row_dimensions[header].height = 30
    for i in range(depth):
        ws.column_dimensions[get_column_letter(i + 1)].width = 16
    for i, (_, width) in enumerate(columns, depth + 1):
        ws.column_dimensions[get_column_letter(i)].width = width


#: the columns whose cells are centred (numbers and the computed value)
_CENTRED = {"指标分值", "自评分", "得分", "计算值"}


def _leaf_rows(ws: Worksheet, table: Table, result: Result, first: int, names: list[str]) -> None:
    """One row per leaf from row `first`, each parent's label merged over its group's rows."""
    depth = table.depth
    text = font()
    for span in table.spans:
        top, bottom, col = first + span.first, first + span.last, span.level + 1
        put(ws, top, col, parent_label(span.node), font=text, alignment=WRAP_LEFT_CENTER)
        if bottom > top:
            ws.merge_cells(start_row=top, start_column=col, end_row=bottom, end_column=col)
    for i, row in enumerate(table.rows):
        r = first + i
        leaf = row.leaf
        col = row.level + 1
        put(ws, r, col, leaf_label(leaf), font=text, alignment=WRAP_LEFT_CENTER)
        if row.level < depth - 1:
            ws.merge_cells(start_row=r, start_column=col, end_row=r, end_column=depth)
        cells: dict[str, Any] = {
            "指标分值": leaf.weight,
            "自评分": result.stated.get(leaf.code, ""),
            "得分": leaf.score,
            "指标解释": leaf.explanation.strip(),
            "指标评分细则": criteria(leaf),
            "数据来源": data_source(row),
            "计算值": computed_value(leaf, result),
            "得分说明": basis(leaf, result),
        }
        texts = {col: leaf_label(leaf)} if row.level == depth - 1 else {}
        for j, name in enumerate(names, depth + 1):
            value = cells[name]
            align = WRAP_CENTER if name in _CENTRED else WRAP_LEFT_CENTER
            put(ws, r, j, value, font=text, alignment=align)
            if isinstance(value, str):
                texts[j] = value
        fit_row(ws, r, texts)


def _total_row(ws: Worksheet, result: Result, total: int, depth: int, ncols: int) -> None:
    bold = font(bold=True)
    put(ws, total, 1, "合计", font=bold, alignment=WRAP_CENTER)
    if depth > 1:
        ws.merge_cells(start_row=total, start_column=1, end_row=total, end_column=depth)
    column = depth + 1
    put(ws, total, column, result.maximum, font=bold, alignment=WRAP_CENTER)
    if result.stated:
        column += 1
        stated = "" if result.stated_total is None else result.stated_total
        put(ws, total, column, stated, font=bold, alignment=WRAP_CENTER)
    put(ws, total, column + 1, result.total, font=bold, alignment=WRAP_CENTER)
    put(ws, total, column + 2, f"等级：{result.grade or '—'}", font=bold, alignment=WRAP_TOP)
    ws.merge_cells(start_row=total, start_column=column + 2, end_row=total, end_column=ncols)
    ws.row_dimensions[total].height = 20


def _signature_row(ws: Worksheet, row: int, ncols: int) -> None:
    """评价人 / 复核人 / 日期, to sign on paper."""
    line = "评价人：__________　　　　复核人：__________　　　　日期：______年____月____日"
    put(ws, row, 1, line, font=font(), alignment=WRAP_LEFT_CENTER)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
    ws.row_dimensions[row].height = 30


def _page_setup(ws: Worksheet, table: Table, header: int, depth: int, ncols: int) -> None:
    """Frozen panes; A4 landscape at the scale that fits the width, the header on every page,
    page numbers; pages broken between 二级 groups (a group stays on one page where it fits,
    合计 and the signatures stay with the last group)."""
    first = header + 1
    ws.freeze_panes = ws.cell(row=first, column=depth + 1)
    scale = fit_scale(ws, ncols)
    print_setup(ws, title_rows=f"{header}:{header}", scale=scale)
    blocks = [(first + a, first + b) for a, b in groups(table)]
    if blocks:
        last = first + len(table.rows) + 1  # 合计 and the signatures
        blocks[-1] = (blocks[-1][0], last)
    repeated = float(ws.row_dimensions[header].height or 15)
    page_breaks(ws, blocks, start=first, repeated=repeated, scale=scale)


def _chart_sheet(ws: Worksheet, result: Result) -> None:
    text, bold = font(), font(bold=True)
    levels: dict[int, list[IndicatorResult]] = {}
    for level, node in parents(result):
        levels.setdefault(level, []).append(node)
    widths = {"A": 10, "B": 8, "C": 28, "D": 8, "E": 8, "F": 10}
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width
    row = 1
    for level, nodes in sorted(levels.items()):
        name = "一级指标" if level == 1 else "二级指标"
        if row > 1:
            ws.row_breaks.append(Break(id=row - 1))  # each level on its own printed page
        put(ws, row, 1, f"{name}得分", font=font(12, bold=True))
        row += 1
        head = row
        for c, text in enumerate(["层级", "代码", "指标", "满分", "得分", "得分率"], 1):
            put(ws, row, c, text, font=bold, fill=HEADER_FILL, border=BORDER, alignment=WRAP_CENTER)
        for node in nodes:
            row += 1
            rate = round_half_up(node.score / node.weight, 4) if node.weight else Decimal(0)
            label = f"{node.code} {node.name}"
            values: list[Any] = [name, node.code, label, node.weight, node.score, rate]
            for c, value in enumerate(values, 1):
                cell = put(ws, row, c, value, font=text, border=BORDER)
                if c == 6:
                    cell.number_format = "0.00%"
        chart = _bar_chart(f"{name}：满分与得分", len(nodes))
        chart.add_data(
            Reference(ws, min_col=4, max_col=5, min_row=head, max_row=row), titles_from_data=True
        )
        chart.set_categories(Reference(ws, min_col=3, min_row=head + 1, max_row=row))
        for series, colour in zip(chart.series, ("BFBFBF", "2F5597"), strict=True):
            series.graphicalProperties.solidFill = colour
            series.graphicalProperties.line.solidFill = colour
        labels = DataLabelList()
        labels.showVal = True
        labels.showCatName = labels.showSerName = labels.showLegendKey = False
        labels.showPercent = labels.showBubbleSize = False
        chart.series[1].dLbls = labels
        ws.add_chart(chart, f"A{row + 2}")
        row += 2 + math.ceil(chart.height / 0.53) + 2  # a default row is about 0.53 cm high
    print_setup(ws, landscape=False, scale=fit_scale(ws, len(widths), landscape=False))


def _bar_chart(title: str, categories: int) -> BarChart:
    """A clustered horizontal bar chart, first category on top, axes shown."""
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "clustered"
    chart.title = title
    chart.x_axis.scaling.orientation = "maxMin"  # first indicator on top, as in the table
    chart.x_axis.tickLblSkip = 1
    chart.x_axis.delete = False  # openpyxl ≥3.1 hides axes unless told otherwise
    chart.y_axis.delete = False
    chart.y_axis.title = "分"
    chart.y_axis.scaling.min = 0
    chart.y_axis.majorGridlines = ChartLines()
    chart.gapWidth = 50
    chart.overlap = 0
    chart.height = max(6.0, 2.5 + 1.1 * categories)
    chart.width = 16.0
    chart.legend.position = "b"
    return chart


def _explanation_sheet(ws: Worksheet, result: Result) -> None:
    """评分说明: a paragraph a row, wrapped in one column as wide as an A4 portrait page."""
    ws.column_dimensions["A"].width = 100
    text = font(10.5)
    for i, paragraph in enumerate(p for p in explain_text(result).split("\n") if p.strip()):
        put(ws, i + 1, 1, paragraph, font=text, alignment=WRAP_TOP)
        fit_row(ws, i + 1, {1: paragraph}, line_height=15)
    print_setup(ws, landscape=False, scale=fit_scale(ws, 1, landscape=False))


def _findings_sheet(ws: Worksheet, result: Result) -> None:
    bold, text = font(bold=True), font()
    headers = [("级别", 8), ("检查", 22), ("指标", 8), ("说明", 90), ("位置", 36)]
    for c, (text, width) in enumerate(headers, 1):
        put(ws, 1, c, text, font=bold, fill=HEADER_FILL, border=BORDER, alignment=WRAP_CENTER)
        ws.column_dimensions[get_column_letter(c)].width = width
    for r, finding in enumerate(result.findings, 2):
        where = finding.place()  # the file by its name: never the folders it was made in
        values = [finding.severity(), finding.check, finding.code or "", finding.message, where]
        for c, value in enumerate(values, 1):
            put(ws, r, c, value, font=text, border=BORDER, alignment=WRAP_TOP)
        fit_row(ws, r, {2: finding.check, 4: finding.message, 5: where})
    print_setup(ws, title_rows="1:1", scale=fit_scale(ws, len(headers)))


def render(result: Result, *, raw_text: bool = False) -> bytes:
    """The workbook; every text cell is typed text, and one that could run as a formula gets
    Excel's quote prefix unless `raw_text` (perfscore.injection.mark_xlsx_workbook)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "评分表"
    _scoring_sheet(ws, result)
    _chart_sheet(wb.create_sheet("得分图表"), result)
    _explanation_sheet(wb.create_sheet("评分说明"), result)
    if result.findings:
        _findings_sheet(wb.create_sheet("检查发现"), result)
    mark_xlsx_workbook(wb, raw_text)
    wb.properties.creator = "perfscore"
    wb.properties.title = ILLEGAL_CHARACTERS_RE.sub(
        "", result.record_title or result.framework_name
    )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


register_format("xlsx", render)
