"""The engine's behaviour at its edges, in small exact cases: what benchmarks/mutation.py's
engine run relies on (each test runs in well under a second). Traces (capping, what was
deducted, the formula and its inputs with their units), zero denominators as the framework
says, a derived value a veto reads first, where an error is placed (a form's cell, a record's
line), external scores, the plan's cache, and `evaluate_many`'s results."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import pytest

import perfscore
from perfscore.engine import steps as leaf_steps
from perfscore.engine.many import Scorer, Unreadable
from perfscore.engine.plan import PLAN_LIMIT, plan_for
from perfscore.framework import build_framework
from perfscore.rules import RULES, BuildContext, Context, Outcome, Rule, register
from perfscore.yamlio import parse_yaml

# These tests check the English wording of perfscore's messages (tests/test_i18n.py checks
# the Chinese, the default).
pytestmark = pytest.mark.usefixtures("english")

D = Decimal


class _Echo(Rule):
    """Points = the value itself (so a test can ask for more than the weight, or less than 0);
    it notes which of `points` and `score` the engine asked."""

    kind = "test-echo"
    reads_record = False
    asked: list[str] = []  # noqa: RUF012 - a log shared by the tests of this module

    def __init__(self, spec: Mapping[str, Any], build: BuildContext) -> None:
        super().__init__(spec, build)

    def points(self, value: Decimal, ctx: Context) -> Decimal:
        self.asked.append("points")
        return D(value)

    def score(self, value: Decimal, ctx: Context) -> Outcome:
        self.asked.append("score")
        return Outcome(D(value), ("echo",))

    def max_points(self) -> Decimal:
        return self.weight


class _Fails(Rule):
    """A rule that cannot score: 1 is beyond its arithmetic (with a message), 2 too (without
    one), 3 meets a bug in it."""

    kind = "test-fails"
    reads_record = False

    def __init__(self, spec: Mapping[str, Any], build: BuildContext) -> None:
        super().__init__(spec, build)

    def score(self, value: Decimal, ctx: Context) -> Outcome:
        if value == 1:
            raise ArithmeticError("too big to carry")
        if value == 2:
            raise ZeroDivisionError
        raise RuntimeError("a bug in the rule")

    def max_points(self) -> Decimal:
        return self.weight


@pytest.fixture(scope="module", autouse=True)
def test_kinds() -> Iterator[None]:
    """Registered only while this module's tests run: the registry is global."""
    register(_Echo)
    register(_Fails)
    yield
    RULES.pop(_Echo.kind)
    RULES.pop(_Fails.kind)


HEAD = """
id: m
name: m
version: "1"
precision: 2
grades: [{name: 优, min: 0}]
"""

MAIN = (
    HEAD
    + """
total: 20
inputs:
  x: {unit: 万元}
  y: {}
  n: {type: integer}
  p: {unit: "%"}
  s: {type: survey, min: 0, max: 100}
derived:
  r: {formula: x / y, unit: 倍}
indicators:
  - code: G
    name: 组
    weight: 4
    children:
      - code: A
        name: 比
        weight: 2
        formula: x / y
        on_zero_division: full
        rule: {kind: proportional, target: 2}
      - code: Z
        name: 倍
        weight: 2
        formula: r * 2
        on_zero_division: zero
        rule: {kind: proportional, target: 8}
  - {code: Q, name: 回声, weight: 2, rule: {kind: test-echo}}
  - {code: P, name: 评分, weight: 2, unit: "%", rule: {kind: judgment, min: 0, max: 2}}
  - {code: N, name: 百分比, weight: 2, unit: "%", rule: {kind: proportional, target: 100}}
  - {code: M, name: 数, weight: 2, rule: {kind: proportional, target: 10}}
  - {code: J, name: 外部, weight: 2, rule: {kind: judgment}}
  - {code: F, name: 率, weight: 2, formula: p, unit: "%", rule: {kind: proportional, target: 100}}
  - {code: K, name: 人数, weight: 2, formula: n, rule: {kind: proportional, target: 10}}
  - {code: S, name: 问卷, weight: 2, formula: s, rule: {kind: proportional, target: 100}}
"""
)

