"""Formula (CSV) injection: text cells a spreadsheet would run as a formula.

OWASP's CSV-injection guidance: a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
return may be taken for a formula by Excel, LibreOffice or WPS (`=cmd|' /C calc'!A0`,
`=HYPERLINK(…)`). Spreadsheets also skip leading blanks and may fold the full-width forms
`＝＋－＠` to ASCII, so those count too. Such a cell is neutralised by a leading single quote `'`,
which every spreadsheet shows as text and which `restore` takes away again.

A number is never touched: text that is exactly a decimal number ("-3.5", "+2", "-1") is what the
output means, not a formula. Decimals and ints are not text at all.

Used by every csv and xlsx writer (docs/security.md, "Outputs neutralise formula injection").
"""

from __future__ import annotations

import re
from typing import Any

#: Characters that start a formula (ASCII and the full-width forms spreadsheets may normalise).
FORMULA_STARTS = frozenset("=+-@＝＋－＠")
#: Control characters OWASP lists as dangerous in the first position.
CONTROL_STARTS = frozenset("\t\r\n")
QUOTE = "'"

_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


def is_number_text(text: str) -> bool:
    """True for text that is exactly a plain decimal number, such as "-1" or "+2.50"."""
    return _NUMBER.fullmatch(text) is not None


def is_dangerous(text: str) -> bool:
    """True when a spreadsheet could take `text` for a formula (see the module's docstring)."""
    if not text or is_number_text(text):
        return False
    if text[0] in CONTROL_STARTS or text[0] in FORMULA_STARTS:
        return True
    stripped = text.lstrip()
    return bool(stripped) and stripped[0] in FORMULA_STARTS


def needs_quote(text: str) -> bool:
    """True when `neutralise` adds a quote: dangerous text, and dangerous text behind quotes
    already ("'=x" becomes "''=x"), so that `restore` gives back exactly what was written."""
    return is_dangerous(text.lstrip(QUOTE))


def neutralise(text: str) -> str:
    """`text`, with a leading `'` when it is dangerous; otherwise unchanged."""
    return QUOTE + text if needs_quote(text) else text


def neutralise_cell(value: Any, raw_text: bool = False) -> Any:
    """A cell for a csv writer: text neutralised (unless `raw_text`), anything else as it is."""
    if raw_text or not isinstance(value, str):
        return value
    return neutralise(value)


def neutralise_row(row: list[Any], raw_text: bool = False) -> list[Any]:
    """Every cell of a row through `neutralise_cell`."""
    if raw_text:
        return row
    return [neutralise_cell(cell) for cell in row]


def mark_xlsx_cell(cell: Any, raw_text: bool = False) -> None:
    """Make an openpyxl cell holding text safe: its type is forced to text ("s": "=x" stays
    "=x", never a formula) and, when the text is dangerous, the cell gets Excel's quote prefix
    (`quotePrefix`, what Excel records when a user types `'=x`), so that it stays text when the
    cell is edited. The value itself is not changed in xlsx; `raw_text` leaves out the prefix."""
    if not isinstance(cell.value, str):
        return
    cell.data_type = "s"
    if not raw_text and is_dangerous(cell.value):
        cell.quotePrefix = True


def mark_xlsx_workbook(book: Any, raw_text: bool = False) -> None:
    """`mark_xlsx_cell` on every cell of every worksheet of an openpyxl workbook."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                mark_xlsx_cell(cell, raw_text)


def restore(text: str) -> str:
    """Undo `neutralise`: a `'` followed by (quoted) dangerous text is dropped (a user who types
    `'=x` in a spreadsheet means the text `=x`, too); any other text is unchanged."""
    if text.startswith(QUOTE) and needs_quote(text[1:]):
        return text[1:]
    return text


__all__ = [
    "CONTROL_STARTS",
    "FORMULA_STARTS",
    "QUOTE",
    "is_dangerous",
    "is_number_text",
    "mark_xlsx_cell",
    "mark_xlsx_workbook",
    "needs_quote",
    "neutralise",
    "neutralise_cell",
    "neutralise_row",
    "restore",
]
