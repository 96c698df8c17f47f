"""The 评分表 layout shared by the md, csv, xlsx and html formats.

A 评分表 (003 附件3) has one row per leaf; the 一级 and 二级 indicators stand in merged cells to
the left of their leaves. `layout` gives the rows and, for every parent, the span of rows it
covers, for any depth of tree (a leaf above the deepest level spans the remaining level columns).
This module registers no format.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from ..explain import leaf_basis, score_text, value_text
from ..numbers import fixed
from ..result import IndicatorResult, Result

LEVEL_NAMES = ["一级指标", "二级指标", "三级指标", "四级指标", "五级指标", "六级指标"]
SOURCE_NAMES = {"computed": "计算", "judgment": "评价人评分", "external": "外部提供"}
#: the 数据来源 of a leaf whose framework names none, by where its score comes from
DATA_SOURCES = {"judgment": "评价人评分", "external": "外部提供得分"}


@dataclass
class Row:
    """One leaf of the table, with its ancestors (root first)."""

    leaf: IndicatorResult
    ancestors: list[IndicatorResult]

    @property
    def level(self) -> int:
        """The 0-based level column of the leaf's own label."""
        return len(self.ancestors)


@dataclass
class Span:
    """A parent's cell: its level column and the rows (0-based, inclusive) it covers."""

    node: IndicatorResult
    level: int
    first: int
    last: int


@dataclass
class Table:
    depth: int
    rows: list[Row] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)

    def level_names(self) -> list[str]:
        return [*LEVEL_NAMES, *(f"{i}级指标" for i in range(7, self.depth + 1))][: self.depth]


def depth_of(result: Result) -> int:
    def depth(node: IndicatorResult) -> int:
        return 1 + max((depth(c) for c in node.children), default=0)

    return max((depth(root) for root in result.indicators), default=1)


def layout(result: Result) -> Table:
    table = Table(depth_of(result))

    def visit(node: IndicatorResult, ancestors: list[IndicatorResult]) -> None:
        if node.is_leaf:
            table.rows.append(Row(node, ancestors))
            return
        first = len(table.rows)
        for child in node.children:
            visit(child, [*ancestors, node])
        table.spans.append(Span(node, len(ancestors), first, len(table.rows) - 1))

    for root in result.indicators:
        visit(root, [])
    table.spans.sort(key=lambda s: (s.first, s.level))
    return table


def groups(table: Table) -> list[tuple[int, int]]:
    """The rows (0-based, inclusive) of each 二级 group — of each 一级 group in a two-level
    tree — in order; a leaf outside every group is a group of its own. A printed page keeps a
    group together."""
    level = 1 if table.depth >= 3 else 0
    starts = {span.first: span.last for span in table.spans if span.level == level}
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(table.rows):
        last = starts.get(i, i)
        out.append((i, last))
        i = last + 1
    return out


def parent_label(node: IndicatorResult) -> str:
    """A parent's cell, as 003 writes it: "A部门决策（35分）"."""
    return f"{node.code} {node.name}（{score_text(node.weight)}分）"


def leaf_label(node: IndicatorResult) -> str:
    return f"{node.code} {node.name}"


def computed_value(node: IndicatorResult, result: Result) -> str:
    """The 计算值 cell: the value a rule scored; blank for scores given by people (the 得分
    column already says them)."""
    if node.source in ("external", "judgment") and (
        node.value is None or not node.trace or not node.trace.formula
    ):
        return ""
    return value_text(node.value, node.unit, result.value_precision)


def criteria(node: IndicatorResult) -> str:
    return node.trace.criteria.strip() if node.trace else ""


def data_source(row: Row) -> str:
    """The 数据来源 cell: the leaf's own, else the nearest parent's (a rows indicator declares
    it once for its rows), else where its score comes from: the base-data fields its formula
    reads (in the formula's order), the score given from outside or by the evaluator."""
    for node in (row.leaf, *reversed(row.ancestors)):
        if node.data_source.strip():
            return node.data_source.strip()
    leaf = row.leaf
    if leaf.source in DATA_SOURCES:
        return DATA_SOURCES[leaf.source]
    trace = leaf.trace
    if trace is not None and trace.formula and trace.inputs:
        formula = trace.formula
        names = sorted(trace.inputs, key=lambda name: (formula.find(name), name))
        return "基础数据：" + "、".join(names)
    return "评价输入（评价人核查）"


def basis(node: IndicatorResult, result: Result) -> str:
    """The 扣分说明 / 得分说明 cell: the formula with numbers, the value, what was deducted."""
    return leaf_basis(node, result)


def parents(result: Result, max_level: int = 2) -> Iterator[tuple[int, IndicatorResult]]:
    """Indicators at levels 1..max_level (1 = 一级), in tree order, for summaries and charts."""

    def visit(node: IndicatorResult, level: int) -> Iterator[tuple[int, IndicatorResult]]:
        if level > max_level:
            return
        yield level, node
        for child in node.children:
            yield from visit(child, level + 1)

    for root in result.indicators:
        yield from visit(root, 1)


def rate(node: IndicatorResult) -> str:
    """得分率: score / weight as a percentage with two decimals."""
    if not node.weight:
        return "—"
    return fixed(node.score / node.weight * 100, 2) + "%"
