"""Numbers in 评分细则 prose written as digits: full-width forms and Chinese numerals.

The grammar reads normalised text only: full-width digits, signs and brackets become ASCII,
"≤"/"≥" stay, "<="/">=" become "≤"/"≥", spaces go, and Chinese numbers before a unit
(一个百分点, 两分, 五个百分点, 三项) or after 百分之 (百分之五) become digits.
"""

from __future__ import annotations

import re

_WIDE = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "．": ".",
        "％": "%",
        "（": "(",
        "）": ")",
        "［": "[",
        "］": "]",
        "【": "[",
        "】": "]",
        "＞": ">",
        "＜": "<",
        "＝": "=",
        "，": ",",
        "；": ";",
        "：": ":",
        "～": "-",
        "~": "-",
        "—": "-",
        "–": "-",
        "－": "-",
        "／": "/",
        "×": "*",
        "＊": "*",
        "﹪": "%",
    }
)
_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
           "八": 8, "九": 9}
_CN = "零一二两三四五六七八九十百"
#: a Chinese number followed by what it counts
_COUNTED = re.compile(f"([{_CN}]+)(?=个百分点|个百分比|百分点|分|%|项|例|点|处|次|起|个)")
_PERCENT = re.compile(f"百分之([{_CN}]+(?:点[{_CN}]+)?)")


def chinese_number(text: str) -> int | None:
    """一 → 1, 十五 → 15, 二十 → 20, 一百 → 100; None for what is not a whole number so written."""
    if not text or any(c not in _CN for c in text):
        return None
    total, current = 0, 0
    for char in text:
        if char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        else:
            current = current * 10 + _DIGITS[char]
    return total + current


def _digits(match: re.Match[str]) -> str:
    number = chinese_number(match.group(1))
    return match.group(0) if number is None else str(number)


def _percent(match: re.Match[str]) -> str:
    whole, _, part = match.group(1).partition("点")
    number = chinese_number(whole)
    if number is None:
        return match.group(0)
    fraction = "".join(str(_DIGITS.get(c, "")) for c in part)
    return f"{number}.{fraction}%" if fraction else f"{number}%"


def normalise(text: str) -> str:
    """The text the grammar reads (module docstring)."""
    out = text.translate(_WIDE)
    out = re.sub(r"\s+", "", out)
    out = out.replace("<=", "≤").replace(">=", "≥").replace("≦", "≤").replace("≧", "≥")
    out = _PERCENT.sub(_percent, out)
    out = out.replace("百分点", "\0").replace("百分比", "\1")  # 百 here is not a number
    out = _COUNTED.sub(_digits, out)
    return out.replace("\0", "百分点").replace("\1", "百分比")
