"""Broken frameworks and broken data: every error names the file, the line, the indicator and
the field, and says what was wrong.

Each file in tests/broken/ starts with a header saying what loading it must report:

    # expect: a fragment of the message, or - when the message is the schema's (jsonschema's
    #         words are not perfscore's to test: the line, indicator and field are)
    # line: the line the error points at
    # code: the indicator code (or derived name) it names, or -
    # field: the field it names, or -

The expected lines were counted by hand from the files, not copied from the engine's output.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

import perfscore
from perfscore import DataError, FrameworkError, PerfscoreError
from perfscore.framework import build_framework
from perfscore.yamlio import parse_yaml

pytestmark = pytest.mark.usefixtures("english")  # checks English wording

BROKEN = Path(__file__).parent / "broken"
HEADER = re.compile(r"^# (expect|line|code|field): (.*)$", re.MULTILINE)

#: Every kind of breakage issue 2 names must have a file in tests/broken/.
REQUIRED = {
    "malformed-yaml",
    "unknown-field",
    "duplicate-key",
    "duplicate-code",
    "undeclared-name",
    "derived-cycle",
    "unknown-kind",
    "missing-step-mode",
    "leaf-with-children-and-rule",
}


def _expected(path: Path) -> dict[str, str]:
    found = dict(HEADER.findall(path.read_text(encoding="utf-8")))
    assert set(found) == {"expect", "line", "code", "field"}, f"{path.name}: incomplete header"
    return found


def test_every_required_breakage_has_a_file() -> None:
    assert {p.stem for p in BROKEN.glob("*.yaml")} >= REQUIRED


@pytest.mark.parametrize("path", sorted(BROKEN.glob("*.yaml")), ids=lambda p: p.stem)
def test_broken_framework_names_file_line_indicator_and_field(path: Path) -> None:
    want = _expected(path)
    with pytest.raises(FrameworkError) as caught:
        perfscore.load_framework(path)
    err = caught.value
    if want["expect"] != "-":
        assert want["expect"] in err.message
    assert err.file == str(path)
    assert err.line == int(want["line"])
    if want["code"] != "-":
        assert err.path == want["code"]
    if want["field"] != "-":
        assert err.field == want["field"]
    # One line, starting where the problem is: file:line: indicator: field: message.
    text = str(err)
    assert "\n" not in text
    assert text.startswith(f"{path}:{want['line']}: ")
    if want["code"] != "-":
        assert f": {want['code']}: " in text


# ----------------------------------------------------------------------------- data errors

FRAMEWORK = """\
id: data-errors
name: 数据错误测试
version: "1"
total: 10
precision: 2
grades:
  - {name: 合格, min: 0}
inputs:
  预算数: {unit: 万元, min: 0}
  执行数: {unit: 万元, min: 0}
indicators:
  - code: B1
    name: 预算执行率
    weight: 6
    unit: "%"
    formula: 执行数 / 预算数 * 100
    rule: {kind: deduction, bound: 100, side: below, points: 1, step_mode: continuous}
  - code: C1
    name: 满意度
    weight: 4
    rule: {kind: judgment}
