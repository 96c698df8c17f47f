"""Situations, each with its points: "无结余得3分；有结余但不超过上年结转得2分；超过上年结转不得分"
read as a `cases` rule. A table says its situations in words, not as formulas over named
amounts, so each situation is read as a yes/no input the evaluator answers (its name made from
its words, as a veto's condition is) and the leaf is flagged: a person may rewrite a condition
as a formula over the amounts it compares. The last situation, the one that earns nothing, is
the rule's `else`.
"""

from __future__ import annotations

import re

from .items import condition_name
from .reading import NUM, Context, Reading, dec, plain

#: one situation and what it earns: "无结余得3分", "有结余但不超过上年结转,得满分"
_CASE = re.compile(rf"(?P<cond>[^;。]{{2,40}}?),?(?:得|计)(?:(?P<pts>{NUM})分|(?P<full>满分))")
#: the situation that earns nothing, last: "超过上年结转不得分", "否则不得分"
_NONE = re.compile(r"(?P<cond>[^;。]{2,40}?),?(?:不得分|不计分|得0分|计0分)")
#: words that make a clause something else: a comparison with a number, a step, a judgment
_NOT_A_SITUATION = re.compile(rf"{NUM}|[%≥≤<>=]|每|酌情|视情况|按比例|①|②")


def cases(m: re.Match[str], ctx: Context) -> Reading | None:
    """Two or more situations with their points, the last earning nothing (module docstring)."""
    clauses = [c for c in re.split(r"[;。]", m[0]) if c]
    if len(clauses) < 3:  # one situation and 否则: a single condition (items.single_condition)
        return None
    read = [_CASE.fullmatch(c) for c in clauses[:-1]]
    last = _NONE.fullmatch(clauses[-1])
    if last is None or not all(read):
        return None
    conditions = [found["cond"] for found in read if found] + [last["cond"]]
    if any(_NOT_A_SITUATION.search(text) for text in conditions):
        return None
    rule_cases: list[dict[str, object]] = []
    whens: list[str] = []
    reading = Reading({}, "cases", m[0])
    for found in read:
        assert found is not None
        text = found["cond"]
        when = condition_name(text)
        points = ctx.weight if found["full"] else plain(dec(found["pts"]))
        rule_cases.append({"when": when, "text": text, "points": points})
        whens.append(when)
        reading.inputs[when] = {"type": "boolean", "description": f"是否{text}"}
    reading.rule = {"kind": "cases", "cases": rule_cases, "else": {"points": 0}}
    reading.needs_value = True
    names = "、".join(whens)
    reading.findings.append(
        f"分情形计分：各情形读作由评价人回答的是/否输入（{names}），其余情形（{last['cond']}）"
        "得0分；若情形由金额等数值决定，可把条件改写为公式，请确认"
    )
    return reading
