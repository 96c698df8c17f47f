"""How rules say numbers and differences in a report's words."""

from __future__ import annotations

from decimal import Decimal

from ..numbers import plain, round_half_up


def show(value: Decimal, places: int = 2) -> str:
    """A number as a report prints it: rounded half-up, no trailing zeros (96.00 -> 96)."""
    return plain(round_half_up(value, places))


def with_unit(value: Decimal, unit: str) -> str:
    return f"{show(value)}{unit}"


def exact(value: Decimal) -> str:
    """A parameter as a 评分标准 writes it: every digit, none rounded (0.125 stays 0.125)."""
    return plain(value)


def criterion_unit(unit: str) -> str:
    """The unit a 评分标准 writes beside its numbers: % (a rate), else none — a table says
    what is measured in its name and 指标解释, and the prose reads "95", not "95万元"."""
    return "%" if unit == "%" else ""


_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def numbered(texts: list[str]) -> str:
    """Items as a 评分标准 numbers them: "①…；②…。" (past twenty: "；21.…")."""
    parts = [f"{_CIRCLED[i] if i < len(_CIRCLED) else f'{i + 1}.'}{text}"
             for i, text in enumerate(texts)]
    return "；".join(parts) + "。"


def difference_unit(unit: str) -> str:
    """A difference between two percentages is counted in 个百分点."""
    return "个百分点" if unit == "%" else unit


#: A checklist point's text longer than this many characters is quoted by its ends.
QUOTE_LIMIT = 20
_QUOTE_HEAD, _QUOTE_TAIL = 12, 6


def quoted(text: str) -> str:
    """Text in Chinese quotation marks, its middle left out ("…") when it is longer than
    QUOTE_LIMIT characters: “制度健全”, “预算编制是否科学、…标是否清晰”; quotation marks
    inside become single ones (“符合‘三定’方案”)."""
    text = " ".join(text.split()).replace("“", "‘").replace("”", "’")
    if len(text) > QUOTE_LIMIT:
        text = f"{text[:_QUOTE_HEAD]}…{text[-_QUOTE_TAIL:]}"
    return f"“{text}”"


def point_named(item_id: str, text: str) -> str:
    """A checklist point as a reason names it: its text quoted, or 要点N when it has none."""
    return quoted(text) if text.strip() else f"要点{item_id}"
