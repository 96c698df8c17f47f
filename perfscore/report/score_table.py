"""The 评分表 as a Word table: 一级 / 二级 / 三级 columns (a parent's cell merged over its leaves'
rows, a leaf above the deepest level merged across the level columns left), 分值, 自评分 when
the record's report states scores, 得分, 扣分说明, and a 合计 row with the total and the grade.

The rows and spans are `perfscore.render.table.layout`'s, the 扣分说明 its `basis`: the same
table the md, xlsx and html formats print."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ..explain import score_text
from ..render.table import Table, basis, layout, leaf_label, parent_label
from ..result import Result
from .style import clean, repeat_as_header, shade, text_width_mm

#: the width of each number column and what the level columns share at most (mm), a deeper
#: level wider (a 三级 name is the longest); the table is as wide as a turned A4 page's text,
#: 扣分说明 taking the rest
NUMBER_MM = 15
LEVEL_MM = 32
LEVELS_MM = 100
TABLE_STYLE = "表格文字"
HEADER_FILL = "DDEBF7"
TOTAL_FILL = "F2F2F2"


def add_score_table(document: Any, result: Result) -> Any:
    """Append the 评分表 to `document` and return the table."""
    table = layout(result)
    numbers = ["分值", *(["自评分"] if result.stated else []), "得分"]
    headers = [*table.level_names(), *numbers, "扣分说明"]
    grid = document.add_table(rows=len(table.rows) + 2, cols=len(headers))
    grid.style = document.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(grid, table.depth, len(numbers))
    for column, name in enumerate(headers):
        cell = grid.cell(0, column)
        write(cell, name, bold=True, centre=True)
        shade(cell, HEADER_FILL)
    repeat_as_header(grid.rows[0])
    _levels(grid, table)
    for i, row in enumerate(table.rows, 1):
        leaf = row.leaf
        cells = [
            leaf.weight,
            *([result.stated.get(leaf.code)] if result.stated else []),
            leaf.score,
        ]
        for j, value in enumerate(cells, table.depth):
            write(grid.cell(i, j), "" if value is None else score_text(value), centre=True)
        write(grid.cell(i, len(headers) - 1), basis(leaf, result))
        _keep_whole(grid.rows[i])
    _total(grid, result, table.depth)
    return grid


def _levels(grid: Any, table: Table) -> None:
    """The level columns: each parent's label merged down over its group, each leaf's label
    merged right to the deepest level."""
    depth = table.depth
    for span in table.spans:
        top = grid.cell(span.first + 1, span.level)
        if span.last > span.first:
            top = top.merge(grid.cell(span.last + 1, span.level))
        write(top, parent_label(span.node))
    for i, row in enumerate(table.rows, 1):
        cell = grid.cell(i, row.level)
        if row.level < depth - 1:
            cell = cell.merge(grid.cell(i, depth - 1))
        write(cell, leaf_label(row.leaf))


def _total(grid: Any, result: Result, depth: int) -> None:
    """合计: the maximum, the stated total (when scores are stated), the total, the grade."""
    last = len(grid.rows) - 1
    label = grid.cell(last, 0)
    if depth > 1:
        label = label.merge(grid.cell(last, depth - 1))
    write(label, "合计", bold=True, centre=True)
    values: list[Decimal | None] = [result.maximum]
    if result.stated:
        values.append(result.stated_total)
    values.append(result.total)
    for j, value in enumerate(values, depth):
        write(
            grid.cell(last, j), "" if value is None else score_text(value), bold=True, centre=True
        )
    write(grid.cell(last, depth + len(values)), f"等级：{result.grade or '—'}", bold=True)
    for cell in grid.rows[last].cells:
        shade(cell, TOTAL_FILL)
    _keep_whole(grid.rows[last])


def write(cell: Any, text: str, *, bold: bool = False, centre: bool = False) -> None:
    """`text` (lines kept) as the cell's one paragraph, in the table's style."""
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    paragraph = cell.paragraphs[0]
    for extra in cell.paragraphs[1:]:  # what a merge brought in
        extra._p.getparent().remove(extra._p)
    for run in paragraph.runs:
        run._r.getparent().remove(run._r)
    paragraph.style = TABLE_STYLE
    if centre:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(clean(text.strip()))
    run.bold = bold or None


def add_table_style(document: Any) -> None:
    """表格文字: 五号 text, no space around, single spacing."""
    from docx.enum.style import WD_STYLE_TYPE

    style = document.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.font.size = Pt(9)
    style.paragraph_format.space_before = style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.line_spacing = 1.0
    style.paragraph_format.first_line_indent = Pt(0)


def _widths(grid: Any, depth: int, numbers: int) -> None:
    """Fixed column widths (Word reads each cell's, LibreOffice the grid's)."""
    shares = [i + 2 for i in range(depth)]  # 3 : 4 : 5 for three levels
    room = min(LEVELS_MM, LEVEL_MM * depth)
    levels = [room * share / sum(shares) for share in shares]
    rest = text_width_mm(landscape=True) - room - NUMBER_MM * numbers
    widths = [*levels, *[NUMBER_MM] * numbers, rest]
    grid.autofit = False
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)


def _keep_whole(row: Any) -> None:
    """A row is never split across pages."""
    element = OxmlElement("w:cantSplit")
    element.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(element)
