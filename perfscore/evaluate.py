"""Scoring one record: base data -> derived values -> leaf values -> points -> roll-up -> grade."""

from __future__ import annotations

import decimal
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .checks import Finding
from .errors import DataError
from .expressions import Formula
from .numbers import ZERO, plain, round_half_up
from .plausibility import PlausibleRange, bare_fraction, fraction_finding, range_finding, recomputer
from .records import Record
from .result import IndicatorResult, Result, Trace
from .rows import expand as expand_rows
from .rules import Context, InputSpec, Outcome
from .surveys import read_survey
from .values import read_flag, read_items, read_number

if TYPE_CHECKING:
    from .framework import Field, Framework, Indicator


class _ZeroDenominator(Exception):
    def __init__(self, formula: Formula) -> None:
        self.formula = formula


def evaluate(
    fw: Framework, data: Any, *, external_scores: Mapping[str, Any] | None = None
) -> Result:
    record = Record.coerce(data, external_scores)
    run = _Run(fw, record)
    roots = [run.node(root) for root in fw.indicators]
    total = sum((root.score for root in roots), ZERO)
    return Result(
        framework_id=fw.id,
        framework_version=fw.version,
        framework_name=fw.name,
        total=total,
        maximum=fw.total,
        grade=fw.grade_of(total),
        indicators=roots,
        findings=[*fw.findings, *run.row_findings, *run.warnings(), *run.implausible],
        record_id=record.id,
        record_title=record.title,
        precision=fw.precision,
        value_precision=fw.value_precision,
    )


