"""The 评分细则 grammar (perfscore/importing/grammar.py): every example phrase of every pattern
reads as its rule; every phrasing of GUIDE §2 reads as the kind the engine encodes it with;
numbers written in Chinese or full-width read as digits; what no pattern reads is a judgment
with the finding that quotes it, never a guess."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfscore.importing.grammar import CAUTIONS, PATTERNS, WRAPPERS, Caution, Example
from perfscore.importing.numerals import chinese_number, normalise
from perfscore.importing.prose import read_rule
from perfscore.importing.reading import UNREAD
from perfscore.rules import RULES


def _exact(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _exact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_exact(v) for v in value]
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return Decimal(str(value)).normalize()
    return value


CASES = [(p.name, e) for p in PATTERNS for e in p.examples] + [
    (w.name, e) for w in WRAPPERS for e in w.examples
]


@pytest.mark.parametrize(
    ("pattern", "example"), CASES, ids=[f"{p}:{e.text[:20]}" for p, e in CASES]
)
def test_every_example_phrase_reads_as_its_rule(pattern: str, example: Example) -> None:
    reading = read_rule(example.text, Decimal(example.weight), example.explanation)
    assert _exact(reading.rule) == _exact(example.rule)
    assert pattern in reading.pattern.split("+")
    assert reading.phrase
    assert reading.phrase in normalise(example.text) or "…" in reading.phrase


@pytest.mark.parametrize("caution", CAUTIONS, ids=[c.name for c in CAUTIONS])
def test_a_caution_flags_whatever_rule_is_read(caution: Caution) -> None:
    for text in caution.examples:
        assert caution.finding in read_rule(text, Decimal(10)).findings


def test_a_stated_step_mode_is_no_default() -> None:
    """"不足一步的按比例扣分" states continuous: nothing left for a person to confirm."""
    reading = read_rule("100%计满分，每低于5个百分点扣1分，不足5个百分点的按比例扣分", Decimal(3))
    assert reading.rule["step_mode"] == "continuous" and not reading.flagged


def test_every_pattern_has_examples_and_a_meaning() -> None:
    for pattern in [*PATTERNS, *WRAPPERS]:
        assert pattern.examples, pattern.name
        assert pattern.meaning


def test_the_patterns_cover_the_rule_kinds_that_read_a_phrase() -> None:
    """Every kind a 评分细则 can state has a pattern giving it; the ones that cannot be read off
    one cell are listed with why."""
    given_kinds = {e.rule["kind"] for _, e in CASES}
    given_kinds |= {e.rule["rule"]["kind"] for _, e in CASES if e.rule["kind"] == "veto"}
    not_from_prose = {
        "target": "a 项目支出自评表 row's 指标值 and 完成值: rows of the data, not a 评分细则",
    }
    built_in = {k for k, cls in RULES.items() if cls.__module__.startswith("perfscore.rules")}
    assert built_in - given_kinds <= set(not_from_prose)


#: GUIDE.md §2, each phrasing with the weight of its indicator and the kind it is encoded with
GUIDE = [
    ("以100%为标准，≤100%计2分；每超过一个百分点扣0.5分，扣完为止", "2", "deduction"),
    ("100%计满分，每低于1%扣1分，扣完为止", "5", "deduction"),
    ("100%计满分，每下降5%扣1分", "3", "deduction"),
    ("100%计满分，每下降5个百分点扣2分", "10", "deduction"),
    ("100%计满分，每超过（降低）5%扣1分", "3", "deduction"),
    ("0%计满分，每超过5%扣1分", "3", "deduction"),
    ("≥95%得满分，未达到的每低于1%扣0.1分", "1", "deduction"),
    ("达到95%以上得满分.每降低1%扣权重分（1分）的5%", "1", "deduction"),
    ("≤100%得满分，≥120%得0分，区间内按权重进行扣分", "1", "linear"),
    ("考核得分100分，得满分1分；低于95分，0.95分；介于95分与100分之间，按比例扣分", "1",
     "piecewise"),
    ("≤100%得满分，有超出不得分", "1", "threshold"),
    (">90%得满分；否则不得分", "2", "threshold"),
    ("每项指标评价要点加2分", "4", "checklist"),
    ("①甲，得0.5分；②乙，得0.5分", "1", "checklist"),
    ("①甲；②乙。每缺一项扣1分", "2", "checklist"),
    ("每出现一例不符合要求的扣0.5分", "2", "count"),
    ("每有一点不规范，扣0.5分", "1", "count"),
    ("每有一项重点项目无法完成，按权重（3分）的1/3扣分", "3", "count"),
    ("每一项不达标扣权重分的20%；三项不达标则为零分", "2", "count"),
    ("①制度健全，得1分；②存在截留、挤占等情况，一旦存在该指标不得分", "1", "veto"),
    ("征缴率≥100%,得满分", "5", "threshold"),
    ("能完成目标任务数，得满分；否则，酌情扣分", "5", "judgment"),
    ("视匹配情况酌情得0-4分", "4", "judgment"),
    ("根据绩效办对各部门重点工作考核分数折算", "5", "external"),
    ("按照完成值与指标值的比例记分", "10", "proportional"),
]


@pytest.mark.parametrize(("text", "weight", "kind"), GUIDE, ids=[t[:16] for t, _, _ in GUIDE])
def test_every_guide_phrasing_reads_as_its_kind(text: str, weight: str, kind: str) -> None:
    reading = read_rule(text, Decimal(weight), "评价要点：\n①甲；\n②乙。")
    assert reading.rule["kind"] == kind
    assert reading.pattern, "recognised, not the unread fallback"


def test_a_threshold_that_states_only_full_marks_writes_its_fallback_as_a_default() -> None:
    reading = read_rule("征缴率≥100%,得满分", Decimal(5))
    assert reading.rule["otherwise"] == "judgment"
    assert [d.key for d in reading.defaults] == ["otherwise"]
    assert reading.flagged


def test_a_step_deduction_writes_its_step_mode_as_a_default_unless_the_prose_says() -> None:
    silent = read_rule("100%计满分，每低于1%扣1分", Decimal(5))
    assert [d.key for d in silent.defaults] == ["step_mode"]
    stated = read_rule("100%计满分，每低于1%扣1分，不足1%的不扣分", Decimal(5))
    assert stated.rule["step_mode"] == "floor" and not stated.defaults


def test_a_word_edge_is_read_inclusive_and_said_so() -> None:
    reading = read_rule("90%以上得满分，否则不得分", Decimal(2))
    assert reading.rule == {"kind": "threshold", "compare": ">=", "at": 90}
    assert any("以上" in f and "包括本数" in f for f in reading.findings)


def _chinese(n: int) -> str:
    tens, ones = divmod(n, 10)
    digits = "零一二三四五六七八九"
    head = "" if tens == 0 else ("十" if tens == 1 else digits[tens] + "十")
    return head + (digits[ones] if ones else "") if n >= 10 else digits[n]


@given(n=st.integers(min_value=1, max_value=99))
def test_chinese_numbers_read_as_their_value(n: int) -> None:
    assert chinese_number(_chinese(n)) == n
    written = f"每下降{_chinese(n)}个百分点扣{_chinese(n)}分"
    assert normalise(written) == f"每下降{n}个百分点扣{n}分"


@given(n=st.integers(min_value=0, max_value=9999), points=st.sampled_from(["0.5", "1", "2"]))
def test_full_width_digits_read_as_ascii(n: int, points: str) -> None:
    wide = str(n).translate({ord(c): 0xFF10 + int(c) for c in "0123456789"})
    reading = read_rule(f"{wide}％计满分，每低于１％扣{points}分", Decimal(5))
    assert reading.rule["bound"] == n and str(reading.rule["points"]) == points


def test_percent_written_in_chinese() -> None:
    assert normalise("按权重的百分之五扣分") == "按权重的5%扣分"
    assert normalise("百分之十二点五") == "12.5%"
    assert normalise("每超过一个百分点扣两分") == "每超过1个百分点扣2分"


_PROSE = st.text(
    alphabet=st.sampled_from(list("的部门资金管理制度是否健全规范情况，。、")), max_size=40
)


@given(text=_PROSE, weight=st.sampled_from(["1", "2.5", "10"]))
def test_what_no_pattern_reads_is_a_judgment_quoting_the_text(text: str, weight: str) -> None:
    """A property: prose with no number nor 酌情 reads as a judgment within [0, weight], with the
    finding that says so and quotes the text — never a silent rule."""
    reading = read_rule(text, Decimal(weight))
    assert reading.rule == {"kind": "judgment"}
    assert not reading.pattern
    assert len(reading.findings) == 1 and reading.findings[0].startswith(UNREAD)
    assert " ".join(text.split()) in reading.findings[0] or not text.strip()


def test_open_word_edges_take_the_reading_their_neighbour_leaves() -> None:
    """"60%（含）-80%计2分；60%以下不得分": 60 is in the upper band, so 以下 excludes it; said."""
    reading = read_rule("≥80%计3分；60%（含）-80%计2分；60%以下不得分", Decimal(3))
    assert reading.rule["bands"][-1] == {"below": 60, "points": 0}
    assert any("60以下" in f for f in reading.findings)
    alone = read_rule("90%以上计2分；80%（含）-90%计1分", Decimal(2))
    assert alone.rule["bands"][0] == {"at_least": 90, "points": 2}
