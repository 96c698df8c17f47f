"""A framework compiled once into a plan: the ordered steps that score a record, and the one
executor that runs them.

The plan lists, in the order scoring needs them, a step for every base-data field, derived value
and indicator of the framework (see `steps`). Each step remembers the indicator it serves, with
its file and line, and `describe()` lists them. The executor is one Python function generated
from the plan: straight-line code that calls each step with the values of the steps it depends
on and returns the scores in `codes` order. It holds no arithmetic and no rule knowledge — every
number is computed by a step, with or without a tracer — and only generated identifiers: every
step is passed in as a closure value, never spliced into the source.

A framework has one plan per set of leaves whose scores the record supplies (those leaves read
nothing); `plan_for` keeps them, at most `PLAN_LIMIT` per framework.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ..checks import Finding, check_framework
from .names import DerivedStep, FieldStep
from .not_applicable import (
    CountingParentStep,
    MarkedStep,
    TotalStep,
    marked_below,
    not_counted,
    rows_rescale_total,
)
from .rows_step import RowsStep
from .run import Run
from .steps import ExternalStep, LeafStep, ParentStep

if TYPE_CHECKING:
    from ..model import Framework, Indicator

#: Plans kept per framework (one per set of externally scored leaves).
PLAN_LIMIT = 64


@dataclass(frozen=True)
class PlannedStep:
    """One line of the plan, for people: what the step does and where it comes from."""

    kind: str  # field, derived, formula leaf, input leaf, external, not applicable, rows, parent
    name: str  # the field, derived value or indicator code
    code: str | None  # the indicator it serves
    file: str | None
    line: int | None

    def __str__(self) -> str:
        where = f"{self.file or '?'}:{self.line}" if self.line else (self.file or "")
        serves = f" (for {self.code})" if self.code and self.code != self.name else ""
        return f"{self.kind:<13} {self.name}{serves}  {where}".rstrip()


class Plan:
    """`fw` compiled for records whose `external` leaves are scored from outside and whose
    `marked` indicators are 不适用."""

    def __init__(
        self,
        fw: Framework,
        external: frozenset[str] = frozenset(),
        marked: frozenset[str] = frozenset(),
    ) -> None:
        self.fw, self.external = fw, external
        self.marked = marked_below(fw, marked) if marked else marked  # and what is under them
        self.uncounted = not_counted(fw, marked) if marked else marked
        self.codes: tuple[str, ...] = tuple(node.code for node in fw.walk())
        self.steps: list[PlannedStep] = []
        self._writer = _Writer()
        self._names: dict[str, str] = {}  # field or derived name -> variable
        self._by_name: dict[str, FieldStep | DerivedStep] = {}
        self._slots = {code: i for i, code in enumerate(self.codes)}
        order = [""] * len(self.codes)
        roots = [self._node(node, order) for node in fw.indicators]
        total = TotalStep(fw, self.uncounted) if marked or rows_rescale_total(fw) else None
        self.execute: Callable[[Run], tuple[tuple[Decimal, ...], Decimal]] = self._writer.build(
            order, roots, fw.id, total
        )

    def scores(self, run: Run) -> tuple[tuple[Decimal, ...], Decimal, str | None]:
        """Every score of one record (in `codes` order), the total and the grade."""
        scores, total = self.execute(run)
        return scores, total, self.fw.grade_of(total)

    def resolve(self, run: Run, name: str, code: str | None) -> Any:
        """The value of field or derived `name` for `run`, computing it (and what it reads)
        with the plan's steps when scoring has not yet needed it; errors name indicator
        `code`, the one asking."""
        if name in run.names:
            return run.names[name]
        step = self._name_step(name, None).at(code)
        if isinstance(step, FieldStep):
            return step(run)
        return step(run, *(self.resolve(run, n, code) for n in step.formula.order))

    @cached_property
    def findings(self) -> list[Finding]:
        """The framework's consistency findings (weights that do not add up …), once."""
        return check_framework(self.fw)

    @cached_property
    def known_names(self) -> frozenset[str]:
        """The data keys the framework reads: fields, and the inputs its leaves read."""
        names = set(self.fw.fields)
        for leaf in self.fw.leaves():
            assert leaf.rule is not None
            names.update(spec.name for spec in leaf.rule.inputs())
            if leaf.formula is None:
                names.add(leaf.input)
        return frozenset(names)

    def describe(self) -> str:
        """The plan, one step per line, in the order the steps run."""
        return "\n".join(str(step) for step in self.steps)

    def source(self) -> str:
        """The executor's generated Python source (for reading and debugging)."""
        return self._writer.text

    # ------------------------------------------------------------------ building

    def _note(self, kind: str, name: str, node: Indicator | None) -> None:
        code = node.code if node is not None else None
        line = node.line if node is not None else None
        self.steps.append(PlannedStep(kind, name, code, self.fw.file, line))

    def _node(self, node: Indicator, order: list[str]) -> str:
        slot = self._slots[node.code]
        if node.code in self.marked and (node.rows is not None or not node.children):
            var = self._writer.call(MarkedStep(self.fw, node), [])
            self._note("not applicable", node.code, node)
        elif node.rows is not None:
            var = self._writer.call(RowsStep(self.fw, node, self.resolve), [])
            self._note("rows", node.code, node)
        elif node.children:
            parts = [self._node(child, order) for child in node.children]
            var = self._writer.call(self._parent(node), parts)
            self._note("parent", node.code, node)
        else:
            var = self._leaf(node)
        order[slot] = var
        return var

    def _parent(self, node: Indicator) -> ParentStep | CountingParentStep:
        if self.marked and any(n.code in self.marked for n in node.walk()):
            counted = [child.code not in self.uncounted for child in node.children]
            return CountingParentStep(self.fw, node, counted)
        return ParentStep(node)

    def _leaf(self, node: Indicator) -> str:
        if node.code in self.external:
            self._note("external", node.code, node)
            return self._writer.call(ExternalStep(self.fw, node), [])
        step = LeafStep(self.fw, node, self.resolve)
        if node.formula is None:
            self._note("input leaf", node.code, node)
            return self._writer.call(step.from_data, [])
        args = [self._name(name, node) for name in node.formula.order]
        self._note("formula leaf", node.code, node)
        return self._writer.call(step.from_formula, args)

    def _name(self, name: str, node: Indicator) -> str:
        """The variable holding `name`, with the steps computing it written first."""
        var = self._names.get(name)
        if var is None:
            step = self._name_step(name, node)
            args = [] if isinstance(step, FieldStep) else [
                self._name(n, node) for n in step.formula.order
            ]  # fmt: skip
            var = self._names[name] = self._writer.call(step, args)
            self._note("field" if isinstance(step, FieldStep) else "derived", name, node)
        return var

    def _name_step(self, name: str, node: Indicator | None) -> FieldStep | DerivedStep:
        step = self._by_name.get(name)
        if step is None:
            code = node.code if node is not None else None
            if name in self.fw.derived:
                step = DerivedStep(self.fw, name, code)
            else:
                step = FieldStep(self.fw.fields[name], code)
            self._by_name[name] = step
        return step


