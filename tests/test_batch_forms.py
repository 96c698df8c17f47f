"""`perfscore batch` over filled-in forms: a finance bureau collects one form per unit and scores
the directory. Each form is one record, rows out = forms in, a bad form is an error row naming
the sheet and cell, and --jobs gives the same bytes."""

from __future__ import annotations

import io
import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

import openpyxl
import processes
import pytest
from batch_support import expected_row, names_header, read_csv

import perfscore
from perfscore.batch import plan_inputs, run_batch
from perfscore.cli import main
from perfscore.errors import DataError, UsageError
from perfscore.forms.writer import write_form
from perfscore.readers import read_form

#: these tests start worker or child processes: each has its own bound, below the suite's 300 s
pytestmark = [pytest.mark.timeout(180), pytest.mark.usefixtures("english")]  # English wording

ROOT = Path(__file__).resolve().parent.parent
FW = perfscore.load_framework("department-common")
CODES = [node.code for node in FW.walk()]
HECHENG = perfscore.load_record(ROOT / "examples" / "hecheng-2020.yaml")


def _find(ws: Any, header: str) -> tuple[int, dict[str, int]]:
    for r in range(1, 20):
        names = [ws.cell(row=r, column=c).value for c in range(1, ws.max_column + 1)]
        if header in names:
            return r, {name: c for c, name in enumerate(names, 1) if name}
    raise AssertionError(f"no header {header} on {ws.title}")


def fill_in(record: perfscore.Record, target: Path, rid: str | None = None) -> None:
    """An evaluator fills an empty form (`perfscore template`) with a unit's data."""
    wb = openpyxl.load_workbook(io.BytesIO(write_form(FW)))
    ws = wb["基础数据"]
    top, cols = _find(ws, "字段")
    ws.cell(row=2, column=cols["填写值"], value=rid)
    for r in range(top + 1, ws.max_row + 1):
        name = ws.cell(row=r, column=cols["字段"]).value
        if name in record.values:
            value = record.values[name]
            ws.cell(
                row=r, column=cols["填写值"], value=value if isinstance(value, int) else str(value)
            )
    ws = wb["评价输入"]
    top, cols = _find(ws, "输入")
    for r in range(top + 1, ws.max_row + 1):
        name, item = (
            ws.cell(row=r, column=cols["输入"]).value,
            ws.cell(row=r, column=cols["要点"]).value,
        )
        if name in record.values:
            raw = record.values[name]
            value = ("是" if item in {str(x) for x in raw} else "否") if item else raw
            ws.cell(row=r, column=cols["填写值"], value=value)
    ws = wb["得分"]
    top, cols = _find(ws, "代码")
    for r in range(top + 1, ws.max_row + 1):
        code = ws.cell(row=r, column=cols["代码"]).value
        if code in record.external_scores:
            ws.cell(row=r, column=cols["外部提供得分"], value=record.external_scores[code])
    wb.save(target)


def _set(path: Path, sheet: str, cell: str, value: Any) -> None:
    wb = openpyxl.load_workbook(path)
    wb[sheet][cell] = value
    wb.save(path)


def _record(values: dict[str, Any], rid: str) -> perfscore.Record:
    return perfscore.Record(values=values, external_scores=HECHENG.external_scores, id=rid)


@pytest.fixture
def forms(tmp_path: Path) -> Path:
    """A bureau's folder: 鹤城 as its report states it, and a unit whose 编制数 is 三十七."""
    folder = tmp_path / "表"
    folder.mkdir()
    fill_in(HECHENG, folder / "01-鹤城.xlsx", rid="hecheng-2020")
    fill_in(HECHENG, folder / "02-某单位.xlsx")  # 记录编号 left blank: the file name stands in
    wb = openpyxl.load_workbook(folder / "02-某单位.xlsx")
    assert wb["基础数据"]["A7"].value == "编制数"
    wb.close()
    _set(folder / "02-某单位.xlsx", "基础数据", "C7", "三十七")
    return folder


