"""Reconciling a report that gives only part of its data: what is given is checked, each leaf
whose inputs are missing keeps its stated score and is listed as not checked (无法复核), and the
sums over it are only partly checked; `--require-all` makes missing data an error again."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from perfscore import MissingDataError, load_framework, load_record
from perfscore.cli import main
from perfscore.reconcile import reconcile, render_text

pytestmark = pytest.mark.usefixtures("english")  # checks English wording

ROOT = Path(__file__).resolve().parent.parent
HECHENG = ROOT / "examples" / "hecheng-2020.yaml"

FRAMEWORK = """\
id: partial
name: 部分数据测试
version: "1"
total: 10
precision: 2
grades:
  - {name: 合格, min: 0}
inputs:
  预算数: {unit: 万元, min: 0}
  执行数: {unit: 万元, min: 0}
indicators:
  - code: B
    name: 过程
    weight: 6
    children:
      - code: B1
        name: 预算执行率
        weight: 3
        unit: "%"
        formula: 执行数 / 预算数 * 100
        rule: {kind: deduction, bound: 100, side: below, points: 1, step_mode: continuous}
      - code: B2
        name: 管理
        weight: 3
        rule: {kind: judgment}
  - code: C1
    name: 满意度
    weight: 4
    rule: {kind: judgment}
"""


def _files(tmp_path: Path, values: str, scores: str, total: str) -> tuple[Path, Path]:
    fw = tmp_path / "partial.yaml"
    fw.write_text(FRAMEWORK, encoding="utf-8")
    record = tmp_path / "record.yaml"
    record.write_text(
        f"id: r1\nvalues:\n{values}reported:\n  total: {total}\n  scores: {{{scores}}}\n",
        encoding="utf-8",
    )
    return fw, record


def _run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_leaf_without_its_data_keeps_its_stated_score_and_is_not_checked(
    tmp_path: Path,
) -> None:
    # B1's base data are missing; B2 and C1 are given and agree
    fw, record = _files(tmp_path, "  B2: 3\n  C1: 4\n", "B1: 2, B2: 3, C1: 4, B: 5", "9")
    rec = reconcile(fw, record)
    assert rec.unchecked == {"B1": ("执行数", "预算数")}
    b1 = next(s for s in rec.scores if s.code == "B1")
    assert (b1.checked, b1.recomputed, b1.source) == (False, Decimal("2.00"), "external")
    assert [s.checked for s in rec.scores if s.code != "B1"] == [True, True]
    assert rec.result["B"].score == Decimal("5.00") and rec.result.total == Decimal("9.00")
    assert rec.agrees
    partly = {t.code: t.unchecked for t in rec.totals}
    assert partly == {"B": ("B1",), None: ("B1",)}
    text = render_text(rec)
    assert "B1 预算执行率：无法复核：缺少 执行数、预算数（保留报告得分2分）" in text
    assert "另有1项无法复核" in text and "部分复核" in text
    as_json = rec.to_dict()
    assert as_json["unchecked"] == [
        {"code": "B1", "name": "预算执行率", "missing": ["执行数", "预算数"]}
    ]
    assert as_json["scores"][0]["checked"] is False


def test_what_is_given_is_still_checked(tmp_path: Path) -> None:
    # B2 is stated 2 but its data give 3: a real difference, found with B1's data missing
    fw, record = _files(tmp_path, "  B2: 3\n  C1: 4\n", "B1: 2, B2: 2, C1: 4", "8")
    rec = reconcile(fw, record)
    assert [(d.kind, d.code) for d in rec.differences] == [("score", "B2"), ("total", None)]
    total = next(d for d in rec.differences if d.kind == "total")
    assert "B1无法复核，按报告得分计入" in total.message


def test_only_the_missing_inputs_are_named(tmp_path: Path) -> None:
    fw, record = _files(tmp_path, "  预算数: 100\n  B2: 3\n  C1: 4\n", "B1: 2, B2: 3, C1: 4", "9")
    assert reconcile(fw, record).unchecked == {"B1": ("执行数",)}


def test_complete_data_leave_nothing_unchecked(tmp_path: Path) -> None:
    fw, record = _files(
        tmp_path, "  预算数: 100\n  执行数: 98\n  B2: 3\n  C1: 4\n", "B1: 1, B2: 3, C1: 4", "8"
    )
    rec = reconcile(fw, record)
    assert rec.unchecked == {} and rec.to_dict()["unchecked"] == []
    assert "无法复核" not in render_text(rec) and "部分复核" not in render_text(rec)
    assert rec.agrees and all(s.checked for s in rec.scores)
    assert rec.result["B1"].source == "computed" and rec.result["B1"].score == Decimal("1.00")


def test_require_all_makes_missing_data_an_error(tmp_path: Path) -> None:
    fw, record = _files(tmp_path, "  B2: 3\n  C1: 4\n", "B1: 2, B2: 3, C1: 4", "9")
    with pytest.raises(MissingDataError) as caught:
        reconcile(fw, record, require_all=True)
    assert (caught.value.path, caught.value.field) == ("B1", "执行数")


def test_a_missing_leaf_without_a_stated_score_is_still_an_error(tmp_path: Path) -> None:
    fw, record = _files(tmp_path, "  B2: 3\n", "B1: 2, B2: 3", "9")
    with pytest.raises(MissingDataError) as caught:
        reconcile(fw, record)
    assert (caught.value.path, caught.value.field) == ("C1", "C1")


def test_the_command_exits_0_with_missing_data_and_1_with_require_all(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fw, record = _files(tmp_path, "  B2: 3\n  C1: 4\n", "B1: 2, B2: 3, C1: 4", "9")
    code, out, _ = _run(capsys, "reconcile", fw, record)
    assert code == 0 and "无法复核：缺少 执行数、预算数" in out
    code, out, _ = _run(capsys, "reconcile", fw, record, "--format", "json")
    assert code == 0 and json.loads(out)["unchecked"][0]["code"] == "B1"
    code, out, err = _run(capsys, "reconcile", fw, record, "--require-all")
    assert code == 1 and out == ""
    assert re.search(r"record\.yaml: B1: 执行数: missing base-data field '执行数'", err)


def test_a_real_difference_still_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fw, record = _files(tmp_path, "  B2: 3\n  C1: 4\n", "B1: 2, B2: 2, C1: 4", "8")
    code, out, _ = _run(capsys, "reconcile", fw, record)
    assert code == 1 and "≠" in out


def test_the_bundled_example_without_its_external_scores(tmp_path: Path) -> None:
    """The hecheng report supplies the self-scores of the indicators its 附件2 gives no data for
    as external scores; without them, reconcile finds the same leaves unchecked and the same
    differences."""
    full = load_record(HECHENG)
    partial = tmp_path / "hecheng.yaml"
    text = HECHENG.read_text(encoding="utf-8")
    partial.write_text(re.sub(r"external_scores:\n(  .*\n)+", "", text), encoding="utf-8")
    fw = load_framework("department-common")
    expected = reconcile(fw, full)
    rec = reconcile(fw, partial)
    assert set(rec.unchecked) == set(full.external_scores)
    assert rec.result.total == expected.result.total
    assert [(d.kind, d.code) for d in rec.differences] == [
        (d.kind, d.code) for d in expected.differences
    ]
    total = next(d for d in rec.differences if d.kind == "total")
    assert total.message.startswith(
        next(d.message for d in expected.differences if d.kind == "total")
    )
    assert "B11、B12" in total.message and "无法复核，按报告得分计入" in total.message
