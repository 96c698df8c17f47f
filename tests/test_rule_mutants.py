"""Exact examples for every rule kind, written to kill the mutants of benchmarks/mutation.py.

The properties (test_rule_properties.py) show that scores follow the rules' wording over drawn
values; these pin the edges a one-token change moves — a bound met exactly, a default left out,
a guard that must refuse a spec, which side is full marks — and what the rules tell the checks
and generators (max_points, rewards, landmarks, inputs), in a few milliseconds each, so that the
mutation run stops at the first of them. Scores go through a one-leaf framework and `evaluate`;
build errors through `build_rule`, which reaches the rules' own guards (the schema would catch
some of the same specs first).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import pytest
import yaml

from perfscore import DataError, FrameworkError
from perfscore.framework import Framework, build_framework
from perfscore.rules import RULES, BuildContext, Context, Outcome, Rule, build_rule, register
from perfscore.rules.target import RowError
from perfscore.rules.wording import difference_unit, show
from perfscore.yamlio import parse_yaml

D = Decimal
CODE = "T"
VALUE = "v"
FLAG = "否决"


class Formula:
    """A stand-in for a compiled formula: a veto's `when` names a yes/no in the record."""

    def __init__(self, source: str) -> None:
        self.source = source

    def evaluate(self, names: Mapping[str, Any]) -> Any:
        return names[self.source]


def built(spec: dict[str, Any], weight: str = "10") -> Any:
    return build_rule(spec, BuildContext(CODE, D(weight), "t.yaml", lambda s, f: Formula(s)))


def outcome(spec: dict[str, Any] | Rule, value: Any, weight: str = "10", unit: str = "",
            **data: Any) -> Outcome:  # fmt: skip
    """The rule's outcome for `value`; its points without reasons (`points`) must agree."""
    rule = built(spec, weight) if isinstance(spec, dict) else spec
    ctx = Context(CODE, D(weight), unit, read=lambda s: D(str(data[s.name])), names=data)
    result: Outcome = rule.score(value, ctx)
    assert rule.points(value, ctx) == result.points
    return result


def points(spec: dict[str, Any], value: Any, weight: str = "10", **data: Any) -> Decimal:
    return outcome(spec, value, weight, **data).points


def said(result: Outcome) -> str:
    return "；".join(result.reasons)


def framework(rule: dict[str, Any], weight: str = "10", unit: str = "") -> Framework:
    node: dict[str, Any] = {"code": CODE, "name": "被测指标", "weight": weight, "input": VALUE}
    if unit:
        node["unit"] = unit
    doc = {
        "id": "mutants",
        "name": "变异测试框架",
        "version": "1",
        "total": weight,
        "precision": 2,
        "grades": [{"name": "合格", "min": 0}],
        "indicators": [{**node, "rule": rule}],
    }
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    return build_framework(parse_yaml(text, "t.yaml"))


def build_error(spec: dict[str, Any], weight: str = "10") -> FrameworkError:
    with pytest.raises(FrameworkError) as caught:
        built(spec, weight)
    return caught.value


# ----------------------------------------------------------------------------- base


def test_a_missing_parameter_is_named() -> None:
    error = build_error({"kind": "threshold", "compare": ">="})
    assert error.field == "rule.at" and error.file == "t.yaml"
    assert error.message == "rule needs 'at'"


def test_an_unknown_kind_is_refused_with_the_known_kinds() -> None:
    error = build_error({"kind": "nonesuch"})
    assert error.field == "rule.kind" and "threshold" in error.message


def test_register_refuses_a_second_class_for_a_kind_but_not_the_same_class_again() -> None:
    threshold = RULES["threshold"]
    assert register(threshold) is threshold

    class Impostor(threshold):  # type: ignore[valid-type,misc]
        kind = "threshold"

    with pytest.raises(ValueError):
        register(Impostor)
    assert RULES["threshold"] is threshold

    class Fresh(threshold):  # type: ignore[valid-type,misc]
        kind = "mutant-fresh"

    try:
        assert register(Fresh) is Fresh and RULES["mutant-fresh"] is Fresh
    finally:
        del RULES["mutant-fresh"]


