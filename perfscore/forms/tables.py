"""A sheet of the form as a table: its rows of cells, the header row found by what it holds
(layout.SIGNATURES), its columns by header, its merged cells."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from ..cells import Cell, cell_text
from .layout import HEADER_SEARCH_ROWS, SIGNATURES


@dataclass
class Table:
    """Rows of cells with a header row found by its names."""

    name: str  # sheet name ("" for csv)
    rows: list[list[Cell]]  # every row, header included
    header_index: int
    columns: dict[str, int]
    #: merged cell ranges (xlsx), 0-based and inclusive: (first row, last row, first col, last col)
    merged: tuple[tuple[int, int, int, int], ...] = ()

    def get(self, row: list[Cell], column: str) -> Cell | None:
        index = self.columns.get(column)
        if index is None:
            return None
        return row[index] if index < len(row) else Cell(None, "")

    def text(self, row: list[Cell], column: str) -> str:
        cell = self.get(row, column)
        return cell_text(cell.value) if cell is not None else ""

    def body(self) -> Iterable[list[Cell]]:
        return self.rows[self.header_index + 1 :]


def _find_header(rows: Sequence[list[Cell]], wanted: Callable[[set[str]], bool]) -> int | None:
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        names = {cell_text(cell.value) for cell in row}
        if wanted(names):
            return i
    return None


def find_table(name: str, rows: list[list[Cell]]) -> tuple[str, Table] | None:
    """The kind of form sheet `rows` are (layout.SIGNATURES, by its header row) and the sheet as
    a Table; None when no header row of the form's is in its first lines."""
    for signature in SIGNATURES:
        index = _find_header(rows, signature.matches)
        if index is not None:
            columns: dict[str, int] = {}
            for i, cell in enumerate(rows[index]):
                columns.setdefault(cell_text(cell.value), i)
            return signature.kind, Table(name, rows, index, columns)
    return None
