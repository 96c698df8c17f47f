"""A framework as the indicator table (指标体系表) the documents print: one row per leaf, a column
per level (一级指标, 二级指标, 三级指标 …: "A 决策（20分）", the upper levels merged down their
rows), 分值, 指标解释, 评分标准 and 数据来源, and the machine-readable part that carries what the
table cannot print (`importing.machine`). A leaf without a 评分标准 of its own gets its rule
in words (`Rule.criterion`), phrased as the import grammar reads it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..importing.machine import FRAMEWORK, LEAF_TEXTS, PRINTED, PRINTED_KEYS, Part, fingerprint
from ..model import Framework, Indicator
from ..numbers import plain

_LEVELS = "一二三四五六七八九"
#: the columns after the levels: (header, what the row holds)
COLUMNS = (
    ("分值", "weight"),
    ("指标解释", "explanation"),
    ("评分标准", "criteria"),
    ("数据来源", "source"),
)


@dataclass(frozen=True)
class Row:
    """One leaf's row: the text of each level column ("" below its own level), its cells, and
    the node each level column shows (for merging)."""

    levels: tuple[str, ...]
    nodes: tuple[str, ...]  # the code shown in each level column ("" none)
    cells: dict[str, str]
    generated: bool  # the 评分标准 written from the rule


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[Row]
    part: Part = field(default_factory=Part)

    @property
    def depth(self) -> int:
        return len(self.header) - len(COLUMNS)

    def merges(self) -> Iterator[tuple[int, int, int]]:
        """(level column, first row, last row) of each run of rows showing one upper node."""
        for column in range(self.depth):
            start = 0
            for index in range(1, len(self.rows) + 1):
                here = self.rows[start].nodes[column]
                if index < len(self.rows) and self.rows[index].nodes[column] == here:
                    continue
                if here and index - 1 > start:
                    yield column, start, index - 1
                start = index

    def blocks(self) -> list[tuple[int, int]]:
        """(first, last) rows under one second-level node (one first-level node in a table of
        two levels, each row in a table of one): what a page keeps together."""
        column = max(0, min(self.depth - 2, 1))
        if self.depth == 1:
            return [(i, i) for i in range(len(self.rows))]
        runs = [(first, last) for c, first, last in self.merges() if c == column]
        covered = {i for first, last in runs for i in range(first, last + 1)}
        runs += [(i, i) for i in range(len(self.rows)) if i not in covered]
        return sorted(runs)


def level_name(depth: int) -> str:
    return f"{_LEVELS[depth]}级指标" if depth < len(_LEVELS) else f"{depth + 1}级指标"


def _label(node: Indicator) -> str:
    weight = "" if node.is_leaf else f"（{plain(node.weight)}分）"
    return f"{node.code} {node.name}{weight}"


def _criterion(leaf: Indicator) -> tuple[str, bool]:
    if leaf.criteria.strip():
        return leaf.criteria.strip(), False
    if leaf.rule is None:
        return "", False
    return leaf.rule.criterion(leaf.unit), True


def _row(path: list[Indicator], depth: int) -> Row:
    leaf = path[-1]
    levels = [""] * depth
    nodes = [""] * depth
    for node in path:
        levels[node.depth - 1], nodes[node.depth - 1] = _label(node), node.code
    criteria, generated = _criterion(leaf)
    cells = {
        "weight": plain(leaf.weight),
        "explanation": leaf.explanation.strip(),
        "criteria": criteria,
        "source": leaf.data_source.strip(),
    }
    return Row(tuple(levels), tuple(nodes), cells, generated)


def _paths(nodes: list[Indicator], above: list[Indicator]) -> Iterator[list[Indicator]]:
    for node in nodes:
        if node.is_leaf:
            yield [*above, node]
        else:
            yield from _paths(node.children, [*above, node])


def _documents(nodes: list[Any]) -> Iterator[dict[str, Any]]:
    for node in nodes:
        yield node
        yield from _documents(node.get("children", []))


def _part(fw: Framework, rows: list[Row]) -> Part:
    """What the table does not print: the document's settings, each node's other keys."""
    data = fw.document.data if fw.document is not None else {}
    settings = {k: v for k, v in data.items() if k != "indicators"}
    printed = {row.nodes[max(i for i, c in enumerate(row.nodes) if c)]: row for row in rows}
    nodes: dict[str, dict[str, Any]] = {}
    for spec in _documents(data.get("indicators", [])):
        code = str(spec["code"])
        skipped = PRINTED_KEYS + (LEAF_TEXTS if code in printed else ())
        record = {k: v for k, v in spec.items() if k not in skipped}
        if code in printed:
            row = printed[code]
            record[PRINTED] = fingerprint(fw[code].weight, row.cells["criteria"])
        nodes[code] = record
    return Part(settings, nodes)


def indicator_table(fw: Framework) -> Table:
    """The table of `fw` (module docstring)."""
    depth = max(node.depth for node in fw.walk())  # a root's depth is 1
    header = [level_name(d) for d in range(depth)] + [name for name, _ in COLUMNS]
    rows = [_row(path, depth) for path in _paths(fw.indicators, [])]
    return Table(fw.name, header, rows, _part(fw, rows))


__all__ = ["COLUMNS", "FRAMEWORK", "Row", "Table", "indicator_table", "level_name"]
