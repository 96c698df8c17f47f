"""Explanations: report-style sentences whose every number is the result's number."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import perfscore
from perfscore import explain_text
from perfscore.cli import main
from perfscore.explain import sentences, substitute, value_text
from perfscore.expressions import Formula
from perfscore.numbers import fixed, plain
from perfscore.result import IndicatorResult, Result

pytestmark = pytest.mark.usefixtures("english")  # checks English wording

ROOT = Path(__file__).resolve().parent.parent
FW = perfscore.load_framework("department-common")
HECHENG = perfscore.load_record(ROOT / "examples" / "hecheng-2020.yaml")

LEAF_HEAD = re.compile(r"^(?P<name>.+?)得分(?P<score>[0-9.]+)分（满分(?P<weight>[0-9.]+)分）。")
PARENT = re.compile(r"^(?P<name>.+?)总评价分(?P<weight>[0-9.]+)分，评价得分(?P<score>[0-9.]+)分。$")
TOTAL = re.compile(
    r"总得分(?P<total>[0-9.]+)分（满分(?P<maximum>[0-9.]+)分）(，评价等级为“(?P<grade>.+)”)?"
)


def _data(**values: Any) -> dict[str, Any]:
    """hecheng-2020's values with some replaced."""
    return {**HECHENG.values, **values}


def test_budget_execution_sentence_reads_like_the_report() -> None:
    data = _data(预算执行数="480万元", 预算数="500万元")
    external = {k: v for k, v in HECHENG.external_scores.items() if k != "B11"}
    result = FW.evaluate(data, external_scores=external)
    text = explain_text(result, "B11")
    assert text.startswith(
        "预算执行率得分1分（满分5分）。预算执行率=预算执行数/预算数×100%=480/500×100%=96.00%，"
        "低于100%共4个百分点，每低于1个百分点扣1分，扣4分。"
    )
    assert "评分细则：100%计满分，每低于1%扣1分，扣完为止。" in text


def test_whole_explanation_has_parents_and_total() -> None:
    result = FW.evaluate(HECHENG)
    text = explain_text(result)
    assert (
        "公用经费控制率得分3分（满分3分）。公用经费控制率=实际支出公用经费总额/预算安排公用经费总额"
        in text
    )
    assert "=77.98/86.63×100%=90.02%" in text
    assert "过程总评价分40分，评价得分39分。" in text
    assert "预算管理总评价分8分，评价得分7分。" in text
    assert text.rstrip().endswith("总得分99分（满分100分），评价等级为“优”。")
    # external and judgment scores say where they came from
    assert "预算执行率得分5分（满分5分）。基础数据未提供，采用外部提供的得分5分。" in text
    assert "经济效益得分5分（满分5分）。该项由评价人酌情评分" in text
    # a capped rule says so
    assert "规则给出5分，超出指标分值2分，按2分计" in explain_text(result, "A22")


def test_rounding_is_explained() -> None:
    # 在职人员控制率 = 38/37 = 102.7027…%: 2.7027… points over, 0.5 each -> 1.35135… lost
    result = FW.evaluate(_data(在职人员数=38), external_scores=HECHENG.external_scores)
    text = explain_text(result, "A21")
    assert result["A21"].score == Decimal("0.65")
    assert text.startswith("在职人员控制率得分0.65分（满分2分）。")
    assert "=38/37×100%=102.70%" in text
    assert "按四舍五入保留2位小数" in text and "计为0.65分" in text
    assert "扣1.35分" in text and "0.648649分计为0.65分" in text


def test_cli_explain(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["explain", "department-common", str(ROOT / "examples/hecheng-2020.yaml"), "B1"]) == 0
    )
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "（一）预算执行（B1）"
    assert "预算执行总评价分26分，评价得分26分。" in out
    assert (
        main(
            ["explain", "department-common", str(ROOT / "examples/hecheng-2020.yaml"), "-f", "json"]
        )
        == 0
    )
    items = json.loads(capsys.readouterr().out)
    assert items[-1]["kind"] == "total"
    assert {i["code"] for i in items if i["kind"] == "leaf"} == {leaf.code for leaf in FW.leaves()}
    assert (
        main(["explain", "department-common", str(ROOT / "examples/hecheng-2020.yaml"), "Z9"]) == 2
    )
    assert "no indicator 'Z9'" in capsys.readouterr().err


def test_substitute_respects_name_boundaries() -> None:
    # 预算数 is inside 政府采购预算数: only whole names are replaced
    assert (
        substitute(
            "实际政府采购金额 / 政府采购预算数 × 100",
            {"政府采购预算数": "8", "实际政府采购金额": "4"},
            "%",
        )
        == "4/8×100%"
    )
    assert substitute("a / 预算数 * 100", {"预算数": "5", "a": "（-1）"}) == "（-1）/5×100"


