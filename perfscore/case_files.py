"""Case files found and read: which files are case files (`is_case_file`, `find_case_files`),
and each one read and checked against its JSON Schema into `Case`s (`load_cases`), a broken file
refused with a `CaseError` naming the file and line. perfscore.testcases runs them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema

from .errors import DataError, FormulaError, FrameworkError, PerfscoreError, UsageError
from .i18n import say
from .yamlio import read_yaml

#: Names of the files `perfscore test DIR` and pytest collect.
CASE_SUFFIXES = (".perfscore.yaml", ".perfscore.yml")
CASE_GLOBS = ("test_*.yaml", "test_*.yml")
_CASES_KEY = re.compile(r"^cases\s*:", re.MULTILINE)

ERROR_TYPES: dict[str, type[PerfscoreError]] = {
    "PerfscoreError": PerfscoreError,
    "DataError": DataError,
    "FrameworkError": FrameworkError,
    "FormulaError": FormulaError,
    "UsageError": UsageError,
}


class CaseError(PerfscoreError):
    """A case file is malformed: not YAML, or not what the case schema allows."""


# --------------------------------------------------------------------------- finding files


def is_case_file(path: str | Path) -> bool:
    """`*.perfscore.yaml`, or `test_*.yaml` with a top-level `cases:` key (so that other YAML
    files in a test folder — fixtures, broken frameworks — are left alone)."""
    path = Path(path)
    name = path.name
    if name.endswith(CASE_SUFFIXES):
        return True
    if not any(path.match(glob) for glob in CASE_GLOBS):
        return False
    try:
        with path.open(encoding="utf-8-sig") as handle:
            head = handle.read(200_000)
    except (OSError, UnicodeDecodeError):
        return False
    return bool(_CASES_KEY.search(head))


def find_case_files(paths: Iterable[str | Path]) -> list[Path]:
    """The case files among `paths`: a file named explicitly is taken as a case file whatever
    its name; a directory is searched recursively for files `is_case_file` accepts."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*.y*ml") if p.is_file() and is_case_file(p))
        elif path.exists():
            found.append(path)
        else:
            raise UsageError(say("error.case.no-such-path", path=raw), file=str(raw))
    return found


# --------------------------------------------------------------------------- loading cases


@cache
def case_schema() -> dict[str, Any]:
    text = resources.files("perfscore.schema").joinpath("case.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def _validator() -> Any:
    schema = case_schema()
    return jsonschema.validators.validator_for(schema)(schema)


@dataclass
class Case:
    """One test case, as read from its file."""

    name: str
    file: Path
    line: int | None
    framework: str | None = None
    record: str | None = None
    values: dict[str, Any] = field(default_factory=dict)
    external_scores: dict[str, Any] = field(default_factory=dict)
    expect: dict[str, Any] | None = None
    error: dict[str, Any] | None = None

    @property
    def id(self) -> str:
        return f"{self.file}::{self.name}"


def load_cases(path: str | Path) -> list[Case]:
    """Read and check a case file; raise CaseError naming the file and line when it is wrong."""
    path = Path(path)
    doc = read_yaml(path, CaseError)
    errors = sorted(
        _validator().iter_errors(doc.data), key=lambda e: doc.line_of(tuple(e.absolute_path)) or 0
    )
    if errors:
        err = errors[0]
        where = tuple(err.absolute_path)
        message = err.message
        if err.validator == "oneOf" and isinstance(err.instance, dict):
            message = "a case has either 'expect' (scores, total, grade) or 'error', not both"
        raise CaseError(
            say("error.case.invalid", problem=message),
            file=str(path),
            line=doc.line_of(where),
            field=".".join(str(p) for p in where) or None,
        )
    data = doc.data
    cases = []
    names: set[str] = set()
    for i, spec in enumerate(data["cases"]):
        if spec["name"] in names:
            raise CaseError(
                say("error.case.same-name", name=spec["name"]),
                file=str(path),
                line=doc.line_of(("cases", i, "name")),
                field="name",
            )
        names.add(spec["name"])
        cases.append(
            Case(
                name=spec["name"],
                file=path,
                line=doc.line_of(("cases", i)),
                framework=spec.get("framework", data.get("framework")),
                record=spec.get("record"),
                values=dict(spec.get("values") or {}),
                external_scores=dict(spec.get("external_scores") or {}),
                expect=spec.get("expect"),
                error=spec.get("error"),
            )
        )
    return cases
