"""Reading values as people write them, checked against what the framework declares.

Every reader raises DataError naming the field (and, through the caller, the indicator).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from .i18n import Message, say
from .numbers import LARGEST, plain, to_decimal

#: The longest text read as a number or a yes/no; longer text is refused without being parsed.
MAX_TEXT = 200
_NOT_FINITE = {"nan", "snan", "inf", "infinity", "∞"}

#: Units a value may be written in, with their factor against a base unit of the same family.
UNIT_FACTORS: dict[str, tuple[str, Decimal]] = {
    "元": ("元", Decimal(1)),
    "万元": ("元", Decimal(10_000)),
    "亿元": ("元", Decimal(100_000_000)),
    "千元": ("元", Decimal(1_000)),
    "人": ("人", Decimal(1)),
    "万人": ("人", Decimal(10_000)),
    "%": ("%", Decimal(1)),
    "‰": ("%", Decimal("0.1")),
}
#: A magnitude written alone stands for that magnitude of the field's own unit: "18516万" for a
#: field in 万元 or 元, "1.1万" for one in 人.
_MAGNITUDES = ("千", "万", "亿")
# Digits with thousands separators in threes ("1,234.5"; "1,2" is refused, it may be a decimal
# comma), or without; then an optional unit, spaces allowed between.
_NUMBER_WITH_UNIT = re.compile(
    r"^\s*([-+]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?|[-+]?\.[0-9]+)\s*(\S*(?:\s+\S+)*)\s*$"
)
#: Characters NFKC leaves alone that people type for a minus sign or inside numbers.
_SIGNS = str.maketrans({"−": "-", "–": "-", "﹣": "-", "，": ",", "﹐": ",", "\u00a0": " "})
#: A plain decimal numeral within the sizes `to_decimal` accepts (at most 18 digits before the
#: point, 28 after): read as exactly `Decimal(text)`, without the unit parser.
_PLAIN = re.compile(r"[0-9]{1,18}(?:\.[0-9]{1,28})?").fullmatch
_TRUE = {"true", "yes", "y", "1", "是", "有", "存在", "√", "✓"}
_FALSE = {"false", "no", "n", "0", "否", "无", "不存在", "×", "✗"}


def parse_number(raw: Any, unit: str = "") -> Decimal:
    """A number from a YAML/JSON number or from text as people write it: "697.71万元", "98%",
    "1,234.5", full-width "９８％". Text written with a unit of the same family as `unit` is
    converted ("1.1万人" for a field in 人 is 11000); any other unit is refused."""
    if type(raw) is str and _PLAIN(raw):  # the common case: what a csv cell holds
        return Decimal(raw)
    if type(raw) is int or type(raw) is Decimal:  # YAML's numbers (never a bool)
        return to_decimal(raw)
    if isinstance(raw, bool):
        raise ValueError(say("error.value.yes-no-for-number", raw=raw))
    if not isinstance(raw, str):
        return to_decimal(raw)
    if len(raw) > MAX_TEXT:
        raise ValueError(say("error.value.number-text-too-long", length=len(raw)))
    return _parse_text(raw, unit)


@functools.lru_cache(maxsize=8192)  # a batch repeats its texts ("100%", "697.71万元")
def _parse_text(raw: str, unit: str) -> Decimal:
    """`parse_number` of text that is not a plain numeral (the result is an immutable Decimal;
    a refusal is raised again each time, never remembered)."""
    text = unicodedata.normalize("NFKC", raw.translate(_SIGNS)).translate(_SIGNS).strip()
    if text.lower().lstrip("+-") in _NOT_FINITE:
        raise ValueError(say("error.number.not-finite", got=repr(raw)))
    match = _NUMBER_WITH_UNIT.match(text)
    if not match:
        raise ValueError(say("error.number.not-number", got=repr(raw)))
    number = to_decimal(match.group(1).replace(",", ""))
    written = re.sub(r"\s+", "", match.group(2))
    if written[:1] in (",", ".") or written[:1].isdigit():
        raise ValueError(say("error.value.grouping", got=repr(raw)))
    if not written or written == unit:
        return number
    want = UNIT_FACTORS.get(unit)
    if written in _MAGNITUDES and want and written + want[0] in UNIT_FACTORS:
        written += want[0]  # "18516万" written for 万元: the same unit, shortened
    if written == unit:
        return number
    have = UNIT_FACTORS.get(written)
    if have and want and have[0] == want[0]:
        return number * have[1] / want[1]
    expected = say("words.value.in-unit", unit=unit) if unit else say("words.value.no-unit")
    said = say("error.value.unit", raw=repr(raw), written=repr(written), expected=expected)
    raise ValueError(said)


def read_number(
    raw: Any,
    *,
    unit: str = "",
    minimum: Decimal | None = None,
    maximum: Decimal | None = None,
    integer: bool = False,
) -> Decimal:
    value = parse_number(raw, unit)
    if value.copy_abs() > LARGEST:  # within bounds as written, beyond once converted: 1E17亿元
        raise ValueError(
            say("error.value.beyond-size", value=f"{value:.6E}", largest=f"{LARGEST:.0E}")
        )
    if integer and value != value.to_integral_value():
        raise ValueError(say("error.value.not-whole", got=plain(value)))
    if minimum is not None and value < minimum:
        raise ValueError(
            say("error.value.below-minimum", value=plain(value), minimum=plain(minimum))
        )
    if maximum is not None and value > maximum:
        raise ValueError(
            say("error.value.above-maximum", value=plain(value), maximum=plain(maximum))
        )
    return value


def read_flag(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, Decimal) and not raw.is_finite():
        raise ValueError(say("error.value.not-flag", got=raw))
    if isinstance(raw, (int, float, Decimal)) and raw in (0, 1):
        return bool(raw)
    if not isinstance(raw, (str, int, float, Decimal)):
        raise ValueError(say("error.value.not-flag", got=_kind(raw)))
    if isinstance(raw, str) and len(raw) > MAX_TEXT:
        raise ValueError(say("error.value.flag-text-too-long", length=len(raw)))
    text = str(raw).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(say("error.value.not-flag", got=repr(raw)))


def read_items(raw: Any, allowed: tuple[str, ...]) -> frozenset[str]:
    """Checklist items met: a list of item ids, or a mapping of item id to yes/no."""
    if isinstance(raw, Mapping):
        met = {str(k) for k, v in raw.items() if read_flag(v)}
        given = {str(k) for k in raw}
    elif isinstance(raw, (list, tuple)):
        if not all(isinstance(item, (str, int)) and not isinstance(item, bool) for item in raw):
            raise ValueError(say("error.value.items-nested"))
        met = given = {str(item) for item in raw}
    elif isinstance(raw, str):
        met = given = {part.strip() for part in re.split(r"[,，、;；\s]+", raw) if part.strip()}
    else:
        raise ValueError(say("error.value.items-not-list", got=_kind(raw)))
    unknown = sorted(given - set(allowed))
    if unknown:
        shown = ", ".join(item[:40] for item in unknown[:10]) + (" …" if len(unknown) > 10 else "")
        raise ValueError(say("error.value.unknown-items", shown=shown, items=", ".join(allowed)))
    return frozenset(met)


def _kind(raw: Any) -> str | Message:
    """What a value is, without printing it (it may be long or nested without end)."""
    if raw is None:
        return say("words.kind.nothing")
    if isinstance(raw, Mapping):
        return say("words.kind.mapping", count=len(raw))
    if isinstance(raw, (list, tuple, set, frozenset)):
        return say("words.kind.list", count=len(raw))
    return type(raw).__name__
