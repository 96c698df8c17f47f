"""The errors of reading files — a form, a CSV, a damaged workbook, a batch's inputs, a case
file — worded in Chinese by default and in English when asked (perfscore.i18n.file_error_texts)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from perfscore.batch.planning import format_of
from perfscore.errors import PerfscoreError, UsageError
from perfscore.i18n import set_language
from perfscore.readers import read_data, read_form
from perfscore.reconcile.reconciler import read_scores


def _both(call: object, *args: object) -> dict[str, str]:
    """The error `call(*args)` raises, in Chinese and in English."""
    texts = {}
    for lang in ("zh", "en"):
        set_language(lang)
        with pytest.raises(PerfscoreError) as info:
            call(*args)  # type: ignore[operator]
        texts[lang] = str(info.value)
    set_language(None)
    return texts


def test_a_file_that_is_not_a_form(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("x", encoding="utf-8")
    texts = _both(read_form, path)
    assert "不是表单：不读取“.txt”文件" in texts["zh"] and "请另存为 .xlsx" in texts["zh"]
    assert "not a form: '.txt' is not read" in texts["en"]


def test_a_csv_that_is_not_a_filled_in_form(tmp_path: Path) -> None:
    path = tmp_path / "table.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    texts = _both(read_form, path)
    assert texts["zh"].endswith(
        "不是填好的表单：没有一行是表单的表头行（字段 … 填写值、输入 … 填写值、代码 … 报告得分）；"
        "请用 perfscore template 生成表单"
    )
    assert "not a filled-in form: no line holds the form's header rows" in texts["en"]


def test_a_table_of_two_records_read_as_one(tmp_path: Path) -> None:
    path = tmp_path / "two.csv"
    path.write_text("a,b\n1,2\n3,4\n", encoding="utf-8")
    texts = _both(read_data, path)
    assert "有 2 行填写值：此处一个文件只读一条记录；多条记录请用 perfscore batch" in texts["zh"]
    assert "2 rows of values: one record per file here; use perfscore batch for many" in texts["en"]


def test_a_header_row_without_values(tmp_path: Path) -> None:
    path = tmp_path / "header.csv"
    path.write_text("a,b\n", encoding="utf-8")
    texts = _both(read_data, path)
    assert texts["zh"] == f"{path}:1: 没有数据：应为表单，或一行表头加一行填写值"
    assert texts["en"].endswith("no data: expected a form, or a header row and one row of values")


def test_a_damaged_workbook_names_its_part(tmp_path: Path) -> None:
    path = tmp_path / "form.xlsx"
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("[Content_Types].xml", "<Types/>")
        book.writestr("xl/workbook.xml", "<workbook><sheets>")  # cut short
    texts = _both(read_form, path)
    assert "不是格式正确的 XML" in texts["zh"], texts["zh"]
    assert "is not well-formed XML" in texts["en"], texts["en"]


def test_a_workbook_that_is_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "form.xlsx"
    path.write_bytes(b"this is no workbook")
    texts = _both(read_form, path)
    assert "不是可读取的 .xlsx 工作簿（不是 zip 文件：" in texts["zh"]
    assert "not a readable .xlsx workbook (not a zip file: " in texts["en"]


def test_batch_input_of_an_unknown_format() -> None:
    texts = _both(format_of, "scores.txt", "input")
    assert texts["zh"].startswith("输入“scores.txt”：未知的格式“txt”；可用 .csv, .jsonl")
    assert texts["zh"].endswith("（请另存为 .xlsx）")
    assert texts["en"].startswith("input 'scores.txt': unknown format 'txt'; use ")
    with pytest.raises(UsageError):
        format_of("scores.txt", "input")


def test_reported_scores_that_are_not_a_mapping() -> None:
    texts = _both(read_scores, [1, 2], "reported.scores", {"A1"}, "xundian-2023", "r.yaml")
    assert "必须是指标代码到得分的映射" in texts["zh"]
    assert "must map indicator codes to scores" in texts["en"]
