"""Consistency checks of a loaded framework: what `perfscore lint` reports.

Each check is a small function that yields findings; `check_framework` runs them all. Findings
are data, like jsonschema's errors: a level, a check name, the indicator code, and a message.
Checks report; they never change the framework.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

from .findings import Finding, file_name
from .i18n import Message, say
from .numbers import ZERO, plain, round_half_up

if TYPE_CHECKING:
    from .model import Framework, Indicator


__all__ = ["CHECKS", "Finding", "check", "check_framework", "file_name"]

Check = Callable[["Framework"], Iterator[Finding]]
CHECKS: list[Check] = []


def check(fn: Check) -> Check:
    CHECKS.append(fn)
    return fn


def check_framework(fw: Framework) -> list[Finding]:
    return [finding for fn in CHECKS for finding in fn(fw)]


def _at(fw: Framework, node: Indicator, level: str, name: str, message: Message) -> Finding:
    return Finding(level, name, message, node.code, fw.file, node.line)


def _placed(
    file: str | None, node: Indicator | None, code: str, level: str, name: str, message: Message
) -> Finding:
    """A finding about indicator `code` in `file`, at `node`'s line when `node` is given."""
    return Finding(level, name, message, code, file, node.line if node is not None else None)


@check
def weights_add_up(fw: Framework) -> Iterator[Finding]:
    yield from parents_add_up(fw.walk(), fw.file)
    roots = sum((r.weight for r in fw.indicators), ZERO)
    if roots != fw.total:
        yield Finding(
            "error",
            "weights",
            say("finding.weights.total", total=plain(fw.total), roots=plain(roots)),
            None,
            fw.file,
            1,
        )


def parents_add_up(
    nodes: Iterable[Indicator], file: str | None, lines: bool = True
) -> Iterator[Finding]:
    """A parent among `nodes` whose children's weights do not add up to its own."""
    for node in nodes:
        if node.children:
            total = sum((c.weight for c in node.children), ZERO)
            if total != node.weight:
                yield _placed(
                    file,
                    node if lines else None,
                    node.code,
                    "error",
                    "weights",
                    say(
                        "finding.weights.parent",
                        name=node.name,
                        weight=plain(node.weight),
                        total=plain(total),
                    ),
                )


@check
def leaf_weights_add_up(fw: Framework) -> Iterator[Finding]:
    """A parent whose children are declared to add up, but whose leaves (the indicators that
    are actually scored) do not: a child's declared weight hides the gap."""
    return leaves_add_up(fw.walk(), fw.file)


def leaves_add_up(
    nodes: Iterable[Indicator], file: str | None, lines: bool = True
) -> Iterator[Finding]:
    """`leaf_weights_add_up` over `nodes`."""
    weights: dict[int, Decimal] = {}  # the leaves' weight under each node, once per node

    def leaf_weight(node: Indicator) -> Decimal:
        if not node.children:
            return node.weight
        found = weights.get(id(node))
        if found is None:
            found = weights[id(node)] = sum((leaf_weight(c) for c in node.children), ZERO)
        return found

    for node in nodes:
        if not any(c.children for c in node.children):
            continue
        leaves = leaf_weight(node)
        declared = sum((c.weight for c in node.children), ZERO)
        if leaves == node.weight or leaves == declared:
            continue  # no gap, or the weights check reports it already
        gaps = [
            say(
                "finding.leaf-weights.gap",
                code=c.code,
                declared=plain(c.weight),
                leaves=plain(leaf_weight(c)),
            )
            for c in node.children
            if leaf_weight(c) != c.weight
        ]
        yield _placed(
            file,
            node if lines else None,
            node.code,
            "error",
            "leaf-weights",
            say(
                "finding.leaf-weights",
                name=node.name,
                weight=plain(node.weight),
                leaves=plain(leaves),
                gaps=gaps,
            ),
        )


@check
def source_codes(fw: Framework) -> Iterator[Finding]:
    """An indicator whose code the source leaves out or writes differently (`source_code`)."""
    for node in fw.walk():
        if node.source_code is None or node.source_code == node.code:
            continue
        if node.source_code.strip():
            message = say(
                "finding.source-code.changed",
                name=node.name,
                source=node.source_code,
                code=node.code,
            )
        else:
            message = say("finding.source-code.missing", name=node.name, code=node.code)
        yield _at(fw, node, "warning", "source-code", message)


@check
def rules_fit_weights(fw: Framework) -> Iterator[Finding]:
    return rules_fit(fw.leaves(), fw.file)


def rules_fit(
    leaves: Iterable[Indicator], file: str | None, lines: bool = True
) -> Iterator[Finding]:
    """A leaf among `leaves` whose rule can award more, or never as much, as its weight."""
    for node in leaves:
        assert node.rule is not None
        most = node.rule.max_points()
        if most > node.weight:
            yield _placed(
                file,
                node if lines else None,
                node.code,
                "error",
                "rule-exceeds-weight",
                say(
                    "finding.rule-exceeds-weight",
                    name=node.name,
                    most=plain(most),
                    weight=plain(node.weight),
                ),
            )
        elif most < node.weight:
            yield _placed(
                file,
                node if lines else None,
                node.code,
                "error",
                "rule-below-weight",
                say(
                    "finding.rule-below-weight",
                    name=node.name,
                    most=plain(most),
                    weight=plain(node.weight),
                ),
            )


@check
def rules_own_checks(fw: Framework) -> Iterator[Finding]:
    """What each rule's own check finds in how it is declared (`Rule.findings`): bands of
    `tiers` that leave a gap or overlap, a case of `cases` that can never apply."""
    for node in fw.leaves():
        assert node.rule is not None
        for found in node.rule.findings():
            message = say("finding.named", name=node.name, message=found.said)
            yield _at(fw, node, found.level, found.check, message)


