"""Tests as data: YAML case files, `perfscore test`, and the pytest plugin that collects them."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import jsonschema
import processes
import pytest

from perfscore.cli import main
from perfscore.testcases import (
    CaseError,
    CaseRunner,
    case_schema,
    find_case_files,
    is_case_file,
    load_cases,
    run_files,
)

pytestmark = pytest.mark.usefixtures("english")  # checks English wording

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases"
HECHENG = ROOT / "examples" / "hecheng-2020.yaml"

PASSING = f"""\
framework: department-common
cases:
  - name: 鹤城 recomputed
    record: {HECHENG}
    expect:
      total: 99
      grade: 优
      scores: {{B16: 3, A2: 6}}
      values: {{B16: 90.02, A21: 83.8, A22: -53}}
"""

FAILING = f"""\
framework: department-common
cases:
  - name: the report's own self-scores
    record: {HECHENG}
    expect:
      total: 98
      grade: 优
      scores: {{B16: 2, A21: 2}}
      values: {{B16: 90.01}}
  - name: an error that does not happen
    record: {HECHENG}
    error: {{type: DataError, field: 编制数}}
  - name: the wrong field named
    record: {HECHENG}
    values: {{编制数: 三十七}}
    error: {{type: DataError, field: 在职人员数, indicator: A21, message: expected a number}}
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- the schema


def test_the_case_schema_is_a_valid_json_schema() -> None:
    schema = case_schema()
    jsonschema.validators.validator_for(schema).check_schema(schema)
    assert (ROOT / "perfscore" / "schema" / "case.schema.json").exists()


@pytest.mark.parametrize(
    ("text", "fragment", "line"),
    [
        ("cases: []\n", "should be non-empty", 1),
        ("framework: x\ncases:\n  - name: a\n    values: {}\n", "expect", 3),
        (
            "cases:\n  - name: a\n    expect: {total: 1}\n    error: {type: DataError}\n",
            "not both",
            2,
        ),
        ("cases:\n  - name: a\n    expect: {total: 1}\n    expected: {}\n", "expected", 2),
        ("cases:\n  - name: a\n    error: {type: ValueError}\n", "ValueError", 3),
        ("cases:\n  - name: a\n    expect: {total: 1}\n  - name: a\n    expect: {total: 2}\n",
         "two cases are named 'a'", 4),
    ],
)  # fmt: skip
def test_a_malformed_case_file_is_refused_naming_file_and_line(
    tmp_path: Path, text: str, fragment: str, line: int
) -> None:
    path = _write(tmp_path, "bad.perfscore.yaml", text)
    with pytest.raises(CaseError) as caught:
        load_cases(path)
    assert fragment in str(caught.value)
    assert caught.value.file == str(path) and caught.value.line == line


# --------------------------------------------------------------------------- running


def test_the_bundled_reproduction_cases_pass() -> None:
    files = find_case_files([CASES])
    names = {p.name for p in files}
    assert {"test_hecheng_2020.yaml", "test_xundian_2023.yaml", "test_wuhua_2023.yaml"} <= names
    for path, outcomes in run_files(files):
        assert isinstance(outcomes, list), f"{path}: {outcomes}"
        for outcome in outcomes:
            assert outcome.passed, outcome.report()


def test_failures_show_expected_and_actual_per_indicator(tmp_path: Path) -> None:
    path = _write(tmp_path, "bad.perfscore.yaml", FAILING)
    runner = CaseRunner()
    first, second, third = (runner.run(case) for case in load_cases(path))
    assert not first.passed
    found = {m.what: (m.expected, m.actual) for m in first.mismatches}
    assert found == {
        "total": ("98", "99"),
        "B16 公用经费控制率": ("2", "3"),
        "B16 公用经费控制率 value": ("90.01%", "90.02%"),
    }
    report = first.report()
    assert "expected" in report and "90.02%" in report and "bad.perfscore.yaml:3" in report
    assert [(m.what, m.expected) for m in second.mismatches] == [("error", "DataError")]
    assert [(m.what, m.expected, m.actual) for m in third.mismatches] == [
        ("error field", "在职人员数", "编制数")
    ]


def test_values_compare_at_the_places_written(tmp_path: Path) -> None:
    path = _write(tmp_path, "ok.perfscore.yaml", PASSING)
    (outcome,) = [CaseRunner().run(case) for case in load_cases(path)]
    assert outcome.passed, outcome.report()


