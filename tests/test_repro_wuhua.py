"""Reproduction of 002 (五华县社会保险基金管理局 2023, 整体支出绩效自评, total 97)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import perfscore
from perfscore.numbers import ZERO, round_half_up

ROOT = Path(__file__).resolve().parent.parent
FRAMEWORK = ROOT / "perfscore" / "frameworks" / "wuhua-2023.yaml"
RECORD = ROOT / "examples" / "wuhua-2023.yaml"


def test_framework_has_the_reports_25_indicators_in_its_groups() -> None:
    fw = perfscore.load_framework(FRAMEWORK)
    assert len(list(fw.leaves())) == 25
    groups = [(root.name, root.weight) for root in fw.indicators]
    assert groups == [("预算编制情况", 28), ("预算执行情况", 42), ("预算使用效益", 30)]
    assert [c.name for c in fw["B"].children] == [
        "资金管理",
        "项目管理",
        "资产管理",
        "人员管理",
        "制度管理",
    ]
    assert [c.name for c in fw["C"].children] == ["经济性", "效率性", "效果性", "公平性"]
    assert not [f for f in fw.findings if f.level == "error"]


def test_total_97_from_its_25_scores() -> None:
    fw = perfscore.load_framework(FRAMEWORK)
    record = perfscore.load_record(RECORD)
    scores = record.reported["scores"]
    assert set(scores) == {leaf.code for leaf in fw.leaves()}
    assert sum((Decimal(str(v)) for v in scores.values()), ZERO) == 97 == record.reported["total"]
    result = fw.evaluate(record)
    assert result.total == 97 and result.grade == "优"
    for code, score in scores.items():
        assert result[code].score == Decimal(str(score)), code


def test_fiscal_revenue_deviation_is_minus_0_99_percent_costing_half_a_point() -> None:
    result = perfscore.load_framework(FRAMEWORK).evaluate(perfscore.load_record(RECORD))
    a13 = result["A13"]
    assert a13.name == "财政拨款收入预决算差异率"
    assert round_half_up(a13.value, 2) == Decimal("-0.99")
    assert a13.weight - a13.score == Decimal("0.5")
    assert a13.score == Decimal("3.5")


def test_carry_over_rate_is_0_28_percent_not_1_percent() -> None:
    rec = perfscore.reconcile(FRAMEWORK, RECORD)
    b12 = rec.result["B12"]
    assert b12.name == "结转结余率"
    assert round_half_up(b12.value, 2) == Decimal("0.28") and b12.score == 4
    (check,) = [v for v in rec.values if v.code == "B12"]
    assert check.stated_text == "1%" and check.agrees is False
    (diff,) = [d for d in rec.differences if d.code == "B12"]
    assert (diff.kind, diff.stated, diff.expected) == ("value", "1%", "0.28%")


def test_reconcile_finds_only_the_two_miscomputed_rates() -> None:
    rec = perfscore.reconcile(FRAMEWORK, RECORD)
    assert sorted((d.kind, d.code) for d in rec.differences) == [("value", "A13"), ("value", "B12")]
    assert all(s.agrees for s in rec.scores) and all(t.agrees for t in rec.totals)
    (a13,) = [d for d in rec.differences if d.code == "A13"]
    assert a13.expected == "-0.99%" and "符号相反" in a13.message
