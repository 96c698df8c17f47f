"""不适用 in a form (issue 12 item 5): the 外部提供得分 cell of any indicator may say 不适用 — the
mark `external_scores: {CODE: 不适用}` gives in YAML — when the framework declares what follows
(`not_applicable`); the template's data validation takes it (a leaf: points up to its weight or
不适用; another indicator: 不适用 only); .xlsx and CSV forms read it back and score as the YAML
record does."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import perfscore
from perfscore.errors import DataError
from perfscore.forms.csv_writer import write_form_csv
from perfscore.forms.writer import write_form
from perfscore.readers import read_csv, read_xlsx
from perfscore.records import Record

pytestmark = pytest.mark.usefixtures("english")  # it checks the English wording

CASES = Path(__file__).resolve().parent / "cases" / "frameworks"
#: A (40: A1 20, A2 20), B (60: B1 30, B2 30), each leaf an evaluator's points, not_applicable:
#: rescale (tests/cases/test_not_applicable.yaml derives the scores by hand)
FW = perfscore.load_framework(str(CASES / "not-applicable.yaml"))
SILENT = perfscore.load_framework(str(CASES / "not-applicable-silent.yaml"))
VALUES = {"A1": 15, "A2": 10, "B1": 30, "B2": 12}
CODES = ["A", "A1", "A2", "B", "B1", "B2"]


def _scores_sheet(fw: perfscore.Framework, record: Record | None = None) -> Any:
    return openpyxl.load_workbook(io.BytesIO(write_form(fw, record)))["得分"]


def _validations(ws: Any) -> dict[str, Any]:
    """cell coordinate -> its DataValidation."""
    return {
        f"{letter}{row}": validation
        for validation in ws.data_validations.dataValidation
        for cell_range in validation.sqref.ranges
        for letter, row in _cells(cell_range)
    }


def _cells(cell_range: Any) -> list[tuple[str, int]]:
    letter = openpyxl.utils.get_column_letter
    return [
        (letter(col), row)
        for row in range(cell_range.min_row, cell_range.max_row + 1)
        for col in range(cell_range.min_col, cell_range.max_col + 1)
    ]


def _line(ws: Any, code: str) -> int:
    return next(r for r in range(4, ws.max_row + 1) if ws[f"A{r}"].value == code)


@settings(max_examples=30, deadline=None)
@given(marked=st.sets(st.sampled_from(CODES), min_size=1, max_size=3))
def test_a_form_marked_not_applicable_scores_as_its_yaml(marked: set[str]) -> None:
    """Marks written by the template (from a record), read back from the .xlsx and the CSV form:
    the same marks, the same scores and total (or the same refusal, everything 不适用)."""
    record = Record(values=dict(VALUES), external_scores=dict.fromkeys(marked, "不适用"), id="u")
    try:
        expected: Any = FW.evaluate(record)
    except DataError as exc:
        expected = type(exc)
    for read in (_xlsx_read_back, _csv_read_back):
        again = read(record)
        assert again.external_scores == record.external_scores
        try:
            got: Any = FW.evaluate(again)
        except DataError as exc:
            got = type(exc)
        if isinstance(expected, type):
            assert got is expected
        else:
            assert got.total == expected.total
            assert [n.score for n in got.walk()] == [n.score for n in expected.walk()]


def _xlsx_read_back(record: Record) -> Record:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "form.xlsx")
        path.write_bytes(write_form(FW, record))
        return read_xlsx(path)


def _csv_read_back(record: Record) -> Record:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "form.csv")
        path.write_text(write_form_csv(FW, record), encoding="utf-8")
        return read_csv(path)


@pytest.mark.parametrize("written", ["不适用", " 不适用 ", "不 适 用", "不适用。"])
def test_a_typed_mark_reads_as_written_anyhow(tmp_path: Path, written: str) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(write_form(FW)))
    ws = wb["得分"]
    ws[f"C{_line(ws, 'A2')}"] = written
    ws[f"C{_line(ws, 'B')}"] = written  # a parent may be marked too
    for code in ("A1", "B1", "B2"):
        ws[f"C{_line(ws, code)}"] = VALUES[code]
    path = tmp_path / "form.xlsx"
    wb.save(path)
    record = read_xlsx(path)
    assert record.external_scores == {"A1": 15, "A2": "不适用", "B": "不适用", "B1": 30, "B2": 12}
    assert record.locations["external_scores.A2"] == f"得分!C{_line(ws, 'A2')}"
    assert FW.evaluate(record).total == 75  # A = 15/20 × 40 = 30; B not counted: 30/40 × 100


def test_the_validation_takes_the_mark_where_the_framework_says_what_follows() -> None:
    ws = _scores_sheet(FW)
    checks = _validations(ws)
    leaf = checks[f"C{_line(ws, 'A1')}"]
    assert leaf.type == "custom" and "不适用" in leaf.formula1
    assert f"C{_line(ws, 'A1')}<=20" in leaf.formula1 and "不适用" in leaf.prompt
    parent = checks[f"C{_line(ws, 'A')}"]
    assert parent.type == "list" and parent.formula1 == '"不适用"'
    assert f"C{_line(ws, '合计')}" not in checks  # the total is never marked
    assert checks[f"D{_line(ws, 'A1')}"].type == "decimal"  # 报告得分: points only
    assert "not_applicable: rescale" in str(ws["A2"].value)


def test_a_framework_that_says_nothing_keeps_points_only() -> None:
    ws = _scores_sheet(SILENT)
    checks = _validations(ws)
    assert checks[f"C{_line(ws, 'A1')}"].type == "decimal"
    assert f"C{_line(ws, 'A')}" not in checks
    assert "不适用" not in str(ws["A2"].value)


@pytest.mark.parametrize(
    ("code", "written", "message"),
    [
        ("A", 20, "can only be given for a leaf indicator"),
        ("合计", "不适用", "takes no external score"),
        ("A1", "不适合", "expected a number"),
    ],
)
def test_what_else_is_refused_names_the_cell(
    tmp_path: Path, code: str, written: Any, message: str
) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(write_form(FW)))
    ws = wb["得分"]
    ws[f"C{_line(ws, code)}"] = written
    path = tmp_path / "form.xlsx"
    wb.save(path)
    with pytest.raises(DataError, match=message) as caught:
        read_xlsx(path)
    assert caught.value.path == f"得分!C{_line(ws, code)}"
