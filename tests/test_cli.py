"""The command line: `perfscore score` and `perfscore lint`, their output, exit codes and errors.

Exit codes (GUIDE §4): 0 success, 1 input rejected (or lint found errors), 2 usage error. An
error is one line on stderr naming the file, line, indicator and field — never a traceback.
"""

from __future__ import annotations

import json
import shutil
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import processes
import pytest

import perfscore
from perfscore import FrameworkError
from perfscore.cli import main

# These tests check the English wording of perfscore's messages (tests/test_i18n.py checks
# the Chinese, the default).
pytestmark = pytest.mark.usefixtures("english")

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "docs" / "example" / "framework.yaml"
DEMO_DATA = ROOT / "docs" / "example" / "record.yaml"
DEPARTMENT = ROOT / "perfscore" / "frameworks" / "department-common.yaml"
HECHENG = ROOT / "examples" / "hecheng-2020.yaml"
BROKEN = ROOT / "tests" / "broken"


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _one_line_error(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert lines[0].startswith("perfscore: ")
    return lines[0]


# ----------------------------------------------------------------------------- score


def test_score_markdown_prints_the_score_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "score", DEMO, DEMO_DATA)
    assert code == 0 and err == ""
    assert "6.25" in out and "中" in out  # total and grade
    for leaf, score in [("A1", "0.75"), ("A2", "2"), ("B1", "1"), ("B2", "1"), ("C1", "1.5")]:
        row = next(line for line in out.splitlines() if f"{leaf} " in line and "|" in line)
        assert f"| {score} |" in row, row


def _walk(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found = []
    for node in nodes:
        found.append(node)
        found += _walk(node.get("children", []))
    return found


def test_score_json_has_the_documented_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "score", DEMO, DEMO_DATA, "--format", "json")
    assert code == 0 and err == ""
    doc = json.loads(out, parse_float=Decimal)
    assert doc["framework"]["id"] == "demo-department"
    assert doc["framework"]["version"] == "2024"
    assert doc["total"] == Decimal("6.25") and doc["grade"] == "中"
    assert isinstance(doc["findings"], list)
    nodes = _walk(doc["indicators"])
    assert [n["code"] for n in nodes] == ["A", "A1", "A2", "B", "B1", "B2", "C", "C1"]
    for node in nodes:
        assert {"code", "name", "weight", "score"} <= node.keys()
        if "children" in node:
            assert node["score"] == sum(c["score"] for c in node["children"])
        else:
            assert {"value", "rule", "trace"} <= node.keys()
            assert node["trace"]["rule"] == node["rule"] and node["trace"]["reasons"]
    a1 = next(n for n in nodes if n["code"] == "A1")
    assert a1["value"] == Decimal("102.5") and a1["score"] == Decimal("0.75")
    assert a1["trace"]["formula"] == "在职人员数 / 编制数 * 100"
    assert a1["trace"]["inputs"] == {"在职人员数": 41, "编制数": 40}
    assert a1["trace"]["deducted"] == Decimal("1.25")


