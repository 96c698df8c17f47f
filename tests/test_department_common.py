"""Reproduction of 004 附件1 (鹤城区社会保险服务中心 2020) with department-common."""

from __future__ import annotations

from decimal import Decimal

import perfscore
from perfscore.numbers import ZERO


def test_hecheng_recomputed_total_is_99() -> None:
    fw = perfscore.load_framework("department-common")
    record = perfscore.load_record("examples/hecheng-2020.yaml")
    result = fw.evaluate(record)
    assert result.total == Decimal(99)
    assert result.grade == "优"
    b16 = result["B16"]
    assert round(b16.value, 2) == Decimal("90.02")
    assert b16.score == 3
    assert record.reported["scores"]["B16"] == 2


def test_hecheng_reported_self_scores_add_to_98() -> None:
    record = perfscore.load_record("examples/hecheng-2020.yaml")
    fw = perfscore.load_framework("department-common")
    leaves = {leaf.code for leaf in fw.leaves()}
    scores = record.reported["scores"]
    assert set(scores) == leaves
    assert sum((Decimal(str(v)) for v in scores.values()), ZERO) == Decimal(98)
    assert record.reported["total"] == 98


def test_external_scores_are_marked() -> None:
    fw = perfscore.load_framework("department-common")
    result = fw.evaluate(perfscore.load_record("examples/hecheng-2020.yaml"))
    assert result["B11"].source == "external"
    assert result["A21"].source == "computed"
    assert result["D11"].source == "judgment"


def test_lint_reports_sangong_rule_awarding_5_of_2() -> None:
    fw = perfscore.load_framework("department-common")
    found = [f for f in fw.findings if f.code == "A22"]
    assert [f.check for f in found] == ["rule-exceeds-weight"]
    assert "5" in found[0].message and "2" in found[0].message