def test_two_forms_two_rows_the_bad_one_naming_sheet_and_cell(forms: Path, tmp_path: Path) -> None:
    out = tmp_path / "scores.csv"
    summary = run_batch(FW, forms, out)
    assert (summary.records, summary.errors) == (2, 1)
    table = read_csv(out)
    assert table[0] == names_header(FW)
    assert len(table) == 3
    # the good form scores as evaluate() scores the same data, given as YAML
    assert table[1] == expected_row(FW, _record(HECHENG.values, "hecheng-2020"))
    assert table[1][2] == "99.00" and table[1][-1] == ""
    # ... and as evaluate() scores the form itself
    assert table[1] == expected_row(FW, read_form(forms / "01-鹤城.xlsx"))
    bad = table[2]
    assert bad[0] == "02-某单位" and bad[1:-1] == [""] * (len(CODES) + 4)
    assert (
        bad[-1]
        == f"{forms / '02-某单位.xlsx'}: 基础数据!C7: 编制数: expected a number, got '三十七'"
    )


def test_an_engine_error_in_a_form_names_the_cell_too(forms: Path, tmp_path: Path) -> None:
    _set(forms / "02-某单位.xlsx", "基础数据", "C7", None)  # 编制数 left blank: missing
    run_batch(FW, forms, tmp_path / "out.csv")
    error = read_csv(tmp_path / "out.csv")[2][-1]
    assert "02-某单位.xlsx: 基础数据!C7: " in error and "missing base-data field '编制数'" in error


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "xlsx"])
def test_jobs_two_gives_the_same_bytes_as_one(tmp_path: Path, fmt: str) -> None:
    folder = tmp_path / "forms"
    folder.mkdir()
    fill_in(HECHENG, folder / "form-00.xlsx", rid="u00")
    for i in range(1, 19):  # 19 forms: three chunks of forms
        shutil.copy(folder / "form-00.xlsx", folder / f"form-{i:02}.xlsx")
        _set(folder / f"form-{i:02}.xlsx", "基础数据", "C2", f"u{i:02}")
    _set(folder / "form-07.xlsx", "基础数据", "C8", "很多")
    (folder / "form-11.xlsx").write_bytes(b"not a workbook")
    one, two = tmp_path / f"one.{fmt}", tmp_path / f"two.{fmt}"
    run_batch(FW, folder, one, jobs=1)
    summary = run_batch(FW, folder, two, jobs=2)
    assert (summary.records, summary.errors) == (19, 2)
    assert one.read_bytes() == two.read_bytes()
    if fmt == "jsonl":
        lines = [json.loads(line) for line in one.read_text(encoding="utf-8").splitlines()]
        # a form that cannot be read in full still gives its 记录编号; a broken file its name
        ids = ["form-11" if i == 11 else f"u{i:02}" for i in range(19)]
        assert [line["id"] for line in lines] == ids
        assert "基础数据!C8" in lines[7]["error"] and "not a readable .xlsx" in lines[11]["error"]
        assert lines[0]["total"] == 99


def test_forms_and_tables_together_in_order(forms: Path, tmp_path: Path) -> None:
    """Several INPUTs: a table of records (unchanged), a form, a directory — in that order."""
    table = tmp_path / "units.jsonl"
    table.write_text(
        json.dumps(
            {"id": "t1", "values": HECHENG.values, "external_scores": HECHENG.external_scores},
            ensure_ascii=False,
        )
        + "\n{broken\n",
        encoding="utf-8",
    )
    single = tmp_path / "单独.xlsx"
    fill_in(HECHENG, single, rid="single")
    out = tmp_path / "out.csv"
    summary = run_batch(FW, [table, single, forms], out)
    rows = read_csv(out)[1:]
    assert [row[0] for row in rows] == ["t1", "", "single", "hecheng-2020", "02-某单位"]
    assert summary.records == 5 and summary.errors == 2
    assert rows[0][1:] == rows[2][1:] == rows[3][1:]  # the same data, the same scores
    assert rows[0][2] == "99.00"
    assert "not valid JSON" in rows[1][-1]


