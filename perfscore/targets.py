"""Reading 年度指标值 (targets) and 实际完成值 (actuals) as people write them in a 自评表.

A cell of a 项目支出绩效自评表 is free text. This module reads one cell into one of:

- `Bound`  — a number with a unit and an optional comparison: "100%", "≥98%", "≤149万元",
  "群众满意度92%以上" (leading words are a label), "控制预算在149万元以内", "不低于95%";
- `Span`   — a range: "1--1.2万人", "0.6~0.7万人", "1万人至1.2万人";
- `Period` — a year, month or day, optionally a deadline: "2020年全年", "2020年12月31日前";
- `Words`  — text without any digit: "稳步提升", "正常运行", "长期" (a qualitative target).

Text that has digits but fits none of these is refused with `TargetTextError`; so is a text
with two numbers that is not a range ("1.98亿元，增长5%"): reading one of them would be a guess.
Units are compared with `convert`: "18516万" against "18516万元" is the same unit (万 is the
short form of 万元 or 万人, whichever the other cell uses); 万人 against % is an error.

Nothing here knows how a row is scored; `perfscore.rules.target` does that.
"""

from __future__ import annotations

import calendar
import functools
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .i18n import say
from .numbers import to_decimal
from .values import MAX_TEXT, UNIT_FACTORS

__all__ = [
    "Bound",
    "Period",
    "Reading",
    "Span",
    "TargetTextError",
    "UnitMismatch",
    "Words",
    "convert",
    "is_blank",
    "normalise",
    "percent",
    "read_cell",
]


class TargetTextError(ValueError):
    """A cell has digits but cannot be read as a number, range, comparison or period."""


class UnitMismatch(ValueError):
    """Two cells are written in units that cannot be compared (万人 against %)."""


@dataclass(frozen=True)
class Bound:
    """A number in a unit, with the comparison the text states (None: a plain number)."""

    op: str | None  # ">=", ">", "<=", "<", "==" or None
    number: Decimal
    unit: str
    text: str
    label: str = ""


@dataclass(frozen=True)
class Span:
    """A range "low--high unit"."""

    low: Decimal
    high: Decimal
    unit: str
    text: str
    label: str = ""
    exact: bool = False  # its 指标性质 says "=": met within it, whatever `plain` says


@dataclass(frozen=True)
class Period:
    """A span of days; `deadline` when the text says 前/之前/以前/以内 (by that date), or names a
    month's end, 底/末 ("2020年6月底": by the end of June)."""

    start: date
    end: date
    deadline: bool
    text: str


@dataclass(frozen=True)
class Words:
    """Qualitative text: no digits at all."""

    text: str


Reading = Bound | Span | Period | Words

# --------------------------------------------------------------------------- normalising

_SYMBOLS = str.maketrans(
    {"≧": "≥", "⩾": "≥", "≦": "≤", "⩽": "≤", "═": "=", "〓": "=", "–": "-", "—": "-", "－": "-"}
)
#: unit words that mean % ("度量单位: 百分比"); a difference in 百分点 compares as %
PERCENT_WORDS = frozenset({"百分比", "百分点", "百分率"})


@functools.lru_cache(maxsize=8192)  # the cells of a batch of tables repeat
def normalise(text: str) -> str:
    """Full-width to half-width (NFKC: "９８％" -> "98%", "　" -> " "), look-alike symbols unified,
    and all whitespace removed — a cell's meaning never depends on its spaces."""
    text = unicodedata.normalize("NFKC", text).translate(_SYMBOLS)
    return re.sub(r"\s+", "", text).rstrip("。;；,，")


def is_blank(text: str) -> bool:
    return normalise(text) == ""


# --------------------------------------------------------------------------- the grammar

