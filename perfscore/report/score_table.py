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
from docx.table import _Cell

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
TABLE_STYLE_ID = "TableText"
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
    # every cell once, before any merge: python-docx's grid.cell() walks the whole table
    cells = [[_Cell(tc, grid) for tc in tr.tc_lst] for tr in grid._tbl.tr_lst]
    _widths(grid, cells, table.depth, len(numbers))
    for column, name in enumerate(headers):
        write(cells[0][column], name, bold=True, centre=True)
        shade(cells[0][column], HEADER_FILL)
    repeat_as_header(grid.rows[0])
    _levels(cells, table)
    for i, row in enumerate(table.rows, 1):
        leaf = row.leaf
        values = [leaf.weight, *([result.stated.get(leaf.code)] if result.stated else [])]
        for j, value in enumerate([*values, leaf.score], table.depth):
            write(cells[i][j], "" if value is None else score_text(value), centre=True)
        write(cells[i][len(headers) - 1], basis(leaf, result))
        _keep_whole(grid.rows[i])
    _total(grid, cells[-1], result, table.depth)
    return grid


def _levels(cells: list[list[Any]], table: Table) -> None:
    """The level columns: each parent's label merged down over its group, each leaf's label
    merged right to the deepest level."""
    depth = table.depth
    for span in table.spans:
        top = cells[span.first + 1][span.level]
        if span.last > span.first:
            top = top.merge(cells[span.last + 1][span.level])
        write(top, parent_label(span.node))
    for i, row in enumerate(table.rows, 1):
        cell = cells[i][row.level]
        if row.level < depth - 1:
            cell = cell.merge(cells[i][depth - 1])
        write(cell, leaf_label(row.leaf))


def _total(grid: Any, cells: list[Any], result: Result, depth: int) -> None:
    """合计: the maximum, the stated total (when scores are stated), the total, the grade."""
    label = cells[0].merge(cells[depth - 1]) if depth > 1 else cells[0]
    write(label, "合计", bold=True, centre=True)
    values: list[Decimal | None] = [result.maximum]
    if result.stated:
        values.append(result.stated_total)
    values.append(result.total)
    for j, value in enumerate(values, depth):
        text = "" if value is None else score_text(value)
        write(cells[j], text, bold=True, centre=True)
    write(cells[depth + len(values)], f"等级：{result.grade or '—'}", bold=True)
    for tc in grid._tbl.tr_lst[-1].tc_lst:  # the cells the merge left
        shade(_Cell(tc, grid), TOTAL_FILL)
    _keep_whole(grid.rows[-1])


def write(cell: Any, text: str, *, bold: bool = False, centre: bool = False) -> None:
    """`text` (lines kept) as the cell's one paragraph, in the table's style."""
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    paragraph = cell.paragraphs[0]
    for extra in cell.paragraphs[1:]:  # what a merge brought in
        extra._p.getparent().remove(extra._p)
    for run in paragraph.runs:
        run._r.getparent().remove(run._r)
    paragraph._p.style = TABLE_STYLE_ID  # by id: python-docx looks a name up every time
    if centre:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(clean(text.strip()))
    run.bold = bold or None


def add_table_style(document: Any) -> None:
    """表格文字: 五号 text, no space around, single spacing."""
    from docx.enum.style import WD_STYLE_TYPE

    style = document.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    style.style_id = TABLE_STYLE_ID
    style.base_style = document.styles["Normal"]
    style.font.size = Pt(9)
    style.paragraph_format.space_before = style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.line_spacing = 1.0
    style.paragraph_format.first_line_indent = Pt(0)


def _widths(grid: Any, cells: list[list[Any]], depth: int, numbers: int) -> None:
    """Fixed column widths (Word reads each cell's, LibreOffice the grid's)."""
    shares = [i + 2 for i in range(depth)]  # 3 : 4 : 5 for three levels
    room = min(LEVELS_MM, LEVEL_MM * depth)
    levels = [room * share / sum(shares) for share in shares]
    rest = text_width_mm(landscape=True) - room - NUMBER_MM * numbers
    widths = [Mm(width) for width in [*levels, *[NUMBER_MM] * numbers, rest]]
    grid.autofit = False
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width
    for row in cells:
        for cell, width in zip(row, widths, strict=True):
            cell.width = width


def _keep_whole(row: Any) -> None:
    """A row is never split across pages."""
    element = OxmlElement("w:cantSplit")
    element.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(element)
