"""Reading 年度指标值 / 实际完成值 text, the `target` rule, and rows listed in the data.

Parsing: hypothesis round-trips for numbers, units, comparisons, ranges and periods; the texts of
000 and 004 附件4-2. Scoring: the method's properties through a real framework and `evaluate`
(full marks exactly when the target is met, proportional below it, the declared reverse method
above a ceiling, levels within their bands). Errors: every unreadable row is a DataError naming
the file, the row's code and name, and the field.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import yaml
from hypothesis import assume, given
from hypothesis import strategies as st

from perfscore import DataError, FrameworkError
from perfscore.framework import Framework, build_framework, load_framework
from perfscore.numbers import round_half_up
from perfscore.records import Record
from perfscore.rows import expanded
from perfscore.targets import (
    Bound,
    Period,
    Span,
    TargetTextError,
    UnitMismatch,
    Words,
    convert,
    read_cell,
)
from perfscore.yamlio import parse_yaml

# These tests check the English wording of perfscore's messages (tests/test_i18n.py checks
# the Chinese, the default).
pytestmark = pytest.mark.usefixtures("english")

# ----------------------------------------------------------------------------- parsing: the seeds


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("≥98%", Bound(">=", Decimal(98), "%", "≥98%")),
        ("≤149万元", Bound("<=", Decimal(149), "万元", "≤149万元")),
        ("100%", Bound(None, Decimal(100), "%", "100%")),
        ("18516万元", Bound(None, Decimal(18516), "万元", "18516万元")),
        ("18516万", Bound(None, Decimal(18516), "万", "18516万")),
        ("1.1万人", Bound(None, Decimal("1.1"), "万人", "1.1万人")),
        ("1--1.2万人", Span(Decimal(1), Decimal("1.2"), "万人", "1--1.2万人")),
        ("0.6--0.7万人", Span(Decimal("0.6"), Decimal("0.7"), "万人", "0.6--0.7万人")),
        ("1万人至1.2万人", Span(Decimal(1), Decimal("1.2"), "万人", "1万人至1.2万人")),
        (
            "群众满意度92%以上",
            Bound(">=", Decimal(92), "%", "群众满意度92%以上", "群众满意度"),
        ),
        (
            "控制预算在149万元以内",
            Bound("<=", Decimal(149), "万元", "控制预算在149万元以内", "控制预算在"),
        ),
        (
            "符合条件的未参保的人员参保率98%",
            Bound(
                None,
                Decimal(98),
                "%",
                "符合条件的未参保的人员参保率98%",
                "符合条件的未参保的人员参保率",
            ),
        ),
        ("不低于 95 %", Bound(">=", Decimal(95), "%", "不低于 95 %")),
        ("９８％", Bound(None, Decimal(98), "%", "９８％")),
        ("3日内", Bound("<=", Decimal(3), "日", "3日内")),
        ("2020年全年", Period(date(2020, 1, 1), date(2020, 12, 31), False, "2020年全年")),
        (
            "2020年12月31日前",
            Period(date(2020, 12, 31), date(2020, 12, 31), True, "2020年12月31日前"),
        ),
        ("2020年2月", Period(date(2020, 2, 1), date(2020, 2, 29), False, "2020年2月")),
        ("稳步提升", Words("稳步提升")),
        ("按各主管局要求发放", Words("按各主管局要求发放")),
        ("　长期", Words("长期")),
        ("发放到位", Words("发放到位")),
    ],
)
def test_reads_what_the_seeds_write(text: str, expected: Any) -> None:
    assert read_cell(text) == expected


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("1.98亿元，增长5%", "2 numbers"),
        ("3.5.6", "2 numbers"),
        ("基金征缴12月31日前完成", "2 numbers"),
        ("2--1万人", "low end is above"),
        ("1万人--2%", "different units"),
        ("≥98%以下", "two different comparisons"),
        ("2020年2月30日", "not a valid date"),
        ("2020年13月", "not a valid date"),
        ("约~98%", "cannot read"),
        ("　", "blank"),
    ],
)
def test_refuses_what_it_cannot_read(text: str, says: str) -> None:
    with pytest.raises(TargetTextError, match=says):
        read_cell(text)


def test_units_convert_within_a_family_and_refuse_across() -> None:
    assert convert(Decimal(18516), "万", "万元") == 18516  # the same unit, shortened
    assert convert(Decimal(18516), "万元", "万") == 18516
    assert convert(Decimal("1.1"), "万人", "人") == 11000
    assert convert(Decimal(2), "亿元", "万元") == 20000
    assert convert(Decimal(5), "户", "户") == 5
    for have, want in [("万人", "%"), ("万", "%"), ("", "%"), ("万元", "人"), ("天", "日")]:
        with pytest.raises(UnitMismatch, match="units differ"):
            convert(Decimal(1), have, want)


# ----------------------------------------------------------------------------- parsing: properties

# Label characters that cannot combine with a comparison word (不/低/于 …) or a unit.
_LABEL = st.text(alphabet="参保率群众满意度待遇放控制预算在企业养老人员服务代发项目", max_size=8)
_UNITS = ["", "%", "万元", "元", "亿元", "万人", "人", "人次", "户", "个", "万", "天", "件"]
_PREFIXES = {
    "≥": ">=",
    ">=": ">=",
    "不低于": ">=",
    "不少于": ">=",
    "大于等于": ">=",
    "达到": ">=",
    "≤": "<=",
    "<=": "<=",
    "不超过": "<=",
    "不高于": "<=",
    "小于等于": "<=",
    ">": ">",
    "大于": ">",
    "高于": ">",
    "<": "<",
    "小于": "<",
    "低于": "<",
    "=": "==",
}
_SUFFIXES = {"以上": ">=", "及以上": ">=", "以下": "<=", "以内": "<=", "之内": "<="}
_numbers = st.decimals(min_value=0, max_value=10**7, places=4, allow_nan=False)


def _written(number: Decimal, grouped: bool) -> str:
    text = format(number.normalize(), "f") if number else "0"
    if grouped and "." not in text and len(text) > 3:
        text = f"{int(text):,}"
    return text


@given(
    number=_numbers,
    grouped=st.booleans(),
    unit=st.sampled_from(_UNITS),
    label=_LABEL,
    where=st.sampled_from(["none", "prefix", "suffix"]),
    prefix=st.sampled_from(sorted(_PREFIXES)),
    suffix=st.sampled_from(sorted(_SUFFIXES)),
    spaces=st.booleans(),
)
def test_a_number_with_unit_and_comparison_round_trips(
    number: Decimal,
    grouped: bool,
    unit: str,
    label: str,
    where: str,
    prefix: str,
    suffix: str,
    spaces: bool,
) -> None:
    pre = prefix if where == "prefix" else ""
    post = suffix if where == "suffix" else ""
    gap = " " if spaces else ""
    text = f"{label}{pre}{gap}{_written(number, grouped)}{gap}{unit}{post}"
    op = _PREFIXES[prefix] if pre else _SUFFIXES[suffix] if post else None
    reading = read_cell(text)
    assert reading == Bound(op, number, unit, text.strip(), label)


@given(
    low=_numbers,
    high=_numbers,
    sep=st.sampled_from(["--", "-", "~", "～", "至", "到", "—", "－－"]),
    unit=st.sampled_from([u for u in _UNITS if u]),
    both=st.booleans(),
)
def test_a_range_round_trips(low: Decimal, high: Decimal, sep: str, unit: str, both: bool) -> None:
    low, high = min(low, high), max(low, high)
    text = f"{_written(low, False)}{unit if both else ''}{sep}{_written(high, False)}{unit}"
    assert read_cell(text) == Span(low, high, unit, text)


@given(low=_numbers, high=_numbers, unit=st.sampled_from([u for u in _UNITS if u]))
def test_a_reversed_range_is_refused(low: Decimal, high: Decimal, unit: str) -> None:
    assume(low > high)
    with pytest.raises(TargetTextError, match="low end is above"):
        read_cell(f"{_written(low, False)}--{_written(high, False)}{unit}")


@given(day=st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31)), by=st.booleans())
def test_a_date_round_trips(day: date, by: bool) -> None:
    text = f"{day.year}年{day.month}月{day.day}日{'前' if by else ''}"
    assert read_cell(text) == Period(day, day, by, text)


@given(year=st.integers(1990, 2099), word=st.sampled_from(["全年", "年度", ""]))
def test_a_year_is_the_whole_year(year: int, word: str) -> None:
    reading = read_cell(f"{year}年{word}")
    assert isinstance(reading, Period)
    assert (reading.start, reading.end) == (date(year, 1, 1), date(year, 12, 31))


@given(st.text(alphabet="稳步提升正常运行长期发放到位按各主管局要求无…", min_size=1, max_size=12))
def test_text_without_digits_is_qualitative(text: str) -> None:
    assert read_cell(text) == Words(text)


@given(
    number=_numbers,
    pair=st.sampled_from(
        [
            ("万元", "元"),
            ("亿元", "万元"),
            ("万人", "人"),
            ("万", "万元"),
            ("万人次", "人次"),
            ("%", "%"),
        ]
    ),
)
def test_conversion_round_trips(number: Decimal, pair: tuple[str, str]) -> None:
    a, b = pair
    assert convert(convert(number, a, b), b, a) == number


# ----------------------------------------------------------------------------- a test framework


def framework(
    rule: dict[str, Any] | None = None, *, weight: int = 10, groups: bool = True, **rows: Any
) -> Framework:
    """One `rows:` node of `weight` points (plus an 'other' leaf making up 100), from YAML text."""
    target = {
        "kind": "target",
        "plain": "at_least",
        "shortfall": "proportional",
        "reverse": "ratio",
        "merged": "mean",
        "levels": {
            "达成": {"band": "[80, 100]", "share": 100},
            "部分达成": {"band": "[60, 80)"},
            "未达成": {"band": "[0, 60)"},
        },
        **(rule or {}),
    }
    target = {k: v for k, v in target.items() if v is not None}  # None: leave the setting out
    spec: dict[str, Any] = {
        "from": "rows",
        "rule": target,
        "placeholders": ["无", "……"],
        **rows,
    }
    if groups:
        spec.setdefault(
            "groups", [{"name": "数量指标"}, {"name": "成本指标", "rule": {"plain": "at_most"}}]
        )
    doc = {
        "id": "t",
        "name": "测试",
        "version": "1",
        "total": 100,
        "precision": 2,
        "grades": [{"name": "合格", "min": 0}],
        "indicators": [
            {"code": "B", "name": "产出指标", "weight": weight, "rows": spec},
            {"code": "Z", "name": "其他", "weight": 100 - weight, "rule": {"kind": "judgment"}},
        ],
    }
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    return build_framework(parse_yaml(text, "t.yaml"))


def score(fw: Framework, *rows: dict[str, Any]) -> Any:
    record = Record(values={"rows": list(rows), "Z": 0}, file="data.yaml")
    return fw.evaluate(record)


def row(target: str, actual: str, weight: Any = 10, **more: Any) -> dict[str, Any]:
    return {
        "group": "数量指标",
        "name": "测试指标",
        "target": target,
        "actual": actual,
        "weight": weight,
        **more,
    }


FW = framework()

# ----------------------------------------------------------------------------- scoring: the method


@given(target=st.integers(1, 10_000), actual=st.integers(0, 20_000), weight=st.integers(1, 10))
def test_at_least_full_when_met_else_proportional(target: int, actual: int, weight: int) -> None:
    result = score(framework(weight=weight), row(f"≥{target}人", f"{actual}人", weight))
    leaf = result["B1.1"]
    expected = weight if actual >= target else round_half_up(Decimal(weight * actual) / target, 2)
    assert leaf.score == expected
    assert 0 <= leaf.score <= weight
    assert f"≥{target}人" in leaf.trace.reasons[0] and f"{actual}人" in leaf.trace.reasons[0]


@given(target=st.integers(1, 10_000), a=st.integers(0, 20_000), b=st.integers(0, 20_000))
def test_more_never_scores_less_for_a_floor(target: int, a: int, b: int) -> None:
    low, high = sorted((a, b))
    first = score(FW, row(f"{target}", f"{low}"))["B1.1"].score
    second = score(FW, row(f"{target}", f"{high}"))["B1.1"].score
    assert first <= second


@given(
    target=st.integers(1, 10_000),
    actual=st.integers(0, 30_000),
    reverse=st.sampled_from(["ratio", "to_zero_at_double"]),
)
def test_a_ceiling_exceeded_scores_by_the_declared_reverse_method(
    target: int, actual: int, reverse: str
) -> None:
    fw = framework({"reverse": reverse})
    leaf = score(fw, row(f"≤{target}万元", f"{actual}万元"))["B1.1"]
    if actual <= target:
        expected = Decimal(10)
    elif reverse == "ratio":
        expected = round_half_up(Decimal(10 * target) / actual, 2)
    else:
        expected = round_half_up(max(Decimal(10) * (2 - Decimal(actual) / target), Decimal(0)), 2)
    assert leaf.score == expected


@given(low=st.integers(1, 100), span=st.integers(0, 100), actual=st.integers(0, 300))
def test_a_range_is_met_from_its_low_end_under_at_least(low: int, span: int, actual: int) -> None:
    high = low + span
    leaf = score(FW, row(f"{low}--{high}万人", f"{actual}万人"))["B1.1"]
    expected = 10 if actual >= low else round_half_up(Decimal(10 * actual) / low, 2)
    assert leaf.score == expected


def test_plain_reads_by_group_and_exact_counts_both_ways() -> None:
    cost = {
        "group": "成本指标",
        "name": "公用经费",
        "target": "50万元",
        "actual": "55万元",
        "weight": 10,
    }
    assert score(FW, cost)["B2.1"].score == Decimal("9.09")  # 50/55 × 10: a ceiling under 成本指标
    assert score(FW, {**cost, "group": "数量指标"})["B1.1"].score == 10  # a floor elsewhere
    exact = framework({"plain": "exact"})
    assert score(exact, row("100", "90"))["B1.1"].score == 9
    assert score(exact, row("100", "125"))["B1.1"].score == 8
    assert score(exact, row("1--1.2万人", "1.3万人"))["B1.1"].score == Decimal("9.23")


def test_units_written_short_or_converted_compare() -> None:
    assert score(FW, row("18516万元", "18516万"))["B1.1"].score == 10
    leaf = score(FW, row("1.2万人", "11000人"))["B1.1"]
    assert leaf.score == Decimal("9.17")
    assert "按万人计为1.1" in leaf.trace.reasons[0]


def test_an_actual_stated_as_a_bound_settles_only_its_own_side() -> None:
    assert score(FW, row("≥98%", "≥98%"))["B1.1"].score == 10
    assert score(FW, row("≥98%", "≥90%"))["B1.1"].score == Decimal("9.18")
    with pytest.raises(DataError, match="only a lower bound"):
        score(FW, row("≤98%", "≥90%"))


def test_time_targets() -> None:
    assert score(FW, row("2020年全年", "2020年全年"))["B1.1"].score == 10
    assert score(FW, row("2020年12月31日前", "2020年11月"))["B1.1"].score == 10
    late = row("2020年12月31日前", "2021年1月", level="部分达成", share=70)
    assert score(FW, late)["B1.1"].score == 7
    with pytest.raises(DataError, match="time target is missed") as err:
        score(FW, row("2020年6月前", "2020年全年"))
    assert err.value.field == "rows[0].level"


@given(share=st.decimals(min_value=0, max_value=100, places=2), weight=st.integers(1, 50))
def test_levels_score_within_their_bands(share: Decimal, weight: int) -> None:
    fw = framework(weight=weight)
    level = "达成" if share >= 80 else "部分达成" if share >= 60 else "未达成"
    leaf = score(fw, row("稳步提升", "稳步提升", weight, level=level, share=str(share)))["B1.1"]
    assert leaf.score == round_half_up(weight * share / 100, 2)
    assert leaf.source == "judgment"
    assert f"“{level}”" in leaf.trace.reasons[0]
    wrong = "未达成" if level != "未达成" else "达成"
    with pytest.raises(DataError, match="outside level"):
        score(fw, row("稳步提升", "稳步提升", weight, level=wrong, share=str(share)))


def test_a_level_without_share_takes_the_declared_point_or_is_refused() -> None:
    leaf = score(FW, row("正常运行", "正常运行", level="达成"))["B1.1"]
    assert leaf.score == 10 and "框架规定计分值的100%" in leaf.trace.reasons[0]
    with pytest.raises(DataError, match="no share declared") as err:
        score(FW, row("正常运行", "基本正常", level="部分达成"))
    assert err.value.field == "rows[0].share"


def test_a_merged_cell_combines_its_items_as_declared() -> None:
    merged = {
        "group": "数量指标",
        "weight": 10,
        "items": [
            {"name": "甲", "target": "1--1.2万人", "actual": "1.1万人"},
            {"name": "乙", "target": "100%", "actual": "80%"},
        ],
    }
    leaf = score(FW, merged)["B1.1"]
    assert leaf.score == 9 and leaf.name == "甲、乙"  # mean of 100% and 80%
    assert any("甲：" in r for r in leaf.trace.reasons) and any(
        "乙：" in r for r in leaf.trace.reasons
    )
    assert score(framework({"merged": "min"}), merged)["B1.1"].score == 8
    with pytest.raises(DataError, match="merged: mean or min"):
        score(framework({"merged": None}), merged)


def test_placeholder_rows_are_skipped_with_a_finding() -> None:
    result = score(
        FW,
        row("100%", "100%"),
        {"group": "数量指标", "name": "……"},
        {"group": "成本指标", "name": "无", "target": "无", "actual": "无"},
    )
    skipped = [f for f in result.findings if f.check == "skipped-row"]
    assert [f.message.split(" ")[0] for f in skipped] == ["rows[1]", "rows[2]"]
    assert all(f.code == "B" and f.file == "data.yaml" for f in skipped)
    assert result["B"].score == 10 and "B2" not in result


def test_weights_of_the_expanded_tree_are_checked() -> None:
    result = score(FW, row("100%", "100%", 4), row("100%", "100%", 4))
    found = [f for f in result.findings if f.check == "weights" and f.code == "B"]
    assert len(found) == 1 and "add up to 8" in found[0].message
    assert found[0].file == "data.yaml"
    assert result["B"].score == 8 and result["B"].weight == 10
    fine = score(FW, row("100%", "100%", 4), row("100%", "100%", 6))
    assert not [f for f in fine.findings if f.level == "error"]


def test_unstated_weights_are_split_equally_when_declared() -> None:
    fw = framework(weight=50, unweighted="equal")
    rows = [row("100%", "100%", None) for _ in range(6)]
    result = score(fw, *rows)
    assert [result[f"B1.{i}"].weight for i in range(1, 7)] == [
        Decimal("8.34"),
        Decimal("8.34"),
        Decimal("8.33"),
        Decimal("8.33"),
        Decimal("8.33"),
        Decimal("8.33"),
    ]
    assert result["B"].score == 50
    assert any(f.check == "equal-weights" for f in result.findings)
    with pytest.raises(DataError, match=r"rows\.unweighted: error"):
        score(framework(weight=50), *rows)


def test_rows_without_groups_sit_directly_under_the_node() -> None:
    fw = framework(groups=False)
    result = score(fw, {"name": "甲", "target": "100%", "actual": "100%", "weight": 10})
    assert [c.code for c in result["B"].children] == ["B.1"]


def test_expanded_results_serialise_and_expose_codes() -> None:
    record = Record(values={"rows": [row("≥98%", "99%")], "Z": 0}, file="data.yaml")
    result = FW.evaluate(record)
    data = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    leaf = data["indicators"][0]["children"][0]["children"][0]
    assert leaf["code"] == "B1.1" and leaf["value"] == {"target": "≥98%", "actual": "99%"}
    assert leaf["rule"] == "target" and leaf["trace"]["reasons"]
    assert set(expanded(FW, record)) == {"B", "B1", "B1.1", "Z"}


# ----------------------------------------------------------------------------- errors name the row


@pytest.mark.parametrize(
    ("rows", "code", "field", "says"),
    [
        ([row("±5万人", "1万人")], "B1.1", "rows[0].target", "cannot read"),
        ([row("约十万人3", "1万人")], "B1.1", "rows[0].actual", "units differ"),
        ([row("100%", "1.98亿元，增长5%")], "B1.1", "rows[0].actual", "2 numbers"),
        ([row("1--1.2万人", "98%")], "B1.1", "rows[0].actual", "units differ"),
        ([row("100", "100%")], "B1.1", "rows[0].actual", "units differ"),
        ([row("稳步提升", "稳步提升")], "B1.1", "rows[0].level", "qualitative"),
        ([row("", "100%")], "B1.1", "rows[0].target", "target .年度指标值. is blank"),
        ([row("100%", "")], "B1.1", "rows[0].actual", "actual .实际完成值. is blank"),
        ([row("100%", "完成")], "B1.1", "rows[0].actual", "qualitative"),
        ([row("稳步提升", "稳步提升", level="完成")], "B1.1", "rows[0].level", "unknown level"),
        ([row("100%", "100%", level="达成")], "B1.1", "rows[0].level", "scored from its figures"),
        ([row("100%", "90%", share=95)], "B1.1", "rows[0].share", "scored from its figures"),
        ([row("2020年", "2020年", share=95)], "B1.1", "rows[0].share", "scored from its figures"),
        ([row("稳步提升", "x", level="达成", share="abc")], "B1.1", "rows[0].share", "number"),
        ([row("100%", "2020年全年")], "B1.1", "rows[0].actual", "cannot compare a figure"),
        ([row("≤98%", "≥90%")], "B1.1", "rows[0].actual", "lower bound"),
        (
            [row("100%", "100%"), row("100%", "100%", 10, code="B1.1")],
            "B1.1",
            "rows[1].code",
            "already used",
        ),
        ([row("100%", "100%", code="Z")], "Z", "rows[0].code", "already used"),
        ([row("100%", "100%", "十分")], None, "rows[0].weight", "分值"),
        ([row("100%", "100%", -1)], None, "rows[0].weight", "below the allowed minimum"),
        ([row("100%", "100%"), row("100%", "100%", None)], "B1.2", "rows[1].weight", "items"),
        ([{**row("100%", "100%"), "group": "效益"}], None, "rows[0].group", "unknown group"),
        ([{**row("100%", "100%"), "score": 10}], None, "rows[0].score", "unknown key"),
        (
            [{**row("100%", "100%"), "items": [{"name": "甲"}]}],
            None,
            "rows[0].items",
            "at least two",
        ),
        (
            [
                {
                    "group": "数量指标",
                    "weight": 10,
                    "items": [
                        {"name": "甲", "target": "1", "actual": "1"},
                        {"name": "乙", "target": "1", "actual": "1", "weight": 5},
                    ],
                }
            ],
            None,
            "rows[0].items[1].weight",
            "no weight of its own",
        ),
        (
            [
                {
                    "group": "数量指标",
                    "weight": 10,
                    "items": [
                        {"name": "甲", "target": "1", "actual": "1"},
                        {"name": "乙", "target": "1", "actual": "1%"},
                    ],
                }
            ],
            "B1.1",
            "rows[0].items[1].actual",
            "units differ",
        ),
        ([{"group": "数量指标", "name": ["甲"]}], None, "rows[0].name", "text or a number"),
        (["甲"], None, "rows[0]", "mapping"),
        ([], None, "rows", "no row to score"),
        ([{"group": "数量指标", "name": "……"}], None, "rows", "no row to score"),
    ],
)
def test_unreadable_rows_name_the_row_and_field(
    rows: list[Any], code: str | None, field: str, says: str
) -> None:
    with pytest.raises(DataError, match=says) as err:
        score(FW, *rows)
    assert err.value.file == "data.yaml"
    assert err.value.path == (code or "B")
    assert err.value.field == field
    if code and code.startswith("B1"):
        assert "测试指标" in err.value.message or "甲" in err.value.message


def test_missing_or_malformed_rows_name_the_data_key() -> None:
    with pytest.raises(DataError, match="missing input 'rows'") as err:
        FW.evaluate(Record(values={"Z": 0}, file="data.yaml"))
    assert (err.value.path, err.value.field) == ("B", "rows")
    with pytest.raises(DataError, match="must be a list") as err:
        FW.evaluate(Record(values={"rows": "甲", "Z": 0}, file="data.yaml"))


# ----------------------------------------------------------------------------- framework errors


@pytest.mark.parametrize(
    ("change", "field", "says"),
    [
        # the schema refuses these four in its own words: the test checks where (path, field)
        ({"plain": "higher"}, "rows.rule.plain", None),
        ({"shortfall": "steps"}, "rows.rule.shortfall", None),
        ({"reverse": None}, "rows.rule", None),
        ({"merged": "max"}, "rows.rule.merged", None),
        (
            {"levels": {"达成": {"band": "[80, 100]", "share": 70}}},
            "rows.rule.levels.达成.share",
            "outside the band",
        ),
        ({"levels": {"达成": {"band": "[80, 120]"}}}, "rows.rule.levels.达成.band", "within"),
    ],
)
def test_framework_settings_are_checked(
    change: dict[str, Any], field: str, says: str | None
) -> None:
    with pytest.raises(FrameworkError) as err:
        framework(change)
    assert says is None or says in err.value.message, str(err.value)
    assert err.value.path == "B"
    assert field in (err.value.field or "")


def test_target_outside_rows_and_other_kinds_inside_rows_are_refused() -> None:
    base = yaml.safe_load(
        """
