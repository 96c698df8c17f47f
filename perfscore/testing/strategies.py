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

import calendar
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from ..errors import DataError
from ..numbers import ZERO, plain
from ..records import Record
from ..rules import InputSpec, Rule
from ..values import UNIT_FACTORS, parse_number
from ._formulas import (
    FORMULA_ERRORS,
    NUMERIC,
    evaluate,
    field_accepts,
    fields_read,
    leaf_formulas,
    solve,
)

if TYPE_CHECKING:
    from ..framework import Field, Framework, Indicator

#: How far a generated number reaches when a field or input declares no bound.
SPAN = Decimal(1_000_000)
#: "Just across" a landmark: 95% and 94.99%.
NUDGE = Decimal("0.01")
CENT = Decimal("0.01")
#: Where an aimed leaf lands relative to the landmark: on it as often as just across it.
_AIM = (ZERO, -NUDGE, ZERO, NUDGE)
#: The range of the integer an aim is drawn from (see `_base_data`).
_WIDE = 2**20

ValueStrategy = Callable[[InputSpec, "Rule | None"], st.SearchStrategy[Any]]
VALUE_STRATEGIES: dict[str, ValueStrategy] = {}
#: Field types other than number, integer and boolean: a strategy of (raw value as written in
#: the data, the number formulas see).
FieldStrategy = Callable[["Field"], st.SearchStrategy[tuple[Any, Decimal]]]
FIELD_STRATEGIES: dict[str, FieldStrategy] = {}


def register_value_strategy(value_type: str, strategy: ValueStrategy) -> None:
    """Teach `base_data` to draw inputs of a new value type (for a rule kind you added):
    `strategy(spec, rule)` returns a hypothesis strategy of valid raw values."""
    VALUE_STRATEGIES[value_type] = strategy


def register_field_strategy(field_type: str, strategy: FieldStrategy) -> None:
    """Teach `base_data` to draw fields of a new type: `strategy(field)` returns a strategy of
    (the raw value as the data writes it, the number it stands for in formulas)."""
    FIELD_STRATEGIES[field_type] = strategy


# --------------------------------------------------------------------------- numbers


def _decimals(low: Decimal, high: Decimal) -> st.SearchStrategy[Decimal]:
    return st.decimals(low, high, places=2, allow_nan=False, allow_infinity=False)


def _numbers(
    minimum: Decimal | None,
    maximum: Decimal | None,
    *,
    integer: bool,
    marks: list[Decimal] = (),  # type: ignore[assignment]
) -> st.SearchStrategy[Decimal]:
    """Numbers within [minimum, maximum], edges first: the bounds, 0, 1, 100 and `marks` (with
    their neighbours one cent, or one, away) when they lie in range."""
    low = minimum if minimum is not None else (min(maximum, ZERO) - SPAN if maximum else -SPAN)
    high = maximum if maximum is not None else max(low, ZERO) + SPAN
    step = Decimal(1) if integer else NUDGE
    edges: list[Decimal] = []
    for mark in [low, high, ZERO, Decimal(1), Decimal(100), *marks]:
        for edge in (mark, mark - step, mark + step):
            whole = not integer or edge == edge.to_integral_value()
            if low <= edge <= high and whole and edge not in edges:
                edges.append(edge)
    near = min(high, max(low, ZERO) + 200)
    if integer:
        general: st.SearchStrategy[Decimal] = st.one_of(
            st.integers(int(low.to_integral_value()), int(near)).map(Decimal),
            st.integers(int(low.to_integral_value()), int(high)).map(Decimal),
        )
        general = general.filter(lambda v: low <= v <= high)
    else:
        general = st.one_of(_decimals(low, near), _decimals(low, high))
    return st.one_of(st.sampled_from(edges), general) if edges else general


