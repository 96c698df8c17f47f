"""One record's rows for one `rows:` node read and checked (perfscore.rows describes the table):
each row's cells, group, 分值 and code (`Expansion`), a weight split equally when the framework
says so, and each row tried against its rule, so that a row that cannot be scored is refused
naming the file, the row's code and the field.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Protocol, cast

from .checks import Finding
from .errors import DataError, FrameworkError
from .i18n import Message, say
from .numbers import ROUNDING_MODES, ZERO, plain, split_equally
from .row_tables import Group, RowTable
from .rules import Rule
from .rules.target import RowError
from .targets import normalise
from .values import read_number

if TYPE_CHECKING:
    from .model import Framework, Indicator
    from .records import Record

_ROW_KEYS = {
    "code",
    "group",
    "name",
    "nature",
    "target",
    "unit",
    "actual",
    "weight",
    "level",
    "share",
    "items",
    "note",
    "deviation",
    "direction",
    "rule",
    "precision",
    "rounding",
    "not_applicable",
}
_ITEM_KEYS = {"name", "nature", "target", "unit", "actual", "level", "share", "note", "deviation"}
_TEXT_KEYS = (
    "name", "nature", "target", "unit", "actual", "level", "share", "note", "deviation"
)  # fmt: skip
#: the cells a row's rule reads
_VALUE_KEYS = ("nature", "target", "unit", "actual", "level", "share", "note")
#: a row's `direction`: the `plain` setting of its own rule
_DIRECTIONS = {"at_least": "at_least", "正向": "at_least", "at_most": "at_most",
               "反向": "at_most", "exact": "exact"}  # fmt: skip
#: what a row's not_applicable cell, or its target or actual cell, says to mark it 不适用
NOT_APPLICABLE_WORDS = frozenset({"不适用", "是", "true"})


@lru_cache(maxsize=1024)
def _equal_split(
    weight: Decimal,
    n: int,
    precision: int,
    mode: str,
    remainder: str | None,
    source: str,
    name: str,
) -> tuple[tuple[Decimal, ...], Message]:
    """A node's `weight` split over its `n` rows, and the warning that says so: the same for
    every record listing as many rows, so made once."""
    shares = tuple(split_equally(weight, n, precision, remainder or "first", mode))
    declared = f", remainder: {remainder}" if remainder not in (None, "first") else ""
    shown = ", ".join(plain(s) for s in shares)
    return shares, say("finding.equal-weights", source=source, declared=declared, name=name,
                       weight=plain(weight), rows=n, shares=shown)  # fmt: skip


class RowRule(Protocol):
    """What a rule needs to score rows: see `perfscore.rules.target.Target`."""

    def assess(self, row: Mapping[str, Any]) -> Any: ...

    def with_weight(self, weight: Decimal) -> Rule: ...


def row_rule(rule: Rule | None) -> RowRule:
    """The rule a row is scored by, as what scoring rows needs of it."""
    assert rule is not None
    return cast(RowRule, rule)


@dataclass
class Row:
    """One row as read from the data, before it becomes a leaf (`rows._leaf`)."""

    index: int
    where: str  # the row's path in the data: 产出指标[3]
    group: Group | None
    code: str
    name: str
    weight: Decimal | None
    value: dict[str, Any]
    note: str
    rule: Rule | None = None  # its own rule, when it sets its direction or rule
    precision: int | None = None  # its own precision and rounding, when it sets them
    rounding: str | None = None
    not_applicable: bool = False  # the data mark it 不适用


class Expansion:
    """Reading and checking one record's rows for one node."""

    def __init__(self, node: Indicator, table: RowTable, record: Record, fw: Framework) -> None:
        self.node, self.table, self.record, self.fw = node, table, record, fw
        self.findings: list[Finding] = []
        self.codes: set[str] = set()  # the codes given so far; the framework's are in fw.by_code
        self.undeclared: dict[str, Group] = {}
        self.in_group: dict[int, int] = {}  # rows numbered so far, by id of their group
        self.group_codes: set[str] = set()

    def error(self, message: str, field: str, code: str | None = None) -> DataError:
        file = self.record.file
        cell = self.record.locations.get(field)  # e.g. 产出指标!D7 of a filled-in form
        if cell:
            file = f"{file}: {cell}" if file else cell
        return DataError(message, file=file, path=code or self.node.code, field=field)

    def finding(self, level: str, check: str, message: Message) -> None:
        self.findings.append(Finding(level, check, message, self.node.code, self.record.file))

    def rows(self) -> list[Row]:
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
        if not rows and self.node.weight != 0:  # an empty block is allowed when it carries none
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

    def row(self, index: int, raw: Any) -> Row | None:
        where = f"{self.table.source}[{index}]"
        if type(raw) is not dict and not isinstance(raw, Mapping):
            raise self.error(
                f"a row must be a mapping with group, name, target, actual, weight; got {raw!r}",
                where,
            )
        unknown = [] if raw.keys() <= _ROW_KEYS else sorted(set(map(str, raw)) - _ROW_KEYS)
        if unknown:
            raise self.error(
                f"unknown key(s) {', '.join(unknown)} in a row; a row has "
                f"{', '.join(sorted(_ROW_KEYS))}",
                f"{where}.{unknown[0]}",
            )
        texts = self.texts(raw, where)
        group_name = self.text(raw, "group", where)
        weight = self.weight(raw.get("weight"), where)
        items = raw.get("items")
        if items is None and weight is None and not texts["level"] and self.placeholder(texts):
            shown = " / ".join(t for t in (texts["name"], texts["target"], texts["actual"]) if t)
            label = group_name or self.node.name
            blank = shown or say("words.blank")
            message = say("finding.skipped-row", where=where, group=label, shown=blank)
            self.finding("warning", "skipped-row", message)
            return None
        group = self.group(group_name, f"{where}.group")
        value: dict[str, Any] = {k: texts[k] for k in _VALUE_KEYS if texts[k]}
        name = texts["name"]
        if items is not None:
            value["items"] = self.items(items, f"{where}.items")
            name = name or "、".join(i.get("name") or "" for i in value["items"]).strip("、")
        code = self.text(raw, "code", where) or ""
        row = Row(
            index, where, group, code, name or "（指标名称未填写）", weight, value, texts["note"]
        )
        self.own(row, raw, texts)
        return row

    def own(self, row: Row, raw: Mapping[str, Any], texts: Mapping[str, str]) -> None:
        """What a row sets for itself: its direction or rule, precision and rounding, and
        whether it is 不适用."""
        where = row.where
        settings: dict[str, Any] = {}
        if raw.get("direction") is not None:
            direction = _DIRECTIONS.get(normalise(str(raw["direction"])))
            if direction is None:
                raise self.error(
                    "a row's direction is at_least (正向), at_most (反向) or exact",
                    f"{where}.direction",
                )
            settings["plain"] = direction
        own_rule = raw.get("rule")
        if own_rule is not None:
            if not isinstance(own_rule, Mapping):
                raise self.error(
                    "a row's rule is a mapping of settings of its group's rule", f"{where}.rule"
                )
            settings.update(own_rule)
        if settings:
            try:
                row.rule = self.table.row_rule(row.group, settings, f"{where}.rule")
            except FrameworkError as exc:
                raise self.error(exc.message, exc.field or f"{where}.rule") from None
        if "precision" in raw or "rounding" in raw:
            row.precision, row.rounding = self.rounding(raw, where)
        marked = raw.get("not_applicable")
        cells = (normalise(texts["target"]), normalise(texts["actual"]))
        row.not_applicable = marked is not False and (
            "不适用" in cells
            or marked is True
            or (marked is not None and normalise(str(marked)).lower() in NOT_APPLICABLE_WORDS)
        )
        if row.not_applicable:
            if self.table.not_applicable is None:
                raise self.error(
                    f"{row.name}: the row is marked 不适用, but the framework does not say what "
                    "follows (rows.not_applicable: rescale, total, full or zero)",
                    f"{where}.not_applicable" if marked is not None else f"{where}.actual",
                    row.code or None,
                )
            row.value["not_applicable"] = self.table.not_applicable

    def rounding(self, raw: Mapping[str, Any], where: str) -> tuple[int | None, str | None]:
        precision, rounding = raw.get("precision"), raw.get("rounding")
        if precision is not None and (
            isinstance(precision, bool) or not isinstance(precision, int) or not 0 <= precision <= 6
        ):
            raise self.error("a row's precision is a whole number 0 to 6", f"{where}.precision")
        if rounding is not None and rounding not in ROUNDING_MODES:
            raise self.error("a row's rounding is half_up, down or up", f"{where}.rounding")
        return precision, rounding

    def texts(self, raw: Mapping[str, Any], where: str) -> dict[str, str]:
        """The row's text cells, "" for those it leaves out (looked at only where given)."""
        texts = dict.fromkeys(_TEXT_KEYS, "")
        for key, value in raw.items():
            if key in texts:  # text, the common case, read here; anything else by `text`
                texts[key] = value.strip() if type(value) is str else self.text(raw, key, where)
        return texts

    def text(self, raw: Mapping[str, Any], key: str, where: str) -> str:
        value = raw.get(key)
        if value is None:
            return ""
        if type(value) is str:  # the common case, checked first
            return value.strip()
        if isinstance(value, bool) or not isinstance(value, (str, int, float, Decimal)):
            raise self.error(f"expected text or a number, got {value!r}", f"{where}.{key}")
        return str(value).strip()

    def placeholder(self, texts: Mapping[str, str]) -> bool:
        for key in ("name", "target", "actual"):  # most rows are told by their first cell
            cell = texts[key] and normalise(texts[key])
            if cell and cell not in self.table.placeholders:
                return False
        return True

    def weight(self, raw: Any, where: str) -> Decimal | None:
        if raw is None or (isinstance(raw, str) and normalise(raw) == ""):
            return None
        try:
            return read_number(raw, unit="分", minimum=ZERO)
        except ValueError as exc:
            raise self.error(f"分值 (weight): {exc}", f"{where}.weight") from None

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
            # in _TEXT_KEYS order, not the set's: the order outputs show does not change with
            # the hash seed from one run to the next
            texts = {k: self.text(item, k, f"{where}[{i}]") for k in _TEXT_KEYS}
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

    def weigh(self, rows: list[Row]) -> None:
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
        precision, mode = self.fw.rounding_of(self.node)
        shares, message = _equal_split(
            self.node.weight, len(rows), precision, mode, self.table.remainder,
            self.table.source, self.node.name,
        )  # fmt: skip
        for row, share in zip(rows, shares, strict=True):
            row.weight = share
        self.finding("warning", "equal-weights", message)

    def number(self, row: Row) -> None:
        """Give the row its code: its group's code and its place in the group (B1.2)."""
        group = id(row.group)  # a group is one object, declared or made once per name
        self.in_group[group] = place = self.in_group.get(group, 0) + 1
        if not row.code:
            prefix = row.group.code if row.group else self.node.code
            row.code = f"{prefix}.{place}"

    def taken(self, code: str) -> bool:
        """Whether `code` is already a row's, a group's or another indicator's of the framework."""
        return code in self.codes or (code in self.fw.by_code and code != self.node.code)

    def check(self, row: Row) -> None:
        """Check the row's codes and that its rule can score it."""
        group = row.group
        if group is not None and group.code not in self.group_codes:
            if self.taken(group.code):
                raise self.error(
                    f"group {group.name}'s code {group.code!r} is already used; give the group "
                    "a 'code' in the framework",
                    f"{row.where}.group",
                )
            self.group_codes.add(group.code)
            self.codes.add(group.code)
        if self.taken(row.code):
            raise self.error(
                f"{row.name}: the code {row.code!r} is already used", f"{row.where}.code", row.code
            )
        self.codes.add(row.code)
        if row.not_applicable or row.code in self.record.external_scores:
            return  # not scored from its cells: nothing of them to check
        rule = row_rule(row.rule or (row.group.rule if row.group else self.node.rule))
        try:
            found = rule.assess(row.value)
        except RowError as exc:
            label = f"{row.group.name} " if row.group else ""
            raise self.error(
                f"{label}{row.name}: {exc.message}", f"{row.where}.{exc.field}", row.code
            ) from None
        for warning in getattr(found, "warnings", ()):
            message = say("finding.unit-assumed", code=row.code, name=row.name, warning=warning)
            self.finding("warning", "unit-assumed", message)
