"""Plausibility (合理取值范围): a value outside a declared range, or a bare fraction in a % field,
is a warning finding naming the fields and the likely cause — and never changes a score, in
`evaluate()` and in the compiled batch path alike."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import perfscore
from perfscore import FrameworkError
from perfscore.batch import run_batch
from perfscore.checks import Finding
from perfscore.framework import Framework
from perfscore.numbers import plain
from perfscore.plausibility import FRACTION_CHECK, RANGE_CHECK, plausibility_findings
from perfscore.render import FORMATS

ROOT = Path(__file__).resolve().parent.parent
HECHENG = perfscore.load_record(ROOT / "examples" / "hecheng-2020.yaml")


def warnings(result: perfscore.Result, check: str | None = None) -> list[Finding]:
    return [f for f in plausibility_findings(result.findings) if check in (None, f.check)]


def without_ranges(fw: Framework) -> Framework:
    """The same framework with every plausible range removed (a fresh load, then cleared)."""
    for node in fw.walk():
        node.plausible = None
    fw.derived = {
        n: d.__class__(d.name, d.formula, d.unit, d.description) for n, d in fw.derived.items()
    }
    return fw


def scores(result: perfscore.Result) -> dict[str, Decimal]:
    return {node.code: node.score for node in result.walk()}


# --------------------------------------------------------------------------- the example


def hecheng_with_budget(budget: Any) -> perfscore.Record:
    """鹤城 2020 with B11/B12 scored from base data (预算数 in a 万元 field) instead of supplied."""
    values = {**HECHENG.values, "预算执行数": "677.5万元", "预算数": budget, "预算调整数": 30}
    external = {k: v for k, v in HECHENG.external_scores.items() if k not in ("B11", "B12")}
    return perfscore.Record(values, external, id="hecheng-typo", file="hecheng-typo.yaml")


def test_budget_typed_in_yuan_warns_naming_the_field_and_the_cause() -> None:
    fw = perfscore.load_framework("department-common")
    result = fw.evaluate(hecheng_with_budget(6977100))
    [finding] = warnings(result)
    assert finding.level == "warning" and finding.check == RANGE_CHECK
    assert finding.code == "B11" and finding.file == "hecheng-typo.yaml"
    text = finding.text("en")
    assert "B11 预算执行率" in text and "0.0097%" in text and "[1%, 150%]" in text
    assert "预算执行数 = 677.5万元" in text and "预算数 = 6977100万元" in text
    assert "预算数: 元 typed into a 万元 field" in text
    assert "预算数：单位可能填错：按元填入了万元字段" in finding.text("zh")
    assert "read as 697.71万元 the value would be 97.1%" in text
    # the warning is shown where findings are shown, in the language set (Chinese)
    shown = finding.message
    assert shown in FORMATS["md"](result) and shown in FORMATS["html"](result)
    assert finding.to_dict() in json.loads(FORMATS["json"](result))["findings"]


def test_budget_typed_in_yuan_scores_as_without_the_range() -> None:
    record = hecheng_with_budget(6977100)
    with_range = perfscore.load_framework("department-common").evaluate(record)
    without = without_ranges(perfscore.load_framework("department-common")).evaluate(record)
    assert scores(with_range) == scores(without) and with_range.total == without.total
    assert with_range["B11"].score == 0 and not warnings(without)


def test_the_budget_in_wanyuan_gives_no_warning() -> None:
    result = perfscore.load_framework("department-common").evaluate(hecheng_with_budget("697.71"))
    assert warnings(result) == []
    assert result["B11"].score == Decimal("2.10")  # 97.10%: 2.9 points off


def test_every_bundled_example_is_plausible() -> None:
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        record = perfscore.load_record(path)
        result = perfscore.load_framework(record.framework or "department-common").evaluate(record)
        assert warnings(result) == [], path.name


# --------------------------------------------------------------------------- bare fractions


@pytest.mark.parametrize("raw", [0.98, "0.98", Decimal("0.98"), " 0.98 ", 1, "1"])
def test_a_bare_fraction_in_a_percent_field_warns(raw: Any) -> None:
    fw = perfscore.load_framework("department-common")
    data = {**HECHENG.values, "实际支付进度": raw, "既定支付进度": 90}
    external = {k: v for k, v in HECHENG.external_scores.items() if k != "B13"}
    result = fw.evaluate(perfscore.Record(data, external))
    [finding] = warnings(result, FRACTION_CHECK)
    shown = str(Decimal(str(raw).strip()))
    assert finding.code == "B13" and finding.level == "warning"
    assert f"实际支付进度填入{shown}，按{shown}%计" in finding.text("zh")
    assert f"请填{plain(Decimal(shown) * 100)}" in finding.text("zh")
    assert result["B13"].value == Decimal(shown) / 90 * 100  # read as written, x%


@pytest.mark.parametrize("raw", ["0.98%", "０.９８％", 0, "0", 98, "98", "1.5", 1.01])
def test_no_warning_for_explicit_percentages_zero_or_above_one(raw: Any) -> None:
    fw = perfscore.load_framework("department-common")
    data = {**HECHENG.values, "实际支付进度": raw, "既定支付进度": 90}
    external = {k: v for k, v in HECHENG.external_scores.items() if k != "B13"}
    assert warnings(fw.evaluate(perfscore.Record(data, external))) == []


def test_a_bare_fraction_for_a_percent_leaf_read_from_the_data_warns() -> None:
    fw = perfscore.load_framework("project-common")
    record = perfscore.load_record(ROOT / "examples" / "hecheng-2020-project-common.yaml")
    code = next(leaf.code for leaf in fw.leaves() if leaf.formula is None and leaf.unit == "%")
    name = fw[code].value_spec().name
    external = {k: v for k, v in record.external_scores.items() if k != code}
    fine = fw.evaluate(perfscore.Record({**record.values, name: "95"}, external))
    odd = fw.evaluate(perfscore.Record({**record.values, name: 0.95}, external))
    assert warnings(fine) == []
    [finding] = warnings(odd)
    assert finding.check == FRACTION_CHECK and finding.code == code
    assert "按0.95%计；若指0.95即95%，请填95" in finding.text("zh")


# --------------------------------------------------------------------------- a small framework


def small(tmp_path: Path, leaf: str = "plausible: [10, 20]", derived: str = "") -> Path:
    path = tmp_path / "small.yaml"
    path.write_text(
        f"""id: small
