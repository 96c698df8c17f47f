"""Rows the data mark 不适用, scored as the framework's `rows.not_applicable` declares
(docs/project-self-evaluation.md): `rescale` — not scored, the parent's applicable scores
rescaled to its weight ("不考核该指标，其分值按适用指标得分折算"), a group whose rows are all 不适用
not counted and the 一级 indicator rescaling over the others, a 一级 indicator with none
applicable refused; `full` and `zero`. The result, explain and reconcile say so.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfscore import DataError
from perfscore.explain import explain_text
from perfscore.numbers import ZERO, round_half_up
from perfscore.reconcile import reconcile, render_text
from perfscore.records import Record
from tests.test_targets import framework, row, score

_RULE = {"over_equal": "reverse"}
RESCALE = framework(_RULE, not_applicable="rescale")
FULL = framework(_RULE, not_applicable="full")
ZERO_FW = framework(_RULE, not_applicable="zero")

_ROW = st.fixed_dictionaries(
    {
        "group": st.sampled_from(["数量指标", "成本指标"]),
        "actual": st.integers(0, 150),
        "weight": st.integers(1, 5),
        "not_applicable": st.booleans(),
    }
)


def _rows(drawn: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "group": r["group"],
            "name": f"指标{i}",
            "target": "100",
            "actual": str(r["actual"]),
            "weight": r["weight"],
            **({"not_applicable": True} if r["not_applicable"] else {}),
        }
        for i, r in enumerate(drawn)
    ]


@given(st.lists(_ROW, min_size=1, max_size=8))
def test_rescaled_scores_stay_within_their_weights(drawn: list[dict[str, Any]]) -> None:
    rows = _rows(drawn)
    weight = sum(r["weight"] for r in rows)
    fw = framework(_RULE, weight=weight, not_applicable="rescale")
    if all(r["not_applicable"] for r in drawn):
        with pytest.raises(DataError, match="不适用"):
            score(fw, *rows)
        return
    result = score(fw, *rows)
    node = result["B"]
    assert ZERO <= node.score <= node.weight
    for group in node.children:
        assert ZERO <= group.score <= group.weight
        counted = [leaf for leaf in group.children if leaf.source != "not_applicable"]
        if not counted:  # every row 不适用: the group is not counted
            assert group.score == 0 and group.trace is not None
            continue
        got = sum((leaf.score for leaf in counted), ZERO)
        out_of = sum((leaf.weight for leaf in counted), ZERO)
        assert group.score == round_half_up(got * group.weight / out_of, 2)
    assert result.total <= result.maximum


@given(st.lists(_ROW, min_size=1, max_size=8))
def test_without_a_row_marked_nothing_is_rescaled(drawn: list[dict[str, Any]]) -> None:
    rows = _rows([{**r, "not_applicable": False} for r in drawn])
    weight = sum(r["weight"] for r in rows)
    plain = score(framework(_RULE, weight=weight), *rows)
    rescaled = score(framework(_RULE, weight=weight, not_applicable="rescale"), *rows)
    assert rescaled.total == plain.total
    assert all(n.trace is None for n in rescaled.walk() if n.children)


@given(st.lists(_ROW, min_size=1, max_size=8))
def test_full_and_zero_give_a_marked_row_its_weight_or_nothing(
    drawn: list[dict[str, Any]],
) -> None:
    rows = _rows(drawn)
    weight = sum(r["weight"] for r in rows)
    for policy, expected in (("full", lambda w: w), ("zero", lambda w: ZERO)):
        result = score(framework(_RULE, weight=weight, not_applicable=policy), *rows)
        marked = [n for n in result.walk() if n.source == "not_applicable"]
        assert len(marked) == sum(r["not_applicable"] for r in drawn)
        for leaf in marked:
            assert leaf.score == expected(leaf.weight)
        group_sums = [sum((c.score for c in g.children), ZERO) for g in result["B"].children]
        assert [g.score for g in result["B"].children] == group_sums  # nothing rescaled


def test_a_rescaled_group_is_said_in_the_trace_explain_and_reconcile() -> None:
    rows = [row("100", "80", weight=6), row("100", "不适用", weight=4)]
    result = score(framework(_RULE, not_applicable="rescale"), *rows)
    group = result["B1"]
    assert group.score == 8  # 80% × 6 = 4.8, 4.8 / 6 × 10
    assert group.trace is not None
    said = group.trace.reasons[0]
    assert "不适用，不考核" in said and "4.8÷6×10=8分" in said
    leaf = result["B1.2"]
    assert leaf.source == "not_applicable" and leaf.trace is not None
    assert leaf.trace.reasons == ("不适用，不考核该指标，其分值按适用指标得分折算",)
    text = explain_text(result)
    assert "不适用，不考核该指标，其分值按适用指标得分折算" in text
    assert "4.8÷6×10=8分" in text
    fw = framework(_RULE, not_applicable="rescale")
    record = Record(
        values={"rows": rows, "Z": 0},
        reported={"scores": {"B1.1": Decimal("4.8"), "B1.2": 0, "B1": 8}, "total": 8},
        file="data.yaml",
    )
    checked = reconcile(fw, record)
    assert checked.result.total == 8 and checked.agrees
    line = next(s for s in checked.scores if s.code == "B1.2")
    assert line.source == "not_applicable"
    assert "不适用" in render_text(checked)


def test_a_marked_row_is_refused_when_the_framework_is_silent() -> None:
    fw = framework(_RULE)
    with pytest.raises(DataError, match=r"rows\.not_applicable") as err:
        score(fw, row("100", "不适用"))
    assert err.value.field == "rows[0].actual"
    with pytest.raises(DataError, match=r"rows\.not_applicable") as err:
        score(fw, row("100", "90", not_applicable=True))
    assert err.value.field == "rows[0].not_applicable"
    assert any(f.check == "not-applicable" for f in fw.findings)
    assert not any(f.check == "not-applicable" for f in RESCALE.findings)
    # not_applicable: false overrides a cell that reads 不适用 (and the cell is then refused)
    with pytest.raises(DataError, match=r"cannot compare|qualitative"):
        score(RESCALE, row("100", "不适用", not_applicable=False))


@pytest.mark.usefixtures("english")  # checks English wording
def test_every_row_marked_under_full_or_zero_is_scored() -> None:
    rows = [row("100", "不适用", weight=10)]
    assert score(FULL, *rows).total == 10
    assert score(ZERO_FW, *rows).total == 0
    with pytest.raises(DataError, match="every row") as err:
        score(RESCALE, *rows)
    assert err.value.path == "B"


# --------------------------------------------------------------------------- total


@given(st.lists(_ROW, min_size=1, max_size=8))
def test_total_rescales_the_total_over_the_applicable_weight(drawn: list[dict[str, Any]]) -> None:
    """rows.not_applicable: total — "用适用指标得分汇总后按百分制折算": a marked row scores 0 and no
    group is rescaled; the total is the scores' sum over the framework's total less the marked
    rows' 分值, rescaled to the total."""
    rows = _rows(drawn)
    weight = sum(r["weight"] for r in rows)
    result = score(framework(_RULE, weight=weight, not_applicable="total"), *rows)
    marked = [n for n in result.walk() if n.source == "not_applicable"]
    assert len(marked) == sum(r["not_applicable"] for r in drawn)
    assert all(leaf.score == 0 for leaf in marked)
    for group in result["B"].children:  # nothing rescaled below the total
        assert group.score == sum((c.score for c in group.children), ZERO)
    got = sum((root.score for root in result.indicators), ZERO)
    out_of = 100 - sum((leaf.weight for leaf in marked), ZERO)
    assert result.total == (round_half_up(got * 100 / out_of, 2) if marked else got)
    assert result.total <= result.maximum


