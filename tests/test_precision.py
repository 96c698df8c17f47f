"""Precision and rounding per node, and equal splits with a declared remainder (issue 12 items 3
and 4): the modes of the one rounding function, the split, a score that never exceeds its
weight, the lint findings and load errors, and the invariants at every precision."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfscore import FrameworkError, load_framework
from perfscore.engine.points import finish
from perfscore.explain import explain_text
from perfscore.numbers import round_half_up, split_equally
from perfscore.testing import InvariantError, assert_invariants, assert_rounding

CASES = Path(__file__).parent / "cases" / "frameworks"
D = Decimal

HEAD = """\
id: t
name: t
version: "1"
total: {total}
precision: {precision}
grades: [{{name: 优, min: 0}}]
indicators:
"""
LEAF = "rule: {kind: proportional, target: 100}"


def _framework(tmp_path: Path, body: str, total: int = 10, precision: int = 2) -> Path:
    path = tmp_path / "fw.yaml"
    path.write_text(HEAD.format(total=total, precision=precision) + body, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- the one rounding


@pytest.mark.parametrize(
    ("value", "places", "mode", "want"),
    [
        ("8.62", 0, "half_up", "9"),
        ("8.5", 0, "half_up", "9"),
        ("8.49", 0, "half_up", "8"),
        ("8.62", 0, "down", "8"),
        ("8.99", 0, "down", "8"),
        ("8.12", 0, "up", "9"),
        ("8.621", 1, "up", "8.7"),
        ("8.60", 1, "up", "8.6"),
        ("8.625", 2, "half_up", "8.63"),
    ],
)
def test_rounding_modes(value: str, places: int, mode: str, want: str) -> None:
    assert round_half_up(D(value), places, mode) == D(want)


@pytest.mark.parametrize(
    ("total", "n", "places", "remainder", "want"),
    [
        ("50", 6, 2, "first", ["8.34", "8.34", "8.33", "8.33", "8.33", "8.33"]),
        ("50", 6, 2, "last", ["8.33", "8.33", "8.33", "8.33", "8.34", "8.34"]),
        ("10", 3, 0, "first", ["4", "3", "3"]),
        ("10", 3, 0, "last", ["3", "3", "4"]),
        ("15", 4, 0, "each", ["4", "4", "4", "4"]),  # "15÷n，四舍五入取整": 16 in all
        ("15", 7, 0, "each", ["2"] * 7),
    ],
)
def test_split_equally(total: str, n: int, places: int, remainder: str, want: list[str]) -> None:
    assert split_equally(D(total), n, places, remainder) == [D(w) for w in want]


def test_each_share_rounds_by_the_mode() -> None:
    assert split_equally(D(15), 4, 0, "each", "down") == [D(3)] * 4
    assert split_equally(D(10), 3, 0, "each", "up") == [D(4)] * 3


@given(
    st.integers(min_value=0, max_value=10**6),
    st.integers(min_value=1, max_value=40),
    st.integers(min_value=0, max_value=4),
    st.sampled_from(["first", "last"]),
)
def test_first_and_last_add_up_exactly(cents: int, n: int, places: int, remainder: str) -> None:
    total = D(cents).scaleb(-places)
    shares = split_equally(total, n, places, remainder)
    assert sum(shares, D(0)) == total
    assert max(shares) - min(shares) <= D(1).scaleb(-places)
    assert all(share == round_half_up(share, places) for share in shares)


# --------------------------------------------------------------------------- never above its weight


@given(
    st.decimals(min_value=-5, max_value=200, places=4, allow_nan=False, allow_infinity=False),
    st.decimals(min_value=0, max_value=100, places=3, allow_nan=False, allow_infinity=False),
    st.integers(min_value=0, max_value=6),
    st.sampled_from(["half_up", "down", "up"]),
)
def test_no_score_exceeds_its_weight(points: D, weight: D, places: int, mode: str) -> None:
    score = finish(points, weight, places, mode)
    assert D(0) <= score <= weight
    assert score == round_half_up(score, places, mode)


def test_a_weight_finer_than_the_precision_gives_its_rounded_down_full_score() -> None:
    # 22.5 at precision 0: 四舍五入 would give 23, above the weight
    assert finish(D("22.5"), D("22.5"), 0) == 22
    assert finish(D("22.5"), D("22.5"), 0, "up") == 22
    assert finish(D("21.7"), D("22.5"), 0) == 22
    assert finish(D("21.4"), D("22.5"), 0, "up") == 22


# --------------------------------------------------------------------------- the cases' frameworks


def test_each_leaf_rounds_at_its_own_precision_and_says_so() -> None:
    fw = load_framework(CASES / "precision.yaml")
    assert fw.findings == []
    result = fw.evaluate({"执行率": "86.2", "完成率": "86.2"})
    assert (result["A1"].score, result["A2"].score, result["B"].score) == (9, 8, D("8.7"))
    assert result["F"].score == D("30.17")  # the framework's precision elsewhere
    assert_invariants(fw, result)
    text = explain_text(result)
    assert "按四舍五入取整，8.62分计为9分" in text
    assert "按去尾取整，8.62分计为8分" in text
    assert "按进一保留1位小数，8.62分计为8.7分" in text


def test_a_split_gives_the_children_their_shares() -> None:
    fw = load_framework(CASES / "precision.yaml")
    assert [fw[c].weight for c in ("C1", "C2", "C3", "D1", "D2", "D3")] == [4, 3, 3, 3, 3, 4]
    assert [fw[c].weight for c in ("E1", "E5")] == [3, 3]
    assert fw["C1"].precision == 0 and fw["C1"].rounding is None  # inherited from C


def test_a_row_weight_finer_than_its_precision_is_an_error_finding() -> None:
    fw = load_framework(CASES / "precision-rows.yaml")
    result = fw.evaluate(
        {
            "产出指标": [
                {
                    "group": "数量指标",
                    "name": "人数",
                    "target": "1",
                    "actual": "1",
                    "weight": "22.5",
                },
                {"group": "质量指标", "name": "率", "target": "1", "actual": "1", "weight": "22.5"},
            ],
            "效益指标": [{"name": "就业", "target": "1", "actual": "1"}],
        }
    )
    findings = [(f.level, f.check, f.code) for f in result.findings if f.check != "equal-weights"]
    # the 数量指标 row is at precision 0; the 质量指标 group keeps one decimal: 22.5 fits
    assert findings == [("error", "weight-precision", "B1.1")]
    assert result["B1.1"].score == 22 and result["B2.1"].score == D("22.5")
    assert result["B"].score == D("44.5")  # not 45.5: no score above its weight
    assert_invariants(fw, result)
    assert "分值22.5分的小数位数多于规定的0位，得分不超过分值，计为22分" in explain_text(result)


def test_the_rounding_invariant_uses_each_nodes_precision() -> None:
    fw = load_framework(CASES / "precision.yaml")
    result = fw.evaluate({"执行率": "86.2", "完成率": "86.2"})
    assert_rounding(fw, result)
    result["A1"].score = D("8.62")  # what precision 2 would give: wrong at A1's precision 0
    with pytest.raises(InvariantError, match="more than 0 decimal places"):
        assert_rounding(fw, result)


# --------------------------------------------------------------------------- lint and load errors


def test_weight_precision_is_checked_at_each_nodes_precision(tmp_path: Path) -> None:
    body = f"""\
  - {{code: A, name: a, weight: 2.5, precision: 0, {LEAF}}}
  - {{code: B, name: b, weight: 7.5, {LEAF}}}
