"""Explanations: why each score is what it is, in the words of a Chinese evaluation report.

For each leaf one paragraph in the style of the reports — "预算执行率得分4分（满分5分）。预算执行率=
预算执行数/预算数×100%=480.00/500.00×100%=96.00%，低于100%共4个百分点，每低于1%扣1分，扣4分。" —
the formula with the numbers the record gave substituted, the value, what was deducted and why (the
trace's reasons), and the rule as written (评分细则). A sentence per parent ("部门决策总评价分35分，
评价得分33分。") and a closing sentence with the total and the grade.

Everything is read from the Result (its traces); nothing is recomputed. Numbers are printed as a
report prints them: scores without trailing zeros (3.5分), rates and amounts at the framework's
value precision (96.00%, 697.71万元).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from .engine.points import cap
from .numbers import ROUNDING_WORDS, fixed, plain, round_half_up
from .result import IndicatorResult, Result

Kind = Literal["leaf", "parent", "total"]

#: Units whose values a report prints with fixed decimals even when whole (96.00%, 2.00万元).
FIXED_UNITS = frozenset({"%", "‰", "元", "千元", "万元", "亿元"})

_NUMERALS = "一二三四五六七八九十"


# --------------------------------------------------------------------------- numbers


def score_text(score: Decimal) -> str:
    """A score as a report writes it: 4, 3.5, 2.75 (no trailing zeros)."""
    return plain(score)


def number_text(value: Decimal, unit: str, places: int) -> str:
    """A value without its unit: rates and amounts at `places` decimals (96.00, 697.71),
    whole counts as they are (37), other fractions at `places` decimals."""
    if unit in FIXED_UNITS or value != value.to_integral_value():
        return fixed(value, places)
    return plain(value)


def value_text(value: Any, unit: str, places: int) -> str:
    """A leaf's value with its unit: 96.00%, 697.71万元, 37人; checklist items as 1、2、3."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (set, frozenset)):
        return "、".join(sorted(str(v) for v in value)) or "无"
    if isinstance(value, (list, tuple)):  # checklist items met, in the framework's order
        return "、".join(str(v) for v in value) or "无"
    if isinstance(value, Decimal):
        return number_text(value, unit, places) + unit
    if isinstance(value, Mapping):
        return _row_text(value)
    return f"{value}{unit}"


def _row_text(row: Mapping[str, Any]) -> str:
    """A row listed in the data (项目支出自评表): its 实际完成值, or those of its merged items."""
    if "actual" in row:
        return str(row["actual"])
    items = row.get("items")
    if isinstance(items, list):
        return "、".join(_row_text(i) for i in items if isinstance(i, Mapping))
    return "；".join(f"{k}：{row[k]}" for k in sorted(row))


def _input_text(value: Any, places: int) -> str:
    """A base-data number inside a substituted formula: as given (77.98, 31), long quotients
    rounded at the value precision; negatives in brackets."""
    if not isinstance(value, Decimal):
        return str(value)
    exponent = value.as_tuple().exponent
    text = plain(value) if isinstance(exponent, int) and exponent >= -6 else fixed(value, places)
    return f"（{text}）" if value < 0 else text


# --------------------------------------------------------------------------- formulas


def formula_text(source: str, unit: str = "") -> str:
    """A formula as a report writes it: no spaces, × for *, and ×100% for a rate."""
    text = re.sub(r"\s+", "", source).replace("*", "×").replace("(", "（").replace(")", "）")
    if unit == "%":
        text = re.sub(r"×100$", "×100%", text)
    return text


def substitute(source: str, values: Mapping[str, str], unit: str = "") -> str:
    """`formula_text(source)` with every name replaced by its value's text."""
    text = formula_text(source, unit)
    if not values:
        return text
    names = sorted(values, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, names)) + r")(?!\w)")
    return pattern.sub(lambda m: values[m.group(1)], text)


# --------------------------------------------------------------------------- sentences


@dataclass(frozen=True)
class Sentence:
    """One paragraph of an explanation: a leaf's, a parent's summary, or the closing total."""

    kind: Kind
    code: str | None
    name: str
    depth: int
    text: str
    basis: str = ""  # a leaf's text without its opening score and the 评分细则 (扣分说明)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "code": self.code, "name": self.name, "text": self.text}


