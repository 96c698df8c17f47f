"""Rows of a 项目支出自评表 as real tables lay them out (docs/project-self-evaluation.md):
separate 指标性质 / 指标值 / 度量单位 cells read as the combined target, full-width and variant
operators, a unit written once, 百分比 as %, an "=" target exceeded as the framework declares, a
blank quantitative actual refused, a group's or a row's own rule, direction and precision, and a
row's score supplied from outside by its code. 不适用 rows: tests/test_rows_not_applicable.py.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from perfscore import DataError, FrameworkError
from perfscore.cli import main
from perfscore.framework import build_framework
from perfscore.numbers import ZERO
from perfscore.readers import read_data
from perfscore.yamlio import parse_yaml
from tests.test_targets import framework, row, score

pytestmark = pytest.mark.usefixtures("english")

FIXTURES = Path(__file__).parent / "fixtures"

#: how tables write each comparison in a 指标性质 cell, and the combined form it means
_VARIANTS = {
    "≥": ["≥", "≧", ">=", "＞＝", "大于等于", "不低于"],
    "≤": ["≤", "≦", "<=", "＜＝", "小于等于", "不超过"],
    "=": ["=", "＝", "═", "等于"],
    ">": [">", "＞", "大于"],
    "<": ["<", "＜", "小于"],
}
_UNITS = ["个", "人", "万元", "%", "户"]
FW = framework({"over_equal": "reverse"})
_FW_TEXT = yaml.safe_dump(
    {
        "id": "t", "name": "测试", "version": "1", "total": 100, "precision": 2,
        "grades": [{"name": "合格", "min": 0}],
        "indicators": [
            {"code": "B", "name": "产出指标", "weight": 10, "rows": {
                "from": "rows",
                "groups": [{"name": "数量指标"}],
                "rule": {"kind": "target", "plain": "at_least", "shortfall": "proportional",
                         "reverse": "ratio", "levels": {"达成": {"band": "[80, 100]"}}},
            }},
            {"code": "Z", "name": "其他", "weight": 90, "rule": {"kind": "judgment"}},
        ],
    },
    allow_unicode=True,
)  # fmt: skip


def _scores(fw: Any, *rows: dict[str, Any]) -> dict[str, Decimal]:
    return {node.code: node.score for node in score(fw, *rows).walk()}


@given(
    op=st.sampled_from(sorted(_VARIANTS)),
    data=st.data(),
    target=st.integers(1, 500),
    actual=st.integers(0, 1000),
    unit=st.sampled_from(_UNITS),
)
def test_split_columns_score_as_the_combined_target(
    op: str, data: st.DataObject, target: int, actual: int, unit: str
) -> None:
    """指标性质 (any way a table writes it) + 指标值 + 度量单位 scores exactly as the one cell
    "op target unit" does; the actual without a unit takes the 度量单位."""
    written = data.draw(st.sampled_from(_VARIANTS[op]))
    combined = _scores(FW, row(f"{op}{target}{unit}", f"{actual}{unit}"))
    split = _scores(
        FW, row(str(target), str(actual), nature=written, unit=unit)
    )  # the actual bare
    assert split == combined


@pytest.mark.parametrize("word", ["百分比", "百分点", "%"])
def test_percent_words_read_as_percent(word: str) -> None:
    got = score(FW, row("≥90", "81%", unit=word))["B1.1"]
    assert got.score == 9  # 81/90 × 10
    assert score(FW, row(f"≥90{word}", "81%"))["B1.1"].score == 9


def test_an_actual_without_unit_takes_its_targets_with_a_warning() -> None:
    result = FW.evaluate({"rows": [row("≥50个", "40")], "Z": 0})
    leaf = result["B1.1"]
    assert leaf.score == 8  # 40/50 × 10
    assert leaf.trace is not None
    assert "实际完成值未写单位，按年度指标值的单位“个”计" in leaf.trace.reasons[0]
    warned = [f for f in result.findings if f.check == "unit-assumed"]
    assert len(warned) == 1 and "“40”" in warned[0].message and warned[0].level == "warning"
    # written with its unit: nothing assumed
    result = FW.evaluate({"rows": [row("≥50个", "40个")], "Z": 0})
    assert not [f for f in result.findings if f.check == "unit-assumed"]


@pytest.mark.parametrize(
    ("cells", "field", "says"),
    [
        ({"nature": "≥", "target": "1--2万人"}, "nature", "range"),
        ({"nature": "≥", "target": "≤5个"}, "nature", "different comparisons"),
        ({"nature": "约", "target": "5个"}, "nature", "not a comparison"),
        ({"nature": "≥", "target": "按时"}, "nature", "needs a figure"),
        ({"unit": "个", "target": "5万元"}, "target", "度量单位"),
        ({"unit": "个", "target": "5", "actual": "5万元"}, "actual", "度量单位"),
    ],
)
def test_columns_that_contradict_each_other_are_refused(
    cells: dict[str, str], field: str, says: str
) -> None:
    bad = {**row("5个", "5个"), **cells}
    with pytest.raises(DataError, match=says) as err:
        score(FW, bad)
    assert err.value.field == f"rows[0].{field}"


def test_a_range_with_an_equal_nature_is_met_only_within_it() -> None:
    # plain: at_least would count 1.3 as met above 1--1.2; 指标性质 "=" makes it exact
    assert score(FW, row("1--1.2万人", "1.3万人"))["B1.1"].score == 10
    assert score(FW, row("1--1.2万人", "1.3万人", nature="="))["B1.1"].score == Decimal("9.23")


def test_a_qualitative_nature_scores_by_level_even_with_digits() -> None:
    said = row("100%", "95%", nature="定性", level="部分达成", share=70)
    assert score(FW, said)["B1.1"].score == 7
    with pytest.raises(DataError, match="定性") as err:
        score(FW, row("100%", "95%", nature="定性"))
    assert err.value.field == "rows[0].level"


@pytest.mark.parametrize(
    ("over_equal", "expected"), [("full", Decimal(10)), ("reverse", Decimal("8.89"))]
)
def test_an_equal_target_exceeded_scores_as_declared(over_equal: str, expected: Decimal) -> None:
    fw = framework({"over_equal": over_equal})
    assert score(fw, row("=8个", "9个"))["B1.1"].score == expected
    assert score(fw, row("=8个", "8个"))["B1.1"].score == 10
    assert score(fw, row("=8个", "6个"))["B1.1"].score == Decimal("7.5")  # short: 6/8


def test_an_equal_target_exceeded_is_refused_when_the_framework_is_silent() -> None:
    fw = framework()
    with pytest.raises(DataError, match="over_equal") as err:
        score(fw, row("=8个", "9个"))
    assert err.value.field == "rows[0].target"
    assert score(fw, row("=8个", "7个"))["B1.1"].score == Decimal("8.75")  # short: no ambiguity
    assert any(f.check == "over-equal" for f in fw.findings)
    assert not any(f.check == "over-equal" for f in FW.findings)


@given(
    target=st.sampled_from(["100%", "≥50个", "≤10万元", "1--2万人", "2020年12月31日前"]),
    level=st.sampled_from([None, "达成", "部分达成"]),
    blank=st.sampled_from([None, "", "  "]),
)
def test_a_blank_actual_of_a_quantitative_target_is_an_error(
    target: str, level: str | None, blank: str | None
) -> None:
    cells = row(target, "x", level=level, share=70 if level == "部分达成" else None)
    cells["actual"] = blank
    with pytest.raises(DataError, match="blank") as err:
        score(FW, cells)
    assert err.value.field == "rows[0].actual"
    assert err.value.path == "B1.1"


def test_a_blank_actual_of_a_qualitative_target_takes_its_level() -> None:
    assert score(FW, {**row("稳步提升", "", level="达成"), "actual": None})["B1.1"].score == 10


def test_a_group_may_give_another_kind_of_rule_only_if_it_scores_rows() -> None:
    with pytest.raises(FrameworkError, match="cannot score rows") as err:
        _grouped({"kind": "judgment"})
    assert err.value.field == "rows.groups[0].rule.kind"
    same = _grouped({"kind": "target", "plain": "exact"})
    assert score(same, row("100", "90"))["B1.1"].score == 9
    assert score(same, row("100", "125"))["B1.1"].score == 8  # its own plain: exact


def _grouped(rule: dict[str, Any]) -> Any:
    """FW's framework with 数量指标 giving its rows `rule`."""
    doc = yaml.safe_load(_FW_TEXT)
    doc["indicators"][0]["rows"]["groups"][0]["rule"] = rule
    return build_framework(parse_yaml(yaml.safe_dump(doc, allow_unicode=True), "t.yaml"))


