"""Plausibility: values that score, but that are probably typing mistakes.

A framework may declare the plausible range (合理取值范围) of a leaf's value or of a derived value
(`plausible: [0, 200]`, inclusive, either bound null). A value outside it never changes a score;
it becomes a warning finding on the result that names the value, the range, the fields the
formula read, and — worked out from the fields' declared units, never from their names — the
likely cause: an amount in 元 typed into a 万元 field, or a fraction typed into a % field.

A bare number 0 < x ≤ 1 given for a %-unit field (written without "%") is a warning too: 0.98 is
read as 0.98%, and may have meant 98%. 0 is not warned (0 and 0% are the same), 1 is (it is how
a spreadsheet writes 100%); "0.98%" is explicit and not warned.

The engine's steps call the functions here, with a trace and without: the
range's `contains` decides, `bare_fraction` decides, and the messages are written only here.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .checks import Finding
from .expressions import Formula
from .i18n import Message, say
from .numbers import HUNDRED, ONE, ZERO, plain, round_half_up
from .values import UNIT_FACTORS

if TYPE_CHECKING:
    from .model import Framework

#: The check names of the findings (a finding's `check`).
RANGE_CHECK = "plausible-range"
FRACTION_CHECK = "percent-fraction"
CHECKS = frozenset({RANGE_CHECK, FRACTION_CHECK})
PERCENT = "%"


@dataclass(frozen=True)
class PlausibleRange:
    """An inclusive range [low, high]; a bound of None is open."""

    low: Decimal | None
    high: Decimal | None

    def contains(self, value: Decimal) -> bool:
        """Whether `value` lies in the range (bounds included)."""
        if self.low is not None and value < self.low:
            return False
        return self.high is None or value <= self.high

    def excludes(self, value: Any) -> bool:
        """Whether `value` is a number outside the range: the one test both scoring paths use
        (a yes/no a condition gives is not a number and never outside)."""
        return type(value) is Decimal and not self.contains(value)

    def text(self, unit: str = "") -> str:
        if self.low is not None and self.high is not None:
            return f"[{plain(self.low)}{unit}, {plain(self.high)}{unit}]"
        if self.low is not None:
            return f"≥ {plain(self.low)}{unit}"
        return f"≤ {plain(self.high or ZERO)}{unit}"


def may_be_fraction(unit: str) -> bool:
    """Whether values in `unit` are checked by `bare_fraction` at all (% fields)."""
    return unit == PERCENT


def bare_fraction(raw: Any, value: Any, unit: str) -> bool:
    """Whether `raw`, read as `value` for a field (or leaf) in `unit`, is a number 0 < x ≤ 1
    written without "%" in a % field: a fraction that was probably meant as a percentage."""
    if not may_be_fraction(unit) or type(value) is not Decimal or not ZERO < value <= ONE:
        return False
    if isinstance(raw, str):
        return PERCENT not in raw and "％" not in raw and "‰" not in raw
    return not isinstance(raw, bool)


def fraction_finding(
    name: str, value: Decimal, code: str | None, file: str | None, line: int | None
) -> Finding:
    shown = plain(value)
    meant = plain(value * HUNDRED)
    message = say("finding.fraction", name=name, shown=shown, meant=meant)
    return Finding("warning", FRACTION_CHECK, message, code, file, line)


def plausibility_findings(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """The findings of this module among a result's findings."""
    return tuple(f for f in findings if f.check in CHECKS)


# --------------------------------------------------------------------------- ranges


def range_finding(
    fw: Framework,
    *,
    what: str,
    value: Decimal,
    unit: str,
    plausible: PlausibleRange,
    recompute: Callable[[Mapping[str, Any]], Any],
    fields: Mapping[str, Any],
    units: Mapping[str, str],
    code: str | None,
    file: str | None,
    line: int | None,
) -> Finding:
    """The warning for `value` (of `what`: an indicator or a derived value) outside `plausible`.

    `fields` are the base-data values the value was computed from, `units` their units, and
    `recompute(changed)` computes the value again with some of them changed (to find which
    correction would bring it into range)."""
    shown = ", ".join(f"{name} = {_show(fw, v)}{units.get(name, '')}" for name, v in fields.items())
    causes = list(_causes(fw, plausible, recompute, fields, units, unit))
    message = say(
        "finding.range",
        what=what,
        value=f"{_show(fw, value)}{unit}",
        range=plausible.text(unit),
        source=say("finding.range.source", fields=shown) if shown else "",
        causes=say("finding.range.causes", causes=causes) if causes else say("finding.range.check"),
    )
    return Finding("warning", RANGE_CHECK, message, code, file, line)


