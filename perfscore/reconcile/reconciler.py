"""Stated against recomputed: read `record.reported` and build one check per figure it states."""

from __future__ import annotations

from collections.abc import Container, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..engine.not_applicable import applicable_total, is_mark, uncounted_rows
from ..engine.points import finish
from ..errors import DataError
from ..explain import leaf_basis
from ..i18n import Message, say
from ..loading import load_framework
from ..model import Framework, Indicator
from ..numbers import ZERO
from ..records import Record, load_record
from ..result import Result
from ..rows import expanded_framework
from ..values import parse_number
from .checks import GradeCheck, ScoreCheck, TotalCheck, ValueCheck
from .partial import evaluate_given
from .possible import possible_scores
from .reconciliation import Reconciliation
from .sentences import TABLE

_REPORTED_KEYS = {"total", "grade", "scores", "values", "other", "note", "notes"}
_OTHER_KEYS = {"where", "total", "grade", "scores", "values", "note"}


def reconcile(
    fw: Framework | str | Path,
    record: Record | Mapping[str, Any] | str | Path,
    *,
    require_all: bool = False,
) -> Reconciliation:
    """Score `record` with `fw` and set every figure its report states beside the recomputed one.

    `fw` is a Framework, a framework file or a bundled name; `record` a Record, a record file,
    or a mapping of base data (then nothing is reported and only the framework is checked).
    A leaf whose inputs the data lack keeps the score the report states and is listed as not
    checked (`Reconciliation.unchecked`); with `require_all` the missing input is an error.
    """
    if not isinstance(fw, Framework):
        fw = load_framework(fw)
    if isinstance(record, (str, Path)):
        record = load_record(record)
    record = Record.coerce(record)
    # rows the data lists (B1.1 …) are indicators too
    reconciler = _Reconciler(expanded_framework(fw, record), record)
    marked = frozenset(
        code for code, raw in record.external_scores.items() if is_mark(raw) and code in fw.by_code
    )
    reconciler.out_of = applicable_total(fw, marked)  # indicators 不适用: the total rescaled
    result, unchecked = evaluate_given(fw, record, reconciler.table_scores, require_all=require_all)
    return reconciler.run(result, unchecked)


def stated_scores(record: Record, result: Result, fw: Framework) -> dict[str, Decimal]:
    """The scores `record`'s report states (`reported.scores`: 自评分), by code, read as
    reconcile reads them; the codes are checked against `fw`, then `result` (its rows)."""
    reported = record.reported
    if not reported:
        return {}
    if not isinstance(reported, Mapping):
        message = say("error.reconcile.reported-not-mapping")
        raise DataError(message, file=record.file, field="reported")
    return read_scores(
        reported.get("scores"), "reported.scores", _Codes(fw, result), fw.id, record.file
    )


class _Codes:
    """The framework's codes, then the result's: a row's code is made per record, and the
    result's index of codes is built only when a code is not the framework's."""

    def __init__(self, fw: Framework, result: Result) -> None:
        self.fw, self.result = fw, result

    def __contains__(self, code: object) -> bool:
        return code in self.fw.by_code or code in self.result


def stated_total(record: Record) -> Decimal | None:
    """The total `record`'s report states (`reported.total`), or None."""
    reported = record.reported
    if not isinstance(reported, Mapping) or reported.get("total") is None:
        return None
    try:
        return parse_number(reported["total"], "分")
    except ValueError as exc:
        raise DataError(f"{exc}", file=record.file, field="reported.total") from None


def read_scores(
    raw: Any, field: str, codes: Container[str], framework: str, file: str | None
) -> dict[str, Decimal]:
    """A mapping of indicator codes to stated scores, each code one of `codes`."""
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise DataError(say("error.reconcile.scores-not-mapping"), file=file, field=field)
    out = {}
    for code, score in raw.items():
        if not isinstance(code, str) or code not in codes:
            raise DataError(
                say("error.reconcile.not-an-indicator", code=code, framework=framework),
                file=file,
                field=f"{field}.{code}",
            )
        try:
            out[code] = parse_number(score, "分")
        except ValueError as exc:
            raise DataError(f"{exc}", file=file, field=f"{field}.{code}") from None
    return out