def test_a_rows_own_direction_rule_and_precision() -> None:
    fw = framework({"over_equal": "reverse"})
    got = _scores(
        fw,
        row("100万元", "110万元", direction="反向"),  # a ceiling: 100/110 × 10
        row("≤100", "120", rule={"reverse": "to_zero_at_double"}),  # (2 − 1.2) × 10
        row("100%", "86.2%", precision=0),  # 8.62 → 9
        row("100%", "86.2%", precision=1, rounding="down"),  # 8.62 → 8.6
        row("100万元", "110万元"),  # the group's own: at_least, met
    )
    assert got["B1.1"] == Decimal("9.09")
    assert got["B1.2"] == 8
    assert got["B1.3"] == 9
    assert got["B1.4"] == Decimal("8.6")
    assert got["B1.5"] == 10


@pytest.mark.parametrize(
    ("own", "field"),
    [
        ({"direction": "向上"}, "rows[0].direction"),
        ({"rule": "ratio"}, "rows[0].rule"),
        ({"rule": {"reverse": "half"}}, "rows[0].rule.reverse"),
        ({"precision": 7}, "rows[0].precision"),
        ({"precision": True}, "rows[0].precision"),
        ({"rounding": "banker"}, "rows[0].rounding"),
    ],
)
def test_a_rows_own_settings_are_checked(own: dict[str, Any], field: str) -> None:
    with pytest.raises(DataError) as err:
        score(FW, row("100", "90", **own))
    assert err.value.field == field


