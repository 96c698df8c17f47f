"""How wide text is on a terminal or in a spreadsheet column: a CJK character takes two."""

from __future__ import annotations

import math
import unicodedata


def display_width(text: str) -> int:
    """Columns `text` takes (terminal columns, Excel column units): wide and full-width
    characters — 汉字, full-width punctuation — take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int, right: bool = False) -> str:
    """`text` padded with spaces to `width` columns, on the left when `right`-aligned."""
    gap = " " * max(0, width - display_width(text))
    return gap + text if right else text + gap


def lines_needed(text: str, width: float) -> int:
    """Lines a wrapped spreadsheet cell of `width` column units needs for `text` (each line of
    it wrapped on its own; 1.5 units go to the cell's margins)."""
    usable = max(width - 1.5, 1.0)
    return sum(max(1, math.ceil(display_width(part) / usable)) for part in str(text).split("\n"))
