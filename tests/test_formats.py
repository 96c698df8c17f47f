"""The 评分表 formats: xlsx (merged cells, native charts), html (self-contained), csv, md."""

from __future__ import annotations

import csv
import io
import re
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

import perfscore
from perfscore.cli import main
from perfscore.render import FORMATS
from perfscore.result import Result

# These tests check the English wording of perfscore's messages (tests/test_i18n.py checks
# the Chinese, the default).
pytestmark = pytest.mark.usefixtures("english")

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def result() -> Result:
    fw = perfscore.load_framework("department-common")
    return fw.evaluate(perfscore.load_record(ROOT / "examples" / "hecheng-2020.yaml"))


def _xlsx(result: Result) -> bytes:
    data = FORMATS["xlsx"](result)
    assert isinstance(data, bytes)
    return data


def test_xlsx_scoring_sheet_merges_parents_over_their_leaves(result: Result) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(_xlsx(result)))
    assert wb.sheetnames[:3] == ["评分表", "得分图表", "评分说明"]
    ws = wb["评分表"]
    header = [c.value for c in ws[3]]
    assert header[:9] == [
        "一级指标",
        "二级指标",
        "三级指标",
        "指标分值",
        "自评分",  # the record's report states scores: they stand beside 得分
        "得分",
        "指标解释",
        "指标评分细则",
        "数据来源",
    ]
    assert {"计算值", "得分说明"} <= set(header)
    merged = {str(r) for r in ws.merged_cells.ranges}
    # 投入 has five leaves (A11 A12 A21 A22 A23) in rows 4-8; 目标设定 two; 预算配置 three
    assert {"A4:A8", "B4:B5", "B6:B8"} <= merged
    assert ws["A4"].value == "A 投入（20分）"
    assert ws["B6"].value == "A2 预算配置（6分）"
    # every leaf row: its score as a number, equal to the result's
    col = {name: i for i, name in enumerate(header)}
    leaves = list(result.leaves())
    for i, leaf in enumerate(leaves):
        row = [c.value for c in ws[4 + i]]
        assert row[col["三级指标"]] == f"{leaf.code} {leaf.name}"
        assert Decimal(str(row[col["得分"]])) == leaf.score
        assert Decimal(str(row[col["指标分值"]])) == leaf.weight
        assert Decimal(str(row[col["自评分"]])) == result.stated[leaf.code]
        assert row[col["数据来源"]]  # the framework's, a parent's, or where the score comes from
    total = [c.value for c in ws[4 + len(leaves)]]
    assert total[0] == "合计" and Decimal(str(total[col["得分"]])) == result.total
    assert Decimal(str(total[col["自评分"]])) == result.stated_total == Decimal(98)
    b16 = [c.value for c in ws[4 + [leaf.code for leaf in leaves].index("B16")]]
    assert b16[col["计算值"]] == "90.02%"
    assert "=77.98/86.63×100%=90.02%" in b16[col["得分说明"]]


def test_xlsx_has_native_bar_charts_of_earned_and_maximum(result: Result) -> None:
    data = _xlsx(result)
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    charts = sorted(n for n in names if re.fullmatch(r"xl/charts/chart\d+\.xml", n))
    assert len(charts) == 2  # 一级 and 二级
    xml = zipfile.ZipFile(io.BytesIO(data)).read(charts[0]).decode()
    assert re.search(r"<(c:)?barChart>", xml) and len(re.findall(r"<(?:c:)?ser>", xml)) == 2
    assert re.search(r'<(c:)?barDir val="bar"', xml)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb["得分图表"]
    assert len(ws._charts) == 2
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    level1 = [r for r in rows if r[0] == "一级指标"]
    assert [(r[1], Decimal(str(r[3])), Decimal(str(r[4]))) for r in level1] == [
        (node.code, node.weight, node.score) for node in result.indicators
    ]


def test_xlsx_keeps_text_that_looks_like_a_formula(result: Result) -> None:
    leaf = next(result.leaves())
    assert leaf.trace is not None
    object.__setattr__(leaf.trace, "criteria", "=100%得2分")
    try:
        wb = openpyxl.load_workbook(io.BytesIO(_xlsx(result)))
    finally:
        object.__setattr__(leaf.trace, "criteria", "每项指标评价要点加2分。")
    cell = wb["评分表"]["H4"]  # 指标评分细则 (自评分 is column E)
    assert cell.value == "=100%得2分" and cell.data_type == "s"


