"""What the xlsx writers share — the 评分表 renderer (perfscore.render.xlsx_format) and the input
form (perfscore.forms.writer): the font, the thin grey border, the header fill, and rows as tall
as their wrapped text (`fit_row`, by `textwidth.lines_needed`)."""

from __future__ import annotations

from openpyxl.styles import Alignment, Border, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .textwidth import lines_needed

FONT = "SimSun"  # 宋体, as the reports use; Excel and LibreOffice substitute when absent
_THIN = Side(style="thin", color="808080")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
WRAP_LEFT_CENTER = Alignment(wrap_text=True, vertical="center")


def fit_row(ws: Worksheet, row: int, texts: dict[int, str], line_height: float = 13.5) -> None:
    """Set a row's height to fit its wrapped text (neither Excel nor LibreOffice re-measures
    rows reliably when a workbook is opened)."""
    lines = 1
    for column, text in texts.items():
        width = ws.column_dimensions[get_column_letter(column)].width or 8.43
        lines = max(lines, lines_needed(text, width))
    ws.row_dimensions[row].height = min(lines * line_height + 4, 409)