def leaf_head(node: IndicatorResult) -> str:
    return f"{node.name}得分{score_text(node.score)}分（满分{score_text(node.weight)}分）。"


def parent_text(node: IndicatorResult) -> str:
    text = f"{node.name}总评价分{score_text(node.weight)}分，评价得分{score_text(node.score)}分。"
    if node.trace is not None:  # why it is not its children's sum (rows 不适用, rescaled)
        text += "".join(f"{reason}。" for reason in node.trace.reasons)
    return text


def total_text(result: Result) -> str:
    who = result.record_title or "本次评价"
    text = f"{who}总得分{score_text(result.total)}分（满分{score_text(result.maximum)}分）"
    # indicators 不适用, the total rescaled over the applicable ones: how
    text += "".join(f"，{f.message}" for f in result.findings if f.check == "not-applicable")
    if result.grade:
        return text + f"，评价等级为“{result.grade}”。"
    return text + "，未落入框架规定的任何等级区间。"


def leaf_basis(node: IndicatorResult, result: Result) -> str:
    """How a leaf's score came about, without its opening sentence and its 评分细则: the
    formula with numbers, the value, the reasons, the deduction and any rounding."""
    places = result.value_precision
    trace = node.trace
    if trace is None:
        return ""
    reasons = list(trace.reasons)
    prefix = _value_prefix(node.value, node.unit)
    subject = ""
    if trace.formula:
        numbers = {n: _input_text(v, places) for n, v in trace.inputs.items()}
        written = formula_text(trace.formula, node.unit)
        sides = [node.name, written]
        if trace.formula.strip() not in numbers:  # a formula that is one name: no working
            sides.append(substitute(trace.formula, numbers, node.unit))
        if node.value is not None:
            sides.append(value_text(node.value, node.unit, places))
        # each side once: a formula that is the indicator's own name is not said twice
        subject = "=".join(side for i, side in enumerate(sides) if side not in sides[:i])
    elif prefix and reasons and _starts_with_value(reasons[0], prefix):
        subject = f"{node.name}为{value_text(node.value, node.unit, places)}"
    clauses: list[str] = []
    if subject and prefix and reasons and _starts_with_value(reasons[0], prefix):
        clauses.append(subject + reasons[0][len(prefix) :])
        reasons = reasons[1:]
    elif subject:
        clauses.append(subject)
    if node.source == "judgment" and not trace.formula:
        reasons = ["该项由评价人酌情评分：" + r if r.startswith("评价人") else r for r in reasons]
    text = "".join(_sentence(c) for c in clauses)
    if reasons:
        text += _sentence("；".join(reasons))
    text += _rounding(node, result)
    lost = node.weight - node.score
    if lost > 0 and f"扣{score_text(lost)}分" not in text:
        text += f"较满分扣减{score_text(lost)}分。"
    return text


def leaf_text(node: IndicatorResult, result: Result) -> str:
    text = leaf_head(node) + leaf_basis(node, result)
    criteria = _criteria(node)
    if criteria:
        text += f"评分细则：{criteria}"
    return text


def sentences(result: Result, code: str | None = None) -> list[Sentence]:
    """The explanation as paragraphs, in the order of the tree: each leaf, then its parent's
    summary; the closing total when the whole result is explained (`code` is None)."""
    if code is not None:
        return list(_walk(result[code], result))
    out = [s for root in result.indicators for s in _walk(root, result)]
    out.append(Sentence("total", None, "总分", 0, total_text(result)))
    return out


def _walk(node: IndicatorResult, result: Result, depth: int | None = None) -> Iterator[Sentence]:
    depth = depth if depth is not None else _depth_of(node, result)
    if node.is_leaf:
        basis = leaf_basis(node, result)
        yield Sentence("leaf", node.code, node.name, depth, leaf_text(node, result), basis)
        return
    for child in node.children:
        yield from _walk(child, result, depth + 1)
    yield Sentence("parent", node.code, node.name, depth, parent_text(node))


def _depth_of(target: IndicatorResult, result: Result) -> int:
    def find(nodes: list[IndicatorResult], depth: int) -> int | None:
        for node in nodes:
            if node is target:
                return depth
            found = find(node.children, depth + 1)
            if found is not None:
                return found
        return None

    return find(result.indicators, 1) or 1


