"""Hypothesis strategies built from what a framework declares.

`base_data(fw)` draws valid base data: every field within its type, unit and range, every
judgment within its range, checklists from their own items, counts as whole numbers — with the
edges drawn often: zeros, the declared bounds, and the values where a rule changes behaviour
(each rule's `landmarks()`, e.g. a deduction's bound and step edges), reached through the
leaf's formula by solving for one of its fields. Zero denominators are avoided unless the leaf
declares `on_zero_division`.

`invalid_base_data(fw)` draws data with exactly one thing wrong and says what (`InvalidData`),
so that a test can assert the DataError names that field.

A rule kind whose value is not a number, count, points, checklist or yes/no registers a strategy
for it with `register_value_strategy`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from hypothesis import strategies as st

from ..errors import DataError
from ..numbers import ZERO
from ..records import Record
from ..values import UNIT_FACTORS
from ._formulas import (
    FORMULA_ERRORS,
    NUMERIC,
    evaluate,
    field_accepts,
    fields_read,
    leaf_formulas,
    solve,
)
from ._rows import row_lists
from ._values import (
    CENT,
    FIELD_STRATEGIES,
    NUDGE,
    SPAN,
    VALUE_STRATEGIES,
    FieldStrategy,
    ValueStrategy,
    direct_inputs,
    field_strategy,
    input_strategy,
    register_field_strategy,
    register_value_strategy,
    row_tables,
    written,
)

if TYPE_CHECKING:
    from ..framework import Framework, Indicator

#: Where an aimed leaf lands relative to the landmark: on it as often as just across it.
_AIM = (ZERO, -NUDGE, ZERO, NUDGE)
#: The range of the integer an aim is drawn from (see `_base_data`).
_WIDE = 2**20


def _zero_guarded(fw: Framework) -> list[tuple[Indicator, Any]]:
    """(leaf, formula) pairs whose formula must not meet a zero denominator: the leaf does not
    declare on_zero_division, or the formula is a condition the declaration does not cover."""
    pairs = []
    for leaf in fw.leaves():
        for formula in leaf_formulas(leaf):
            if formula is not leaf.formula or leaf.on_zero_division == "error":
                pairs.append((leaf, formula))
    return pairs


def _broken(fw: Framework, values: Mapping[str, Any], guarded: list[tuple[Indicator, Any]]) -> Any:
    """The first guarded formula that cannot be evaluated over `values`, or None."""
    for _leaf, formula in guarded:
        try:
            evaluate(fw, formula, values)
        except FORMULA_ERRORS:
            return formula
    return None


def _repair(fw: Framework, values: dict[str, Any], guarded: list[tuple[Indicator, Any]]) -> bool:
    """Move fields away from zero denominators (setting a zero field to 1, or nudging one by 1)
    until every guarded formula evaluates; False when that does not work out."""
    for _ in range(2 * len(fw.fields) + 2):
        formula = _broken(fw, values, guarded)
        if formula is None:
            return True
        names = sorted(n for n in fields_read(fw, formula) if fw.fields[n].type in NUMERIC)
        fixed = False
        for name in sorted(names, key=lambda n: values[n] != 0):
            old = values[name]
            for new in (Decimal(1), old + 1, old - 1, fw.fields[name].maximum, old * 2 + 1):
                if new is None or new == old or not field_accepts(fw.fields[name], new):
                    continue
                values[name] = new
                try:
                    evaluate(fw, formula, values)
                except FORMULA_ERRORS:
                    values[name] = old
                    continue
                fixed = True
                break
            if fixed:
                break
        if not fixed:
            return False
    return _broken(fw, values, guarded) is None


class _Plan:
    """What drawing base data for one framework needs, worked out once."""

    def __init__(self, fw: Framework, text: bool) -> None:
        self.fw = fw
        self.text = text
        self.fields = {name: field_strategy(field) for name, field in fw.fields.items()}
        self.guarded = _zero_guarded(fw)
        self.targets = [leaf for leaf in fw.leaves() if leaf.formula is not None and leaf.rule]
        self.marks = {leaf.code: leaf.rule.landmarks() for leaf in self.targets if leaf.rule}
        #: every value an aimed leaf may land on: each landmark, and one cent to either side
        self.aims = {
            code: [m + d for m in marks for d in _AIM] for code, marks in self.marks.items()
        }
        self.reads = {
            leaf.code: fields_read(fw, leaf.formula) for leaf in self.targets if leaf.formula
        }
        self.inputs = {
            name: input_strategy(spec, rule) for name, (spec, rule, _) in direct_inputs(fw).items()
        }
        self.inputs.update({name: row_lists(leaf) for name, leaf in row_tables(fw).items()})


@st.composite
def _base_data(draw: st.DrawFn, plan: _Plan) -> dict[str, Any]:
    fw, guarded = plan.fw, plan.guarded
    values: dict[str, Any] = {}
    raw: dict[str, Any] = {}  # fields of other types, as the data writes them
    for name, strategy in plan.fields.items():
        drawn = draw(strategy, label=name)
        if isinstance(drawn, tuple):
            raw[name], values[name] = drawn
        else:
            values[name] = drawn
    if not _repair(fw, values, guarded):
        from hypothesis import reject

        reject()

    # Aim most leaves' values at their rule's landmarks by solving for one of their fields;
    # a field, once used, stays put, so that the next leaf cannot move it off its landmark.
    # Every leaf draws the same two wide integers whether it is aimed or not, so the draws keep
    # their places from one example to the next; hypothesis then varies them independently
    # (with draws whose number changed with the data, one example in several hundred reached a
    # given landmark). A wide integer taken modulo the choices is nearly uniform, where a draw
    # from a short list favours its ends; it shrinks to 0: the leaf not aimed. Three leaves in
    # four are aimed, half of those at a landmark itself and half one cent to either side.
    pinned: set[str] = set()
    for leaf in draw(st.permutations(plan.targets)):
        assert leaf.formula is not None
        aim = draw(st.integers(0, _WIDE))
        turn = draw(st.integers(0, _WIDE))
        aims = plan.aims[leaf.code]
        if not aims or aim % 4 == 0:
            continue
        target = aims[aim // 4 % len(aims)]
        read = plan.reads[leaf.code]
        free = sorted(n for n in read - pinned if fw.fields[n].type in NUMERIC)
        for var in free[turn % len(free) :] + free[: turn % len(free)] if free else []:
            x = solve(fw, leaf.formula, values, var, target)
            if x is None or not field_accepts(fw.fields[var], x):
                continue
            old, values[var] = values[var], x
            if _broken(fw, values, guarded) is None:
                pinned |= read
                break
            values[var] = old

    data: dict[str, Any] = {}
    for name, value in values.items():
        field = fw.fields[name]
        if name in raw:
            data[name] = raw[name]
        elif plan.text and field.type in NUMERIC:
            forms = written(value, field.unit, field.type == "integer")
            data[name] = forms[draw(st.integers(0, len(forms) - 1))]
        elif field.type == "integer":
            data[name] = int(value)
        else:
            data[name] = value
    for name, strategy in plan.inputs.items():
        data[name] = draw(strategy, label=name)
    return data


def base_data(fw: Framework, *, text: bool = True) -> st.SearchStrategy[dict[str, Any]]:
    """Valid base data for `fw`: a mapping of field and input names to values, ready for
    `fw.evaluate`. With `text`, numbers are sometimes written as people write them ("2.47万元",
    "98%"), as the engine must read them."""
    return _base_data(_Plan(fw, text))


# --------------------------------------------------------------------------- invalid data


@dataclass(frozen=True)
class InvalidData:
    """Data with exactly one thing wrong: `field` is the name whose value is wrong (or missing),
    `problem` says how, `value` is the bad value (None when missing)."""

    data: dict[str, Any]
    field: str
    problem: str
    value: Any = None

    def __str__(self) -> str:
        if self.problem == "missing":
            return f"{self.field} is missing"
        return f"{self.field} = {self.value!r} ({self.problem})"


class _Tracking(dict[str, Any]):
    """Records the names evaluation reads, in order."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        super().__init__(data)
        self.read: list[str] = []

    def _note(self, key: str) -> None:
        if key not in self.read:
            self.read.append(key)

    def __contains__(self, key: object) -> bool:
        if isinstance(key, str):
            self._note(key)
        return super().__contains__(key)

    def __getitem__(self, key: str) -> Any:
        self._note(key)
        return super().__getitem__(key)


