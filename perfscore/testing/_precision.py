"""The precision and rounding mode of every indicator of a result, as the framework declares
them on nodes and row groups and passes them down (for the rounding invariant)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..framework import Framework
    from ..result import IndicatorResult, Result


def roundings(fw: Framework, result: Result) -> dict[str, tuple[int, str]]:
    """Each code of `result` (rows expanded from the data included) with the precision and mode
    its score is rounded at; a parent with the finest precision under it (its sum is exact)."""
    declared = {node.code: fw.rounding_of(node) for node in fw.walk()}
    for node in fw.walk():
        if node.rows is not None:
            precision, mode = declared[node.code]
            for group in node.rows.groups:
                declared[group.code] = (
                    precision if group.precision is None else group.precision,
                    group.rounding or mode,
                )
    out: dict[str, tuple[int, str]] = {}

    def visit(node: IndicatorResult, above: tuple[int, str]) -> int:
        own = declared.get(node.code, above)
        places = max((visit(child, own) for child in node.children), default=own[0])
        out[node.code] = (places, own[1])
        return places

    for root in result.indicators:
        visit(root, (fw.precision, "half_up"))
    return out