def test_a_total_rescaled_for_rows_is_said_and_reconciled() -> None:
    """B1.2 不适用 (4 of the rows' 10 points): B1.1 80% × 6 = 4.8, Z (90 points) scores 45 from
    outside; the total (4.8 + 45) / (100 − 4) × 100 = 51.875 → 51.88. A report stating the same
    agrees with the recomputation; one that adds up without rescaling differs."""
    fw = framework(_RULE, not_applicable="total")
    rows = [row("100", "80", weight=6), row("100", "不适用", weight=4)]
    values = {"rows": rows, "Z": 0}
    result = fw.evaluate(Record(values=values, external_scores={"Z": 45}, file="data.yaml"))
    assert result["B1"].score == Decimal("4.8") and result.total == Decimal("51.88")
    assert result["B1.2"].trace is not None
    assert result["B1.2"].trace.reasons == ("不适用，不考核该指标，总分按适用指标得分折算",)
    said = [f.message for f in result.findings if f.check == "not-applicable"]
    assert said == [
        "测试指标不适用，不考核；适用指标得分49.8分（适用分值96分），"
        "按总分100分折算：49.8÷96×100=51.88分"
    ]
    assert "49.8÷96×100=51.88分" in explain_text(result)
    for total, agrees in ((Decimal("51.88"), True), (Decimal("49.8"), False)):
        reported = {"scores": {"B1.1": Decimal("4.8"), "B1.2": 0, "Z": 45}, "total": total}
        record = Record(values=values, external_scores={"Z": 45}, reported=reported, file="d.yaml")
        assert reconcile(fw, record).agrees is agrees