@pytest.mark.parametrize(
    ("spec", "reads"),
    [
        ({"kind": "threshold", "compare": ">=", "at": 1}, False),
        ({"kind": "threshold", "compare": ">=", "at": 1, "otherwise": "judgment"}, True),
        ({"kind": "piecewise", "table": [[0, 0], [1, 1]]}, False),
        ({"kind": "linear", "full_at": 0, "zero_at": 1}, False),
        ({"kind": "proportional"}, False),
        ({"kind": "deduction", "bound": 0, "side": "above", "points": 1, "step_mode": "floor"},
         False),
        ({"kind": "count", "points": 1}, False),
        ({"kind": "checklist", "mode": "earn", "items": [{"points": 1}]}, False),
        ({"kind": "judgment"}, False),
        ({"kind": "external"}, False),
        ({"kind": "veto", "when": "x", "rule": {"kind": "judgment"}}, True),
    ],
)  # fmt: skip
def test_which_rules_look_beyond_their_value(spec: dict[str, Any], reads: bool) -> None:
    assert built(spec).reads_record is reads


# ----------------------------------------------------------------------------- wording


def test_reasons_show_two_places_and_percentage_points() -> None:
    assert show(D("95.555")) == "95.56" and show(D("96.00")) == "96"
    assert difference_unit("%") == "个百分点" and difference_unit("万元") == "万元"
    rule = {"kind": "threshold", "compare": ">=", "at": 90}
    assert "95.56%" in said(outcome(rule, D("95.555"), unit="%"))
    result = framework(rule, unit="%").evaluate({VALUE: "95.555"})[CODE]
    assert result.trace is not None and "95.56%" in result.trace.reasons[0]


# ----------------------------------------------------------------------------- checklist

EARN = {
    "kind": "checklist",
    "mode": "earn",
    "items": [{"id": "a", "points": 2}, {"id": "b", "points": 3}, {"points": 1}],
}
LOSE = {"kind": "checklist", "mode": "lose", "points": 2, "items": [{}, {}, {}]}


def test_checklist_earn_sums_the_points_of_the_items_met() -> None:
    result = outcome(EARN, frozenset({"a"}))
    assert result.points == D(2) and result.deducted == D(4)
    assert "要点a满足，得2分" in said(result) and "要点b未满足" in said(result)
    assert points(EARN, frozenset({"b", "3"})) == D(4)
    assert built(EARN).max_points() == D(6)
    assert built(EARN).value_spec(VALUE).items == ("a", "b", "3")  # ids by position, from 1


def test_checklist_lose_deducts_the_items_missed_from_the_weight() -> None:
    assert built(LOSE).value_spec(VALUE).items == ("1", "2", "3")
    full = outcome(LOSE, frozenset({"1", "2", "3"}))
    assert full.points == D(10) and said(full) == "各要点均满足，计满分" and full.deducted == 0
    one = outcome(LOSE, frozenset({"1", "3"}))
    assert one.points == D(8) and one.deducted == D(2) and "缺要点2，扣2分" in said(one)
    assert built(LOSE).max_points() == D(10)


def test_checklist_lose_stops_at_zero_exactly_when_the_losses_reach_full() -> None:
    rule = {**LOSE, "full": 4}
    exact = outcome(rule, frozenset({"3"}))
    assert exact.points == D(0) and "扣完为止" in said(exact) and exact.deducted == D(4)
    assert points(rule, frozenset({"2", "3"})) == D(2)
    assert points(rule, frozenset()) == D(0)
    assert built(rule).max_points() == D(4)


@pytest.mark.parametrize(
    ("spec", "field"),
    [
        ({"mode": "keep", "items": [{"points": 1}]}, "rule.mode"),
        ({"mode": "earn", "items": []}, "rule.items"),
        ({"mode": "earn", "items": {"a": 1}}, "rule.items"),
        ({"mode": "earn", "items": [{"id": "a", "points": 1}, {"id": "a", "points": 1}]}, None),
    ],
)
def test_checklist_refuses_bad_specs(spec: dict[str, Any], field: str | None) -> None:
    error = build_error({"kind": "checklist", **spec})
    assert error.field == (field or "rule.items[1].id")


# ----------------------------------------------------------------------------- threshold


@pytest.mark.parametrize(
    ("compare", "below", "at", "above"),
    [(">=", 0, 10, 10), (">", 0, 0, 10), ("<=", 10, 10, 0), ("<", 10, 0, 0), ("==", 0, 10, 0)],
)
def test_threshold_at_below_and_above_its_bound(
    compare: str, below: int, at: int, above: int
) -> None:
    rule = {"kind": "threshold", "compare": compare, "at": 90}
    got = [points(rule, D(v)) for v in ("89.99", "90", "90.01")]
    assert got == [D(below), D(at), D(above)]


