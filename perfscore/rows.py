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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_FLOOR, Decimal
from typing import TYPE_CHECKING, Any, Protocol, cast

from .checks import Finding, leaf_weights_add_up, rules_fit_weights, weights_add_up
from .errors import DataError, FrameworkError
from .numbers import ZERO, plain
from .rules import BuildContext, Rule, build_rule
from .rules.target import RowError
from .targets import normalise
from .values import read_number

if TYPE_CHECKING:
    from .model import Framework, Indicator
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

_ROW_KEYS = {
    "code",
    "group",
    "name",
    "target",
    "actual",
    "weight",
    "level",
    "share",
    "items",
    "note",
    "deviation",
}
_ITEM_KEYS = {"name", "target", "actual", "level", "share", "note", "deviation"}
_TEXT_KEYS = ("name", "target", "actual", "level", "share", "note", "deviation")


class RowRule(Protocol):
    """What a rule needs to score rows: see `perfscore.rules.target.Target`."""

    def assess(self, row: Mapping[str, Any]) -> Any: ...

    def with_weight(self, weight: Decimal) -> Rule: ...


def _row_rule(rule: Rule | None) -> RowRule:
    assert rule is not None
    return cast(RowRule, rule)


@dataclass(frozen=True)
class Group:
    """A declared 二级 indicator (数量指标 …): its code and the rule its rows are scored by."""

    name: str
    code: str
    rule: Rule


@dataclass(frozen=True)
class RowTable:
    """What a `rows:` node declares."""

    source: str  # the data key listing the rows
    rule: Rule  # the rule at the node's own weight (for the framework's static checks)
    spec: Mapping[str, Any]  # the rule's spec, for groups the framework does not declare
    groups: tuple[Group, ...]  # declared 二级 groups, in order; empty: taken from the data
    unweighted: str  # "error" or "equal"
    placeholders: frozenset[str]


def build_rows(spec: Mapping[str, Any], build: BuildContext) -> RowTable:
    """Build a node's `rows:` declaration; FrameworkError naming the field when it is wrong."""
    source = spec.get("from")
    if not isinstance(source, str) or not source:
        raise build.error("'rows.from' must name the data key that lists the rows", "rows.from")
    rule_spec = spec.get("rule")
    if not isinstance(rule_spec, Mapping):
        raise build.error("'rows.rule' must be the rule the rows are scored by", "rows.rule")
    rule = _rule(rule_spec, build, "rows.rule")
    groups = []
    for i, group in enumerate(spec.get("groups") or []):
        where = f"rows.groups[{i}]"
        if not isinstance(group, Mapping) or not isinstance(group.get("name"), str):
            raise build.error("a group needs a 'name' (数量指标 …)", where)
        override = group.get("rule") or {}
        if not isinstance(override, Mapping) or "kind" in override:
            raise build.error(
                "a group's 'rule' overrides settings of rows.rule (e.g. plain: at_most) and "
                "cannot change its kind",
                f"{where}.rule",
            )
        code = str(group.get("code") or f"{build.code}{i + 1}")
        group_rule = _rule({**rule_spec, **override}, build, f"{where}.rule")
        groups.append(Group(group["name"], code, group_rule))
    names = [g.name for g in groups]
    if len(set(names)) != len(names):
        raise build.error("two groups share a name", "rows.groups")
    unweighted = spec.get("unweighted", "error")
    if unweighted not in ("error", "equal"):
        raise build.error("'rows.unweighted' must be error or equal", "rows.unweighted")
    placeholders = spec.get("placeholders") or []
    return RowTable(
        source,
        rule,
        dict(rule_spec),
        tuple(groups),
        unweighted,
        frozenset(normalise(str(p)) for p in placeholders),
    )


def _rule(spec: Mapping[str, Any], build: BuildContext, field: str) -> Rule:
    try:
        rule = build_rule(spec, build)
    except FrameworkError as exc:
        exc.field = f"{field}.{exc.field.removeprefix('rule.')}" if exc.field else field
        raise
    if not getattr(rule, "scores_rows", False) or not hasattr(rule, "with_weight"):
        raise build.error(f"rule kind {rule.kind!r} cannot score rows of a table", f"{field}.kind")
    return rule