def names_read(fw: Framework, data: Mapping[str, Any] | Record) -> list[str]:
    """The data names evaluating `data` (a mapping, or a Record with its external scores) reads,
    in the order it reads them. (A judgment that a threshold falls back to is read only when
    the threshold is missed; an indicator scored from outside reads nothing.)"""
    if isinstance(data, Record):
        values = _Tracking(data.values)
        fw.evaluate(Record(values=values, external_scores=data.external_scores, file=data.file))
    else:
        values = _Tracking(data)
        fw.evaluate(Record(values=values))
    return [name for name in values.read if name in values]


_NOT_FINITE = [float("nan"), float("inf"), float("-inf"), Decimal("NaN"), Decimal("-Infinity")]


def _wrong_values(fw: Framework, name: str) -> list[tuple[str, Any]]:
    """(problem, value) pairs that are wrong for `name`, from what the framework declares."""
    wrong: list[tuple[str, Any]] = [("not-a-number", "abc"), ("not-a-number", None)]
    if name in row_tables(fw):
        return [("not-a-list", 7), ("not-a-list", "abc"), ("no-rows", [])]
    if name in fw.fields:
        field = fw.fields[name]
        if field.type == "boolean":
            return [("not-yes-or-no", "maybe"), ("not-yes-or-no", 2), ("not-yes-or-no", None)]
        if field.type == "survey":
            return [("not-a-survey", 7), ("not-a-survey", "abc"), ("empty-survey", {"valid": 0})]
        if field.type not in NUMERIC:
            return []
        low, high, integer, unit = field.minimum, field.maximum, field.type == "integer", field.unit
    else:
        spec = direct_inputs(fw)[name][0]
        if spec.value_type == "items":
            return [
                ("unknown-item", [*spec.items[:1], "不存在的要点"]),
                ("not-a-list", 7),
                ("not-yes-or-no", {spec.items[0]: "maybe"}),
            ]
        if spec.value_type == "flag":
            return [("not-yes-or-no", "maybe"), ("not-yes-or-no", 2)]
        if spec.value_type not in ("number", "count", "points"):
            return []
        low, high = spec.minimum, spec.maximum
        integer, unit = spec.value_type == "count", ""
        if integer:
            low = ZERO
    wrong += [("not-a-number", True), ("not-a-number", [1])]
    wrong += [("not-finite", value) for value in _NOT_FINITE]
    if low is not None:
        problem = "negative" if low == 0 else "below-minimum"
        wrong += [(problem, low - CENT), (problem, low - 1), (problem, low - SPAN)]
    if high is not None:
        wrong += [("above-maximum", high + CENT), ("above-maximum", high + SPAN)]
    if integer:
        wrong.append(("not-whole", Decimal("1.5")))
    if unit in UNIT_FACTORS:
        family = UNIT_FACTORS[unit][0]
        other = next(u for u, (base, _) in UNIT_FACTORS.items() if base != family)
        wrong.append(("wrong-unit", f"1{other}"))
    else:
        wrong.append(("wrong-unit", "1公斤" if unit != "公斤" else "1万元"))
    return wrong


