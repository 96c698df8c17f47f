"""A zero denominator is reported at the denominator's field (and its line), never at the
numerator's, also when the division is in a derived value the leaf reads."""

from __future__ import annotations

from pathlib import Path

import pytest

import perfscore
from perfscore.errors import DataError
from perfscore.expressions import Formula

FRAMEWORK = """\
id: zero
name: 分母测试
version: "1"
total: 5
precision: 2
grades:
  - {name: 合格, min: 0}
inputs:
  支出数: {unit: 万元, min: 0}
  预算数: {unit: 万元, min: 0}
derived:
  控制率: {formula: 支出数 / 预算数 * 100, unit: "%"}
indicators:
  - code: A1
    name: 预算控制率
    weight: 5
    unit: "%"
    formula: 控制率
    rule: {kind: deduction, bound: 100, side: above, points: 1, step_mode: continuous}
"""


@pytest.mark.parametrize(
    ("source", "denominators"),
    [
        ("a / b", ("b",)),
        ("(a - b) / (c + d) * 100", ("c", "d")),
        ("a // b + c % d", ("b", "d")),
        ("a * b + c", ()),
        ("a / max(b, c) / b", ("b", "c")),
    ],
)
def test_a_formula_knows_the_names_under_its_divisions(
    source: str, denominators: tuple[str, ...]
) -> None:
    assert Formula(source, where="test").denominators == denominators


def test_zero_over_zero_in_a_derived_value_is_reported_at_the_denominator(tmp_path: Path) -> None:
    fw_file = tmp_path / "zero.yaml"
    fw_file.write_text(FRAMEWORK, encoding="utf-8")
    record = tmp_path / "record.yaml"
    record.write_text("id: r\nvalues:\n  支出数: 0\n  预算数: 0\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        perfscore.load_framework(fw_file).evaluate(perfscore.load_record(record))
    err = caught.value
    assert (err.path, err.field, err.line) == ("A1", "预算数", 4)
    assert "(预算数 = 0)" in err.message and "支出数 = 0" not in err.message
