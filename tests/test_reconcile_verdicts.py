"""Reconciliation verdicts: each check's `agrees` flag and `disagreements`, the "≠" marks the text
report draws from them, and the differences listed — one test per comparison a check makes, each
failing if that comparison were ignored. Then, for every rule kind, that the possible points a
rule declares contain what it actually awards.

五华's record reproduces every score from its base data (recomputed total 97, grade 优; grades
优 ≥ 90, 良 ≥ 80), so each test changes one stated figure and watches one verdict change.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_rule_properties import CASES, CODE, framework, score_of

import perfscore
from perfscore.reconcile import Reconciliation, possible_scores, render_text

ROOT = Path(__file__).resolve().parent.parent
WUHUA = ROOT / "perfscore" / "frameworks" / "wuhua-2023.yaml"


def reconciled(**reported: Any) -> Reconciliation:
    """五华's record with `reported` replaced, reconciled."""
    record = perfscore.load_record(ROOT / "examples" / "wuhua-2023.yaml")
    replaced = perfscore.Record(
        values=record.values,
        external_scores=record.external_scores,
        reported=reported,
        id=record.id,
        file=record.file,
    )
    return perfscore.reconcile(WUHUA, replaced)


def table_scores(**changed: Any) -> dict[str, Any]:
    record = perfscore.load_record(ROOT / "examples" / "wuhua-2023.yaml")
    return dict(record.reported["scores"]) | changed


