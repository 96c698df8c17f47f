"""A rule kind for numbers scoring the rows of a table: a group (or a row) that gives its rows
another kind than `target` — "满意度≥90%计5分；80%（含）-90%计4分…" as `tiers` — has each row's
实际完成值 read as the number the kind scores (95% → 95), at the row's own 分值.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any, ClassVar

from ..errors import DataError
from ..i18n import say
from ..targets import Bound, TargetTextError, is_blank, read_cell
from .base import BuildContext, Context, Outcome, Rule, RuleFinding, build_rule
from .possible import PossiblePoints
from .target_text import RowError, cell_text, quoted

if TYPE_CHECKING:
    from ..expressions import Formula


@dataclasses.dataclass(frozen=True)
class ValueRead:
    """A row's actual read as a number (what checking a row gives back)."""

    value: Decimal
    shown: str
    warnings: tuple[str, ...] = ()


class RowValue(Rule):
    """Rows scored by a kind for numbers: the actual is the value; the row's 分值 the weight."""

    kind = "row_value"  # not registered: made for a group's or a row's rule of another kind
    scores_rows: ClassVar[bool] = True

    def __init__(self, spec: Mapping[str, Any], build: BuildContext) -> None:
        super().__init__(spec, build)
        self.build = build
        self.inner = build_rule(spec, build)
        self.__class__ = _named(self.inner.kind)  # results and traces name the kind used
        self.reads_record = self.inner.reads_record
        self._at: dict[Decimal, Rule] = {build.weight: self.inner}

    def with_weight(self, weight: Decimal) -> RowValue:
        """This rule for a row of `weight` points: the kind built at that weight (its shares
        of the weight, its full marks)."""
        inner = self._at.get(weight)
        if inner is None:
            inner = build_rule(self.spec, dataclasses.replace(self.build, weight=weight))
            if len(self._at) < 256:
                self._at[weight] = inner
        clone = object.__new__(type(self))
        clone.__dict__.update(self.__dict__)
        clone.weight, clone.inner = weight, inner
        return clone

    def assess(self, row: Mapping[str, Any]) -> ValueRead:
        """The row's actual as a number; RowError naming the cell when it is not one."""
        text = cell_text(row.get("actual"))
        if row.get("items"):
            raise RowError("items", say("error.row.one-actual", kind=repr(self.inner.kind)))
        if is_blank(text):
            raise RowError("actual", say("error.row.actual-blank"))
        try:
            reading = read_cell(text)
        except TargetTextError as exc:
            raise RowError("actual", exc.args[0]) from None
        if not isinstance(reading, Bound) or reading.op is not None:
            raise RowError(
                "actual",
                say("error.row.not-number", kind=repr(self.inner.kind), actual=repr(text)),
            )
        return ValueRead(reading.number, f"实际完成值{quoted(text)}")

    def points(self, value: Any, ctx: Context) -> Decimal:
        return self.inner.points(self._value(value, ctx), ctx)

    def score(self, value: Any, ctx: Context) -> Outcome:
        found = self._read(value, ctx)
        outcome = self.inner.score(found.value, ctx)
        return dataclasses.replace(outcome, reasons=(found.shown, *outcome.reasons))

    def max_points(self) -> Decimal:
        return self.inner.max_points()

    def possible_points(self) -> PossiblePoints:
        return self.inner.possible_points()

    def findings(self) -> list[RuleFinding]:
        return self.inner.findings()

    def formulas(self) -> dict[str, Formula]:
        return self.inner.formulas()

    def _value(self, row: Any, ctx: Context) -> Decimal:
        return self._read(row, ctx).value

    def _read(self, row: Any, ctx: Context) -> ValueRead:
        try:
            return self.assess(row)
        except RowError as exc:  # the expansion checks rows first; this is a safety net
            raise DataError(exc.message, path=ctx.code, field=exc.field) from None


@cache
def _named(kind: str) -> type[RowValue]:
    """RowValue under the name of the kind it scores rows by (not registered)."""
    return type(f"RowValue_{kind}", (RowValue,), {"kind": kind})
