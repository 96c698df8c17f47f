"""Build the indicator tables `perfscore import` is measured on, from the seed documents' text.

    python3 benchmarks/import_fixtures.py /work/shared/seeds   # writes tests/fixtures/import/

The seeds are plain-text extractions of Word files: a table comes out one cell per line, a cell
beginning with a tab (a line without one continues the cell before it), a blank line between
rows. Three tables are rebuilt as the files an evaluator has:

- 003 附件3 (寻甸, codes in the names, a 分值 column) as a Word table, its upper levels merged
  vertically: `xundian-2023-fu3.docx`;
- 004 附件1 (鹤城, no codes, weights in the names) as an Excel sheet, upper levels merged:
  `department-common-fu1.xlsx`;
- 004 附件4-1 as a Word table without merges (blank cells under the upper levels):
  `project-common-fu4-1.docx`.

Each cell's text is the seed's, line breaks included; the rows the seed repeats at a page break
(the upper levels again, no indicator) are kept, as the Word files have them.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "import"
#: (seed file prefix, first line of the section, line that ends it, output, merge, title rows)
TABLES = (
    ("003_", "附件3", "附件4", "xundian-2023-fu3.docx", True),
    ("004_", "附件1", "附件2", "department-common-fu1.xlsx", True),
    ("004_", "附件4-1", "附件4-2", "project-common-fu4-1.docx", False),
)


def section(lines: list[str], start: str, end: str) -> list[str]:
    first = lines.index(start)
    last = lines.index(end, first + 1)
    return lines[first + 1 : last]


def rows_of(lines: list[str]) -> list[list[str]]:
    """The rows of a seed table (module docstring); text before the first tab is a title row."""
    rows: list[list[str]] = []
    row: list[str] = []
    titled = False  # the row being read is a title (its text had no tab)
    for line in lines:
        if line == "":
            if row:
                rows.append(row)
            row, titled = [], False
        elif line.startswith("\t"):
            if titled:
                rows.append(row)
                row, titled = [], False
            row.append(line[1:])
        elif row:
            row[-1] = f"{row[-1]}\n{line}"
        else:
            row.append(f"\0{line}")
            titled = True
    if row:
        rows.append(row)
    return _rejoin([r for r in rows if any(c.strip() for c in r)])


def _rejoin(rows: list[list[str]]) -> list[list[str]]:
    """Rows a blank line inside a cell cut in two, joined again. After the header, a piece that
    begins with untabbed text (marked "\\0" by `rows_of`) continues the cell before it; a row
    shorter than the header followed by one whose first cell is not blank is one row with it
    (a row repeated at a page break starts with its blank upper-level cells)."""
    header = next(i for i, r in enumerate(rows) if len(r) > 3)
    width = len(rows[header])
    out = rows[: header + 1]
    for row in rows[header + 1 :]:
        last = out[-1]
        joinable = len(out) > header + 1 and len(last) < width
        if joinable and row[0].startswith("\0"):
            out[-1] = [*last[:-1], f"{last[-1]}\n{row[0][1:]}", *row[1:]]
        elif joinable and row[0].strip() and len(last) + len(row) <= width:
            out[-1] = [*last, *row]
        else:
            out.append([cell.removeprefix("\0") for cell in row])
    return [[cell.strip() for cell in r] for r in out]


def _code(cell: str) -> str:
    m = re.match(r"[A-Z]\d*", cell)
    return m[0] if m else ""


def _lift(grid: list[list[str]], header: int) -> list[list[str]]:
    """Upper-level cells moved to the first row of their merged range. The seed writes a
    merged cell's text in its middle row (003: "C2部门效果" at C22, its first row being C21)
    and again after a page break; where the table has codes, the rows above it whose
    indicator's code starts with the upper cell's code are in its range, and a repeat of the
    cell above is that cell."""
    for col in (0, 1):
        for r in range(header + 1, len(grid)):
            code = _code(grid[r][col])
            if not code:
                continue
            above = next((grid[i][col] for i in range(r - 1, header, -1) if grid[i][col]), "")
            if above == grid[r][col]:  # the same merged cell, repeated at a page break
                grid[r][col] = ""
                continue
            first = r
            while (first - 1 > header and not grid[first - 1][col]
                   and _code(grid[first - 1][2]).startswith(code)):
                first -= 1
            if first != r:
                grid[first][col], grid[r][col] = grid[r][col], ""
    return grid


def _grid(rows: list[list[str]]) -> list[list[str]]:
    width = max(len(r) for r in rows)
    return [r + [""] * (width - len(r)) for r in rows]


def _merges(grid: list[list[str]], header: int, columns: int) -> list[tuple[int, int, int]]:
    """(column, first row, last row) of each upper-level cell and the blanks under it."""
    spans = []
    for col in range(columns):
        start = None
        for r in range(header + 1, len(grid) + 1):
            value = grid[r][col] if r < len(grid) else "x"
            if value:
                if start is not None and r - 1 > start:
                    spans.append((col, start, r - 1))
                start = r
    return spans


def write_xlsx(grid: list[list[str]], header: int, merge: bool, path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "附件1"
    for row in grid:
        sheet.append([cell or None for cell in row])
    if merge:
        for col, first, last in _merges(grid, header, 2):
            sheet.merge_cells(start_row=first + 1, end_row=last + 1,
                              start_column=col + 1, end_column=col + 1)
    book.save(path)


def write_docx(titles: list[str], grid: list[list[str]], merge: bool, path: Path) -> None:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    document = docx.Document()
    section = document.sections[0]  # landscape A4, as such tables are printed
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21)
    section.left_margin = section.right_margin = Cm(1.5)
    for title in titles:
        document.add_paragraph(title)
    table = document.add_table(rows=len(grid), cols=len(grid[0]))
    table.style = "Table Grid"
    for r, row in enumerate(grid):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    if merge:
        for col, first, last in _merges(grid, 0, 2):
            table.cell(first, col).merge(table.cell(last, col))
            table.cell(first, col).text = grid[first][col]
    document.save(str(path))


def build(seeds: Path) -> list[Path]:
    written = []
    for prefix, start, end, name, merge in TABLES:
        seed = next(seeds.glob(f"{prefix}*.txt"))
        rows = rows_of(section(seed.read_text(encoding="utf-8").splitlines(), start, end))
        header = next(i for i, r in enumerate(rows) if len(r) > 3)
        titles = [r[0].removeprefix("\0") for r in rows[:header]]
        path = OUT / name
        if name.endswith(".xlsx"):
            write_xlsx(_grid([[t] for t in titles] + rows[header:]), header, merge, path)
        else:
            write_docx(titles, _lift(_grid(rows[header:]), 0), merge, path)
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("seeds", type=Path, help="the folder of the seed documents' text")
    for path in build(parser.parse_args().seeds):
        print(path)


if __name__ == "__main__":
    main()