def section(text: str, title: str) -> list[list[str]]:
    """The rows of one table of the text report (header dropped), split into cells."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(title)) + 2
    rows = []
    for line in lines[start:]:
        if not line.strip():
            break
        rows.append(re.split(r"\s{2,}", line.strip()))
    return rows


def marked(text: str, title: str, key_cells: int = 1) -> dict[str, bool]:
    """Whether each row of a table ends in the "≠" mark, by the row's first `key_cells` cells
    (joined with a space: "其他[1] B12")."""
    return {" ".join(cells[:key_cells]): cells[-1] == "≠" for cells in section(text, title)}


SCORES = "指标得分 / Indicator scores"
TOTALS = "小计与总分 / Sub-totals and totals"
VALUES = "报告的计算值 / Values the report computes"
GRADES = "等级 / Grade"


# --------------------------------------------------------------------------- all agree


def test_when_everything_agrees_no_check_disagrees_and_nothing_is_marked() -> None:
    other = [{"where": "正文", "scores": {"A": "27.5", "B12": 4}, "total": 97, "grade": "优"}]
    rec = reconciled(
        scores=table_scores(A="27.5"),
        total=97,
        grade="优",
        values={"B12": "0.28%", "A13": "-0.99%"},
        other=other,
    )
    checks = [*rec.scores, *rec.totals, *rec.values, *rec.grades]
    assert len(rec.scores) == 25 and len(rec.totals) == 5 and len(rec.grades) == 2
    assert all(c.agrees is True and c.disagreements == () for c in checks)
    assert rec.agrees and rec.differences == []
    text = render_text(rec)
    assert "全部一致 / all agree" in text and "≠" not in text
    assert set(marked(text, SCORES).values()) == {False}
    assert len(marked(text, TOTALS, key_cells=2)) == 5
    data = rec.to_dict()
    assert data["agrees"] is True
    assert all(
        c["agrees"] is True for k in ("scores", "totals", "values", "grades") for c in data[k]
    )


# --------------------------------------------------------------------------- leaf scores


def test_a_table_score_the_data_do_not_give_is_marked_on_its_row_only() -> None:
    rec = reconciled(scores=table_scores(A11=4))  # a judgment of 0–5: 4 is possible
    by_code = {s.code: s for s in rec.scores}
    assert by_code["A11"].disagreements == ("recomputed",) and not by_code["A11"].agrees
    assert all(s.agrees for code, s in by_code.items() if code != "A11")
    marks = marked(render_text(rec), SCORES)
    assert marks["A11"] and not any(mark for code, mark in marks.items() if code != "A11")
    (diff,) = rec.differences
    assert (diff.kind, diff.code, diff.stated, diff.expected) == ("score", "A11", "4", "5")
    assert rec.to_dict()["scores"][0]["agrees"] is False


def test_a_table_score_the_rule_cannot_give_says_so() -> None:
    # A13 loses 0.5 per whole step (ceil) from 4: 3.25 is no score it can give
    rec = reconciled(scores=table_scores(A13="3.25"))
    a13 = next(s for s in rec.scores if s.code == "A13")
    assert a13.disagreements == ("recomputed", "rule") and not a13.attainable
    assert marked(render_text(rec), SCORES)["A13"]
    (diff,) = rec.differences
    possible = "4、3.5、3、2.5、2、1.5、1、0.5、0"
    assert diff.kind == "score" and f"possible scores: {possible}" in diff.message
    assert next(s for s in rec.to_dict()["scores"] if s["code"] == "A13")["possible"] == possible
    # an attainable score that is still wrong says nothing about possible scores
    rec = reconciled(scores=table_scores(A13=3))
    assert rec.scores[2].disagreements == ("recomputed",)
    assert "possible" not in rec.to_dict()["scores"][2]


# --------------------------------------------------------------------------- totals


def test_a_score_stated_elsewhere_that_disagrees_with_the_table() -> None:
    # the narrative states B12 as the data give it (4), the table states 0
    rec = reconciled(scores=table_scores(B12=0), other=[{"where": "正文", "scores": {"B12": 4}}])
    (elsewhere,) = rec.totals
    assert elsewhere.disagreements == ("table",) and not elsewhere.agrees
    assert (elsewhere.stated, elsewhere.table, elsewhere.recomputed) == (4, 0, 4)
    assert marked(render_text(rec), TOTALS, key_cells=2) == {"其他[1] B12": True}
    kinds = [(d.kind, d.where) for d in rec.differences]
    assert kinds == [("score", "评分表"), ("table", "reported.other[0].scores.B12")]


def test_a_stated_total_that_disagrees_with_the_recomputed_one() -> None:
    scores = table_scores()
    del scores["C42"]  # the scores do not add up to a total: only the recomputed one is compared
    rec = reconciled(scores=scores, total=96)
    (total,) = rec.totals
    assert total.reported_sum is None and total.disagreements == ("recomputed",)
    assert marked(render_text(rec), TOTALS, key_cells=2) == {"评分表 —": True}
    (diff,) = rec.differences
    assert (diff.kind, diff.stated, diff.expected, diff.against) == (
        "total",
        "96",
        "97",
        "recomputed",
    )


def test_a_stated_total_that_disagrees_with_the_reports_own_scores() -> None:
    rec = reconciled(scores=table_scores(A11=4), total=97)  # recomputed 97, the table adds to 96
    (total,) = rec.totals
    assert total.disagreements == ("reported sum",) and not total.agrees
    assert marked(render_text(rec), TOTALS, key_cells=2) == {"评分表 —": True}
    assert [(d.kind, d.against) for d in rec.differences] == [
        ("score", "recomputed"),
        ("sum", "reported sum"),
    ]


def test_a_stated_total_that_agrees_is_not_marked() -> None:
    rec = reconciled(scores=table_scores(), total=97)
    (total,) = rec.totals
    assert total.agrees and total.disagreements == ()
    assert marked(render_text(rec), TOTALS, key_cells=2) == {"评分表 —": False}


# --------------------------------------------------------------------------- grades


def test_a_grade_that_disagrees_with_the_stated_total_only() -> None:
    # 优 is the recomputed grade, but the stated total 85 falls in 良
    rec = reconciled(total=85, grade="优")
    (grade,) = rec.grades
    assert (grade.of_stated_total, grade.recomputed) == ("良", "优")
    assert grade.disagreements == ("reported sum",) and not grade.agrees
    assert marked(render_text(rec), GRADES) == {"评分表": True}
    grades = [d for d in rec.differences if d.kind == "grade"]
    assert [(d.expected, d.against) for d in grades] == [("良", "reported sum")]
    assert rec.to_dict()["grades"][0]["agrees"] is False


def test_a_grade_that_disagrees_with_the_recomputed_grade_only() -> None:
    rec = reconciled(grade="良")  # no total stated: nothing to hold the grade against but 优
    (grade,) = rec.grades
    assert grade.of_stated_total is None and grade.disagreements == ("recomputed",)
    assert marked(render_text(rec), GRADES) == {"评分表": True}
    (diff,) = rec.differences
    assert (diff.kind, diff.stated, diff.expected, diff.against) == (
        "grade",
        "良",
        "优",
        "recomputed",
    )


def test_a_grade_that_disagrees_with_both() -> None:
    rec = reconciled(total=97, grade="良")
    (grade,) = rec.grades
    assert grade.disagreements == ("recomputed", "reported sum")
    assert [(d.expected, d.against) for d in rec.differences if d.kind == "grade"] == [
        ("优", "recomputed"),
        ("优", "reported sum"),
    ]


def test_a_grade_that_agrees_with_both_is_not_marked() -> None:
    rec = reconciled(total=97, grade="优")
    assert rec.grades[0].agrees and marked(render_text(rec), GRADES) == {"评分表": False}


# --------------------------------------------------------------------------- values


def test_values_are_marked_by_their_verdict() -> None:
    rec = reconciled(values={"B12": "0.28%", "A13": "0.99%"})
    assert [(v.agrees, v.disagreements) for v in rec.values] == [
        (True, ()),
        (False, ("recomputed",)),
    ]
    assert marked(render_text(rec), VALUES, key_cells=2) == {
        "评分表 B12": False,
        "评分表 A13": True,
    }
    assert [d.code for d in rec.differences] == ["A13"]


# --------------------------------------------------------------------------- possible points


@pytest.mark.parametrize("kind", sorted(CASES))
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_possible_points_contain_what_every_rule_kind_awards(
    kind: str, data: st.DataObject
) -> None:
    case = data.draw(CASES[kind], label="case")
    fw = case.build()
    rule = fw[CODE].rule
    assert rule is not None
    declared = rule.possible_points()
    scores = possible_scores(rule, case.weight, case.precision)
    value = data.draw(case.values, label="value")
    got = score_of(fw, case.data(value))
    assert got.trace is not None and got.trace.points is not None
    assert got.trace.points in declared  # the raw points, before capping and rounding
    assert got.score in scores  # the score, as reconcile offers it
    if declared.finite is not None:
        assert declared.low == min(declared.finite) and declared.high == max(declared.finite)


D = Decimal


@pytest.mark.parametrize(
    ("rule", "finite", "span"),
    [
        (
            {"kind": "checklist", "mode": "earn", "points": 1, "items": [{"id": "a"}, {"id": "b"}]},
            {D(0), D(1), D(2)},
            None,
        ),
        (
            {"kind": "checklist", "mode": "lose", "points": 3, "items": [{"id": "a"}, {"id": "b"}]},
            {D(5), D(2), D(0)},
            None,
        ),
        ({"kind": "count", "points": 2, "zero_at": 2}, {D(5), D(3), D(0)}, None),
        (
            {"kind": "deduction", "bound": 100, "side": "above", "points": 2, "step_mode": "floor"},
            {D(5), D(3), D(1), D(0)},
            None,
        ),
        (
            {
                "kind": "deduction",
                "bound": 100,
                "side": "above",
                "points": 2,
                "step_mode": "continuous",
            },
            None,
            (D(0), D(5)),
        ),
        (
            {"kind": "threshold", "compare": ">=", "at": 90, "pass": 4, "fail": 1},
            {D(4), D(1)},
            None,
        ),
        (
            {"kind": "threshold", "compare": ">=", "at": 90, "otherwise": "judgment"},
            None,
            (D(0), D(5)),
        ),
        ({"kind": "judgment", "min": 1, "max": 3}, None, (D(1), D(3))),
        ({"kind": "external", "max": 4}, None, (D(0), D(4))),
        ({"kind": "linear", "full_at": 100, "zero_at": 120, "full": 6}, None, (D(0), D(6))),
        (
            {
                "kind": "veto",
                "when": "否决",
                "rule": {"kind": "threshold", "compare": ">=", "at": 90, "pass": 4, "fail": 1},
            },
            {D(4), D(1), D(0)},
            None,
        ),
        (
            {"kind": "veto", "when": "否决", "rule": {"kind": "judgment", "min": 1, "max": 3}},
            None,
            (D(0), D(3)),
        ),
    ],
)
def test_each_kind_declares_its_raw_points(
    rule: dict[str, Any], finite: set[Decimal] | None, span: tuple[Decimal, Decimal] | None
) -> None:
    inputs = {"否决": {"type": "boolean"}} if rule["kind"] == "veto" else None
    built = framework(rule, D(5), inputs=inputs)[CODE].rule
    assert built is not None
    declared = built.possible_points()
    assert declared.finite == (None if finite is None else frozenset(finite))
    if span is not None:
        assert (declared.low, declared.high) == span
        assert span[0] in declared and span[1] in declared
        assert span[0] - D("0.01") not in declared and span[1] + D("0.01") not in declared


# --------------------------------------------------------------------------- edges


def test_a_value_the_data_cannot_recompute_is_not_checked() -> None:
    from perfscore.reconcile.checks import ValueCheck

    common = {
        "where": "正文", "label": "结转结余率", "code": "B11", "name": "n", "unit": "%",
        "stated_text": "1%", "stated": Decimal(1), "places": 0, "basis": "",
    }  # fmt: skip
    unknown = ValueCheck(**common, recomputed=None)
    assert unknown.rounded is None and unknown.agrees is None and unknown.disagreements == ()
    as_json = unknown.to_dict()
    assert as_json["recomputed"] is None and as_json["recomputed_at_stated_precision"] is None
    known = ValueCheck(**common, recomputed=Decimal("1.4"))
    assert known.rounded == Decimal(1) and known.agrees is True
    assert known.to_dict()["recomputed"] == 1.4
    assert known.to_dict()["recomputed_at_stated_precision"] == 1
    off = ValueCheck(**common, recomputed=Decimal("1.5"))
    assert off.rounded == Decimal(2) and off.agrees is False and off.disagreements


def test_possible_scores_hold_only_decimals_within_them() -> None:
    from perfscore.reconcile.possible import Possible

    finite = Possible(points=(Decimal(2), Decimal(1), Decimal(0)))
    span = Possible(low=Decimal(0), high=Decimal(2))
    assert Decimal(1) in finite and Decimal("1.5") not in finite
    assert Decimal("1.5") in span and Decimal("2.01") not in span and Decimal("-0.01") not in span
    for other in (1, "1", None, 1.0):
        assert other not in finite and other not in span
    assert finite.describe() == "2、1、0" and span.describe() == "0–2"


@pytest.mark.parametrize(
    ("reported", "field"),
    [
        ("97分", "reported"),
        ({"scores": ["A11", 5]}, "reported.scores"),
        ({"other": [["not", "a", "place"]]}, "reported.other[0]"),
        ({"values": ["B12", "1%"]}, "reported.values"),
        ({"values": {"A1": "1"}}, "reported.values.A1"),
    ],
)
def test_a_malformed_report_is_refused_naming_the_place(reported: Any, field: str) -> None:
    record = perfscore.load_record(ROOT / "examples" / "wuhua-2023.yaml")
    record.reported = reported
    with pytest.raises(perfscore.DataError) as caught:
        perfscore.reconcile(WUHUA, record)
    assert caught.value.field == field and caught.value.file == record.file


def test_a_value_is_compared_at_the_places_the_report_writes() -> None:
    """B12 recomputes to 0.2767…%: "0%" agrees at whole percents, "0.3%" at one place, "0.28%"
    at two, and "0.2%" or "1%" do not."""
    rec = reconciled(values={"B12": "0%"})
    assert [(v.places, v.rounded, v.agrees) for v in rec.values] == [(0, 0, True)]
    for stated, places, agrees in (("0.3%", 1, True), ("0.28%", 2, True), ("0.2%", 1, False)):
        (check,) = reconciled(values={"B12": stated}).values
        assert (check.places, check.agrees) == (places, agrees), stated


def test_a_parent_the_table_scores_stands_in_for_its_unscored_leaves() -> None:
    """The stated total against the report's own scores: where a leaf has no table score, its
    parent's table score counts instead, and nothing is missing (the parent's own check then
    says which of its leaves has none)."""
    scores = table_scores()
    del scores["A11"]
    without = {t.where: t for t in reconciled(scores=scores, total=97).totals}
    assert without["reported.total"].missing == ("A11",)
    assert without["reported.total"].reported_sum is None
    scores["A1"] = Decimal(20)
    standing_in = {t.where: t for t in reconciled(scores=scores, total=97).totals}
    assert standing_in["reported.total"].missing == ()
    assert standing_in["reported.total"].reported_sum == Decimal("99.5")
    assert standing_in["reported.scores.A1"].missing == ("A11",)


def test_an_external_score_says_it_came_from_outside() -> None:
    rec = reconciled(scores=table_scores())
    external = {c.code: c for c in rec.scores if c.code in ("B14", "B32")}
    assert external and all("外部提供" in c.basis for c in external.values())


def test_the_differences_say_where_each_gap_comes_from() -> None:
    rec = reconciled(scores=table_scores(A13=Decimal(3), B14=Decimal(1)), total=Decimal("96.5"))
    by = {(d.kind, d.code): d.message for d in rec.differences}
    computed, external = by[("score", "A13")], by[("score", "B14")]
    assert "报告3分，复核3.5分 / reported 3" in computed and "复核采用" not in computed
    assert "报告1分，复核0分（复核采用外部得分）" in external
    assert "possible scores: 2、0" in external and "possible scores" not in computed
    total = by[("total", None)]
    assert total.startswith("评分表：总分写96.5分，复核97分")
    assert total.endswith("（复核与报告的差别来自 / from: A13 +0.5，B14 -1）")
    agreeing = reconciled(scores=table_scores(), total=Decimal(97))
    assert not [d for d in agreeing.differences if d.kind in ("score", "total")]
