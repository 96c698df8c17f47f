"""Reproduction: the 项目支出绩效自评表 of 004 附件4-2 (two 鹤城 tables) and of 000 (临湘).

鹤城: each table states 总分 100 and every row's 得分; the data reproduce both exactly.
临湘: the table states neither 分值 nor 得分 per indicator, only 综合得分 98. Scored by the
documented method (perfscore/frameworks/project-self-evaluation.yaml) it gives 99.83; the only
shortfall the table shows (参保率 98% against 100%) cannot cost 2 points under the method
whatever the weights.
docs/reports/linxiang-2022.md and docs/reports/hecheng-2020.md say the same with the figures.
"""

from __future__ import annotations

import copy
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import processes
import pytest

from perfscore.framework import Framework, load_framework
from perfscore.records import Record, load_record
from perfscore.result import Result

ROOT = Path(__file__).resolve().parent.parent
FRAMEWORK = ROOT / "perfscore" / "frameworks" / "project-self-evaluation.yaml"
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="module")
def fw() -> Framework:
    return load_framework(FRAMEWORK)


def _score(fw: Framework, name: str) -> tuple[Record, Result]:
    record = load_record(EXAMPLES / name)
    return record, fw.evaluate(record)


def _explained(result: Result) -> None:
    """Every row's score is explained: its reasons quote the target and the actual as written."""
    rows = [leaf for leaf in result.leaves() if leaf.rule == "target"]
    assert rows
    for leaf in rows:
        assert leaf.trace is not None and leaf.trace.reasons, leaf.code
        said = "".join(leaf.trace.reasons)
        cells = leaf.value.get("items") or [leaf.value]
        for cell in cells:
            for key, empty in (("target", "年度指标值（空）"), ("actual", "实际完成值（空）")):
                assert (f"“{cell[key]}”" if cell.get(key) else empty) in said, (leaf.code, key)
        assert any(reason.endswith("分") for reason in leaf.trace.reasons), leaf.code


# ----------------------------------------------------------------------------- 鹤城 (004 附件4-2)


@pytest.mark.parametrize(
    ("name", "skipped"), [("hecheng-2020-project-1.yaml", 3), ("hecheng-2020-project-2.yaml", 8)]
)
def test_hecheng_project_tables_score_100_each(fw: Framework, name: str, skipped: int) -> None:
    record, result = _score(fw, name)
    assert result.total == Decimal(100) == Decimal(record.reported["total"])
    assert result.grade == "优"
    for code, stated in record.reported["scores"].items():
        assert result[code].score == Decimal(str(stated)), code
    assert result["A"].value == 100  # 执行率 = 全年执行数 / 全年预算数
    assert [(r.code, r.score) for r in result.indicators] == [
        ("A", 10),
        ("B", 50),
        ("C", 30),
        ("D", 10),
    ]
    assert not [f for f in result.findings if f.level == "error"]
    placeholders = [f for f in result.findings if f.check == "skipped-row"]
    assert len(placeholders) == skipped  # the "无" and "……" rows, each reported, none scored
    _explained(result)


def test_hecheng_merged_cell_and_qualitative_rows(fw: Framework) -> None:
    _, result = _score(fw, "hecheng-2020-project-1.yaml")
    merged = result["B1.1"]  # 数量指标: one 10-point cell over three rows
    assert merged.weight == 10 and merged.score == 10
    assert [i["name"] for i in merged.value["items"]] == [
        "企业养老发放人数",
        "机关养老发放人数",
        "城乡养老发放人数",
    ]
    assert "1--1.2万人" in merged.trace.reasons[0] and "1.1万人" in merged.trace.reasons[0]
    assert result["B3.1"].trace.reasons[0].endswith("在指标规定的时间内完成，完成指标值")
    assert result["C2.1"].source == "judgment"  # 稳步提升: scored by the declared level 达成
    assert "“达成”" in result["C2.1"].trace.reasons[0]
    _, second = _score(fw, "hecheng-2020-project-2.yaml")
    assert [c.code for c in second["B2"].children] == ["B2.1", "B2.2"]  # 代发项目, 系统、软件


def test_a_merged_rows_items_keep_their_cells_in_one_order(fw: Framework) -> None:
    """The items' cells in the order a row lists them (name, target, actual …), so that the json
    output is the same bytes in every run, whatever Python's hash seed."""
    _, result = _score(fw, "hecheng-2020-project-1.yaml")
    items = result["B1.1"].value["items"]
    assert [list(item) for item in items] == [["name", "target", "actual"]] * 3


def test_hecheng_a_lower_self_score_would_show(fw: Framework) -> None:
    """The reproduction can fail: a shortfall in the data changes the score."""
    record = load_record(EXAMPLES / "hecheng-2020-project-2.yaml")
    values = copy.deepcopy(record.values)
    values["产出指标"][0]["actual"] = "0.54万人"  # 代发人数 below its range 0.6--0.7万人
    values["全年执行数"] = "9万元"
    result = fw.evaluate(Record(values=values, file=record.file))
    assert result["B1.1"].score == 9  # 0.54 / 0.6 × 10
    assert result["A"].score == 9  # 9 / 10 × 10
    assert result.total == 98


