"""The steps that score: a leaf (its value, the rule, capping and rounding), an externally
supplied score, a parent's sum.

Each step is built once per framework and called once per record with the record's `Run` and the
values of the steps it depends on (passed by the plan's executor). A step does its whole job —
reading, checking, scoring, capping and rounding through `points.finish`, and telling the tracer
when there is one — so scoring with and without a trace runs the same code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING, Any

from ..expressions import Formula
from ..i18n import say
from ..numbers import ZERO, plain
from ..plausibility import (
    bare_fraction,
    fraction_finding,
    may_be_fraction,
)
from ..rules import Context, InputSpec, Outcome
from ..values import read_number
from .inputs import check_range, read_input
from .memo import memo_key, remember
from .names import Undefined, derived_positions, formula_value, kinds_of, undefined_among
from .points import finish
from .run import Run

if TYPE_CHECKING:
    from ..model import Framework, Indicator


class LeafStep:
    """Score one leaf: its value (from a formula, the data or a row), the rule, capping and
    rounding; with a tracer, the reasons and the trace too."""

    def __init__(
        self, fw: Framework, node: Indicator, resolve: Callable[[Run, str, str | None], Any]
    ) -> None:
        assert node.rule is not None
        self.fw, self.node, self.rule, self.code = fw, node, node.rule, node.code
        self.weight = node.weight
        self.precision, self.mode = fw.rounding_of(node)
        self.resolve = resolve
        self.context = (
            None
            if node.rule.reads_record
            else Context(node.code, node.weight, node.unit, _no_input, {})
        )
        ranged = node.plausible is not None
        self.what = f"{node.code} {node.name}" if ranged else ""  # how a range warning names it
        self.value_name = node.value_spec().name if ranged else ""
        self.spec: InputSpec | None = None
        self.function: Callable[..., Any] | None = None
        self.memoised = False
        self.item_order: tuple[str, ...] = ()  # a checklist's items, as the framework lists them
        if node.formula is not None:
            self.function = node.formula.function(kinds_of(fw))
            self.derived_args = derived_positions(fw, node.formula)
        elif node.row is None:  # a row's leaf (made for every record) needs none of this
            self.spec = node.value_spec()
            self.fraction = self.spec.value_type == "number" and may_be_fraction(node.unit)
            if self.spec.value_type == "items":
                self.item_order = self.spec.items
            #: Scores by raw value, for a leaf whose score depends on its raw value alone (no
            #: other input, no warning to write): scoring without a trace looks them up.
            self.memo: dict[Any, Decimal] = {}
            self.outcomes: dict[Any, tuple[Any, Outcome]] = {}  # the same, with the reasons
            self.memoised = (
                self.context is not None and node.plausible is None and not self.fraction
            )

    # -- entry points, one per way the value arrives

    def from_formula(self, run: Run, *args: Any) -> Decimal:
        formula = self.node.formula
        assert formula is not None and self.function is not None
        undefined = undefined_among(args, self.derived_args)
        if undefined is not None:  # a derived value it reads divided by zero
            return self.finish(run, None, self.zero_denominator(run, undefined.formula), {})
        value = formula_value(run, formula, self.function, args, self.code)
        inputs = dict(zip(formula.order, args, strict=True)) if run.tracer else {}
        if type(value) is Undefined:
            return self.finish(run, None, self.zero_denominator(run, value.formula), inputs)
        if isinstance(value, bool) or not isinstance(value, Decimal):
            said = say("error.formula.not-number", formula=formula.quoted)
            raise run.error(said, "formula", self.code)
        return self.scored(run, value, inputs)

    def from_data(self, run: Run) -> Decimal:
        spec = self.spec
        assert spec is not None
        key = memo_key(run.values.get(spec.name)) if self.memoised else None
        if key is not None:
            if run.tracer is None:
                score = self.memo.get(key)
                if score is not None:
                    return score
            else:
                said = self.outcomes.get(key)
                if said is not None:
                    return self.finish(run, said[0], said[1], {})
        value = read_input(run, spec, self.node.unit, self.code)
        if self.fraction and bare_fraction(run.values[spec.name], value, self.node.unit):
            run.implausible.append(
                fraction_finding(spec.name, value, self.code, *run.place(spec.name))
            )
        if key is None:
            return self.scored(run, value, {})
        if run.tracer is None:
            score = self.scored(run, value, {})
            remember(self.memo, key, score)
            return score
        outcome = self.rule_says(self.rule.score, run, value)
        remember(self.outcomes, key, (value, outcome))
        return self.finish(run, value, outcome, {})

    def from_row(self, run: Run) -> Decimal:
        return self.scored(run, self.node.row, {})

    # -- scoring

    def scored(self, run: Run, value: Any, inputs: dict[str, Any]) -> Decimal:
        node = self.node
        if node.plausible is not None:
            check_range(
                run, self.fw, self.what, value, node.unit, node.plausible, node.formula,
                self.value_name, self.code,
            )  # fmt: skip
        if run.tracer is None:
            points = self.rule_says(self.rule.points, run, value)
            if type(points) is Outcome:  # a zero denominator in a name the rule read
                points = points.points
            return finish(points, self.weight, self.precision, self.mode)
        return self.finish(run, value, self.rule_says(self.rule.score, run, value), inputs)

    def rule_says(self, ask: Callable[[Any, Context], Any], run: Run, value: Any) -> Any:
        """What the rule's `points` or `score` gives for `value`: the outcome of the
        framework's on_zero_division instead when a name the rule reads divided by zero."""
        ctx = self.context or Context(
            self.code, self.weight, self.node.unit, partial(read_input, run, code=self.code),
            _Names(run, self.resolve, self.code),
        )  # fmt: skip
        try:
            return ask(value, ctx)
        except _ZeroInName as zero:
            return self.zero_denominator(run, zero.formula)
        except ArithmeticError as exc:
            # a rule's own formula (a veto's `when`) failed, or a value beyond what the rule's
            # exact arithmetic can carry: a clear error naming the indicator, not a traceback
            detail = str(exc) or type(exc).__name__
            said = say("error.rule.could-not-score", kind=repr(self.rule.kind), detail=detail)
            raise run.error(said, "rule", self.code) from None

    def finish(self, run: Run, value: Any, outcome: Outcome, inputs: dict[str, Any]) -> Decimal:
        score = finish(outcome.points, self.weight, self.precision, self.mode)
        if run.tracer is not None:
            if self.item_order and type(value) is frozenset:  # the items met, in that order
                value = tuple(item for item in self.item_order if item in value)
            run.tracer.leaf(self.node, value, outcome, score, inputs, self.fw)
        return score

    def zero_denominator(self, run: Run, formula: Formula) -> Outcome:
        node, where = self.node, f"formula {formula.quoted}"
        if node.on_zero_division == "full":
            return Outcome(node.weight, (f"{where}的分母为0，按框架规定计满分",))
        if node.on_zero_division == "zero":
            return Outcome(ZERO, (f"{where}的分母为0，按框架规定计0分",), node.weight)
        # the denominator's names (those that are 0 first): the error is reported at its field
        under = formula.denominators
        zeros = [n for n in under if run.names.get(n) == 0] or list(under)
        shown = ", ".join(f"{n} = {plain_value(run.names.get(n))}" for n in zeros)
        detail = f" ({shown})" if zeros else ""
        raise run.error(
            say("error.zero-denominator", formula=formula.quoted, detail=detail),
            zeros[0] if zeros else "formula",
            self.code,
        )