def test_score_json_of_the_bundled_example(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "score", DEPARTMENT, HECHENG, "-f", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["framework"] == {
        "id": "department-common",
        "version": "2020",
        "name": doc["framework"]["name"],
    }
    assert doc["total"] == 99
    assert {"A22"} <= {f["code"] for f in doc["findings"] if f["check"] == "rule-exceeds-weight"}
    external = [n for n in _walk(doc["indicators"]) if n.get("source") == "external"]
    assert external and all("children" not in n for n in external)
    assert "0000000" not in out and "9999999" not in out  # no float noise anywhere


def test_score_writes_to_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "result.json"
    code, out, _ = run(capsys, "score", DEMO, DEMO_DATA, "-f", "json", "-o", target)
    assert code == 0 and out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["total"] == 6.25


def test_score_accepts_a_bundled_framework_name(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "score", "department-common", HECHENG, "-f", "json")
    assert code == 0 and json.loads(out)["total"] == 99


# ----------------------------------------------------------------------------- lint


def test_lint_reports_the_department_common_drafting_errors(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "lint", DEPARTMENT)
    assert code == 1
    a22 = [line for line in out.splitlines() if "A22" in line]
    assert a22 and "rule-exceeds-weight" in a22[0]
    assert a22[0].startswith(f"{DEPARTMENT}:")


def test_lint_json_lists_findings(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "lint", DEPARTMENT, "--format", "json")
    assert code == 1
    findings = json.loads(out)
    a22 = [f for f in findings if f.get("code") == "A22"]
    assert a22[0]["check"] == "rule-exceeds-weight" and a22[0]["line"] > 1


def test_lint_passes_a_clean_framework(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "lint", DEMO)
    assert code == 0 and err == ""
    assert "0 error(s), 0 warning(s)" in out


# ----------------------------------------------------------------------------- exit codes


@pytest.mark.parametrize(
    "argv",
    [["score"], ["score", "fw.yaml"], ["frobnicate"], ["lint", "--format", "xml", "x.yaml"]],
    ids=["no-framework", "no-data", "unknown-command", "bad-lint-format"],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_unknown_output_format_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "score", DEMO, DEMO_DATA, "--format", "pdf")
    assert code == 2 and out == ""
    assert "pdf" in _one_line_error(err)


@pytest.mark.parametrize("command", ["score", "lint"])
def test_a_broken_framework_exits_1_with_one_line(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = BROKEN / "duplicate-code.yaml"
    argv = [command, broken] + ([DEMO_DATA] if command == "score" else [])
    code, out, err = run(capsys, *argv)
    assert code == 1 and out == ""
    line = _one_line_error(err)
    assert line.startswith(f"perfscore: {broken}:22: A1: code: duplicate indicator code")


def test_bad_data_exits_1_naming_file_line_indicator_and_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "record.yaml"
    text = DEMO_DATA.read_text(encoding="utf-8").replace("预算数: 500万元", "预算数: 五百万元")
    data.write_text(text, encoding="utf-8")
    line_no = next(i for i, s in enumerate(text.splitlines(), 1) if "五百万元" in s)
    code, out, err = run(capsys, "score", DEMO, data)
    assert code == 1 and out == ""
    assert _one_line_error(err).startswith(f"perfscore: {data}:{line_no}: B1: 预算数: ")


def test_missing_files_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "score", DEMO, tmp_path / "nowhere.yaml")
    assert code == 1 and "nowhere.yaml" in _one_line_error(err)
    code, _, err = run(capsys, "lint", tmp_path / "nowhere.yaml")
    assert code == 1 and "nowhere.yaml" in _one_line_error(err)


# ----------------------------------------------------------------------------- entry point


def _entry_point() -> str:
    """The installed console script: next to this interpreter (a venv), else on PATH."""
    beside = Path(sys.executable).with_name("perfscore")
    found = str(beside) if beside.exists() else shutil.which("perfscore")
    assert found, "the perfscore console script is not installed"
    return found


def test_installed_entry_point_scores_and_fails_cleanly() -> None:
    ok = processes.run(
        [_entry_point(), "score", str(DEMO), str(DEMO_DATA), "-f", "json"], encoding="utf-8"
    )
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["total"] == 6.25
    bad = processes.run(
        [_entry_point(), "lint", str(BROKEN / "unknown-kind.yaml")], encoding="utf-8"
    )
    assert bad.returncode == 1 and bad.stdout == ""
    assert "unknown rule kind" in _one_line_error(bad.stderr)


THREE_SCHEMA_ERRORS = """\
id: three
name: 三个错误
version: "1"
total: 10
precision: 2
colour: red
grades:
  - {name: 合格, min: 6}
inputs:
  甲: {unit: 万元, minimum: 0}
indicators:
  - code: A
    name: 甲
    weight: ten
    rule: {kind: judgment}
"""


def test_lint_reports_every_schema_error_and_load_raises_the_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "three.yaml"
    path.write_text(THREE_SCHEMA_ERRORS, encoding="utf-8")
    assert main(["lint", str(path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(": ")[0] for line in lines[:3]] == [f"{path}:{n}" for n in (6, 10, 14)]
    assert all("error [schema]" in line for line in lines[:3])
    assert lines[3] == f"{path}: 3 error(s), 0 warning(s)"
    assert main(["lint", str(path), "--format", "json"]) == 1
    found = json.loads(capsys.readouterr().out)
    assert [(f["line"], f.get("code")) for f in found] == [(6, None), (10, None), (14, "A")]
    with pytest.raises(FrameworkError) as caught:
        perfscore.load_framework(path)
    assert caught.value.line == 6


def test_lint_of_an_unreadable_file_is_the_one_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["lint", str(tmp_path / "none.yaml")]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert str(tmp_path / "none.yaml") in captured.err