"""
    fw = load_framework(_framework(tmp_path, body, precision=0))
    assert [(f.level, f.check, f.code) for f in fw.findings] == [
        ("error", "weight-precision", "A"),
        ("error", "weight-precision", "B"),
    ]
    finer = body.replace("precision: 0,", "precision: 1,").replace(
        "weight: 7.5,", "weight: 7.5, precision: 1,"
    )
    assert load_framework(_framework(tmp_path, finer, precision=0)).findings == []


def test_an_each_split_that_does_not_add_up_is_a_lint_error(tmp_path: Path) -> None:
    children = "".join(f"      - {{code: A{i}, name: a{i}, {LEAF}}}\n" for i in range(4))
    body = f"""\
  - code: A
    name: a
    weight: 15
    precision: 0
    split: equal
    remainder: each
    children:
{children}"""
    fw = load_framework(_framework(tmp_path, body, total=15))
    assert [fw[f"A{i}"].weight for i in range(4)] == [4] * 4
    assert [(f.level, f.check, f.code) for f in fw.findings] == [("error", "weights", "A")]
    first = load_framework(_framework(tmp_path, body.replace("each", "first"), total=15))
    assert [first[f"A{i}"].weight for i in range(4)] == [4, 4, 4, 3]
    assert first.findings == []


@pytest.mark.parametrize(
    ("extra", "child_weight", "field"),
    [
        ("    split: equal\n", "", "remainder"),
        ("    remainder: first\n", "", "split"),
        ("    split: equal\n    remainder: first\n", " weight: 5,", "weight"),
        ("", "", "weight"),
    ],
)
def test_a_split_declares_both_keys_and_children_state_no_weight(
    tmp_path: Path, extra: str, child_weight: str, field: str
) -> None:
    body = f"""\
  - code: A
    name: a
    weight: 10
{extra}    children:
      - {{code: A1, name: a1,{child_weight} {LEAF}}}
      - {{code: A2, name: a2,{child_weight} {LEAF}}}