def test_value_text_formats_like_a_report() -> None:
    assert value_text(Decimal(96), "%", 2) == "96.00%"
    assert value_text(Decimal("697.71"), "万元", 2) == "697.71万元"
    assert value_text(Decimal(37), "人", 2) == "37人"
    assert value_text(frozenset({"2", "1"}), "", 2) == "1、2"


# --------------------------------------------------------------------------- properties


def check_numbers(result: Result) -> None:
    """Every number a sentence states is the result's: score and weight of each leaf and
    parent, the value, the substituted formula's value, what was lost, the total."""
    by_code = {node.code: node for node in result.walk()}
    seen = set()
    for sentence in sentences(result):
        if sentence.kind == "total":
            m = TOTAL.search(sentence.text)
            assert m, sentence.text
            assert Decimal(m["total"]) == result.total
            assert Decimal(m["maximum"]) == result.maximum
            assert m["grade"] == result.grade
            continue
        assert sentence.code is not None
        node = by_code[sentence.code]
        seen.add(node.code)
        if sentence.kind == "parent":
            m = PARENT.match(sentence.text)
            assert m, sentence.text
        else:
            m = LEAF_HEAD.match(sentence.text)
            assert m, sentence.text
            check_leaf(node, sentence.text, result)
        assert m["name"] == node.name
        assert Decimal(m["score"]) == node.score
        assert Decimal(m["weight"]) == node.weight
    assert seen == set(by_code)


def check_leaf(node: IndicatorResult, text: str, result: Result) -> None:
    trace = node.trace
    assert trace is not None
    lost = node.weight - node.score
    if lost:
        assert f"扣{plain(lost)}分" in text or f"扣减{plain(lost)}分" in text, text
    if trace.formula and node.value is not None:
        shown = fixed(node.value, result.value_precision) + node.unit
        if trace.formula.strip() == node.name:  # the indicator's own name: said once
            assert f"{node.name}={shown}" in text and f"{node.name}={node.name}=" not in text
            return
        m = re.search(r"=([^=]+)=" + re.escape(shown) + r"[，。；]", text)
        assert m, (shown, text)
        worked = m[1].removesuffix("%")
        exact = all(
            isinstance(v, Decimal) and int(v.as_tuple().exponent) >= -6
            for v in trace.inputs.values()
        )
        if exact and trace.formula.strip() not in trace.inputs:
            # the numbers substituted into the formula give back exactly the result's value
            assert Formula(worked, where=node.code).evaluate({}) == node.value


money = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(99999), places=2)
people = st.integers(min_value=1, max_value=500)


@st.composite
def department_data(draw: st.DrawFn) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for field in FW.fields.values():
        if field.type == "integer":
            values[field.name] = draw(people)
        else:
            number = draw(money)
            style = draw(st.sampled_from(["plain", "unit", "text"]))
            if style == "unit" and field.unit:
                values[field.name] = f"{number}{field.unit}"
            elif style == "text":
                values[field.name] = str(number)
            else:
                values[field.name] = number
    for leaf in FW.leaves():
        if leaf.formula is not None:
            continue
        spec = leaf.value_spec()
        if spec.value_type == "items":
            values[spec.name] = sorted(draw(st.sets(st.sampled_from(spec.items))))
        elif spec.value_type == "count":
            values[spec.name] = draw(st.integers(0, 6))
        elif spec.value_type == "points":
            low, high = spec.minimum or Decimal(0), spec.maximum or leaf.weight
            values[spec.name] = draw(st.decimals(min_value=low, max_value=high, places=2))
    return values


@given(department_data())
def test_every_number_in_an_explanation_is_the_results(data: dict[str, Any]) -> None:
    check_numbers(FW.evaluate(data))


@given(department_data(), st.sampled_from(["A23", "B11", "B21", "C11", "D12"]), st.data())
def test_external_scores_are_explained_with_their_numbers(
    data: dict[str, Any], code: str, draw: st.DataObject
) -> None:
    weight = FW[code].weight
    points = draw.draw(st.decimals(min_value=0, max_value=weight, places=3))
    result = FW.evaluate(data, external_scores={code: points})
    check_numbers(result)
    assert "外部提供" in explain_text(result, code)


@pytest.mark.parametrize(
    "example", sorted((ROOT / "examples").glob("*.yaml")), ids=lambda p: p.stem
)
def test_example_explanations_state_the_results_numbers(example: Path) -> None:
    record = perfscore.load_record(example)
    fw = perfscore.load_framework(record.framework or "department-common")
    check_numbers(fw.evaluate(record))