class _Writer:
    """Writes the executor: `def execute(R)` calling each step in turn."""

    def __init__(self) -> None:
        self.consts: list[Any] = []
        self.lines: list[str] = []
        self.text = ""

    def call(self, step: Callable[..., Any], args: list[str]) -> str:
        var = f"v{len(self.lines)}"
        self.consts.append(step)
        self.lines.append(f"{var} = k{len(self.consts) - 1}({', '.join(['R', *args])})")
        return var

    def build(
        self, order: list[str], roots: list[str], label: str, step: Callable[..., Any] | None
    ) -> Any:
        zero = f"k{len(self.consts)}"
        self.consts.append(Decimal(0))
        total = " + ".join([zero, *roots])
        if step is not None:  # a total rescaled over what is counted
            self.consts.append(step)
            total = f"k{len(self.consts) - 1}({', '.join(['R', *roots])})"
        params = ", ".join(f"k{i}" for i in range(len(self.consts)))
        self.text = "\n".join(
            [
                f"def factory({params}):",
                "  def execute(R):",
                *("    " + line for line in self.lines),
                f"    return ({', '.join(order)},), {total}",
                "  return execute",
                "",
            ]
        )
        namespace: dict[str, Any] = {"__builtins__": {}}
        exec(compile(self.text, f"<perfscore plan {label[:40]}>", "exec"), namespace)
        return namespace["factory"](*self.consts)


#: The plans of each framework, by id(fw) (`kept_for`)
_PLANS: dict[int, dict[Any, Plan]] = {}


def kept_for(store: dict[int, dict[Any, Any]], fw: Framework) -> dict[Any, Any]:
    """`store`'s table for `fw`, made empty on first use and dropped when `fw` is collected:
    keyed by id(fw), so that looking it up for every record is one plain dict lookup (a
    WeakKeyDictionary makes a weak reference per lookup)."""
    table = store.get(id(fw))
    if table is None:
        table = store[id(fw)] = {}
        weakref.finalize(fw, store.pop, id(fw), None)
    return table


def plan_for(
    fw: Framework, external: frozenset[str] = frozenset(), marked: frozenset[str] = frozenset()
) -> Plan:
    """The plan of `fw` for records that supply the scores of the `external` leaves and mark
    the `marked` indicators 不适用 (checked by the caller: indicators of `fw`), built once and
    kept while `fw` lives."""
    plans = _PLANS.get(id(fw))
    if plans is None:
        plans = kept_for(_PLANS, fw)
    key = (external, marked) if marked else external
    plan = plans.get(key)
    if plan is None:
        plan = Plan(fw, external, marked)
        if len(plans) < PLAN_LIMIT:
            plans[key] = plan
    return plan