"""

GOOD = {"预算数": "100万元", "执行数": "97万元", "C1": 3}


def _framework(on_zero_division: str | None = None) -> perfscore.Framework:
    text = FRAMEWORK
    if on_zero_division is not None:
        text = text.replace(
            '    unit: "%"\n', f'    unit: "%"\n    on_zero_division: {on_zero_division}\n'
        )
    return build_framework(parse_yaml(text, "data-errors.yaml"))


def _record(tmp_path: Path, values: dict[str, object]) -> tuple[perfscore.Record, str]:
    """A record file, as users write them, so that errors can name it."""
    lines = ["id: r1", "values:"] + [f"  {k}: {v}" for k, v in values.items()]
    path = tmp_path / "record.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return perfscore.load_record(path), str(path)


def test_good_data_scores() -> None:
    result = _framework().evaluate(GOOD)
    assert result["B1"].score == Decimal("3.00") and result["C1"].score == 3
    assert result.total == Decimal("6.00")


@pytest.mark.parametrize(
    ("values", "code", "field", "fragment"),
    [
        ({"执行数": 97, "C1": 3}, "B1", "预算数", "missing base-data field '预算数'"),
        ({"预算数": "很多", "执行数": 97, "C1": 3}, "B1", "预算数", "expected a number"),
        ({"预算数": "-1", "执行数": 97, "C1": 3}, "B1", "预算数", "below the allowed minimum 0"),
        ({"预算数": "100亿人", "执行数": 97, "C1": 3}, "B1", "预算数", "'亿人'"),
        ({"预算数": 100, "执行数": 97, "C1": 5}, "C1", "C1", "above the allowed maximum 4"),
        ({"预算数": 100, "执行数": 97, "C1": "好"}, "C1", "C1", "expected a number"),
        ({"预算数": 100, "执行数": 97}, "C1", "C1", "missing input 'C1'"),
        ({"预算数": 0, "执行数": 97, "C1": 3}, "B1", "预算数", "zero denominator"),
        # the numerator is 0 too (and sorts first): the error is still at the denominator
        ({"执行数": 0, "预算数": 0, "C1": 3}, "B1", "预算数", "(预算数 = 0)"),
    ],
    ids=[
        "missing-field",
        "not-a-number",
        "below-minimum",
        "wrong-unit",
        "judgment-above-weight",
        "judgment-not-a-number",
        "judgment-missing",
        "zero-denominator",
        "zero-over-zero",
    ],
)
def test_bad_data_names_file_indicator_and_field(
    tmp_path: Path, values: dict[str, object], code: str, field: str, fragment: str
) -> None:
    record, file = _record(tmp_path, values)
    with pytest.raises(DataError) as caught:
        _framework().evaluate(record)
    err = caught.value
    assert fragment in err.message
    assert (err.file, err.path, err.field) == (file, code, field)
    # The record file lists `id`, `values:`, then one value a line, in the order given.
    line = 3 + list(values).index(field) if field in values else None
    assert err.line == line
    where = f"{file}:{line}" if line else file
    assert str(err).startswith(f"{where}: {code}: " + (f"{field}: " if field != code else ""))


def test_bad_data_in_a_plain_mapping_still_names_indicator_and_field() -> None:
    with pytest.raises(DataError) as caught:
        _framework().evaluate({**GOOD, "C1": "-1"})
    assert (caught.value.path, caught.value.field) == ("C1", "C1")


@pytest.mark.parametrize(("mode", "score"), [("full", Decimal("6.00")), ("zero", Decimal(0))])
def test_zero_denominator_as_the_framework_says(mode: str, score: Decimal) -> None:
    result = _framework(mode).evaluate({**GOOD, "预算数": 0})
    b1 = result["B1"]
    assert b1.score == score
    assert b1.trace is not None and any("分母为0" in reason for reason in b1.trace.reasons)
    assert result["C1"].score == 3  # the rest is scored as usual


def test_zero_denominator_error_is_the_default() -> None:
    with pytest.raises(DataError):
        _framework("error").evaluate({**GOOD, "预算数": 0})


def test_external_score_for_an_unknown_indicator_is_refused() -> None:
    with pytest.raises(DataError) as caught:
        _framework().evaluate(GOOD, external_scores={"Z9": 1})
    assert "Z9" in caught.value.message


def test_external_score_above_the_weight_is_refused() -> None:
    with pytest.raises(DataError) as caught:
        _framework().evaluate(GOOD, external_scores={"C1": 5})
    assert caught.value.path == "C1" and "4" in caught.value.message


def test_record_file_with_an_unknown_key_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "record.yaml"
    path.write_text("id: r1\nvalues:\n  预算数: 1\nvalue:\n  执行数: 1\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        perfscore.load_record(path)
    assert (caught.value.file, caught.value.line, caught.value.field) == (str(path), 4, "value")


def test_data_that_is_not_a_mapping_is_refused() -> None:
    with pytest.raises(DataError):
        _framework().evaluate([1, 2, 3])


def test_missing_framework_file_is_a_perfscore_error(tmp_path: Path) -> None:
    with pytest.raises(PerfscoreError) as caught:
        perfscore.load_framework(tmp_path / "nowhere.yaml")
    assert caught.value.file == str(tmp_path / "nowhere.yaml")
    with pytest.raises(PerfscoreError) as caught:
        perfscore.load_framework("no-such-bundled-framework")
    assert "bundled" in caught.value.message


def test_an_external_score_for_a_parent_is_refused_not_ignored() -> None:
    fw = perfscore.load_framework("department-common")
    record = perfscore.load_record("examples/hecheng-2020.yaml")
    with pytest.raises(perfscore.DataError) as caught:
        fw.evaluate(record, external_scores={"B1": 20})
    assert caught.value.field == "B1" and "children" in caught.value.message
    batch_record = perfscore.Record.coerce(record, {"B1": 20})
    (row,) = list(fw.evaluate_many([batch_record]))  # the compiled path refuses it too
    assert row.error is not None and row.error.field == "B1"


def test_an_external_score_for_a_rows_indicator_is_refused_not_ignored() -> None:
    fw = perfscore.load_framework("project-self-evaluation")
    record = perfscore.load_record("examples/hecheng-2020-project-1.yaml")
    rows_codes = [node.code for node in fw.walk() if node.rows is not None]
    with pytest.raises(perfscore.DataError) as caught:
        fw.evaluate(record, external_scores={rows_codes[0]: 1})
    assert caught.value.field == rows_codes[0] and "rows" in caught.value.message