def test_a_directory_holds_forms_only(forms: Path, tmp_path: Path) -> None:
    """In a directory every file is a form: a table or a .txt there is an error row, Excel's
    lock files and hidden files are left out, and so is the output itself on a second run."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["id", "编制数"])
    sheet.append(["x", 37])
    book.save(forms / "03-一张表.xlsx")
    (forms / "~$01-鹤城.xlsx").write_bytes(b"lock")
    (forms / ".hidden.xlsx").write_bytes(b"")
    (forms / "说明.txt").write_text("not a form", encoding="utf-8")
    out = forms / "scores.csv"
    run_batch(FW, forms, out)
    first = out.read_bytes()
    rows = read_csv(out)[1:]
    assert [row[0] for row in rows] == ["hecheng-2020", "02-某单位", "03-一张表", "说明"]
    assert "not a filled-in form" in rows[2][-1]
    assert "说明.txt: not a form: '.txt' is not read" in rows[3][-1]  # an error row, not dropped
    run_batch(FW, forms, out)  # scores.csv in the folder now: not read as a form
    assert out.read_bytes() == first
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(UsageError, match="holds no file to read"):
        run_batch(FW, empty, tmp_path / "out.csv")


def test_layout_decides_form_or_table(forms: Path, tmp_path: Path) -> None:
    """An .xlsx INPUT is a form when it has the form's sheets — or, renamed, its header rows —
    and a table of records otherwise; a CSV form (template -o x.csv) likewise."""
    renamed = tmp_path / "renamed.xlsx"
    wb = openpyxl.load_workbook(forms / "01-鹤城.xlsx")
    for ws in wb.worksheets:
        ws.title = f"Sheet-{ws.title}"
    wb.save(renamed)
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["id", "编制数"])
    book.save(tmp_path / "table.xlsx")
    csv_form = tmp_path / "form.csv"
    data = str(ROOT / "examples" / "hecheng-2020.yaml")
    assert main(["template", "department-common", "-o", str(csv_form), "--from", data]) == 0
    kinds = [i.kind for i in plan_inputs([renamed, tmp_path / "table.xlsx", csv_form])]
    assert kinds == ["form", "xlsx", "form"]
    run_batch(FW, [renamed, csv_form], tmp_path / "out.csv")
    rows = read_csv(tmp_path / "out.csv")[1:]
    assert [[row[0], row[2]] for row in rows] == [["hecheng-2020", "99.00"]] * 2


def test_a_lone_unreadable_workbook_still_stops_the_batch(tmp_path: Path) -> None:
    """As before for a table: the only INPUT cannot be opened — exit 1, no output."""
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(DataError, match="cannot read the workbook"):
        run_batch(FW, broken, tmp_path / "out.csv")
    assert not (tmp_path / "out.csv").exists()
    kinds = [i.kind for i in plan_inputs([broken, broken])]
    assert kinds == ["form", "form"]  # among several: a form that fails, one error row


def test_project_self_evaluation_forms(tmp_path: Path) -> None:
    """Forms of a framework whose rows are listed in the data (项目支出自评表): the rows sheets
    are read; each form scores as its YAML example."""
    fw = perfscore.load_framework("project-self-evaluation")
    folder = tmp_path / "projects"
    folder.mkdir()
    names = ["hecheng-2020-project-1", "hecheng-2020-project-2", "linxiang-2022"]
    records = [perfscore.load_record(ROOT / "examples" / f"{name}.yaml") for name in names]
    for i, record in enumerate(records):
        (folder / f"{i}.xlsx").write_bytes(write_form(fw, record))
    out = tmp_path / "out.csv"
    run_batch(fw, folder, out, jobs=2)
    rows = read_csv(out)[1:]
    codes = [node.code for node in fw.walk()]
    for row, record in zip(rows, records, strict=True):
        result = fw.evaluate(record)
        assert row[:4] == [record.id, record.title, format(result.total, "f"), result.grade]
        assert row[4:-2] == [format(result[code].score, "f") for code in codes]
    assert [row[2] for row in rows] == ["100.00", "100.00", "99.83"]


def test_the_command_takes_forms(forms: Path, tmp_path: Path) -> None:
    done = processes.run(
        [sys.executable, "-m", "perfscore", "batch", "department-common", str(forms),
         "-o", "out.xlsx", "--jobs", "2"],
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert done.returncode == 1, done.stderr  # written in full; one form has an error
    assert "2 records, 1 scored, 1 with errors" in done.stderr
    book = openpyxl.load_workbook(tmp_path / "out.xlsx", read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    assert [row[0] for row in rows[1:]] == ["hecheng-2020", "02-某单位"]
    assert "基础数据!C7" in str(rows[2][-1])
