"""`Reconciliation`: everything a report states, set beside what its base data give (data)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..checks import Finding
from ..model import Framework
from ..numbers import json_number
from ..records import Record
from ..result import Result
from .checks import Difference, GradeCheck, ScoreCheck, TotalCheck, ValueCheck
from .sentences import differences


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
    #: leaves not recomputed for want of data (code -> the inputs missing): they keep the
    #: stated score, and what is added up over them is checked only in part
    unchecked: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def differences(self) -> list[Difference]:
        """Every disagreement, from the checks' verdicts and the framework's errors."""
        return list(differences(self))

    @property
    def agrees(self) -> bool:
        return not self.differences

    def to_dict(self) -> dict[str, Any]:
        fw, record = self.framework, self.record
        found = self.differences
        return {
            "framework": {"id": fw.id, "version": fw.version, "name": fw.name, "file": fw.file},
            "record": {"id": record.id, "title": record.title, "file": record.file},
            "agrees": not found,
            "recomputed": {
                "total": json_number(self.result.total),
                "grade": self.result.grade,
            },
            "differences": [d.to_dict() for d in found],
            "scores": [s.to_dict() for s in self.scores],
            "totals": [t.to_dict() for t in self.totals],
            "values": [v.to_dict() for v in self.values],
            "grades": [g.to_dict() for g in self.grades],
            "findings": [f.to_dict() for f in self.findings],
            "places": dict(self.places),
            "notes": list(self.notes),
            "unchecked": [
                {"code": code, "name": self.framework.by_code[code].name, "missing": list(names)}
                for code, names in self.unchecked.items()
            ],
        }
