"""What a `rows:` node declares (perfscore.rows describes the table): the data key listing the
rows, the rule they are scored by, the declared 二级 groups (`Group`), and what a row with no
分值 or a placeholder row means — built and checked when the framework loads (`build_rows`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import FrameworkError
from .rules import BuildContext, Rule, build_rule
from .rules.row_value import RowValue
from .targets import normalise

__all__ = ["NOT_APPLICABLE", "Group", "RowTable", "build_rows"]


@dataclass(frozen=True)
class Group:
    """A declared 二级 indicator (数量指标 …): its code and the rule its rows are scored by."""

    name: str
    code: str
    rule: Rule
    precision: int | None = None  # its rows' precision and rounding, when it declares them
    rounding: str | None = None
    spec: Mapping[str, Any] | None = None  # its rule's spec, that a row's own settings change


@dataclass(frozen=True)
class RowTable:
    """What a `rows:` node declares."""

    source: str  # the data key listing the rows
    rule: Rule  # the rule at the node's own weight (for the framework's static checks)
    spec: Mapping[str, Any]  # the rule's spec, for groups the framework does not declare
    groups: tuple[Group, ...]  # declared 二级 groups, in order; empty: taken from the data
    unweighted: str  # "error" or "equal"
    placeholders: frozenset[str]
    #: with unweighted: equal, where the units left over go (numbers.REMAINDERS); None when the
    #: framework does not say (lint asks it to; the first rows get them, as before)
    remainder: str | None = None
    #: what follows for a row the data mark 不适用 (NOT_APPLICABLE); None: the framework does
    #: not say, and such a row is refused
    not_applicable: str | None = None
    #: how the rules were built: a row's own rule (`direction`, `rule`) is built with it
    build: BuildContext | None = field(default=None, compare=False)
    #: rules built for rows' own settings, by (group code, settings)
    row_rules: dict[Any, Rule] = field(default_factory=dict, compare=False)
    #: how the form lays out a row's target: "one" 年度指标值 column, or "split" over 指标性质,
    #: 指标值 and 度量单位 (ROW_COLUMNS), as many provinces' tables do
    columns: str = "one"
    #: what the leaves of one group share (perfscore.rows), made once per node and settings
    templates: dict[Any, Any] = field(default_factory=dict, compare=False)

    def row_rule(self, group: Group | None, settings: Mapping[str, Any], where: str) -> Rule:
        """The rule for a row of `group` that sets `settings` of its own (FrameworkError
        naming `where` when they are wrong): built once per group and settings."""
        key = (group.code if group else "", repr(sorted(settings.items(), key=str)))
        rule = self.row_rules.get(key)
        if rule is None:
            assert self.build is not None
            base = (group.spec if group is not None else None) or self.spec
            rule = _rule(_overridden(base, settings), self.build, where)
            if len(self.row_rules) < 256:
                self.row_rules[key] = rule
        return rule


#: what a row marked 不适用 scores: `rescale` — nothing, its parent's (二级 group's, else the
#: node's) applicable scores rescaled to the parent's weight; `total` — nothing, the total
#: rescaled over the applicable weight (the framework's total less the rows' 分值); `full` —
#: its 分值; `zero` — 0
NOT_APPLICABLE = ("rescale", "total", "full", "zero")


def _overridden(base: Mapping[str, Any], settings: Mapping[str, Any]) -> dict[str, Any]:
    """`base` with `settings` changed: another kind replaces it whole."""
    if "kind" in settings and settings["kind"] != base.get("kind"):
        return dict(settings)
    return {**base, **settings}


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
        if not isinstance(override, Mapping):
            raise build.error(
                "a group's 'rule' changes settings of rows.rule (e.g. plain: at_most), or "
                "gives another kind of rule for its rows",
                f"{where}.rule",
            )
        code = str(group.get("code") or f"{build.code}{i + 1}")
        group_spec = _overridden(rule_spec, override)
        group_rule = _rule(group_spec, build, f"{where}.rule")
        groups.append(
            Group(
                group["name"],
                code,
                group_rule,
                group.get("precision"),
                group.get("rounding"),
                group_spec,
            )
        )
    names = [g.name for g in groups]
    if len(set(names)) != len(names):
        raise build.error("two groups share a name", "rows.groups")
    unweighted = spec.get("unweighted", "error")
    if unweighted not in ("error", "equal"):
        raise build.error("'rows.unweighted' must be error or equal", "rows.unweighted")
    placeholders = spec.get("placeholders") or []
    not_applicable = spec.get("not_applicable")
    if not_applicable is not None and not_applicable not in NOT_APPLICABLE:
        raise build.error(
            "'rows.not_applicable' must be rescale, total, full or zero", "rows.not_applicable"
        )
    return RowTable(
        source,
        rule,
        dict(rule_spec),
        tuple(groups),
        unweighted,
        frozenset(normalise(str(p)) for p in placeholders),
        spec.get("remainder"),
        not_applicable,
        build,
        columns=_columns(spec, build),
    )


#: how a form lays out a row's target (`rows.columns`)
ROW_COLUMNS = ("one", "split")


def _columns(spec: Mapping[str, Any], build: BuildContext) -> str:
    columns = spec.get("columns", "one")
    if columns not in ROW_COLUMNS:
        raise build.error("'rows.columns' must be one or split", "rows.columns")
    return str(columns)


def _rule(spec: Mapping[str, Any], build: BuildContext, field: str) -> Rule:
    try:
        rule = build_rule(spec, build)
    except FrameworkError as exc:
        exc.field = f"{field}.{exc.field.removeprefix('rule.')}" if exc.field else field
        raise
    if not getattr(rule, "scores_rows", False) and rule.value_type == "number":
        return RowValue(spec, build)  # a kind for numbers: each row's actual is its value
    if not getattr(rule, "scores_rows", False) or not hasattr(rule, "with_weight"):
        raise build.error(
            f"rule kind {rule.kind!r} cannot score rows of a table (it scores "
            f"{rule.value_type}; rows are scored by target or a kind for numbers)",
            f"{field}.kind",
        )
    return rule
