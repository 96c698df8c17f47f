"""Batch tables people read: indicator names in the header ("A11 绩效目标合理性"), the record's
单位名称, a frozen header and a filter in xlsx; `--header codes` keeps the codes for machines."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import openpyxl
from batch_support import names_header, read_csv

import perfscore
from perfscore.batch import run_batch
from perfscore.cli import main

ROOT = Path(__file__).resolve().parent.parent
FW = perfscore.load_framework("department-common")
CODES = [node.code for node in FW.walk()]
HECHENG = perfscore.load_record(ROOT / "examples" / "hecheng-2020.yaml")


def _with_titles(tmp_path: Path, column: str) -> Path:
    """A csv of three records (hecheng-2020's data) with a 单位名称 (or `title`) column."""
    source = tmp_path / "in.csv"
    names = sorted(HECHENG.values)
    external = sorted(HECHENG.external_scores)
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", column, *names, *(f"external_scores.{c}" for c in external)])
        for i in range(3):
            cells = [_cell(HECHENG.values[n]) for n in names]
            scores = [HECHENG.external_scores[c] for c in external]
            writer.writerow([f"r{i}", f"单位{i}", *cells, *scores])
    return source


def _cell(value: Any) -> str:
    return ",".join(value) if isinstance(value, list) else str(value)


def test_names_header_and_the_records_titles(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    summary = run_batch(FW, _with_titles(tmp_path, "单位名称"), out)
    table = read_csv(out)
    assert table[0] == names_header(FW)
    assert table[0][4] == "A 投入" and "A11 绩效目标合理性" in table[0]
    # a machine still finds each indicator's code: the label up to its first space
    assert [label.split(" ", 1)[0] for label in table[0][4:-2]] == CODES
    assert [row[1] for row in table[1:]] == ["单位0", "单位1", "单位2"]
    assert len(table) - 1 == summary.records == 3  # rows out = rows in
    assert all(row[2] == "99.00" for row in table[1:])


def test_codes_header_for_machines(tmp_path: Path) -> None:
    source = _with_titles(tmp_path, "title")
    out = tmp_path / "out.csv"
    args = ["batch", "department-common", str(source), "-o", str(out), "--header", "codes"]
    assert main(args) == 0
    table = read_csv(out)
    assert table[0] == ["id", "title", "total", "grade", *CODES, "warnings", "error"]
    assert table[1][1] == "单位0"


def test_jsonl_carries_the_title(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    run_batch(FW, _with_titles(tmp_path, "单位名称"), out)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["title"] for line in lines] == ["单位0", "单位1", "单位2"]


def test_xlsx_header_is_frozen_and_filtered(tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    run_batch(FW, _with_titles(tmp_path, "单位名称"), out)
    book = openpyxl.load_workbook(out)
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == names_header(FW)
    assert sheet.freeze_panes == "C2"  # the header row, the id and the 单位名称
    last = openpyxl.utils.get_column_letter(len(names_header(FW)))
    assert sheet.auto_filter.ref == f"A1:{last}4"
    assert sheet["B2"].value == "单位0"
    assert sheet.column_dimensions["B"].width >= 20  # the 单位名称 is readable


def test_xlsx_codes_header_is_frozen_too(tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    run_batch(FW, _with_titles(tmp_path, "title"), out, header="codes")
    sheet = openpyxl.load_workbook(out).worksheets[0]
    assert [c.value for c in sheet[1]][:5] == ["id", "title", "total", "grade", "A"]
    assert sheet.freeze_panes == "C2" and sheet.auto_filter.ref is not None
