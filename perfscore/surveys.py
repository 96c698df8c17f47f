"""Satisfaction surveys (满意度调查问卷): questions, option points and answer counts -> a value.

A survey is written in the data as a mapping:

    valid: 48                  # 有效问卷份数 (required)
    issued: 50                 # 发放问卷份数 (optional)
    returned: 50               # 收回问卷份数 (optional)
    questions:
      - question: 您认为该部门办理事务是否方便？
        options:
          - {option: A.方便，高效, points: 10, count: 48}
          - {option: B.方便，效率一般, points: 5, count: 0}

Its value is the 问卷综合得分: Σ(option points × answer count) / valid questionnaires.
Everything is checked and every error names the question and the option: counts are whole
numbers ≥ 0, a question's answers cannot exceed the valid questionnaires, and
valid ≤ returned ≤ issued when those are given.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .i18n import say
from .numbers import ZERO, plain, round_half_up, to_decimal

_SURVEY_KEYS = {"valid", "issued", "returned", "questions"}
_QUESTION_KEYS = {"question", "options"}
_OPTION_KEYS = {"option", "points", "count"}
_LARGEST_INT = 10**18  # to_decimal's bound, compared as ints
_SMALL = {n: Decimal(n) for n in range(-100, 101)}  # the points options carry, made once


@dataclass(slots=True)  # not frozen: a frozen init costs, and a survey is read per record
class Option:
    text: str
    points: Decimal
    count: int


@dataclass(slots=True)
class Question:
    text: str
    options: tuple[Option, ...]
    answers: int  # Σ count: the questionnaires that answered it
    points: Decimal  # Σ(points × count): the points it collected over all questionnaires

    @property
    def best(self) -> Decimal:
        """The most one questionnaire can score on this question."""
        return max(option.points for option in self.options)


@dataclass(frozen=True)
class Survey:
    questions: tuple[Question, ...]
    valid: int
    issued: int | None = None
    returned: int | None = None

    @property
    def total_points(self) -> Decimal:
        """问卷总分: the points of every answer on every valid questionnaire."""
        return sum((q.points for q in self.questions), ZERO)

    @property
    def value(self) -> Decimal:
        """问卷综合得分: total points / valid questionnaires."""
        return self.total_points / self.valid

    @property
    def maximum(self) -> Decimal:
        """The most one questionnaire can score (the best option of every question)."""
        return sum((q.best for q in self.questions), ZERO)


def _whole(raw: Any, what: str, where: Callable[[], str] | None = None) -> int:
    """A count ≥ 0; `what` (after `where()`, when given) names it in a message."""
    if type(raw) is int and 0 <= raw <= _LARGEST_INT:  # the common case, as to_decimal reads it
        return raw
    named = f"{where()}: {what}" if where is not None else what
    try:
        number = to_decimal(raw)
    except ValueError:
        raise ValueError(f"{named} must be a whole number, got {raw!r}") from None
    if number != number.to_integral_value() or number < 0:
        raise ValueError(f"{named} must be a whole number ≥ 0, got {plain(number)}")
    return int(number)


def _unknown(raw: Mapping[Any, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(str(k) for k in raw if k not in allowed)
    if unknown:
        raise ValueError(
            f"{where}: unknown key(s) {', '.join(unknown)}; expected {', '.join(sorted(allowed))}"
        )


def _option(raw: Any, question: Callable[[], str], number: int) -> Option:
    """One option of a question, every check made and each failure worded with its place;
    `question()` says where the question is (built only when a message is written)."""

    def where() -> str:
        text = raw.get("option") if isinstance(raw, Mapping) else None
        place = f"{question()}, option {number}"
        return f"{place} 「{text.strip()}」" if isinstance(text, str) and text.strip() else place

    if type(raw) is not dict and not isinstance(raw, Mapping):
        raise ValueError(f"{where()}: expected a mapping with option, points, count; got {raw!r}")
    text = raw.get("option")
    text = text.strip() if isinstance(text, str) else ""
    if not text:
        raise ValueError(f"{where()}: 'option' must be the option's text")
    if not raw.keys() <= _OPTION_KEYS:
        _unknown(raw, _OPTION_KEYS, where())
    if "points" not in raw or "count" not in raw:
        raise ValueError(f"{where()}: missing '{'points' if 'points' not in raw else 'count'}'")
    try:
        points = to_decimal(raw["points"])
    except ValueError:
        raise ValueError(f"{where()}: points must be a number, got {raw['points']!r}") from None
    count = _whole(raw["count"], "count", where)
    return Option(text, points, count)


def _question(raw: Any, number: int, valid: int, keep: bool = True) -> Question:
    """One question, checked; with `keep` False its options are checked and added up but not
    kept (the question's value is all a record's scoring needs)."""
    if type(raw) is not dict and not isinstance(raw, Mapping):
        raise ValueError(
            f"question {number}: expected a mapping with question and options; got {raw!r}"
        )
    text = raw.get("question")
    text = text.strip() if isinstance(text, str) else ""
    if not text:
        raise ValueError(f"question {number}: 'question' must be the question's text")

    def where() -> str:
        return f"question {number} 「{text}」"

    if not raw.keys() <= _QUESTION_KEYS:
        _unknown(raw, _QUESTION_KEYS, where())
    options = raw.get("options")
    if not isinstance(options, list) or not options:
        raise ValueError(f"{where()}: 'options' must list at least one option")
    parsed: list[Option] = []
    texts: list[str] = []
    answers = 0
    points: int | Decimal = 0  # exact: an int while the options' points are ints
    for index, raw_option in enumerate(options, 1):
        # the common way an option is written — exactly option (text), points and count
        # (whole numbers in range) — is checked inline: a survey is read per record
        if type(raw_option) is dict and len(raw_option) == 3:
            said = raw_option.get("option")
            worth, count = raw_option.get("points"), raw_option.get("count")
            if (
                type(said) is str
                and type(worth) is int
                and type(count) is int
                and (said := said.strip())
                and -_LARGEST_INT <= worth <= _LARGEST_INT
                and 0 <= count <= _LARGEST_INT
            ):
                if keep:
                    exact = _SMALL.get(worth)
                    parsed.append(Option(said, Decimal(worth) if exact is None else exact, count))
                texts.append(said)
                answers += count
                points += worth * count
                continue
        option = _option(raw_option, where, index)
        if keep:
            parsed.append(option)
        texts.append(option.text)
        answers += option.count
        points += option.points * option.count
    _listed_once(texts, where)
    question = Question(text, tuple(parsed), answers, Decimal(points))
    if question.answers > valid:
        raise ValueError(
            f"{where()}: {question.answers} answers, more than the {valid} valid questionnaires"
        )
    return question


def _listed_once(texts: list[str], where: Callable[[], str]) -> None:
    """No option of a question is listed twice."""
    if len(set(texts)) < len(texts):
        seen: set[str] = set()
        for said in texts:
            if said in seen:
                raise ValueError(f"{where()}: option 「{said}」 is listed twice")
            seen.add(said)


def parse_survey(raw: Any, *, keep: bool = True) -> Survey:
    """Read and check a survey; raise ValueError naming the question and option at fault. With
    `keep` False the questions' options are not kept (only the totals: `value`, `total_points`)."""
    if not isinstance(raw, Mapping):
        raise ValueError(say("error.survey.not-mapping", got=type(raw).__name__))
    if not raw.keys() <= _SURVEY_KEYS:
        _unknown(raw, _SURVEY_KEYS, "survey")
    if "valid" not in raw:
        raise ValueError(say("error.survey.no-valid"))
    valid = _whole(raw["valid"], "survey: valid (有效问卷份数)")
    if valid == 0:
        raise ValueError(say("error.survey.valid-zero"))
    issued = _whole(raw["issued"], "survey: issued") if "issued" in raw else None
    returned = _whole(raw["returned"], "survey: returned") if "returned" in raw else None
    if returned is not None and valid > returned:
        raise ValueError(say("error.survey.valid-over-returned", valid=valid, returned=returned))
    if issued is not None and (returned if returned is not None else valid) > issued:
        got = returned if returned is not None else valid
        raise ValueError(say("error.survey.returned-over-issued", got=got, issued=issued))
    questions = raw.get("questions")
    if not isinstance(questions, list) or not questions:
        raise ValueError(say("error.survey.no-questions"))
    parsed = tuple(_question(q, i + 1, valid, keep) for i, q in enumerate(questions))
    return Survey(parsed, valid, issued, returned)


def read_survey(
    raw: Any, *, minimum: Decimal | None = None, maximum: Decimal | None = None
) -> Decimal:
    """The survey's 问卷综合得分, checked against the field's declared range."""
    value = parse_survey(raw, keep=False).value
    if minimum is not None and value < minimum:
        shown = plain(round_half_up(value, 4))
        raise ValueError(say("error.survey.below-minimum", shown=shown, minimum=plain(minimum)))
    if maximum is not None and value > maximum:
        shown = plain(round_half_up(value, 4))
        raise ValueError(say("error.survey.above-maximum", shown=shown, maximum=plain(maximum)))
    return value
