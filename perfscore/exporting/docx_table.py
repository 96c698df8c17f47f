"""The indicator table as a Word file (python-docx, the `docx` extra), print-ready: A4
landscape, 宋体, grid lines, the header row repeated on every page, the upper levels merged; the
machine-readable part (`importing.machine`) in hidden paragraphs after the table, one record
each ("perfscore-export CODE" and its YAML), which Word neither shows nor prints."""

from __future__ import annotations

import io
from typing import Any

from ..errors import UsageError
from ..i18n import say
from ..importing.machine import records
from ..importing.source import MARK
from .table import COLUMNS, Table

_FONT = "SimSun"
#: column widths in centimetres: each level, then 分值, 指标解释, 评分标准, 数据来源
_LEVEL_CM = 2.6
_WIDTHS_CM = {"weight": 1.2, "explanation": 6.0, "criteria": 8.0, "source": 3.2}


def _docx() -> Any:
    try:
        import docx
    except ImportError:
        raise UsageError(say("error.export.needs-docx")) from None
    return docx


def _page(document: Any, docx: Any) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(1.5)
    section.top_margin = section.bottom_margin = Cm(1.5)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = _FONT, Pt(9)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), _FONT)


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement

    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:tblHeader"))


def _fill(table: Any, model: Table) -> None:
    from docx.shared import Cm

    widths = [Cm(_LEVEL_CM)] * model.depth + [Cm(_WIDTHS_CM[role]) for _, role in COLUMNS]
    for column, name in enumerate(model.header):
        cell = table.cell(0, column)
        cell.text = name
        cell.paragraphs[0].runs[0].bold = True
    _repeat_header(table.rows[0])
    for index, row in enumerate(model.rows, 1):
        texts = [*row.levels, *(row.cells[role] for _, role in COLUMNS)]
        for column, text in enumerate(texts):
            if text and not _merged_below(model, index - 1, column):
                table.cell(index, column).text = text
    for column, width in enumerate(widths):  # the grid (LibreOffice) and each cell (Word)
        table.columns[column].width = width
    for row in table.rows:
        for column, cell in enumerate(row.cells):
            cell.width = widths[column]
    for column, first, last in model.merges():
        table.cell(first + 1, column).merge(table.cell(last + 1, column))


def _merged_below(model: Table, index: int, column: int) -> bool:
    """Whether the cell is inside a merged run but not its first row (its text is the first's)."""
    if column >= model.depth or index == 0:
        return False
    node = model.rows[index].nodes[column]
    return bool(node) and model.rows[index - 1].nodes[column] == node


def _hidden(document: Any, key: str, text: str) -> None:
    from docx.oxml import OxmlElement

    paragraph = document.add_paragraph()
    run = paragraph.add_run(f"{MARK} {key}\n{text}")
    run.font.hidden = True
    mark = paragraph._p.get_or_add_pPr()
    properties = OxmlElement("w:rPr")
    properties.append(OxmlElement("w:vanish"))
    mark.append(properties)


def docx_bytes(model: Table, *, machine: bool = True) -> bytes:
    """The Word file (module docstring); without the hidden part when not `machine`."""
    docx = _docx()
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = docx.Document()
    _page(document, docx)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(model.title).bold = True
    table = document.add_table(rows=1 + len(model.rows), cols=len(model.header))
    table.style = "Table Grid"
    table.autofit = False
    _fill(table, model)
    if machine:
        for key, text in records(model.part):
            _hidden(document, key, text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
