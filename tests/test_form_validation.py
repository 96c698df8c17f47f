"""The input form a person fills left to right: on 评价输入 the indicator and the point's text
come before the cell to fill; every cell to fill has data validation (是/否 lists for checklist
points and flags, numeric ranges for numbers, judgments, counts and scores, the unit in the
prompt); and a written, filled form reads back the values it was filled with."""

from __future__ import annotations

import io
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import perfscore
from perfscore.explain import value_text
from perfscore.forms.contents import field_rows, input_rows
from perfscore.forms.layout import (
    COUNT,
    FLAG,
    INDICATOR,
    INPUT_HEADERS,
    INTEGER,
    ITEM,
    NOTE,
    NUMBER,
    POINT,
    POINTS,
    VALUE,
)
from perfscore.forms.validation import prompt_of
from perfscore.forms.writer import write_form
from perfscore.readers import read_xlsx
from perfscore.testing.strategies import base_data

FRAMEWORKS = ["department-common", "xundian-2023", "county-department"]


def _validations(ws: Any) -> dict[str, Any]:
    """cell coordinate -> its DataValidation."""
    out = {}
    for validation in ws.data_validations.dataValidation:
        for cell_range in validation.sqref.ranges:
            for row in ws.iter_rows(
                min_row=cell_range.min_row, max_row=cell_range.max_row,
                min_col=cell_range.min_col, max_col=cell_range.max_col,
            ):  # fmt: skip
                for cell in row:
                    out[cell.coordinate] = validation
    return out


def test_inputs_are_read_left_to_right() -> None:
    value = INPUT_HEADERS.index(VALUE)
    assert INPUT_HEADERS.index(INDICATOR) < value
    assert INPUT_HEADERS.index(POINT) < value and INPUT_HEADERS.index(NOTE) < value


@pytest.mark.parametrize("name", FRAMEWORKS)
def test_every_cell_to_fill_has_its_validation(name: str) -> None:
    fw = perfscore.load_framework(name)
    wb = openpyxl.load_workbook(io.BytesIO(write_form(fw)))
    sheets = {"评价输入": (input_rows(fw), 4), "基础数据": (field_rows(fw), 6)}
    for sheet, (rows, first) in sheets.items():
        ws = wb[sheet]
        head = [c.value for c in ws[first - 1]]
        column = openpyxl.utils.get_column_letter(head.index(VALUE) + 1)
        checks = _validations(ws)
        for i, form_row in enumerate(rows):
            where = f"{column}{first + i}"
            check = checks.get(where)
            if form_row.kind in (ITEM, FLAG):
                assert check is not None and check.type == "list", where
                assert check.formula1 == '"是,否"'
            elif form_row.kind in (NUMBER, INTEGER, POINTS, COUNT):
                assert check is not None, (sheet, where, form_row.key)
                assert check.type == ("whole" if form_row.kind in (INTEGER, COUNT) else "decimal")
                low, high = Decimal(check.formula1), Decimal(check.formula2)
                if form_row.minimum is not None:
                    assert low == form_row.minimum
                if form_row.maximum is not None:
                    assert high == form_row.maximum
                if form_row.unit:
                    assert f"单位：{form_row.unit}" in check.prompt
                assert check.showInputMessage and check.showErrorMessage
                # a number written with its unit (697.71万元) is read on 基础数据: Excel warns
                assert check.errorStyle == ("warning" if sheet == "基础数据" else "stop")


def test_scores_sheet_takes_scores_up_to_the_weight() -> None:
    fw = perfscore.load_framework("department-common")
    ws = openpyxl.load_workbook(io.BytesIO(write_form(fw)))["得分"]
    checks = _validations(ws)
    head = [c.value for c in ws[3]]
    reported = openpyxl.utils.get_column_letter(head.index("报告得分") + 1)
    external = openpyxl.utils.get_column_letter(head.index("外部提供得分") + 1)
    row = next(r for r in range(4, ws.max_row + 1) if ws[f"A{r}"].value == "A11")
    for column in (reported, external):
        check = checks[f"{column}{row}"]
        assert check.type == "decimal" and Decimal(check.formula2) == fw["A11"].weight
    parent = next(r for r in range(4, ws.max_row + 1) if ws[f"A{r}"].value == "A1")
    assert f"{external}{parent}" not in checks  # a parent's score is its children's


def test_prompt_says_the_unit_and_range() -> None:
    from perfscore.forms.validation import check_for

    check = check_for(NUMBER, Decimal(0), None, "万元")
    assert check is not None and prompt_of(check) == "填数值。单位：万元；允许范围：≥0万元"
    count = check_for(COUNT)
    assert count is not None and count.kind == INTEGER and "整数" in prompt_of(count)


def _written(value: Any) -> Any:
    """A value as a person types it into the form."""
    if isinstance(value, (list, tuple, set, frozenset)):
        return ",".join(map(str, value))
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
@pytest.mark.parametrize("name", FRAMEWORKS)
def test_a_written_and_filled_form_reads_back_its_values(name: str, data: st.DataObject) -> None:
    """Values drawn for the framework, prefilled into a form, read back as the same record:
    scoring the form gives the scores and values that scoring the values gives."""
    fw = perfscore.load_framework(name)
    values = data.draw(base_data(fw))
    record = perfscore.Record(values={k: _written(v) for k, v in values.items()}, id="u1")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "form.xlsx"
        path.write_bytes(write_form(fw, record))
        back = read_xlsx(path)
    assert back.id == "u1"
    want, got = fw.evaluate(record), fw.evaluate(back)
    assert {n.code: n.score for n in got.walk()} == {n.code: n.score for n in want.walk()}
    # values as a report prints them: a cell holds a binary double, 15 significant digits
    places = want.value_precision

    def shown(result: perfscore.Result) -> dict[str, str]:
        return {n.code: value_text(n.value, n.unit, places) for n in result.leaves()}

    assert shown(got) == shown(want)
