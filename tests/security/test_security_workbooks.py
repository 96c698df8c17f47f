"""Hostile workbooks (issue 13, items 2, 5 and 8): a far cell, a huge merged range, a padded or
lying part, broken sheet XML, too many rows — each one DataError naming the file and the part
(and the sheet), found by perfscore.workbook_check before openpyxl or python-calamine builds
anything, within bounded memory; and every such form one error row in a batch."""

from __future__ import annotations

import dataclasses
import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import hostile_files as hostile
import pytest
from processes import run

import perfscore
from perfscore.batch import run_batch
from perfscore.cli import main
from perfscore.errors import DataError
from perfscore.readers import form_id, is_form, read_data
from perfscore.workbook_check import FORM_LIMITS

pytestmark = pytest.mark.usefixtures("english")  # it checks the English wording

ROOT = Path(__file__).resolve().parents[2]
SHEET = "xl/worksheets/sheet1.xml"
FRAMEWORK = "wuhua-2023"


@pytest.fixture(scope="module")
def form(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A filled-in form of the bundled wuhua-2023 framework."""
    path = tmp_path_factory.mktemp("form") / "form.xlsx"
    data = str(ROOT / "examples" / "wuhua-2023.yaml")
    assert main(["template", FRAMEWORK, "-o", str(path), "--from", data]) == 0
    return path


CASES: dict[str, tuple[str, Callable[[bytes], bytes], str]] = {
    # name: (part, change, what the message says)
    "far-cell": (SHEET, hostile.far_cell, "reaches cell XFD1048576"),
    "huge-merge": (SHEET, hostile.merged("A20:XFD1048576"), "merges more than 100,000 cells"),
    "broken-xml": ("xl/worksheets/sheet2.xml", hostile.broken, "is not well-formed XML"),
    "broken-styles": ("xl/styles.xml", hostile.broken, "'xl/styles.xml' is not well-formed"),
    "doctype": (
        SHEET,
        lambda xml: b'<!DOCTYPE x [<!ENTITY a "aaaa">]>' + xml,
        "declares a DTD or entities",
    ),
    "bad-reference": (SHEET, lambda xml: xml.replace(b'r="A2"', b'r="A0"', 1), "beyond what"),
}


@pytest.mark.parametrize(("part", "change", "fragment"), CASES.values(), ids=CASES)
def test_a_hostile_form_is_one_error_naming_the_part(
    form: Path, tmp_path: Path, part: str, change: Callable[[bytes], bytes], fragment: str
) -> None:
    bad = hostile.rewrite(form, tmp_path / "bad.xlsx", part, change)
    tracemalloc.start()
    try:
        with pytest.raises(DataError) as caught:
            read_data(bad)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert caught.value.file == str(bad)
    assert fragment in caught.value.message
    assert part in caught.value.message
    assert peak < 20 << 20  # nothing of the extent was built


def test_the_sheet_is_named_too(form: Path, tmp_path: Path) -> None:
    bad = hostile.rewrite(form, tmp_path / "bad.xlsx", SHEET, hostile.far_cell)
    with pytest.raises(DataError, match=r"sheet '基础数据' \(xl/worksheets/sheet1.xml\)"):
        read_data(bad)


def test_a_declared_extent_is_not_trusted_either_way(form: Path, tmp_path: Path) -> None:
    """<dimension> says nothing: a huge one reads the same record as the true one."""
    bad = hostile.rewrite(form, tmp_path / "dim.xlsx", SHEET, hostile.declared("A1:XFD1048576"))
    assert read_data(bad).values == read_data(form).values


def test_a_padded_part_is_refused_by_its_declared_size(form: Path, tmp_path: Path) -> None:
    padded = hostile.padded(form, tmp_path / "pad.xlsx", "xl/workbook.xml", 40 << 20)
    assert padded.stat().st_size < 1 << 20  # 40 MB of blanks compress to some kilobytes
    tracemalloc.start()
    try:
        with pytest.raises(DataError, match=r"'xl/workbook\.xml' is 41,9"):
            read_data(padded)
        assert is_form(padded) is None  # the form detector reads it with the cap too
        assert form_id(padded) is None
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 << 20


def test_a_part_whose_header_lies_about_its_size_is_read_with_a_cap(
    form: Path, tmp_path: Path
) -> None:
    lying = hostile.lying(form, tmp_path / "lying.xlsx", "xl/workbook.xml", 40 << 20)
    with pytest.raises(DataError, match=r"'xl/workbook\.xml' cannot be read"):
        read_data(lying)


def test_a_part_over_the_limit_is_refused_before_it_is_read(
    form: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A limit below a sheet's size refuses the form by the part's size, before openpyxl."""
    small = dataclasses.replace(FORM_LIMITS, part_bytes=1000, other_bytes=1 << 20)
    monkeypatch.setattr(perfscore.readers.workbooks, "FORM_LIMITS", small)
    with pytest.raises(DataError, match=r"sheet1\.xml' is .* more than the 1,000 read"):
        read_data(form)


def test_too_many_rows_are_refused_while_streaming(tmp_path: Path) -> None:
    table = hostile.many_rows(tmp_path / "rows.xlsx", 100_010)
    tracemalloc.start()
    try:
        with pytest.raises(DataError, match="has more than 100,000 rows"):
            read_data(table)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 << 20  # streamed: openpyxl never saw the sheet


def test_a_form_over_its_time_budget_is_refused(
    form: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spent = dataclasses.replace(FORM_LIMITS, seconds=-1.0)  # spent before it starts
    monkeypatch.setattr(perfscore.readers.workbooks, "FORM_LIMITS", spent)
    with pytest.raises(DataError, match="took longer than -1 s"):
        read_data(form)


def test_hostile_forms_in_a_batch_are_error_rows(form: Path, tmp_path: Path) -> None:
    folder = tmp_path / "forms"
    folder.mkdir()
    hostile.copy(form, folder / "a-good.xlsx")
    for name, (part, change, _) in CASES.items():
        hostile.rewrite(form, folder / f"{name}.xlsx", part, change)
    hostile.padded(form, folder / "padded.xlsx", "xl/workbook.xml", 40 << 20)
    out = tmp_path / "out.jsonl"
    fw = perfscore.load_framework(FRAMEWORK)
    summary = run_batch(fw, folder, out)
    assert summary.records == len(CASES) + 2  # rows out = files in
    assert summary.errors == len(CASES) + 1


def test_a_table_with_a_far_cell_is_refused_before_calamine(tmp_path: Path) -> None:
    """python-calamine allocates the extent as one grid (an abort, not an exception, for
    XFD1048576): the batch must refuse the table first — in a child process, so that a
    regression aborts that and not the suite."""
    table = hostile.many_rows(tmp_path / "table.xlsx", 5)
    far = hostile.rewrite(table, tmp_path / "far.xlsx", SHEET, hostile.far_cell)
    out = tmp_path / "o.csv"
    done = run([sys.executable, "-m", "perfscore", "batch", FRAMEWORK, str(far), "-o", str(out)])
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "reaches cell XFD1048576" in done.stderr
    assert not out.exists()


@pytest.mark.parametrize("name", ["far-cell", "huge-merge", "broken-xml"])
def test_score_exits_1_with_one_line(form: Path, tmp_path: Path, name: str) -> None:
    part, change, fragment = CASES[name]
    bad = hostile.rewrite(form, tmp_path / "bad.xlsx", part, change)
    done = run([sys.executable, "-m", "perfscore", "score", FRAMEWORK, str(bad)])
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert fragment in done.stderr and len(done.stderr.strip().splitlines()) == 1
