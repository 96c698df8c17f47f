"""Reproduction of 003 附件3 (寻甸回族彝族自治县社会保险中心 2023) with xundian-2023.

What the report states (table and narrative) against what the framework and its base data give.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import perfscore
from perfscore.numbers import ZERO, round_half_up
from perfscore.reconcile import reconcile
from perfscore.records import Record
from perfscore.surveys import parse_survey

# These tests check the English wording of perfscore's messages (tests/test_i18n.py checks
# the Chinese, the default).
pytestmark = pytest.mark.usefixtures("english")

ROOT = Path(__file__).resolve().parent.parent
FRAMEWORK = ROOT / "perfscore" / "frameworks" / "xundian-2023.yaml"
EXAMPLE = ROOT / "examples" / "xundian-2023.yaml"


@pytest.fixture(scope="module")
def fw() -> perfscore.Framework:
    return perfscore.load_framework(FRAMEWORK)


@pytest.fixture(scope="module")
def record() -> Record:
    return perfscore.load_record(EXAMPLE)


def _d(value: object) -> Decimal:
    return Decimal(str(value))


def _table_sum(fw: perfscore.Framework, record: Record, code: str) -> Decimal:
    """The sum of the table's (附件3) leaf scores under `code`."""
    scores = record.reported["scores"]
    return sum((_d(scores[n.code]) for n in fw[code].walk() if n.is_leaf), ZERO)


# --------------------------------------------------------------------------- the table


def test_table_total_95_from_its_leaf_scores(fw: perfscore.Framework, record: Record) -> None:
    scores = record.reported["scores"]
    assert set(scores) == {leaf.code for leaf in fw.leaves()}
    assert sum((_d(v) for v in scores.values()), ZERO) == 95
    assert record.reported["total"] == 95
    assert record.reported["grade"] == "优秀"
    assert fw.grade_of(Decimal(95)) == "优秀"


def test_table_sub_totals_are_32_15_48(fw: perfscore.Framework, record: Record) -> None:
    assert [_table_sum(fw, record, c) for c in ("A", "B", "C")] == [32, 15, 48]


# --------------------------------------------------------------------------- recomputation


def test_b13_from_the_reports_sangong_figures_scores_0(
    fw: perfscore.Framework, record: Record
) -> None:
    result = fw.evaluate(record)
    b13 = result["B13"]
    assert b13.value == 300  # 0.18万元 / 0.06万元 × 100%
    assert b13.score == 0
    assert record.reported["scores"]["B13"] == 1
    # The table's total with B13 recomputed (and every other score as the table states): 94.
    assert 95 - (_d(record.reported["scores"]["B13"]) - b13.score) == 94


def test_recomputed_total_and_every_difference(fw: perfscore.Framework, record: Record) -> None:
    result = fw.evaluate(record)
    reported = record.reported["scores"]
    differ = {
        leaf.code: (_d(reported[leaf.code]), leaf.score)
        for leaf in result.walk()
        if leaf.is_leaf and leaf.score != _d(reported[leaf.code])
    }
    # B13 (300% → 0) and C105 ("社会发放率=100%得2分" at 100% → 2, the table says 3).
    assert differ == {"B13": (Decimal(1), Decimal(0)), "C105": (Decimal(3), Decimal(2))}
    assert result["C105"].value == 100
    assert result.total == 93
    assert result.grade == "优秀"
    assert [result[c].score for c in ("A", "B", "C")] == [32, 14, 47]


def test_sources_of_the_scores(fw: perfscore.Framework, record: Record) -> None:
    result = fw.evaluate(record)
    sources = {leaf.code: leaf.source for leaf in result.walk() if leaf.is_leaf}
    assert {c for c, s in sources.items() if s == "external"} == {
        "A15",
        "A31",
        "B11",
        "C24",
        "C32",
        "C116",
    }
    assert sources["B13"] == sources["B31"] == sources["C25"] == "computed"
    assert sources["C21"] == sources["C104"] == "judgment"  # 87.34% < 100%: evaluator's points


def test_rates_from_the_reports_figures(fw: perfscore.Framework, record: Record) -> None:
    result = fw.evaluate(record)
    assert result["B31"].value == 100  # 17 / 17
    assert result["B42"].value == 100
    assert round_half_up(result["C103"].value, 2) == Decimal("108.41")
    assert round_half_up(result["C22"].value, 2) == Decimal("100.03")  # 工伤, the lowest
    assert result["C21"].value == Decimal("87.34")
    assert result["C21"].score == 4