class _Run:
    """The state of one evaluation: names resolved so far."""

    def __init__(self, fw: Framework, record: Record) -> None:
        self.fw = fw
        self.record = record
        self.names: dict[str, Any] = {}
        self.code: str | None = None  # the indicator being scored, for error messages
        self.row_findings: list[Finding] = []  # about rows expanded from the data
        self.implausible: list[Finding] = []  # values that score but look mistyped
        for code in record.external_scores:
            node = fw.by_code.get(code)
            if node is None:
                raise self.error(f"external score for unknown indicator {code!r}", code)
            if node.children or node.rows is not None:
                raise self.error(
                    f"external score for {code!r}, which is scored from its "
                    f"{'children' if node.children else 'rows'}; give scores for its leaves",
                    code,
                )

    def error(self, message: str, field: str | None) -> DataError:
        file, line = self.place(field)
        return DataError(message, file=file, line=line, path=self.code, field=field)

    def place(self, field: str | None) -> tuple[str | None, int | None]:
        """Where a data value was read: the file (with a form's cell) and the line."""
        file = self.record.file
        cell = self.record.locations.get(field) if field else None  # e.g. 基础数据!C7 of a form
        if cell:
            file = f"{file}: {cell}" if file else cell
        line = self.record.lines.get(field) if field and not cell else None
        return file, line

    def unit_of(self, name: str) -> str:
        spec = self.fw.fields.get(name) or self.fw.derived.get(name)
        return spec.unit if spec is not None else ""

    # ------------------------------------------------------------------ names and values

    def name(self, name: str) -> Any:
        if name not in self.names:
            if name in self.fw.derived:
                derived = self.fw.derived[name]
                self.names[name] = value = self.formula(derived.formula)
                if derived.plausible is not None:
                    self.check_range(
                        name, value, derived.unit, derived.plausible, derived.formula, name
                    )
            else:
                self.names[name] = self.field(self.fw.fields[name])
        return self.names[name]

    def field(self, spec: Field) -> Any:
        if spec.name not in self.record.values:
            raise self.error(
                f"missing base-data field {spec.name!r}" + (f" ({spec.unit})" if spec.unit else ""),
                spec.name,
            )
        raw = self.record.values[spec.name]
        try:
            if spec.type == "boolean":
                return read_flag(raw)
            if spec.type == "survey":
                return read_survey(raw, minimum=spec.minimum, maximum=spec.maximum)
            value = read_number(
                raw,
                unit=spec.unit,
                minimum=spec.minimum,
                maximum=spec.maximum,
                integer=spec.type == "integer",
            )
        except ValueError as exc:
            raise self.error(str(exc), spec.name) from None
        if bare_fraction(raw, value, spec.unit):
            self.implausible.append(
                fraction_finding(spec.name, value, self.code, *self.place(spec.name))
            )
        return value

    def formula(self, formula: Formula) -> Any:
        names = {n: self.name(n) for n in formula.names}
        try:
            return formula.evaluate(names)
        except (decimal.DivisionByZero, decimal.InvalidOperation, ZeroDivisionError):
            raise _ZeroDenominator(formula) from None
        except (ArithmeticError, TypeError) as exc:
            raise self.error(f"formula {formula.quoted} failed: {exc}", "formula") from None

    def read(self, spec: InputSpec, unit: str = "") -> Any:
        """An input of the current indicator, read from the data and checked; a number written
        with `unit` (the leaf's own, "96%") or a convertible one is accepted."""
        if spec.name not in self.record.values:
            raise self.error(f"missing input {spec.name!r} ({_describe(spec)})", spec.name)
        raw = self.record.values[spec.name]
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
            raise self.error(f"{exc} ({_describe(spec)})", spec.name) from None

    # ------------------------------------------------------------------ the tree

    def node(self, node: Indicator) -> IndicatorResult:
        if node.rows is not None:  # indicators listed in the data: expand, then score as usual
            expanded, findings = expand_rows(node, self.record, self.fw)
            self.row_findings.extend(findings)
            return self.node(expanded)
        if node.children:
            children = [self.node(child) for child in node.children]
            score = sum((c.score for c in children), ZERO)
            return IndicatorResult(
                node.code,
                node.name,
                node.weight,
                score,
                children,
                explanation=node.explanation,
                data_source=node.data_source,
            )
        self.code = node.code
        try:
            return self.leaf(node)
        finally:
            self.code = None

    def leaf(self, node: Indicator) -> IndicatorResult:
        if node.code in self.record.external_scores:
            return self.external(node)
        assert node.rule is not None
        inputs: dict[str, Any] = {}
        try:
            if node.formula is not None:
                inputs = {n: self.name(n) for n in sorted(node.formula.names)}
                value = self.formula(node.formula)
                if isinstance(value, bool) or not isinstance(value, Decimal):
                    raise self.error(
                        f"formula {node.formula.quoted} did not give a number", "formula"
                    )
            elif node.row is not None:  # a row expanded from the data: its cells
                value = node.row
            else:
                spec = node.value_spec()
                value = self.read(spec, node.unit)
                if spec.value_type == "number" and bare_fraction(
                    self.record.values[spec.name], value, node.unit
                ):
                    self.implausible.append(
                        fraction_finding(spec.name, value, node.code, *self.place(spec.name))
                    )
            if node.plausible is not None:
                self.check_range(
                    f"{node.code} {node.name}",
                    value,
                    node.unit,
                    node.plausible,
                    node.formula,
                    node.value_spec().name,
                )
            ctx = Context(node.code, node.weight, node.unit, self.read, _LazyNames(self))
            outcome = node.rule.score(value, ctx)
        except _ZeroDenominator as zero:
            value, outcome = None, self.zero_denominator(node, zero.formula)
        except ArithmeticError as exc:
            # a rule's own formula (a veto's `when`) failed, or a value beyond what the rule's
            # exact arithmetic can carry: a clear error naming the indicator, not a traceback
            raise self.error(
                f"rule {node.rule.kind!r} could not score this value: {exc or type(exc).__name__}",
                "rule",
            ) from None
        return self.scored(node, value, outcome, inputs)

    def scored(
        self, node: Indicator, value: Any, outcome: Outcome, inputs: dict[str, Any]
    ) -> IndicatorResult:
        points = min(max(outcome.points, ZERO), node.weight)
        reasons = outcome.reasons
        if points != outcome.points:
            reasons += (
                f"规则给出{plain(outcome.points)}分，超出指标分值{plain(node.weight)}分，"
                f"按{plain(points)}分计",
            )
        score = round_half_up(points, self.fw.precision)
        assert node.rule is not None
        trace = Trace(
            rule=node.rule.kind,
            criteria=node.criteria,
            formula=node.formula.source if node.formula else None,
            inputs=inputs,
            reasons=reasons,
            points=outcome.points,
            deducted=node.weight - score,
            capped=points != outcome.points,
            units={n: self.unit_of(n) for n in inputs},
        )
        return IndicatorResult(
            node.code,
            node.name,
            node.weight,
            score,
            value=value,
            unit=node.unit,
            rule=node.rule.kind,
            source=outcome.source,
            trace=trace,
            explanation=node.explanation,
            data_source=node.data_source,
        )

    def zero_denominator(self, node: Indicator, formula: Formula) -> Outcome:
        where = f"formula {formula.quoted}"
        if node.on_zero_division == "full":
            return Outcome(node.weight, (f"{where}的分母为0，按框架规定计满分",))
        if node.on_zero_division == "zero":
            return Outcome(ZERO, (f"{where}的分母为0，按框架规定计0分",), node.weight)
        zeros = sorted(n for n in formula.names if self.names.get(n) == 0)
        detail = f" ({', '.join(f'{n} = 0' for n in zeros)})" if zeros else ""
        raise self.error(
            f"zero denominator in {where}{detail}; the framework may declare "
            "on_zero_division: full or zero",
            zeros[0] if zeros else "formula",
        )

    def external(self, node: Indicator) -> IndicatorResult:
        raw = self.record.external_scores[node.code]
        try:
            points = read_number(raw, minimum=ZERO, maximum=node.weight)
        except ValueError as exc:
            raise self.error(f"external score: {exc}", "external_scores") from None
        score = round_half_up(points, self.fw.precision)
        trace = Trace(
            rule="external",
            criteria=node.criteria,
            reasons=(f"基础数据未提供，采用外部提供的得分{plain(score)}分",),
            points=points,
            deducted=node.weight - score,
        )
        return IndicatorResult(
            node.code,
            node.name,
            node.weight,
            score,
            value=None,
            unit=node.unit,
            rule=node.rule.kind if node.rule else None,
            source="external",
            trace=trace,
            explanation=node.explanation,
            data_source=node.data_source,
        )

    # ------------------------------------------------------------------ warnings

    def check_range(
        self,
        what: str,
        value: Decimal,
        unit: str,
        plausible: PlausibleRange,
        formula: Formula | None,
        name: str,
    ) -> None:
        """A warning when `value` lies outside `plausible` (the score is not touched)."""
        if not plausible.excludes(value):
            return
        if formula is not None:
            behind = self.fw.names_behind(formula.names)
            fields = {n: self.names[n] for n in self.fw.fields if n in behind and n in self.names}
            units = {n: self.fw.fields[n].unit for n in fields}
            recompute = recomputer(self.fw, formula, fields)
        else:  # a value read from the data: the value itself may be mistyped
            fields, units = {name: value}, {name: unit}

            def recompute(changed: Mapping[str, Any]) -> Any:
                return changed.get(name, value)

        file, line = self.place(name if formula is None else None)
        self.implausible.append(
            range_finding(
                self.fw,
                what=what,
                value=value,
                unit=unit,
                plausible=plausible,
                recompute=recompute,
                fields=fields,
                units=units,
                code=self.code,
                file=file,
                line=line,
            )
        )

    def warnings(self) -> list[Finding]:
        known = set(self.fw.fields) | {
            name for leaf in self.fw.leaves() for name in _input_names(leaf)
        }
        return [
            Finding(
                "warning",
                "unknown-field",
                f"data field {name!r} is not read by this framework",
                None,
                self.record.file,
            )
            for name in self.record.values
            if name not in known
        ]


class _LazyNames(Mapping[str, Any]):
    """Field and derived values resolved on first use (for rules with conditions, like veto)."""

    def __init__(self, run: _Run) -> None:
        self.run = run

    def __getitem__(self, name: str) -> Any:
        return self.run.name(name)

    def __iter__(self) -> Any:
        return iter(self.run.fw.fields.keys() | self.run.fw.derived.keys())

    def __len__(self) -> int:
        return len(self.run.fw.fields) + len(self.run.fw.derived)


def _input_names(leaf: Indicator) -> list[str]:
    assert leaf.rule is not None
    names = [spec.name for spec in leaf.rule.inputs()]
    if leaf.formula is None:
        names.append(leaf.input)
    return names


def _describe(spec: InputSpec) -> str:
    if spec.value_type == "items":
        return f"a list of checklist items met, from {', '.join(spec.items)}"
    if spec.value_type == "count":
        return "a whole number of cases"
    if spec.value_type == "flag":
        return "yes or no"
    if spec.minimum is not None and spec.maximum is not None:
        return f"points within [{plain(spec.minimum)}, {plain(spec.maximum)}]"
    return "a number"
