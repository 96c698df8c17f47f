"""The bureau's summary of a batch, gathered in one pass in flat memory: counters and bounded
top-k heaps over the rows of a scores file (`perfscore.batch.summary_rows` reads them), so that a
million records take no more memory than a thousand."""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from ..numbers import ZERO
from ..reconcile.many import Differing

#: how many units each ranking lists, and how many unscorable records are listed by name
TOP, KEEP_ERRORS = 20, 100
#: the width of a bar of the totals' histogram (points)
BIN = Decimal(5)


@dataclass(frozen=True, slots=True)
class Row:
    """One record as a scores file states it (the reconcile columns when it has them)."""

    index: int
    id: str
    total: Decimal | None
    grade: str | None
    error: str | None
    scores: Mapping[str, Decimal]
    reported_total: Decimal | None = None
    reported_grade: str | None = None
    difference: Decimal | None = None
    agrees: str | None = None
    differing: tuple[Differing, ...] = ()


@dataclass(frozen=True, slots=True)
class Ranked:
    """A unit in a ranking: its place in the input, id, total, and (reconciled) reported total."""

    index: int
    id: str
    total: Decimal
    grade: str | None
    reported_total: Decimal | None = None
    difference: Decimal | None = None


@dataclass(slots=True)
class Loss:
    """Points an indicator loses across units, and how many units lose some."""

    points: Decimal = ZERO
    units: int = 0


class _Top:
    """The k largest items by key, ties to the earlier record: a bounded heap."""

    __slots__ = ("heap", "k")

    def __init__(self, k: int) -> None:
        self.k = k
        self.heap: list[tuple[Decimal, int, Ranked]] = []

    def offer(self, key: Decimal, item: Ranked) -> None:
        entry = (key, -item.index, item)
        if len(self.heap) < self.k:
            heapq.heappush(self.heap, entry)
        elif entry[:2] > self.heap[0][:2]:
            heapq.heapreplace(self.heap, entry)

    def items(self) -> list[Ranked]:
        return [item for _, _, item in sorted(self.heap, key=lambda e: e[:2], reverse=True)]


@dataclass
class Summary:
    """What a batch gives, counted. `weights` (leaf code -> weight, from the framework) lets the
    points each indicator loses be counted; without them only what reconciling takes off is."""

    weights: Mapping[str, Decimal] | None = None
    names: Mapping[str, str] = field(default_factory=dict)  # code -> the indicator's name
    grade_order: tuple[str, ...] = ()
    top: int = TOP
    keep_errors: int = KEEP_ERRORS
    records: int = 0
    errors: int = 0
    reconciled: bool = False
    grades: Counter[str] = field(default_factory=Counter)
    reported_grades: Counter[str] = field(default_factory=Counter)
    agreement: Counter[str] = field(default_factory=Counter)
    histogram: Counter[Decimal] = field(default_factory=Counter)
    total_sum: Decimal = ZERO
    lowest: Decimal | None = None
    highest: Decimal | None = None
    losses: dict[str, Loss] = field(default_factory=dict)
    recheck: dict[str, Loss] = field(default_factory=dict)
    unscorable: list[tuple[int, str, str]] = field(default_factory=list)
    _best: _Top = field(init=False, repr=False)
    _worst: _Top = field(init=False, repr=False)
    _away: _Top = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._best, self._worst, self._away = _Top(self.top), _Top(self.top), _Top(self.top)

    @property
    def scored(self) -> int:
        return self.records - self.errors

    @property
    def mean(self) -> Decimal | None:
        return None if not self.scored else self.total_sum / self.scored

    def add_all(self, rows: Iterable[Row]) -> Summary:
        for row in rows:
            self.add(row)
        return self

    def add(self, row: Row) -> None:
        self.records += 1
        if row.reported_total is not None or row.reported_grade is not None or row.agrees:
            self.reconciled = True
        if row.reported_grade:
            self.reported_grades[row.reported_grade] += 1
        if row.agrees:
            self.agreement[row.agrees] += 1
        if row.error is not None or row.total is None:
            self.errors += 1
            if len(self.unscorable) < self.keep_errors:
                self.unscorable.append((row.index, row.id, row.error or ""))
            return
        self._scored(row, row.total)

    def _scored(self, row: Row, total: Decimal) -> None:
        self.grades[row.grade or "（无等级）"] += 1
        self.histogram[(total // BIN) * BIN] += 1
        self.total_sum += total
        self.lowest = total if self.lowest is None else min(self.lowest, total)
        self.highest = total if self.highest is None else max(self.highest, total)
        ranked = Ranked(row.index, row.id, total, row.grade, row.reported_total, row.difference)
        self._best.offer(total, ranked)
        self._worst.offer(-total, ranked)
        if row.difference is not None and row.difference:
            self._away.offer(abs(row.difference), ranked)
        if self.weights is not None:
            for code, weight in self.weights.items():
                score = row.scores.get(code)
                if score is not None and score < weight:
                    loss = self.losses.setdefault(code, Loss())
                    loss.points += weight - score
                    loss.units += 1
        for d in row.differing:
            if d.lost > 0:
                loss = self.recheck.setdefault(d.code, Loss())
                loss.points += d.lost
                loss.units += 1

    # ------------------------------------------------------------------ what is shown

    def best(self) -> list[Ranked]:
        return self._best.items()

    def worst(self) -> list[Ranked]:
        return self._worst.items()

    def departures(self) -> list[Ranked]:
        """The units whose reported total departs most from the recomputed one."""
        return self._away.items()

    def grade_names(self) -> list[str]:
        """The grades seen, in the framework's order, then any others by name."""
        seen = set(self.grades) | set(self.reported_grades)
        known = [g for g in self.grade_order if g in seen]
        return known + sorted(seen - set(known))

    def label(self, code: str) -> str:
        """An indicator as shown: its code and, when the framework is known, its name."""
        name = self.names.get(code)
        return f"{code} {name}" if name else code

    def most_lost(self, table: Mapping[str, Loss] | None = None) -> list[tuple[str, Loss]]:
        """The indicators losing the most points (ties by code), at most `top`."""
        table = self.losses if table is None else table
        ranked = sorted(table.items(), key=lambda item: (-item[1].points, item[0]))
        return ranked[: self.top]
