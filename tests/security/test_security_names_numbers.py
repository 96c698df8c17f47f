"""Names and numbers in formulas: Python NFKC-normalises identifiers (`ＧＤＰ` is `GDP` to it),
so two declared names that normalise alike are refused at load, naming both, and a formula reads
the name it writes; a value too small to hold (decimal underflow) is an error, never a zero that
takes the zero-denominator branch; long formulas are quoted by their ends."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from security_support import FRAMEWORK, framework, record_file, with_formula

from perfscore import DataError, FormulaError, FrameworkError
from perfscore.expressions import Formula, FormulaArithmeticError, quote
from perfscore.yamlio import read_json

FULL_WIDTH = FRAMEWORK.replace(
    "  预算数: {unit: 万元, min: 0}\n", "  预算数: {unit: 万元, min: 0}\n  ＧＤＰ: {min: 0}\n"
)


def test_two_declared_names_python_reads_as_one_are_refused_naming_both() -> None:
    text = FULL_WIDTH.replace("  ＧＤＰ: {min: 0}\n", "  ＧＤＰ: {min: 0}\n  GDP: {min: 0}\n")
    with pytest.raises(FrameworkError) as caught:
        framework(text)
    assert "'ＧＤＰ'" in caught.value.message and "'GDP'" in caught.value.message
    assert caught.value.field == "GDP"
    assert caught.value.line == text.splitlines().index("  GDP: {min: 0}") + 1


def test_an_input_and_a_derived_value_that_normalise_alike_are_refused() -> None:
    text = FULL_WIDTH.replace(
        "indicators:\n", "derived:\n  GDP: {formula: 预算数 * 2}\nindicators:\n"
    )
    with pytest.raises(FrameworkError) as caught:
        framework(text)
    assert "'ＧＤＰ'" in caught.value.message and "'GDP'" in caught.value.message


def test_a_full_width_name_reads_its_own_value_in_evaluate_and_in_batch() -> None:
    fw = framework(
        with_formula("ＧＤＰ / 预算数 * 100").replace(
            "  预算数: {unit: 万元, min: 0}\n",
            "  预算数: {unit: 万元, min: 0}\n  ＧＤＰ: {min: 0}\n",
        )
    )
    data = {"预算数": "100万元", "执行数": "97万元", "ＧＤＰ": 90, "违规": "否", "C1": 3, "D1": 2}
    result = fw.evaluate(data)
    assert result["B1"].value == Decimal(90)
    (row,) = fw.evaluate_many([data])
    assert row.ok and row.result is None
    assert row.total == result.total
    assert row.scores == tuple(result[code].score for code in row.codes)


def test_one_formula_writing_both_spellings_is_refused() -> None:
    with pytest.raises(FormulaError) as caught:
        Formula("ＧＤＰ + GDP", where="B1")
    assert "'ＧＤＰ' and 'GDP'" in caught.value.message


def test_a_value_too_small_to_hold_is_an_error_not_a_zero_denominator() -> None:
    formula = Formula("1 / (x ** y)", where="B1")
    with pytest.raises(FormulaArithmeticError) as caught:
        formula.evaluate({"x": Decimal("1e12"), "y": Decimal(-100)})
    assert "1E-999" in str(caught.value)
    # within the context's range it still computes: the trap is at its bound, not before it
    small = Formula("x ** y", where="B1")
    assert small.evaluate({"x": Decimal("1e9"), "y": Decimal(-100)}) == Decimal("1E-900")


def test_underflow_in_a_framework_is_a_data_error_in_both_paths() -> None:
    text = with_formula("执行数 / (预算数 ** (0 - 100)) * 100").replace(
        "    rule: {kind: deduction",
        "    on_zero_division: full\n    rule: {kind: deduction",
    )
    fw = framework(text)
    data = {"预算数": "1000000000000万元", "执行数": "97万元", "违规": "否", "C1": 3, "D1": 2}
    with pytest.raises(DataError) as caught:
        fw.evaluate(data)
    assert caught.value.path == "B1"
    (row,) = fw.evaluate_many([data])
    assert not row.ok and row.error is not None and row.error.path == "B1"


@pytest.mark.parametrize("length", [81, 500, 1995])
def test_long_formulas_are_quoted_by_their_ends(length: int) -> None:
    source = "甲" * (length - 4) + " + 乙"
    shown = quote(source)
    assert len(shown) < 100
    assert shown.startswith("'甲") and shown.endswith("+ 乙'")
    with pytest.raises(FrameworkError) as caught:
        framework(with_formula(source))
    assert len(caught.value.message) < 300
    assert "+ 乙" in caught.value.message


def test_short_formulas_are_quoted_whole() -> None:
    assert quote("执行数 / 预算数") == repr("执行数 / 预算数")


# ----------------------------------------------------------------------------- exact numbers


def test_yaml_numbers_are_read_exactly_as_written(tmp_path: Path) -> None:
    unquoted, _ = record_file(tmp_path, {"预算数": "1", "执行数": "1.00000000000000000001"})
    quoted_dir = tmp_path / "q"
    quoted_dir.mkdir()
    quoted, _ = record_file(quoted_dir, {"预算数": "1", "执行数": '"1.00000000000000000001"'})
    assert unquoted.values["执行数"] == Decimal("1.00000000000000000001")
    fw = framework()
    extra = {"违规": "否", "C1": 3, "D1": 2}
    a = fw.evaluate({**unquoted.values, **extra})["B1"].value
    b = fw.evaluate({**quoted.values, **extra})["B1"].value
    assert a == b and a is not None and a > 100


@pytest.mark.parametrize("text", ["1.0e-999999", "1.0e-29", "-2.5e-40"])
def test_a_yaml_number_too_small_is_refused_not_read_as_zero(tmp_path: Path, text: str) -> None:
    record, _ = record_file(tmp_path, {"预算数": "100", "执行数": text})
    assert record.values["执行数"] != 0
    with pytest.raises(DataError) as caught:
        framework().evaluate({**record.values, "违规": "否", "C1": 3, "D1": 2})
    assert caught.value.field == "执行数"


def test_json_numbers_in_a_framework_file_are_exact(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('{"a": 0.1, "b": 100.00000000000000001, "c": 3}', encoding="utf-8")
    data = read_json(path)
    assert data == {"a": Decimal("0.1"), "b": Decimal("100.00000000000000001"), "c": 3}
    assert isinstance(data["c"], int)