_NUMBER = r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
# Longest words first so that "大于等于" is not read as "大于" followed by "等于".
_PREFIX_WORDS: list[tuple[str, str]] = [
    ("大于或等于", ">="),
    ("小于或等于", "<="),
    ("大于等于", ">="),
    ("小于等于", "<="),
    ("不低于", ">="),
    ("不少于", ">="),
    ("不小于", ">="),
    ("不高于", "<="),
    ("不多于", "<="),
    ("不大于", "<="),
    ("不超过", "<="),
    ("不超出", "<="),
    ("至少", ">="),
    ("达到", ">="),
    ("至多", "<="),
    ("大于", ">"),
    ("高于", ">"),
    ("超过", ">"),
    ("多于", ">"),
    ("小于", "<"),
    ("低于", "<"),
    ("少于", "<"),
    ("等于", "=="),
    (">=", ">="),
    ("<=", "<="),
    ("≥", ">="),
    ("≤", "<="),
    ("==", "=="),
    (">", ">"),
    ("<", "<"),
    ("=", "=="),
]
_SUFFIX_WORDS: list[tuple[str, str]] = [
    ("及以上", ">="),
    ("或以上", ">="),
    ("以上", ">="),
    ("及以下", "<="),
    ("或以下", "<="),
    ("以下", "<="),
    ("以内", "<="),
    ("之内", "<="),
    ("之前", "<="),
    ("以前", "<="),
    ("前", "<="),
    ("内", "<="),
]
_PREFIX = {word: op for word, op in _PREFIX_WORDS}
_SUFFIX = {word: op for word, op in _SUFFIX_WORDS}


def _alternation(words: list[tuple[str, str]]) -> str:
    return "|".join(re.escape(word) for word, _ in words)


_BOUND = re.compile(
    rf"^(?P<label>\D*?)(?P<pre>{_alternation(_PREFIX_WORDS)})?(?P<num>{_NUMBER})"
    rf"(?P<unit>\D*?)(?P<post>{_alternation(_SUFFIX_WORDS)})?$"
)
_SPAN = re.compile(
    rf"^(?P<label>\D*?)(?P<low>{_NUMBER})(?P<lowunit>[^\d~\-至到]*?)"
    rf"(?:-{{1,2}}|~{{1,2}}|至|到)(?P<high>{_NUMBER})(?P<unit>\D*?)$"
)
_PERIOD = re.compile(
    r"^(?P<y>\d{4})年(?:(?P<year>全年|年度|度)|(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})[日号])?(?P<end>底|末)?)?"
    r"(?P<deadline>之前|以前|前|以内|之内|内)?$"
)
# A comparison word may not be mistaken for part of a unit: "92%以上" has unit "%".
_UNIT_FORBIDDEN = re.compile(rf"{_alternation(_PREFIX_WORDS)}|[~]")
# Symbols in the words before a number mean structure this grammar does not know ("约~98%", "±2%").
_LABEL_FORBIDDEN = re.compile(r"[~\-+±<>=≥≤/]")


@functools.lru_cache(maxsize=4096)  # a batch of tables repeats its targets; readings are frozen
def read_cell(raw: str) -> Reading:
    """Read one cell. Blank text is the caller's business (see `is_blank`)."""
    if len(raw) > MAX_TEXT:
        raise TargetTextError(
            say("error.cell.too-long", length=len(raw), head=repr(raw[:20]), limit=MAX_TEXT)
        )
    text = normalise(raw)
    if not text:
        raise TargetTextError(say("error.cell.blank"))
    if not re.search(r"\d", text):
        return Words(raw.strip())
    period = _PERIOD.match(text)
    if period:
        return _period(period, raw)
    span = _SPAN.match(text)
    if span:
        return _span(span, raw)
    bound = _BOUND.match(text)
    if (
        bound
        and not _UNIT_FORBIDDEN.search(bound.group("unit"))
        and not _LABEL_FORBIDDEN.search(bound.group("label"))
    ):
        return _bound(bound, raw)
    numbers = re.findall(_NUMBER, text)
    if len(numbers) > 1:
        raise TargetTextError(
            say("error.cell.several-numbers", text=repr(raw.strip()), count=len(numbers))
        )
    raise TargetTextError(say("error.cell.unreadable", text=repr(raw.strip())))