class ExternalStep:
    """A leaf whose score the record supplies (`external_scores`)."""

    def __init__(self, fw: Framework, node: Indicator) -> None:
        self.node = node
        self.precision, self.mode = fw.rounding_of(node)
        self.memo: dict[Any, tuple[Decimal, Decimal]] = {}  # raw -> (points, score)

    def __call__(self, run: Run) -> Decimal:
        node = self.node
        raw = run.external[node.code]
        key = memo_key(raw)
        done = self.memo.get(key) if key is not None else None
        if done is None:
            try:
                points = read_number(raw, minimum=ZERO, maximum=node.weight)
            except ValueError as exc:
                said = say("error.external.value", reason=exc.args[0] if exc.args else exc)
                raise run.error(said, "external_scores", node.code) from None
            done = points, finish(points, node.weight, self.precision, self.mode)
            if key is not None:
                remember(self.memo, key, done)
        if run.tracer is not None:
            run.tracer.external(node, *done)
        return done[1]


class ParentStep:
    """A parent's score: the sum of its children's."""

    def __init__(self, node: Indicator) -> None:
        self.node = node

    def __call__(self, run: Run, *scores: Decimal) -> Decimal:
        score = sum(scores, ZERO)
        if run.tracer is not None:
            run.tracer.parent(self.node, score)
        return score


def plain_value(value: Any) -> str:
    """A name's value as the zero-denominator error shows it."""
    return plain(value) if type(value) is Decimal else "?" if value is None else str(value)


def _no_input(spec: InputSpec) -> Any:  # pragma: no cover - rules with reads_record=False
    raise AssertionError(f"rule declared reads_record=False but read {spec.name!r}")


class _ZeroInName(Exception):
    def __init__(self, formula: Formula) -> None:
        self.formula = formula


class _Names(Mapping[str, Any]):
    """Field and derived values for a rule that looks at them (a veto's condition), computed
    on first use by the plan's steps."""

    def __init__(self, run: Run, resolve: Callable[[Run, str, str | None], Any], code: str) -> None:
        self.run, self.resolve, self.code = run, resolve, code

    def __getitem__(self, name: str) -> Any:
        value = self.resolve(self.run, name, self.code)
        if type(value) is Undefined:
            raise _ZeroInName(value.formula)
        return value

    def __iter__(self) -> Iterator[str]:
        return iter(self.run.names)

    def __len__(self) -> int:
        return len(self.run.names)
