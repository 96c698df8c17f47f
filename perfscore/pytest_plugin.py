"""pytest plugin: collects perfscore YAML test cases as pytest items.

Registered through the `pytest11` entry point, so installing perfscore is enough. A file is
collected when its name ends in `.perfscore.yaml`, or when it is named `test_*.yaml` and has a
top-level `cases:` key (see `perfscore.testcases`). Each case is one test; a failing case shows
expected vs actual per indicator. Disable with `pytest -p no:perfscore`.

Does not import hypothesis: running YAML cases needs only pytest.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from .testcases import Case, CaseRunner, Outcome


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.suffix not in (".yaml", ".yml"):
        return None
    from .testcases import is_case_file

    if is_case_file(file_path):
        collector: CaseFile = CaseFile.from_parent(parent, path=file_path)
        return collector
    return None


class CaseFailed(Exception):
    def __init__(self, outcome: Outcome) -> None:
        super().__init__(outcome.report())
        self.outcome = outcome


class CaseFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        from .errors import PerfscoreError
        from .testcases import CaseRunner, load_cases

        try:
            cases = load_cases(self.path)
        except PerfscoreError as exc:
            raise self.CollectError(str(exc)) from None
        runner = CaseRunner()
        for case in cases:
            yield CaseItem.from_parent(self, name=case.name, case=case, runner=runner)


class CaseItem(pytest.Item):
    def __init__(self, *, case: Case, runner: CaseRunner, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case
        self.runner = runner

    def runtest(self) -> None:
        outcome = self.runner.run(self.case)
        if not outcome.passed:
            raise CaseFailed(outcome)

    def repr_failure(self, excinfo: Any, style: Any = None) -> Any:
        if isinstance(excinfo.value, CaseFailed):
            return excinfo.value.outcome.report()
        return super().repr_failure(excinfo, style)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        line = self.case.line - 1 if self.case.line else None
        return self.path, line, f"perfscore case: {self.case.name}"
