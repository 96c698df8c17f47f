"""What the generators and invariants need to know about a framework's formulas.

A small resolver of its own (fields -> derived values -> a formula), so that the generators do
not lean on the engine they are meant to test, and a solver that finds the value of one field
that makes a formula hit a target ("the rate is exactly 95%"), for formulas linear in that field.
No hypothesis here.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..expressions import Formula
from ..numbers import ONE, round_half_up

if TYPE_CHECKING:
    from ..framework import Field, Framework, Indicator
    from ..rules import Rule

#: Field types whose values are numbers a generator may move.
NUMERIC = ("number", "integer")

#: What evaluating a formula can raise: a zero denominator, an out-of-range power, a bad operand.
FORMULA_ERRORS = (ArithmeticError, TypeError, ValueError, KeyError)
ZERO_DIVISION = (decimal.DivisionByZero, decimal.InvalidOperation, ZeroDivisionError)


def rule_chain(rule: Rule | None) -> Iterator[Rule]:
    """A rule and the rules it wraps (a veto wraps the rule that applies without the veto)."""
    while rule is not None:
        yield rule
        inner = getattr(rule, "inner", None)
        rule = inner if inner is not None and inner is not rule else None


def leaf_formulas(leaf: Indicator) -> list[Formula]:
    """Every formula scoring `leaf` evaluates: its value formula and any condition (a veto's,
    the cases of `cases`)."""
    found = [leaf.formula] if leaf.formula is not None else []
    if leaf.rule is not None:
        found += leaf.rule.formulas().values()
    return found


def fields_read(fw: Framework, formula: Formula) -> frozenset[str]:
    """The base-data fields `formula` reads, directly or through derived values."""
    return frozenset(fw.names_behind(formula.names) & fw.fields.keys())


def evaluate(fw: Framework, formula: Formula, values: Mapping[str, Any]) -> Any:
    """`formula` over field values (already numbers), derived values computed on the way."""
    cache: dict[str, Any] = {}

    def name(n: str) -> Any:
        if n not in cache:
            if n in fw.derived:
                formula = fw.derived[n].formula
                cache[n] = formula.evaluate({m: name(m) for m in formula.names})
            else:
                cache[n] = values[n]
        return cache[n]

    return formula.evaluate({n: name(n) for n in formula.names})


def evaluates(fw: Framework, formula: Formula, values: Mapping[str, Any]) -> bool:
    try:
        evaluate(fw, formula, values)
    except FORMULA_ERRORS:
        return False
    return True


def field_accepts(field: Field, value: Any) -> bool:
    """Whether `value` (a number) is valid for `field`: its type and its declared range."""
    if field.type not in NUMERIC or not isinstance(value, Decimal) or not value.is_finite():
        return False
    if field.type == "integer" and value != value.to_integral_value():
        return False
    if field.minimum is not None and value < field.minimum:
        return False
    return field.maximum is None or value <= field.maximum


def solve(
    fw: Framework, formula: Formula, values: Mapping[str, Any], var: str, target: Decimal
) -> Decimal | None:
    """The value of field `var` that makes `formula` equal `target` exactly, the other fields
    as in `values` — for formulas linear in `var` (rates, differences, shares). None when the
    formula is not linear there, the solution is not exact, or it cannot be evaluated."""
    start = values[var]
    if not isinstance(start, Decimal):
        return None
    trial = dict(values)
    for a in (start, start + ONE, Decimal(1), Decimal(2)):
        b = a + ONE
        try:
            trial[var] = a
            fa = evaluate(fw, formula, trial)
            trial[var] = b
            fb = evaluate(fw, formula, trial)
            slope = fb - fa
            if not isinstance(slope, Decimal) or slope == 0:
                continue
            x = a + (target - fa) / slope
            # the quotient carries 28 digits of noise where the exact answer is short: try it
            # rounded first, so that 37 is found rather than 37.00000000000000000000000001
            for guess in (*(round_half_up(x, places) for places in (0, 2, 4, 6)), x):
                trial[var] = guess
                if evaluate(fw, formula, trial) == target:
                    return Decimal(guess)
        except FORMULA_ERRORS:
            continue
    return None
