"""Bands over a value, as 分档计分 writes them: each edge exact and inclusive or exclusive as the
prose says (含 / 以上 / 以下 / 不足 / 超过), and the pieces of the number line they cut it into.

A band is read from the keys that say each edge and its inclusivity, never from a default:
`at_least` (≥, "80%（含）以上"), `above` (＞, "超过80%"), `at_most` (≤, "10%（含）以下"),
`below` (＜, "不足60%", "60%以下" when the framework reads 以下 as exclusive), or `equals`
("=0"). The edges of all the bands cut the line into pieces — each edge itself, and the open
stretches between and beyond them — and every piece lies wholly inside or outside each band, so
gaps, overlaps and bands that can never apply are found exactly, with no epsilon.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise
from typing import Any

from .awards import Award, read_award
from .base import BuildContext
from .wording import show

#: The keys of a band's edges: (key, which end, inclusive).
EDGE_KEYS = {
    "at_least": ("lower", True),
    "above": ("lower", False),
    "at_most": ("upper", True),
    "below": ("upper", False),
}


@dataclass(frozen=True)
class Edge:
    at: Decimal
    inclusive: bool


@dataclass(frozen=True)
class Span:
    """A stretch of the number line: from `lower` to `upper` (None: unbounded that way)."""

    lower: Edge | None
    upper: Edge | None

    def holds(self, value: Decimal) -> bool:
        low, high = self.lower, self.upper
        if low is not None and (value < low.at or (value == low.at and not low.inclusive)):
            return False
        return high is None or value < high.at or (value == high.at and high.inclusive)

    def covers(self, piece: Span) -> bool:
        """Whether every value of `piece` lies in this span (a piece lies wholly inside or
        outside each band: one of its values stands for all)."""
        return self.holds(piece.sample())

    def sample(self) -> Decimal:
        """A value of this piece: an edge's own value, the middle of a stretch between two
        edges, or one beyond the outermost edge."""
        low, high = self.lower, self.upper
        if low is None:
            assert high is not None
            return high.at - 1
        return low.at + 1 if high is None else (low.at + high.at) / 2

    def words(self, unit: str) -> str:
        """The span as a report writes it: "≥90%", "80%（含）-90%（不含）", "=0%"."""
        low, high = self.lower, self.upper
        if low is not None and high is not None:
            if low.at == high.at:
                return f"={show(low.at)}{unit}"
            return f"{_end(low, unit)}-{_end(high, unit)}"
        if low is not None:
            return f"{'≥' if low.inclusive else '＞'}{show(low.at)}{unit}"
        if high is not None:
            return f"{'≤' if high.inclusive else '＜'}{show(high.at)}{unit}"
        return "任意值"


def _end(edge: Edge, unit: str) -> str:
    return f"{show(edge.at)}{unit}（{'含' if edge.inclusive else '不含'}）"


@dataclass(frozen=True)
class Band:
    """One band as written: its span, what it awards and its place in the list (1 first)."""

    span: Span
    award: Award
    number: int


def read_band(raw: Any, build: BuildContext, i: int) -> Band:
    where = f"rule.bands[{i}]"
    if not isinstance(raw, Mapping):
        raise build.error("each band must be a mapping such as {at_least: 80, points: 4}", where)
    ends: dict[str, Edge] = {}
    for key, (end, inclusive) in EDGE_KEYS.items():
        if key in raw:
            if end in ends:
                raise build.error(
                    f"a band has one {end} edge: give 'at_least' or 'above', 'at_most' or "
                    "'below', not both",
                    f"{where}.{key}",
                )
            ends[end] = Edge(build.number(raw, key), inclusive)
    if "equals" in raw:
        if ends:
            raise build.error("'equals' is a band of one value: give no other edge", where)
        at = build.number(raw, "equals")
        ends = {"lower": Edge(at, True), "upper": Edge(at, True)}
    if not ends:
        raise build.error(
            "a band needs an edge: at_least / above (≥ / ＞), at_most / below (≤ / ＜) or equals",
            where,
        )
    span = Span(ends.get("lower"), ends.get("upper"))
    low, high = span.lower, span.upper
    if (
        low is not None
        and high is not None
        and (low.at > high.at or (low.at == high.at and not (low.inclusive and high.inclusive)))
    ):
        raise build.error(f"the band {span.words('')} holds no value", where)
    return Band(span, read_award(raw, build, where), i + 1)


def pieces(bands: list[Band]) -> list[Span]:
    """The pieces the bands' edges cut the number line into, in order: (-∞, x1), x1, (x1, x2),
    x2, …, xn, (xn, +∞)."""
    edges = sorted({e.at for b in bands for e in (b.span.lower, b.span.upper) if e is not None})
    found = [Span(None, Edge(edges[0], False))]
    for here, after in pairwise(edges):
        found += [_point(here), Span(Edge(here, False), Edge(after, False))]
    return [*found, _point(edges[-1]), Span(Edge(edges[-1], False), None)]


def _point(at: Decimal) -> Span:
    return Span(Edge(at, True), Edge(at, True))


def joined(run: list[Span]) -> Span:
    """Consecutive pieces as one span."""
    return Span(run[0].lower, run[-1].upper)
