"""The columns `perfscore batch --reconcile` adds after a row's own: each record's reported and
recomputed total, their difference, the grade both ways, whether the report agrees, the codes
whose scores differ (`B16: 2.00 → 3.00`, one a line) and those not checked — written for csv,
xlsx and jsonl here, and read back (`read_differing`) by the summary."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from ..engine.many import RecordResult
from ..reconcile.many import Comparison, Differing

RECONCILE_HEADER = (
    "reported_total",
    "recomputed_total",
    "difference",
    "reported_grade",
    "recomputed_grade",
    "agrees",
    "differing",
    "unchecked",
)
#: the `agrees` cell: the report agrees with the recomputation / it does not
AGREES, DISAGREES = "一致", "不一致"
_ARROW = " → "
_DIFFERING = re.compile(r"(\S+): (-?\d+(?:\.\d+)?) → (-?\d+(?:\.\d+)?)")


def comparison_of(result: RecordResult) -> Comparison | None:
    """The record's comparison, or None (an error row, or a result not reconciled)."""
    found = getattr(result, "comparison", None)
    return found if isinstance(found, Comparison) else None


def _fixed(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


def differing_text(differing: tuple[Differing, ...]) -> str:
    """`CODE: reported → recomputed`, one a line."""
    return "\n".join(
        f"{d.code}: {_fixed(d.reported)}{_ARROW}{_fixed(d.recomputed)}" for d in differing
    )


def read_differing(text: str) -> Iterator[Differing]:
    """The differing codes a `differing` cell lists (what `differing_text` wrote)."""
    for line in text.splitlines():
        match = _DIFFERING.fullmatch(line.strip())
        if match is not None:
            yield Differing(match[1], Decimal(match[2]), Decimal(match[3]))


def reconcile_cells(result: RecordResult) -> list[str]:
    """The reconcile columns of a csv row (all empty for an error row)."""
    c = comparison_of(result)
    if c is None:
        return [""] * len(RECONCILE_HEADER)
    return [
        _fixed(c.reported_total),
        _fixed(c.recomputed_total),
        _fixed(c.difference),
        c.reported_grade or "",
        c.recomputed_grade or "",
        "" if c.agrees is None else AGREES if c.agrees else DISAGREES,
        differing_text(c.differing),
        "\n".join(c.unchecked),
    ]


def reconcile_xlsx_cells(result: RecordResult) -> list[Any]:
    """The reconcile columns of an xlsx row: totals and the difference as numbers."""
    cells: list[Any] = []
    for i, cell in enumerate(reconcile_cells(result)):
        if cell == "":
            cells.append(None)
        else:
            cells.append(Decimal(cell) if i < 3 else cell)
    return cells


def reconcile_object(result: RecordResult) -> dict[str, Any] | None:
    """The `reconcile` member of a jsonl line (null for an error row)."""
    c = comparison_of(result)
    return None if c is None else c.to_dict()