def test_threshold_pass_and_fail_points() -> None:
    rule = {"kind": "threshold", "compare": ">=", "at": 90, "pass": 6, "fail": 2}
    failed = outcome(rule, D(80))
    assert failed.points == D(2) and failed.deducted == D(4) and "得2分" in said(failed)
    assert points(rule, D(95)) == D(6)
    rule_ = built(rule)
    assert rule_.max_points() == D(6) and rule_.rewards() == "higher"
    assert rule_.landmarks() == [D(90)] and rule_.inputs() == []
    reverse = {**rule, "pass": 1, "fail": 3}
    assert built(reverse).max_points() == D(3) and built(reverse).rewards() is None
    assert outcome(reverse, D(80)).deducted == D(0)
    plain = outcome({"kind": "threshold", "compare": ">=", "at": 90}, D(80))
    assert plain.points == D(0) and plain.deducted == D(10)


def test_threshold_otherwise_judgment_reads_the_evaluators_points() -> None:
    rule = {"kind": "threshold", "compare": ">=", "at": 90, "otherwise": "judgment"}
    short = outcome(rule, D(80), **{CODE: "4"})
    assert short.points == D(4) and short.source == "judgment" and "酌情评4分" in said(short)
    met = outcome(rule, D(95), **{CODE: "4"})
    assert met.points == D(10) and met.source == "computed"
    assert points({**rule, "judgment_input": "评分"}, D(80), 评分="3") == D(3)
    rule_ = built(rule)
    assert rule_.max_points() == D(10) and rule_.rewards() is None
    [spec] = rule_.inputs()
    assert (spec.name, spec.minimum, spec.maximum) == (CODE, D(0), D(10))
    with pytest.raises(DataError):  # the engine checks the judgment against [0, weight]
        framework(rule).evaluate({VALUE: "80", CODE: "11"})


@pytest.mark.parametrize(("compare", "rewards"), [("<=", "lower"), ("<", "lower"), ("==", None)])
def test_threshold_rewards_follow_the_comparison(compare: str, rewards: str | None) -> None:
    assert built({"kind": "threshold", "compare": compare, "at": 1}).rewards() == rewards
    assert built({"kind": "threshold", "compare": ">", "at": 1}).rewards() == "higher"


@pytest.mark.parametrize(
    ("spec", "field"),
    [
        ({"compare": "!=", "at": 1}, "rule.compare"),
        ({"compare": ">=", "at": 1, "otherwise": "zero"}, "rule.otherwise"),
    ],
)
def test_threshold_refuses_bad_specs(spec: dict[str, Any], field: str) -> None:
    assert build_error({"kind": "threshold", **spec}).field == field


# ----------------------------------------------------------------------------- piecewise

TABLE = {"kind": "piecewise", "table": [[60, 2], [80, 6], [100, 10]]}


@pytest.mark.parametrize(
    ("value", "expected"),
    [("50", "2"), ("60", "2"), ("70", "4"), ("80", "6"), ("90", "8"), ("100", "10"), ("120", "10")],
)
def test_piecewise_reads_the_table(value: str, expected: str) -> None:
    assert outcome(TABLE, D(value)).points == D(expected)


def test_piecewise_knows_its_shape() -> None:
    rule = built(TABLE)
    assert rule.max_points() == D(10) and rule.rewards() == "higher"
    assert rule.landmarks() == [D(60), D(80), D(100)]
    falling = {"kind": "piecewise", "table": [[0, 9], [10, 1]]}
    assert built(falling).rewards() == "lower" and built(falling).max_points() == D(9)
    assert points(falling, D(5)) == D(5)
    assert built({"kind": "piecewise", "table": [[0, 1], [5, 9], [10, 1]]}).rewards() is None
    assert built({"kind": "piecewise", "table": [[0, 4], [10, 4]]}).rewards() == "higher"


@pytest.mark.parametrize(
    "table", [[[1, 1]], [[1, 1], [1, 2]], [[2, 1], [1, 2]], [[1, 1], [2]], "1,1;2,2"]
)
def test_piecewise_refuses_bad_tables(table: Any) -> None:
    assert build_error({"kind": "piecewise", "table": table}).field.startswith("rule.table")


# ----------------------------------------------------------------------------- linear


@pytest.mark.parametrize(
    ("value", "expected"),
    [("90", "10"), ("100", "10"), ("105", "7.5"), ("120", "0"), ("130", "0")],
)
def test_linear_full_to_zero(value: str, expected: str) -> None:
    result = outcome({"kind": "linear", "full_at": 100, "zero_at": 120}, D(value))
    assert result.points == D(expected) and result.deducted == D(10) - D(expected)


