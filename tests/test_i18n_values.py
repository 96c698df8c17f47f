"""The errors met reading a value — a number, a yes/no, a checklist's items, a cell of a target
table — in Chinese by default and in English on request, with both templates from the
catalogue (perfscore/i18n/value_error_texts.py)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from decimal import Decimal

import pytest

import perfscore
from perfscore.errors import DataError
from perfscore.i18n import Message, set_language
from perfscore.numbers import to_decimal
from perfscore.rules.target_cells import actual_value
from perfscore.rules.target_text import RowError
from perfscore.targets import TargetTextError, convert, read_cell
from perfscore.values import read_flag, read_items, read_number


@pytest.fixture(autouse=True)
def _no_language_left() -> Iterator[None]:
    yield
    set_language(None)


def _said(exc: pytest.ExceptionInfo[BaseException]) -> Message:
    said = exc.value.args[0]
    assert isinstance(said, Message)
    return said


def test_a_number_out_of_bounds_is_said_in_chinese_then_english() -> None:
    with pytest.raises(ValueError) as err:
        read_number("120%", unit="%", maximum=Decimal(100))
    assert str(err.value) == "120 高于允许的最大值 100"
    assert _said(err).text("en") == "120 is above the allowed maximum 100"
    set_language("en")
    assert str(_said(err)) == "120 is above the allowed maximum 100"


def test_a_number_in_another_unit_names_both_units() -> None:
    with pytest.raises(ValueError) as err:
        read_number("5人", unit="万元")
    assert str(err.value) == "'5人' 的单位是 '人'；应为以 万元 为单位的数值"
    assert _said(err).text("en") == "'5人' is written in '人'; expected a number in 万元"


def test_what_is_not_a_number_is_named_by_its_kind() -> None:
    with pytest.raises(ValueError) as err:
        to_decimal([1, 2])
    assert str(err.value) == "应为数值，实际为 含 2 项的列表"
    assert _said(err).text("en") == "expected a number, got a list of 2 item(s)"


def test_yes_no_and_checklist_items() -> None:
    with pytest.raises(ValueError) as err:
        read_flag("也许")
    assert str(err.value) == "应为是/否（true/false、是/否），实际为 '也许'"
    with pytest.raises(ValueError) as err:
        read_items(["a", "z"], ("a", "b"))
    assert str(err.value) == "未知的要点 z；要点为 a, b"
    assert _said(err).text("en") == "unknown checklist item(s) z; items are a, b"


def test_a_cell_of_a_target_table() -> None:
    with pytest.raises(TargetTextError) as err:
        read_cell("3--1万人")
    assert str(err.value) == "'3--1万人'：区间的下限高于上限"
    assert _said(err).text("en") == "'3--1万人': the range's low end is above its high end"
    with pytest.raises(ValueError) as err:
        convert(Decimal(1), "%", "")
    assert str(err.value).startswith("单位不一致：% 与 无单位；")
    set_language("en")
    with pytest.raises(TargetTextError, match="'1a2b3' holds 3 numbers and is not a range"):
        read_cell("1a2b3")


def test_a_row_whose_actual_cannot_settle_its_target() -> None:
    actual = read_cell("≥98%")
    with pytest.raises(RowError) as err:
        actual_value(actual, "lower", "%")  # type: ignore[arg-type]
    assert err.value.field == "actual"
    assert str(err.value) == "实际完成值 '≥98%' 只给出下限，无法判断是否达到该指标值"
    assert _said(err).text("en") == (
        "the actual '≥98%' states only a lower bound, which cannot settle this target"
    )


def test_scoring_errors_name_the_indicator_in_either_language() -> None:
    fw = perfscore.load_framework("docs/example/framework.yaml")
    record = perfscore.load_record("docs/example/record.yaml")
    with pytest.raises(DataError) as err:
        fw.evaluate(dataclasses.replace(record, external_scores={"ZZ": 1}))
    assert err.value.field == "ZZ"
    assert err.value.message == "外部得分对应的指标 'ZZ' 不存在"
    assert err.value.said.text("en") == "external score for unknown indicator 'ZZ'"