SURVEY = {
    "valid": 4,
    "questions": [
        {
            "question": "服务是否满意？",
            "options": [
                {"option": "A.满意", "points": 100, "count": 3},
                {"option": "B.不满意", "points": 0, "count": 1},
            ],
        }
    ],
}
GOOD: dict[str, Any] = {
    "x": "3.5", "y": "2", "n": "4", "p": "95%", "s": SURVEY,
    "Q": "1", "P": "1.5", "N": "50%", "M": "5", "J": "1",
}  # fmt: skip


def framework(text: str = MAIN) -> perfscore.Framework:
    """A fresh framework each time: its plan, and the plan's memo tables, start empty."""
    return build_framework(parse_yaml(text, "m.yaml"))


def _scores(result: perfscore.Result) -> dict[str, Decimal]:
    return {node.code: node.score for node in result.walk()}


# --------------------------------------------------------------------------- scores and traces


def test_every_kind_of_leaf_scores_exactly_with_and_without_a_trace() -> None:
    fw = framework()
    result = fw.evaluate(GOOD)
    assert _scores(result) == {
        "G": D("2.63"), "A": D("1.75"), "Z": D("0.88"), "Q": D("1.00"), "P": D("1.50"),
        "N": D("1.00"), "M": D("1.00"), "J": D("1.00"), "F": D("1.90"), "K": D("0.80"),
        "S": D("1.50"),
    }  # fmt: skip
    assert result.total == D("12.33")
    (done,) = fw.evaluate_many([GOOD])
    assert done.ok and done.total == result.total
    assert done.scores == tuple(result[code].score for code in done.codes)
    assert done.as_dict()["scores"]["A"] == D("1.75") and done.as_dict()["error"] is None


def test_a_formula_leafs_trace_holds_the_formula_its_inputs_and_their_units() -> None:
    result = framework().evaluate(GOOD)
    trace = result["A"].trace
    assert trace is not None
    assert trace.formula == "x / y"
    assert trace.inputs == {"x": D("3.5"), "y": D("2")}
    assert trace.units == {"x": "万元", "y": ""}
    assert trace.deducted == D("0.25") and not trace.capped
    derived = result["Z"].trace
    assert derived is not None and derived.units == {"r": "倍"}
    plain = result["M"].trace
    assert plain is not None and plain.formula is None and plain.inputs == {} and plain.units == {}


@pytest.mark.parametrize(
    ("value", "score", "said"),
    [
        ("3", "2.00", "规则给出3分，超出指标分值2分，按2分计"),
        ("-1", "0.00", "规则给出-1分，超出指标分值2分，按0分计"),
    ],
)
def test_points_beyond_the_weight_are_capped_and_the_trace_says_so(
    value: str, score: str, said: str
) -> None:
    fw = framework()
    result = fw.evaluate({**GOOD, "Q": value})
    node = result["Q"]
    assert str(node.score) == score
    assert node.trace is not None and node.trace.capped and node.trace.points == D(value)
    assert node.trace.reasons == ("echo", said)
    assert node.trace.deducted == D(2) - D(score)
    assert fw.evaluate_many([{**GOOD, "Q": value}]).__next__()["Q"] == D(score)


def test_points_within_the_weight_are_not_capped() -> None:
    trace = framework().evaluate(GOOD)["Q"].trace
    assert trace is not None and not trace.capped and trace.reasons == ("echo",)
    assert trace.points == 1 and trace.deducted == 1


def test_scoring_without_a_trace_asks_the_rule_for_its_points_alone() -> None:
    fw = framework()
    _Echo.asked.clear()
    list(fw.evaluate_many([{**GOOD, "Q": "0.5"}, {**GOOD, "Q": "1.5"}]))
    assert _Echo.asked == ["points", "points"]
    fw.evaluate({**GOOD, "Q": "0.25"})
    assert _Echo.asked[2:] == ["score"]


def test_a_score_of_minus_zero_is_zero() -> None:
    """0 × -1 is -0 in decimal arithmetic: the score is 0.00, never "-0.00"."""
    fw = framework(
        HEAD
        + """
total: 2
inputs: {x: {}}
indicators:
  - {code: A, name: 负, weight: 2, formula: x * -1, rule: {kind: proportional, target: 2}}
"""
    )
    assert str(fw.evaluate({"x": "0"})["A"].score) == "0.00"
    (done,) = fw.evaluate_many([{"x": "0"}])
    assert str(done["A"]) == "0.00"


