"""What every rule kind is: a small class, registered by name, that turns a value into points.

A rule is built once from its YAML mapping when the framework loads, and then scores many values.
It returns an `Outcome`: the points before capping and rounding, and the sentences that say how
they were reached, in the words of a Chinese evaluation report.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from ..errors import FrameworkError
from ..i18n import Message, verbatim
from ..numbers import ZERO, to_decimal
from .possible import PossiblePoints

if TYPE_CHECKING:
    from ..expressions import Formula

#: What the value a rule scores is: a number (a rate, an amount), a count of cases, points an
#: evaluator awards, the set of checklist items met, or a yes/no.
ValueType = Literal["number", "count", "points", "items", "flag"]
Rewards = Literal["higher", "lower"] | None


@dataclass(frozen=True)
class Outcome:
    """Points a rule awards (before capping at the weight and rounding) and why."""

    points: Decimal
    reasons: tuple[str, ...] = ()
    deducted: Decimal = ZERO
    source: str = "computed"  # "computed", "judgment" or "external"


@dataclass(frozen=True)
class InputSpec:
    """An input a rule reads straight from the data (a judgment score, a checklist, a count)."""

    name: str
    value_type: ValueType
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    items: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class RuleFinding:
    """Something a rule's own check finds in how it was declared (bands that overlap): what
    `perfscore lint` reports for the rule's indicator (perfscore.checks turns it into a Finding).
    `level` is "error" (the rule contradicts itself) or "warning"."""

    level: str
    check: str
    said: Message  # a plugin may give plain text (kept as it is: perfscore.i18n.verbatim)

    def __post_init__(self) -> None:
        if isinstance(self.said, str):
            object.__setattr__(self, "said", verbatim(self.said))

    @property
    def message(self) -> str:
        """What the rule's check says, in the language set."""
        return self.said.text()


@dataclass(slots=True)
class Context:
    """What a rule may look at while scoring one value."""

    code: str
    weight: Decimal
    unit: str
    read: Callable[[InputSpec], Any]  # reads and checks another input of this indicator
    names: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class BuildContext:
    """What a rule may use while it is built: where it is, and how to compile a formula."""

    code: str
    weight: Decimal
    file: str | None
    compile: Callable[[str, str], Any]  # (source, field) -> Formula

    def error(self, message: str, field: str = "rule") -> FrameworkError:
        return FrameworkError(message, file=self.file, path=self.code, field=field)

    def number(self, spec: Mapping[str, Any], key: str, default: object = None) -> Decimal:
        raw = spec.get(key, default)
        if raw is None:
            raise self.error(f"rule needs '{key}'", f"rule.{key}")
        try:
            return to_decimal(raw)
        except ValueError as exc:
            raise self.error(str(exc), f"rule.{key}") from None


class Rule(ABC):
    """One rule kind. Subclasses set `kind`, `value_type` and `description`, read their
    parameters in `__init__`, and implement `score` and `max_points`."""

    kind: ClassVar[str]
    value_type: ClassVar[ValueType] = "number"
    description: ClassVar[str] = ""
    #: Whether scoring looks at the record beyond the value (`ctx.read`, `ctx.names`). A rule
    #: that never does says False, and the engine gives it one context for every record.
    reads_record: bool = True
    #: A JSON Schema for the rule's mapping (`properties`, `required`, `additionalProperties`
    #: …): a kind the shipped schema does not route (one a plugin registers) that gives one
    #: has it checked as part of the framework schema, with file and line; None accepts any
    #: options and leaves checking them to `__init__`.
    options_schema: ClassVar[Mapping[str, Any] | None] = None

    def __init__(self, spec: Mapping[str, Any], build: BuildContext) -> None:
        self.spec = dict(spec)
        self.weight = build.weight

    @abstractmethod
    def score(self, value: Any, ctx: Context) -> Outcome:
        """Points for `value`, with the reasons."""

    def points(self, value: Any, ctx: Context) -> Decimal:
        """Points for `value` without the reasons: what scoring without a trace calls. A rule
        kind whose reasons cost more than its points overrides this with the same arithmetic
        `score` uses (by calling the same methods), never a second version of it."""
        return self.score(value, ctx).points

    @abstractmethod
    def max_points(self) -> Decimal:
        """The most this rule can ever award (before capping at the weight)."""

    def possible_points(self) -> PossiblePoints:
        """Every raw point this rule can award (before capping and rounding). By default any
        points from 0 to `max_points()`; a rule with a finite set of outcomes says which."""
        return PossiblePoints.span(ZERO, self.max_points())

    def rewards(self) -> Rewards:
        """Which way the value should move for more points: "higher", "lower" or None."""
        return None

    def criterion(self, unit: str) -> str:
        """The rule in a 评分标准's words, for an indicator table (`perfscore export` prints it
        for a leaf that has no 评分标准 of its own), `unit` the indicator's. A kind the import
        grammar reads says it in a phrasing the grammar reads back to the same rule; by
        default, and for parameters no phrasing states, the kind's description (which import
        does not read, and flags for review)."""
        return self.description

    def inputs(self) -> list[InputSpec]:
        """Inputs read straight from the data besides the indicator's value."""
        return []

    def value_spec(self, name: str) -> InputSpec:
        """How to read this rule's value when it comes from the data rather than a formula."""
        return InputSpec(name, self.value_type)

    def landmarks(self) -> list[Decimal]:
        """Values where the rule's behaviour changes: bounds, step edges. For test generators."""
        return []

    def formulas(self) -> dict[str, Formula]:
        """Formulas the rule evaluates over the record's fields and derived values (a veto's
        `when`, the conditions of `cases`), by the field that declares them ("rule.when"):
        loading checks the names they read, lint counts those names as used, and the test
        generators keep their denominators away from zero."""
        return {}

    def findings(self) -> list[RuleFinding]:
        """The rule's own consistency checks (gaps between bands, a case that can never
        apply): reported by `perfscore lint` for the rule's indicator. None by default."""
        return []


RULES: dict[str, type[Rule]] = {}


def register(cls: type[Rule]) -> type[Rule]:
    """Class decorator: make a rule kind available to frameworks under `cls.kind`."""
    if cls.kind in RULES and RULES[cls.kind] is not cls:
        raise ValueError(f"rule kind {cls.kind!r} is already registered")
    RULES[cls.kind] = cls
    return cls


def build_rule(spec: Mapping[str, Any], build: BuildContext) -> Rule:
    kind = spec.get("kind")
    if kind not in RULES:
        known = ", ".join(sorted(RULES))
        raise build.error(
            f"unknown rule kind {kind!r}; known kinds: {known} (a plugin's kind needs its "
            "package installed: docs/rules.md, Plugins)",
            "rule.kind",
        )
    return RULES[kind](spec, build)
