"""Tests as data: YAML files of cases, each scoring some inputs with a framework and stating
what it expects — scores of some indicators, the total, the grade — or the error it expects.

    framework: department-common          # a path relative to this file, or a bundled name
    cases:
      - name: 在职人员超编2人
        values: {编制数: 100, 在职人员数: 102, ...}
        expect:
          scores: {A21: 1}
          values: {A21: 102}
      - name: 编制数缺失
        values: {在职人员数: 102}
        error: {type: DataError, field: 编制数, indicator: A21, message: missing}

Run by `perfscore test CASES...`, and collected by pytest through the plugin the package
registers (`perfscore.pytest_plugin`). A file is a case file when its name ends in
`.perfscore.yaml`, or when it is named `test_*.yaml` and has a top-level `cases:` key. Case files
are checked against their own JSON Schema (`perfscore/schema/case.schema.json`).

This module does not import hypothesis.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from .case_files import (
    CASE_GLOBS,
    CASE_SUFFIXES,
    ERROR_TYPES,
    Case,
    CaseError,
    case_schema,
    find_case_files,
    is_case_file,
    load_cases,
)
from .errors import PerfscoreError
from .framework import Framework, load_framework
from .i18n import say
from .numbers import plain, round_half_up
from .readers import read_data
from .records import Record
from .textwidth import display_width, pad
from .values import parse_number

# --------------------------------------------------------------------------- outcomes


@dataclass(frozen=True)
class Mismatch:
    """One expectation not met: what, expected, actual, and a detail (the value, the unit)."""

    what: str
    expected: str
    actual: str
    detail: str = ""

    def __str__(self) -> str:
        detail = f"  ({self.detail})" if self.detail else ""
        return f"{self.what}: expected {self.expected}, got {self.actual}{detail}"


@dataclass
class Outcome:
    case: Case
    mismatches: list[Mismatch] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.mismatches

    def report(self) -> str:
        """Expected vs actual, one line per indicator (or total, grade, error) that differs."""
        where = f"{self.case.file}:{self.case.line}" if self.case.line else str(self.case.file)
        lines = [f"{where}: {self.case.name}"]
        rows = [("", "expected", "actual", "")]
        rows += [(m.what, m.expected, m.actual, m.detail) for m in self.mismatches]
        widths = [max(display_width(row[i]) for row in rows) for i in range(3)]
        for row in rows:
            cells = [pad(cell, w) for cell, w in zip(row, widths, strict=False)]
            lines.append(("  " + "  ".join(cells) + "  " + row[3]).rstrip())
        return "\n".join(lines)


# --------------------------------------------------------------------------- running


def _show(value: Any) -> str:
    if isinstance(value, Decimal):
        return plain(value)
    if value is None:
        return "null"
    return str(value)


def _number(raw: Any, unit: str = "") -> Decimal:
    try:
        return parse_number(raw, unit)
    except ValueError as exc:
        raise CaseError(say("error.case.not-a-number", value=raw, reason=exc)) from None


class CaseRunner:
    """Runs cases, loading each framework once."""

    def __init__(self) -> None:
        self._frameworks: dict[str, Framework | PerfscoreError] = {}

    def framework(self, ref: str, relative_to: Path) -> Framework:
        local = relative_to.parent / ref
        key = str(local) if local.exists() else ref
        if key not in self._frameworks:
            try:
                self._frameworks[key] = load_framework(key)
            except PerfscoreError as exc:
                self._frameworks[key] = exc
        found = self._frameworks[key]
        if isinstance(found, PerfscoreError):
            raise found
        return found

    def record(self, case: Case) -> tuple[Record, str | None, Path]:
        """The case's inputs, and the framework the record names (relative to the record)."""
        if case.record is None:
            return (
                Record(
                    values=dict(case.values),
                    external_scores=dict(case.external_scores),
                    id=case.name,
                    file=str(case.file),
                ),
                None,
                case.file,
            )
        local = case.file.parent / case.record
        path = local if local.exists() else Path(case.record)
        base = read_data(path)
        record = Record(
            values={**base.values, **case.values},
            external_scores={**base.external_scores, **case.external_scores},
            reported=base.reported,
            id=base.id,
            title=base.title,
            framework=base.framework,
            file=base.file,
        )
        return record, base.framework, path

    def run(self, case: Case) -> Outcome:
        outcome = Outcome(case)
        try:
            record, named, named_by = self.record(case)
            if case.framework is not None:
                fw = self.framework(case.framework, case.file)
            elif named is not None:
                fw = self.framework(named, named_by)
            else:
                raise CaseError(
                    say("error.case.no-framework"),
                    file=str(case.file),
                    line=case.line,
                )
            result = fw.evaluate(record)
        except PerfscoreError as exc:
            if case.error is None:
                outcome.mismatches.append(Mismatch("result", "a result", f"error: {exc}"))
            else:
                outcome.mismatches += _compare_error(case.error, exc)
            return outcome
        except Exception as exc:  # an engine bug: no other exception may escape the API
            outcome.mismatches.append(
                Mismatch("result", "a result or a PerfscoreError", f"{type(exc).__name__}: {exc}")
            )
            return outcome
        if case.error is not None:
            outcome.mismatches.append(
                Mismatch(
                    "error",
                    case.error["type"],
                    f"a result (total {plain(result.total)})",
                )
            )
            return outcome
        assert case.expect is not None
        try:
            outcome.mismatches += _compare_result(case.expect, result)
        except CaseError as exc:
            outcome.mismatches.append(Mismatch("case", "numbers to compare", exc.message))
        return outcome


