"""How the engine reads an indicator's input from the data — each kind of value, the message
when it is missing or wrong — and a rule kind of a user's that reads a yes/no."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import perfscore
from perfscore.rules import RULES, BuildContext, Context, Outcome, Rule, register

pytestmark = pytest.mark.usefixtures("english")  # checks English wording


class _Present(Rule):
    """A yes/no input: full marks when the thing exists (a test kind, registered only while
    this module's tests run: the registry is global, and other tests list every kind)."""

    kind = "test-present"
    value_type = "flag"
    reads_record = False

    def __init__(self, spec: Mapping[str, Any], build: BuildContext) -> None:
        super().__init__(spec, build)

    def score(self, value: bool, ctx: Context) -> Outcome:
        return Outcome(ctx.weight if value else Decimal(0), ("有" if value else "无",))

    def max_points(self) -> Decimal:
        return self.weight


FRAMEWORK = """
id: t
name: t
version: "1"
total: 12
precision: 2
grades: [{name: 优, min: 0}]
inputs:
  a: {unit: "%"}
indicators:
  - code: L
    name: 清单
    weight: 2
    rule: {kind: checklist, mode: earn, items: [{id: x, points: 1}, {id: y, points: 1}]}
  - {code: C, name: 违规, weight: 2, rule: {kind: count, points: 1}}
  - {code: J, name: 评分, weight: 2, rule: {kind: judgment, min: 0, max: 2}}
  - {code: F, name: 有无, weight: 2, rule: {kind: test-present}}
  - code: T
    name: 达标
    weight: 2
    formula: a
    unit: "%"
    rule: {kind: threshold, compare: ">=", at: 100, otherwise: judgment}
  - code: N
    name: 数值
    weight: 2
    unit: "%"
    plausible: [0, 100]
    rule: {kind: proportional, target: 100}
"""
GOOD = {"a": "100", "L": ["x"], "C": 1, "J": "1.5", "F": "是", "N": "50%"}


@pytest.fixture(scope="module")
def present_kind() -> Iterator[None]:
    register(_Present)
    yield
    RULES.pop(_Present.kind)


@pytest.fixture(scope="module")
def fw(tmp_path_factory: pytest.TempPathFactory, present_kind: None) -> perfscore.Framework:
    path = tmp_path_factory.mktemp("fw") / "t.yaml"
    path.write_text(FRAMEWORK, encoding="utf-8")
    return perfscore.load_framework(path)


def _error(fw: perfscore.Framework, **changes: Any) -> perfscore.DataError:
    """The error scoring the changed record raises — the same with a trace and without."""
    values = {k: v for k, v in {**GOOD, **changes}.items() if v is not None}
    with pytest.raises(perfscore.DataError) as caught:
        fw.evaluate(values)
    (done,) = fw.evaluate_many([values])
    assert done.error is not None and str(done.error) == str(caught.value)
    return caught.value


def test_each_kind_of_input_is_read(fw: perfscore.Framework) -> None:
    result = fw.evaluate(GOOD)
    scores = {code: result[code].score for code in "LCJFTN"}
    assert scores == {"L": 1, "C": 1, "J": Decimal("1.5"), "F": 2, "T": 2, "N": 1}
    assert fw.evaluate({**GOOD, "F": "否"})["F"].score == 0
    assert fw.evaluate({**GOOD, "a": "99", "T": "0.5"})["T"].score == Decimal("0.5")
    (many,) = fw.evaluate_many([GOOD])
    assert many.total == result.total == Decimal("8.5")


@pytest.mark.parametrize(
    ("code", "said"),
    [
        ("L", "a list of checklist items met, from x, y"),
        ("C", "a whole number of cases"),
        ("J", "points within [0, 2]"),
        ("F", "yes or no"),
        ("N", "a number"),
    ],
)
def test_a_missing_input_says_what_it_should_be(
    fw: perfscore.Framework, code: str, said: str
) -> None:
    error = _error(fw, **{code: None})
    assert error.path == code and error.field == code
    assert str(error).endswith(f"missing input {code!r} ({said})")


def test_the_judgment_a_threshold_falls_back_on_is_required_below_the_bound(
    fw: perfscore.Framework,
) -> None:
    error = _error(fw, a="99")
    assert error.field == "T" and "points within [0, 2]" in str(error)


@pytest.mark.parametrize(
    ("code", "value", "said"),
    [
        ("F", "也许", "yes or no"),
        ("C", "1.5", "a whole number of cases"),
        ("C", "-1", "a whole number of cases"),
        ("J", "3", "points within [0, 2]"),
        ("L", ["z"], "a list of checklist items met"),
    ],
)
def test_a_wrong_input_names_itself_and_what_it_should_be(
    fw: perfscore.Framework, code: str, value: Any, said: str
) -> None:
    error = _error(fw, **{code: value})
    assert error.field == code and said in str(error)


def test_an_input_written_in_the_leafs_unit_is_converted(fw: perfscore.Framework) -> None:
    assert fw.evaluate({**GOOD, "N": "500‰"})["N"].score == 1
    error = _error(fw, N="50万元")
    assert error.field == "N"


def test_a_yes_no_input_is_remembered_by_its_text_not_its_truth(
    fw: perfscore.Framework,
) -> None:
    """The memo keeps "是", "1" and 1 apart, and never merges True with 1."""
    records = [{**GOOD, "F": v} for v in ("是", "否", "1", "0", 1, 0, True, False, "是")]
    scores = [r["F"] for r in fw.evaluate_many(records)]
    assert scores == [2, 0, 2, 0, 2, 0, 2, 0, 2]


def test_a_number_input_with_only_a_lower_bound_is_described_as_a_number() -> None:
    from perfscore.engine.inputs import describe
    from perfscore.rules import InputSpec

    assert describe(InputSpec("x", "number", minimum=Decimal(0))) == "a number"
    assert describe(InputSpec("x", "points", Decimal(0), Decimal(3))) == "points within [0, 3]"


def test_an_implausible_input_read_from_a_file_is_placed_on_its_line(
    fw: perfscore.Framework, tmp_path: Path
) -> None:
    record = tmp_path / "r.yaml"
    lines = [f"  {k}: {v!r}" if not isinstance(v, list) else f"  {k}: {v}" for k, v in GOOD.items()]
    lines[-1] = "  N: '500%'"
    record.write_text("values:\n" + "\n".join(lines) + "\n", encoding="utf-8")
    result = fw.evaluate(perfscore.load_record(record))
    (finding,) = [f for f in result.findings if f.check == "plausible-range"]
    assert finding.code == "N" and finding.line == len(lines) + 1 and finding.file == str(record)
    (done,) = fw.evaluate_many([perfscore.load_record(record)])
    assert done.warnings == (finding,)


def test_a_range_warning_names_only_the_fields_behind_the_value() -> None:
    import test_plausibility

    fw = perfscore.load_framework("department-common")
    (finding,) = test_plausibility.warnings(
        fw.evaluate(test_plausibility.hecheng_with_budget(6977100))
    )
    assert "预算数 = 6977100万元" in finding.message
    assert "在职人员数" not in finding.message and "编制数" not in finding.message
    assert finding.line is None  # computed by a formula: no one line of the data holds it


def test_a_record_that_was_not_scored_has_no_scores() -> None:
    fw = perfscore.load_framework("department-common")
    (done,) = fw.evaluate_many([{"编制数": "x"}])
    assert done.error is not None and not done.ok and done.scores == ()
    with pytest.raises(KeyError):
        done["A11"]
    as_dict = done.as_dict()
    assert as_dict["scores"] == {} and as_dict["total"] is None and as_dict["error"]
    (scored,) = fw.evaluate_many([perfscore.load_record(ROOT / "examples" / "hecheng-2020.yaml")])
    assert scored["B16"] == scored.as_dict()["scores"]["B16"]
    with pytest.raises(KeyError):
        scored["nope"]


ROOT = Path(__file__).resolve().parent.parent


VETO_FRAMEWORK = """
id: v
name: v
version: "1"
total: 4
precision: 2
grades: [{name: 优, min: 0}]
inputs:
  x: {unit: 万元}
  y: {}
indicators:
  - code: V
    name: 否决
    weight: 2
    rule: {kind: veto, when: "x > 10", rule: {kind: judgment}}
  - code: R
    name: 比率
    weight: 2
    formula: x / y
    rule: {kind: proportional, target: 1}
"""


def test_a_field_read_first_by_a_veto_is_blamed_on_the_veto(tmp_path: Path) -> None:
    """x is read by V's condition before R's formula reads it: missing, the error names V;
    y, which only R reads, names R; the message gives the unit when there is one."""
    path = tmp_path / "v.yaml"
    path.write_text(VETO_FRAMEWORK, encoding="utf-8")
    fw = perfscore.load_framework(path)
    for values, field, code, message in (
        ({"V": 1, "y": 2}, "x", "V", "missing base-data field 'x' (万元)"),
        ({"V": 1, "x": 5}, "y", "R", "missing base-data field 'y'"),
    ):
        with pytest.raises(perfscore.DataError) as caught:
            fw.evaluate(values)
        error = caught.value
        assert (error.field, error.path) == (field, code)
        assert str(error).endswith(message)
        (done,) = fw.evaluate_many([values])
        assert done.error is not None and str(done.error) == str(error)
    assert fw.evaluate({"V": 1, "x": 11, "y": 2})["V"].score == 0
    assert fw.evaluate({"V": 1, "x": 5, "y": 10})["V"].score == 1


def test_a_value_seen_before_is_not_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, present_kind: None
) -> None:
    """Fields, inputs and external scores are remembered by their raw value: the second record
    writing the same text reuses the first one's reading — and gets the same scores."""
    from perfscore.engine import names

    path = tmp_path / "fresh.yaml"
    path.write_text(FRAMEWORK, encoding="utf-8")
    fw = perfscore.load_framework(path)

    reads: list[Any] = []
    steps = [s for s in vars(fw.plan)["_by_name"].values() if isinstance(s, names.FieldStep)]
    for step in steps:
        original = step.read

        def counted(raw: Any, original: Any = original) -> Any:
            reads.append(raw)
            return original(raw)

        step.read = counted
    inputs: list[Any] = []
    from perfscore.engine import inputs as reading
    from perfscore.engine import steps as leaf_steps

    def counted_input(run: Any, spec: Any, *args: Any, **kwargs: Any) -> Any:
        inputs.append(spec.name)
        return reading.read_input(run, spec, *args, **kwargs)

    monkeypatch.setattr(leaf_steps, "read_input", counted_input)
    first, second = fw.evaluate_many([GOOD, dict(GOOD)])
    assert first.scores == second.scores and reads == ["100"]
    # a list, a count, points and a yes/no are read once each; N has a plausible range, whose
    # warning names the record's own line, so it is read for each record
    assert sorted(inputs) == ["C", "F", "J", "L", "N", "N"]
    (third,) = fw.evaluate_many([{**GOOD, "a": "99", "T": "0.5"}])
    assert reads == ["100", "99"] and third["T"] == Decimal("0.5")