# --------------------------------------------------------------------------- documents


def heading_number(depth: int, index: int) -> str:
    """一、 （一） 1. （1） — the numbering of a report's sections by depth."""
    if depth == 1:
        return f"{_chinese(index)}、"
    if depth == 2:
        return f"（{_chinese(index)}）"
    if depth == 3:
        return f"{index}."
    return f"（{index}）"


def explain_text(result: Result, code: str | None = None) -> str:
    """The explanation as plain text: a heading per parent, a paragraph per leaf, the parent's
    summary after its children, and the total."""
    return _document(result, code, markdown=False)


def explain_markdown(result: Result, code: str | None = None) -> str:
    return _document(result, code, markdown=True)


def explain_json(result: Result, code: str | None = None) -> str:
    data = [s.to_dict() for s in sentences(result, code)]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _document(result: Result, code: str | None, *, markdown: bool) -> str:
    lines: list[str] = []

    def visit(node: IndicatorResult, depth: int, index: int) -> None:
        if node.is_leaf:
            lines.append(leaf_text(node, result))
            lines.append("")
            return
        title = f"{heading_number(depth, index)}{node.name}（{node.code}）"
        lines.append(f"{'#' * min(depth + 1, 6)} {title}" if markdown else title)
        lines.append("")
        for i, child in enumerate(node.children, 1):
            visit(child, depth + 1, i)
        lines.append(parent_text(node))
        lines.append("")

    if code is not None:
        node = result[code]
        visit(node, _depth_of(node, result), 1)
    else:
        if markdown:
            head = result.record_title or result.framework_name
            lines += [f"# {head}：评分说明", ""]
        for i, root in enumerate(result.indicators, 1):
            visit(root, 1, i)
        lines.append(total_text(result))
        lines.append("")
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- helpers


def _chinese(n: int) -> str:
    if n <= 10:
        return _NUMERALS[n - 1]
    if n < 20:
        return "十" + _NUMERALS[n - 11]
    tens, ones = divmod(n, 10)
    return _NUMERALS[tens - 1] + "十" + (_NUMERALS[ones - 1] if ones else "")


def _value_prefix(value: Any, unit: str) -> str:
    """How the rules begin a reason with the value ("96%"), to avoid saying it twice."""
    if not isinstance(value, Decimal) or isinstance(value, bool):
        return ""
    return plain(round_half_up(value, 2)) + unit


def _starts_with_value(reason: str, prefix: str) -> bool:
    return reason.startswith(prefix) and reason[len(prefix) : len(prefix) + 1] in ("，", "；")


#: Marks a sentence may end in as written that its full stop replaces.
_SOFT_ENDS = "，,；;、：:.!? \t"


def _sentence(text: str) -> str:
    """`text` ending in one full stop: a closing mark kept, a trailing comma, semicolon or
    ASCII stop ("扣完为止.", "得0.5分；") replaced, never doubled."""
    text = text.strip()
    if text.endswith(("。", "！", "？")):
        return text
    return text.rstrip(_SOFT_ENDS) + "。"


def _criteria(node: IndicatorResult) -> str:
    criteria = node.trace.criteria if node.trace else ""
    lines = [line.strip() for line in criteria.splitlines() if line.strip()]
    if not lines:
        return ""
    return _sentence("".join(lines))


def _rounding(node: IndicatorResult, result: Result) -> str:
    """Say so when rounding (四舍五入, or the leaf's 去尾 or 进一) changed the points the rule
    gave (after capping at the weight), or when a weight finer than the precision held a full
    score below it."""
    trace = node.trace
    if trace is None or trace.points is None:
        return ""
    points = cap(trace.points, node.weight)
    if points == node.score:
        return ""
    places, mode = trace.rounding or (result.precision, "half_up")
    if round_half_up(points, places, mode) > node.weight:
        return (
            f"分值{plain(node.weight)}分的小数位数多于规定的{places}位，"
            f"得分不超过分值，计为{score_text(node.score)}分。"
        )
    return (
        f"按{ROUNDING_WORDS[mode]}{f'保留{places}位小数' if places else '取整'}，"
        f"{_input_text(points, places + 4)}分计为{score_text(node.score)}分。"
    )