def _compare_error(want: dict[str, Any], exc: PerfscoreError) -> list[Mismatch]:
    out = []
    cls = ERROR_TYPES[want["type"]]
    if not isinstance(exc, cls):
        out.append(Mismatch("error type", want["type"], type(exc).__name__, str(exc)))
    if "message" in want and not any(want["message"] in t for t in exc.said.both().values()):
        out.append(Mismatch("error message", f"…{want['message']}…", str(exc)))
    if "field" in want and want["field"] != exc.field:
        out.append(Mismatch("error field", want["field"], _show(exc.field), str(exc)))
    if "indicator" in want and want["indicator"] != exc.path:
        out.append(Mismatch("error indicator", want["indicator"], _show(exc.path), str(exc)))
    return out


def _compare_result(expect: dict[str, Any], result: Any) -> list[Mismatch]:
    out: list[Mismatch] = []
    if "total" in expect:
        want = _number(expect["total"])
        if want != result.total:
            out.append(Mismatch("total", plain(want), plain(result.total)))
    if "grade" in expect and expect["grade"] != result.grade:
        out.append(
            Mismatch(
                "grade", _show(expect["grade"]), _show(result.grade), f"total {plain(result.total)}"
            )
        )
    for code, raw in (expect.get("scores") or {}).items():
        if code not in result:
            out.append(Mismatch(code, plain(_number(raw)), "no such indicator"))
            continue
        node = result[code]
        want = _number(raw)
        if want != node.score:
            detail = ""
            if node.is_leaf and isinstance(node.value, Decimal):
                detail = f"value {plain(round_half_up(node.value, 2))}{node.unit}"
            out.append(Mismatch(f"{code} {node.name}", plain(want), plain(node.score), detail))
    for code, raw in (expect.get("values") or {}).items():
        if code not in result:
            out.append(Mismatch(f"{code} value", _show(raw), "no such indicator"))
            continue
        node = result[code]
        if raw is None:
            if node.value is not None:
                out.append(Mismatch(f"{code} value", "null", _show(node.value)))
            continue
        want = _number(raw, node.unit)
        places = max(0, -int(want.as_tuple().exponent))
        actual = node.value
        if not isinstance(actual, Decimal) or round_half_up(actual, places) != want:
            shown = plain(round_half_up(actual, places)) if isinstance(actual, Decimal) else None
            out.append(
                Mismatch(
                    f"{code} {node.name} value",
                    plain(want) + node.unit,
                    _show(shown) + (node.unit if shown is not None else ""),
                )
            )
    return out


@dataclass
class Summary:
    outcomes: list[Outcome] = field(default_factory=list)
    broken: list[CaseError | PerfscoreError] = field(default_factory=list)  # unreadable files

    @property
    def passed(self) -> int:
        return sum(o.passed for o in self.outcomes)

    @property
    def failed(self) -> int:
        return sum(not o.passed for o in self.outcomes) + len(self.broken)

    def line(self) -> str:
        return f"{self.passed} passed, {self.failed} failed"


def run_files(
    files: Iterable[Path], runner: CaseRunner | None = None
) -> Iterator[tuple[Path, list[Outcome] | PerfscoreError]]:
    """Each file with its cases' outcomes, or the error that kept it from being read."""
    runner = runner or CaseRunner()
    for path in files:
        try:
            cases = load_cases(path)
        except PerfscoreError as exc:
            yield path, exc
            continue
        yield path, [runner.run(case) for case in cases]


__all__ = [
    "CASE_GLOBS",
    "CASE_SUFFIXES",
    "Case",
    "CaseError",
    "CaseRunner",
    "Mismatch",
    "Outcome",
    "Summary",
    "case_schema",
    "find_case_files",
    "is_case_file",
    "load_cases",
    "run_files",
]