# ----------------------------------------------------------------------------- 临湘 (000)


def test_linxiang_scored_by_the_documented_method(fw: Framework) -> None:
    record, result = _score(fw, "linxiang-2022.yaml")
    # no row states a 分值: each 一级 weight is split equally, as the framework declares
    assert [result[f"B{g}.{i}"].weight for g, i in [(1, 1), (1, 2), (1, 3), (2, 1), (2, 2)]] == [
        Decimal("8.34"),
        Decimal("8.34"),
        Decimal("8.33"),
        Decimal("8.33"),
        Decimal("8.33"),
    ]
    assert result["B4.1"].weight == Decimal("8.33")
    assert {f.code for f in result.findings if f.check == "equal-weights"} == {"B", "C", "D"}
    # 18516万元 against 18516万: the same unit
    assert result["B1.1"].score == Decimal("8.34")
    # 参保率: 100% against "符合条件的未参保的人员参保率98%": 8.33 × 98% = 8.1634 -> 8.16
    assert result["B2.1"].score == Decimal("8.16")
    assert "98/100=98%" in result["B2.1"].trace.reasons[0]
    assert result["A"].score == 10  # 149 / 149
    assert [(r.code, r.score) for r in result.indicators] == [
        ("A", 10),
        ("B", Decimal("49.83")),
        ("C", 30),
        ("D", 10),
    ]
    assert result.total == Decimal("99.83") and result.grade == "优"
    # the rows with text only in the 实际完成值 column are scored by the level the record gives
    for code in ("B4.1", "C2.1", "D1.1"):
        assert result[code].source == "judgment"
        assert "年度指标值未填写" in result[code].trace.reasons[0]
        assert "指标内容、指标值两栏空白" in result[code].trace.reasons[-1]
    _explained(result)
    # against the report: 98 stated, 99.83 recomputed; the grade agrees
    stated = Decimal(str(record.reported["total"]))
    assert stated == 98 and result.total - stated == Decimal("1.83")
    assert record.reported["grade"] == result.grade


def test_linxiang_stated_98_cannot_come_from_the_figures(fw: Framework) -> None:
    """The table's one quantitative shortfall is 参保率 98% of 100%: under the method it costs
    2% of its weight, so at most 1 point even with all 50 points of 产出 on it. A total of 98
    needs points taken from rows the table states as met (or from the qualitative rows)."""
    record = load_record(EXAMPLES / "linxiang-2022.yaml")
    values: dict[str, Any] = copy.deepcopy(record.values)
    for row in values["产出指标"]:
        row["weight"] = 50 if row.get("name") == "指标1：参保率" else 0
    for key in ("效益指标", "满意度指标"):
        values[key][0]["weight"] = {"效益指标": 30, "满意度指标": 10}[key]
    result = fw.evaluate(Record(values=values, file=record.file))
    assert result["B2.1"].score == 49 and result.total == 99  # the largest possible loss: 1
    # five quantitative rows at 10 each (the cost row dropped): 9.8 for 参保率, 99.8 in all
    for row in values["产出指标"]:
        row["weight"] = 10
    values["产出指标"] = values["产出指标"][:5]
    assert fw.evaluate(Record(values=values, file=record.file)).total == Decimal("99.8")


def test_linxiang_department_total_is_recorded_but_not_scored() -> None:
    record = load_record(EXAMPLES / "linxiang-2022.yaml")
    text = (EXAMPLES / "linxiang-2022.yaml").read_text(encoding="utf-8")
    assert "94.5" in text and "部门整体支出绩效自评表" in text
    assert record.reported == {"total": 98, "grade": "优"}


@pytest.mark.parametrize(
    "name", ["linxiang-2022.yaml", "hecheng-2020-project-1.yaml", "hecheng-2020-project-2.yaml"]
)
def test_cli_scores_every_example(name: str) -> None:
    done = processes.run(
        [sys.executable, "-m", "perfscore", "score", str(FRAMEWORK), str(EXAMPLES / name),
         "--format", "json"],
        cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    expected = 99.83 if name.startswith("linxiang") else 100
    assert data["total"] == expected


def test_reconcile_sees_the_rows(fw: Framework) -> None:
    """Reported row scores (B1.1 …) are reconciled like any indicator's: 鹤城 agrees; 临湘's
    one difference is its total."""
    from perfscore.reconcile import reconcile

    for name in ("hecheng-2020-project-1.yaml", "hecheng-2020-project-2.yaml"):
        done = reconcile(fw, EXAMPLES / name)
        assert done.agrees, done.differences
        assert {s.code for s in done.scores} >= {"B1.1", "C2.1", "D1.1"}
    done = reconcile(fw, EXAMPLES / "linxiang-2022.yaml")
    [difference] = done.to_dict()["differences"]
    assert (difference["kind"], difference["stated"], difference["expected"]) == (
        "total",
        "98",
        "99.83",
    )
    assert difference["against"] == "recomputed"