def _decimal(text: str) -> Decimal:
    try:
        return to_decimal(text.replace(",", ""))  # bounded like every other number
    except ValueError as exc:
        raise TargetTextError(exc.args[0]) from None


def _bound(match: re.Match[str], raw: str) -> Bound:
    pre, post = match.group("pre"), match.group("post")
    ops = {_PREFIX[pre] if pre else None, _SUFFIX[post] if post else None} - {None}
    if len(ops) > 1:
        raise TargetTextError(say("error.cell.two-comparisons", text=repr(raw.strip())))
    op = ops.pop() if ops else None
    unit = match.group("unit")
    return Bound(op, _decimal(match.group("num")), percent(unit), raw.strip(), match.group("label"))


def percent(unit: str) -> str:
    """`unit`, with 百分比 / 百分点 read as %."""
    return "%" if unit in PERCENT_WORDS else unit


def _span(match: re.Match[str], raw: str) -> Span:
    low, high = _decimal(match.group("low")), _decimal(match.group("high"))
    unit, low_unit = match.group("unit"), match.group("lowunit")
    if low_unit and low_unit != unit:
        if not unit:
            unit = low_unit
        else:
            said = say("error.cell.range-units", text=repr(raw.strip()), low=low_unit, high=unit)
            raise TargetTextError(said)
    if low > high:
        raise TargetTextError(say("error.cell.range-reversed", text=repr(raw.strip())))
    return Span(low, high, percent(unit), raw.strip(), match.group("label"))


def _period(match: re.Match[str], raw: str) -> Period:
    year = int(match.group("y"))
    try:
        if match.group("m") is None:
            start, end = date(year, 1, 1), date(year, 12, 31)
        else:
            month = int(match.group("m"))
            last = calendar.monthrange(year, month)[1] if 1 <= month <= 12 else 0
            if match.group("d") is None:
                start, end = date(year, month, 1), date(year, month, last)
            else:
                start = end = date(year, month, int(match.group("d")))
    except ValueError:
        raise TargetTextError(say("error.cell.bad-date", text=repr(raw.strip()))) from None
    # "2020年6月底" / "6月末" is the end of June as a time limit (by then), like "6月30日前"
    by = match.group("deadline") is not None or match.group("end") is not None
    return Period(start, end, by, raw.strip())


# --------------------------------------------------------------------------- units

#: Units whose values convert into one another: family name and factor. 万 and 亿 alone are the
#: short forms people write ("18516万"); they take the family of the cell they are compared with.
_FAMILIES: dict[str, tuple[str, Decimal]] = {
    **UNIT_FACTORS,
    "人次": ("人次", Decimal(1)),
    "万人次": ("人次", Decimal(10_000)),
    "户": ("户", Decimal(1)),
    "万户": ("户", Decimal(10_000)),
    "个": ("个", Decimal(1)),
    "万个": ("个", Decimal(10_000)),
    "件": ("件", Decimal(1)),
    "万件": ("件", Decimal(10_000)),
}
_SHORT = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}


def _factor(unit: str, other: str) -> tuple[str, Decimal] | None:
    if unit in _FAMILIES:
        return _FAMILIES[unit]
    if unit in _SHORT:
        family = _FAMILIES.get(other)
        if family and family[0] != "%":
            return family[0], _SHORT[unit]
        if other in _SHORT:
            return "万/亿", _SHORT[unit]
    return None


def convert(number: Decimal, unit: str, to: str) -> Decimal:
    """`number` written in `unit`, expressed in `to`; UnitMismatch when they cannot compare."""
    if unit == to:
        return number
    have, want = _factor(unit, to), _factor(to, unit)
    if have and want and have[0] == want[0]:
        return number * have[1] / want[1]
    none = say("words.cell.no-unit")
    raise UnitMismatch(say("error.cell.units-differ", unit=unit or none, to=to or none))