def _written(value: Decimal, unit: str, integer: bool) -> list[Any]:
    """`value` as people write it: a number, or text with the unit ("2.47万元"), or text in
    another unit of the same family ("24700元" for a field in 万元) — when it reads back exact."""
    number: Any = int(value) if integer else value
    forms: list[Any] = [number, plain(value) + unit if unit else plain(value)]
    family = UNIT_FACTORS.get(unit)
    if family:
        for other, (base, factor) in UNIT_FACTORS.items():
            if base == family[0] and other != unit:
                text = plain(value * family[1] / factor) + other
                try:
                    if parse_number(text, unit) == value:
                        forms.append(text)
                except (ValueError, ArithmeticError):
                    pass
    return forms


# --------------------------------------------------------------------------- inputs


def _flag(spec: InputSpec, rule: Rule | None) -> st.SearchStrategy[Any]:
    return st.sampled_from([True, False, "是", "否"])


def _items(spec: InputSpec, rule: Rule | None) -> st.SearchStrategy[Any]:
    items = list(spec.items)
    met = st.one_of(st.just(items), st.lists(st.sampled_from(items), unique=True))
    as_text = all(item.strip() and not any(c in item for c in ",，、;； \t") for item in items)

    def forms(chosen: list[str]) -> st.SearchStrategy[Any]:
        options: list[Any] = [sorted(chosen), {item: item in chosen for item in items}]
        if as_text and chosen:
            options.append("、".join(chosen))
        return st.sampled_from(options)

    return met.flatmap(forms)


def _count(spec: InputSpec, rule: Rule | None) -> st.SearchStrategy[Any]:
    marks = rule.landmarks() if rule is not None else []
    top = int(max([Decimal(10), *marks])) + 3
    whole = [int(m) for m in marks if m >= 0 and m == m.to_integral_value()]
    return st.one_of(
        st.sampled_from(sorted({0, 1, *whole, *(w + 1 for w in whole)})),
        st.integers(0, top),
        st.integers(0, 10_000),
    )


def _points(spec: InputSpec, rule: Rule | None) -> st.SearchStrategy[Any]:
    low = spec.minimum if spec.minimum is not None else ZERO
    high = spec.maximum if spec.maximum is not None else low + 100
    return _numbers(low, high, integer=False)


def _number(spec: InputSpec, rule: Rule | None) -> st.SearchStrategy[Any]:
    marks = rule.landmarks() if rule is not None else []
    return _numbers(spec.minimum, spec.maximum, integer=False, marks=marks)


VALUE_STRATEGIES.update(flag=_flag, items=_items, count=_count, points=_points, number=_number)


def _input_strategy(spec: InputSpec, rule: Rule | None) -> st.SearchStrategy[Any]:
    try:
        make = VALUE_STRATEGIES[spec.value_type]
    except KeyError:
        kind = rule.kind if rule is not None else "?"
        raise InvalidArgument(
            f"perfscore.testing cannot draw {spec.value_type!r} values (input {spec.name!r}, "
            f"rule kind {kind!r}); register one with register_value_strategy"
        ) from None
    return make(spec, rule)


def direct_inputs(fw: Framework) -> dict[str, tuple[InputSpec, Rule | None, Indicator]]:
    """Every name read straight from the data besides the fields: the values of leaves without a
    formula (judgments, checklists, counts) and the inputs rules read (judgment fallbacks)."""
    found: dict[str, tuple[InputSpec, Rule | None, Indicator]] = {}
    for leaf in fw.leaves():
        assert leaf.rule is not None
        specs: list[tuple[InputSpec, Rule | None]] = []
        if leaf.rows is not None:
            continue  # rows listed in the data: see `row_tables`
        if leaf.formula is None:
            specs.append((leaf.value_spec(), leaf.rule))
        specs += [(spec, None) for spec in leaf.rule.inputs()]
        for spec, rule in specs:
            if spec.name not in fw.fields and spec.name not in found:
                found[spec.name] = (spec, rule, leaf)
    return found


