"""The result of scoring one record: a tree of indicator scores with traces, and the findings."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from .checks import Finding
from .numbers import json_number


@dataclass(slots=True)
class Trace:
    """How a leaf's score came about: the formula and the numbers it read, the value, the rule
    applied (and its wording in the source), the reasons, and what was deducted. Treat it as
    read-only (it is not frozen only because a frozen dataclass costs microseconds per leaf)."""

    rule: str
    criteria: str = ""
    formula: str | None = None
    inputs: dict[str, Any] = field(default_factory=dict)
    reasons: tuple[str, ...] = ()
    points: Decimal | None = None  # what the rule awarded, before capping and rounding
    deducted: Decimal = Decimal(0)
    capped: bool = False
    units: dict[str, str] = field(default_factory=dict)  # unit of each input, for explanations
    #: the precision and rounding mode of a leaf that declares its own (or inherits them from a
    #: node that does); None: the framework's precision, 四舍五入
    rounding: tuple[int, str] | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"rule": self.rule, "reasons": list(self.reasons)}
        if self.formula:
            out["formula"] = self.formula
            out["inputs"] = {k: _jsonable(v) for k, v in self.inputs.items()}
        if self.points is not None:
            out["points"] = json_number(self.points)
        if self.deducted:
            out["deducted"] = json_number(self.deducted)
        if self.capped:
            out["capped"] = True
        if self.criteria:
            out["criteria"] = self.criteria
        return out


@dataclass(slots=True)
class IndicatorResult:
    code: str
    name: str
    weight: Decimal
    score: Decimal
    children: list[IndicatorResult] = field(default_factory=list)
    value: Any = None
    unit: str = ""
    rule: str | None = None
    source: str = "computed"  # computed | judgment | external
    trace: Trace | None = None
    # The framework's words for this node, for renderers (评分表 columns); not in to_dict.
    explanation: str = ""  # 指标解释
    data_source: str = ""  # 数据来源

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def lost(self) -> Decimal:
        return self.weight - self.score

    def walk(self) -> Iterator[IndicatorResult]:
        """This node and every node below it, parents before their children, in order."""
        stack = [self]  # a stack, not nested generators: one frame however deep the tree
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "code": self.code,
            "name": self.name,
            "weight": json_number(self.weight),
            "score": json_number(self.score),
        }
        if self.children:
            out["children"] = [child.to_dict() for child in self.children]
            return out
        out["value"] = _jsonable(self.value)
        if self.unit:
            out["unit"] = self.unit
        out["rule"] = self.rule
        out["source"] = self.source
        if self.trace is not None:
            out["trace"] = self.trace.to_dict()
        return out


class Statement(NamedTuple):
    """What a record's report states: its 自评分 by code, its total, and the warning that says
    why they are not shown when they cannot be read."""

    scores: dict[str, Decimal]
    total: Decimal | None
    warning: Finding | None


@dataclass
class Result:
    framework_id: str
    framework_version: str
    framework_name: str
    total: Decimal
    maximum: Decimal
    grade: str | None
    indicators: list[IndicatorResult]
    findings: list[Finding] = field(default_factory=list)
    record_id: str | None = None
    record_title: str = ""
    precision: int = 2  # decimals of scores (the framework's precision)
    value_precision: int = 2  # decimals of values (rates, amounts) as a report prints them
    #: how to read what the record's own report states (set by `Framework.evaluate`): the
    #: scores, the total, and a warning when they cannot be read; read when first asked for
    #: (called with the result, which it does not keep: no reference cycle for the collector)
    statement: Callable[[Result], Statement] | None = field(
        default=None, repr=False, compare=False
    )

    @property
    def stated(self) -> dict[str, Decimal]:
        """自评分: the scores the record's own report states (`reported.scores`), by code; empty
        when it states none or they cannot be read (not in to_dict)."""
        return self._statement().scores

    @property
    def stated_total(self) -> Decimal | None:
        """The total the record's report states (`reported.total`)."""
        return self._statement().total

    def _statement(self) -> Statement:
        """What the report states, read once: a statement that cannot be read adds its warning
        to `findings` (the scores never depend on it)."""
        read: Statement | None = self.__dict__.get("_stated")
        if read is None:
            read = self.statement(self) if self.statement else Statement({}, None, None)
            self.__dict__["_stated"] = read
            if read.warning is not None:
                self.findings.append(read.warning)
        return read

    @property
    def _by_code(self) -> dict[str, IndicatorResult]:
        """Every node by code, made on first lookup (many results are only totalled)."""
        by_code: dict[str, IndicatorResult] | None = self.__dict__.get("_codes")
        if by_code is None:
            by_code = self.__dict__["_codes"] = {node.code: node for node in self.walk()}
        return by_code

    def __getitem__(self, code: str) -> IndicatorResult:
        try:
            return self._by_code[code]
        except KeyError:
            raise KeyError(f"no indicator {code!r} in this result") from None

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def walk(self) -> Iterator[IndicatorResult]:
        for root in self.indicators:
            yield from root.walk()

    def leaves(self) -> Iterator[IndicatorResult]:
        return (node for node in self.walk() if node.is_leaf)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "framework": {
                "id": self.framework_id,
                "version": self.framework_version,
                "name": self.framework_name,
            },
        }
        if self.record_id is not None:
            out["record"] = self.record_id
        out.update(
            total=json_number(self.total),
            maximum=json_number(self.maximum),
            grade=self.grade,
            indicators=[root.to_dict() for root in self.indicators],
            findings=[f.to_dict() for f in self.findings],
        )
        return out


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return json_number(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    return value