def test_html_is_one_self_contained_page(result: Result) -> None:
    page = FORMATS["html"](result)
    assert isinstance(page, str)
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"https?://", page)
    assert not re.search(r"<(script|link|img|iframe)\b", page)
    assert "<style>" in page and "<svg" in page
    for leaf in result.leaves():
        assert f"{leaf.code} {leaf.name}" in page
    assert 'rowspan="5"' in page  # 投入 over its five leaves
    # the chart has a bar for the earned points of every 一级 and 二级 indicator
    assert page.count('class="got"') == 4 + 7 + 1  # + the legend


def test_csv_has_a_row_per_indicator_with_exact_scores(result: Result) -> None:
    text = FORMATS["csv"](result)
    assert isinstance(text, str) and text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    by_code = {r["代码"]: r for r in rows if r["代码"]}
    assert set(by_code) == {node.code for node in result.walk()}
    for node in result.walk():
        assert Decimal(by_code[node.code]["得分"]) == node.score
    assert by_code["B16"]["计算值"] == "90.02" and by_code["B16"]["单位"] == "%"
    assert by_code["B11"]["得分来源"] == "外部提供"
    assert rows[-1]["一级指标"] == "合计" and Decimal(rows[-1]["得分"]) == result.total


def test_md_table_has_the_report_columns(result: Result) -> None:
    text = FORMATS["md"](result)
    assert isinstance(text, str)
    assert "| 一级指标 | 二级指标 | 三级指标 | 分值 | 得分 | 评分细则 | 扣分说明 |" in text
    assert "| B 过程（40分） | B1 预算执行（26分） | B11 预算执行率 | 5 | 5 |" in text
    assert "| 合计 |  |  | 100 | 99 |  |  |" in text


def test_binary_format_needs_an_output_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = str(ROOT / "examples" / "hecheng-2020.yaml")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)  # not to a terminal; a pipe is fine
    assert main(["score", "department-common", data, "-f", "xlsx"]) == 2
    monkeypatch.undo()
    assert "give -o FILE" in capsys.readouterr().err
    out = tmp_path / "评分表.xlsx"
    assert main(["score", "department-common", data, "-f", "xlsx", "-o", str(out)]) == 0
    assert openpyxl.load_workbook(out)["评分表"]["A4"].value == "A 投入（20分）"
    page = tmp_path / "评分表.html"
    assert main(["score", "department-common", data, "-f", "html", "-o", str(page)]) == 0
    assert "<svg" in page.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "example", sorted((ROOT / "examples").glob("*.yaml")), ids=lambda p: p.stem
)
def test_every_format_renders_every_example(example: Path) -> None:
    record = perfscore.load_record(example)
    fw = perfscore.load_framework(record.framework or "department-common")
    result = fw.evaluate(record)
    for name, render in FORMATS.items():
        out = render(result)
        assert out, name
    wb = openpyxl.load_workbook(io.BytesIO(_xlsx(result)))
    ws = wb["评分表"]
    # each 一级 indicator's label heads its group
    labels = {ws.cell(row=r, column=1).value for r in range(4, ws.max_row + 1)}
    assert {
        f"{root.code} {root.name}（{perfscore.numbers.plain(root.weight)}分）"
        for root in result.indicators
        if root.children
    } <= labels


def test_stated_scores_are_read_as_reconcile_reads_them() -> None:
    """自评分 come from `reported.scores` (rows' codes included); one that cannot be read is a
    warning and no 自评分 column, never a refusal to score: the report does not change scores."""
    fw = perfscore.load_framework("project-self-evaluation")
    record = perfscore.load_record(ROOT / "examples" / "hecheng-2020-project-1.yaml")
    result = fw.evaluate(record)
    stated = record.reported["scores"]
    assert result.stated == {code: Decimal(str(v)) for code, v in stated.items()}
    assert "B1.1" in result.stated  # a row listed in the data
    bad = perfscore.Record(values=record.values, reported={"scores": {"A": "很多"}}, id="x")
    damaged = fw.evaluate(bad)
    assert damaged.stated == {} and damaged.total == result.total
    assert any(f.check == "reported" and "reported.scores.A" in f.message for f in damaged.findings)
    sheet = openpyxl.load_workbook(io.BytesIO(_xlsx(damaged)))["评分表"]
    assert "自评分" not in [c.value for c in sheet[3]]
