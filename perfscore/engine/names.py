"""Steps that compute names: read a base-data field, compute a derived value.

A derived value whose denominator is zero is `Undefined`: the leaf reading it scores as its
`on_zero_division` says.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING, Any

from ..errors import MissingDataError
from ..expressions import Formula, FormulaZeroDivision
from ..i18n import say
from ..plausibility import (
    bare_fraction,
    fraction_finding,
    may_be_fraction,
)
from ..surveys import read_survey
from ..values import read_flag, read_number
from .inputs import check_range
from .memo import memo_key, remember
from .run import Run

if TYPE_CHECKING:
    from ..model import Field, Framework

#: What a value of a name is known to be, for the formula compiler: fields declared as numbers

KINDS = {"number": "D", "integer": "D", "boolean": "B"}


#: Scores remembered per leaf (see `LeafStep.memo`) before the table is emptied.


class Undefined:
    """The value of a derived formula whose denominator was zero: the leaf that reads it scores
    as its `on_zero_division` says, naming this formula."""

    __slots__ = ("formula",)

    def __init__(self, formula: Formula) -> None:
        self.formula = formula


def kinds_of(fw: Framework) -> dict[str, str]:
    return {name: KINDS[spec.type] for name, spec in fw.fields.items() if spec.type in KINDS}


# --------------------------------------------------------------------------- names


class FieldStep:
    """Read base-data field `spec` and check it; `code` is the indicator that first needs it."""

    def __init__(self, spec: Field, code: str | None) -> None:
        self.name, self.spec, self.code = spec.name, spec, code
        self.fraction = may_be_fraction(spec.unit)
        self.read: Callable[[Any], Any]
        if spec.type == "boolean":
            self.read = read_flag
        elif spec.type == "survey":
            self.read = partial(read_survey, minimum=spec.minimum, maximum=spec.maximum)
        else:
            integer = spec.type == "integer"
            self.read = partial(
                read_number, unit=spec.unit, minimum=spec.minimum, maximum=spec.maximum,
                integer=integer,
            )  # fmt: skip
        self.memo: dict[Any, Any] = {}  # raw -> value (a warning about the raw text still runs)

    def at(self, code: str | None) -> FieldStep:
        """This step, its errors naming indicator `code`."""
        return self if code == self.code else FieldStep(self.spec, code)

    def __call__(self, run: Run) -> Any:
        name = self.name
        if name in run.names:  # a rule that looks at other values (a veto) asked for it first
            return run.names[name]
        try:
            raw = run.values[name]
        except KeyError:
            unit = f" ({self.spec.unit})" if self.spec.unit else ""
            raise run.error(
                say("error.missing-field", name=name, unit=unit), name, self.code, MissingDataError
            ) from None
        key = memo_key(raw)
        value = self.memo.get(key) if key is not None else None
        if value is None:
            try:
                value = self.read(raw)
            except ValueError as exc:
                raise run.error(str(exc), name, self.code) from None
            if key is not None:
                remember(self.memo, key, value)
        if self.fraction and bare_fraction(raw, value, self.spec.unit):
            run.implausible.append(fraction_finding(name, value, self.code, *run.place(name)))
        run.names[name] = value
        return value


class DerivedStep:
    """Compute a derived value from the values of `formula.order`."""

    def __init__(self, fw: Framework, name: str, code: str | None) -> None:
        derived = fw.derived[name]
        self.fw, self.name, self.code = fw, name, code
        self.formula, self.unit, self.plausible = derived.formula, derived.unit, derived.plausible
        self.function = derived.formula.function(kinds_of(fw))
        self.derived_args = derived_positions(fw, derived.formula)

    def at(self, code: str | None) -> DerivedStep:
        """This step, its errors naming indicator `code`."""
        return self if code == self.code else DerivedStep(self.fw, self.name, code)

    def __call__(self, run: Run, *args: Any) -> Any:
        if self.name in run.names:  # a veto asked for it first (see FieldStep)
            return run.names[self.name]
        value = undefined_among(args, self.derived_args)
        if value is None:
            value = formula_value(run, self.formula, self.function, args, self.code)
        if self.plausible is not None and type(value) is Decimal:
            check_range(
                run, self.fw, self.name, value, self.unit, self.plausible, self.formula,
                self.name, self.code,
            )  # fmt: skip
        run.names[self.name] = value
        return value


def derived_positions(fw: Framework, formula: Formula) -> tuple[int, ...]:
    """Which arguments of `formula`'s function are derived values (they may be Undefined)."""
    return tuple(i for i, name in enumerate(formula.order) if name in fw.derived)


def undefined_among(args: tuple[Any, ...], positions: tuple[int, ...]) -> Undefined | None:
    """The first Undefined among the arguments at `positions`: a formula reading it is
    undefined too (the first zero denominator is the one reported)."""
    for i in positions:
        if type(args[i]) is Undefined:
            found: Undefined = args[i]
            return found
    return None


def formula_value(
    run: Run,
    formula: Formula,
    function: Callable[..., Any],
    args: tuple[Any, ...],
    code: str | None,
) -> Any:
    """`function(*args)`, or Undefined when a denominator is zero."""
    try:
        return function(*args)
    except FormulaZeroDivision:
        return Undefined(formula)
    except ArithmeticError as exc:
        said = say("error.formula.failed", formula=formula.quoted, reason=str(exc))
        raise run.error(said, "formula", code) from None
