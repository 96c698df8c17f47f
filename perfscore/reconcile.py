"""Reconciliation (复核): what a report states against what its own base data give.

Finance bureaus re-check (复核) the self-evaluations units send them. `reconcile(fw, record)`
scores the record's base data with the framework and sets every figure the report states
(`record.reported`) beside the recomputed one:

- each indicator's reported score (得分) against the recomputed score, with how the recomputed
  score came about (the trace) and whether the rule can give the reported score at all;
- each stated sub-total and total (`reported.scores` of parents, `reported.total`, and every entry
  of `reported.other`, e.g. the narrative's own figures) against the sum of the report's leaf
  scores, against the table, and against the recomputed score;
- each value the report computes itself (`reported.values`, `other[*].values`: "结转结余率…=1%")
  against the recomputed value, at the precision the report writes it;
- the stated grade against the recomputed one;
- the framework's own findings (weights that do not add up, rules that overshoot …).

The result is data (`Reconciliation`): `.differences` lists every disagreement, `.agrees` is
true when there is none, `.to_dict()` is what `perfscore reconcile --format json` prints.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from .checks import Finding, check_framework
from .engine.scoring import evaluate
from .errors import DataError
from .loading import load_framework
from .model import Framework, Indicator
from .numbers import ZERO, json_number, plain, round_half_up
from .records import Record, load_record
from .result import IndicatorResult, Result
from .rows import expanded_framework
from .rules import Rule
from .rules.checklist import Checklist
from .rules.curves import Threshold
from .rules.deduction import CountDeduction, StepDeduction
from .rules.given import Judgment
from .rules.veto import Veto
from .textwidth import display_width, pad
from .values import parse_number

Kind = Literal["score", "possible", "sum", "table", "total", "value", "grade", "framework"]

TABLE = "评分表"
_SOURCE_WORDS = {"computed": "计算", "judgment": "评价人", "external": "外部"}
_REPORTED_KEYS = {"total", "grade", "scores", "values", "other", "note", "notes"}
_OTHER_KEYS = {"where", "total", "grade", "scores", "values", "note"}
_MAX_CHECKLIST_ITEMS = 24


# --------------------------------------------------------------------------- possible scores


@dataclass(frozen=True)
class Possible:
    """The scores a rule can give, after capping at the weight and rounding: a finite set
    (checklists, counts, whole-step deductions, all-or-nothing thresholds) or a range."""

    points: tuple[Decimal, ...] = ()  # a finite set, highest first; empty for a range
    low: Decimal = ZERO
    high: Decimal = ZERO

    def __contains__(self, score: object) -> bool:
        if not isinstance(score, Decimal):
            return False
        if self.points:
            return score in self.points
        return self.low <= score <= self.high

    def describe(self) -> str:
        if self.points:
            return "、".join(plain(p) for p in self.points)
        return f"{plain(self.low)}–{plain(self.high)}"


def possible_scores(rule: Rule, weight: Decimal, precision: int) -> Possible:
    """What `rule` can award in an indicator of `weight` points, as the engine would score it."""

    def finish(raw: Iterable[Decimal]) -> Possible:
        done = {round_half_up(min(max(p, ZERO), weight), precision) for p in raw}
        return Possible(points=tuple(sorted(done, reverse=True)))

    def span(low: Decimal, high: Decimal) -> Possible:
        low, high = (round_half_up(min(max(p, ZERO), weight), precision) for p in (low, high))
        return Possible(low=low, high=high)

    if isinstance(rule, Veto):
        inner = possible_scores(rule.inner, weight, precision)
        if inner.points:
            return finish([*inner.points, ZERO])
        return span(ZERO, inner.high)
    if isinstance(rule, Checklist) and len(rule.items) <= _MAX_CHECKLIST_ITEMS:
        sums = {ZERO}
        for _, points in rule.items.values():
            sums |= {s + points for s in sums}
        if rule.full is None:  # earn: the points of the items met
            return finish(sums)
        return finish(max(rule.full - s, ZERO) for s in sums)
    if isinstance(rule, CountDeduction):
        reachable = [ZERO]
        cases = 0
        while True:
            cases += 1
            if rule.zero_at is not None and cases >= rule.zero_at:
                break
            left = rule.weight - cases * rule.per_case
            if left <= 0 or rule.per_case <= 0:
                break
            reachable.append(left)
        return finish([rule.weight, *reachable])
    if isinstance(rule, StepDeduction) and rule.mode != "continuous" and rule.per_step > 0:
        steps = math.ceil(rule.full / rule.per_step)
        return finish([*(rule.full - k * rule.per_step for k in range(steps + 1)), ZERO])
    if isinstance(rule, Threshold) and rule.otherwise is None:
        return finish([rule.passed, rule.failed])
    if isinstance(rule, Judgment):
        return span(rule.minimum, rule.maximum)
    return span(ZERO, rule.max_points())


# --------------------------------------------------------------------------- the checks


@dataclass(frozen=True)
class ScoreCheck:
    """A leaf's score as the report's table states it, against the recomputed score."""

    code: str
    name: str
    weight: Decimal
    reported: Decimal
    recomputed: Decimal
    source: str  # how the recomputed score came about: computed, judgment or external
    value: Any
    unit: str
    basis: str  # the trace in words
    possible: Possible | None = None  # set when the reported score is not one the rule can give

    @property
    def agrees(self) -> bool:
        return self.reported == self.recomputed and self.possible is None

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
        if isinstance(self.value, Decimal):
            out["value"] = json_number(self.value)
            out["unit"] = self.unit
        if self.possible is not None:
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

    @property
    def agrees(self) -> bool:
        return all(
            other is None or other == self.stated
            for other in (self.table, self.reported_sum, self.recomputed)
        )

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
    def agrees(self) -> bool | None:
        return None if self.rounded is None else self.rounded == self.stated

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
    where: str
    label: str
    stated: str
    of_stated_total: str | None  # the grade the stated total falls in, if a total is stated
    recomputed: str | None

    @property
    def agrees(self) -> bool:
        return self.stated == self.recomputed and self.of_stated_total in (None, self.stated)

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


@dataclass
class Reconciliation:
    """Everything a report states, set beside what its base data give."""

    framework: Framework
    record: Record
    result: Result
    scores: list[ScoreCheck] = field(default_factory=list)
    totals: list[TotalCheck] = field(default_factory=list)
    values: list[ValueCheck] = field(default_factory=list)
    grades: list[GradeCheck] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # parts of `reported` not understood
    places: dict[str, str] = field(default_factory=dict)  # label -> where in the report

    @property
    def differences(self) -> list[Difference]:
        return list(_differences(self))

    @property
    def agrees(self) -> bool:
        return not self.differences

    def to_dict(self) -> dict[str, Any]:
        fw, record = self.framework, self.record
        differences = self.differences
        return {
            "framework": {"id": fw.id, "version": fw.version, "name": fw.name, "file": fw.file},
            "record": {"id": record.id, "title": record.title, "file": record.file},
            "agrees": not differences,
            "recomputed": {
                "total": json_number(self.result.total),
                "grade": self.result.grade,
            },
            "differences": [d.to_dict() for d in differences],
            "scores": [s.to_dict() for s in self.scores],
            "totals": [t.to_dict() for t in self.totals],
            "values": [v.to_dict() for v in self.values],
            "grades": [g.to_dict() for g in self.grades],
            "findings": [f.to_dict() for f in self.findings],
            "places": dict(self.places),
            "notes": list(self.notes),
        }


# --------------------------------------------------------------------------- reconciling


def reconcile(
    fw: Framework | str | Path,
    record: Record | Mapping[str, Any] | str | Path,
) -> Reconciliation:
    """Score `record` with `fw` and set every figure its report states beside the recomputed one.

    `fw` is a Framework, a framework file or a bundled name; `record` a Record, a record file,
    or a mapping of base data (then nothing is reported and only the framework is checked).
    """
    if not isinstance(fw, Framework):
        fw = load_framework(fw)
    if isinstance(record, (str, Path)):
        record = load_record(record)
    record = Record.coerce(record)
    result = evaluate(fw, record)
    result.findings[:0] = check_framework(fw)
    fw = expanded_framework(fw, record)  # rows the data lists (B1.1 …) are indicators too
    return _Reconciler(fw, record, result).run()


class _Reconciler:
    def __init__(self, fw: Framework, record: Record, result: Result) -> None:
        self.fw = fw
        self.record = record
        self.result = result
        self.out = Reconciliation(fw, record, result, findings=list(result.findings))
        reported = record.reported
        if not isinstance(reported, Mapping):
            raise self.error("'reported' must be a mapping", "reported")
        self.reported = reported
        self.table_scores = self.scores_of(reported.get("scores"), "reported.scores")

    def error(self, message: str, field: str) -> DataError:
        return DataError(message, file=self.record.file, field=field)

    # ------------------------------------------------------------------ reading `reported`

    def number(self, raw: Any, field: str, unit: str = "分") -> Decimal:
        try:
            return parse_number(raw, unit)
        except ValueError as exc:
            raise self.error(f"{exc}", field) from None

    def node(self, code: Any, field: str) -> Indicator:
        if not isinstance(code, str) or code not in self.fw.by_code:
            raise self.error(
                f"{code!r} is not an indicator of framework {self.fw.id!r}", f"{field}.{code}"
            )
        return self.fw.by_code[code]

    def scores_of(self, raw: Any, field: str) -> dict[str, Decimal]:
        if raw is None:
            return {}
        if not isinstance(raw, Mapping):
            raise self.error("must map indicator codes to scores", field)
        out = {}
        for code, score in raw.items():
            self.node(code, field)
            out[code] = self.number(score, f"{field}.{code}")
        return out

    # ------------------------------------------------------------------ the run

    def run(self) -> Reconciliation:
        reported = self.reported
        for key in sorted(set(reported) - _REPORTED_KEYS, key=str):
            self.out.notes.append(f"reported.{key} is not reconciled (unknown key)")
        self.leaf_scores()
        self.statements(reported, "reported", TABLE, table=None)
        other = reported.get("other") or []
        if not isinstance(other, list):
            raise self.error("must be a list of places in the report", "reported.other")
        for i, entry in enumerate(other):
            where = f"reported.other[{i}]"
            if not isinstance(entry, Mapping):
                raise self.error("must be a mapping with where, scores, total, values", where)
            for key in sorted(set(entry) - _OTHER_KEYS, key=str):
                self.out.notes.append(f"{where}.{key} is not reconciled (unknown key)")
            label = f"其他[{i + 1}]"
            self.out.places[label] = str(entry.get("where") or where)
            self.statements(entry, where, label, table=reported)
        return self.out

    def leaf_scores(self) -> None:
        for code, score in self.table_scores.items():
            node = self.fw.by_code[code]
            if not node.is_leaf:
                continue
            got = self.result[code]
            assert node.rule is not None
            possible = possible_scores(node.rule, node.weight, self.fw.precision)
            self.out.scores.append(
                ScoreCheck(
                    code=code,
                    name=node.name,
                    weight=node.weight,
                    reported=score,
                    recomputed=got.score,
                    source=got.source,
                    value=got.value,
                    unit=got.unit,
                    basis=_basis(got, self.result),
                    possible=None if score in possible else possible,
                )
            )

    def statements(
        self, entry: Mapping[str, Any], where: str, label: str, table: Mapping[str, Any] | None
    ) -> None:
        """The scores, total, values and grade one place in the report states."""
        in_table = table is None
        scores = self.table_scores if in_table else self.scores_of(entry.get("scores"), where)
        for code, stated in scores.items():
            node = self.fw.by_code[code]
            if in_table and node.is_leaf:
                continue  # the table's own leaf scores are the ScoreChecks
            reported_sum: Decimal | None = None
            missing: tuple[str, ...] = ()
            if not node.is_leaf:
                reported_sum, missing = self.sum_below(node.children)
            self.out.totals.append(
                TotalCheck(
                    where=f"{where}.scores.{code}",
                    label=label,
                    code=code,
                    name=node.name,
                    weight=node.weight,
                    stated=stated,
                    table=None if in_table else self.table_scores.get(code),
                    reported_sum=reported_sum,
                    missing=missing,
                    recomputed=self.result[code].score,
                )
            )
        stated_total: Decimal | None = None
        if entry.get("total") is not None:
            stated_total = self.number(entry["total"], f"{where}.total")
            reported_sum, missing = self.sum_below(self.fw.indicators)
            table_total = None
            if table is not None and table.get("total") is not None:
                table_total = self.number(table["total"], "reported.total")
            self.out.totals.append(
                TotalCheck(
                    where=f"{where}.total",
                    label=label,
                    code=None,
                    name="总分",
                    weight=self.fw.total,
                    stated=stated_total,
                    table=table_total,
                    reported_sum=reported_sum,
                    missing=missing,
                    recomputed=self.result.total,
                )
            )
        values = entry.get("values")
        if values is not None:
            if not isinstance(values, Mapping):
                raise self.error("must map indicator codes to values", f"{where}.values")
            for code, raw in values.items():
                self.value(code, raw, where, label)
        if entry.get("grade") is not None:
            self.out.grades.append(
                GradeCheck(
                    where=f"{where}.grade",
                    label=label,
                    stated=str(entry["grade"]),
                    of_stated_total=(
                        None if stated_total is None else self.fw.grade_of(stated_total)
                    ),
                    recomputed=self.result.grade,
                )
            )

    def value(self, code: Any, raw: Any, where: str, label: str) -> None:
        field = f"{where}.values.{code}"
        node = self.node(code, f"{where}.values")
        if not node.is_leaf:
            raise self.error("values are stated for leaf indicators only", field)
        stated = self.number(raw, field, node.unit)
        exponent = stated.as_tuple().exponent
        places = max(0, -exponent) if isinstance(exponent, int) else 0
        got = self.result[code]
        recomputed = got.value if isinstance(got.value, Decimal) else None
        self.out.values.append(
            ValueCheck(
                where=field,
                label=label,
                code=code,
                name=node.name,
                unit=node.unit,
                stated_text=str(raw),
                stated=stated,
                places=places,
                recomputed=recomputed,
                basis=_basis(got, self.result),
            )
        )

    def sum_below(self, nodes: list[Indicator]) -> tuple[Decimal | None, tuple[str, ...]]:
        """The report's own scores for `nodes` added up: a leaf's table score, a parent's sum
        of its children (or, where a leaf below it has no score, the table's score for it)."""
        missing: list[str] = []

        def effective(node: Indicator) -> Decimal | None:
            if node.is_leaf:
                if node.code not in self.table_scores:
                    missing.append(node.code)
                return self.table_scores.get(node.code)
            before = len(missing)
            parts = [effective(child) for child in node.children]
            if all(p is not None for p in parts):
                return sum((p for p in parts if p is not None), ZERO)
            if node.code in self.table_scores:
                del missing[before:]
                return self.table_scores[node.code]
            return None

        parts = [effective(node) for node in nodes]
        if any(p is None for p in parts):
            return None, tuple(missing)
        return sum((p for p in parts if p is not None), ZERO), ()


def _basis(node: IndicatorResult, result: Result) -> str:
    """How the recomputed score came about, in a report's words (the trace)."""
    from .explain import leaf_basis

    text = leaf_basis(node, result)
    if node.source == "external" and not text:
        text = "采用外部提供的得分。"
    return text


# --------------------------------------------------------------------------- differences


def _signed(value: Decimal) -> str:
    return ("+" if value > 0 else "") + plain(value)


def _differences(rec: Reconciliation) -> Iterable[Difference]:
    score_gaps = {
        s.code: s.recomputed - s.reported for s in rec.scores if s.recomputed != s.reported
    }
    for s in rec.scores:
        label = f"{s.code} {s.name}"
        if s.reported != s.recomputed:
            how = (
                ""
                if s.source == "computed"
                else f"（复核采用{_SOURCE_WORDS.get(s.source, s.source)}得分）"
            )
            message = (
                f"{label}：报告{plain(s.reported)}分，复核{plain(s.recomputed)}分{how} / "
                f"reported {plain(s.reported)}, recomputed {plain(s.recomputed)}. "
                f"复核依据 / basis: {s.basis}"
            )
            if s.possible is not None:
                message += f" 该评分标准可能的得分 / possible scores: {s.possible.describe()}。"
            yield Difference(
                "score",
                s.code,
                s.name,
                TABLE,
                plain(s.reported),
                plain(s.recomputed),
                "recomputed",
                message,
            )
        elif s.possible is not None:
            yield Difference(
                "possible",
                s.code,
                s.name,
                TABLE,
                plain(s.reported),
                s.possible.describe(),
                "rule",
                f"{label}：报告{plain(s.reported)}分，但评分标准只能给出 {s.possible.describe()} 分"
                f" / the rule cannot give {plain(s.reported)}; it gives {s.possible.describe()}"
                + _criteria_of(rec, s.code),
            )
    for t in rec.totals:
        label = f"{t.code} {t.name}" if t.code else t.name
        at = t.label
        if t.table is not None and t.table != t.stated:
            yield Difference(
                "table",
                t.code,
                t.name,
                t.where,
                plain(t.stated),
                plain(t.table),
                "table",
                f"{at}：{label}写{plain(t.stated)}分，评分表写{plain(t.table)}分 / "
                f"stated {plain(t.stated)} here, {plain(t.table)} in the table",
            )
        if t.reported_sum is not None and t.reported_sum != t.stated:
            yield Difference(
                "sum",
                t.code,
                t.name,
                t.where,
                plain(t.stated),
                plain(t.reported_sum),
                "reported sum",
                f"{at}：{label}写{plain(t.stated)}分，报告各项得分合计{plain(t.reported_sum)}分 / "
                f"stated {plain(t.stated)}, the report's own scores add up to "
                f"{plain(t.reported_sum)}",
            )
        if t.recomputed != t.stated:
            below = _gaps_below(rec.framework, t.code, score_gaps)
            leaf = t.code is not None and rec.framework.by_code[t.code].is_leaf
            yield Difference(
                "score" if leaf else "total",
                t.code,
                t.name,
                t.where,
                plain(t.stated),
                plain(t.recomputed),
                "recomputed",
                f"{at}：{label}写{plain(t.stated)}分，复核{plain(t.recomputed)}分 / "
                f"stated {plain(t.stated)}, recomputed {plain(t.recomputed)}" + below,
            )
    for v in rec.values:
        if v.agrees is False:
            assert v.recomputed is not None and v.rounded is not None
            at = v.label
            shown = _value(v.recomputed, rec.framework.value_precision)
            sign = ""
            if v.rounded == -v.stated:
                sign = "（符号相反 / the sign differs）"
            yield Difference(
                "value",
                v.code,
                v.name,
                v.where,
                v.stated_text,
                shown + v.unit,
                "recomputed",
                f"{at}：{v.code} {v.name}写作{v.stated_text}，按基础数据复核为{shown}{v.unit}"
                f"（按报告的精度为{plain(v.rounded)}{v.unit}）{sign} / the report writes "
                f"{v.stated_text}; its base data give {shown}{v.unit}. 复核依据 / basis: {v.basis}",
            )
    for g in rec.grades:
        if g.recomputed != g.stated:
            yield Difference(
                "grade",
                None,
                "等级",
                g.where,
                g.stated,
                str(g.recomputed),
                "recomputed",
                f"{g.label}：等级写“{g.stated}”，复核为“{g.recomputed or '—'}” / "
                f"grade stated {g.stated}, recomputed {g.recomputed or 'none'}",
            )
        if g.of_stated_total not in (None, g.stated):
            yield Difference(
                "grade",
                None,
                "等级",
                g.where,
                g.stated,
                str(g.of_stated_total),
                "reported sum",
                f"{g.label}：等级写“{g.stated}”，但报告所写总分属于“{g.of_stated_total}” / "
                f"grade stated {g.stated}, the stated total falls in {g.of_stated_total}",
            )
    for f in rec.findings:
        if f.level == "error":
            yield Difference(
                "framework",
                f.code,
                f.check,
                f"{f.file}:{f.line}" if f.line else str(f.file),
                "",
                "",
                "framework",
                str(f),
            )


def _criteria_of(rec: Reconciliation, code: str) -> str:
    criteria = rec.framework.by_code[code].criteria.strip()
    return f"（评分细则：{criteria}）" if criteria else ""


def _gaps_below(fw: Framework, code: str | None, gaps: Mapping[str, Decimal]) -> str:
    nodes = fw.indicators if code is None else [fw.by_code[code]]
    below = [leaf.code for node in nodes for leaf in node.walk() if leaf.code in gaps]
    if not below:
        return ""
    parts = "，".join(f"{c} {_signed(gaps[c])}" for c in below)
    return f"（复核与报告的差别来自 / from: {parts}）"


def _value(value: Decimal, places: int) -> str:
    return format(round_half_up(value, places), "f")


# --------------------------------------------------------------------------- text


def _table(header: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    widths = [max(display_width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = []
    for row in [header, *rows]:
        cells = [pad(cell, widths[i], i in right) for i, cell in enumerate(row)]
        lines.append("  " + "  ".join(cells).rstrip())
    return lines


def _opt(value: Decimal | None) -> str:
    return "—" if value is None else plain(value)


def render_text(rec: Reconciliation) -> str:
    """A readable report of the reconciliation, Chinese with English alongside."""
    fw, record = rec.framework, rec.record
    differences = rec.differences
    lines = [
        "复核 / Reconciliation",
        f"  数据 / data:      {record.file or record.id or '—'}"
        + (f"（{record.title}）" if record.title else ""),
        f"  框架 / framework: {fw.file or fw.id}（{fw.id} {fw.version}）",
        f"  复核总分 / recomputed total: {plain(rec.result.total)}"
        + (f"（{rec.result.grade}）" if rec.result.grade else ""),
        "  结论 / verdict:   "
        + (
            "全部一致 / all agree"
            if not differences
            else f"{len(differences)} 处不一致 / {len(differences)} difference(s)"
        ),
    ]
    if rec.scores:
        lines += ["", "指标得分 / Indicator scores（报告 reported · 复核 recomputed）"]
        rows = [
            [
                s.code,
                s.name,
                plain(s.weight),
                plain(s.reported),
                plain(s.recomputed),
                _SOURCE_WORDS.get(s.source, s.source),
                "" if s.agrees else "≠",
            ]
            for s in rec.scores
        ]
        header = ["代码", "指标 indicator", "分值", "报告", "复核", "来源 source", ""]
        lines += _table(header, rows, {2, 3, 4})
    if rec.totals:
        lines += ["", "小计与总分 / Sub-totals and totals"]
        rows = [
            [
                t.label,
                t.code or "—",
                t.name,
                plain(t.stated),
                _opt(t.table),
                _opt(t.reported_sum) if not t.missing else "缺" + str(len(t.missing)),
                plain(t.recomputed),
                "" if t.agrees else "≠",
            ]
            for t in rec.totals
        ]
        header = ["出处 where", "代码", "指标", "报告", "评分表", "报告合计 sum", "复核", ""]
        lines += _table(header, rows, {3, 4, 5, 6})
    if rec.values:
        lines += ["", "报告的计算值 / Values the report computes"]
        rows = [
            [
                v.label,
                v.code,
                v.name,
                v.stated_text,
                "—"
                if v.recomputed is None
                else _value(v.recomputed, rec.framework.value_precision) + v.unit,
                {True: "", False: "≠", None: "未复核"}[v.agrees],
            ]
            for v in rec.values
        ]
        lines += _table(["出处 where", "代码", "指标", "报告", "复核", ""], rows, {3, 4})
    if rec.grades:
        lines += ["", "等级 / Grade"]
        rows = [
            [
                g.label,
                g.stated,
                g.of_stated_total or "—",
                g.recomputed or "—",
                "" if g.agrees else "≠",
            ]
            for g in rec.grades
        ]
        lines += _table(["出处 where", "报告", "报告总分所属", "复核", ""], rows, set())
    if rec.places:
        lines += ["", "出处 / Places in the report"]
        lines += [f"  {label}: {where}" for label, where in rec.places.items()]
    if rec.findings:
        lines += ["", "框架检查 / Framework findings"]
        lines += [f"  - {f}" for f in rec.findings]
    if rec.notes:
        lines += ["", "说明 / Notes"]
        lines += [f"  - {note}" for note in rec.notes]
    listed = [d for d in differences if d.kind != "framework"]
    if listed:
        lines += ["", "不一致 / Differences"]
        lines += [f"  {i}. [{d.kind}] {d.message}" for i, d in enumerate(listed, 1)]
    errors = len(differences) - len(listed)
    if errors:
        lines += [
            "",
            f"另有框架错误{errors}处（见“框架检查”） / plus {errors} framework error(s), "
            "listed under Framework findings",
        ]
    return "\n".join(lines) + "\n"
