"""Exact examples of `tiers` (分档计分) and `cases` (分情形计分): every band edge of the issue's
phrasings, both inclusivities and both directions, judged bands, what lint reports about bands
and cases, and the errors a wrong declaration or a value in no band gives. The properties of
both kinds (any bands, any conditions) are in tests/test_rule_properties.py."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from test_rule_properties import CODE, VALUE_KEY, framework, score_of

from perfscore import DataError, FormulaError, FrameworkError
from perfscore.cli import main
from perfscore.engine.scoring import score as untraced
from perfscore.expressions import Formula
from perfscore.framework import build_framework
from perfscore.rules import BuildContext, build_rule
from perfscore.rules.possible import PossiblePoints
from perfscore.yamlio import parse_yaml

# These tests check the English wording of perfscore's messages (tests/test_i18n.py checks
# the Chinese, the default).
pytestmark = pytest.mark.usefixtures("english")

D = Decimal

#: "≥90%计5分；80%（含）-90%计4分；60%（含）-80%计2分；60%以下不得分"
UPWARD = {
    "kind": "tiers",
    "bands": [
        {"at_least": 90, "points": 5},
        {"at_least": 80, "below": 90, "points": 4},
        {"at_least": 60, "below": 80, "points": 2},
        {"below": 60, "points": 0},
    ],
}
#: "=0计8分；0-10%（含）计6分；10%-20%（含）计4分；20%以上不得分" (20%以上 excludes 20)
DOWNWARD = {
    "kind": "tiers",
    "bands": [
        {"equals": 0, "points": 8},
        {"above": 0, "at_most": 10, "points": 6},
        {"above": 10, "at_most": 20, "points": 4},
        {"above": 20, "points": 0},
    ],
}


def scores(rule: dict[str, Any], weight: int, values: list[str]) -> list[Decimal]:
    fw = framework(rule, D(weight), leaf={"unit": "%"})
    return [score_of(fw, {VALUE_KEY: v}).score for v in values]


def checks(rule: dict[str, Any], weight: int = 5, **leaf: Any) -> list[tuple[str, str]]:
    fw = framework(rule, D(weight), **leaf)
    return [(f.check, f.level) for f in fw.findings if f.code == CODE]


# ----------------------------------------------------------------------------- tiers: edges


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("100", "5"),
        ("90", "5"),  # ≥90: 90 itself is in the top band
        ("89.9999995", "4"),  # no epsilon: piecewise with a near-vertical step gave 4.5 here
        ("80", "4"),  # 80%（含）
        ("79.9999999", "2"),
        ("60", "2"),  # 60%（含）
        ("59.9999999", "0"),  # 60%以下
        ("-5", "0"),
    ],
)
def test_upward_bands_at_every_edge(value: str, expected: str) -> None:
    assert scores(UPWARD, 5, [value]) == [D(expected)]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", "8"),  # =0
        ("0.0000001", "6"),  # 0-10%: 0 excluded
        ("10", "6"),  # 10%（含）
        ("10.0000001", "4"),
        ("20", "4"),  # 20%（含）
        ("20.0000001", "0"),  # 20%以上
        ("500", "0"),
    ],
)
def test_downward_bands_at_every_edge(value: str, expected: str) -> None:
    assert scores(DOWNWARD, 8, [value]) == [D(expected)]


def test_each_edge_belongs_to_the_band_its_key_says() -> None:
    """The same edges, read the other way at each: at_most/above instead of below/at_least."""
    other = {
        "kind": "tiers",
        "bands": [
            {"above": 90, "points": 5},
            {"above": 80, "at_most": 90, "points": 4},
            {"above": 60, "at_most": 80, "points": 2},
            {"at_most": 60, "points": 0},
        ],
    }
    edges = ["90", "80", "60"]
    assert scores(UPWARD, 5, edges) == [D(5), D(4), D(2)]
    assert scores(other, 5, edges) == [D(4), D(2), D(0)]


def test_the_order_bands_are_listed_in_does_not_matter_when_they_do_not_overlap() -> None:
    values = ["95", "90", "85", "80", "70", "60", "10"]
    backwards = {**UPWARD, "bands": list(reversed(UPWARD["bands"]))}  # type: ignore[call-overload]
    assert scores(backwards, 5, values) == scores(UPWARD, 5, values)


def test_direction_is_read_off_the_bands() -> None:
    assert framework(UPWARD, D(5))[CODE].rule.rewards() == "higher"  # type: ignore[union-attr]
    assert framework(DOWNWARD, D(8))[CODE].rule.rewards() == "lower"  # type: ignore[union-attr]
    up_and_down = {
        "kind": "tiers",
        "bands": [
            {"below": 10, "points": 1},
            {"at_least": 10, "below": 20, "points": 3},
            {"at_least": 20, "points": 2},
        ],
    }
    assert framework(up_and_down, D(3))[CODE].rule.rewards() is None  # type: ignore[union-attr]
    # a leaf declared 正向 whose bands reward lower values is reported
    assert ("direction", "error") in checks(DOWNWARD, 8, leaf={"direction": "positive"})


def test_a_value_in_no_band_is_refused_naming_the_indicator() -> None:
    fw = framework(DOWNWARD, D(8))
    with pytest.raises(DataError) as err:
        fw.evaluate({VALUE_KEY: "-0.5"})
    assert err.value.path == CODE and "-0.5 lies in no band" in err.value.message


def test_the_reason_names_the_band_and_prints_a_value_near_an_edge_exactly() -> None:
    fw = framework(UPWARD, D(5), leaf={"unit": "%"})
    near = score_of(fw, {VALUE_KEY: "89.9999995"}).trace
    assert (
        near is not None
        and near.reasons[0] == "89.9999995%，在第2档（80%（含）-90%（不含）），得4分"
    )
    plain = score_of(fw, {VALUE_KEY: "92.123"}).trace
    assert plain is not None and plain.reasons[0] == "92.12%，在第1档（≥90%），得5分"


def test_weight_fraction_is_a_share_of_the_weight() -> None:
    rule = {
        "kind": "tiers",
        "bands": [{"at_least": 90, "weight_fraction": 1}, {"below": 90, "weight_fraction": "0.6"}],
    }
    assert scores(rule, 5, ["95", "89"]) == [D(5), D(3)]


# ----------------------------------------------------------------------------- tiers: judgment

JUDGED = {
    "kind": "tiers",
    "bands": [
        {"at_least": 90, "points": 5},
        {"at_least": 80, "below": 90, "judgment": {"min": 2, "max": 4}},  # 视情况在该档内酌情
        {"below": 80, "points": 0},
    ],
}


def test_a_judged_band_takes_the_evaluators_points_within_its_range() -> None:
    fw = framework(JUDGED, D(5))
    got = score_of(fw, {VALUE_KEY: 85, CODE: 3})
    assert got.score == 3 and got.source == "judgment"
    assert got.trace is not None and "评价人在该档2-4分范围内酌情评3分" in got.trace.reasons[0]
    assert score_of(fw, {VALUE_KEY: 95}).score == 5  # no judgment needed outside the band
    for judgment in (5, "1.99"):
        with pytest.raises(DataError) as err:
            fw.evaluate({VALUE_KEY: 85, CODE: judgment})
        assert err.value.path == CODE and err.value.field == CODE
    with pytest.raises(DataError) as err:
        fw.evaluate({VALUE_KEY: 85})
    assert err.value.field == CODE and "missing" in err.value.message


def test_a_judged_band_reads_the_key_the_rule_names() -> None:
    fw = framework({**JUDGED, "judgment_input": "档内评分"}, D(5))
    assert score_of(fw, {VALUE_KEY: 85, "档内评分": "2.5"}).score == D("2.5")
    rule = fw[CODE].rule
    assert rule is not None and [s.name for s in rule.inputs()] == ["档内评分"]


def test_possible_points_are_the_bands_points() -> None:
    fixed = framework(UPWARD, D(5))[CODE].rule
    assert fixed is not None and fixed.possible_points() == PossiblePoints.of(map(D, [5, 4, 2, 0]))
    judged = framework(JUDGED, D(5))[CODE].rule
    assert judged is not None and judged.possible_points() == PossiblePoints.span(D(0), D(5))


# ----------------------------------------------------------------------------- tiers: lint


def test_bands_that_cover_the_line_have_no_findings() -> None:
    assert checks(UPWARD) == [] and checks(DOWNWARD, 8) == []


def test_lint_reports_a_gap_between_bands() -> None:
    """ "≥90%计5分；60%（含）-80%计2分" leaves 80（含）-90（不含）."""
    rule = {
        "kind": "tiers",
        "bands": [
            {"at_least": 90, "points": 5},
            {"at_least": 60, "below": 80, "points": 2},
            {"below": 60, "points": 0},
        ],
    }
    fw = framework(rule, D(5))
    (gap,) = [f for f in fw.findings if f.check == "tiers-gap"]
    assert gap.level == "warning" and "80（含）-90（不含）" in gap.message
    assert checks(rule) == [("tiers-gap", "warning")]
    with pytest.raises(DataError):
        fw.evaluate({VALUE_KEY: 85})


def test_lint_reports_a_one_value_gap_where_both_neighbours_exclude_the_edge() -> None:
    rule = {"kind": "tiers", "bands": [{"above": 90, "points": 5}, {"below": 90, "points": 0}]}
    (gap,) = [f for f in framework(rule, D(5)).findings if f.check == "tiers-gap"]
    assert "=90" in gap.message


def test_lint_reports_overlapping_bands_and_the_first_listed_applies() -> None:
    """Both edges read as 含: 80 lies in "80%（含）-90%" and in "60%-80%（含）"."""
    rule = {
        "kind": "tiers",
        "bands": [
            {"at_least": 80, "points": 4},
            {"at_least": 60, "at_most": 80, "points": 2},
            {"below": 60, "points": 0},
        ],
    }
    fw = framework(rule, D(4))
    (overlap,) = [f for f in fw.findings if f.check == "tiers-overlap"]
    assert overlap.level == "error" and "bands 1 and 2 overlap at =80" in overlap.message
    assert checks(rule, 4) == [("tiers-overlap", "error")]
    assert score_of(fw, {VALUE_KEY: 80}).score == 4
    flipped = {**rule, "bands": [rule["bands"][1], rule["bands"][0], rule["bands"][2]]}  # type: ignore[index]
    assert score_of(framework(flipped, D(4)), {VALUE_KEY: 80}).score == 2


def test_lint_reports_a_band_that_can_never_apply() -> None:
    rule = {
        "kind": "tiers",
        "bands": [
            {"at_least": 60, "points": 4},
            {"at_least": 80, "points": 5},
            {"below": 60, "points": 0},
        ],
    }
    found = checks(rule, 4)
    assert ("tiers-unreachable", "error") in found
    assert ("tiers-overlap", "error") not in found  # the shadowed band is reported once
    fw = framework(rule, D(4))
    rule_ = fw[CODE].rule
    assert rule_ is not None and rule_.max_points() == 4  # the band of 5 is never awarded
    assert score_of(fw, {VALUE_KEY: 95}).score == 4


def test_lint_reports_a_band_above_the_weight() -> None:
    rule = {"kind": "tiers", "bands": [{"at_least": 90, "points": 6}, {"below": 90, "points": 0}]}
    found = checks(rule, 5)
    assert ("tiers-above-weight", "error") in found and ("rule-exceeds-weight", "error") in found


# ----------------------------------------------------------------------------- tiers: declaring


@pytest.mark.parametrize(
    ("band", "fragment"),
    [
        ({"at_least": 90, "above": 80, "points": 5}, None),  # two lower edges
        ({"at_least": 90, "below": 80, "points": 5}, "holds no value"),
        ({"above": 90, "at_most": 90, "points": 5}, "holds no value"),
        ({"points": 5}, None),  # no edge
        ({"equals": 0, "at_most": 5, "points": 5}, None),
        ({"at_least": 90}, None),  # no award
        ({"at_least": 90, "points": 5, "weight_fraction": 1}, None),  # two awards
        ({"at_least": 90, "judgment": {"min": 4}}, None),
        ({"at_least": 90, "judgment": {"min": 4, "max": 2}}, "min ≤ max"),
        ({"at_least": 90, "points": -1}, "negative"),
    ],
)
def test_a_wrongly_declared_band_is_refused_when_the_framework_loads(
    band: dict[str, Any], fragment: str | None
) -> None:
    rule = {"kind": "tiers", "bands": [{"below": 90, "points": 0}, band]}
    with pytest.raises(FrameworkError) as err:
        framework(rule, D(5))
    assert err.value.path == CODE and err.value.line is not None
    if fragment is not None:  # refused by the rule itself (the schema lets it through)
        assert fragment in err.value.message and err.value.field.startswith("rule.bands[1]")  # type: ignore[union-attr]


# ----------------------------------------------------------------------------- cases

CASES_DOC = """\
id: cases-test
name: 分情形计分
version: "1"
total: 3
precision: 2
grades: [{name: 合格, min: 0}]
inputs:
  结余: {unit: 万元, min: 0}
  上年结转: {unit: 万元, min: 0}
