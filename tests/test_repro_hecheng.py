"""Reproduction of 004 (鹤城区社会保险服务中心 2020): the department self-evaluation (附件1 with
department-common) and the project common framework (附件4-1 with project-common)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import perfscore
from perfscore.numbers import ZERO, round_half_up

ROOT = Path(__file__).resolve().parent.parent
DEPARTMENT = ROOT / "examples" / "hecheng-2020.yaml"
PROJECT = ROOT / "examples" / "hecheng-2020-project-common.yaml"


# --------------------------------------------------------------------------- 附件1


def test_department_98_from_self_scores_99_recomputed() -> None:
    record = perfscore.load_record(DEPARTMENT)
    stated = record.reported["scores"]
    assert sum((Decimal(str(v)) for v in stated.values()), ZERO) == 98 == record.reported["total"]
    result = perfscore.load_framework("department-common").evaluate(record)
    assert result.total == 99


def test_department_reconcile_names_b16() -> None:
    rec = perfscore.reconcile("department-common", DEPARTMENT)
    scores = [d for d in rec.differences if d.kind == "score"]
    assert [(d.code, d.stated, d.expected) for d in scores] == [("B16", "2", "3")]
    (b16,) = [s for s in rec.scores if s.code == "B16"]
    assert round_half_up(b16.value, 2) == Decimal("90.02")
    assert "90.02%" in scores[0].message
    (total,) = rec.totals
    assert (total.stated, total.reported_sum, total.recomputed) == (98, 98, 99)
    assert not rec.agrees


# --------------------------------------------------------------------------- 附件4-1


def test_project_framework_as_written_with_its_errors() -> None:
    fw = perfscore.load_framework("project-common")
    assert [(r.name, r.weight) for r in fw.indicators] == [
        ("决策", 10), ("过程", 20), ("产出", 40), ("效益", 30)
    ]  # fmt: skip
    found = {(f.code, f.check) for f in fw.findings if f.level == "error"}
    assert {("B1", "weights"), ("D1", "weights"), ("D", "weights")} <= found
    assert {("C31", "rule-below-weight"), ("D11", "rule-below-weight")} <= found
    assert fw["B12"].name == "预算执行率" and fw["B12"].weight == 3


def test_project_self_scores_add_to_95_against_a_stated_98() -> None:
    record = perfscore.load_record(PROJECT)
    fw = perfscore.load_framework("project-common")
    scores = record.reported["scores"]
    assert set(scores) == {leaf.code for leaf in fw.leaves()}
    assert sum((Decimal(str(v)) for v in scores.values()), ZERO) == 95
    assert record.reported["total"] == 98
    rec = perfscore.reconcile(fw, record)
    (total,) = rec.totals
    assert (total.stated, total.reported_sum) == (98, 95)
    sums = [d for d in rec.differences if d.kind == "sum"]
    assert [(d.code, d.stated, d.expected) for d in sums] == [(None, "98", "95")]


def test_project_reconcile_explains_each_self_score_the_rules_do_not_support() -> None:
    rec = perfscore.reconcile("project-common", PROJECT)
    found = {(d.code, d.kind, d.stated, d.expected) for d in rec.differences if d.code}
    assert ("B12", "score", "2", "3") in found  # 66万元 spent of 66万元 arrived: 100%
    assert ("B21", "possible", "4", "5、2、0") in found  # 每缺一项扣3分 in 5 points
    assert ("C31", "score", "10", "5") in found  # the rule gives at most 5
    assert ("C41", "score", "10", "0") in found  # 成本节约率 0% against "100%计满分"
    assert ("D11", "possible", "20", "0–5") in found
    assert rec.result.total == 81
