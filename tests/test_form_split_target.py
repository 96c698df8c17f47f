"""A rows sheet that splits the 年度指标值 over 指标性质, 指标值 and 度量单位 (issue 12 item 2), as
many provinces' 自评表 do: the form lays the three columns out when the framework says so
(`rows.columns: split`) or the record it is filled from gives a row's nature or unit, and the
filled form reads back exactly the rows it was filled with — the same cells, the same scores."""

from __future__ import annotations

import io
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import perfscore
from perfscore.errors import FrameworkError
from perfscore.forms.layout import ROWS_HEADERS, rows_headers
from perfscore.forms.writer import write_form
from perfscore.readers import read_xlsx
from perfscore.records import Record

ROOT = Path(__file__).resolve().parent.parent
FW = perfscore.load_framework("project-self-evaluation")
SPLIT_HEADERS = rows_headers(True)[0]
BASE = {"全年预算数": "100万元", "全年执行数": "100万元"}
#: rows as a split table writes them (docs/project-self-evaluation.md, 表的列)
ROWS = [
    {"group": "数量指标", "name": "培训人数", "nature": "≥", "target": "50", "unit": "人",
     "actual": "45", "weight": Decimal(20)},
    {"group": "质量指标", "name": "合格率", "nature": "＞", "target": "90", "unit": "百分比",
     "actual": "95", "weight": Decimal(10)},
    {"group": "时效指标", "name": "完成时间", "nature": "定性", "target": "及时",
     "actual": "按时完成", "level": "达成", "weight": Decimal(10)},
    {"group": "成本指标", "name": "成本", "nature": "≦", "target": "100", "unit": "万元",
     "actual": "110万元", "weight": Decimal(10)},
]  # fmt: skip
SATISFACTION = [
    {"group": "服务对象满意度指标", "name": "满意度", "target": "≥90%", "actual": "95%",
     "weight": Decimal(10)}
]  # fmt: skip
BENEFIT = [
    {"group": "社会效益指标", "name": "受益人数", "target": "≥1000人", "actual": "1200人",
     "weight": Decimal(30)}
]  # fmt: skip


def _record(rows: list[dict[str, Any]]) -> Record:
    values = {**BASE, "产出指标": rows, "效益指标": BENEFIT, "满意度指标": SATISFACTION}
    return Record(values=values, id="split")


def _round_trip(fw: perfscore.Framework, record: Record | None) -> tuple[Any, Record]:
    data = write_form(fw, record)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "form.xlsx")
        path.write_bytes(data)
        return openpyxl.load_workbook(io.BytesIO(data)), read_xlsx(path)


def _header(ws: Any) -> list[Any]:
    row = next(r for r in range(1, 20) if ws.cell(row=r, column=1).value == "二级指标")
    return [c.value for c in ws[row]]


def test_rows_with_nature_and_unit_read_back_exactly() -> None:
    record = _record(ROWS)
    wb, back = _round_trip(FW, record)
    assert _header(wb["产出指标"]) == list(SPLIT_HEADERS)
    assert _header(wb["效益指标"]) == list(ROWS_HEADERS)  # its rows give no nature or unit
    codes = {"B1.1", "B2.1", "B3.1", "B4.1"}
    assert [
        {k: v for k, v in row.items() if k != "code"} for row in back.values["产出指标"]
    ] == ROWS
    assert {row["code"] for row in back.values["产出指标"]} == codes  # as the engine numbers them
    result, expected = FW.evaluate(back), FW.evaluate(record)
    assert result.total == expected.total == Decimal("97.09")  # tests/cases/test_project_rows.yaml
    assert [n.score for n in result.walk()] == [n.score for n in expected.walk()]


@settings(max_examples=25, deadline=None)
@given(
    natures=st.lists(st.sampled_from(["≥", "≤", "=", "＞", "＜", "≧", "═", None]), min_size=1,
                     max_size=5),
    units=st.lists(st.sampled_from(["人", "个", "百分比", "万元", "%", None]), min_size=5,
                   max_size=5),
    targets=st.lists(st.integers(1, 10_000), min_size=5, max_size=5),
)  # fmt: skip
def test_any_split_rows_read_back_as_written(
    natures: list[str | None], units: list[str | None], targets: list[int]
) -> None:
    rows = []
    for i, nature in enumerate(natures):
        row: dict[str, Any] = {"group": "数量指标", "name": f"指标{i}", "target": str(targets[i]),
                               "actual": str(targets[i] + i), "weight": Decimal(10)}  # fmt: skip
        if nature is not None:
            row["nature"] = nature
        if units[i] is not None:
            row["unit"] = units[i]
        rows.append(row)
    if all("nature" not in r and "unit" not in r for r in rows):
        rows[0]["unit"] = "个"
    _, back = _round_trip(FW, _record(rows))
    assert [{k: v for k, v in r.items() if k != "code"} for r in back.values["产出指标"]] == rows


def _declaring(columns: str) -> perfscore.Framework:
    text = (ROOT / "perfscore" / "frameworks" / "project-self-evaluation.yaml").read_text("utf-8")
    text = text.replace(
        "      not_applicable: rescale",
        f"      not_applicable: rescale\n      columns: {columns}",
        1,
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "split.yaml")
        path.write_text(text, encoding="utf-8")
        return perfscore.load_framework(str(path))


def test_a_framework_declaring_split_columns_lays_them_out_empty() -> None:
    fw = _declaring("split")
    wb, _ = _round_trip(fw, None)
    first = next(n for n in fw.walk() if n.rows is not None)
    assert first.rows is not None and first.rows.columns == "split"
    assert _header(wb[first.rows.source]) == list(SPLIT_HEADERS)
    for name in ("效益指标", "满意度指标"):
        assert _header(wb[name]) == list(ROWS_HEADERS)  # declared for 产出指标 only
    ws = wb[first.rows.source]
    head = next(r for r in range(1, 20) if ws.cell(row=r, column=1).value == "二级指标")
    nature = SPLIT_HEADERS.index("指标性质") + 1
    ws.cell(row=head + 1, column=SPLIT_HEADERS.index("三级指标") + 1, value="培训人数")
    ws.cell(row=head + 1, column=nature, value="≥")
    ws.cell(row=head + 1, column=nature + 1, value="50")
    ws.cell(row=head + 1, column=nature + 2, value="人")
    ws.cell(row=head + 1, column=SPLIT_HEADERS.index("实际完成值") + 1, value="50")
    ws.cell(row=head + 1, column=SPLIT_HEADERS.index("分值") + 1, value=50)
    buffer = io.BytesIO()
    wb.save(buffer)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "filled.xlsx")
        path.write_bytes(buffer.getvalue())
        row = read_xlsx(path).values["产出指标"][0]
    assert (row["nature"], row["target"], row["unit"], row["actual"]) == ("≥", "50", "人", "50")
    with pytest.raises(FrameworkError, match=r"rows\.columns"):
        _declaring("three")
