"""One 评分细则 read into a rule by the grammar (`grammar.PATTERNS`, `grammar.WRAPPERS`); what
no pattern reads becomes a judgment within [0, weight] with the finding `UNREAD`."""

from __future__ import annotations

import re
from decimal import Decimal

from .grammar import CAUTIONS, PATTERNS, WRAPPERS
from .items import condition_name
from .numerals import normalise
from .reading import UNREAD, Context, Reading

_NOTES = str.maketrans("；：．", ";:.")


def read_rule(criteria: str, weight: Decimal, explanation: str = "") -> Reading:
    """The rule a 评分细则 states (module docstring), flagged where a caution applies."""
    reading = _read(criteria, weight, explanation)
    text = normalise(criteria)
    reading.findings += [c.finding for c in CAUTIONS if c.regex.search(text)]
    return reading


def _read(criteria: str, weight: Decimal, explanation: str) -> Reading:
    text = normalise(criteria)
    notes = explanation.translate(_NOTES)
    for wrapper in WRAPPERS:
        found = wrapper.regex.search(text)
        if found is None:
            continue
        rest = (text[: found.start()] + text[found.end() :]).strip(";。,")
        inner = _patterns(rest, weight, notes) if rest else None
        if inner is None:
            inner = Reading({"kind": "judgment"}, "", "")
            inner.findings.append(
                "否决情形以外的计分方法未写明，按评价人在[0, 分值]内酌情编码，请确认"
            )
        when = condition_name(found["cond"])
        inner.rule = {"kind": "veto", "when": when, "rule": inner.rule}
        inner.pattern = f"{wrapper.name}+{inner.pattern}" if inner.pattern else wrapper.name
        inner.phrase = f"{found[0]}…{inner.phrase}" if inner.phrase else found[0]
        inner.inputs[when] = {"type": "boolean", "description": f"是否{when}（存在则该指标不得分）"}
        return inner
    reading = _patterns(text, weight, notes)
    if reading is not None:
        return reading
    unread = Reading({"kind": "judgment"}, "", "")
    quoted = re.sub(r"\s+", " ", criteria.strip()) or "（空）"
    unread.findings.append(f"{UNREAD}：“{quoted}”，按评价人在[0, 分值]内评分编码")
    return unread


def _patterns(text: str, weight: Decimal, notes: str) -> Reading | None:
    context = Context(weight, notes, text)
    for pattern in PATTERNS:
        for found in pattern.regex.finditer(text):
            reading = pattern.template(found, context)
            if reading is not None:
                reading.pattern = pattern.name
                return reading
    return None
