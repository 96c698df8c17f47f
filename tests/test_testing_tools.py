"""perfscore.testing itself: the strategies reach the edges they promise, the invariants fail
on results that break them, and the package stays importable without hypothesis."""

from __future__ import annotations

import copy
import re
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import processes
import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

import perfscore
from perfscore import Framework
from perfscore.framework import build_framework
from perfscore.result import Result
from perfscore.testcases import CaseRunner, load_cases
from perfscore.testing import (
    VALUE_STRATEGIES,
    InvariantError,
    assert_deterministic,
    assert_grade_consistent,
    assert_invariants,
    assert_monotone,
    assert_parents_sum,
    assert_rounding,
    assert_scores_within_weights,
    assert_total_in_range,
    base_data,
    invalid_base_data,
    monotone_violations,
    names_read,
)
from perfscore.yamlio import parse_yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "docs" / "testing-example"
#: For `find`: a search that ends the same way on every run. Drawn at random, a landmark in the
#: middle of a rule's list was missed in one run in a few (hypothesis's examples come in runs
#: of near-copies); derandomized, every search below succeeds within the budget, a wide margin.
GENERATE = settings(
    max_examples=1000, phases=[Phase.generate], database=None, derandomize=True, deadline=None
)


@pytest.fixture(scope="module")
def fw() -> Framework:
    return perfscore.load_framework("department-common")


@pytest.fixture(scope="module")
def hecheng() -> Result:
    fw = perfscore.load_framework("department-common")
    return fw.evaluate(perfscore.load_record(ROOT / "examples" / "hecheng-2020.yaml"))


# --------------------------------------------------------------------------- import


def test_importing_perfscore_and_its_cli_and_plugin_does_not_import_hypothesis() -> None:
    code = (
        "import sys, perfscore, perfscore.cli, perfscore.testcases, perfscore.pytest_plugin\n"
        "perfscore.cli._load_commands()\n"
        "assert 'hypothesis' not in sys.modules, sorted(m for m in sys.modules if 'hypo' in m)\n"
    )
    done = processes.run([sys.executable, "-c", code])
    assert done.returncode == 0, done.stderr


# --------------------------------------------------------------------------- strategies


@pytest.mark.parametrize(
    ("code", "value"),
    [
        ("A21", Decimal(100)),  # the bound of "≤100%计满分"
        ("B14", Decimal(5)),  # one step of "每超过5%扣1分" from 0%
        ("B18", Decimal(105)),  # one step above the bound of a two-sided deduction
        ("B11", Decimal("99.99")),  # just below the bound
    ],
)
def test_base_data_reaches_the_rules_landmarks_exactly(
    fw: Framework, code: str, value: Decimal
) -> None:
    found = find(
        base_data(fw), lambda data: fw.evaluate(data)[code].value == value, settings=GENERATE
    )
    assert fw.evaluate(found)[code].value == value


def test_base_data_draws_the_edges_of_fields_and_judgments(fw: Framework) -> None:
    find(
        base_data(fw, text=False),
        lambda d: d["编制数"] == 0 or d["在职人员数"] == 0,
        settings=GENERATE,
    )
    find(base_data(fw), lambda d: d["D11"] == 5, settings=GENERATE)  # a judgment at its maximum
    find(base_data(fw), lambda d: d["B22"] == 0, settings=GENERATE)  # no violations counted
    find(
        base_data(fw),
        lambda d: isinstance(d["预算数"], str) and "万元" in d["预算数"],
        settings=GENERATE,
    )


def test_base_data_avoids_zero_denominators_unless_declared(fw: Framework) -> None:
    @settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
    @given(base_data(fw, text=False))
    def check(data: dict[str, Any]) -> None:
        assert data["编制数"] != 0  # A21 在职人员数 / 编制数 declares no on_zero_division
        assert all(r.value is not None for r in fw.evaluate(data).leaves() if r.rule)

    check()


def test_without_text_numbers_are_numbers(fw: Framework) -> None:
    @settings(max_examples=30)
    @given(base_data(fw, text=False))
    def check(data: dict[str, Any]) -> None:
        for name, field in fw.fields.items():
            assert isinstance(data[name], int if field.type == "integer" else Decimal), name

    check()


def test_invalid_data_is_wrong_in_the_named_field(fw: Framework) -> None:
    @settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
    @given(invalid_base_data(fw))
    def check(wrong: Any) -> None:
        if wrong.problem == "missing":
            assert wrong.field not in wrong.data
        else:
            assert wrong.data[wrong.field] is wrong.value
        with pytest.raises(perfscore.DataError) as caught:
            fw.evaluate(wrong.data)
        assert caught.value.field == wrong.field

    check()