name: 小框架
version: "1"
total: 10
precision: 2
grades: [{{name: 合格, min: 0}}]
inputs:
  a: {{unit: 万元}}
  b: {{unit: 万元}}
  p: {{unit: "%"}}
  q: {{unit: "%"}}
derived:
  ratio:
    formula: a / b × 100
    unit: "%"
    {derived}
indicators:
  - code: A
    name: 比率
    weight: 5
    formula: ratio
    unit: "%"
    {leaf}
    rule: {{kind: deduction, bound: 15, side: both, step: 1, points: 1, step_mode: continuous}}
  - code: B
    name: 进度
    weight: 5
    formula: p / q × 100
    unit: "%"
    plausible: [50, 150]
    rule: {{kind: deduction, bound: 100, side: below, step: 10, points: 1, step_mode: continuous}}
""",
        encoding="utf-8",
    )
    return path


GOOD = {"a": 15, "b": 100, "p": 90, "q": 90}


@pytest.mark.parametrize(
    ("a", "warned"),
    [("10", False), ("20", False), ("15", False), ("9.99", True), ("20.01", True)],
)
def test_values_on_the_bounds_do_not_warn_just_outside_do(
    tmp_path: Path, a: str, warned: bool
) -> None:
    fw = perfscore.load_framework(small(tmp_path))
    result = fw.evaluate({**GOOD, "a": a})
    assert bool(warnings(result, RANGE_CHECK)) is warned


@pytest.mark.parametrize(
    ("bounds", "a", "warned"),
    [("[null, 20]", "0", False), ("[null, 20]", "20.01", True), ("[10, null]", "9999", False),
     ("[10, null]", "9.99", True)],
)  # fmt: skip
def test_an_open_bound(tmp_path: Path, bounds: str, a: str, warned: bool) -> None:
    fw = perfscore.load_framework(small(tmp_path, f"plausible: {bounds}"))
    assert bool(warnings(fw.evaluate({**GOOD, "a": a}), RANGE_CHECK)) is warned


def test_a_derived_value_outside_its_range_warns_naming_it(tmp_path: Path) -> None:
    fw = perfscore.load_framework(small(tmp_path, "", "plausible: [0, 100]"))
    assert warnings(fw.evaluate(GOOD)) == []
    [finding] = warnings(fw.evaluate({**GOOD, "a": 150000}))
    assert finding.text("en").startswith("ratio: the value 150000% is outside the plausible range")
    assert finding.code == "A"  # the indicator that read it
    assert "a: 元 typed into a 万元 field" in finding.text("en")
    assert "b: " not in finding.text("en").split("likely cause")[1]  # b ÷ 10000 does not help


def test_a_fraction_typed_into_a_percent_field_is_named_as_the_cause(tmp_path: Path) -> None:
    fw = perfscore.load_framework(small(tmp_path))
    result = fw.evaluate({**GOOD, "p": "0.9"})
    by_check = {f.check: f for f in warnings(result)}
    assert set(by_check) == {RANGE_CHECK, FRACTION_CHECK}
    assert "p: a fraction typed into a % field; read as 90% the value would be 100%" in by_check[
        RANGE_CHECK
    ].text("en")


def test_a_value_just_over_its_range_is_not_put_down_to_a_unit_mistake(tmp_path: Path) -> None:
    """125% in [0, 100]: a ÷ 10000 would bring it in, but so would a ÷ 100 — no 元 cause."""
    fw = perfscore.load_framework(small(tmp_path, "", "plausible: [0, 100]"))
    [finding] = warnings(fw.evaluate({**GOOD, "a": 125}))
    assert "likely cause" not in finding.text("en") and "请核对基础数据" in finding.text("zh")


def test_no_cause_found_asks_to_check_the_data(tmp_path: Path) -> None:
    fw = perfscore.load_framework(small(tmp_path))
    [finding] = warnings(fw.evaluate({**GOOD, "a": 30}))
    assert "likely cause" not in finding.text("en") and "请核对基础数据" in finding.text("zh")


# --------------------------------------------------------------------------- loading


@pytest.mark.parametrize(
    ("declaration", "fragment"),
    [
        ("plausible: [20, 10]", "low bound is above the high bound"),
        ("plausible: [null, null]", "at least one bound"),
        ("plausible: [1]", "[1]"),
        ("plausible: [1, 2, 3]", "[1, 2, 3]"),
        ("plausible: [a, 2]", "'a'"),
        ("plausible: 5", "5"),
        ("plausible: [.nan, 2]", "finite"),
        ("plausible: [1.0e+30, null]", "1E+18"),
    ],
)
@pytest.mark.usefixtures("english")  # the fragments are the English wording
def test_a_bad_range_is_a_framework_error_naming_file_and_line(
    tmp_path: Path, declaration: str, fragment: str
) -> None:
    path = small(tmp_path, declaration)
    line = path.read_text(encoding="utf-8").splitlines().index(f"    {declaration}") + 1
    with pytest.raises(FrameworkError) as caught:
        perfscore.load_framework(path)
    assert caught.value.file is not None and caught.value.file.endswith("small.yaml")
    assert caught.value.line == line
    assert fragment in str(caught.value)


def test_a_range_on_a_parent_or_a_checklist_is_refused(tmp_path: Path) -> None:
    parent = tmp_path / "parent.yaml"
    text = small(tmp_path).read_text(encoding="utf-8")
    parent.write_text(
        text.replace(
            "indicators:\n",
            "indicators:\n  - code: P\n    name: 父\n    weight: 0\n    plausible: [0, 1]\n"
            "    children:\n      - {code: P1, name: 子, weight: 0, rule: {kind: judgment}}\n",
        ),
        encoding="utf-8",
    )
    with pytest.raises(FrameworkError, match="parent") as caught:
        perfscore.load_framework(parent)
    line = parent.read_text(encoding="utf-8").splitlines().index("    plausible: [0, 1]") + 1
    assert caught.value.line == line and caught.value.path == "P"
    checklist = tmp_path / "checklist.yaml"
    checklist.write_text(
        text.replace(
            "indicators:\n",
            "indicators:\n  - code: K\n    name: 清单\n    weight: 0\n    plausible: [0, 1]\n"
            "    rule: {kind: checklist, mode: earn, points: 0, items: [{id: '1'}]}\n",
        ),
        encoding="utf-8",
    )
    with pytest.raises(FrameworkError, match="range of numbers") as caught:
        perfscore.load_framework(checklist)
    assert caught.value.line == line and caught.value.path == "K"


# --------------------------------------------------------------------------- batch agrees


def test_batch_and_evaluate_agree_on_scores_and_warnings(tmp_path: Path) -> None:
    fw = perfscore.load_framework("department-common")
    records = [
        HECHENG,
        hecheng_with_budget(6977100),
        hecheng_with_budget("697.71"),
        perfscore.Record(
            {**HECHENG.values, "实际支付进度": "0.5", "既定支付进度": "60"},
            {k: v for k, v in HECHENG.external_scores.items() if k != "B13"},
            id="f",
        ),
    ]
    results = list(fw.evaluate_many(records))
    expected = [fw.evaluate(r) for r in records]
    for got, want in zip(results, expected, strict=True):
        assert got.ok and got.total == want.total
        assert got.scores == tuple(node.score for node in want.walk())
        assert got.warnings == plausibility_findings(want.findings)
    assert [bool(r.warnings) for r in results] == [False, True, False, True]
    # the written batch output carries them too, in a warnings column before error
    source, out = tmp_path / "in.jsonl", tmp_path / "out.csv"
    lines = [
        {"id": r.id, "values": r.values, "external_scores": r.external_scores} for r in records
    ]
    source.write_text("".join(json.dumps(x, ensure_ascii=False, default=str) + "\n" for x in lines))
    run_batch(fw, source, out)
    with out.open(encoding="utf-8-sig", newline="") as handle:
        table = list(csv.reader(handle))
    assert table[0][-2:] == ["提示", "错误"]  # warnings, error
    assert "预算数：单位可能填错：按元填入了万元字段" in table[2][-2] and table[2][-1] == ""
    assert table[1][-2] == "" and table[3][-2] == ""
    assert "按0.5%计" in table[4][-2]


def test_scoring_without_a_trace_gives_the_same_warnings() -> None:
    from perfscore.engine.scoring import score

    fw = perfscore.load_framework("department-common")
    plausible = score(fw, hecheng_with_budget("697.71"))
    assert plausible.warnings == ()
    typo = score(fw, hecheng_with_budget(6977100))
    assert [f.code for f in typo.warnings] == ["B11"] and typo.total < plausible.total
    traced = fw.evaluate(hecheng_with_budget(6977100))
    assert [f for f in traced.findings if f.check == typo.warnings[0].check] == list(typo.warnings)


# --------------------------------------------------------------------------- properties

amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1E9"), places=2)
bounds = st.one_of(st.none(), st.decimals(min_value=-200, max_value=2000, places=1))


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(a=amounts, b=amounts, low=bounds, high=bounds)
def test_the_score_never_depends_on_the_range_and_it_warns_iff_outside(
    tmp_path: Path, a: Decimal, b: Decimal, low: Decimal | None, high: Decimal | None
) -> None:
    if low is None and high is None:
        low = Decimal(0)
    if low is not None and high is not None and low > high:
        low, high = high, low
    shown = "null" if low is None else str(low), "null" if high is None else str(high)
    declared = perfscore.load_framework(small(tmp_path, f"plausible: [{shown[0]}, {shown[1]}]"))
    plain = perfscore.load_framework(small(tmp_path, ""))
    data = {**GOOD, "a": str(a), "b": str(b)}
    with_range, without = declared.evaluate(data), plain.evaluate(data)
    assert scores(with_range) == scores(without)
    value = with_range["A"].value
    outside = (low is not None and value < low) or (high is not None and value > high)
    assert bool([f for f in warnings(with_range, RANGE_CHECK) if f.code == "A"]) is outside
    [batch] = declared.evaluate_many([data])
    assert batch.scores == tuple(scores(with_range).values())
    assert batch.warnings == plausibility_findings(with_range.findings)
