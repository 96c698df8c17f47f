"""The indicator table as CSV (UTF-8 with a byte-order mark, as the other csv writers): the
title, the header, a row per leaf, an upper level written on its first row only (as a merged
cell reads). No machine-readable part: import reads a csv's prose alone."""

from __future__ import annotations

import csv
import io

from ..injection import neutralise_row
from .table import COLUMNS, Table


def csv_text(table: Table) -> str:
    """The table as csv text (module docstring)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([table.title])
    writer.writerow(table.header)
    previous: tuple[str, ...] = ()
    for row in table.rows:
        levels = [
            text if not (previous and previous[i] == code and code) else ""
            for i, (text, code) in enumerate(zip(row.levels, row.nodes, strict=True))
        ]
        writer.writerow(neutralise_row([*levels, *(row.cells[role] for _, role in COLUMNS)]))
        previous = row.nodes
    return "\ufeff" + out.getvalue()