def test_inline_values_and_a_framework_relative_to_the_case_file(tmp_path: Path) -> None:
    (tmp_path / "fw").mkdir()
    (tmp_path / "fw" / "demo.yaml").write_text(
        (ROOT / "docs" / "testing-example" / "framework.yaml").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    path = _write(
        tmp_path,
        "demo.perfscore.yaml",
        "framework: fw/demo.yaml\n"
        "cases:\n"
        "  - name: 执行率95%\n"
        "    values: {预算数: 100万元, 执行数: 95万元, 考核得分: 100, A3: 28}\n"
        "    expect: {scores: {A1: 30, A2: 30}, total: 88, grade: 良}\n"
        "  - name: 预算数为0\n"
        "    values: {预算数: 0, 执行数: 0, 考核得分: 100, A3: 28}\n"
        "    error: {type: DataError, indicator: A1, message: zero denominator}\n",
    )
    outcomes = [CaseRunner().run(case) for case in load_cases(path)]
    assert all(o.passed for o in outcomes), [o.report() for o in outcomes]


def test_an_exception_escaping_the_engine_fails_the_case(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from perfscore.framework import Framework

    def boom(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("deep inside")

    monkeypatch.setattr(Framework, "evaluate", boom)
    path = _write(tmp_path, "ok.perfscore.yaml", PASSING)
    (outcome,) = [CaseRunner().run(case) for case in load_cases(path)]
    assert "ZeroDivisionError: deep inside" in outcome.report()


# --------------------------------------------------------------------------- finding files


def test_which_files_are_case_files(tmp_path: Path) -> None:
    assert is_case_file(_write(tmp_path, "x.perfscore.yaml", "whatever: 1\n"))
    assert is_case_file(_write(tmp_path, "test_x.yaml", "# cases\ncases:\n  - name: a\n"))
    assert not is_case_file(_write(tmp_path, "test_fixture.yaml", "id: x\nindicators: []\n"))
    assert not is_case_file(_write(tmp_path, "cases.yaml", "cases:\n  - name: a\n"))
    assert not is_case_file(ROOT / "perfscore" / "frameworks" / "department-common.yaml")
    assert not any(is_case_file(p) for p in (ROOT / "tests" / "broken").rglob("*.yaml"))


# --------------------------------------------------------------------------- the command


def test_perfscore_test_passes_the_bundled_cases(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", str(CASES)]) == 0
    out = capsys.readouterr().out
    count = sum(len(load_cases(p)) for p in find_case_files([CASES]))
    assert out.rstrip().endswith(f"{count} passed, 0 failed")


def test_perfscore_test_exits_1_and_shows_each_failure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ok = _write(tmp_path, "ok.perfscore.yaml", PASSING)
    bad = _write(tmp_path, "bad.perfscore.yaml", FAILING)
    assert main(["test", str(ok), str(bad)]) == 1
    out = capsys.readouterr().out
    assert f"{bad} FFF" in out and f"{ok} ." in out
    assert "FAILED" in out and "B16 公用经费控制率" in out and "90.01%" in out
    assert out.rstrip().endswith("1 passed, 3 failed")


def test_perfscore_test_counts_a_malformed_file_as_failed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ok = _write(tmp_path, "ok.perfscore.yaml", PASSING)
    broken = _write(tmp_path, "broken.perfscore.yaml", "cases: nope\n")
    assert main(["test", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert f"ERROR {broken}:1" in out and f"{ok} ." in out
    assert out.rstrip().endswith("1 passed, 1 failed")


def test_perfscore_test_selects_by_name_and_lists_verbosely(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["test", "-v", "-k", "veto", str(CASES)]) == 0
    out = capsys.readouterr().out
    assert "veto" in out and "PASSED" in out and out.rstrip().endswith("1 passed, 0 failed")


def test_perfscore_test_with_nothing_to_run_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["test", str(tmp_path)]) == 2
    assert main(["test", str(tmp_path / "missing.yaml")]) == 2
    assert "no case files" in capsys.readouterr().err


# --------------------------------------------------------------------------- the pytest plugin


def test_the_plugin_is_registered_as_a_pytest11_entry_point() -> None:
    found = {ep.name: ep.value for ep in entry_points(group="pytest11")}
    assert found.get("perfscore") == "perfscore.pytest_plugin"


def _pytest(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return processes.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *args, str(folder)],
        cwd=folder,
        encoding="utf-8",
    )


def test_pytest_collects_case_files_and_reports_expected_vs_actual(tmp_path: Path) -> None:
    _write(tmp_path, "test_scores.yaml", PASSING)
    _write(tmp_path, "more.perfscore.yaml", FAILING)
    _write(tmp_path, "test_fixture.yaml", "id: not-a-case-file\n")  # left alone
    done = _pytest(tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "3 failed, 1 passed" in done.stdout, done.stdout
    assert "B16 公用经费控制率" in done.stdout and "90.01%" in done.stdout
    assert "perfscore case: the report's own self-scores" in done.stdout
    done = _pytest(tmp_path, "-k", "recomputed")
    assert done.returncode == 0 and "1 passed" in done.stdout, done.stdout


def test_pytest_reports_a_malformed_case_file_as_a_collection_error(tmp_path: Path) -> None:
    _write(tmp_path, "broken.perfscore.yaml", "cases:\n  - name: a\n")
    done = _pytest(tmp_path)
    assert done.returncode == 2, done.stdout
    assert "broken.perfscore.yaml:2" in done.stdout and "Traceback" not in done.stdout


def test_the_plugin_can_be_disabled(tmp_path: Path) -> None:
    _write(tmp_path, "test_scores.yaml", PASSING)
    done = _pytest(tmp_path, "-p", "no:perfscore")
    assert done.returncode == 5, done.stdout  # no tests collected


def test_case_schema_is_shipped_as_json() -> None:
    text = (ROOT / "perfscore" / "schema" / "case.schema.json").read_text(encoding="utf-8")
    assert json.loads(text)["$defs"]["error"]["properties"]["type"]["enum"]