def test_linear_either_way_round() -> None:
    rising = {"kind": "linear", "full_at": 100, "zero_at": 80, "full": 4}
    assert points(rising, D(90)) == D(2) and points(rising, D(110)) == D(4)
    rule = built(rising)
    assert rule.rewards() == "higher" and rule.max_points() == D(4)
    assert rule.landmarks() == [D(100), D(80), D(90)]
    assert built({"kind": "linear", "full_at": 1, "zero_at": 2}).rewards() == "lower"
    assert build_error({"kind": "linear", "full_at": 1, "zero_at": 1}).field == "rule.zero_at"


# ----------------------------------------------------------------------------- proportional


@pytest.mark.parametrize(
    ("value", "expected"), [("-5", "0"), ("0", "0"), ("48", "4.8"), ("100", "10"), ("130", "10")]
)
def test_proportional_share_of_the_target(value: str, expected: str) -> None:
    result = outcome({"kind": "proportional"}, D(value))
    assert result.points == D(expected) and result.deducted == D(10) - D(expected)


def test_proportional_settings() -> None:
    rule = {"kind": "proportional", "target": 50, "full": 4}
    assert points(rule, D(25)) == D(2) and points(rule, D(75)) == D(4)
    assert built(rule).max_points() == D(4) and built(rule).rewards() == "higher"
    assert built(rule).landmarks() == [D(0), D(50)]
    assert build_error({"kind": "proportional", "target": 0}).field == "rule.target"
    assert build_error({"kind": "proportional", "target": -1}).field == "rule.target"


# ----------------------------------------------------------------------------- deduction


def _step(**spec: Any) -> dict[str, Any]:
    return {"kind": "deduction", "bound": 100, "side": "above", "points": 2, **spec}


@pytest.mark.parametrize(("mode", "expected"), [("continuous", "5"), ("floor", "6"), ("ceil", "4")])
def test_deduction_step_modes_count_a_partial_step(mode: str, expected: str) -> None:
    result = outcome(_step(step_mode=mode), D("102.5"), unit="%")
    assert result.points == D(expected) and result.deducted == D(10) - D(expected)
    assert "个百分点" in said(result)


def test_deduction_at_the_bound_is_full_marks_and_says_so() -> None:
    result = outcome(_step(step_mode="continuous"), D(100))
    assert result.points == D(10) and "未超过" in said(result) and result.deducted == D(0)
    assert points(_step(step_mode="continuous"), D(99)) == D(10)
    assert points(_step(step_mode="ceil"), D(100)) == D(10)


def test_deduction_sides_and_steps() -> None:
    below = _step(side="below", step=5, step_mode="floor")
    assert points(below, D(89)) == D(6) and points(below, D(111)) == D(10)
    both = _step(side="both", step_mode="continuous")
    assert points(both, D(98)) == D(6) and points(both, D(101)) == D(8)
    assert built(below).rewards() == "higher" and built(both).rewards() is None
    assert built(_step(step_mode="ceil")).rewards() == "lower"
    assert built(below).landmarks() == [D(100), D(105), D(95), D(110), D(90)]
    assert built(below).max_points() == D(10)


def test_deduction_stops_at_zero_exactly_when_the_deduction_reaches_full() -> None:
    rule = _step(step_mode="continuous", full=6)
    exact = outcome(rule, D(103))
    assert exact.points == D(0) and "扣完为止" in said(exact) and exact.deducted == D(6)
    over = outcome(rule, D(104))
    assert over.points == D(0) and over.deducted == D(6)
    two = outcome(rule, D(102))
    assert two.points == D(2) and two.deducted == D(4)
    assert built(rule).max_points() == D(6)


def test_deduction_per_step_as_a_share_of_the_weight() -> None:
    rule = {"kind": "deduction", "bound": 0, "side": "above", "weight_fraction": "0.1",
            "step_mode": "floor"}  # fmt: skip
    assert points(rule, D(3), weight="20") == D(14)


@pytest.mark.parametrize(
    ("spec", "field"),
    [
        ({"side": "over", "points": 1, "step_mode": "floor"}, "rule.side"),
        ({"side": "above", "points": 1, "step_mode": "floor", "step": 0}, "rule.step"),
        ({"side": "above", "points": 1, "step_mode": "floor", "step": -1}, "rule.step"),
        ({"side": "above", "points": 1}, "rule.step_mode"),
        ({"side": "above", "step_mode": "floor"}, "rule"),
        ({"side": "above", "points": 1, "weight_fraction": 1, "step_mode": "floor"}, "rule"),
    ],
)
def test_deduction_refuses_bad_specs(spec: dict[str, Any], field: str) -> None:
    assert build_error({"kind": "deduction", "bound": 1, **spec}).field == field


