"""The words of every trace, explanation and reconciliation, over every bundled framework (and
tests/property-frameworks/) with perfscore.testing's base data: no name said twice in a row
("预算控制率=预算控制率=…") and no doubled punctuation ("扣完为止.。", "得0.5分；。")."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import perfscore
from perfscore import Framework, Record
from perfscore.explain import explain_text
from perfscore.reconcile import reconcile, render_text
from perfscore.testing import base_data

ROOT = Path(__file__).resolve().parent.parent
FRAMEWORKS = {
    path.stem: path
    for folder in ("perfscore/frameworks", "tests/property-frameworks")
    for path in sorted((ROOT / folder).glob("*.yaml"))
}

#: Two marks in a row where one at least is a full-width (Chinese) mark: "；。", ".。", "。，".
_PUNCTUATION = "。，；：、！？,;:!?."
DOUBLED = re.compile(
    rf"[。，；：、！？][{re.escape(_PUNCTUATION)}]|[{re.escape(_PUNCTUATION)}][。，；：、！？]"
)
#: A name, then "=" and the same name again: "预算控制率=预算控制率=96%".
_TERM = r"[^\s=，。；：、（）()“”]+"
REPEATED = re.compile(rf"(?:^|(?<=[\s，。；：、（(“]))({_TERM})=\1(?=[=，。；]|$)")


def problems(text: str) -> list[str]:
    """What is wrong with the wording of `text`: each doubled mark and repeated name, in context."""
    found = []
    for pattern, what in ((DOUBLED, "doubled punctuation"), (REPEATED, "a name said twice")):
        for match in pattern.finditer(text):
            start = max(0, match.start() - 30)
            found.append(f"{what}: …{text[start : match.end() + 10]}…")
    return found


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ("扣完为止.。", True),
        ("得0.5分；。", True),
        ("得分。，另", True),
        ("预算控制率=预算控制率=96%", True),
        ("执行率=执行率，", True),
        ("预算控制率=执行数/预算数×100%=96/100×100%=96%，得3分。", False),
        ("3.5分。评分细则：①…；②…。", False),
        ("率=率值=1", False),
    ],
)
def test_the_checks_tell_bad_wording(text: str, bad: bool) -> None:
    assert bool(problems(text)) is bad


@cache
def framework(name: str) -> Framework:
    return perfscore.load_framework(FRAMEWORKS[name])


def _texts(fw: Framework, values: dict[str, Any]) -> list[str]:
    result = fw.evaluate(values)
    texts = [r for node in result.walk() if node.trace for r in node.trace.reasons]
    texts.append(explain_text(result))
    # a report stating 0 for every leaf: each difference quotes the recomputed basis
    stated = {node.code: 0 for node in result.walk() if node.is_leaf}
    rec = reconcile(fw, Record(values, reported={"scores": stated, "total": 0}))
    texts.append(render_text(rec))
    return texts


@pytest.mark.parametrize("name", sorted(FRAMEWORKS))
@given(data=st.data())
def test_no_trace_repeats_a_name_or_doubles_a_mark(name: str, data: st.DataObject) -> None:
    fw = framework(name)
    values = data.draw(base_data(fw), label="base data")
    found = [p for text in _texts(fw, values) for p in problems(text)]
    assert not found, "\n".join(found)
