"""The framework model: the indicator tree, its fields, derived values and grades.

Plain data with a few lookups; built by `building`, scored by `engine`, and given its
`evaluate` by the facade `perfscore.framework.Framework` at the top."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .expressions import Formula
from .plausibility import PlausibleRange
from .report_text import ReportText
from .rules import InputSpec, Rule
from .yamlio import Document

if TYPE_CHECKING:
    from .rows import RowTable


@dataclass(frozen=True)
class Field:
    """A base-data field (基础数据) the framework reads."""

    name: str
    type: str = "number"
    unit: str = ""
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    description: str = ""


@dataclass(frozen=True)
class Derived:
    """A named value computed from fields and other derived values."""

    name: str
    formula: Formula
    unit: str = ""
    description: str = ""
    plausible: PlausibleRange | None = None  # 合理取值范围: outside it is a warning finding


@dataclass(frozen=True)
class Grade:
    name: str
    minimum: Decimal


@dataclass
class Indicator:
    """One node of the tree. A leaf has a rule; a parent has children."""

    code: str
    name: str
    weight: Decimal
    children: list[Indicator] = field(default_factory=list)
    rule: Rule | None = None
    formula: Formula | None = None
    input: str = ""
    unit: str = ""
    explanation: str = ""
    criteria: str = ""
    data_source: str = ""
    direction: str | None = None
    plausible: PlausibleRange | None = None  # 合理取值范围 of the value: outside it, a warning
    on_zero_division: str = "error"
    note: str = ""
    source_code: str | None = None  # the code as the source writes it, when that differs
    line: int | None = None
    depth: int = 0
    rows: RowTable | None = None  # its indicators are rows listed in the data (perfscore.rows)
    row: Any = None  # an expanded row's cells, the value its rule scores
    #: decimals of its score and how it rounds, declared here or on an ancestor (inherited when
    #: built); None: the framework's precision, 四舍五入
    precision: int | None = None
    rounding: str | None = None
    #: how its children share its weight when they state none: "first", "last" or "each"
    #: (`split: equal` with `remainder:`), None when they state their weights
    split: str | None = None

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def walk(self) -> Iterator[Indicator]:
        yield self
        for child in self.children:
            yield from child.walk()

    def value_spec(self) -> InputSpec:
        """How this leaf's value is read from the data when there is no formula."""
        assert self.rule is not None
        return self.rule.value_spec(self.input)

    def changed(self, **changes: Any) -> Indicator:
        """A copy with some fields changed: `dataclasses.replace` without its per-call look at
        every field (a record's rows are made into indicators for every record scored)."""
        copy = object.__new__(Indicator)
        copy.__dict__.update(self.__dict__, **changes)
        # a name that is not a field would have added a key (checked without building a set)
        assert len(copy.__dict__) == len(self.__dict__), sorted(changes.keys() - self.__dict__)
        return copy


class Framework:
    """An indicator framework (指标体系), loaded and checked."""

    def __init__(
        self,
        *,
        id: str,
        name: str,
        version: str,
        total: Decimal,
        precision: int,
        grades: list[Grade],
        fields: dict[str, Field],
        derived: dict[str, Derived],
        indicators: list[Indicator],
        file: str | None = None,
        source: str = "",
        value_precision: int = 2,
        document: Document | None = None,
        not_applicable: str | None = None,
        report: ReportText | None = None,
    ) -> None:
        self.id = id
        self.name = name
        self.version = version
        self.total = total
        self.precision = precision
        self.value_precision = value_precision
        #: what follows for an indicator the data mark 不适用 (external_scores: {CODE: 不适用}):
        #: rescale, total, full or zero; None: such a mark is refused
        self.not_applicable = not_applicable
        #: the 评价报告's header fields and text sections the framework supplies (`report:`)
        self.report = report or ReportText()
        self.grades = sorted(grades, key=lambda g: g.minimum, reverse=True)
        self.fields = fields
        self.derived = derived
        self.indicators = indicators
        self.file = file
        self.source = source
        self.document = document
        #: the frameworks' root it was loaded with, when one was given (`load_framework`)
        self.frameworks_root: Path | None = None
        self.by_code = {node.code: node for root in indicators for node in root.walk()}

    def __repr__(self) -> str:
        return f"<Framework {self.id} {self.version}: {len(self.by_code)} indicators>"

    def walk(self) -> Iterator[Indicator]:
        for root in self.indicators:
            yield from root.walk()

    def leaves(self) -> Iterator[Indicator]:
        return (node for node in self.walk() if node.is_leaf)

    def replaced(self, **changes: Any) -> Framework:
        """A copy of this framework with some constructor arguments changed (checks rerun)."""
        current: dict[str, Any] = {
            "id": self.id, "name": self.name, "version": self.version, "total": self.total,
            "precision": self.precision, "grades": self.grades, "fields": self.fields,
            "derived": self.derived, "indicators": self.indicators, "file": self.file,
            "source": self.source, "value_precision": self.value_precision,
            "document": self.document, "not_applicable": self.not_applicable,
            "report": self.report,
        }  # fmt: skip
        return type(self)(**{**current, **changes})

    def names_behind(self, names: Iterable[str]) -> set[str]:
        """`names` and every field or derived value they read, following derived values."""
        seen: set[str] = set()
        todo = list(names)
        while todo:
            name = todo.pop()
            if name not in seen:
                seen.add(name)
                if name in self.derived:
                    todo.extend(self.derived[name].formula.names)
        return seen

    def rounding_of(self, node: Indicator) -> tuple[int, str]:
        """The precision and rounding mode `node`'s score is rounded with."""
        precision = self.precision if node.precision is None else node.precision
        return precision, node.rounding or "half_up"

    def __getitem__(self, code: str) -> Indicator:
        return self.by_code[code]

    def grade_of(self, total: Decimal) -> str | None:
        for grade in self.grades:
            if total >= grade.minimum:
                return grade.name
        return None
