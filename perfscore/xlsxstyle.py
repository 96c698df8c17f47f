"""What the xlsx writers share — the 评分表 renderer (perfscore.render.xlsx_format) and the input
form (perfscore.forms.writer): the font, the thin grey border, the header fill, rows as tall
as their wrapped text (`fit_row`, by `textwidth.lines_needed`), and the printed page
(`print_setup`: A4, page numbers, the header repeated; `page_breaks`: groups of rows kept on
one page)."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from .textwidth import lines_needed

#: 宋体, as the reports are set. A style holds one font name, so the name is the one with the
#: widest reach and a Chinese fallback where it is absent: every Windows has SimSun, Office for
#: Mac and WPS ship it; on Linux fontconfig aliases SimSun to `serif`, which for Chinese text
#: (LibreOffice's default Asian language, zh-CN) is Noto Serif CJK SC or AR PL UMing. The
#: GB2312 charset (`CHARSET`) makes Windows' font mapper pick a Chinese face if SimSun is missing.
FONT = "SimSun"
CHARSET = 134  # GB2312_CHARSET
_THIN = Side(style="thin", color="808080")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
WRAP_LEFT_CENTER = Alignment(wrap_text=True, vertical="center")

#: A4 in points, and the margins `print_setup` sets (inches, as openpyxl takes them)
A4 = (841.89, 595.28)
MARGIN_SIDE, MARGIN_TOP, MARGIN_BOTTOM, MARGIN_HEADER = 0.4, 0.6, 0.7, 0.3
FOOTER = "第 &P 页，共 &N 页"
_DEFAULT_ROW = 15.0  # points: a row with no height set


def font(size: float = 10, *, bold: bool = False) -> Font:
    """The one font, at `size`, with the Chinese charset."""
    return Font(name=FONT, size=size, bold=bold, charset=CHARSET)


def fit_row(ws: Worksheet, row: int, texts: dict[int, str], line_height: float = 13.5) -> None:
    """Set a row's height to fit its wrapped text (neither Excel nor LibreOffice re-measures
    rows reliably when a workbook is opened)."""
    lines = 1
    for column, text in texts.items():
        width = ws.column_dimensions[get_column_letter(column)].width or 8.43
        lines = max(lines, lines_needed(text, width))
    ws.row_dimensions[row].height = min(lines * line_height + 4, 409)


def print_setup(
    ws: Worksheet,
    *,
    title_rows: str | None = None,
    landscape: bool = True,
    scale: int | None = None,
) -> None:
    """A4, page numbers in the footer, `title_rows` ("3:3") repeated on every page; as wide
    as the page — at `scale` percent when given (Excel ignores manual page breaks on a sheet
    set to fit the page), else fitted to the width."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    if title_rows:
        ws.print_title_rows = title_rows
    if scale is None:
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    else:
        ws.page_setup.scale = scale
    margins = ws.page_margins
    margins.left = margins.right = MARGIN_SIDE
    margins.top, margins.bottom = MARGIN_TOP, MARGIN_BOTTOM
    margins.header = margins.footer = MARGIN_HEADER
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = FOOTER
    ws.oddFooter.center.size = 9


def width_points(ws: Worksheet, columns: int) -> float:
    """The printed width of the first `columns` columns, in points at 100%."""
    total = 0.0
    for i in range(1, columns + 1):
        width = ws.column_dimensions[get_column_letter(i)].width or 8.43
        # Excel: a unit is 7 pixels plus 5 of padding; LibreOffice: about 7.4 pixels. The
        # wider of the two, so that the page fits in both.
        total += max(width * 7 + 5, width * 7.4) * 0.75
    return total


def fit_scale(ws: Worksheet, columns: int, landscape: bool = True) -> int:
    """The whole percent at which the first `columns` columns fit the A4 page's width."""
    paper = A4[0] if landscape else A4[1]
    usable = (paper - 2 * MARGIN_SIDE * 72) * 0.98
    return max(10, min(100, int(100 * usable / width_points(ws, columns))))


def page_breaks(
    ws: Worksheet, blocks: Sequence[tuple[int, int]], *, start: int, repeated: float, scale: int
) -> list[int]:
    """Break pages so that each block of rows (first, last) stays on one page where it fits.

    `start` is the first row printed (rows above it on the first page count too), `repeated`
    the height of the header rows every page repeats. Returns the rows after which a page
    breaks, and sets them as manual breaks."""
    landscape = ws.page_setup.orientation == "landscape"
    paper = A4[1] if landscape else A4[0]
    usable = (paper - (MARGIN_TOP + MARGIN_BOTTOM) * 72) * 0.95  # a margin for measuring
    capacity = usable * 100 / scale - repeated
    used = sum(_height(ws, r) for r in range(1, start))
    breaks: list[int] = []
    for first, last in blocks:
        heights = [_height(ws, r) for r in range(first, last + 1)]
        if used and used + sum(heights) > capacity:
            breaks.append(first - 1)
            used = 0.0
        for h in heights:  # a block taller than a page flows on: the printer breaks it
            used = h if used + h > capacity else used + h
    for row in breaks:
        ws.row_breaks.append(Break(id=row))
    return breaks


def _height(ws: Worksheet, row: int) -> float:
    return float(ws.row_dimensions[row].height or _DEFAULT_ROW)
