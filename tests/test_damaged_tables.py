"""Rows out = rows in for damaged tables: a stray CSV quote, a huge quoted field, an .xlsx whose
<dimension> lies, gaps and merged cells (docs/batch.md, "损坏的 csv / damaged csv")."""

from __future__ import annotations

import csv
import re
import tempfile
import zipfile
from pathlib import Path

import openpyxl
import pytest
from batch_support import tiny_framework
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import perfscore
from perfscore.batch import run_batch
from perfscore.encodings import MAX_RECORD_CHARS
from perfscore.errors import DataError
from perfscore.readers import form_id, is_form, read_data


@pytest.fixture(scope="module")
def fw(tmp_path_factory: pytest.TempPathFactory) -> perfscore.Framework:
    return tiny_framework(tmp_path_factory.mktemp("fw"))


def _out(fw: perfscore.Framework, source: Path) -> list[list[str]]:
    """The output rows (without the header) of `perfscore batch` on `source`."""
    out = source.with_name("out.csv")
    run_batch(fw, source, out, chunk_size=7)
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][0] == "id"
    return rows[1:]


def _scored(row: list[str]) -> bool:
    return row[-1] == "" and row[2] != ""


def test_a_stray_quote_is_one_error_row_and_the_rest_score(
    fw: perfscore.Framework, tmp_path: Path
) -> None:
    lines = ["id,x"] + [f"u{i},{i % 3}" for i in range(1, 1002)]
    lines[2] = '"u2 某单位,1'  # line 3 of 1,002
    source = tmp_path / "units.csv"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = _out(fw, source)
    assert len(rows) == 1001
    damaged = [row for row in rows if not _scored(row)]
    assert len(damaged) == 1 and f"{source}:3:" in damaged[0][-1]
    assert damaged[0][0] == "u2 某单位"  # the error row still says whose line it is
    assert [row[0] for row in rows if _scored(row)] == [f"u{i}" for i in range(1, 1002) if i != 2]


def test_a_quoted_field_over_the_field_limit_is_one_error_row(
    fw: perfscore.Framework, tmp_path: Path
) -> None:
    huge = "长" * 140_000 + "a,b" * 10
    source = tmp_path / "units.csv"
    source.write_text(f'id,x\nu1,1\nu2,"{huge}"\nu3,2\n', encoding="utf-8")
    rows = _out(fw, source)
    assert len(rows) == 3
    assert [row[0] for row in rows if _scored(row)] == ["u1", "u3"]
    assert f"{source}:3:" in rows[1][-1]


def test_a_quoted_field_may_span_lines(fw: perfscore.Framework, tmp_path: Path) -> None:
    source = tmp_path / "units.csv"
    source.write_text('id,x,note\nu1,1,"two\nlines, ok"\nu2,0,\n', encoding="utf-8")
    rows = _out(fw, source)
    assert [row[0] for row in rows] == ["u1", "u2"] and all(_scored(row) for row in rows)


def test_a_damaged_header_is_one_error_for_the_file(
    fw: perfscore.Framework, tmp_path: Path
) -> None:
    source = tmp_path / "units.csv"
    source.write_text('id,"x\nu1,1\n', encoding="utf-8")
    with pytest.raises(DataError) as caught:
        run_batch(fw, source, tmp_path / "out.csv")
    assert "header" in str(caught.value) and str(source) in str(caught.value)


def _lie_about_dimension(path: Path, ref: str) -> None:
    """Rewrites the first sheet's <dimension ref=…> as `ref`, as a damaged writer leaves it."""
    with zipfile.ZipFile(path) as book:
        parts = {name: book.read(name) for name in book.namelist()}
    name = "xl/worksheets/sheet1.xml"
    text, count = re.subn(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{ref}"/>',
                          parts[name].decode("utf-8"))  # fmt: skip
    assert count == 1
    parts[name] = text.encode("utf-8")
    with zipfile.ZipFile(path, "w") as book:
        for part, data in parts.items():
            book.writestr(part, data)


def _workbook(path: Path, rows: list[list[object]], merged: list[str] = ()) -> None:  # type: ignore[assignment]
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for r, row in enumerate(rows, 1):
        for c, value in enumerate(row, 1):
            if value is not None:
                ws.cell(r, c, value)
    for cells in merged:
        ws.merge_cells(cells)
    wb.save(path)


@pytest.mark.parametrize("ref", ["A1", "A1:C2"])
def test_an_xlsx_with_a_wrong_dimension_scores_every_row(
    fw: perfscore.Framework, tmp_path: Path, ref: str
) -> None:
    source = tmp_path / "units.xlsx"
    _workbook(source, [["id", "x", "note"], *([f"u{i}", i % 2, "n"] for i in range(6))])
    _lie_about_dimension(source, ref)
    rows = _out(fw, source)
    assert [row[0] for row in rows] == [f"u{i}" for i in range(6)]
    assert all(_scored(row) for row in rows)


def test_a_form_with_a_wrong_dimension_is_still_told_a_form(tmp_path: Path) -> None:
    # is_form / form_id look at the first rows with openpyxl's read-only mode, which trusts
    # <dimension> unless told not to
    source = tmp_path / "form.xlsx"
    _workbook(source, [["记录编号", "", "u9"], ["字段", "说明", "填写值"], ["x", "", 1]])
    _lie_about_dimension(source, "A1")
    assert is_form(source) is True
    assert form_id(source) == "u9"


