"""The checks a reconciliation makes, and the one place each decides whether it agrees.

Each check is one figure the report states set beside what it is compared against. Its
`disagreements` property makes the comparisons — the only place they are made — and names what
the stated figure disagrees with, in order; `agrees` and everything downstream (the differences'
sentences, the "≠" marks, the JSON `agrees` flags, the verdict) read that verdict and never
compare the figures again.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from ..numbers import json_number, round_half_up
from .possible import Possible

Kind = Literal["score", "possible", "sum", "table", "total", "value", "grade", "framework"]
#: What a stated figure is compared against: the recomputed figure, the report's own scores added
#: up (for a grade: the band the stated total falls in), the score table, or the rule's possible
#: scores.
Against = Literal["recomputed", "reported sum", "table", "rule"]


@dataclass(frozen=True)
class ScoreCheck:
    """A leaf's score as the report's table states it, against the recomputed score and against
    the scores the rule can give at all."""

    code: str
    name: str
    weight: Decimal
    reported: Decimal
    recomputed: Decimal
    source: str  # how the recomputed score came about: computed, judgment or external
    value: Any
    unit: str
    basis: str  # the trace in words
    possible: Possible | None = None  # what the rule can give; None when not known
    missing: tuple[str, ...] = ()  # inputs the data lack: not recomputed, the stated score kept

    @property
    def attainable(self) -> bool:
        """Whether the rule can give the reported score at all."""
        return self.possible is None or self.reported in self.possible

    @property
    def checked(self) -> bool:
        """Whether the score was recomputed from the data (not kept for want of data)."""
        return not self.missing

    @property
    def disagreements(self) -> tuple[Against, ...]:
        found: list[Against] = []
        if self.checked and self.reported != self.recomputed:
            found.append("recomputed")
        if not self.attainable:
            found.append("rule")
        return tuple(found)

    @property
    def agrees(self) -> bool:
        return not self.disagreements

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "code": self.code,
            "name": self.name,
            "weight": json_number(self.weight),
            "reported": json_number(self.reported),
            "recomputed": json_number(self.recomputed),
            "source": self.source,
            "agrees": self.agrees,
            "basis": self.basis,
        }
        if self.missing:
            out["checked"] = False
            out["missing"] = list(self.missing)
        if isinstance(self.value, Decimal):
            out["value"] = json_number(self.value)
            out["unit"] = self.unit
        if not self.attainable:
            assert self.possible is not None
            out["possible"] = self.possible.describe()
        return out


@dataclass(frozen=True)
class TotalCheck:
    """A score the report states for a parent, for the total, or a second time elsewhere
    (`reported.other`): against the table, the sum of the report's own scores, the recomputed."""

    where: str  # reported.scores / reported.total / reported.other[i]
    label: str  # 评分表, or the place in the report (`where` of the other entry)
    code: str | None  # None for the total
    name: str
    weight: Decimal
    stated: Decimal
    table: Decimal | None  # what the table states for the same figure (other entries only)
    reported_sum: Decimal | None  # the report's scores below it, added up
    missing: tuple[str, ...]  # leaves without a reported score (then reported_sum is None)
    recomputed: Decimal
    #: leaves below that kept their stated score for want of data: recomputed only in part
    unchecked: tuple[str, ...] = ()

    @property
    def disagreements(self) -> tuple[Against, ...]:
        found: list[Against] = []
        if self.table is not None and self.table != self.stated:
            found.append("table")
        if self.reported_sum is not None and self.reported_sum != self.stated:
            found.append("reported sum")
        if self.recomputed != self.stated:
            found.append("recomputed")
        return tuple(found)

    @property
    def agrees(self) -> bool:
        return not self.disagreements

    def to_dict(self) -> dict[str, Any]:
        return {
            "where": self.where,
            "label": self.label,
            "code": self.code,
            "name": self.name,
            "weight": json_number(self.weight),
            "stated": json_number(self.stated),
            "table": None if self.table is None else json_number(self.table),
            "reported_sum": None if self.reported_sum is None else json_number(self.reported_sum),
            "missing": list(self.missing),
            "recomputed": json_number(self.recomputed),
            "agrees": self.agrees,
            "unchecked": list(self.unchecked),
        }


@dataclass(frozen=True)
class ValueCheck:
    """A value the report computes itself ("结转结余率=…=1%") against the recomputed value,
    compared at the precision the report writes it."""

    where: str
    label: str
    code: str
    name: str
    unit: str
    stated_text: str
    stated: Decimal
    places: int
    recomputed: Decimal | None  # None when the data do not let the value be recomputed
    basis: str

    @property
    def rounded(self) -> Decimal | None:
        if self.recomputed is None:
            return None
        return round_half_up(self.recomputed, self.places)

    @property
    def disagreements(self) -> tuple[Against, ...]:
        rounded = self.rounded
        return () if rounded is None or rounded == self.stated else ("recomputed",)

    @property
    def agrees(self) -> bool | None:
        """True or False; None when the value could not be recomputed (not checked)."""
        return None if self.recomputed is None else not self.disagreements

    def to_dict(self) -> dict[str, Any]:
        return {
            "where": self.where,
            "label": self.label,
            "code": self.code,
            "name": self.name,
            "unit": self.unit,
            "stated": self.stated_text,
            "recomputed": None if self.recomputed is None else json_number(self.recomputed),
            "recomputed_at_stated_precision": (
                None if self.rounded is None else json_number(self.rounded)
            ),
            "agrees": self.agrees,
            "basis": self.basis,
        }


@dataclass(frozen=True)
class GradeCheck:
    """The grade a place in the report states, against the recomputed grade and against the
    grade the same place's stated total falls in."""

    where: str
    label: str
    stated: str
    of_stated_total: str | None  # the grade the stated total falls in, if a total is stated
    recomputed: str | None

    @property
    def disagreements(self) -> tuple[Against, ...]:
        found: list[Against] = []
        if self.recomputed != self.stated:
            found.append("recomputed")
        if self.of_stated_total is not None and self.of_stated_total != self.stated:
            found.append("reported sum")
        return tuple(found)

    @property
    def agrees(self) -> bool:
        return not self.disagreements

    def to_dict(self) -> dict[str, Any]:
        return {
            "where": self.where,
            "label": self.label,
            "stated": self.stated,
            "of_stated_total": self.of_stated_total,
            "recomputed": self.recomputed,
            "agrees": self.agrees,
        }


@dataclass(frozen=True)
class Difference:
    """One disagreement, said in a sentence (Chinese, then English)."""

    kind: Kind
    code: str | None
    name: str
    where: str
    stated: str
    expected: str
    against: str  # recomputed / reported sum / table / rule / framework
    message: str

    def __str__(self) -> str:
        return self.message

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "code": self.code,
            "name": self.name,
            "where": self.where,
            "stated": self.stated,
            "expected": self.expected,
            "against": self.against,
            "message": self.message,
        }