# --------------------------------------------------------------------------- expansion


@dataclass
class _Row:
    index: int
    where: str  # the row's path in the data: 产出指标[3]
    group: Group | None
    code: str
    name: str
    weight: Decimal | None
    value: dict[str, Any]
    note: str


def expand(node: Indicator, record: Record, fw: Framework) -> tuple[Indicator, list[Finding]]:
    """`node` with its rows from `record` as children (二级 groups, then one leaf per row), and the
    findings about them (skipped placeholders, weights split equally, weights that do not add
    up). Raises DataError naming the file, the row's code and the field for a row it cannot read.
    """
    from .model import Indicator

    table = node.rows
    assert table is not None
    expansion = _Expansion(node, table, record, fw)
    rows = expansion.rows()
    findings = expansion.findings
    by_group: dict[str, list[_Row]] = {}
    groups: dict[str, Group | None] = {}
    for row in rows:
        key = row.group.code if row.group else ""
        by_group.setdefault(key, []).append(row)
        groups[key] = row.group
    # the declared groups' order, whatever order the data lists them in
    order = [g.code for g in table.groups if g.code in by_group] if table.groups else list(by_group)
    children: list[Indicator] = []
    for key in order:
        leaves = [_leaf(node, row, 2 if key else 1) for row in by_group[key]]
        group = groups[key]
        if group is None:
            children.extend(leaves)
            continue
        children.append(
            Indicator(
                code=group.code,
                name=group.name,
                weight=sum((leaf.weight for leaf in leaves), ZERO),
                children=leaves,
                line=node.line,
                depth=node.depth + 1,
            )
        )
    expanded = replace(node, children=children, rule=None, rows=None, input="")
    sub = fw.replaced(
        total=node.weight,
        fields={},
        derived={},
        indicators=[expanded],
        file=record.file,
        source="",
        value_precision=2,
        document=None,
    )
    for check in (weights_add_up, leaf_weights_add_up, rules_fit_weights):
        findings.extend(replace(f, file=record.file, line=None) for f in check(sub))
    return expanded, findings


def row_codes(node: Indicator, record: Record, fw: Framework) -> dict[int, str]:
    """The code each row `record` lists for `node` gets (B1.1 …), by its index in the data list;
    skipped placeholder rows have none. DataError as `expand` raises it."""
    assert node.rows is not None
    return {row.index: row.code for row in _Expansion(node, node.rows, record, fw).rows()}


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
        return replace(node, children=[rebuilt(child) for child in node.children])

    return fw.replaced(indicators=[rebuilt(root) for root in fw.indicators])


def _leaf(node: Indicator, row: _Row, depth: int) -> Indicator:
    from .model import Indicator

    assert row.weight is not None
    rule = _row_rule(row.group.rule if row.group else node.rule)
    return Indicator(
        code=row.code,
        name=row.name,
        weight=row.weight,
        rule=rule.with_weight(row.weight),
        row=row.value,
        criteria=node.criteria,
        note=row.note,
        line=node.line,
        depth=node.depth + depth,
    )


