"""The values `base_data` draws, one at a time: numbers within a range with the edges drawn often
(`numbers`), numbers as people write them (`written`), each input value type (`VALUE_STRATEGIES`)
and field type (`FIELD_STRATEGIES`: questionnaires), and which names a framework reads straight
from the data (`direct_inputs`, `row_tables`). perfscore.testing.strategies puts them together.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from ..numbers import ZERO, plain
from ..rules import InputSpec, Rule
from ..values import UNIT_FACTORS, parse_number
from ._formulas import NUMERIC

if TYPE_CHECKING:
    from ..framework import Field, Framework, Indicator

#: How far a generated number reaches when a field or input declares no bound.
SPAN = Decimal(1_000_000)
#: "Just across" a landmark: 95% and 94.99%.
NUDGE = Decimal("0.01")
CENT = Decimal("0.01")

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


def decimals(low: Decimal, high: Decimal) -> st.SearchStrategy[Decimal]:
    return st.decimals(low, high, places=2, allow_nan=False, allow_infinity=False)


def numbers(
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
        general = st.one_of(decimals(low, near), decimals(low, high))
    return st.one_of(st.sampled_from(edges), general) if edges else general


def written(value: Decimal, unit: str, integer: bool) -> list[Any]:
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
    return numbers(low, high, integer=False)


def _number(spec: InputSpec, rule: Rule | None) -> st.SearchStrategy[Any]:
    marks = rule.landmarks() if rule is not None else []
    return numbers(spec.minimum, spec.maximum, integer=False, marks=marks)


VALUE_STRATEGIES.update(flag=_flag, items=_items, count=_count, points=_points, number=_number)


def input_strategy(spec: InputSpec, rule: Rule | None) -> st.SearchStrategy[Any]:
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


def field_strategy(field: Field) -> st.SearchStrategy[Any]:
    """Numbers (and yes/no) directly; other types as (raw, number) pairs."""
    if field.type == "boolean":
        return st.booleans()
    if field.type in NUMERIC:
        return numbers(field.minimum, field.maximum, integer=field.type == "integer")
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
            points = draw(st.sampled_from([ZERO, cap]) | decimals(ZERO, cap))
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
