"""A leaf's formula read out of its 指标解释 (or 评分细则): "预算执行率=（预算执行数/预算数）×100%"
becomes the formula `(预算执行数/预算数) × 100`, unit %, and the inputs it names, each with the
description the text gives it ("预算执行数：部门本年度实际完成的预算数")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import PerfscoreError
from ..expressions import Formula

_DEFINITION = re.compile(r"(?P<lhs>[^=＝:：。;；\n]{1,40}?)\s*[=＝]\s*(?P<rhs>[^=＝。;；\n]+)")
_PERCENT = re.compile(r"\s*[×*xX]\s*100\s*[%％]\s*$")
_QUOTES = str.maketrans({"“": None, "”": None, '"': None, "‘": None, "’": None, " ": None,
                         "[": "(", "]": ")", "［": "(", "］": ")", "【": "(", "】": ")",
                         "{": "(", "}": ")"})


@dataclass
class LeafFormula:
    formula: str
    unit: str
    inputs: dict[str, str] = field(default_factory=dict)  # name → description ("" if none)
    phrase: str = ""


def _bare(text: str) -> str:
    return re.sub(r"\s+", "", text).translate(_QUOTES)


def read_formula(name: str, *texts: str) -> LeafFormula | None:
    """The formula defining the leaf `name` in the first text that has one (its left side the
    name, or the text's only definition); None when none reads as a formula perfscore checks."""
    for text in texts:
        found = [m for m in _DEFINITION.finditer(text) if _PERCENT.search(m["rhs"])
                 or re.search(r"[/×*÷]", m["rhs"])]
        mine = [m for m in found if _bare(m["lhs"]).endswith(_bare(name))] or found[:1]
        for m in mine:
            leaf = _checked(m["rhs"], text)
            if leaf is not None:
                leaf.phrase = m[0].strip()
                return leaf
    return None


def _checked(rhs: str, text: str) -> LeafFormula | None:
    percent = bool(_PERCENT.search(rhs))
    body = _bare(_PERCENT.sub("", rhs)).replace("÷", "/").replace("*", "×")
    body = re.sub(r"[-−]", " - ", body).replace("/", " / ").replace("×", " × ")
    formula = f"{body} × 100" if percent else body
    try:
        checked = Formula(formula, where="formula")
    except PerfscoreError:
        return None
    if not checked.names:
        return None
    descriptions = {n: _description(n, text) for n in sorted(checked.names)}
    return LeafFormula(formula, "%" if percent else "", descriptions)


def _description(name: str, text: str) -> str:
    for line in re.split(r"[\n。]", text):
        head, sep, tail = line.partition("：")
        if not sep:
            head, sep, tail = line.partition(":")
        if sep and _bare(head) == name and tail.strip():
            return tail.strip().rstrip("。；;")
    return ""