class _Expansion:
    """Reading and checking one record's rows for one node."""

    def __init__(self, node: Indicator, table: RowTable, record: Record, fw: Framework) -> None:
        self.node, self.table, self.record, self.fw = node, table, record, fw
        self.findings: list[Finding] = []
        self.codes: set[str] = set(fw.by_code) - {node.code}
        self.undeclared: dict[str, Group] = {}
        self.seen: list[_Row] = []
        self.group_codes: set[str] = set()

    def error(self, message: str, field: str, code: str | None = None) -> DataError:
        file = self.record.file
        cell = self.record.locations.get(field)  # e.g. 产出指标!D7 of a filled-in form
        if cell:
            file = f"{file}: {cell}" if file else cell
        return DataError(message, file=file, path=code or self.node.code, field=field)

    def finding(self, level: str, check: str, message: str) -> None:
        self.findings.append(Finding(level, check, message, self.node.code, self.record.file))

    def rows(self) -> list[_Row]:
        source = self.table.source
        if source not in self.record.values:
            raise self.error(
                f"missing input {source!r}: the rows (三级指标) of {self.node.name}, a list of "
                "{group, name, target, actual, weight}",
                source,
            )
        raw = self.record.values[source]
        if not isinstance(raw, Sequence) or isinstance(raw, (str, bytes)):
            raise self.error(f"{source!r} must be a list of rows", source)
        rows = [row for i, item in enumerate(raw) if (row := self.row(i, item)) is not None]
        if not rows:
            raise self.error(
                f"{source!r} lists no row to score; {self.node.name} carries "
                f"{plain(self.node.weight)} points",
                source,
            )
        for row in rows:
            self.number(row)
        self.weigh(rows)
        for row in rows:
            self.check(row)
        return rows

    def row(self, index: int, raw: Any) -> _Row | None:
        where = f"{self.table.source}[{index}]"
        if not isinstance(raw, Mapping):
            raise self.error(
                f"a row must be a mapping with group, name, target, actual, weight; got {raw!r}",
                where,
            )
        unknown = sorted(set(map(str, raw)) - _ROW_KEYS)
        if unknown:
            raise self.error(
                f"unknown key(s) {', '.join(unknown)} in a row; a row has "
                f"{', '.join(sorted(_ROW_KEYS))}",
                f"{where}.{unknown[0]}",
            )
        texts = {key: self.text(raw, key, where) for key in _TEXT_KEYS}
        group_name = self.text(raw, "group", where)
        weight = self.weight(raw.get("weight"), f"{where}.weight")
        items = raw.get("items")
        if items is None and weight is None and not texts["level"] and self.placeholder(texts):
            shown = " / ".join(t for t in (texts["name"], texts["target"], texts["actual"]) if t)
            self.finding(
                "warning",
                "skipped-row",
                f"{where} ({group_name or self.node.name}): a placeholder row "
                f"({shown or 'blank'}) without 分值 is not scored / 占位行“{shown or '空'}”"
                "未填分值，不计分",
            )
            return None
        group = self.group(group_name, f"{where}.group")
        value: dict[str, Any] = {
            k: texts[k] for k in ("target", "actual", "level", "share", "note") if texts[k]
        }
        name = texts["name"]
        if items is not None:
            value["items"] = self.items(items, f"{where}.items")
            name = name or "、".join(i.get("name") or "" for i in value["items"]).strip("、")
        code = self.text(raw, "code", where) or ""
        return _Row(
            index, where, group, code, name or "（指标名称未填写）", weight, value, texts["note"]
        )

    def text(self, raw: Mapping[str, Any], key: str, where: str) -> str:
        value = raw.get(key)
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float, Decimal)):
            raise self.error(f"expected text or a number, got {value!r}", f"{where}.{key}")
        return str(value).strip()

    def placeholder(self, texts: Mapping[str, str]) -> bool:
        cells = [normalise(texts[k]) for k in ("name", "target", "actual")]
        return all(cell == "" or cell in self.table.placeholders for cell in cells)

    def weight(self, raw: Any, field: str) -> Decimal | None:
        if raw is None or (isinstance(raw, str) and normalise(raw) == ""):
            return None
        try:
            return read_number(raw, unit="分", minimum=ZERO)
        except ValueError as exc:
            raise self.error(f"分值 (weight): {exc}", field) from None

    def items(self, raw: Any, where: str) -> list[dict[str, str]]:
        if not isinstance(raw, Sequence) or isinstance(raw, (str, bytes)) or len(raw) < 2:
            raise self.error(
                "'items' lists the indicators that share one merged 分值 cell: at least two "
                "rows of name, target, actual",
                where,
            )
        out = []
        for i, item in enumerate(raw):
            if not isinstance(item, Mapping):
                raise self.error(f"an item must be a mapping, got {item!r}", f"{where}[{i}]")
            unknown = sorted(set(map(str, item)) - _ITEM_KEYS)
            if unknown:
                raise self.error(
                    f"unknown key(s) {', '.join(unknown)} in an item of a merged row (an item "
                    f"has no weight of its own); an item has {', '.join(sorted(_ITEM_KEYS))}",
                    f"{where}[{i}].{unknown[0]}",
                )
            texts = {k: self.text(item, k, f"{where}[{i}]") for k in _ITEM_KEYS}
            out.append({k: v for k, v in texts.items() if v and k not in ("note", "deviation")})
        return out

    def group(self, name: str, field: str) -> Group | None:
        declared = self.table.groups
        if declared:
            for group in declared:
                if group.name == name:
                    return group
            raise self.error(
                f"unknown group {name!r}; {self.node.name}'s groups (二级指标) are "
                f"{', '.join(g.name for g in declared)}",
                field,
            )
        if not name:
            return None
        if name not in self.undeclared:
            code = f"{self.node.code}{len(self.undeclared) + 1}"
            rule = self.node.rule
            assert rule is not None
            self.undeclared[name] = Group(name, code, rule)
        return self.undeclared[name]

    def weigh(self, rows: list[_Row]) -> None:
        """Every row has a 分值, or none has and the framework splits the weight equally."""
        missing = [row for row in rows if row.weight is None]
        if not missing:
            return
        if len(missing) < len(rows) or self.table.unweighted != "equal":
            row = missing[0]
            hint = (
                "; if the source merges one 分值 cell over several rows, list them as the "
                "'items' of one row"
                if len(missing) < len(rows)
                else "; the framework does not split unstated weights (rows.unweighted: error)"
            )
            raise self.error(
                f"{row.name}: the row has no 分值 (weight){hint}", f"{row.where}.weight", row.code
            )
        shares = _split(self.node.weight, len(rows), self.fw.precision)
        for row, share in zip(rows, shares, strict=True):
            row.weight = share
        self.finding(
            "warning",
            "equal-weights",
            f"no row of {self.table.source!r} states its 分值; as the framework declares "
            f"(rows.unweighted: equal), {self.node.name}'s {plain(self.node.weight)} points are "
            f"split equally over its {len(rows)} row(s) ({', '.join(plain(s) for s in shares)}) / "
            f"各指标未填分值，按框架规定平均分配{plain(self.node.weight)}分",
        )

    def number(self, row: _Row) -> None:
        """Give the row its code: its group's code and its place in the group (B1.2)."""
        if not row.code:
            siblings = [r for r in self.seen if r.group == row.group]
            prefix = row.group.code if row.group else self.node.code
            row.code = f"{prefix}.{len(siblings) + 1}"
        self.seen.append(row)

    def check(self, row: _Row) -> None:
        """Check the row's codes and that its rule can score it."""
        group = row.group
        if group is not None and group.code not in self.group_codes:
            if group.code in self.codes:
                raise self.error(
                    f"group {group.name}'s code {group.code!r} is already used; give the group "
                    "a 'code' in the framework",
                    f"{row.where}.group",
                )
            self.group_codes.add(group.code)
            self.codes.add(group.code)
        if row.code in self.codes:
            raise self.error(
                f"{row.name}: the code {row.code!r} is already used", f"{row.where}.code", row.code
            )
        self.codes.add(row.code)
        rule = _row_rule(row.group.rule if row.group else self.node.rule)
        try:
            rule.assess(row.value)
        except RowError as exc:
            label = f"{row.group.name} " if row.group else ""
            raise self.error(
                f"{label}{row.name}: {exc.message}", f"{row.where}.{exc.field}", row.code
            ) from None


def _split(total: Decimal, n: int, precision: int) -> list[Decimal]:
    """`total` in `n` equal shares at `precision` places; the cents left over go to the first
    rows, one each, so that the shares add up to `total` exactly (50 over 6: 8.34, 8.34, 8.33 …)."""
    step = Decimal(1).scaleb(-precision)
    base = (total / n).quantize(step, rounding=ROUND_FLOOR)
    extra = int((total - base * n) / step)
    return [base + step if i < extra else base for i, _ in enumerate(range(n))]