def _complete(fw: Framework) -> dict[str, Any]:
    """鹤城's base data, with 100 for every field its report does not give (and B21's points
    met, which the report does not say)."""
    record = perfscore.load_record(ROOT / "examples" / "hecheng-2020.yaml")
    return {**{name: 100 for name in fw.fields}, **record.values, "B21": ["1", "2"]}


def test_names_read_follows_evaluation(fw: Framework) -> None:
    read = names_read(fw, _complete(fw))
    assert read.index("在职人员数") < read.index("实际支出公用经费总额")  # A21 before B16
    assert "D11" in read
    record = perfscore.load_record(ROOT / "examples" / "hecheng-2020.yaml")
    assert "预算执行数" not in names_read(fw, record)  # B11's score is supplied from outside


def test_a_value_type_without_a_strategy_is_named(
    fw: Framework, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delitem(VALUE_STRATEGIES, "items")
    with pytest.raises(InvalidArgument, match="register_value_strategy"):
        base_data(fw)


# --------------------------------------------------------------------------- invariants


def test_a_sound_result_passes_every_invariant(fw: Framework, hecheng: Result) -> None:
    assert_invariants(fw, hecheng)


def _broken(result: Result) -> Result:
    return copy.deepcopy(result)


def test_a_score_above_its_weight_is_caught(fw: Framework, hecheng: Result) -> None:
    bad = _broken(hecheng)
    bad["A21"].score = Decimal(3)  # weight 2
    with pytest.raises(InvariantError, match="A21"):
        assert_scores_within_weights(fw, bad)
    bad["A21"].score = Decimal(-1)
    with pytest.raises(InvariantError, match="outside"):
        assert_scores_within_weights(fw, bad)


def test_a_parent_that_is_not_the_sum_is_caught(hecheng: Result) -> None:
    bad = _broken(hecheng)
    bad["B1"].score += 1
    with pytest.raises(InvariantError, match="B1"):
        assert_parents_sum(bad)


def test_a_wrong_total_or_grade_is_caught(fw: Framework, hecheng: Result) -> None:
    bad = _broken(hecheng)
    bad.total = Decimal(101)
    with pytest.raises(InvariantError) as caught:
        assert_total_in_range(fw, bad)
    assert len(caught.value.violations) == 2  # not the sum, and above 100
    bad = _broken(hecheng)
    bad.grade = "良"
    with pytest.raises(InvariantError, match="优"):
        assert_grade_consistent(fw, bad)


def test_grades_are_half_open(fw: Framework, hecheng: Result) -> None:
    """89.5 is 良: a band runs from its min (inclusive) to the next band's (exclusive)."""
    for total, grade in [("89.5", "良"), ("90", "优"), ("59.99", "差"), ("80", "良")]:
        result = _broken(hecheng)
        result.total, result.grade = Decimal(total), grade
        assert_grade_consistent(fw, result)


def test_a_score_not_rounded_at_the_precision_is_caught(fw: Framework, hecheng: Result) -> None:
    bad = _broken(hecheng)
    bad["A21"].score = Decimal("1.999")
    with pytest.raises(InvariantError, match="decimal places"):
        assert_rounding(fw, bad)


def test_every_violation_is_listed(fw: Framework, hecheng: Result) -> None:
    bad = _broken(hecheng)
    bad["A21"].score = Decimal(3)
    bad.grade = None
    with pytest.raises(InvariantError) as caught:
        assert_invariants(fw, bad)
    text = "\n".join(caught.value.violations)
    assert "A21" in text and "A2 " in text and "grade" in text


def test_weights_that_do_not_add_up_allow_what_the_children_can_reach() -> None:
    """project-common's D is declared 30 but its children add to more: scores are summed as
    they are (lint reports the weights), so the invariant allows what the children reach."""
    fw = perfscore.load_framework("project-common")
    record = perfscore.load_record(ROOT / "examples" / "hecheng-2020-project-common.yaml")
    assert_invariants(fw, fw.evaluate(record))


def test_nondeterminism_and_mutation_are_caught(
    fw: Framework, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _complete(fw)
    assert_deterministic(fw, data)
    real = Framework.evaluate
    calls = iter(range(100))

    def drifting(self: Framework, data: Any, **kwargs: Any) -> Result:
        result = real(self, data, **kwargs)
        result.total += next(calls)
        return result

    monkeypatch.setattr(Framework, "evaluate", drifting)
    with pytest.raises(InvariantError, match="different result"):
        assert_deterministic(fw, data, reload=False)

    def mutating(self: Framework, data: Any, **kwargs: Any) -> Result:
        data["编制数"] = 1
        return real(self, data, **kwargs)

    monkeypatch.setattr(Framework, "evaluate", mutating)
    with pytest.raises(InvariantError, match="changed the data"):
        assert_deterministic(fw, dict(data), reload=False)


# --------------------------------------------------------------------------- monotone


def test_monotone_holds_where_the_rule_agrees(fw: Framework) -> None:
    for code in ("A21", "B16", "B17"):
        assert_monotone(fw, _complete(fw), code)


def test_monotone_finds_a_rule_that_contradicts_its_direction(fw: Framework) -> None:
    """C11 实际完成率 is 正向 but "每超过1%扣1分": moving 实际完成工作数 past 计划工作数 costs."""
    data = _complete(fw)
    data.update(实际完成工作数=100, 计划工作数=100)
    found = monotone_violations(fw, data, "C11")  # moving either input of the rate shows it
    assert len(found) == 2 and all("C11" in f and "正向" in f for f in found)
    assert "moving 实际完成工作数" in found[0] and "moving 计划工作数" in found[1]
    with pytest.raises(InvariantError):
        assert_monotone(fw, data, "C11")


def test_monotone_needs_a_direction(fw: Framework) -> None:
    with pytest.raises(ValueError, match="direction"):
        monotone_violations(fw, {}, "B12")  # 预算调整率 declares none
    with pytest.raises(perfscore.DataError):  # data that cannot be scored is not a pass
        monotone_violations(fw, {}, "B12", direction="positive")


# --------------------------------------------------------------------------- the worked example


def _example(fixed: bool) -> Framework:
    text = (EXAMPLE / "framework.yaml").read_text(encoding="utf-8")
    if fixed:
        text = text.replace("[90, 20]", "[90, 27]")
    return build_framework(parse_yaml(text, str(EXAMPLE / "framework.yaml")))


def test_the_worked_example_bug_escapes_lint_but_not_the_property() -> None:
    buggy, fixed = _example(False), _example(True)
    assert not buggy.findings  # lint is silent
    found = find(
        base_data(buggy),
        lambda data: bool(monotone_violations(buggy, data, "A2")),
        settings=GENERATE,
    )
    assert "A2" in monotone_violations(buggy, found, "A2")[0]
    assert_monotone(fixed, found, "A2")

    @settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
    @given(base_data(fixed), st.sampled_from(["A1", "A2"]))
    def fixed_holds(data: dict[str, Any], code: str) -> None:
        assert_monotone(fixed, data, code)

    fixed_holds()


# --------------------------------------------------------------------------- docs/testing.md


def _doc_blocks(language: str) -> list[str]:
    text = (ROOT / "docs" / "testing.md").read_text(encoding="utf-8")
    return re.findall(rf"^```{language}\n(.*?)^```$", text, re.MULTILINE | re.DOTALL)


def test_the_doc_shows_the_real_example_files() -> None:
    (tests,) = [b for b in _doc_blocks("python") if "def test_scores_hold_together" in b]
    assert tests == (EXAMPLE / "test_framework.py").read_text(encoding="utf-8")
    (table,) = [b for b in _doc_blocks("yaml") if "kind: piecewise" in b]
    assert table in (EXAMPLE / "framework.yaml").read_text(encoding="utf-8")


def test_the_doc_shows_the_real_falsifying_output() -> None:
    """perfscore's part of the shown output — the invariant's message for the shrunk data — is
    what perfscore says for that data (hypothesis's and pytest's own wording is not checked)."""
    (output,) = [b for b in _doc_blocks("console") if "InvariantError" in b]
    message = re.search(r"InvariantError: (.*)", output)
    assert message is not None
    data = {"预算数": Decimal("1"), "执行数": Decimal("0"), "考核得分": Decimal("0")}
    data["A3"] = Decimal("0")
    assert "data={'预算数': Decimal('1'),\n" in output
    assert monotone_violations(_example(False), data, "A2") == [message.group(1)]
    assert monotone_violations(_example(True), data, "A2") == []


def test_the_docs_regression_case_fails_on_the_bug_and_passes_once_fixed(tmp_path: Path) -> None:
    (case,) = [b for b in _doc_blocks("yaml") if "cases:" in b and "framework.yaml" in b]
    text = (EXAMPLE / "framework.yaml").read_text(encoding="utf-8")
    (tmp_path / "regression.perfscore.yaml").write_text(case, encoding="utf-8")
    runner_results = {}
    for fixed in (False, True):
        body = text.replace("[90, 20]", "[90, 27]") if fixed else text
        (tmp_path / "framework.yaml").write_text(body, encoding="utf-8")
        (outcome,) = [
            CaseRunner().run(c) for c in load_cases(tmp_path / "regression.perfscore.yaml")
        ]
        runner_results[fixed] = outcome
    assert runner_results[True].passed, runner_results[True].report()
    (mismatch,) = runner_results[False].mismatches
    assert (mismatch.expected, mismatch.actual) == ("27", "20")