indicators:
  - code: C1
    name: 结余控制
    weight: 3
    unit: 万元
    formula: 结余
    rule:
      kind: cases
      cases:
        - {when: 结余 == 0, text: 无结余, points: 3}
        - {when: CONDITION, text: 有结余但不超过上年结转, points: 2}
      else: {points: 0}
"""


def cases_framework(condition: str = "结余 <= 上年结转", doc: str = CASES_DOC) -> Any:
    return build_framework(parse_yaml(doc.replace("CONDITION", condition), "cases.yaml"))


@pytest.mark.parametrize(
    ("balance", "carried", "expected"),
    [("0", "10", "3"), ("5", "10", "2"), ("10", "10", "2"), ("10.01", "10", "0"), ("0", "0", "3")],
)
def test_the_first_case_that_holds_gives_the_points(
    balance: str, carried: str, expected: str
) -> None:
    """ "无结余得3分；有结余但不超过上年结转得2分；超过上年结转不得分"."""
    fw = cases_framework()
    assert fw.evaluate({"结余": balance, "上年结转": carried})["C1"].score == D(expected)
    assert not fw.findings


def test_the_reason_says_which_case_applied() -> None:
    fw = cases_framework()
    first = fw.evaluate({"结余": 0, "上年结转": 10})["C1"].trace
    assert first is not None and first.reasons == (
        "0万元，符合第1种情形：无结余（结余 == 0），得3分",
    )
    other = fw.evaluate({"结余": 12, "上年结转": 10})["C1"].trace
    assert other is not None and other.reasons == ("12万元，不符合所列任何情形，按其他情形，得0分",)


def test_a_condition_that_gives_a_number_is_refused_when_scored() -> None:
    fw = cases_framework("上年结转 - 结余")
    with pytest.raises(DataError) as err:
        fw.evaluate({"结余": 5, "上年结转": 10})
    assert err.value.path == "C1" and "not yes or no" in err.value.message


def test_a_condition_reading_an_undeclared_name_is_refused_at_load_naming_its_case() -> None:
    with pytest.raises(FormulaError) as err:
        cases_framework("结余 <= 上年结余")
    assert err.value.path == "C1" and err.value.field == "rule.cases[1].when"
    assert err.value.line == 20  # the line of the second case


def test_a_field_read_only_by_a_condition_is_used() -> None:
    fw = cases_framework()
    assert not [f for f in fw.findings if f.check == "unused-input"]


def test_cases_inside_a_veto_have_their_conditions_checked() -> None:
    doc = CASES_DOC.replace(
        "      kind: cases\n",
        "      kind: veto\n      when: 结余 > 100\n      rule:\n        kind: cases\n",
    )
    doc = doc.replace("        - {when", "          - {when").replace(
        "      cases:\n", "        cases:\n"
    )
    doc = doc.replace("      else:", "        else:")
    fw = cases_framework(doc=doc)
    assert [fw.evaluate({"结余": b, "上年结转": 10})["C1"].score for b in (0, 5, 101)] == [3, 2, 0]
    with pytest.raises(FormulaError) as err:
        cases_framework("结余 <= 上年结余", doc=doc)
    assert err.value.field == "rule.rule.cases[1].when"


def test_else_is_required() -> None:
    with pytest.raises(FrameworkError):
        cases_framework(doc=CASES_DOC.replace("      else: {points: 0}\n", ""))


def test_lint_reports_a_repeated_condition_and_a_case_above_the_weight() -> None:
    fw = cases_framework("结余  ==  0")
    found = [(f.check, f.level) for f in fw.findings if f.check.startswith("cases")]
    assert found == [("cases-unreachable", "error")]
    fw = cases_framework(doc=CASES_DOC.replace("points: 3}", "points: 4}"))
    found = {f.check for f in fw.findings}
    assert {"cases-above-weight", "rule-exceeds-weight"} <= found


def test_a_judged_case() -> None:
    doc = CASES_DOC.replace("points: 2}", "judgment: {min: 1, max: 2}}")
    fw = cases_framework(doc=doc)
    got = fw.evaluate({"结余": 5, "上年结转": 10, "C1": "1.5"})["C1"]
    assert got.score == D("1.5") and got.source == "judgment"
    with pytest.raises(DataError) as err:
        fw.evaluate({"结余": 5, "上年结转": 10, "C1": 3})
    assert err.value.field == "C1"
    assert fw.evaluate({"结余": 0, "上年结转": 10})["C1"].score == 3  # no judgment needed


# ----------------------------------------------------------------------------- the command line

PHRASINGS = Path(__file__).parent / "cases" / "tiers-and-cases.framework.yaml"


def test_lint_and_score_accept_both_kinds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["lint", str(PHRASINGS)]) == 0
    assert "0 error(s), 0 warning(s)" in capsys.readouterr().out
    record = tmp_path / "record.yaml"
    record.write_text(
        "values: {完成率: 89.9999995, 结转结余率: 20, 结余: 12, 上年结转: 10}\n", encoding="utf-8"
    )
    assert main(["score", str(PHRASINGS), str(record), "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["total"] == 8  # T1 4 + T2 4 + T3 0
    record.write_text(
        "values: {完成率: 90, 结转结余率: 0, 结余: 0, 上年结转: 10}\n", encoding="utf-8"
    )
    assert main(["score", str(PHRASINGS), str(record)]) == 0
    out = capsys.readouterr().out
    assert "在第1档（≥90%），得5分" in out and "符合第1种情形：无结余（结余 == 0），得3分" in out


def test_the_command_line_reports_the_bands_lint_finds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = PHRASINGS.read_text(encoding="utf-8").replace(
        "{at_least: 80, below: 90", "{at_least: 85, below: 90"
    )
    path = tmp_path / "gap.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["lint", str(path)]) == 0  # a gap is a warning
    out = capsys.readouterr().out
    assert "T1: warning [tiers-gap]" in out and "80（含）-85（不含）" in out


# ----------------------------------------------------------------------------- past the schema


def direct(spec: dict[str, Any], weight: str = "5") -> Any:
    """The rule built straight from its mapping, as a plugin or a caller of build_rule does:
    the rule's own checks, not the schema's, must refuse a wrong declaration."""
    compile_ = lambda source, field: Formula(source, where=CODE)  # noqa: E731
    return build_rule(spec, BuildContext(CODE, D(weight), "t.yaml", compile_))


@pytest.mark.parametrize(
    ("spec", "field", "fragment"),
    [
        ({"kind": "tiers"}, "rule.bands", "at least one band"),
        ({"kind": "tiers", "bands": []}, "rule.bands", "at least one band"),
        ({"kind": "tiers", "bands": [90]}, "rule.bands[0]", "mapping"),
        (
            {"kind": "tiers", "bands": [{"below": 1, "points": 0}, {"at_least": 9, "above": 8}]},
            "rule.bands[1].above",
            "one lower edge",
        ),
        (
            {"kind": "tiers", "bands": [{"at_most": 9, "below": 8, "points": 1}]},
            "rule.bands[0].below",
            "one upper edge",
        ),
        (
            {"kind": "tiers", "bands": [{"equals": 0, "above": 1, "points": 1}]},
            "rule.bands[0]",
            "'equals'",
        ),
        ({"kind": "tiers", "bands": [{"points": 1}]}, "rule.bands[0]", "needs an edge"),
        ({"kind": "tiers", "bands": [{"above": 1}]}, "rule.bands[0]", "exactly one"),
        (
            {
                "kind": "tiers",
                "bands": [{"above": 1, "points": 1, "judgment": {"min": 0, "max": 1}}],
            },
            "rule.bands[0]",
            "exactly one",
        ),
        (
            {"kind": "tiers", "bands": [{"above": 1, "judgment": 3}]},
            "rule.bands[0].judgment",
            "{min",
        ),
        (
            {"kind": "tiers", "bands": [{"above": 1, "judgment": {"max": 3}}]},
            "rule.bands[0].judgment",
            "{min",
        ),
        (
            {"kind": "tiers", "bands": [{"above": 1, "judgment": {"min": 3}}]},
            "rule.bands[0].judgment",
            "{min",
        ),
        (
            {"kind": "tiers", "bands": [{"above": 1, "judgment": {"min": -1, "max": 3}}]},
            "rule.bands[0].judgment",
            "0 ≤ min",
        ),
        (
            {"kind": "tiers", "bands": [{"above": 1, "weight_fraction": "-0.1"}]},
            "rule.bands[0]",
            "negative",
        ),
        (
            {"kind": "tiers", "bands": [{"above": 2, "below": 1, "points": 1}]},
            "rule.bands[0]",
            "holds no value",
        ),
        (
            {"kind": "tiers", "bands": [{"at_least": 1, "below": 1, "points": 1}]},
            "rule.bands[0]",
            "holds no value",
        ),
        (
            {"kind": "tiers", "bands": [{"above": 1, "at_most": 1, "points": 1}]},
            "rule.bands[0]",
            "holds no value",
        ),
        ({"kind": "cases", "else": {"points": 0}}, "rule.cases", "at least one"),
        ({"kind": "cases", "cases": [], "else": {"points": 0}}, "rule.cases", "at least one"),
        (
            {"kind": "cases", "cases": ["x > 1"], "else": {"points": 0}},
            "rule.cases[0].when",
            "'when'",
        ),
        (
            {"kind": "cases", "cases": [{"points": 1}], "else": {"points": 0}},
            "rule.cases[0].when",
            "'when'",
        ),
        ({"kind": "cases", "cases": [{"when": "x > 1", "points": 1}]}, "rule.else", "'else'"),
        (
            {"kind": "cases", "cases": [{"when": "x > 1", "points": 1}], "else": 0},
            "rule.else",
            "'else'",
        ),
        (
            {"kind": "cases", "cases": [{"when": "x > 1", "points": 1}], "else": {}},
            "rule.else",
            "exactly one",
        ),
        (
            {"kind": "cases", "cases": [{"when": "x > 1"}], "else": {"points": 0}},
            "rule.cases[0]",
            "exactly one",
        ),
    ],
)
def test_the_rule_itself_refuses_a_wrong_declaration(
    spec: dict[str, Any], field: str, fragment: str
) -> None:
    with pytest.raises(FrameworkError) as err:
        direct(spec)
    assert err.value.field == field and fragment in err.value.message
    assert err.value.path == CODE and err.value.file == "t.yaml"


def test_a_band_of_one_value_and_edges_of_every_kind_are_worded_as_reports_write_them() -> None:
    rule = direct(
        {
            "kind": "tiers",
            "bands": [
                {"equals": 0, "points": 5},
                {"above": 0, "at_most": 10, "points": 4},
                {"above": 10, "below": 20, "points": 3},
                {"above": 20, "at_most": 30, "points": 2},
                {"at_least": 40, "below": 50, "points": 1},
                {"at_least": 50, "at_most": 60, "points": 1},
                {"above": 60, "points": 0},
            ],
        }
    )
    worded = [band.span.words("%") for band in rule.bands]
    assert worded == [
        "=0%",
        "0%（不含）-10%（含）",
        "10%（不含）-20%（不含）",
        "20%（不含）-30%（含）",
        "40%（含）-50%（不含）",
        "50%（含）-60%（含）",
        "＞60%",
    ]
    assert rule.landmarks() == [D(x) for x in (0, 10, 20, 30, 40, 50, 60)]
    assert [f.said.both() for f in rule.findings()] == [
        {
            "en": "values =20 fall between the bands and are refused when scored",
            "zh": "=20的值不在任何一档内（分档之间有空档），计分时将被拒绝",
        },
        {
            "en": "values 30（不含）-40（不含） fall between the bands and are refused when scored",
            "zh": "30（不含）-40（不含）的值不在任何一档内（分档之间有空档），计分时将被拒绝",
        },
    ]
    assert {f.check for f in rule.findings()} == {"tiers-gap"}
    at_most = direct(
        {"kind": "tiers", "bands": [{"at_most": 5, "points": 5}, {"below": 9, "points": 1}]}
    )
    assert [b.span.words("") for b in at_most.bands] == ["≤5", "＜9"]
    assert at_most.findings()[0].check == "tiers-overlap" and at_most.rewards() == "lower"
    at_least = direct({"kind": "tiers", "bands": [{"at_least": 5, "points": 5}]})
    assert at_least.bands[0].span.words("分") == "≥5分" and at_least.findings() == []


def test_a_judged_award_spans_every_points_the_rule_can_give() -> None:
    rule = direct(
        {
            "kind": "cases",
            "cases": [
                {"when": "x > 1", "points": 5},
                {"when": "x > 0", "judgment": {"min": 2, "max": 3}},
            ],
            "else": {"points": 1},
        }
    )
    assert rule.possible_points() == PossiblePoints.span(D(1), D(5))
    assert rule.max_points() == 5 and rule.reads_record
    assert [(s.name, s.minimum, s.maximum) for s in rule.inputs()] == [(CODE, D(2), D(3))]
    fixed = direct(
        {"kind": "cases", "cases": [{"when": "x > 1", "points": 5}], "else": {"points": 1}}
    )
    assert fixed.possible_points() == PossiblePoints.of([D(5), D(1)]) and fixed.inputs() == []
    tiers = direct({"kind": "tiers", "bands": [{"above": 1, "points": 1}]})
    assert not tiers.reads_record and tiers.inputs() == []


def test_direction_counts_equal_neighbours_and_a_judged_band_as_one_step() -> None:
    judged = framework(JUDGED, D(5))[CODE].rule
    assert judged is not None and judged.rewards() == "higher"  # 0 | 2–4 | 5, going up
    flat_then_up = [{"below": 10, "points": 1}, {"at_least": 10, "below": 20, "points": 1}]
    up = direct({"kind": "tiers", "bands": [*flat_then_up, {"at_least": 20, "points": 3}]})
    assert up.rewards() == "higher"
    flat_then_down = [{"below": 10, "points": 3}, {"at_least": 10, "below": 20, "points": 3}]
    down = direct({"kind": "tiers", "bands": [*flat_then_down, {"at_least": 20, "points": 1}]})
    assert down.rewards() == "lower"
    judged_down = direct(
        {
            "kind": "tiers",
            "bands": [
                {"below": 10, "points": 5},
                {"at_least": 10, "below": 20, "judgment": {"min": 2, "max": 4}},
                {"at_least": 20, "points": 2},
            ],
        }
    )
    assert judged_down.rewards() == "lower"


def test_edges_closer_than_one_are_cut_exactly() -> None:
    """A gap of 0.5（含）-0.6（含） is one gap, and a band between close edges is reachable."""
    gap = direct(
        {"kind": "tiers", "bands": [{"below": "0.5", "points": 1}, {"above": "0.6", "points": 2}]}
    )
    assert [f.message.split(" / ")[0] for f in gap.findings()] == [
        "values 0.5（含）-0.6（含） fall between the bands and are refused when scored"
    ]
    close = direct(
        {
            "kind": "tiers",
            "bands": [
                {"below": "0.5", "points": 1},
                {"at_least": "0.5", "below": "0.7", "points": 2},
                {"at_least": "0.6", "points": 3},
            ],
        }
    )
    (overlap,) = close.findings()
    assert overlap.message.startswith("bands 2 and 3 overlap at 0.6（含）-0.7（不含）;")
    below = direct(
        {
            "kind": "tiers",
            "bands": [
                {"at_most": "0.2", "points": 1},
                {"above": "0.2", "at_most": "0.3", "points": 2},
            ],
        }
    )
    assert below.findings() == [] and below.rewards() == "higher"


def test_scoring_without_a_trace_gives_the_same_points() -> None:
    """Batch scoring asks the rules for their points alone (`Rule.points`)."""
    fw = cases_framework()
    for balance in ("0", "5", "10", "12"):
        data = {"结余": balance, "上年结转": "10"}
        assert untraced(fw, data).total == fw.evaluate(data).total
    tiers = framework(JUDGED, D(5))
    for value in ("95", "85", "60"):
        data = {VALUE_KEY: value, CODE: "2.5"}
        assert untraced(tiers, data).total == tiers.evaluate(data).total
    judged = cases_framework(doc=CASES_DOC.replace("points: 2}", "judgment: {min: 1, max: 2}}"))
    assert untraced(judged, {"结余": 5, "上年结转": 10, "C1": "1.5"}).total == D("1.5")


def test_a_judgment_range_may_start_at_zero_or_be_one_value() -> None:
    rule = direct(
        {
            "kind": "tiers",
            "bands": [
                {"below": 10, "judgment": {"min": 0, "max": 1}},
                {"at_least": 10, "below": 20, "judgment": {"min": 2, "max": 2}},
                {"at_least": 20, "judgment": {"min": 3, "max": 4}},
            ],
        }
    )
    (spec,) = rule.inputs()
    assert (spec.minimum, spec.maximum) == (D(0), D(4))  # the one key, any band's range
    assert [(b.award.low, b.award.high) for b in rule.bands] == [(0, 1), (2, 2), (3, 4)]


def test_a_case_whose_text_is_its_formula_is_not_quoted_twice() -> None:
    rule = direct(
        {
            "kind": "cases",
            "cases": [
                {"when": "x > 1", "text": "x > 1", "points": 2},
                {"when": "x > 0", "points": 1},
            ],
            "else": {"points": 0},
        }
    )
    assert [case.says() for case in rule.cases] == ["x > 1", "x > 0"]
    named = direct(
        {
            "kind": "cases",
            "cases": [{"when": "x > 1", "text": "超过1", "points": 2}],
            "else": {"points": 0},
        }
    )
    assert named.cases[0].says() == "超过1（x > 1）"


def test_an_overlap_beyond_the_outermost_edges_is_worded_with_its_open_end() -> None:
    low = direct({"kind": "tiers", "bands": [{"below": 5, "points": 1}, {"below": 3, "points": 2}]})
    assert low.findings()[0].message.startswith("band 2 (＜3) can never apply")
    both = direct(
        {
            "kind": "tiers",
            "bands": [
                {"below": 5, "points": 1},
                {"at_most": 3, "at_least": 1, "points": 2},
                {"above": 4, "points": 3},
                {"above": 6, "points": 0},
            ],
        }
    )
    overlaps = [f.message.split(";")[0] for f in both.findings() if f.check == "tiers-overlap"]
    assert overlaps == ["bands 1 and 3 overlap at 4（不含）-5（不含）"]
    tails = direct(
        {
            "kind": "tiers",
            "bands": [
                {"below": 5, "points": 1},
                {"above": 6, "points": 0},
                {"above": 2, "points": 3},
            ],
        }
    )
    found = [f.message.split(";")[0] for f in tails.findings()]
    assert found == ["bands 1 and 3 overlap at 2（不含）-5（不含）", "bands 2 and 3 overlap at ＞6"]


def test_an_overlap_below_the_lowest_edge_leaves_that_edge_out() -> None:
    """The piece below the lowest edge is open at that edge: ＜2, not ≤2 (2 is band 2's alone)."""
    rule = direct(
        {
            "kind": "tiers",
            "bands": [
                {"below": 2, "points": 1},
                {"below": 5, "points": 2},
                {"at_least": 5, "points": 0},
            ],
        }
    )
    (overlap,) = [f.message for f in rule.findings() if f.check == "tiers-overlap"]
    assert overlap.startswith("bands 1 and 2 overlap at ＜2;")
