"""Hostile .ods, .xls and .xlsb files (issue 13): python-calamine builds each sheet's extent as
one dense grid (a 9 KB .ods asking for 20 million cells took 2.5 GB; 90 million aborted the
process), so perfscore.sheet_check counts the extent first — an .ods's repeats and spans, an
.xls's cell, DIMENSIONS and MERGEDCELLS records, an .xlsb's records — and refuses what exceeds
the limits with one DataError naming the file and the sheet, before calamine is called; a form
read through calamine keeps the form's time budget."""

from __future__ import annotations

import dataclasses
import sys
import time
from collections.abc import Callable
from pathlib import Path

import hostile_sheets as hostile
import pytest
from processes import run

import perfscore
from perfscore.batch import run_batch
from perfscore.errors import DataError
from perfscore.readers import read_data, read_form
from perfscore.workbook_check import FORM_LIMITS

pytestmark = pytest.mark.usefixtures("english")  # it checks the English wording

SHEETS = Path(__file__).resolve().parents[1] / "fixtures" / "sheets"
FRAMEWORK = "department-common"

#: name: (how the file is made from a fixture into a path, what the message says)
CASES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "ods-far-cell": (
        lambda p: hostile.ods(SHEETS / "form.ods", p, hostile.ods_far_cell()),
        "reaches cell WQK1048002",
    ),
    "ods-repeated-cells": (
        lambda p: hostile.ods(SHEETS / "form.ods", p, hostile.ods_repeated(20_000, 1_000)),
        "20,001 rows × 1,000 columns",
    ),
    "ods-too-many-rows": (
        lambda p: hostile.ods(SHEETS / "form.ods", p, hostile.ods_repeated(100_001, 1)),
        "has more than 100,000 rows",
    ),
    "ods-huge-span": (
        lambda p: hostile.ods(SHEETS / "form.ods", p, hostile.ods_span(1_048_576, 16_384)),
        "merges more than 100,000 cells",
    ),
    "ods-broken-xml": (
        lambda p: hostile.ods(SHEETS / "form.ods", p, lambda xml: xml[: len(xml) // 2]),
        "'content.xml' is not well-formed XML",
    ),
    "ods-doctype": (
        lambda p: hostile.ods(
            SHEETS / "form.ods",
            p,
            lambda xml: xml.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY a "a">]>', 1),
        ),
        "declares a DTD or entities",
    ),
    "xls-far-cell": (
        lambda p: hostile.xls_far_cell(SHEETS / "form.xls", p),
        "reaches cell IV65536",
    ),
    "xls-declared-dimension": (
        lambda p: hostile.xls_dimension(SHEETS / "form.xls", p, 65_536, 16_384),
        "sheet '基础数据' (Workbook stream) reaches cell XFD65536",
    ),
    "xls-huge-merge": (
        lambda p: hostile.xls_huge_merge(SHEETS / "rowsform.xls", p),
        "merges more than 100,000 cells",
    ),
    "xls-looping-chain": (
        lambda p: hostile.xls_loop(SHEETS / "form.xls", p),
        "a sector chain leaves the file or loops",
    ),
    "xlsb-declared-dimension": (
        lambda p: hostile.xlsb(p, dimension=(1_048_575, 16_383), cell=(0, 0)),
        "'xl/worksheets/sheet1.bin' reaches cell XFD1048576",
    ),
    "xlsb-far-cell": (
        lambda p: hostile.xlsb(p, dimension=(0, 0), cell=(1_048_575, 16_383)),
        "'xl/worksheets/sheet1.bin' reaches cell XFD1048576",
    ),
}
SUFFIX = {"ods": ".ods", "xls": ".xls", "xlsb": ".xlsb"}


def _make(name: str, folder: Path) -> Path:
    make, _ = CASES[name]
    return make(folder / f"{name}{SUFFIX[name.split('-')[0]]}")


@pytest.mark.parametrize("name", CASES)
def test_a_hostile_workbook_is_one_error_before_calamine(tmp_path: Path, name: str) -> None:
    bad = _make(name, tmp_path)
    assert bad.stat().st_size < 64 << 10  # small files, claiming huge extents
    started = time.monotonic()
    with pytest.raises(DataError) as caught:
        read_data(bad)
    assert time.monotonic() - started < 10  # refused by counting, not by building (generous)
    assert caught.value.file == str(bad)
    assert CASES[name][1] in caught.value.message


@pytest.mark.parametrize("name", ["form.xls", "form.ods", "rowsform.xls", "table.xls", "table.ods"])
def test_the_files_a_spreadsheet_program_saves_pass_the_check(name: str) -> None:
    from perfscore.sheet_check import check_calamine_workbook
    from perfscore.workbook_check import Budget

    check_calamine_workbook(str(SHEETS / name), FORM_LIMITS, Budget(name, None))


def test_a_declared_dimension_smaller_than_the_sheet_loses_nothing(tmp_path: Path) -> None:
    small = hostile.xls_dimension(SHEETS / "form.xls", tmp_path / "small.xls", 1, 1)
    assert read_data(small).values == read_data(SHEETS / "form.xls").values


@pytest.mark.parametrize("name", ["form.xls", "form.ods"])
def test_a_calamine_form_over_its_time_budget_is_refused(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    spent = dataclasses.replace(FORM_LIMITS, seconds=-1.0)  # spent before it starts
    monkeypatch.setattr(perfscore.readers.workbooks, "FORM_LIMITS", spent)
    with pytest.raises(DataError, match="took longer than -1 s"):
        read_form(SHEETS / name)


@pytest.mark.parametrize("name", ["ods-repeated-cells", "xls-declared-dimension"])
def test_score_exits_1_with_one_line(tmp_path: Path, name: str) -> None:
    bad = _make(name, tmp_path)
    done = run([sys.executable, "-m", "perfscore", "score", FRAMEWORK, str(bad)])
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert CASES[name][1] in done.stderr and len(done.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("table", "change"),
    [
        ("table.ods", lambda src, dst: hostile.ods(src, dst, hostile.ods_repeated(30_000, 1_000))),
        ("table.xls", lambda src, dst: hostile.xls_dimension(src, dst, 65_536, 16_384)),
    ],
    ids=["ods", "xls"],
)
def test_a_batch_table_claiming_a_huge_extent_is_refused_before_calamine(
    tmp_path: Path, table: str, change: Callable[[Path, Path], Path]
) -> None:
    """A batch table's limits are a machine's (20,000,000 cells): beyond them, refused — in a
    child process, so that a regression aborts that and not the suite."""
    bad = change(SHEETS / table, tmp_path / f"bad{Path(table).suffix}")
    out = tmp_path / "o.csv"
    done = run([sys.executable, "-m", "perfscore", "batch", FRAMEWORK, str(bad), "-o", str(out)])
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "more than the 20,000,000 cells" in done.stderr
    assert not out.exists()


def test_hostile_workbooks_in_a_folder_are_error_rows(tmp_path: Path) -> None:
    folder = tmp_path / "forms"
    folder.mkdir()
    (folder / "a-good.xls").write_bytes((SHEETS / "form.xls").read_bytes())
    for name in CASES:
        _make(name, folder)
    summary = run_batch(perfscore.load_framework(FRAMEWORK), folder, tmp_path / "out.jsonl")
    assert summary.records == len(CASES) + 1  # rows out = files in
    assert summary.errors == len(CASES)