def test_b22_veto_zeroes_the_checklist(fw: perfscore.Framework, record: Record) -> None:
    values = {**record.values, "存在截留挤占挪用虚列支出": "是"}
    changed = Record(values, record.external_scores, record.reported, file=record.file)
    assert fw.evaluate(record)["B22"].score == 4
    assert fw.evaluate(changed)["B22"].score == 0


# --------------------------------------------------------------------------- the framework


def test_framework_findings(fw: perfscore.Framework) -> None:
    found = {(f.check, f.code) for f in fw.findings}
    assert found == {
        ("weights", "B1"),
        ("weights", "C2"),
        ("leaf-weights", "B"),
        ("leaf-weights", "C"),
        ("source-code", "C105"),
        ("rule-below-weight", "A31"),
        ("rule-below-weight", "C105"),
        ("rule-below-weight", "C32"),
    }
    by = {(f.check, f.code): f.message for f in fw.findings}
    assert "declared 7" in by["weights", "B1"] and "add up to 3" in by["weights", "B1"]
    assert "declared 21" in by["weights", "C2"] and "add up to 25" in by["weights", "C2"]
    assert "declared 20" in by["leaf-weights", "B"] and "add up to 16" in by["leaf-weights", "B"]
    assert "declared 45" in by["leaf-weights", "C"] and "add up to 49" in by["leaf-weights", "C"]
    assert "at most 1.75 of 2" in by["rule-below-weight", "A31"]
    assert "at most 2 of 3" in by["rule-below-weight", "C105"]
    assert "at most 1.5 of 2" in by["rule-below-weight", "C32"]
    assert "'C'" in by["source-code", "C105"]


def test_declared_weights_as_the_table_states(fw: perfscore.Framework) -> None:
    declared = {code: fw[code].weight for code in ("A", "B", "C", "B1", "C1", "C2", "C3")}
    assert declared == {"A": 35, "B": 20, "C": 45, "B1": 7, "C1": 18, "C2": 21, "C3": 6}
    assert fw["C105"].source_code == "C"
    assert sum((leaf.weight for leaf in fw.leaves()), ZERO) == 100


# --------------------------------------------------------------------------- the narrative


def test_narrative_sub_totals_differ_from_the_table(
    fw: perfscore.Framework, record: Record
) -> None:
    narrative = record.reported["other"][0]
    assert narrative["where"].startswith("报告正文")
    stated = {c: _d(narrative["scores"][c]) for c in ("A", "B", "C")}
    table = {c: _table_sum(fw, record, c) for c in ("A", "B", "C")}
    assert stated == {"A": 33, "B": 17, "C": 44}
    assert table == {"A": 32, "B": 15, "C": 48}
    assert narrative["total"] == 95
    assert sum(stated.values()) == 94  # the narrative's own sub-totals do not make its 95


def test_reconcile_sets_narrative_and_table_side_by_side(
    fw: perfscore.Framework, record: Record
) -> None:
    out = reconcile(fw, record).to_dict()
    assert out["agrees"] is False
    assert out["recomputed"]["total"] == 93
    narrative = {
        t["code"]: (t["stated"], t["reported_sum"])
        for t in out["totals"]
        if t["where"].startswith("reported.other[0]") and t["code"] in ("A", "B", "C")
    }
    assert narrative == {"A": (33, 32), "B": (17, 15), "C": (44, 48)}
    differing = {s["code"] for s in out["scores"] if not s["agrees"]}
    assert differing == {"B13", "C105", "A31", "C32"}  # A31, C32: scores the rule cannot give
    values = {(v["where"], v["code"]): v["agrees"] for v in out["values"]}
    assert values["reported.other[1].values.C25", "C25"] is False  # 99.5 printed, 99.58


# --------------------------------------------------------------------------- the survey


def test_survey_value_99_58(fw: perfscore.Framework, record: Record) -> None:
    survey = parse_survey(record.values["受益人群满意度问卷"])
    assert survey.total_points == 4780  # 附件4 问卷总分
    assert survey.valid == 48
    assert survey.maximum == 100
    assert round_half_up(survey.value, 2) == Decimal("99.58")  # the report prints 99.5
    result = fw.evaluate(record)
    assert result["C25"].value == survey.value
    assert result["C25"].score == 5
