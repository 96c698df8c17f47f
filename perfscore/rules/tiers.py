"""分档计分: the value falls in one of ordered bands, and the band gives the points.

"≥90%计5分；80%（含）-90%计4分；60%（含）-80%计2分；60%以下不得分" is four bands:
{at_least: 90, points: 5}, {at_least: 80, below: 90, points: 4}, {at_least: 60, below: 80,
points: 2}, {below: 60, points: 0}. Bands may be listed either way up and reward either
direction; where two overlap the first listed applies (lint reports it), and a value in no band
is refused, naming the indicator.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from itertools import groupby, pairwise
from typing import Any

from ..i18n import say
from ..numbers import plain
from .awards import Award, Judgments, possible
from .bands import Band, Span, joined, pieces, read_band
from .base import BuildContext, Context, InputSpec, Outcome, Rewards, Rule, RuleFinding, register
from .possible import PossiblePoints
from .wording import criterion_unit, exact, show


class OutsideBands(ArithmeticError):
    """A value that lies in no band: the engine reports it as a DataError naming the leaf."""


@register
class Tiers(Rule):
    """Ordered bands over the value, each with its points (or a share of the weight, or the
    evaluator's judgment within a range); the first band that holds the value applies."""

    kind = "tiers"
    description = "分档计分：数值落在哪一档即得该档分值（各档边界含或不含按原文）"

    def __init__(self, spec: Mapping[str, Any], build: BuildContext) -> None:
        super().__init__(spec, build)
        raw = spec.get("bands")
        if not isinstance(raw, list) or not raw:
            raise build.error("'bands' must list at least one band", "rule.bands")
        self.bands = [read_band(band, build, i) for i, band in enumerate(raw)]
        self.judgments = Judgments(spec, build, (b.award for b in self.bands))
        self.reads_record = self.judgments.any
        #: Each piece of the number line with the bands that hold it, in the order listed.
        self.pieces = [(p, [b for b in self.bands if b.span.covers(p)]) for p in pieces(self.bands)]
        self.reachable = [b for b in self.bands if any(held[:1] == [b] for _, held in self.pieces)]

    def band_of(self, value: Decimal) -> Band:
        for band in self.bands:
            if band.span.holds(value):
                return band
        spans = "；".join(f"第{b.number}档{b.span.words('')}" for b in self.bands)
        raise OutsideBands(f"{plain(value)} lies in no band ({spans}) / 该值不在任何一档内")

    def points(self, value: Decimal, ctx: Context) -> Decimal:
        return self.judgments.points(self.band_of(value).award, ctx)

    def score(self, value: Decimal, ctx: Context) -> Outcome:
        band = self.band_of(value)
        points = self.judgments.points(band.award, ctx)
        shown, span = self._shown(value, band), band.span.words(ctx.unit)
        where = f"{shown}{ctx.unit}，在第{band.number}档（{span}）"
        if band.award.judged:
            judged = f"{show(band.award.low)}-{show(band.award.high)}分"
            reason = f"{where}，评价人在该档{judged}范围内酌情评{show(points)}分"
            return Outcome(points, (reason,), source="judgment")
        return Outcome(points, (f"{where}，得{show(points)}分",))

    def _shown(self, value: Decimal, band: Band) -> str:
        """The value as a report prints it (rounded), or exactly when the rounded value would
        lie in another band: 89.9999995% is 4 points, and is not written 90%."""
        rounded = show(value)
        if band.span.holds(Decimal(rounded)):
            return rounded
        return plain(value)

    def max_points(self) -> Decimal:
        return max(b.award.high for b in self.reachable)

    def criterion(self, unit: str) -> str:
        shown = criterion_unit(unit)
        words = []
        for band in self.bands:
            edges = [e for e in (band.span.lower, band.span.upper) if e is not None]
            if band.award.judged or not edges or any(e.at < 0 or exact(e.at) != show(e.at)
                                                     for e in edges):
                return self.description  # a judged band, an open one, an edge show() rounds
            words.append(f"{band.span.words(shown)}计{exact(band.award.low)}分")
        return "；".join(words)

    def possible_points(self) -> PossiblePoints:
        return possible(b.award for b in self.reachable)

    def inputs(self) -> list[InputSpec]:
        return self.judgments.inputs()

    def rewards(self) -> Rewards:
        firsts = [held[0] for _, held in self.pieces if held]
        awards = [band.award for band, _ in groupby(firsts)]  # a band spans several pieces
        if all(a.high <= b.low for a, b in pairwise(awards)):
            return "higher"
        if all(a.low >= b.high for a, b in pairwise(awards)):
            return "lower"
        return None

    def landmarks(self) -> list[Decimal]:
        return sorted({p.lower.at for p, _ in self.pieces if p.lower is not None})

    def findings(self) -> list[RuleFinding]:
        return [*self._gaps(), *self._overlaps(), *self._unreachable(), *self._above_weight()]

    def _gaps(self) -> list[RuleFinding]:
        covered = [i for i, (_, held) in enumerate(self.pieces) if held]
        found = []
        for before, after in pairwise(covered):
            if after > before + 1:
                gap = joined([p for p, _ in self.pieces[before + 1 : after]])
                found.append(
                    RuleFinding(
                        "warning",
                        "tiers-gap",
                        say("finding.tiers-gap", gap=gap.words("")),
                    )
                )
        return found

    def _overlaps(self) -> list[RuleFinding]:
        # two bands meet in one span (the pieces they share are consecutive)
        runs: dict[tuple[int, int], list[Span]] = {}
        for piece, held in self.pieces:
            for later in held[1:]:
                if later in self.reachable:
                    runs.setdefault((held[0].number, later.number), []).append(piece)
        return [
            RuleFinding(
                "error",
                "tiers-overlap",
                say("finding.tiers-overlap", first=first, second=second, run=run),
            )
            for (first, second), shared in runs.items()
            for run in [joined(shared).words("")]
        ]

    def _unreachable(self) -> list[RuleFinding]:
        return [
            RuleFinding(
                "error",
                "tiers-unreachable",
                say("finding.tiers-unreachable", number=b.number, span=b.span.words("")),
            )
            for b in self.bands
            if b not in self.reachable
        ]

    def _above_weight(self) -> list[RuleFinding]:
        return [
            RuleFinding(
                "error",
                "tiers-above-weight",
                say(
                    "finding.tiers-above-weight",
                    number=b.number,
                    span=b.span.words(""),
                    high=plain(b.award.high),
                    weight=plain(self.weight),
                ),
            )
            for b in self.bands
            if b.award.high > self.weight
        ]


__all__ = ["Award", "Band", "OutsideBands", "Tiers"]
