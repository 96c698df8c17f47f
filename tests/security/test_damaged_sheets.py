"""Rows out = rows in for .ods and .xls tables of records (python-calamine) as for .xlsx
(tests/test_damaged_tables.py): blank rows between records, repeated blank rows and cells as
LibreOffice writes them, merged note cells, and a declared extent that is wrong either way."""

from __future__ import annotations

import csv
import shutil
import subprocess
import tempfile
from pathlib import Path

import hostile_sheets
import openpyxl
import pytest
from batch_support import tiny_framework
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import perfscore
from perfscore.batch import run_batch


@pytest.fixture(scope="module")
def fw(tmp_path_factory: pytest.TempPathFactory) -> perfscore.Framework:
    return tiny_framework(tmp_path_factory.mktemp("fw"))


def _ids(fw: perfscore.Framework, source: Path) -> list[str]:
    """The ids of `perfscore batch`'s rows on `source`, each checked to have scored."""
    out = source.with_name("out.csv")
    run_batch(fw, source, out, chunk_size=5)
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))[1:]
    assert all(row[-1] == "" and row[2] != "" for row in rows), rows
    return [row[0] for row in rows]


# --------------------------------------------------------------------------- .ods


def _text(value: str, extra: str = "") -> str:
    return (
        f'<table:table-cell office:value-type="string"{extra}><text:p>{value}</text:p>'
        "</table:table-cell>"
    )


def _number(value: int) -> str:
    return f'<table:table-cell office:value-type="float" office:value="{value}"/>'


def _blank(repeat: int) -> str:
    return f'<table:table-cell table:number-columns-repeated="{repeat}"/>'


def _ods_rows(count: int, gaps: dict[int, int], merged: bool, tail: int) -> str:
    """The header, then `count` records (u0, u1 …), `gaps[i]` blank rows (one repeated row)
    before record i, the note merged over two columns when `merged`, `tail` blank cells after
    each row and blank rows after the last (as LibreOffice writes a sheet)."""
    span = ' table:number-columns-spanned="2"' if merged else ""
    covered = "<table:covered-table-cell/>" if merged else ""
    row = "<table:table-row>{}</table:table-row>"
    rows = [row.format(_text("id") + _text("x") + _text("note") + _blank(tail))]
    for i in range(count):
        if gaps.get(i):
            repeated = f'<table:table-row table:number-rows-repeated="{gaps[i]}">'
            rows.append(repeated + _blank(16_384) + "</table:table-row>")
        cells = _text(f"u{i}") + _number(i % 2) + _text("n", span) + covered + _blank(tail)
        rows.append(row.format(cells))
    rows.append('<table:table-row table:number-rows-repeated="1048000">')
    rows.append(_blank(16_384) + "</table:table-row>")
    return "".join(rows)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    count=st.integers(1, 15),
    gaps=st.dictionaries(st.integers(0, 14), st.integers(1, 50_000), max_size=4),
    merged=st.booleans(),
    tail=st.integers(1, 16_000),
)
def test_rows_out_equal_rows_in_for_an_ods_table(
    fw: perfscore.Framework, count: int, gaps: dict[int, int], merged: bool, tail: int
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        source = hostile_sheets.ods_table(
            Path(tmp, "units.ods"), _ods_rows(count, gaps, merged, tail)
        )
        assert _ids(fw, source) == [f"u{i}" for i in range(count)]


# --------------------------------------------------------------------------- .xls

#: name: (records, blank rows before which record, merge the note cells)
XLS_TABLES = {
    "plain": (6, set(), False),
    "gaps": (8, {0, 3, 7}, False),
    "merged": (5, set(), True),
    "gaps-and-merged": (9, {2, 5}, True),
}
#: a DIMENSIONS record declaring (rows, columns): too few, too many, none of the truth
DIMENSIONS = {"A1": (1, 1), "A1:C2": (2, 3), "huge-but-allowed": (65_536, 200)}


@pytest.fixture(scope="module")
def xls_tables(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The tables written by openpyxl, saved as .xls by LibreOffice in one run."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder = tmp_path_factory.mktemp("xls")
    for name, (count, gaps, merged) in XLS_TABLES.items():
        wb = openpyxl.Workbook()
        ws = wb.active
        assert ws is not None
        ws.append(["id", "x", "note", None])
        for i in range(count):
            if i in gaps:
                ws.append([])
            ws.append([f"u{i}", i % 2, "n", None])
            if merged:
                ws.merge_cells(
                    start_row=ws.max_row, end_row=ws.max_row, start_column=3, end_column=4
                )
        wb.save(folder / f"{name}.xlsx")
    sources = [str(folder / f"{name}.xlsx") for name in XLS_TABLES]
    subprocess.run(
        [soffice, "--headless", "--convert-to", "xls", "--outdir", str(folder), *sources],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return {name: folder / f"{name}.xls" for name in XLS_TABLES}


@pytest.mark.parametrize("dimension", [*DIMENSIONS, None])
@pytest.mark.parametrize("table", XLS_TABLES)
def test_rows_out_equal_rows_in_for_an_xls_table(
    fw: perfscore.Framework,
    xls_tables: dict[str, Path],
    tmp_path: Path,
    table: str,
    dimension: str | None,
) -> None:
    source = tmp_path / "units.xls"
    if dimension is None:
        shutil.copyfile(xls_tables[table], source)
    else:
        hostile_sheets.xls_dimension(xls_tables[table], source, *DIMENSIONS[dimension])
    assert _ids(fw, source) == [f"u{i}" for i in range(XLS_TABLES[table][0])]