# ----------------------------------------------------------------------------- count


@pytest.mark.parametrize(("cases", "expected"), [("0", "10"), ("1", "7"), ("3", "1"), ("4", "0")])
def test_count_deducts_per_case_down_to_zero(cases: str, expected: str) -> None:
    result = outcome({"kind": "count", "points": 3}, D(cases))
    assert result.points == D(expected)
    assert result.deducted == (D(10) - D(expected) if cases != "0" else 0)


def test_count_at_full_deduction_and_at_zero_at() -> None:
    exact = outcome({"kind": "count", "points": 5}, D(2))
    assert exact.points == D(0) and "扣完为止" in said(exact) and exact.deducted == D(10)
    assert said(outcome({"kind": "count", "points": 5}, D(0))) == "无扣分情形，计满分"
    rule = {"kind": "count", "weight_fraction": "0.2", "zero_at": 3}
    assert [points(rule, D(n)) for n in (2, 3, 4)] == [D(6), D(0), D(0)]
    zeroed = outcome(rule, D(3))
    assert "达到3项" in said(zeroed) and zeroed.deducted == D(10)
    assert outcome(rule, D(2)).deducted == D(4)
    rule_ = built(rule)
    assert rule_.landmarks() == [D(0), D(1), D(2), D(3)] and rule_.rewards() == "lower"
    assert rule_.max_points() == D(10)
    assert built({"kind": "count", "points": 1}).landmarks() == [D(0), D(1)]
    assert points({"kind": "count", "points": 1, "zero_at": 1}, D(1)) == D(0)


@pytest.mark.parametrize("zero_at", [0, -1, "3", 1.5])
def test_count_refuses_a_bad_zero_at(zero_at: Any) -> None:
    spec = {"kind": "count", "points": 1, "zero_at": zero_at}
    assert build_error(spec).field == "rule.zero_at"


def test_count_accepts_zero_at_one() -> None:
    assert built({"kind": "count", "points": 1, "zero_at": 1}).zero_at == 1


# ----------------------------------------------------------------------------- given


def test_judgment_range_defaults_to_zero_and_the_weight() -> None:
    result = outcome({"kind": "judgment"}, D("7.5"))
    assert result.points == D("7.5") and result.source == "judgment"
    assert "0-10分范围内评7.5分" in said(result)
    rule = built({"kind": "judgment"})
    spec = rule.value_spec(VALUE)
    assert (spec.minimum, spec.maximum, spec.value_type) == (D(0), D(10), "points")
    assert rule.max_points() == D(10)
    assert built({"kind": "judgment", "min": 2, "max": 2}).max_points() == D(2)
    assert built({"kind": "judgment", "min": 0, "max": 0}).max_points() == D(0)


@pytest.mark.parametrize(("low", "high"), [(-1, 5), (4, 3)])
def test_judgment_refuses_a_bad_range(low: int, high: int) -> None:
    assert build_error({"kind": "judgment", "min": low, "max": high}).field == "rule.max"


def test_external_scores_are_marked_external() -> None:
    result = outcome({"kind": "external", "max": 5}, D(4))
    assert result.points == D(4) and result.source == "external"
    assert "外部提供的得分4分" in said(result)
    spec = built({"kind": "external", "max": 5}).value_spec(VALUE)
    assert (spec.minimum, spec.maximum) == (D(0), D(5))


# ----------------------------------------------------------------------------- veto

VETO = {"kind": "veto", "when": FLAG, "rule": {"kind": "proportional", "full": 8}}


def test_veto_zeroes_the_inner_rule_only_when_its_condition_holds() -> None:
    vetoed = outcome(VETO, D(50), **{FLAG: True})
    assert vetoed.points == D(0) and vetoed.deducted == D(10) and "否决" in said(vetoed)
    assert outcome(VETO, D(50), **{FLAG: False}).points == D(4)
    rule = built(VETO)
    assert rule.max_points() == D(8) and rule.rewards() == "higher"
    assert rule.landmarks() == [D(0), D(100)] and rule.value_type == "number"
    assert rule.reads_record  # the condition reads the record's names


