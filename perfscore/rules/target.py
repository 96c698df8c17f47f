"""Target against actual: one row of a 项目支出绩效自评表 (年度指标值 vs 实际完成值).

The method (财预〔2020〕10号, as reported): a quantitative indicator that meets its target earns its
full 分值; one that falls short earns 完成值/指标值 × 分值. A qualitative indicator is placed by the
evaluator in one of three levels — 达成 / 部分达成 / 未达成 — whose bands are 100–80%（含）,
80–60%（含）, 60–0% of the 分值, "合理确定分值". Everything a province may read differently is a
setting of the rule in the framework file, never a default of the engine:

- ``plain``: how a target written without a comparison reads ("100%", "1--1.2万人"):
  ``at_least`` (正向: met at or above it, or above the range's low end), ``at_most`` (反向: met
  at or below it, or below the range's high end) or ``exact`` (met only at it, or within the
  range);
- ``shortfall: proportional`` — below a target: 完成值/指标值 × 分值 (the one method the source
  states; the setting is required so that a framework says it);
- ``reverse``: above a "≤" target: ``ratio`` (指标值/完成值 × 分值) or ``to_zero_at_double``
  (linearly down to 0 at twice the target) — the two common practices;
- ``levels``: each level's band ("[80, 100]", "[60, 80)", "[0, 60)", in % of the 分值) and the
  ``share`` it earns when the data does not give one (e.g. 100, the top of 达成's band);
- ``merged: mean | min``: how one 分值 shared by several rows (a merged cell) combines their
  completion ratios.

The value this rule scores is one row, given by `perfscore.rows` as a mapping of the cells as
written: ``target``, ``actual``, and optionally ``level``, ``share`` and ``items`` (the rows of a
merged 分值 cell). A row that cannot be read raises `RowError` naming the field; the expansion
turns it into a DataError naming the file, the row's code and name, and the field.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any, ClassVar

from ..errors import DataError
from ..numbers import HUNDRED, ONE, ZERO, plain
from ..targets import Bound, Period, Span, Words
from ..values import parse_number
from .base import BuildContext, Context, Outcome, Rule, register
from .target_cells import actual_value, read_cells
from .target_text import (
    Level,
    RowError,
    build_level,
    cell_text,
    comparison,
    meets,
    on_time,
    row_key,
    why_qualitative,
)
from .wording import show

__all__ = ["Assessment", "Level", "RowError", "Target"]

_PLAIN = {"at_least": ">=", "at_most": "<=", "exact": "=="}
_REVERSE = ("ratio", "to_zero_at_double")
_MERGED = ("mean", "min")
_OVER_EQUAL = ("full", "reverse")


@dataclass(frozen=True)
class Assessment:
    """What a row earns, as a fraction of its 分值, and why."""

    fraction: Decimal
    reasons: tuple[str, ...]
    source: str = "computed"
    #: what was assumed reading the row (an actual's unit taken from its target): warnings
    warnings: tuple[str, ...] = ()


@register
class Target(Rule):
    """年度指标值 vs 实际完成值, for rows a framework takes from the data (see `rows:`)."""

    kind = "target"
    description = (
        "年度指标值与实际完成值比较：完成指标值得全部分值，未完成按完成值与指标值的比例计分；"
        "定性指标按达成/部分达成/未达成三档计分"
    )
    reads_record = False
    #: Scores rows of a table listed in the data; a framework uses it under `rows:` only.
    scores_rows: ClassVar[bool] = True

    def __init__(self, spec: Mapping[str, Any], build: BuildContext) -> None:
        super().__init__(spec, build)
        self.plain = spec.get("plain")
        if self.plain not in _PLAIN:
            raise build.error(
                "'plain' must say how a target without ≥/≤ reads: at_least, at_most or exact",
                "rule.plain",
            )
        if spec.get("shortfall") != "proportional":
            raise build.error(
                "'shortfall' must be proportional (完成值/指标值 × 分值), the method's rule",
                "rule.shortfall",
            )
        self.reverse = spec.get("reverse")
        if self.reverse not in _REVERSE:
            raise build.error(
                "'reverse' must say how an exceeded ≤ target scores: ratio (指标值/完成值 × 分值) "
                "or to_zero_at_double (linear, 0 at twice the target)",
                "rule.reverse",
            )
        self.merged = spec.get("merged")
        if self.merged is not None and self.merged not in _MERGED:
            raise build.error("'merged' must be mean or min", "rule.merged")
        self.over_equal = spec.get("over_equal")
        if self.over_equal is not None and self.over_equal not in _OVER_EQUAL:
            raise build.error(
                "'over_equal' must say how an actual above an \"=\" target scores: full "
                "(达到即完成) or reverse (as an exceeded ceiling, by `reverse`)",
                "rule.over_equal",
            )
        levels = spec.get("levels")
        if not isinstance(levels, Mapping) or not levels:
            raise build.error(
                "'levels' must map each qualitative level (达成, 部分达成, 未达成) to its band",
                "rule.levels",
            )
        self.levels = {str(name): build_level(str(name), lv, build) for name, lv in levels.items()}
        self._assessments: dict[tuple[Any, ...], Assessment] = {}

    # ------------------------------------------------------------------ the Rule interface

    def _assessed(self, value: Any, ctx: Context) -> Assessment:
        try:
            return self.assess(value)
        except RowError as exc:  # the expansion checks rows first; this is a safety net
            raise DataError(exc.message, path=ctx.code, field=exc.field) from None

    @staticmethod
    def points_of(found: Assessment, ctx: Context) -> Decimal:
        return found.fraction * ctx.weight

    def points(self, value: Any, ctx: Context) -> Decimal:
        return self.points_of(self._assessed(value, ctx), ctx)

    def score(self, value: Any, ctx: Context) -> Outcome:
        found = self._assessed(value, ctx)
        points = self.points_of(found, ctx)
        reasons = (*found.reasons, self._points(found.fraction, ctx.weight, points))
        note = cell_text(value.get("note"))
        if note:  # what the data says about the row: an encoder's choice, a source's quirk
            reasons = (*reasons, f"数据说明：{note}")
        return Outcome(points, reasons, ctx.weight - points, found.source)

    def max_points(self) -> Decimal:
        return self.weight

    def with_weight(self, weight: Decimal) -> Target:
        """This rule for a row of `weight` points (so that checks see the row's own 分值)."""
        clone = object.__new__(Target)
        clone.__dict__.update(self.__dict__)
        clone.weight = weight
        return clone

    @staticmethod
    @lru_cache(maxsize=1024)  # a few fractions and 分值 recur over every record's rows
    def _points(fraction: Decimal, weight: Decimal, points: Decimal) -> str:
        if fraction == ONE:
            return f"得全部分值{show(weight)}分"
        return f"{show(weight)}分×{show(fraction * HUNDRED)}%=得{show(points)}分"

    # ------------------------------------------------------------------ assessing a row

    def assess(self, row: Mapping[str, Any]) -> Assessment:
        """The fraction of its 分值 a row earns, with the reasons; RowError when it cannot.
        Assessed once per distinct row (the expansion checks a row, then scoring reads it)."""
        key = row_key(row)
        known = self._assessments.get(key) if key is not None else None
        if known is not None:
            return known
        items = row.get("items")
        found = self._merged(items, row) if items else self._single(row, "")
        if key is not None:
            if len(self._assessments) >= _ASSESSMENTS_KEPT:
                self._assessments.clear()
            self._assessments[key] = found
        return found

    def _merged(self, items: Sequence[Mapping[str, Any]], row: Mapping[str, Any]) -> Assessment:
        if self.merged is None:
            raise RowError(
                "items",
                "the row lists several indicators under one 分值 (a merged cell), but the "
                "framework's rule does not say how they combine (merged: mean or min)",
            )
        if row.get("level") not in (None, ""):
            raise RowError("level", "give the level on each item of a merged row, not on the row")
        found = []
        for i, item in enumerate(items):
            try:
                found.append(self._single(item, f"{item.get('name') or f'第{i + 1}项'}："))
            except RowError as exc:
                raise RowError(f"items[{i}].{exc.field}", exc.message) from None
        fractions = [f.fraction for f in found]
        if self.merged == "mean":
            fraction = sum(fractions, ZERO) / len(fractions)
            how = "取平均"
        else:
            fraction = min(fractions)
            how = "取最低"
        reasons = [reason for f in found for reason in f.reasons]
        reasons.append(
            f"以上{len(found)}项共用一个分值（合并单元格），完成比例{how}"
            f"（框架规定 merged: {self.merged}）为{show(fraction * HUNDRED)}%"
        )
        sources = {f.source for f in found}
        source = "judgment" if "judgment" in sources else "computed"
        warnings = tuple(warning for f in found for warning in f.warnings)
        return Assessment(fraction, tuple(reasons), source, warnings)

    def _single(self, row: Mapping[str, Any], prefix: str) -> Assessment:
        cells = read_cells(row, prefix)
        target, actual, shown = cells.target, cells.actual, cells.shown
        level = cell_text(row.get("level"))
        if cells.qualitative:
            if not level:
                raise RowError(
                    "level",
                    f"{shown}：指标性质 is 定性; a qualitative row is scored by the level the "
                    f"data declares (level: {' / '.join(self.levels)})",
                )
            return self._by_level(row, level, f"{shown}，指标性质为定性")
        if actual is None and isinstance(target, (Bound, Span, Period)):
            raise RowError(
                "actual",
                f"{shown}：the actual (实际完成值) is blank, and the target is quantitative; "
                "fill it in, or mark the row 不适用 (not_applicable: true) if it does not apply",
            )
        comparable = comparison(target, actual)
        if comparable == "figures":
            assert isinstance(target, (Bound, Span)) and isinstance(actual, (Bound, Span))
            fraction, how = self._figures(target, actual)
            self._no_level(row, shown)
            assumed = f"{cells.assumed}，" if cells.assumed else ""
            return Assessment(fraction, (f"{shown}，{assumed}{how}",), warnings=cells.warnings)
        if comparable == "periods":
            assert isinstance(target, Period) and isinstance(actual, Period)
            if on_time(target, actual):
                self._no_level(row, shown)
                return Assessment(ONE, (f"{shown}，在指标规定的时间内完成，完成指标值",))
            if not level:
                raise RowError(
                    "level",
                    f"{shown}：the time target is missed; a missed time target is scored by the "
                    f"level the data declares (level: {' / '.join(self.levels)})",
                )
            return self._by_level(row, level, f"{shown}，未在指标规定的时间内完成")
        if not level:
            field = "actual" if target is not None and not isinstance(target, Words) else "level"
            if target is None:
                field = "target"
            raise RowError(
                field,
                f"{shown}：{why_qualitative(target, actual)}; a qualitative row is scored by "
                f"the level the data declares (level: {' / '.join(self.levels)})",
            )
        return self._by_level(row, level, f"{shown}，{why_qualitative(target, actual, zh=True)}")

    @staticmethod
    def _no_level(row: Mapping[str, Any], shown: str) -> None:
        """A row its figures can score takes no level or share: a judgment may not override a
        computed score."""
        for field in ("level", "share"):
            if cell_text(row.get(field)):
                raise RowError(
                    field,
                    f"{shown}：this row is scored from its figures; a {field} (达成/部分达成/"
                    "未达成) applies only to qualitative rows — remove it",
                )

    def _by_level(self, row: Mapping[str, Any], level: str, shown: str) -> Assessment:
        if level not in self.levels:
            raise RowError(
                "level",
                f"unknown level {level!r}; the framework's levels are {', '.join(self.levels)}",
            )
        spec = self.levels[level]
        raw = row.get("share")
        if raw is None or cell_text(raw) == "":
            if spec.share is None:
                raise RowError(
                    "share",
                    f"level {level} has no share declared in the framework; give the share of "
                    f"the 分值 the row earns (share:, in % within {spec.band()})",
                )
            share, said = spec.share, "框架规定"
        else:
            try:
                share = parse_number(raw, "%")
            except ValueError as exc:
                raise RowError("share", str(exc)) from None
            if not spec.contains(share):
                raise RowError(
                    "share",
                    f"share {plain(share)}% lies outside level {level}'s band {spec.band()}",
                )
            said = "评价人确定"
        reason = (
            f"{shown}；按数据声明的等级“{level}”（分值区间{spec.band()}），{said}"
            f"计分值的{plain(share)}%"
        )
        return Assessment(share / HUNDRED, (reason,), "judgment")

    # ------------------------------------------------------------------ figures

    def _figures(self, target: Bound | Span, actual: Bound | Span) -> tuple[Decimal, str]:
        """(fraction, how) for a numeric target and actual; RowError when they do not compare."""
        unit = target.unit
        op, low, high = self._target_terms(target)
        wants = "higher" if op in (">=", ">") else "lower" if op in ("<=", "<") else "both"
        value = actual_value(actual, wants, unit)
        said = (
            f"按{unit or '同一单位'}计为{plain(value)}，"
            if actual.unit != unit or isinstance(actual, Span)
            else ""
        )
        if meets(op, value, low, high):
            return ONE, f"{said}完成指标值"
        if value < low:  # short of a 正向 target or below a range/exact value
            if low <= 0:
                raise RowError(
                    "target", f"cannot score a shortfall in proportion to a target of {plain(low)}"
                )
            fraction = max(value / low, ZERO)
            how = (
                f"{said}未完成指标值，按完成值与指标值的比例计分："
                f"{plain(value)}/{plain(low)}={show(fraction * HUNDRED)}%"
            )
            return min(fraction, ONE), how
        if high < 0:
            raise RowError("target", f"cannot score an excess over a target of {plain(high)}")
        if op == "==" and (target.op == "==" if isinstance(target, Bound) else target.exact):
            if self.over_equal is None:
                raise RowError(
                    "target",
                    f"the actual exceeds the \"=\" target {target.text!r}, and the framework "
                    "does not say how that scores (rule.over_equal: full or reverse)",
                )
            if self.over_equal == "full":
                return ONE, f"{said}超过等值指标值，按框架规定（over_equal: full）视为完成指标值"
        if self.reverse == "ratio":
            fraction = high / value if value > 0 else ZERO
            how = (
                f"{said}超出指标值（反向指标），按指标值与完成值的比例计分："
                f"{plain(high)}/{plain(value)}={show(fraction * HUNDRED)}%"
            )
        else:
            fraction = max(2 - value / high, ZERO) if high > 0 else ZERO
            how = (
                f"{said}超出指标值（反向指标），按超出比例线性扣减，完成值达到指标值两倍时为0："
                f"2-{plain(value)}/{plain(high)}={show(fraction * HUNDRED)}%"
            )
        return min(fraction, ONE), how

    def _target_terms(self, target: Bound | Span) -> tuple[str, Decimal, Decimal]:
        """(comparison, low, high): what meeting the target means."""
        if isinstance(target, Span):
            op = "==" if target.exact else _PLAIN[str(self.plain)]
            if op == ">=":
                return ">=", target.low, target.low
            if op == "<=":
                return "<=", target.high, target.high
            return "==", target.low, target.high
        op = target.op or _PLAIN[str(self.plain)]
        return op, target.number, target.number


#: How many distinct rows a Target remembers the assessment of (see `assess`).
_ASSESSMENTS_KEPT = 4096
