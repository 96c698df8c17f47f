"""Conditions over several values: the first case whose condition holds gives the points.

"无结余得3分；有结余但不超过上年结转得2分；超过上年结转不得分" is two cases and an else:
{when: 结余 == 0, points: 3}, {when: 结余 <= 上年结转, points: 2}, else: {points: 0}. Each
condition is a formula over the framework's fields and derived values, compiled once when the
framework loads and evaluated over the record's values; it must give a yes/no.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..formula_ops import FormulaArithmeticError
from ..i18n import say
from .awards import Award, Judgments, possible, read_award
from .base import BuildContext, Context, InputSpec, Outcome, Rule, RuleFinding, register
from .wording import show, with_unit

if TYPE_CHECKING:
    from ..expressions import Formula
    from .possible import PossiblePoints


@dataclass(frozen=True)
class Case:
    """One case as written: its condition, the prose it encodes (`text`), what it awards."""

    when: Formula
    text: str
    award: Award
    number: int

    def says(self) -> str:
        source = self.when.source
        return f"{self.text}（{source}）" if self.text and self.text != source else source


@register
class Cases(Rule):
    """The first case whose `when` holds gives its points (or a share of the weight, or the
    evaluator's judgment within a range); when none holds, `else` does. `else` is required: the
    framework says what the remaining situations earn."""

    kind = "cases"
    description = "分情形计分：按先列出的、条件成立的第一种情形计分，均不成立时按其他情形计分"

    def __init__(self, spec: Mapping[str, Any], build: BuildContext) -> None:
        super().__init__(spec, build)
        raw = spec.get("cases")
        if not isinstance(raw, list) or not raw:
            raise build.error("'cases' must list at least one {when, points} case", "rule.cases")
        self.cases = [self._case(case, build, i) for i, case in enumerate(raw)]
        other = spec.get("else")
        if not isinstance(other, Mapping):
            raise build.error(
                "'else' must say what the remaining situations earn, e.g. {points: 0}",
                "rule.else",
            )
        self.otherwise = read_award(other, build, "rule.else")
        self.judgments = Judgments(spec, build, self._awards())

    @staticmethod
    def _case(raw: Any, build: BuildContext, i: int) -> Case:
        where = f"rule.cases[{i}]"
        if not isinstance(raw, Mapping) or not isinstance(raw.get("when"), str):
            raise build.error("each case needs 'when', a condition formula", f"{where}.when")
        when = build.compile(raw["when"], f"{where}.when")
        return Case(when, str(raw.get("text", "")), read_award(raw, build, where), i + 1)

    def _awards(self) -> list[Award]:
        return [*(case.award for case in self.cases), self.otherwise]

    def case_of(self, ctx: Context) -> Case | None:
        """The first case whose condition holds for the record, or None (then `else`)."""
        for case in self.cases:
            holds = case.when.evaluate(ctx.names)
            if not isinstance(holds, bool):
                raise FormulaArithmeticError(
                    f"the condition {case.when.quoted} gave {holds}, not yes or no / "
                    "条件公式的结果不是“是/否”"
                )
            if holds:
                return case
        return None

    def points(self, value: Any, ctx: Context) -> Decimal:
        case = self.case_of(ctx)
        return self.judgments.points(case.award if case else self.otherwise, ctx)

    def score(self, value: Any, ctx: Context) -> Outcome:
        case = self.case_of(ctx)
        award = case.award if case is not None else self.otherwise
        points = self.judgments.points(award, ctx)
        shown = f"{with_unit(value, ctx.unit)}，" if isinstance(value, Decimal) else ""
        if case is not None:
            which = f"{shown}符合第{case.number}种情形：{case.says()}"
        else:
            which = f"{shown}不符合所列任何情形，按其他情形"
        if award.judged:
            span = f"{show(award.low)}-{show(award.high)}分"
            reason = f"{which}，评价人在{span}范围内酌情评{show(points)}分"
            return Outcome(points, (reason,), source="judgment")
        return Outcome(points, (f"{which}，得{show(points)}分",))

    def max_points(self) -> Decimal:
        return max(award.high for award in self._awards())

    def possible_points(self) -> PossiblePoints:
        return possible(self._awards())

    def inputs(self) -> list[InputSpec]:
        return self.judgments.inputs()

    def formulas(self) -> dict[str, Formula]:
        return {f"rule.cases[{c.number - 1}].when": c.when for c in self.cases}

    def findings(self) -> list[RuleFinding]:
        seen: dict[str, int] = {}
        found = []
        for case in self.cases:
            source = "".join(case.when.source.split())
            if source in seen:
                found.append(
                    RuleFinding(
                        "error",
                        "cases-unreachable",
                        say("finding.cases-unreachable", number=case.number, earlier=seen[source]),
                    )
                )
            seen.setdefault(source, case.number)
        found += [
            RuleFinding(
                "error",
                "cases-above-weight",
                say(
                    "finding.cases-above-weight",
                    case=say("words.case.numbered", number=n) if n else say("words.case.else"),
                    high=show(a.high),
                    weight=show(self.weight),
                ),
            )
            for n, a in [*((c.number, c.award) for c in self.cases), (0, self.otherwise)]
            if a.high > self.weight
        ]
        return found