def test_a_formula_that_gives_a_yes_or_no_is_refused() -> None:
    fw = framework(
        HEAD
        + """
total: 2
inputs: {x: {}}
indicators:
  - {code: A, name: 真假, weight: 2, formula: x > 1, rule: {kind: proportional, target: 2}}
"""
    )
    with pytest.raises(perfscore.DataError) as caught:
        fw.evaluate({"x": "3"})
    assert (caught.value.path, caught.value.field) == ("A", "formula")
    assert "did not give a number" in str(caught.value)


# --------------------------------------------------------------------------- reading values


def test_a_field_is_read_as_its_type_says() -> None:
    fw = framework()
    for changed, field in (({"n": "1.5"}, "n"), ({"s": "87"}, "s"), ({"x": SURVEY}, "x")):
        with pytest.raises(perfscore.DataError) as caught:
            fw.evaluate({**GOOD, **changed})
        assert caught.value.field == field


def test_a_bare_fraction_is_warned_about_only_where_a_percentage_is_read() -> None:
    fw = framework()
    result = fw.evaluate({**GOOD, "p": "0.95", "N": "0.5", "P": "0.5", "x": "0.5", "M": "0.5"})
    fractions = [f for f in result.findings if f.check == "percent-fraction"]
    assert sorted(f.code or "" for f in fractions) == ["F", "N"]
    assert not [f for f in fw.evaluate(GOOD).findings if f.check == "percent-fraction"]


def test_a_value_the_framework_does_not_read_is_warned_about() -> None:
    fw = framework()
    assert not [f for f in fw.evaluate(GOOD).findings if f.check == "unknown-field"]
    (stray,) = [f for f in fw.evaluate({**GOOD, "v": 1}).findings if f.check == "unknown-field"]
    assert "'v'" in stray.message


def test_a_record_given_as_any_mapping_is_scored() -> None:
    fw = framework()
    (done,) = fw.evaluate_many([MappingProxyType(GOOD)])
    assert done.ok and done.total == fw.evaluate(GOOD).total