def test_a_rows_score_from_outside_by_its_code() -> None:
    data = {"rows": [row("100", "90"), row("±5万人", "3万人", weight=10)], "Z": 0}
    result = FW.evaluate(data, external_scores={"B1.2": 6})
    assert result["B1.2"].score == 6 and result["B1.2"].source == "external"
    assert result["B1.1"].score == 9 and result["B"].score == 15
    for code, says in [("B9.9", "unknown indicator"), ("B1", "children")]:
        with pytest.raises(DataError, match=says):
            FW.evaluate(data, external_scores={"B1.2": 6, code: 1})
    with pytest.raises(DataError, match="external score"):
        FW.evaluate(data, external_scores={"B1.2": 11})  # above its 10


def test_a_rows_external_score_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`external_scores: {B1.2: …}` in a record file: the code `perfscore reconcile` shows."""
    shared = yaml.safe_load((FIXTURES / "project-rows.yaml").read_text(encoding="utf-8"))
    values = {
        **shared["values"],
        "产出指标": [
            {"group": "数量指标", "name": "a", "target": "≥50个", "actual": "50个", "weight": 40},
            {"group": "数量指标", "name": "b", "target": "±5万人", "actual": "3万人", "weight": 10},
        ],
    }
    record = tmp_path / "data.yaml"
    record.write_text(
        yaml.safe_dump(
            {
                "values": values,
                "external_scores": {"B1.2": 7},
                "reported": {"scores": {"B1.1": 40, "B1.2": 7, "B": 47}, "total": 97},
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    assert main(["score", "project-self-evaluation", str(record)]) == 0
    assert "97" in capsys.readouterr().out  # 10 + 47 + 30 + 10
    assert main(["reconcile", "project-self-evaluation", str(record)]) == 0
    assert "全部一致" in capsys.readouterr().out  # B1.2 reported 7, supplied 7


def test_a_csv_and_a_workbook_read_the_split_columns(tmp_path: Path) -> None:
    lines = [
        ["数据项", "rows"],
        ["二级指标", "三级指标", "指标性质", "指标值", "度量单位", "实际完成值", "分值"],
        ["数量指标", "培训人数", "≥", "50", "人", "45", "10"],
        ["数量指标", "合格率", "＞", "90", "百分比", "95", "10"],
    ]
    csv = tmp_path / "rows.csv"
    csv.write_text("\n".join(",".join(line) for line in lines) + "\n", encoding="utf-8")
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for line in lines:
        sheet.append(line)
    book.save(tmp_path / "rows.xlsx")
    for path in (csv, tmp_path / "rows.xlsx"):
        record = read_data(path)
        first = record.values["rows"][0]
        assert (first["nature"], first["target"], first["unit"]) == ("≥", "50", "人")
        assert record.locations["rows[0].unit"] in ("line 3", "Sheet!E3")
        got = _scores(FW, *record.values["rows"])
        assert got["B1.1"] == 9 and got["B1.2"] == 10  # 45/50 × 10; met


_TIERS = {
    "kind": "tiers",
    "bands": [
        {"at_least": 90, "weight_fraction": 1},
        {"at_least": 80, "below": 90, "weight_fraction": 0.8},
        {"below": 80, "points": 0},
    ],
}


@given(actual=st.decimals(0, 120, places=1), weight=st.integers(1, 10))
def test_a_group_of_another_kind_scores_each_rows_actual(actual: Decimal, weight: int) -> None:
    """满意度≥90%计满分；80%（含）-90%计80%；80%以下不得分 — the group's `tiers`, the row's 分值."""
    fw = _grouped(_TIERS)
    leaf = score(fw, row("≥90%", f"{actual}%", weight=weight))["B1.1"]
    expected = weight if actual >= 90 else Decimal("0.8") * weight if actual >= 80 else 0
    assert leaf.score == round(Decimal(expected), 2)
    assert ZERO <= leaf.score <= weight
    assert leaf.rule == "tiers" and leaf.trace is not None
    assert leaf.trace.reasons[0] == f"实际完成值“{actual}%”"


@pytest.mark.parametrize(
    ("actual", "says"), [("", "blank"), ("≥90%", "not one"), ("良好", "not one")]
)
def test_a_group_of_another_kind_needs_a_number_as_actual(actual: str, says: str) -> None:
    with pytest.raises(DataError, match=says) as err:
        score(_grouped(_TIERS), row("≥90%", actual))
    assert err.value.field == "rows[0].actual"
