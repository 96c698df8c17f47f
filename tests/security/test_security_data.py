"""Bad base data: each problem is a DataError naming the file, the indicator and the field, with
a message saying what was wrong — never a traceback, never a silent score."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from security_support import FRAMEWORK, GOOD, framework, hang_guard, record_file

import perfscore
from perfscore import DataError

# These tests check the English wording of perfscore's messages (tests/test_i18n.py checks
# the Chinese, the default).
pytestmark = pytest.mark.usefixtures("english")

#: Values as written in a YAML record file (so that errors can name file and line).
WRITTEN = {"预算数": "100万元", "执行数": "97万元", "违规": "否", "C1": "3", "D1": "2"}

CASES: dict[str, tuple[dict[str, str], str, str, str]] = {
    # name: (changes to WRITTEN, indicator, field, message fragment)
    "missing-field": ({"预算数": None}, "B1", "预算数", "missing base-data field '预算数' (万元)"),
    "not-a-number": ({"预算数": "很多"}, "B1", "预算数", "expected a number, got '很多'"),
    "yaml-nan": ({"预算数": ".nan"}, "B1", "预算数", "expected a finite number"),
    "yaml-infinity": ({"预算数": ".inf"}, "B1", "预算数", "expected a finite number"),
    "text-nan": ({"预算数": "'nan'"}, "B1", "预算数", "expected a finite number, got 'nan'"),
    "text-NaN": ({"预算数": "'NaN'"}, "B1", "预算数", "expected a finite number, got 'NaN'"),
    "text-inf": ({"执行数": "'inf'"}, "B1", "执行数", "expected a finite number, got 'inf'"),
    "text-minus-inf": ({"执行数": "'-inf'"}, "B1", "执行数", "expected a finite number"),
    "text-Infinity": ({"执行数": "Infinity"}, "B1", "执行数", "finite number, got 'Infinity'"),
    "negative": ({"预算数": "-1"}, "B1", "预算数", "-1 is below the allowed minimum 0"),
    "negative-text": ({"执行数": "'−5万元'"}, "B1", "执行数", "below the allowed minimum 0"),
    "boolean": ({"预算数": "true"}, "B1", "预算数", "expected a number, got a yes/no value"),
    "list": ({"预算数": "[1, 2]"}, "B1", "预算数", "expected a number, got a list of 2"),
    "mapping": ({"预算数": "{a: 1}"}, "B1", "预算数", "expected a number, got a mapping"),
    "empty": ({"预算数": ""}, "B1", "预算数", "expected a number, got nothing"),
    "too-large": ({"预算数": "1.0e+30"}, "B1", "预算数", "from 1E-28 to 1E+18 in size"),
    "too-large-after-unit": (
        {"预算数": "'99999999999999999亿元'"},
        "B1",
        "预算数",
        "beyond the size perfscore reads",
    ),
    "long-text": ({"预算数": "'" + "9" * 100_000 + "'"}, "B1", "预算数", "text of 100000 char"),
    "zero-denominator": ({"预算数": "0"}, "B1", "预算数", "zero denominator"),
    "judgment-above-weight": ({"C1": "5"}, "C1", "C1", "5 is above the allowed maximum 4"),
    "judgment-negative": ({"C1": "-0.5"}, "C1", "C1", "-0.5 is below the allowed minimum 0"),
    "judgment-boolean": ({"C1": "yes"}, "C1", "C1", "expected a number, got a yes/no value"),
    "judgment-nan": ({"C1": ".nan"}, "C1", "C1", "expected a finite number"),
    "judgment-missing": ({"C1": None}, "C1", "C1", "missing input 'C1'"),
    "flag-list": ({"违规": "[是]"}, "D1", "违规", "expected yes/no (true/false, 是/否), got a"),
    "flag-long-text": ({"违规": "'" + "是" * 1000 + "'"}, "D1", "违规", "text of 1000 characters"),
}


@pytest.mark.parametrize(("changes", "code", "field", "fragment"), CASES.values(), ids=CASES)
def test_bad_value_names_file_indicator_and_field(
    tmp_path: Path, changes: dict[str, str | None], code: str, field: str, fragment: str
) -> None:
    values = {k: v for k, v in {**WRITTEN, **changes}.items() if v is not None}
    record, file = record_file(tmp_path, values)  # type: ignore[arg-type]
    with hang_guard(), pytest.raises(DataError) as caught:
        framework().evaluate(record)
    err = caught.value
    assert fragment in err.message
    assert (err.file, err.path, err.field) == (file, code, field)
    text = str(err)
    assert "\n" not in text and len(text) < 400  # one short line, whatever the input was
    assert f": {code}: " in text


def test_unknown_field_is_a_warning_naming_it() -> None:
    result = framework().evaluate({**GOOD, "预算总数": 5})
    found = [f for f in result.findings if f.check == "unknown-field"]
    assert len(found) == 1
    assert found[0].level == "warning" and "'预算总数'" in found[0].message
    assert result.total == Decimal("6.00")  # scored as usual


@pytest.mark.parametrize(("mode", "score"), [("full", Decimal(4)), ("zero", Decimal(0))])
def test_zero_denominator_as_declared(mode: str, score: Decimal) -> None:
    text = FRAMEWORK.replace('    unit: "%"\n', f'    unit: "%"\n    on_zero_division: {mode}\n')
    result = framework(text).evaluate({**GOOD, "预算数": 0})
    assert result["B1"].score == score
    assert result["B1"].trace is not None
    assert any("分母为0" in reason for reason in result["B1"].trace.reasons)


def test_zero_denominator_is_an_error_by_default() -> None:
    with pytest.raises(DataError) as caught:
        framework().evaluate({**GOOD, "预算数": 0})
    assert (caught.value.path, caught.value.field) == ("B1", "预算数")
    assert "on_zero_division" in caught.value.message  # says how to declare otherwise


# ----------------------------------------------------------------------------- Python values


def nested(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = [value]
    return value


PYTHON_VALUES = {
    "float-nan": (float("nan"), "expected a finite number, got nan"),
    "float-inf": (float("inf"), "expected a finite number, got inf"),
    "decimal-nan": (Decimal("NaN"), "expected a finite number"),
    "decimal-snan": (Decimal("sNaN"), "expected a finite number"),
    "huge-int": (10**5000, "at most 1E+18 in size"),
    "tiny-decimal": (Decimal("1E-999999"), "from 1E-28 to 1E+18 in size"),
    "decimal-beyond-emax": (Decimal("9E+999999999"), "from 1E-28 to 1E+18 in size"),
    "deeply-nested-list": (nested(100_000), "expected a number, got a list of 1"),
    "none": (None, "expected a number, got nothing"),
    "object": (object(), "expected a number, got object"),
    "bytes": (b"100", "expected a number, got bytes"),
    "long-string": ("1" * 10_000_000, "text of 10000000 characters"),
}


@pytest.mark.parametrize(("value", "fragment"), PYTHON_VALUES.values(), ids=PYTHON_VALUES)
def test_hostile_python_values_are_data_errors(value: Any, fragment: str) -> None:
    with hang_guard(), pytest.raises(DataError) as caught:
        framework().evaluate({**GOOD, "预算数": value})
    assert fragment in caught.value.message
    assert (caught.value.path, caught.value.field) == ("B1", "预算数")
    assert len(str(caught.value)) < 400


def test_deeply_nested_checklist_and_flag_values() -> None:
    with hang_guard(), pytest.raises(DataError) as caught:
        framework().evaluate({**GOOD, "违规": nested(100_000)})
    assert (caught.value.path, caught.value.field) == ("D1", "违规")
    assert "got a list" in caught.value.message


def test_data_that_is_not_a_mapping() -> None:
    with pytest.raises(DataError, match="data must be a mapping"):
        framework().evaluate([1, 2, 3])


def test_external_score_outside_the_weight(tmp_path: Path) -> None:
    with pytest.raises(DataError) as caught:
        framework().evaluate(GOOD, external_scores={"C1": float("nan")})
    assert caught.value.path == "C1" and "finite" in caught.value.message
    with pytest.raises(DataError) as caught:
        framework().evaluate(GOOD, external_scores={"C1": 4.5})
    assert caught.value.path == "C1" and "above the allowed maximum 4" in caught.value.message


def test_framework_numbers_are_checked_too(tmp_path: Path) -> None:
    for bad, fragment in [(".nan", "finite"), ("1.0e+30", "1E+18"), (".inf", "finite")]:
        path = tmp_path / "fw.yaml"
        path.write_text(FRAMEWORK.replace("    weight: 4\n", f"    weight: {bad}\n", 1), "utf-8")
        with pytest.raises(perfscore.FrameworkError) as caught:
            perfscore.load_framework(path)
        err = caught.value
        assert fragment in err.message
        assert (err.file, err.line, err.path, err.field) == (str(path), 16, "B1", "weight")


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("9" * 40, id="long-numeral"),
        pytest.param(10**30, id="huge-int"),
        pytest.param("0." + "0" * 40 + "1", id="tiny-numeral"),
        pytest.param(float("nan"), id="nan"),
    ],
)
def test_the_batch_path_refuses_what_evaluate_refuses(value: Any) -> None:
    fw = framework()
    with pytest.raises(DataError):
        fw.evaluate({**GOOD, "预算数": value})
    (batch,) = list(fw.evaluate_many([{**GOOD, "预算数": value}]))
    assert batch.error is not None and batch.error.field == "预算数"


def test_a_huge_value_where_the_schema_wants_text_is_quoted_briefly() -> None:
    text = FRAMEWORK.replace("name: 安全测试框架", "name: [" + ", ".join(["x" * 50] * 2000) + "]")
    with pytest.raises(perfscore.FrameworkError) as caught:
        framework(text)
    err = caught.value
    assert (err.line, err.field) == (2, "name")
    # the schema's own words are not ours to test: that the huge value is cut in the middle is
    assert " … " in err.message and "x" * 50 in err.message
    assert len(str(err)) < 400
