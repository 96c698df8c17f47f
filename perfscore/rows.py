"""Indicators whose rows come from the data: a 项目支出绩效自评表 lists its own 三级指标.

A framework node with ``rows: {from: <data key>, rule: {...}}`` declares the 一级 indicator and its
weight; the record lists the rows under that key, each with its 二级 group, name, 年度指标值,
实际完成值 and 分值. At evaluation the node is expanded into ordinary indicators — 二级 groups and
one leaf per row — which are then scored by the same path as every other leaf (rule, cap at the
weight, 四舍五入, trace). The weight checks run on the expanded tree, and what they find is
reported among the result's findings.

A row (a mapping in the data)::

    {group: 数量指标, name: 企业养老发放人数, target: 1--1.2万人, actual: 1.1万人, weight: 10,
     code?: ..., level?: 达成, share?: 90, note?: ..., deviation?: ...}

or, when one 分值 cell is merged over several indicators, ``{group, weight, name?, items: [rows
without weight]}``. A row whose every cell is blank or a declared placeholder ("无", "……") and
that carries no 分值 is skipped, with a finding that says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .checks import Finding, parents_add_up, rules_fit, weights_fit
from .model import Indicator
from .numbers import ZERO
from .row_reading import Expansion, Row, RowRule, row_rule
from .row_tables import Group, RowTable, build_rows

if TYPE_CHECKING:
    from .model import Framework
    from .records import Record

__all__ = [
    "Group",
    "RowTable",
    "build_rows",
    "expand",
    "expanded",
    "expanded_framework",
    "row_codes",
]

# --------------------------------------------------------------------------- expansion

#: What an indicator made from rows starts from (`Indicator.changed` is cheaper than building).
_BLANK = Indicator(code="", name="", weight=ZERO)


def expand(node: Indicator, record: Record, fw: Framework) -> tuple[Indicator, list[Finding]]:
    """`node` with its rows from `record` as children (二级 groups, then one leaf per row), and the
    findings about them (skipped placeholders, weights split equally, weights that do not add
    up). Raises DataError naming the file, the row's code and the field for a row it cannot read.
    """
    table = node.rows
    assert table is not None
    expansion = Expansion(node, table, record, fw)
    rows = expansion.rows()
    findings = expansion.findings
    by_group: dict[str, list[Row]] = {}
    groups: dict[str, Group | None] = {}
    for row in rows:
        key = row.group.code if row.group else ""
        by_group.setdefault(key, []).append(row)
        groups[key] = row.group
    # the declared groups' order, whatever order the data lists them in
    order = [g.code for g in table.groups if g.code in by_group] if table.groups else list(by_group)
    children: list[Indicator] = []
    for key in order:
        group = groups[key]
        # a declared group's precision and rounding, else the node's (inherited downward)
        precision = node.precision if group is None or group.precision is None else group.precision
        rounding = node.rounding if group is None or group.rounding is None else group.rounding
        group_rule = row_rule(group.rule if group else node.rule)
        template = _template(node, table, 2 if key else 1, precision, rounding)
        leaves = [_leaf(template, group_rule, row) for row in by_group[key]]
        if group is None:
            children.extend(leaves)
            continue
        children.append(
            _BLANK.changed(
                code=group.code,
                name=group.name,
                weight=sum((leaf.weight for leaf in leaves), ZERO),
                children=leaves,
                line=node.line,
                depth=node.depth + 1,
                precision=precision,
                rounding=rounding,
            )
        )
    # no rows (allowed only when the node carries no points): a leaf that scores 0
    rule = None if children else row_rule(node.rule).with_weight(node.weight)
    expanded = node.changed(children=children, rule=rule, rows=None, input="")
    # a group's weight is its rows' sum, so what can be off is the node's own sum, a row's
    # rule against its 分值, and a 分值 the data give finer than its precision
    leaves = [leaf for child in children for leaf in (child.children or [child])]
    findings.extend(parents_add_up([expanded], record.file, lines=False))
    findings.extend(rules_fit(leaves or [expanded], record.file, lines=False))
    findings.extend(weights_fit(fw, leaves, record.file, lines=False))
    return expanded, findings


def row_codes(node: Indicator, record: Record, fw: Framework) -> dict[int, str]:
    """The code each row `record` lists for `node` gets (B1.1 …), by its index in the data list;
    skipped placeholder rows have none. DataError as `expand` raises it."""
    assert node.rows is not None
    return {row.index: row.code for row in Expansion(node, node.rows, record, fw).rows()}


def expanded(fw: Framework, record: Record) -> dict[str, Indicator]:
    """Every indicator of `fw` by code, with each `rows:` node expanded from `record` (B1.1 …):
    for tools that look up a code the framework alone does not have (a reported row score)."""
    out: dict[str, Indicator] = {}

    def visit(node: Indicator) -> None:
        if node.rows is not None:
            node = expand(node, record, fw)[0]
        out[node.code] = node
        for child in node.children:
            visit(child)

    for root in fw.indicators:
        visit(root)
    return out


def expanded_framework(fw: Framework, record: Record) -> Framework:
    """`fw` as it applies to `record`: each `rows:` node replaced by its rows (B1.1 …), so that
    a tool working on codes (reconcile, explain) sees every indicator the result has. `fw`
    itself when it has no `rows:` node."""

    if not any(node.rows is not None for node in fw.walk()):
        return fw
    codes = expanded(fw, record)

    def rebuilt(node: Indicator) -> Indicator:
        node = codes[node.code]
        return node.changed(children=[rebuilt(child) for child in node.children])

    return fw.replaced(indicators=[rebuilt(root) for root in fw.indicators])


def _template(
    node: Indicator, table: RowTable, depth: int, precision: int | None, rounding: str | None
) -> Indicator:
    """What every leaf of one group of `node`'s rows shares, made once per node and settings
    (kept on its table: records of one framework share them)."""
    key = (node.code, node.criteria, node.line, node.depth + depth, precision, rounding)
    template: Indicator | None = table.templates.get(key)
    if template is None:
        template = _BLANK.changed(
            criteria=node.criteria,
            line=node.line,
            depth=node.depth + depth,
            precision=precision,
            rounding=rounding,
        )
        if len(table.templates) < 64:
            table.templates[key] = template
    return template


def _leaf(template: Indicator, rule: RowRule, row: Row) -> Indicator:
    assert row.weight is not None
    if row.rule is not None:
        rule = row_rule(row.rule)
    leaf = template.changed(
        code=row.code,
        name=row.name,
        weight=row.weight,
        children=[],
        rule=rule.with_weight(row.weight),
        row=row.value,
        note=row.note,
    )
    # what the row sets for itself, over its group's and the node's
    if row.precision is not None:
        leaf.precision = row.precision
    if row.rounding is not None:
        leaf.rounding = row.rounding
    return leaf