@st.composite
def _invalid_base_data(draw: st.DrawFn, plan: _Plan) -> InvalidData:
    fw = plan.fw
    data = draw(_base_data(plan))
    try:
        read = names_read(fw, data)
    except DataError as exc:  # the valid data is not: that is a finding in itself
        raise AssertionError(f"base_data drew data the engine rejects: {exc}") from exc
    name = draw(st.sampled_from(read), label="field")
    choices: list[tuple[str, Any]] = [("missing", None), *_wrong_values(fw, name)]
    problem, value = draw(st.sampled_from(choices), label="problem")
    broken = dict(data)
    if problem == "missing":
        del broken[name]
    else:
        broken[name] = value
    return InvalidData(broken, name, problem, value)


def invalid_base_data(fw: Framework, *, text: bool = True) -> st.SearchStrategy[InvalidData]:
    """Base data with exactly one thing wrong — a field or input that evaluation reads is
    missing, not a number, out of its range, negative where that is forbidden, NaN or infinite,
    a fraction where a whole number is due, in the wrong unit, a judgment outside its range, an
    unknown checklist item — as an `InvalidData` that names the field and the problem."""
    return _invalid_base_data(_Plan(fw, text))


__all__ = [
    "CENT",
    "FIELD_STRATEGIES",
    "NUDGE",
    "SPAN",
    "VALUE_STRATEGIES",
    "FieldStrategy",
    "InvalidData",
    "ValueStrategy",
    "base_data",
    "direct_inputs",
    "invalid_base_data",
    "names_read",
    "register_field_strategy",
    "register_value_strategy",
    "row_tables",
]