id: t
name: t
version: 1
total: 10
precision: 2
grades: [{name: 合格, min: 0}]
indicators:
  - code: A
    name: 甲
    weight: 10
    rule: {kind: target, plain: at_least, shortfall: proportional, reverse: ratio,
           levels: {达成: {band: "[80, 100]"}}}
"""
    )
    with pytest.raises(FrameworkError, match="scores rows listed in the data") as err:
        build_framework(parse_yaml(yaml.safe_dump(base, allow_unicode=True), "t.yaml"))
    assert (err.value.path, err.value.field) == ("A", "rule.kind")
    node = base["indicators"][0]
    # a kind for points an evaluator gives cannot score rows (one for numbers scores their
    # actuals: tests/test_rows_columns.py)
    node["rows"] = {"from": "rows", "rule": {"kind": "judgment"}}
    del node["rule"]
    with pytest.raises(FrameworkError, match="cannot score rows") as err:
        build_framework(parse_yaml(yaml.safe_dump(base, allow_unicode=True), "t.yaml"))
    assert err.value.path == "A"
    node["rows"]["rule"] = {"kind": "target"}
    node["rows"]["groups"] = [{"name": "甲", "rule": {"kind": "threshold"}}]
    with pytest.raises(FrameworkError):
        build_framework(parse_yaml(yaml.safe_dump(base, allow_unicode=True), "t.yaml"))


def test_bundled_framework_loads_and_lints_without_errors() -> None:
    fw = load_framework("project-self-evaluation")
    assert [(n.code, n.weight) for n in fw.indicators] == [
        ("A", 10),
        ("B", 50),
        ("C", 30),
        ("D", 10),
    ]
    assert not [f for f in fw.findings if f.level == "error"]
