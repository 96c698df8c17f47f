"""Reading an indicator's input from the data, and the warning for a value outside its plausible
range: what the leaf steps call.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..errors import MissingDataError
from ..expressions import Formula
from ..i18n import Message, say
from ..numbers import ZERO, plain
from ..plausibility import (
    PlausibleRange,
    range_finding,
    recomputer,
)
from ..rules import InputSpec
from ..values import read_flag, read_items, read_number
from .run import Run

if TYPE_CHECKING:
    from ..model import Framework

#: What a value of a name is known to be, for the formula compiler: fields declared as numbers

# --------------------------------------------------------------------------- reading inputs


def read_input(run: Run, spec: InputSpec, unit: str = "", code: str | None = None) -> Any:
    """An input of the current indicator, read from the data and checked; a number written
    with `unit` (the leaf's own, "96%") or a convertible one is accepted."""
    try:
        raw = run.values[spec.name]
    except KeyError:
        raise run.error(
            say("error.missing-input", name=spec.name, described=described(spec)),
            spec.name,
            code,
            MissingDataError,
        ) from None
    try:
        if spec.value_type == "items":
            return read_items(raw, spec.items)
        if spec.value_type == "flag":
            return read_flag(raw)
        return read_number(
            raw,
            unit=unit,
            minimum=spec.minimum if spec.value_type != "count" else ZERO,
            maximum=spec.maximum,
            integer=spec.value_type == "count",
        )
    except ValueError as exc:
        reason = exc.args[0] if len(exc.args) == 1 else str(exc)
        said = say("error.input.invalid", reason=reason, described=described(spec))
        raise run.error(said, spec.name, code) from None


def describe(spec: InputSpec) -> str:
    """What an input should be, in the language set."""
    return described(spec).text()


def described(spec: InputSpec) -> Message:
    """What an input should be, a message worded in either language."""
    if spec.value_type == "items":
        return say("words.input.items", items=", ".join(spec.items))
    if spec.value_type == "count":
        return say("words.input.count")
    if spec.value_type == "flag":
        return say("words.input.flag")
    if spec.minimum is not None and spec.maximum is not None:
        return say("words.input.points", low=plain(spec.minimum), high=plain(spec.maximum))
    return say("words.input.number")


# --------------------------------------------------------------------------- warnings


def check_range(
    run: Run,
    fw: Framework,
    what: str,
    value: Decimal,
    unit: str,
    plausible: PlausibleRange,
    formula: Formula | None,
    name: str = "",
    code: str | None = None,
) -> None:
    """A warning when `value` lies outside `plausible` (the score is not touched)."""
    if not plausible.excludes(value):
        return
    if formula is not None:
        behind = fw.names_behind(formula.names)
        fields = {n: run.names[n] for n in fw.fields if n in behind and n in run.names}
        units = {n: fw.fields[n].unit for n in fields}
        recompute = recomputer(fw, formula, fields)
    else:  # a value read from the data: the value itself may be mistyped
        fields, units = {name: value}, {name: unit}

        def recompute(changed: Mapping[str, Any]) -> Any:
            return changed.get(name, value)

    file, line = run.place(name if formula is None else None)
    run.implausible.append(
        range_finding(
            fw,
            what=what,
            value=value,
            unit=unit,
            plausible=plausible,
            recompute=recompute,
            fields=fields,
            units=units,
            code=code,
            file=file,
            line=line,
        )
    )