@check
def weights_fit_precision(fw: Framework) -> Iterator[Finding]:
    """A weight with more decimals than its indicator's precision cannot be scored in full:
    四舍五入 of a full 1.125 at precision 2 gives 1.13, more than the weight."""
    yield from weights_fit(fw, fw.walk(), fw.file)


def weights_fit(
    fw: Framework, nodes: Iterable[Indicator], file: str | None, lines: bool = True
) -> Iterator[Finding]:
    """The weight-precision check over `nodes`, each at its own precision (`lines=False`: rows
    expanded from a record, whose weights the data gave)."""
    for node in nodes:
        precision = fw.rounding_of(node)[0]
        if _finer_than(node.weight, precision):
            whose = say(
                "words.precision.framework" if node.precision is None else "words.precision.own"
            )
            full = round_half_up(node.weight, precision, "down")  # engine.points.finish
            yield _placed(
                file,
                node if lines else None,
                node.code,
                "error",
                "weight-precision",
                say(
                    "finding.weight-precision",
                    name=node.name,
                    weight=plain(node.weight),
                    whose=whose,
                    precision=precision,
                    full=plain(full),
                ),
            )


@lru_cache(maxsize=1024)
def _finer_than(weight: Decimal, precision: int) -> bool:
    """Whether `weight` has more decimals than `precision` (asked of every row of every record)."""
    exponent = weight.normalize().as_tuple().exponent
    return isinstance(exponent, int) and -exponent > precision


@check
def remainder_declared(fw: Framework) -> Iterator[Finding]:
    """An equal split of rows says where the units left over go (the first rows, the last, or
    each share rounded): "平均分配" alone does not say, and the framework must."""
    for node in fw.walk():
        table = node.rows
        if table is None:
            continue
        if table.unweighted == "equal" and table.remainder is None:
            yield _at(
                fw,
                node,
                "warning",
                "equal-split",
                say("finding.equal-split.no-remainder", name=node.name),
            )
        elif table.unweighted != "equal" and table.remainder is not None:
            yield _at(
                fw,
                node,
                "warning",
                "equal-split",
                say("finding.equal-split.not-equal", name=node.name),
            )


@check
def rows_policies_declared(fw: Framework) -> Iterator[Finding]:
    """What the data may write in any row is given a meaning: a row marked 不适用
    (rows.not_applicable), an actual above an "=" target (the target rule's over_equal)."""
    for node in fw.walk():
        table = node.rows
        if table is None:
            continue
        if table.not_applicable is None:
            message = say("finding.not-applicable.undeclared", name=node.name)
            yield _at(fw, node, "warning", "not-applicable", message)
        rules = [table.rule, *(group.rule for group in table.groups)]
        if any(getattr(r, "over_equal", "") is None for r in rules):
            message = say("finding.over-equal", name=node.name)
            yield _at(fw, node, "warning", "over-equal", message)


@check
def direction_matches_rule(fw: Framework) -> Iterator[Finding]:
    wanted = {"positive": "higher", "negative": "lower"}
    for node in fw.leaves():
        assert node.rule is not None
        rewards = node.rule.rewards()
        if node.direction and rewards and rewards != wanted[node.direction]:
            yield _at(
                fw,
                node,
                "error",
                "direction",
                say(
                    "finding.direction",
                    name=node.name,
                    declared=say(f"words.direction.{node.direction}"),
                    rewarded=say(f"words.rewards.{'lower' if rewards == 'lower' else 'higher'}"),
                ),
            )


def _reads(fw: Framework) -> set[str]:
    """Every field or derived name read, directly or through derived values."""
    direct: set[str] = set()
    for node in fw.leaves():
        if node.formula is not None:
            direct |= node.formula.names
        for formula in node.rule.formulas().values() if node.rule is not None else ():
            direct |= formula.names
    return fw.names_behind(direct)


@check
def everything_declared_is_used(fw: Framework) -> Iterator[Finding]:
    used = _reads(fw)
    for name in fw.fields:
        if name not in used:
            yield Finding(
                "warning",
                "unused-input",
                say("finding.unused-input", name=name),
                None,
                fw.file,
                _line(fw, ("inputs", name)),
            )
    for name in fw.derived:
        if name not in used:
            yield Finding(
                "warning",
                "unused-derived",
                say("finding.unused-derived", name=name),
                None,
                fw.file,
                _line(fw, ("derived", name)),
            )


@check
def grades_cover_range(fw: Framework) -> Iterator[Finding]:
    lowest = min(g.minimum for g in fw.grades)
    if lowest > 0:
        yield Finding(
            "warning",
            "grades",
            say("finding.grades.gap", lowest=plain(lowest)),
            None,
            fw.file,
            _line(fw, ("grades",)),
        )
    for grade in fw.grades:
        if grade.minimum > fw.total:
            yield Finding(
                "error",
                "grades",
                say(
                    "finding.grades.above-total",
                    grade=grade.name,
                    minimum=plain(grade.minimum),
                    total=plain(fw.total),
                ),
                None,
                fw.file,
                _line(fw, ("grades",)),
            )
    names = [g.name for g in fw.grades]
    if len(set(names)) != len(names):
        message = say("finding.grades.duplicate")
        yield Finding("error", "grades", message, None, fw.file, _line(fw, ("grades",)))


def _line(fw: Framework, path: tuple[str | int, ...]) -> int | None:
    return fw.document.line_of(path) if fw.document else None