def test_an_input_seen_before_is_read_once_with_a_trace_and_without(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fw = framework()
    read: list[str] = []
    original = leaf_steps.read_input

    def counted(run: Any, spec: Any, *args: Any, **kwargs: Any) -> Any:
        read.append(spec.name)
        return original(run, spec, *args, **kwargs)

    monkeypatch.setattr(leaf_steps, "read_input", counted)
    list(fw.evaluate_many([GOOD, dict(GOOD)]))
    assert read.count("M") == 1
    first, second = fw.evaluate(GOOD), fw.evaluate(dict(GOOD))
    assert read.count("M") == 2  # once more with a trace: the reasons are remembered apart
    assert first["M"] == second["M"] and first["M"].trace == second["M"].trace
    assert second["M"].value == D(5)


# --------------------------------------------------------------------------- zero denominators


def test_a_zero_denominator_scores_as_each_leaf_says() -> None:
    fw = framework()
    result = fw.evaluate({**GOOD, "y": "0"})
    full, zero = result["A"], result["Z"]
    assert full.score == 2 and full.value is None
    assert full.trace is not None and full.trace.inputs == {"x": D("3.5"), "y": D(0)}
    assert len(full.trace.reasons) == 1 and "分母为0，按框架规定计满分" in full.trace.reasons[0]
    assert zero.score == 0 and zero.trace is not None and zero.trace.deducted == 2
    assert "分母为0，按框架规定计0分" in zero.trace.reasons[0]
    (done,) = fw.evaluate_many([{**GOOD, "y": "0"}])
    assert (done["A"], done["Z"]) == (2, 0)


ERROR = (
    HEAD
    + """
total: 8
inputs: {x: {}, y: {}, z: {}, b: {type: boolean}}
indicators:
  - {code: E, name: 比, weight: 2, formula: x / y, rule: {kind: proportional, target: 2}}
  - {code: O, name: 积, weight: 2, formula: x / (y * z), rule: {kind: proportional, target: 2}}
  - {code: U, name: 差, weight: 2, formula: x / (z - 1), rule: {kind: proportional, target: 2}}
  - {code: B, name: 是否, weight: 2, formula: x / b, rule: {kind: proportional, target: 2}}
"""
)


@pytest.mark.parametrize(
    ("values", "code", "field", "detail"),
    [
        ({"x": "3", "y": "0.00", "z": "2", "b": "是"}, "E", "y", "y = 0"),
        ({"x": "3", "y": "1", "z": "0", "b": "是"}, "O", "z", "z = 0"),
        ({"x": "3", "y": "2", "z": "1.0", "b": "是"}, "U", "z", "z = 1"),
        ({"x": "3", "y": "2", "z": "2", "b": "否"}, "B", "b", "b = False"),
    ],
)
def test_a_zero_denominator_the_framework_says_nothing_about_is_an_error(
    values: dict[str, str], code: str, field: str, detail: str
) -> None:
    """The error names the field under the division that is 0 (or, when the denominator is
    an expression that came to 0, its field), and shows its value."""
    fw = framework(ERROR)
    with pytest.raises(perfscore.DataError) as caught:
        fw.evaluate(values)
    error = caught.value
    assert (error.path, error.field) == (code, field)
    assert f" ({detail}); the framework may declare on_zero_division" in str(error)
    (done,) = fw.evaluate_many([values])
    assert str(done.error) == str(error)


def test_a_list_of_items_is_remembered_only_when_it_holds_text_or_whole_numbers() -> None:
    """[1] and [True] are not one key (True == 1): the second is refused, not scored as [1]."""
    fw = framework(
        HEAD
        + """
total: 2
indicators:
  - code: L
    name: 清单
    weight: 2
    rule: {kind: checklist, mode: earn, items: [{id: "1", points: 1}, {id: "2", points: 1}]}
"""
    )
    first, second = fw.evaluate_many([{"L": [1]}, {"L": [True]}])
    assert first["L"] == 1 and second.error is not None and second.error.field == "L"


# --------------------------------------------------------------------------- vetoes and names

VETO = (
    HEAD
    + """
total: 6
inputs: {x: {}, y: {}}
derived:
  r: {formula: x / y, plausible: [0, 10]}
  q: {formula: "round(x, y)"}
indicators:
  - code: V
    name: 先否决
    weight: 2
    rule: {kind: veto, when: q > 100, rule: {kind: judgment}}
  - code: R
    name: 比
    weight: 2
    formula: r + q
    on_zero_division: full
    rule: {kind: proportional, target: 10}
  - code: W
    name: 后否决
    weight: 2
    on_zero_division: zero
    rule: {kind: veto, when: r > 5, rule: {kind: judgment}}
"""
)


def test_a_derived_value_a_veto_reads_first_blames_its_errors_on_the_veto() -> None:
    fw = framework(VETO)
    with pytest.raises(perfscore.DataError) as caught:
        fw.evaluate({"x": "3", "y": "0.5", "V": 1, "W": 1})
    assert caught.value.path == "V" and caught.value.field == "formula"


def test_a_derived_value_a_veto_reads_after_a_formula_is_not_computed_again() -> None:
    fw = framework(VETO)
    result = fw.evaluate({"x": "60", "y": "2", "V": 1, "W": 1})
    assert result["W"].score == 0 and result["V"].score == 1
    (range_warning,) = [f for f in result.findings if f.check == "plausible-range"]
    assert range_warning.code == "R"
    assert fw.evaluate({"x": "6", "y": "2", "V": 1, "W": 1})["W"].score == 1


def test_a_value_a_veto_reads_before_its_formula_leaf_is_computed_and_warned_about_once() -> None:
    text = VETO.replace("when: q > 100", "when: r > 100")
    fw = framework(text)
    for found in (
        fw.evaluate({"x": "60", "y": "2", "V": 1, "W": 1}).findings,
        next(iter(fw.evaluate_many([{"x": "60", "y": "2", "V": 1, "W": 1}]))).warnings,
    ):
        (range_warning,) = [f for f in found if f.check == "plausible-range"]
        assert range_warning.code == "V"  # the first to read it


def test_a_veto_reading_a_derived_value_that_divides_by_zero_scores_as_it_says() -> None:
    fw = framework(VETO)
    result = fw.evaluate({"x": "6", "y": "0", "V": 1, "W": 1})
    assert result["W"].score == 0 and result["R"].score == 2
    reasons = result["W"].trace.reasons  # type: ignore[union-attr]
    assert "分母为0，按框架规定计0分" in reasons[0]
    (done,) = fw.evaluate_many([{"x": "6", "y": "0", "V": 1, "W": 1}])
    assert done.ok and done["W"] == 0


FAILS = (
    HEAD
    + """
total: 2
indicators:
  - {code: B, name: 坏, weight: 2, rule: {kind: test-fails}}
"""
)


@pytest.mark.parametrize(
    ("value", "detail"), [("1", "too big to carry"), ("2", "ZeroDivisionError")]
)
def test_a_rule_that_cannot_score_a_value_says_why(value: str, detail: str) -> None:
    with pytest.raises(perfscore.DataError) as caught:
        framework(FAILS).evaluate({"B": value})
    assert (caught.value.path, caught.value.field) == ("B", "rule")
    assert str(caught.value).endswith(f"rule 'test-fails' could not score this value: {detail}")


# --------------------------------------------------------------------------- where errors are

CELL = "基础数据!C7"  # a value's cell in an input form


@pytest.mark.parametrize(
    ("where", "file", "line"),
    [
        ({"file": "f.xlsx", "locations": {"x": CELL}, "lines": {"x": 4}}, f"f.xlsx: {CELL}", None),
        ({"locations": {"x": CELL}}, CELL, None),
        ({"file": "r.yaml", "lines": {"x": 4}}, "r.yaml", 4),
        ({"file": "r.yaml", "lines": {"y": 4}}, "r.yaml", None),
    ],
)  # fmt: skip
def test_an_error_names_the_cell_or_line_the_value_was_read_from(
    where: dict[str, Any], file: str, line: int | None
) -> None:
    record = perfscore.Record({**GOOD, "x": "abc"}, **where)
    with pytest.raises(perfscore.DataError) as caught:
        framework().evaluate(record)
    assert (caught.value.file, caught.value.line, caught.value.field) == (file, line, "x")


# --------------------------------------------------------------------------- external scores


def test_an_external_score_is_rounded_and_traced_as_external() -> None:
    fw = framework()
    result = fw.evaluate(perfscore.Record(GOOD, external_scores={"J": "1.234"}))
    node = result["J"]
    assert node.score == D("1.23") and node.source == "external" and node.rule == "judgment"
    assert node.trace is not None and node.trace.deducted == D("0.77")
    assert node.trace.points == D("1.234")
    (done,) = fw.evaluate_many([perfscore.Record(GOOD, external_scores={"J": "1.234"})])
    assert done["J"] == D("1.23")


def test_an_external_score_seen_before_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    fw = framework()
    read: list[Any] = []
    original = leaf_steps.read_number

    def counted(raw: Any, **kwargs: Any) -> Any:
        read.append(raw)
        return original(raw, **kwargs)

    monkeypatch.setattr(leaf_steps, "read_number", counted)
    record = perfscore.Record(GOOD, external_scores={"J": "1.5"})
    first, second = fw.evaluate_many([record, record])
    assert read == ["1.5"] and first["J"] == second["J"] == D("1.50")


@pytest.mark.parametrize(
    ("code", "said"), [("nope", "unknown indicator 'nope'"), ("G", "from its children")]
)
def test_an_external_score_only_for_a_leaf_of_the_framework(code: str, said: str) -> None:
    fw = framework()
    record = perfscore.Record(GOOD, external_scores={code: "1"})
    with pytest.raises(perfscore.DataError) as caught:
        fw.evaluate(record)
    assert caught.value.field == code and said in str(caught.value)
    (done,) = fw.evaluate_many([record])
    assert done.error is not None and str(done.error) == str(caught.value)


def test_an_external_score_for_an_indicator_of_rows_is_refused() -> None:
    from test_targets import framework as rows_framework
    from test_targets import row

    fw = rows_framework()
    values = {"rows": [row("100", "100")], "Z": 0}
    with pytest.raises(perfscore.DataError) as caught:
        fw.evaluate(perfscore.Record(values, external_scores={"B": "1"}))
    assert caught.value.field == "B" and "from its rows" in str(caught.value)
    (done,) = fw.evaluate_many([values])  # a plain mapping of values, rows and all
    assert done.ok and done.total == fw.evaluate(values).total == 10


# --------------------------------------------------------------------------- the plan's cache


def test_at_most_plan_limit_plans_are_kept_per_framework() -> None:
    fw = framework()
    leaves = [leaf.code for leaf in fw.leaves()]
    sets = [frozenset(c) for k in range(len(leaves)) for c in itertools.combinations(leaves, k)]
    kept = sets[:PLAN_LIMIT]  # the first is frozenset(): the plan of records with none
    assert all(plan_for(fw, s) is plan_for(fw, s) for s in kept)
    extra = sets[PLAN_LIMIT]
    assert plan_for(fw, extra) is not plan_for(fw, extra)
    assert plan_for(fw, extra).codes == fw.plan.codes


# --------------------------------------------------------------------------- many records


def test_many_records_are_numbered_and_traced_only_when_asked() -> None:
    fw = framework()
    scorer = Scorer(fw)
    assert scorer.score(0, GOOD).result is None
    traced = scorer.score(0, GOOD, trace=True)
    assert traced.result is not None and traced.result.total == traced.total
    chunk = scorer.score_chunk(5, [GOOD, GOOD])
    assert [r.index for r in chunk] == [5, 6] and all(r.result is None for r in chunk)
    assert all(r.result is None for r in perfscore.evaluate_many(fw, [GOOD]))
    (done,) = fw.evaluate_many([GOOD], trace=True)
    assert done.result is not None and done.result["A"].score == done["A"]


def test_many_records_keep_their_ids_and_their_errors() -> None:
    fw = framework()
    bad = perfscore.DataError("row 3 could not be read")
    unreadable, named, plain = fw.evaluate_many(
        [Unreadable("row-3", bad), perfscore.Record(GOOD, id="u1"), GOOD]
    )
    assert unreadable.error is bad and unreadable.id == "row-3" and unreadable.scores == ()
    assert not unreadable.ok and named.ok and named.id == "u1" and plain.id is None


def test_a_bug_in_a_rule_loses_no_record() -> None:
    fw = framework(FAILS)
    (done,) = fw.evaluate_many([perfscore.Record({"B": "3"}, id="u", file="r.yaml")])
    assert isinstance(done.error, perfscore.DataError) and done.error.file == "r.yaml"
    assert "unexpected RuntimeError" in str(done.error) and done.id == "u"


FIELD_VETO = (
    HEAD
    + """
total: 4
inputs: {rate: {unit: "%"}, share: {unit: "%"}}
indicators:
  - code: V
    name: 先否决
    weight: 2
    rule: {kind: veto, when: rate > 100, rule: {kind: judgment}}
  - code: R
    name: 执行率
    weight: 1
    formula: rate
    unit: "%"
    rule: {kind: proportional, target: 100}
  - code: S
    name: 占比
    weight: 1
    input: share
    unit: "%"
    plausible: [10, 90]
    rule: {kind: proportional, target: 100}
"""
)


def test_a_field_a_veto_reads_first_is_read_and_warned_about_once() -> None:
    fw = framework(FIELD_VETO)
    data = {"rate": "0.5", "share": "50", "V": 1}
    for found in (fw.evaluate(data).findings, next(iter(fw.evaluate_many([data]))).warnings):
        (bare,) = [f for f in found if "rate" in f.message and "%" in f.message]
        assert bare.code == "V"


def test_a_range_warning_names_the_leaf_by_code_and_name() -> None:
    fw = framework(FIELD_VETO)
    found = fw.evaluate({"rate": "50", "share": "95", "V": 1}).findings
    (ranged,) = [f for f in found if f.check == "plausible-range"]
    assert "S 占比" in ranged.message and ranged.code == "S"


def test_a_leaf_declaring_only_its_rounding_mode_traces_it_at_the_frameworks_precision() -> None:
    text = FIELD_VETO.replace(
        "    input: share\n", "    input: share\n    rounding: down\n"
    ).replace("plausible: [10, 90]", "plausible: [0, 100]")
    result = framework(text).evaluate({"rate": "50", "share": "33.339", "V": 1})
    assert result["S"].trace.rounding == (2, "down")  # type: ignore[union-attr]
    assert result["S"].score == D("0.33")  # 0.33339 down, not half up
    assert result["R"].trace.rounding is None  # type: ignore[union-attr]