def test_veto_passes_on_the_inner_rules_inputs() -> None:
    inner = {"kind": "threshold", "compare": ">=", "at": 1, "otherwise": "judgment"}
    rule = built({"kind": "veto", "when": FLAG, "rule": inner})
    assert [spec.name for spec in rule.inputs()] == [CODE]
    listed = built({"kind": "veto", "when": FLAG, "rule": LOSE})
    assert listed.value_spec(VALUE).items == ("1", "2", "3") and listed.value_type == "items"
    nested = built({"kind": "veto", "when": "a", "rule": {"kind": "veto", "when": "b",
                                                          "rule": LOSE}})  # fmt: skip
    assert nested.when.source == "a" and nested.inner.when.source == "b"


@pytest.mark.parametrize(
    ("spec", "field"),
    [
        ({"when": 1, "rule": {"kind": "judgment"}}, "rule.when"),
        ({"when": FLAG, "rule": "judgment"}, "rule.rule"),
    ],
)
def test_veto_refuses_bad_specs(spec: dict[str, Any], field: str) -> None:
    assert build_error({"kind": "veto", **spec}).field == field


# ----------------------------------------------------------------------------- target

TARGET = {
    "kind": "target",
    "plain": "at_least",
    "shortfall": "proportional",
    "reverse": "ratio",
    "merged": "mean",
    "levels": {
        "达成": {"band": "[80, 100]", "share": 100},
        "部分达成": {"band": "[60, 80)"},
        "未达成": {"band": "(0, 60]"},
    },
}


def assess(row: dict[str, Any], **settings: Any) -> Any:
    return built({**TARGET, **settings}).assess(row)


def fraction(target: str, actual: str, **settings: Any) -> Decimal:
    found: Decimal = assess({"target": target, "actual": actual}, **settings).fraction
    return found


def row_error(row: dict[str, Any], **settings: Any) -> str:
    with pytest.raises(RowError) as caught:
        assess(row, **settings)
    return caught.value.field


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"plain": "higher"}, "rule.plain"),
        ({"shortfall": "steps"}, "rule.shortfall"),
        ({"reverse": "none"}, "rule.reverse"),
        ({"merged": "max"}, "rule.merged"),
        ({"levels": {}}, "rule.levels"),
        ({"levels": ["达成"]}, "rule.levels"),
        ({"levels": {"达成": "[80, 100]"}}, "rule.levels.达成"),
        ({"levels": {"达成": {"band": "80-100"}}}, "rule.levels.达成.band"),
        ({"levels": {"达成": {"band": "[90, 80]"}}}, "rule.levels.达成.band"),
        ({"levels": {"达成": {"band": "[80, 101]"}}}, "rule.levels.达成.band"),
        ({"levels": {"达成": {"band": "[80, 100)", "share": 100}}}, "rule.levels.达成.share"),
        ({"levels": {"达成": {"band": "(80, 100]", "share": 80}}}, "rule.levels.达成.share"),
    ],
)
def test_target_refuses_bad_settings(change: dict[str, Any], field: str) -> None:
    assert build_error({**TARGET, **change}).field == field


def test_target_accepts_the_edges_of_its_settings() -> None:
    rule = built({**TARGET, "merged": None, "levels": {"甲": {"band": "[0, 100]", "share": 0}}})
    level = rule.levels["甲"]
    assert (level.low, level.high, level.share) == (D(0), D(100), D(0))
    assert built({**TARGET, "levels": {"乙": {"band": "[50, 50]", "share": 50}}})
    assert rule.max_points() == D(10)


def test_level_bands_open_and_closed() -> None:
    rule = built(TARGET)
    part, missed = rule.levels["部分达成"], rule.levels["未达成"]
    assert part.contains(D(60)) and not part.contains(D(80)) and part.contains(D("79.9"))
    assert not missed.contains(D(0)) and missed.contains(D(60)) and missed.contains(D("0.1"))
    assert part.band() == "[60%, 80%)" and missed.band() == "(0%, 60%]"


@pytest.mark.parametrize(
    ("target", "actual", "expected"),
    [
        ("≥100%", "100%", "1"),
        ("≥100%", "95%", "0.95"),
        ("≥100%", "-5%", "0"),
        ("＞100%", "100%", "1"),  # a shortfall only below the figure
        ("100%", "120%", "1"),
        ("≤50万元", "50万元", "1"),
        ("≤50万元", "40万元", "1"),
        ("≤50万元", "100万元", "0.5"),
        ("＜50万元", "50万元", "1"),
        ("＜50万元", "25万元", "1"),
        ("＞50万元", "60万元", "1"),
        ("＞50万元", "25万元", "0.5"),
    ],
)
def test_target_figures(target: str, actual: str, expected: str) -> None:
    assert fraction(target, actual) == D(expected)