class _Reconciler:
    def __init__(self, fw: Framework, record: Record) -> None:
        self.fw = fw
        self.record = record
        self.out_of: Decimal | None = None
        reported = record.reported
        if not isinstance(reported, Mapping):
            raise self.error(say("error.reconcile.reported-not-mapping"), "reported")
        self.reported = reported
        self.table_scores = self.scores_of(reported.get("scores"), "reported.scores")

    def error(self, message: str | Message, field: str) -> DataError:
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
                say("error.reconcile.not-an-indicator", code=code, framework=self.fw.id),
                f"{field}.{code}",
            )
        return self.fw.by_code[code]

    def scores_of(self, raw: Any, field: str) -> dict[str, Decimal]:
        return read_scores(raw, field, self.fw.by_code, self.fw.id, self.record.file)

    # ------------------------------------------------------------------ the run

    def run(self, result: Result, unchecked: dict[str, tuple[str, ...]]) -> Reconciliation:
        self.result, self.unchecked = result, unchecked
        rows_out = uncounted_rows(self.fw, result)  # rows 不适用: the total rescaled without them
        if rows_out:
            self.out_of = (self.fw.total if self.out_of is None else self.out_of) - rows_out
        self.out = Reconciliation(
            self.fw, self.record, result, findings=list(result.findings), unchecked=unchecked
        )
        reported = self.reported
        for key in sorted(set(reported) - _REPORTED_KEYS, key=str):
            self.out.notes.append(f"reported.{key} is not reconciled (unknown key)")
        self.leaf_scores()
        self.statements(reported, "reported", TABLE, table=None)
        other = reported.get("other") or []
        if not isinstance(other, list):
            raise self.error(say("error.reconcile.other-not-list"), "reported.other")
        for i, entry in enumerate(other):
            where = f"reported.other[{i}]"
            if not isinstance(entry, Mapping):
                raise self.error(say("error.reconcile.other-not-mapping"), where)
            for key in sorted(set(entry) - _OTHER_KEYS, key=str):
                self.out.notes.append(f"{where}.{key} is not reconciled (unknown key)")
            label = f"其他[{i + 1}]"
            self.out.places[label] = str(entry.get("where") or where)
            self.statements(entry, where, label, table=reported)
        return self.out

    def leaf_scores(self) -> None:
        """One ScoreCheck for each leaf score the table states."""
        for code, score in self.table_scores.items():
            node = self.fw.by_code[code]
            if not node.is_leaf:
                continue
            got = self.result[code]
            assert node.rule is not None
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
                    basis=leaf_basis(got, self.result),
                    possible=possible_scores(node.rule, node.weight, *self.fw.rounding_of(node)),
                    missing=self.unchecked.get(code, ()),
                )
            )

    def statements(
        self, entry: Mapping[str, Any], where: str, label: str, table: Mapping[str, Any] | None
    ) -> None:
        """The scores, total, values and grade one place in the report states; `table` is the
        report's score table when the place is not the table itself."""
        self.stated_scores(entry, where, label, table)
        stated_total = self.stated_total(entry, where, label, table)
        values = entry.get("values")
        if values is not None:
            if not isinstance(values, Mapping):
                raise self.error(say("error.reconcile.values-not-mapping"), f"{where}.values")
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

    def stated_scores(
        self, entry: Mapping[str, Any], where: str, label: str, table: Mapping[str, Any] | None
    ) -> None:
        in_table = table is None
        scores = self.table_scores if in_table else self.scores_of(entry.get("scores"), where)
        for code, stated in scores.items():
            node = self.fw.by_code[code]
            if in_table and node.is_leaf:
                continue  # the table's own leaf scores are the ScoreChecks
            reported_sum: Decimal | None = None
            missing: tuple[str, ...] = ()
            if not node.is_leaf:
                reported_sum, missing = self.sum_below(node.children, node)
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
                    unchecked=self.unchecked_below([node]),
                )
            )

    def stated_total(
        self, entry: Mapping[str, Any], where: str, label: str, table: Mapping[str, Any] | None
    ) -> Decimal | None:
        """The total this place states (checked), or None when it states none."""
        if entry.get("total") is None:
            return None
        stated = self.number(entry["total"], f"{where}.total")
        reported_sum, missing = self.sum_below(self.fw.indicators)
        if reported_sum is not None and self.out_of is not None:  # as the recomputation does
            fw = self.fw
            reported_sum = finish(reported_sum * fw.total / self.out_of, fw.total, fw.precision)
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
                stated=stated,
                table=table_total,
                reported_sum=reported_sum,
                missing=missing,
                recomputed=self.result.total,
                unchecked=self.unchecked_below(self.fw.indicators),
            )
        )
        return stated

    def value(self, code: Any, raw: Any, where: str, label: str) -> None:
        field = f"{where}.values.{code}"
        node = self.node(code, f"{where}.values")
        if not node.is_leaf:
            raise self.error(say("error.reconcile.value-not-leaf"), field)
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
                basis=leaf_basis(got, self.result),
            )
        )

    def unchecked_below(self, nodes: list[Indicator]) -> tuple[str, ...]:
        """The leaves under `nodes` that kept their stated score (their data are missing)."""
        return tuple(leaf.code for n in nodes for leaf in n.walk() if leaf.code in self.unchecked)

    def added_up(self, node: Indicator, parts: list[Decimal]) -> Decimal:
        """A parent's share of the report's scores of its children: their sum; for a parent
        whose rows 不适用 were not counted, the counted ones' sum rescaled to its weight, as the
        recomputation does (engine.not_applicable)."""
        trace = self.result[node.code].trace if node.code in self.result else None
        if trace is None or trace.rule != "not_applicable":
            return sum(parts, ZERO)
        counted = [
            (part, child)
            for part, child in zip(parts, node.children, strict=True)
            if self.result[child.code].source != "not_applicable"
        ]
        out_of = sum((child.weight for _, child in counted), ZERO)
        if out_of == ZERO:
            return ZERO
        precision, mode = self.fw.rounding_of(node)
        points = sum((part for part, _ in counted), ZERO) * node.weight / out_of
        return finish(points, node.weight, precision, mode)

    def sum_below(
        self, nodes: list[Indicator], parent: Indicator | None = None
    ) -> tuple[Decimal | None, tuple[str, ...]]:
        """The report's own scores for `nodes` (the children of `parent`, when given) added up:
        a leaf's table score, a parent's sum of its children (or, where a leaf below it has no
        score, the table's score for it)."""
        missing: list[str] = []

        def effective(node: Indicator) -> Decimal | None:
            if node.is_leaf:
                if node.code not in self.table_scores:
                    missing.append(node.code)
                return self.table_scores.get(node.code)
            before = len(missing)
            parts = [effective(child) for child in node.children]
            if all(p is not None for p in parts):
                return self.added_up(node, [p for p in parts if p is not None])
            if node.code in self.table_scores:
                del missing[before:]
                return self.table_scores[node.code]
            return None

        parts = [effective(node) for node in nodes]
        if any(p is None for p in parts):
            return None, tuple(missing)
        given = [p for p in parts if p is not None]
        return (sum(given, ZERO) if parent is None else self.added_up(parent, given)), ()
