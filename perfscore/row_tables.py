"""What a `rows:` node declares (perfscore.rows describes the table): the data key listing the
rows, the rule they are scored by, the declared 二级 groups (`Group`), and what a row with no
分值 or a placeholder row means — built and checked when the framework loads (`build_rows`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .errors import FrameworkError
from .rules import BuildContext, Rule, build_rule
from .targets import normalise

__all__ = ["Group", "RowTable", "build_rows"]


@dataclass(frozen=True)
class Group:
    """A declared 二级 indicator (数量指标 …): its code and the rule its rows are scored by."""

    name: str
    code: str
    rule: Rule
    precision: int | None = None  # its rows' precision and rounding, when it declares them
    rounding: str | None = None


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
        groups.append(
            Group(group["name"], code, group_rule, group.get("precision"), group.get("rounding"))
        )
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
        spec.get("remainder"),
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