def _causes(
    fw: Framework,
    plausible: PlausibleRange,
    recompute: Callable[[Mapping[str, Any]], Any],
    fields: Mapping[str, Any],
    units: Mapping[str, str],
    unit: str,
) -> Iterator[Message]:
    """For each field, the first unit mistake that explains the value: correcting it brings the
    value into range, and correcting by only the square root of its factor (÷100 for ÷10,000)
    does not — so a value just over its range is not put down to a 10,000-fold mistake."""
    for name, raw_value in fields.items():
        if type(raw_value) is not Decimal:
            continue
        for factor, cause in _corrections(units.get(name, "")):
            again = _again(recompute, name, raw_value * factor)
            milder = _again(recompute, name, raw_value * factor.sqrt())
            if again is None or not plausible.contains(again):
                continue
            if milder is not None and plausible.contains(milder):
                continue
            corrected = raw_value * factor
            yield say(
                "finding.range.cause",
                name=name,
                cause=cause,
                corrected=f"{_show(fw, corrected)}{units.get(name, '')}",
                again=f"{_show(fw, again)}{unit}",
            )
            break


def _again(recompute: Callable[[Mapping[str, Any]], Any], name: str, value: Decimal) -> Any:
    """The value recomputed with field `name` corrected to `value`, or None if it cannot be."""
    try:
        again = recompute({name: value})
    except (ArithmeticError, LookupError, TypeError, ValueError):
        return None  # this correction cannot even be computed
    return again if type(again) is Decimal else None


def _corrections(unit: str) -> Iterator[tuple[Decimal, Message]]:
    """The factors that correct a value in a field of `unit` typed in a smaller unit of the same
    family (元 typed into 万元: × 1/10000), or typed as a fraction into a % field (× 100)."""
    if unit == PERCENT:
        yield HUNDRED, say("words.cause.fraction")
        return
    family = UNIT_FACTORS.get(unit)
    if family is None:
        return
    smaller = sorted(
        (factor, other)
        for other, (base, factor) in UNIT_FACTORS.items()
        if base == family[0] and factor < family[1]
    )
    for factor, other in smaller:
        yield factor / family[1], say("words.cause.unit", other=other, unit=unit)


def _show(fw: Framework, value: Any) -> str:
    """A value as a message shows it: at the framework's value precision, or to two significant
    digits when it is smaller than that shows (0.0097, not 0.01)."""
    if not isinstance(value, Decimal) or isinstance(value, bool):
        return str(value)
    places = fw.value_precision
    if value and value.adjusted() < -places:
        places = min(-value.adjusted() + 1, 28)
    return plain(round_half_up(value, places))


# --------------------------------------------------------------------------- recomputing


def recomputer(
    fw: Framework, formula: Formula, fields: Mapping[str, Any]
) -> Callable[[Mapping[str, Any]], Any]:
    """A function computing `formula` again from `fields` with some of them changed, derived
    values recomputed on the way (errors propagate; the caller tries the next correction)."""

    def recompute(changed: Mapping[str, Any]) -> Any:
        known: dict[str, Any] = {**fields, **changed}

        def name(key: str) -> Any:
            if key not in known:
                known[key] = run(fw.derived[key].formula)
            return known[key]

        def run(f: Formula) -> Any:
            return f.evaluate(_Names(name, f))

        with decimal.localcontext() as ctx:
            ctx.traps[decimal.DivisionByZero] = True
            return run(formula)

    return recompute


class _Names(Mapping[str, Any]):
    def __init__(self, get: Callable[[str], Any], formula: Formula) -> None:
        self.get_name = get
        self.formula = formula

    def __getitem__(self, key: str) -> Any:
        return self.get_name(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self.formula.names)

    def __len__(self) -> int:
        return len(self.formula.names)