def row_tables(fw: Framework) -> dict[str, Indicator]:
    """The data keys that list rows (项目支出自评表's 三级指标), with the node each belongs to."""
    return {leaf.rows.source: leaf for leaf in fw.leaves() if leaf.rows is not None}


# --------------------------------------------------------------------------- base data


def _field_strategy(field: Field) -> st.SearchStrategy[Any]:
    """Numbers (and yes/no) directly; other types as (raw, number) pairs."""
    if field.type == "boolean":
        return st.booleans()
    if field.type in NUMERIC:
        return _numbers(field.minimum, field.maximum, integer=field.type == "integer")
    try:
        return FIELD_STRATEGIES[field.type](field)
    except KeyError:
        raise InvalidArgument(
            f"perfscore.testing cannot draw fields of type {field.type!r} ({field.name}); "
            "register one with register_field_strategy"
        ) from None


@st.composite
def _survey(draw: st.DrawFn, field: Field) -> tuple[Any, Decimal]:
    """A questionnaire whose 问卷综合得分 lies within the field's range: option points are kept
    small enough that the best answer to every question stays under the field's maximum."""
    from ..surveys import parse_survey

    questions = draw(st.integers(1, 4))
    cap = field.maximum / questions if field.maximum is not None else Decimal(10)
    valid = draw(st.integers(1, 60))
    survey: dict[str, Any] = {"valid": valid, "questions": []}
    for q in range(questions):
        options = []
        left = valid
        for o in range(draw(st.integers(1, 3))):
            points = draw(st.sampled_from([ZERO, cap]) | _decimals(ZERO, cap))
            count = draw(st.integers(0, left))
            left -= count
            options.append({"option": f"{'ABC'[o]}.选项{o + 1}", "points": points, "count": count})
        survey["questions"].append({"question": f"问题{q + 1}？", "options": options})
    if draw(st.booleans()):
        survey["returned"] = valid + draw(st.integers(0, 5))
        survey["issued"] = survey["returned"] + draw(st.integers(0, 5))
    value = parse_survey(survey).value
    if field.minimum is not None and value < field.minimum:
        from hypothesis import reject

        reject()
    return survey, value


FIELD_STRATEGIES["survey"] = _survey

_UNITS = ["%", "万元", "万人", "人", ""]
_WORDS = ["稳步提升", "正常运行", "长期", "有效保障"]


def _figure_cells(rule: Any) -> st.SearchStrategy[dict[str, str]]:
    """年度指标值 and 实际完成值 as numbers in one unit: "≥98%" vs "97.5%", "1--1.2万人" vs
    "1.1万人", "≤149万元" vs "150万元" — with the actual often exactly at the target's edges."""

    @st.composite
    def cells(draw: st.DrawFn) -> dict[str, str]:
        unit = draw(st.sampled_from(_UNITS))
        low = draw(
            st.sampled_from([Decimal(100), Decimal(1), Decimal("0.5")])
            | _decimals(CENT, Decimal(1000))
        )
        if draw(st.booleans()):
            high = low + draw(st.sampled_from([CENT, Decimal(1)]) | _decimals(CENT, Decimal(100)))
            target = f"{plain(low)}--{plain(high)}{unit}"
        else:
            high = low
            op = draw(st.sampled_from(["", "≥", "≤", "不低于", "以内"]))
            target = f"{plain(low)}{unit}以内" if op == "以内" else f"{op}{plain(low)}{unit}"
        actual = draw(
            st.sampled_from([low, high, low - CENT, high + CENT, ZERO, high * 2])
            | _decimals(ZERO, high * 2 + 1)
        )
        return {"target": target, "actual": f"{plain(max(actual, ZERO))}{unit}"}

    return cells()


