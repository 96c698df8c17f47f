"""What reading one 评分细则 gives: the rule, the phrase it matched, its defaults and findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

#: the finding of a 评分细则 no pattern reads (the issue's wording, kept for people to search)
UNREAD = "评分细则未能自动识别，请确认"
#: a number as the grammar writes it (normalised text)
NUM = r"\d+(?:\.\d+)?"


@dataclass(frozen=True)
class Default:
    """A choice the prose does not settle, written as an explicit, commented default."""

    key: str
    value: Any
    why: str


@dataclass
class Reading:
    """One 评分细则 read: the rule (a mapping as the framework writes it), the pattern's name,
    the phrase matched, the defaults taken (also in `rule`), findings for people to check, and
    the inputs the rule reads (boolean conditions of a veto)."""

    rule: dict[str, Any]
    pattern: str
    phrase: str
    defaults: list[Default] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    inputs: dict[str, dict[str, Any]] = field(default_factory=dict)
    needs_value: bool = False  # threshold with a judgment fallback: the leaf needs its own value

    @property
    def flagged(self) -> bool:
        return bool(self.findings or self.defaults)


@dataclass(frozen=True)
class Context:
    """What a template may look at besides its match: the leaf's weight, its 指标解释 and the
    whole 评分细则 (both normalised)."""

    weight: Decimal
    explanation: str = ""
    criteria: str = ""


def dec(text: str) -> Decimal:
    """A number of the normalised text, exactly."""
    return Decimal(text)


def plain(number: Decimal) -> Decimal:
    """A Decimal without trailing zeros or exponent (5.0 → 5, 0.050 → 0.05)."""
    normal = number.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral() else normal