@pytest.mark.parametrize(
    ("target", "actual", "reverse", "expected"),
    [
        ("≤50", "75", "ratio", "0.6666666666666666666666666667"),
        ("≤50", "75", "to_zero_at_double", "0.5"),
        ("≤50", "150", "to_zero_at_double", "0"),
        ("≤50", "100", "to_zero_at_double", "0"),
        ("≤0", "5", "ratio", "0"),
        ("≤0", "5", "to_zero_at_double", "0"),
    ],
)
def test_target_over_a_ceiling(target: str, actual: str, reverse: str, expected: str) -> None:
    assert fraction(target, actual, reverse=reverse) == D(expected)


@pytest.mark.parametrize(
    ("target", "actual", "plain", "expected"),
    [
        ("100--120", "110", "at_least", "1"),
        ("100--120", "90", "at_least", "0.9"),
        ("100--120", "130", "at_least", "1"),
        ("100--120", "130", "at_most", "0.9230769230769230769230769231"),
        ("100--120", "90", "at_most", "1"),
        ("100--120", "110", "exact", "1"),
        ("100--120", "100", "exact", "1"),
        ("100--120", "120", "exact", "1"),
        ("100--120", "90", "exact", "0.9"),
        ("100", "100", "exact", "1"),
        ("100", "80", "exact", "0.8"),
        ("100", "80", "at_most", "1"),
    ],
)
def test_target_ranges_and_plain_targets(
    target: str, actual: str, plain: str, expected: str
) -> None:
    assert fraction(target, actual, plain=plain) == D(expected)


def test_target_actual_ranges_and_bounds() -> None:
    assert fraction("≥100", "90--110") == D("0.9")  # wants higher: the range's low end
    assert fraction("≤100", "90--110") == D("0.9090909090909090909090909091")
    assert fraction("≥100", "≥100") == D(1)
    assert fraction("≤100", "≤100") == D(1)
    assert fraction("≥1万元", "5000元") == D("0.5")
    assert row_error({"target": "100", "actual": "90--110"}, plain="exact") == "actual"
    assert row_error({"target": "≥100", "actual": "≤100"}) == "actual"
    assert row_error({"target": "≤100", "actual": "≥100"}) == "actual"
    assert row_error({"target": "100", "actual": "≥100"}, plain="exact") == "actual"
    assert row_error({"target": "≥1万元", "actual": "5000人"}) == "actual"
    assert row_error({"target": "≥0", "actual": "-1"}) == "target"
    assert row_error({"target": "≤-1", "actual": "1"}) == "target"
    assert fraction("≥0", "0") == D(1) and fraction("≤0", "0") == D(1)


def test_target_shortfall_reasons_say_the_ratio() -> None:
    found = assess({"target": "≥100%", "actual": "95%"})
    assert found.source == "computed" and "95/100=95%" in found.reasons[0]
    converted = assess({"target": "≥1万元", "actual": "5000元"})
    assert "按万元计为0.5" in converted.reasons[0]
    same = assess({"target": "≥1万元", "actual": "2万元"})
    assert "计为" not in same.reasons[0] and "完成指标值" in same.reasons[0]
    over = assess({"target": "≤50", "actual": "75"}, reverse="to_zero_at_double")
    assert "2-75/50=50%" in over.reasons[0]


def test_target_periods() -> None:
    on_time = assess({"target": "2020年12月31日前", "actual": "2020年11月"})
    assert on_time.fraction == D(1) and "在指标规定的时间内完成" in on_time.reasons[0]
    assert fraction("2020年12月31日前", "2020年12月31日") == D(1)
    assert fraction("2020年全年", "2020年全年") == D(1)
    assert fraction("2020年6月", "2020年6月") == D(1)
    late = {"target": "2020年12月31日前", "actual": "2021年1月"}
    assert row_error(late) == "level"
    scored = assess({**late, "level": "部分达成", "share": "70"})
    assert scored.fraction == D("0.7") and scored.source == "judgment"
    assert row_error({"target": "2020年6月", "actual": "2020年6月1日"}) == "level"
    assert row_error({"target": "2020年全年", "actual": "2020年6月"}) == "level"
    assert fraction("2020年6月", "2020年全年") == D(1)


