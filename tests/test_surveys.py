"""Survey inputs (满意度调查问卷): the value, the checks, and errors that name the question."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfscore.errors import DataError, FrameworkError
from perfscore.framework import Framework, build_framework
from perfscore.numbers import ZERO
from perfscore.surveys import parse_survey, read_survey
from perfscore.yamlio import parse_yaml

pytestmark = pytest.mark.usefixtures("english")

FRAMEWORK = """
id: survey-demo
name: 满意度
version: "1"
total: 5
precision: 2
grades: [{name: 优, min: 0}]
inputs:
  问卷: {type: survey, min: 0, max: 100}
indicators:
  - code: S
    name: 满意度
    weight: 5
    formula: 问卷
    unit: "%"
    rule: {kind: threshold, compare: ">", at: 90}
"""


def _framework() -> Framework:
    return build_framework(parse_yaml(FRAMEWORK, "survey-demo.yaml"))


def _survey(**changes: Any) -> dict[str, Any]:
    survey: dict[str, Any] = {
        "valid": 4,
        "questions": [
            {
                "question": "服务是否满意？",
                "options": [
                    {"option": "A.满意", "points": 50, "count": 3},
                    {"option": "B.不满意", "points": 0, "count": 1},
                ],
            },
            {
                "question": "办事是否方便？",
                "options": [
                    {"option": "A.方便", "points": 50, "count": 4},
                    {"option": "B.不方便", "points": 0, "count": 0},
                ],
            },
        ],
    }
    survey.update(changes)
    return survey


def test_value_is_points_times_counts_over_valid() -> None:
    survey = parse_survey(_survey())
    assert survey.total_points == 350
    assert survey.value == Decimal("87.5")
    assert survey.maximum == 100


def test_a_framework_scores_a_survey() -> None:
    fw = _framework()
    result = fw.evaluate({"问卷": _survey()})
    assert result["S"].value == Decimal("87.5")
    assert result["S"].score == 0
    better = _survey()
    better["questions"][0]["options"][0]["count"] = 4
    better["questions"][0]["options"][1]["count"] = 0
    assert fw.evaluate({"问卷": better})["S"].score == 5


def _bad(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    survey = _survey()
    target: Any = survey
    for key in path[:-1]:
        target = target[key]
    if value is _DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return survey


_DELETE = object()


@pytest.mark.parametrize(
    ("path", "value", "words"),
    [
        (("questions", 0, "options", 1, "count"), -1, ["question 1", "服务是否满意", "B.不满意"]),
        (("questions", 1, "options", 0, "count"), 2.5, ["question 2", "办事是否方便", "A.方便"]),
        (("questions", 1, "options", 0, "count"), 5, ["question 2", "5 answers", "4 valid"]),
        (("questions", 0, "options", 0, "points"), "十", ["question 1", "A.满意", "points"]),
        (("questions", 0, "options", 0, "weight"), 1, ["question 1", "A.满意", "weight"]),
        (("questions", 0, "options", 1, "count"), _DELETE, ["B.不满意", "missing 'count'"]),
        (("questions", 1, "options", 1, "option"), "A.方便", ["question 2", "listed twice"]),
        (("questions", 1, "options"), [], ["question 2", "at least one option"]),
        (("valid",), 0, ["valid", "0"]),
        (("valid",), _DELETE, ["missing 'valid'"]),
        (("questions",), [], ["at least one question"]),
    ],
)
def test_errors_name_the_question_and_option(
    path: tuple[Any, ...], value: Any, words: list[str]
) -> None:
    with pytest.raises(ValueError) as caught:
        parse_survey(_bad(path, value))
    for word in words:
        assert word in str(caught.value)
    with pytest.raises(ValueError) as scoring:  # reading for the value alone checks it all too
        read_survey(_bad(path, value))
    assert str(scoring.value) == str(caught.value)


def test_valid_returned_issued_are_consistent() -> None:
    with pytest.raises(ValueError, match="4 valid questionnaires but only 3 returned"):
        parse_survey(_survey(returned=3))
    with pytest.raises(ValueError, match="5 questionnaires returned but only 4 issued"):
        parse_survey(_survey(returned=5, issued=4))
    assert parse_survey(_survey(issued=50, returned=50)).value == Decimal("87.5")


def test_evaluation_error_names_the_field_and_indicator() -> None:
    bad = _bad(("questions", 0, "options", 1, "count"), 9)
    with pytest.raises(DataError) as caught:
        _framework().evaluate({"问卷": bad})
    error = caught.value
    assert error.field == "问卷"
    assert error.path == "S"
    assert "服务是否满意" in str(error)


def test_field_range_applies_to_the_value() -> None:
    survey = _survey()
    survey["questions"][1]["options"][0]["points"] = 500
    with pytest.raises(ValueError, match="above the allowed maximum 100"):
        read_survey(survey, maximum=Decimal(100))


def test_schema_accepts_only_known_field_types() -> None:
    text = FRAMEWORK.replace("type: survey", "type: questionnaire")
    with pytest.raises(FrameworkError) as caught:  # in the schema's words: checked by place
        build_framework(parse_yaml(text, "bad.yaml"))
    assert caught.value.file == "bad.yaml" and caught.value.field == "inputs.问卷.type"
    assert caught.value.line == next(
        i for i, line in enumerate(text.splitlines(), 1) if "type: questionnaire" in line
    )


_options = st.lists(
    st.tuples(st.integers(min_value=0, max_value=10), st.integers(min_value=0, max_value=30)),
    min_size=1,
    max_size=4,
)


@given(st.lists(_options, min_size=1, max_size=6), st.integers(min_value=0, max_value=20))
def test_value_lies_between_worst_and_best_when_everyone_answers(
    questions: list[list[tuple[int, int]]], extra: int
) -> None:
    valid = max(sum(c for _, c in q) for q in questions) + extra
    if valid == 0:
        valid = 1
    raw_questions = []
    for i, options in enumerate(questions):
        opts = [{"option": f"{j}", "points": p, "count": c} for j, (p, c) in enumerate(options)]
        # the remaining questionnaires answer this question with its lowest-scoring option
        opts.append({"option": "rest", "points": min(p for p, _ in options), "count": 0})
        opts[-1]["count"] = valid - sum(c for _, c in options)
        raw_questions.append({"question": f"q{i}", "options": opts})
    survey = parse_survey({"valid": valid, "questions": raw_questions})
    worst = sum((Decimal(min(p for p, _ in q)) for q in questions), ZERO)
    assert worst <= survey.value <= survey.maximum
    expected = sum(
        (Decimal(o["points"]) * o["count"] for q in raw_questions for o in q["options"]), ZERO
    )
    assert survey.total_points == expected
    assert survey.value == expected / valid


_written = st.sampled_from(["int", "text", "decimal"])


@given(
    st.lists(
        st.lists(st.tuples(st.integers(-100, 200), st.integers(0, 9), _written), min_size=1),
        min_size=1,
        max_size=4,
    )
)
def test_an_option_reads_alike_however_its_numbers_are_written(
    questions: list[list[tuple[int, int, str]]],
) -> None:
    """Options written with int points and counts (read on the common path) and the same
    options written as text or Decimals (read with every check spelled out) give one survey."""

    def written(number: int, how: str) -> Any:
        return {"int": number, "text": f" {number} ", "decimal": Decimal(number)}[how]

    def survey(how: str | None) -> dict[str, Any]:
        return {
            "valid": 10 * len(max(questions, key=len)),
            "questions": [
                {
                    "question": f"问题{i}？",
                    "options": [
                        {
                            "option": f" {j}.选项 ",
                            "points": written(p, how or h),
                            "count": c if (how or h) != "text" else written(c, "text"),
                        }
                        for j, (p, c, h) in enumerate(options)
                    ],
                }
                for i, options in enumerate(questions)
            ],
        }

    common, mixed = parse_survey(survey("int")), parse_survey(survey(None))
    assert common == mixed
    assert read_survey(survey("int")) == read_survey(survey(None)) == common.value
    assert common.value == sum(
        (Decimal(p * c) for options in questions for p, c, _ in options), ZERO
    ) / (10 * len(max(questions, key=len)))
    assert all(o.text.endswith(".选项") for q in common.questions for o in q.options)


@pytest.mark.parametrize(
    "option",
    [
        {"option": "A", "points": 1, "count": -1},
        {"option": "A", "points": 1, "count": 10**19},
        {"option": "A", "points": 10**19, "count": 1},
        {"option": " ", "points": 1, "count": 1},
        {"option": "A", "points": True, "count": 1},
        {"option": "A", "points": 1, "count": True},
        {"option": "A", "points": 1, "counts": 1},
    ],
)
def test_an_option_of_three_keys_is_still_checked(option: dict[str, Any]) -> None:
    raw = {"valid": 5, "questions": [{"question": "Q", "options": [option]}]}
    with pytest.raises(ValueError, match="question 1 「Q」, option 1"):
        parse_survey(raw)
