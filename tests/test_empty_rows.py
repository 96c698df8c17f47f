"""A rows block the data leave empty: allowed when the indicator carries no points (it scores 0,
saying why, in every output), refused when it carries some."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from perfscore import DataError, load_framework, reconcile
from perfscore.engine.scoring import score
from perfscore.explain import explain_text
from perfscore.records import Record

FRAMEWORK = Path(__file__).resolve().parent / "fixtures" / "empty-rows.yaml"
ROWS = [{"name": "人数", "target": "10人", "actual": "10人", "weight": 10}]


def _record(satisfaction: list[object]) -> Record:
    return Record(
        {"产出指标": ROWS, "满意度指标": satisfaction},
        reported={"total": 10, "scores": {"A.1": 10, "D": 0}},
        file="record.yaml",
    )


@pytest.mark.parametrize("rows", [[], [{"name": "无", "target": "无", "actual": "无"}]])
def test_an_empty_block_without_points_scores_0(rows: list[object]) -> None:
    fw = load_framework(FRAMEWORK)
    result = fw.evaluate(_record(rows))
    assert result.total == Decimal("10.00")
    assert score(fw, _record(rows)).total == result.total  # without a trace, as batches score
    empty = result["D"]
    assert empty.score == 0 and empty.children == []
    assert empty.trace is not None and "未列出三级指标" in empty.trace.reasons[0]
    assert "满意度指标得分0分（满分0分）" in explain_text(result)
    rec = reconcile(fw, _record(rows))
    assert rec.agrees, [d.message for d in rec.differences]
    assert [s.code for s in rec.scores] == ["A.1", "D"]


def test_an_empty_block_with_points_is_still_refused() -> None:
    fw = load_framework(FRAMEWORK)
    record = Record({"产出指标": [], "满意度指标": []}, file="record.yaml")
    with pytest.raises(DataError) as caught:
        fw.evaluate(record)
    assert (caught.value.path, caught.value.field) == ("A", "产出指标")
    assert "lists no row to score" in caught.value.message