# --------------------------------------------------------------------------- properties

_CELL = st.text(alphabet='ab某,"\n ', max_size=6)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cells=st.lists(st.tuples(_CELL, _CELL), min_size=1, max_size=12),
    damage=st.lists(st.tuples(st.integers(0, 200), st.sampled_from(['"', '""', ',"', '"\n'])),
                    max_size=4),
)  # fmt: skip
def test_rows_out_equal_rows_in_for_a_csv_with_quoting_damage(
    fw: perfscore.Framework, cells: list[tuple[str, str]], damage: list[tuple[int, str]]
) -> None:
    """A table written properly, then damaged by stray quotes: every record that the damage
    did not touch comes out with its id, and the rows out never outnumber the lines."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp, "units.csv")
        body = "id,x,note\n"
        ends = []  # where each record's text ends
        for i, (note, _) in enumerate(cells):
            body += f'u{i},{i % 2},"{note.replace(chr(34), chr(34) * 2)}"\n'
            ends.append(len(body))
        head = len("id,x,note\n")
        first = len(body)  # the first damage's position
        for where, text in damage:
            at = head + where % (len(body) - head)
            first = min(first, at)
            body = body[:at] + text + body[at:]
        source.write_text(body, encoding="utf-8")
        rows = _out(fw, source)
        assert len(rows) <= body.count("\n")  # never more rows than lines
        # every record before the first damage comes out, in order, with its id, and scores
        intact = sum(1 for end in ends if end <= first)
        assert [row[0] for row in rows[:intact]] == [f"u{i}" for i in range(intact)]
        assert all(_scored(row) for row in rows[:intact])
        if not damage:
            assert len(rows) == len(cells)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    count=st.integers(1, 30),
    strays=st.dictionaries(st.integers(0, 29), st.integers(0, 2), max_size=6),
    quoted=st.booleans(),
)
def test_each_line_with_a_stray_quote_is_one_error_row(
    fw: perfscore.Framework, count: int, strays: dict[int, int], quoted: bool
) -> None:
    """Stray quotes typed at the start of a field (`"u2 某单位`): rows out = rows in, the lines
    with one are the error rows, every other record scores under its id."""
    strays = {line: field for line, field in strays.items() if line < count}
    lines = ["id,x,note"]
    for i in range(count):
        cells = [f"u{i} 某单位", str(i % 2), '"a, b"' if quoted else "n"]
        if i in strays:
            cells[strays[i]] = '"' + cells[strays[i]].strip('"')
        lines.append(",".join(cells))
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp, "units.csv")
        source.write_text("\n".join(lines) + "\n", encoding="utf-8")
        rows = _out(fw, source)
    assert len(rows) == count
    assert [row[0] for row in rows] == [f"u{i} 某单位" for i in range(count)]
    for i, row in enumerate(rows):
        if i in strays:
            assert not _scored(row) and f"units.csv:{i + 2}:" in row[-1]
        else:
            assert _scored(row) and row[0] == f"u{i} 某单位"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    count=st.integers(1, 12),
    gaps=st.sets(st.integers(0, 12), max_size=4),
    merged=st.booleans(),
    ref=st.sampled_from(["A1", "A1:C2", "B2:B3", "A1:Z1000", None]),
)
def test_rows_out_equal_rows_in_for_an_xlsx_with_a_wrong_dimension(
    fw: perfscore.Framework, count: int, gaps: set[int], merged: bool, ref: str | None
) -> None:
    """Blank rows between records, a merged note column and a lying <dimension>: every record
    comes out, in order, under its id."""
    rows: list[list[object]] = [["id", "x", "note", None]]
    for i in range(count):
        if i in gaps:
            rows.append([None, None, None, None])
        rows.append([f"u{i}", i % 2, None, None])
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp, "units.xlsx")
        ranges = [f"C{r}:D{r}" for r in range(2, len(rows) + 1)] if merged else []
        _workbook(source, rows, ranges)
        if ref is not None:
            _lie_about_dimension(source, ref)
        out = _out(fw, source)
    assert [row[0] for row in out] == [f"u{i}" for i in range(count)]
    assert all(_scored(row) for row in out)


def test_a_one_record_csv_with_a_stray_quote_names_its_line(tmp_path: Path) -> None:
    source = tmp_path / "one.csv"
    source.write_text('编制数,"预算执行数\n10,20\n', encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_data(source)
    assert caught.value.where() == f"{source}:1" and "quote" in caught.value.message


def test_a_line_over_the_record_limit_is_one_error_row(
    fw: perfscore.Framework, tmp_path: Path
) -> None:
    source = tmp_path / "units.csv"
    long = "u2," + ",".join(["1"] * (MAX_RECORD_CHARS // 2 + 10))  # short cells, a long line
    source.write_text(f"id,x\nu1,1\n{long}\nu3,2\n", encoding="utf-8")
    rows = _out(fw, source)
    assert [row[0] for row in rows] == ["u1", "u2", "u3"]
    assert [_scored(row) for row in rows] == [True, False, True]
    assert f"{source}:3:" in rows[1][-1] and f"longer than {MAX_RECORD_CHARS}" in rows[1][-1]