@st.composite
def _period_cells(draw: st.DrawFn) -> dict[str, str]:
    """A time target met on time: a deadline ("2020年6月底", "2020年6月30日前") and a completion
    on or before it ("2020年6月15日", "2020年5月"), or a year served in full ("2020年全年")."""
    year = draw(st.integers(2015, 2030))
    month = draw(st.integers(1, 12))
    last = calendar.monthrange(year, month)[1]
    form = draw(st.sampled_from(["底", "末", "前", "全年"]))
    if form == "全年":
        return {"target": f"{year}年全年", "actual": f"{year}年全年"}
    target = f"{year}年{month}月{last}日前" if form == "前" else f"{year}年{month}月{form}"
    done = draw(st.integers(1, month))
    if draw(st.booleans()):
        actual = f"{year}年{done}月"
    else:
        day = draw(st.integers(1, calendar.monthrange(year, done)[1]))
        actual = f"{year}年{done}月{day}日"
    return {"target": target, "actual": actual}


def _word_cells(rule: Any) -> st.SearchStrategy[dict[str, str]]:
    """A qualitative target ("稳步提升") with the level the evaluator declares, and sometimes
    the share of the 分值 within that level's band."""

    @st.composite
    def cells(draw: st.DrawFn) -> dict[str, str]:
        levels = getattr(rule, "levels", {})
        name = draw(st.sampled_from(sorted(levels)))
        level = levels[name]
        row = {"target": draw(st.sampled_from(_WORDS)), "actual": draw(st.sampled_from(_WORDS))}
        row["level"] = name
        if level.share is None or draw(st.booleans()):
            low = level.low + CENT if level.low_open else level.low
            high = level.high - CENT if level.high_open else level.high
            share = draw(st.sampled_from([low, high]) | _decimals(low, high))
            row["share"] = f"{plain(share)}%"
        return row

    return cells()


@st.composite
def _rows(draw: st.DrawFn, leaf: Indicator) -> list[dict[str, Any]]:
    """The rows of a `rows:` node as a 自评表 lists them: group, name, target, actual (figures,
    time limits met, qualitative words with their level), 分值 —
    the 分值 adding up to the node's weight, or (where the framework splits unstated weights
    equally) none given; a merged 分值 cell as a row of `items` where the rule says how they
    combine."""
    table = leaf.rows
    assert table is not None
    rule = table.rule
    groups = [g.name for g in table.groups] or ["第一组", "第二组"]
    count = draw(st.integers(1, 4))
    weights: list[Decimal | None]
    if table.unweighted == "equal" and draw(st.booleans()):
        weights = [None] * count
    else:
        cuts = sorted(
            draw(st.lists(_decimals(ZERO, leaf.weight), min_size=count - 1, max_size=count - 1))
        )
        edges = [ZERO, *cuts, leaf.weight]
        weights = [b - a for a, b in pairwise(edges)]
    cells = _figure_cells(rule) | _period_cells()
    if getattr(rule, "levels", None):
        cells |= _word_cells(rule)
    rows: list[dict[str, Any]] = []
    for i, weight in enumerate(weights):
        row: dict[str, Any] = {"group": draw(st.sampled_from(groups)), "name": f"指标{i + 1}"}
        if getattr(rule, "merged", None) and draw(st.integers(0, 4)) == 0:
            row["items"] = [
                {"name": f"指标{i + 1}.{j + 1}", **draw(_figure_cells(rule))} for j in range(2)
            ]
        else:
            row.update(draw(cells))
        if weight is not None:
            row["weight"] = weight
        rows.append(row)
    return rows


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
        self.fields = {name: _field_strategy(field) for name, field in fw.fields.items()}
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
            name: _input_strategy(spec, rule) for name, (spec, rule, _) in direct_inputs(fw).items()
        }
        self.inputs.update({name: _rows(leaf) for name, leaf in row_tables(fw).items()})


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
            forms = _written(value, field.unit, field.type == "integer")
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
    "VALUE_STRATEGIES",
    "InvalidData",
    "base_data",
    "direct_inputs",
    "invalid_base_data",
    "names_read",
    "register_value_strategy",
]
