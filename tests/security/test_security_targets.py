"""Target and actual cells of 项目支出自评表 rows are bounded like every other input: a huge cell
or a huge figure is a DataError naming the row and field, with a short message."""

from __future__ import annotations

import copy

import pytest

import perfscore

pytestmark = pytest.mark.usefixtures("english")

HUGE_CELLS = [
    pytest.param("9" * 5000 + "万元", "5002 characters", id="5000-digit-figure"),
    pytest.param("x" * 300 + "1", "301 characters", id="long-text"),
    pytest.param("1" * 30 + "--" + "2" * 30 + "万元", "in size", id="range-beyond-1E18"),
]


@pytest.mark.parametrize(("cell", "fragment"), HUGE_CELLS)
def test_a_huge_actual_is_refused_naming_the_row(cell: str, fragment: str) -> None:
    fw = perfscore.load_framework("project-self-evaluation")
    record = perfscore.load_record("examples/hecheng-2020-project-1.yaml")
    values = copy.deepcopy(record.values)
    row = values["产出指标"][1]
    assert row["name"] == "参保人服务率"
    row["actual"] = cell
    with pytest.raises(perfscore.DataError) as caught:
        fw.evaluate(values)
    err = caught.value
    assert fragment in err.message
    assert "actual" in (err.field or "")
    assert len(str(err)) < 400
