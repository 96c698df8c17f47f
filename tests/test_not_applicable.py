"""Indicators the data mark 不适用 (`external_scores: {CODE: 不适用}`), scored as the framework's
`not_applicable` declares (docs/framework-format.md): `rescale` — the parent's applicable scores
rescaled to its weight, at the top to the total; `total` — the total rescaled over the applicable
weight; `full`; `zero`. A parent whose children are all marked is itself not counted; when
nothing is left to count, the record is refused. Rows: tests/test_rows_not_applicable.py.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from perfscore import DataError
from perfscore.explain import explain_text
from perfscore.framework import Framework, build_framework
from perfscore.numbers import ZERO, round_half_up
from perfscore.reconcile import reconcile
from perfscore.records import Record
from perfscore.yamlio import parse_yaml

#: 一级 A (40: A1 20, A2 20) and B (60: B1 30, B2 30), each leaf an evaluator's points
_LEAVES = {"A1": 20, "A2": 20, "B1": 30, "B2": 30}


def framework(policy: str | None) -> Framework:
    doc: dict[str, Any] = {
        "id": "na", "name": "不适用", "version": "1", "total": 100, "precision": 2,
        "grades": [{"name": "合格", "min": 0}],
        "indicators": [
            {"code": p, "name": f"一级{p}",
             "weight": sum(w for c, w in _LEAVES.items() if c[0] == p),
             "children": [{"code": c, "name": f"指标{c}", "weight": w, "rule": {"kind": "judgment"}}
                          for c, w in _LEAVES.items() if c[0] == p]}
            for p in "AB"
        ],
    }  # fmt: skip
    if policy is not None:
        doc["not_applicable"] = policy
    return build_framework(parse_yaml(yaml.safe_dump(doc, allow_unicode=True), "na.yaml"))


FW = {policy: framework(policy) for policy in ("rescale", "total", "full", "zero")}
_POINTS = st.fixed_dictionaries({c: st.integers(0, w) for c, w in _LEAVES.items()})
_MARKS = st.sets(st.sampled_from(["A", "B", *_LEAVES]))


def _run(policy: str, points: dict[str, int], marks: set[str]) -> Any:
    return FW[policy].evaluate(points, external_scores={code: "不适用" for code in marks})


def _marked_leaves(marks: set[str]) -> set[str]:
    return {c for c in _LEAVES if c in marks or c[0] in marks}


@given(points=_POINTS, marks=_MARKS)
def test_rescale_stays_within_the_weights_and_rescales_each_parent(
    points: dict[str, int], marks: set[str]
) -> None:
    out = _marked_leaves(marks)
    if out == set(_LEAVES):
        with pytest.raises(DataError, match="不适用"):
            _run("rescale", points, marks)
        return
    result = _run("rescale", points, marks)
    parents = {}
    for parent in "AB":
        node = result[parent]
        assert ZERO <= node.score <= node.weight
        counted = [c for c in _LEAVES if c[0] == parent and c not in out]
        if not counted:
            assert node.score == 0 and node.source == "not_applicable"
            continue
        got = Decimal(sum(points[c] for c in counted))
        parents[parent] = round_half_up(got * node.weight / sum(_LEAVES[c] for c in counted), 2)
        assert node.score == parents[parent]
    weight = sum(result[p].weight for p in parents)
    expected = round_half_up(sum(parents.values(), ZERO) * 100 / weight, 2)
    assert result.total == expected and ZERO <= result.total <= 100


@given(points=_POINTS, marks=_MARKS)
def test_total_rescales_the_total_over_the_applicable_weight(
    points: dict[str, int], marks: set[str]
) -> None:
    out = _marked_leaves(marks)
    if out == set(_LEAVES):
        with pytest.raises(DataError, match="不适用"):
            _run("total", points, marks)
        return
    result = _run("total", points, marks)
    got = sum(points[c] for c in _LEAVES if c not in out)
    applicable = sum(w for c, w in _LEAVES.items() if c not in out)
    assert result.total == round_half_up(Decimal(got) * 100 / applicable, 2)
    assert ZERO <= result.total <= 100
    for parent in "AB":  # a parent adds up what it counts: no rescaling below the total
        counted = [c for c in _LEAVES if c[0] == parent and c not in out]
        assert result[parent].score == sum(points[c] for c in counted)
    if out:
        assert any(f.check == "not-applicable" for f in result.findings)


@given(points=_POINTS, marks=_MARKS)
def test_full_and_zero_give_the_marked_their_weight_or_nothing(
    points: dict[str, int], marks: set[str]
) -> None:
    out = _marked_leaves(marks)
    full = _run("full", points, marks)
    zero = _run("zero", points, marks)
    assert full.total == sum(_LEAVES[c] if c in out else points[c] for c in _LEAVES)
    assert zero.total == sum(0 if c in out else points[c] for c in _LEAVES)
    for code in out:
        assert full[code].source == zero[code].source == "not_applicable"


def test_a_mark_is_refused_when_the_framework_is_silent() -> None:
    with pytest.raises(DataError, match="not_applicable") as err:
        framework(None).evaluate({"A1": 1, "B1": 1, "B2": 1}, external_scores={"A2": "不适用"})
    assert err.value.path is None and err.value.field == "A2"


def test_the_trace_explain_and_reconcile_say_so() -> None:
    values = {"A1": 15, "B1": 30, "B2": 12}
    result = FW["rescale"].evaluate(values, external_scores={"A2": "不适用"})
    assert result["A"].score == 30 and result.total == 72  # 15 / 20 × 40; 30 + 42
    assert result["A2"].trace is not None
    assert result["A2"].trace.reasons == ("不适用，不考核该指标，其分值按适用指标得分折算",)
    text = explain_text(result)
    assert "15÷20×40=30分" in text and "其分值按适用指标得分折算" in text
    top = FW["rescale"].evaluate(values, external_scores={"A": "不适用"})
    assert top.total == 70  # 42 / 60 × 100
    assert "42÷60×100=70分" in explain_text(top)
    record = Record(
        values=values,
        external_scores={"A2": "不适用"},
        reported={"scores": {"A1": 15, "A2": 0, "A": 30, "B1": 30, "B2": 12, "B": 42}, "total": 72},
    )
    assert reconcile(FW["rescale"], record).agrees
    record = Record(
        values={"B1": 30, "B2": 12},
        external_scores={"A": "不适用"},
        reported={"scores": {"B1": 30, "B2": 12, "B": 42}, "total": 70},
    )
    assert reconcile(FW["total"], record).agrees  # 42 / 60 × 100