"""
    with pytest.raises(FrameworkError) as caught:
        load_framework(_framework(tmp_path, body))
    assert caught.value.field == field
    assert caught.value.line is not None and caught.value.file is not None


def test_a_split_on_a_leaf_is_refused(tmp_path: Path) -> None:
    body = f"  - {{code: A, name: a, weight: 10, split: equal, remainder: first, {LEAF}}}\n"
    with pytest.raises(FrameworkError, match="no children") as caught:
        load_framework(_framework(tmp_path, body))
    assert caught.value.field == "split"


ROWS = """\
  - code: B
    name: b
    weight: 10
    rows:
      from: b
      not_applicable: rescale
{extra}      rule: {{kind: target, plain: at_least, shortfall: proportional, reverse: ratio,
             over_equal: reverse, levels: {{达成: {{band: "[80, 100]", share: 100}}}}}}
"""


@pytest.mark.parametrize(
    ("extra", "checks"),
    [
        ("      unweighted: equal\n", ["equal-split"]),
        ("      remainder: last\n", ["equal-split"]),
        ("      unweighted: equal\n      remainder: last\n", []),
    ],
)
def test_lint_asks_where_an_equal_splits_remainder_goes(
    tmp_path: Path, extra: str, checks: list[str]
) -> None:
    fw = load_framework(_framework(tmp_path, ROWS.format(extra=extra)))
    assert [f.check for f in fw.findings] == checks
    assert all(f.level == "warning" and f.code == "B" for f in fw.findings)


def test_rows_split_by_the_declared_remainder(tmp_path: Path) -> None:
    extra = "      unweighted: equal\n      remainder: last\n"
    fw = load_framework(_framework(tmp_path, ROWS.format(extra=extra), precision=0))
    rows = [{"name": f"r{i}", "target": "1", "actual": "1"} for i in range(3)]
    result = fw.evaluate({"b": rows})
    assert [result[f"B.{i}"].weight for i in (1, 2, 3)] == [3, 3, 4]
    assert any("remainder: last" in f.message for f in result.findings)
    assert_invariants(fw, result)


def test_a_province_rounds_one_indicator_with_override(tmp_path: Path) -> None:
    """`override` sets a node's precision like any other field: 执行率 86.2% × 10 → 9 in an
    otherwise two-decimal framework; the framework-wide precision keeps its meaning."""
    path = tmp_path / "province.yaml"
    path.write_text(
        "extends: project-self-evaluation\nid: p\nname: p\noverride: {A: {precision: 0}}\n",
        encoding="utf-8",
    )
    rows = [{"group": "数量指标", "name": "n", "target": "100%", "actual": "86.2%", "weight": 50}]
    data = {
        "全年预算数": 100,
        "全年执行数": "86.2",
        "产出指标": rows,
        "效益指标": [
            {"group": "经济效益指标", "name": "n", "target": "1", "actual": "1", "weight": 30}
        ],
        "满意度指标": [
            {"group": "服务对象满意度指标", "name": "n", "target": "1", "actual": "1", "weight": 10}
        ],
    }
    province, bundled = load_framework(path), load_framework("project-self-evaluation")
    assert province.evaluate(data)["A"].score == 9
    assert bundled.evaluate(data)["A"].score == D("8.62")
    assert province.evaluate(data)["B1.1"].score == D("43.1")  # 50 × 86.2%, two decimals
