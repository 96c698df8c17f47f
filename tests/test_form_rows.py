"""Project self-evaluation rows (项目支出自评表) on the input form: an empty template, filled in by
hand (here by openpyxl) with the rows an example lists, scores as the YAML example does."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import perfscore
from perfscore.cli import main
from perfscore.errors import DataError
from perfscore.forms.layout import ROWS_HEADERS
from perfscore.forms.writer import write_form
from perfscore.readers import read_xlsx

pytestmark = pytest.mark.usefixtures("english")  # it checks the English wording of errors

ROOT = Path(__file__).resolve().parent.parent
FW = perfscore.load_framework("project-self-evaluation")
ROWS_NODES = [node for node in FW.leaves() if node.rows is not None]
COLUMN = {name: i for i, name in enumerate(ROWS_HEADERS, 1)}
KEYS = {"group": "二级指标", "name": "三级指标", "target": "年度指标值", "actual": "实际完成值",
        "weight": "分值", "level": "达成程度", "share": "得分比例", "note": "说明"}  # fmt: skip


def _example(name: str) -> perfscore.Record:
    return perfscore.load_record(ROOT / "examples" / f"{name}.yaml")


def _header_row(ws: Any, first: str) -> int:
    for r in range(1, 20):
        if ws.cell(row=r, column=1).value == first:
            return r
    raise AssertionError(f"no header {first!r} on {ws.title}")


def fill_in(record: perfscore.Record, target: Path, form: bytes | None = None) -> None:
    """What an evaluator does with an empty form: type the base data, then copy the project's
    自评表 into the rows sheets line by line — one line per indicator, the 分值 cell merged over
    the lines of indicators that share one 分值 (as the 自评表 itself does)."""
    wb = openpyxl.load_workbook(io.BytesIO(form or write_form(FW)))
    ws = wb["基础数据"]
    top = _header_row(ws, "字段")
    ws.cell(row=2, column=3, value=record.id)
    for r in range(top + 1, ws.max_row + 1):
        name = ws.cell(row=r, column=1).value
        if name in record.values:
            ws.cell(row=r, column=3, value=record.values[name])
    for node in ROWS_NODES:
        assert node.rows is not None
        ws = wb[node.rows.source]
        head = _header_row(ws, "二级指标")
        for r in range(head + 1, ws.max_row + 1):  # the lines the form offers: start afresh
            for c in range(1, len(ROWS_HEADERS) + 1):
                ws.cell(row=r, column=c).value = None
        r = head
        for row in record.values[node.rows.source]:
            lines = row.get("items") or [row]
            first = r + 1
            for i, line in enumerate(lines):
                r += 1
                ws.cell(row=r, column=COLUMN["二级指标"], value=row["group"])
                for key, header in KEYS.items():
                    source = (
                        row if key in ("group", "weight") or (key == "note" and i == 0) else line
                    )
                    if key in source and not (key == "weight" and i > 0):
                        value = source[key]
                        ws.cell(row=r, column=COLUMN[header], value=value)
            if r > first:  # several indicators under one 分值: merge the cell, as the table does
                col = COLUMN["分值"]
                ws.merge_cells(start_row=first, start_column=col, end_row=r, end_column=col)
    wb.save(target)


def _comparable(result: perfscore.Result) -> dict[str, Any]:
    data = result.to_dict()
    data.pop("record", None)
    data["findings"] = [{**f, "file": None} for f in data["findings"]]
    return data


@pytest.mark.parametrize(
    ("example", "total"),
    [("hecheng-2020-project-1", "100"), ("hecheng-2020-project-2", "100"),
     ("linxiang-2022", "99.83")],
)  # fmt: skip
def test_hand_filled_template_scores_as_the_yaml(example: str, total: str, tmp_path: Path) -> None:
    record = _example(example)
    path = tmp_path / "基础数据.xlsx"
    fill_in(record, path)
    back = read_xlsx(path)
    assert back.id == example
    result = FW.evaluate(back)
    assert result.total == Decimal(total) == FW.evaluate(record).total
    assert _comparable(result) == _comparable(FW.evaluate(record))


def test_hecheng_project_rows_as_read(tmp_path: Path) -> None:
    path = tmp_path / "form.xlsx"
    fill_in(_example("hecheng-2020-project-1"), path)
    rows = read_xlsx(path).values["产出指标"]
    assert rows[0] == {
        "group": "数量指标",
        "weight": Decimal(10),
        "items": [
            {"name": "企业养老发放人数", "target": "1--1.2万人", "actual": "1.1万人"},
            {"name": "机关养老发放人数", "target": "0.3--0.4万人", "actual": "0.37万人"},
            {"name": "城乡养老发放人数", "target": "2.4--2.5万人", "actual": "2.47万人"},
        ],
        "note": "分值、得分写在三行中的第一行（合并单元格）",
    }
    assert rows[1] == {"group": "质量指标", "name": "参保人服务率", "target": "100%",
                       "actual": "100%", "weight": Decimal(10)}  # fmt: skip
    assert rows[2] == {"group": "质量指标", "name": "……"}  # a placeholder: skipped, with a finding


def test_the_empty_form_has_a_sheet_per_rows_node() -> None:
    wb = openpyxl.load_workbook(io.BytesIO(write_form(FW)))
    assert wb.sheetnames == ["基础数据", "评价输入", "产出指标", "效益指标", "满意度指标", "得分",
                             "填写说明"]  # fmt: skip
    for node in ROWS_NODES:
        assert node.rows is not None
        ws = wb[node.rows.source]
        head = _header_row(ws, "二级指标")
        assert [c.value for c in ws[head]] == list(ROWS_HEADERS)
        assert ws.cell(row=head - 1, column=2).value == node.rows.source  # 数据项
        lines = [(ws.cell(row=r, column=1).value, ws.cell(row=r, column=COLUMN["代码"]).value)
                 for r in range(head + 1, ws.max_row + 1)]  # fmt: skip
        assert [g for g, _ in lines[::3]] == [group.name for group in node.rows.groups]
        first = node.rows.groups[0]
        assert lines[:2] == [(first.name, f"{first.code}.1"), (first.name, f"{first.code}.2")]
    # the lines an empty form offers are not rows: read back, no row is listed yet, and the
    # engine says so naming the sheet
    empty = _read_bytes(write_form(FW))
    assert not {node.rows.source for node in ROWS_NODES if node.rows} & set(empty.values)
    empty.values.update({"年初预算数": 1, "全年预算数": 1, "全年执行数": 1})
    with pytest.raises(DataError, match=r"产出指标!B3: B: 产出指标: missing input '产出指标'"):
        FW.evaluate(empty)


def _read_bytes(data: bytes) -> perfscore.Record:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "form.xlsx")
        path.write_bytes(data)
        return read_xlsx(path)


def _line(ws: Any, text: str) -> int:
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=2).value == text)


def test_a_bad_cell_is_named_by_sheet_and_cell(tmp_path: Path) -> None:
    path = tmp_path / "form.xlsx"
    fill_in(_example("hecheng-2020-project-1"), path)
    wb = openpyxl.load_workbook(path)
    ws = wb["产出指标"]
    r = _line(ws, "参保人服务率")
    ws.cell(row=r, column=COLUMN["实际完成值"], value="很多")
    wb.save(path)
    with pytest.raises(DataError) as err:
        FW.evaluate(read_xlsx(path))
    assert str(err.value).startswith(f"{path}: 产出指标!D{r}: B2.1: 产出指标[1].actual: ")
    ws.cell(row=r, column=COLUMN["实际完成值"], value="100%")
    ws.cell(row=r, column=COLUMN["分值"], value="十分")
    wb.save(path)
    with pytest.raises(DataError, match=rf"产出指标!E{r}: B: .*expected a number, got '十分'"):
        FW.evaluate(read_xlsx(path))
    # an item of a merged 分值: the item's own cell
    ws.cell(row=r, column=COLUMN["分值"], value=10)
    r = _line(ws, "机关养老发放人数")
    ws.cell(row=r, column=COLUMN["实际完成值"], value="0.37万吨")
    wb.save(path)
    with pytest.raises(DataError, match=rf"产出指标!D{r}: B1.1: 产出指标\[0\]\.items\[1\]\.actual"):
        FW.evaluate(read_xlsx(path))


def test_merged_lines_of_two_groups_and_a_reported_score_without_code(tmp_path: Path) -> None:
    path = tmp_path / "form.xlsx"
    fill_in(_example("hecheng-2020-project-1"), path)
    wb = openpyxl.load_workbook(path)
    ws = wb["产出指标"]
    r = _line(ws, "城乡养老发放人数")
    ws.cell(row=r, column=1, value="质量指标")
    wb.save(path)
    with pytest.raises(DataError, match=rf"产出指标!A{r}: 产出指标\[0\]: .*share one 二级指标"):
        read_xlsx(path)
    ws.cell(row=r, column=1, value="数量指标")
    r = _line(ws, "参保人服务率")
    ws.cell(row=r, column=COLUMN["报告得分"], value=10)
    wb.save(path)
    with pytest.raises(DataError, match=rf"产出指标!I{r}: .*needs the row's 代码"):
        read_xlsx(path)
    ws.cell(row=r, column=COLUMN["代码"], value="B2.1")
    wb.save(path)
    assert read_xlsx(path).reported["scores"] == {"B2.1": 10}


def test_excel_numbers_and_a_renamed_sheet(tmp_path: Path) -> None:
    """Excel turns a typed "100%" into 1 shown as a percentage, and "10" into a number; a user
    may rename the sheet (the 数据项 cell says which rows it holds)."""
    path = tmp_path / "form.xlsx"
    fill_in(_example("hecheng-2020-project-1"), path)
    wb = openpyxl.load_workbook(path)
    ws = wb["产出指标"]
    r = _line(ws, "参保人服务率")
    for header in ("年度指标值", "实际完成值"):
        cell = ws.cell(row=r, column=COLUMN[header], value=1.0)
        cell.number_format = "0%"
    ws.title = "产出"
    wb.save(path)
    back = read_xlsx(path)
    assert back.values["产出指标"][1]["actual"] == "100%"
    assert FW.evaluate(back).total == 100


def test_external_score_for_a_rows_node_is_refused(tmp_path: Path) -> None:
    """The rows of 产出指标 are scored, not 产出指标 itself: the form marks it 汇总."""
    path = tmp_path / "form.xlsx"
    fill_in(_example("hecheng-2020-project-1"), path)
    wb = openpyxl.load_workbook(path)
    ws = wb["得分"]
    r = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == "B")
    assert ws.cell(row=r, column=6).value == "汇总"
    ws.cell(row=r, column=3, value=50)
    wb.save(path)
    with pytest.raises(DataError, match=r"得分!C\d+: B: an external score can only be given"):
        read_xlsx(path)


def test_template_from_yaml_then_reconcile(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The form prefilled from the YAML carries the rows and the report's row scores (with the
    codes the engine gives the rows), so that reconcile says what it says on the YAML."""
    data = ROOT / "examples" / "hecheng-2020-project-1.yaml"
    form = tmp_path / "form.xlsx"
    assert main(["template", "project-self-evaluation", "-o", str(form), "--from", str(data)]) == 0
    capsys.readouterr()
    codes = main(["reconcile", "project-self-evaluation", str(data), "-f", "json"])
    from_yaml = capsys.readouterr().out
    assert main(["reconcile", "project-self-evaluation", str(form), "-f", "json"]) == codes
    from_form = capsys.readouterr().out
    assert '"reported": 15' in from_form and "C4.1" in from_form
    assert _same_reconcile(from_form, from_yaml)


def _same_reconcile(a: str, b: str) -> bool:
    import json

    def strip(x: Any) -> Any:
        if isinstance(x, dict):
            return {k: strip(v) for k, v in x.items() if k not in ("file", "record")}
        if isinstance(x, list):
            return [strip(v) for v in x]
        return x

    return bool(strip(json.loads(a)) == strip(json.loads(b)))