def test_target_levels() -> None:
    words = {"target": "群众满意", "actual": "满意"}
    assert row_error(words) == "level"
    full = assess({**words, "level": "达成"})
    assert full.fraction == D(1) and full.source == "judgment" and "框架规定" in full.reasons[0]
    chosen = assess({**words, "level": "部分达成", "share": "75%"})
    assert chosen.fraction == D("0.75") and "评价人确定" in chosen.reasons[0]
    assert assess({**words, "level": "达成", "share": ""}).fraction == D(1)
    assert row_error({**words, "level": "部分达成"}) == "share"
    assert row_error({**words, "level": "部分达成", "share": "80"}) == "share"
    assert row_error({**words, "level": "部分达成", "share": "很多"}) == "share"
    assert row_error({**words, "level": "优秀"}) == "level"
    assert row_error({"target": "", "actual": "满意"}) == "target"
    assert row_error({"target": "≥90%", "actual": ""}) == "actual"
    assert row_error({"target": "≥90%", "actual": "满意"}) == "actual"
    assert row_error({"target": "群众满意", "actual": "90%"}) == "level"
    assert row_error({"target": "≥90%", "actual": "95%", "level": "达成"}) == "level"
    assert row_error({"target": "≥90%", "actual": "95%", "share": "90"}) == "share"
    assert row_error({"target": "100%", "actual": "2020年全年"}) == "actual"
    assert row_error({"target": "≥90%", "actual": "9O%"}) == "actual"
    assert row_error({"target": "2020年13月", "actual": "2020年"}) == "target"


def test_target_merged_rows() -> None:
    items = [{"name": "甲", "target": "≥100", "actual": "50"}, {"target": "≥100", "actual": "100"}]
    mean = assess({"items": items})
    assert mean.fraction == D("0.75") and mean.source == "computed"
    assert "以上2项共用一个分值" in mean.reasons[-1] and "取平均" in mean.reasons[-1]
    assert mean.reasons[0].startswith("甲：") and mean.reasons[1].startswith("第2项：")
    least = assess({"items": items}, merged="min")
    assert least.fraction == D("0.5") and "取最低" in least.reasons[-1]
    assert row_error({"items": items}, merged=None) == "items"
    assert row_error({"items": items, "level": "达成"}) == "level"
    assert assess({"items": items, "level": ""}).fraction == D("0.75")
    judged = [items[0], {"target": "满意", "actual": "满意", "level": "达成"}]
    assert assess({"items": judged}).source == "judgment"
    assert row_error({"items": [items[0], {"target": "≥1", "actual": ""}]}) == "items[1].actual"


def test_target_score_is_the_fraction_of_the_rows_weight() -> None:
    rule = built(TARGET)
    short = outcome(rule, {"target": "≥100%", "actual": "95%", "note": "据统计"}, weight="4")
    assert short.points == D("3.8") and short.deducted == D("0.2")
    assert "4分×95%=得3.8分" in said(short) and short.reasons[-1] == "数据说明：据统计"
    met = outcome(rule, {"target": "≥100%", "actual": "100%"}, weight="4")
    assert met.points == D(4) and met.deducted == 0 and met.reasons[-1] == "得全部分值4分"
    assert rule.with_weight(D(3)).weight == D(3) and rule.weight == D(10)
    with pytest.raises(DataError):
        outcome(rule, {"target": "", "actual": "1"})


@pytest.mark.parametrize(
    ("target", "actual", "plain"),
    [
        ("≥100%", "100%", "at_least"),
        ("≤50万元", "50万元", "at_least"),
        ("100--120", "100", "exact"),
        ("100--120", "120", "exact"),
    ],
)
def test_a_target_met_at_its_edge_is_met_not_exceeded(target: str, actual: str, plain: str) -> None:
    found = assess({"target": target, "actual": actual}, plain=plain)
    assert found.fraction == D(1)
    assert found.reasons[0].endswith("完成指标值") and "超出" not in found.reasons[0]


def test_a_ceiling_below_one_is_scored_by_its_reverse_method() -> None:
    assert fraction("≤0.5", "0.8") == D("0.625")
    assert fraction("≤0.5", "0.75", reverse="to_zero_at_double") == D("0.5")


def test_a_period_target_needs_the_whole_period() -> None:
    assert row_error({"target": "2020年6月", "actual": "2020年5月"}) == "level"
    assert row_error({"target": "2020年6月", "actual": "2020年7月"}) == "level"


def test_a_qualitative_row_says_so() -> None:
    found = assess({"target": "群众满意", "actual": "满意", "level": "达成"})
    assert "为定性指标" in found.reasons[0]
