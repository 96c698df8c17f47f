"""A framework compiled once into a fast scorer for many records (no traces, no reasons).

`evaluate()` (perfscore/evaluate.py) is the reference: it resolves names lazily, evaluates each
formula with simpleeval and builds the reasons and the trace of every leaf. That is what a report
needs and far more than a batch needs. `compile_framework(fw)` turns the framework into one Python
function per set of externally supplied scores: straight-line code that reads each base-data field
once, evaluates each formula as Python arithmetic on Decimals, applies the rule, caps at
[0, weight], rounds half-up at the framework's precision and sums the parents.

How it stays identical to `evaluate()`:

- The fast path only ever *succeeds* on what the reference accepts, with the same numbers. It reads
  the same fields (every name of every formula a non-external leaf evaluates), applies the same
  checks (plain numbers are parsed directly; anything else goes through `values.read_number`), and
  performs the same Decimal operations in the same order.
- Whenever anything is unusual — a missing field, a value out of range, a zero denominator, a
  formula that does not give a number, a checklist item nobody declared — the fast path gives up
  and the record is scored by `evaluate()` itself, which then gives the result or raises the
  error naming the field. Errors are therefore the reference's errors, word for word.
- A formula is compiled from the syntax tree `expressions.Formula` has already checked against its
  allow-list; only the node types listed in `_Expr` are compiled, anything else is evaluated by the
  formula itself. Functions (min, max, round …) and `**` call `expressions.FUNCTIONS` and
  `expressions.OPERATORS`, so any limit there applies here too.
- Rule kinds are compiled only when the rule is exactly a known class with known options
  (`_INLINE`); inputs with small domains (checklists, judgments, counts, flags) are scored by the
  rule's own `score` once per distinct raw value and remembered; any other rule kind is scored by
  the reference evaluator for that leaf. tests/test_compiled.py checks all of it against
  `evaluate()` with hypothesis.

The generated source contains only generated identifiers: every name, number and object from the
framework is passed in as a closure constant, never spliced into the source text.
"""

from __future__ import annotations

import ast
import dataclasses
import math
import re
import weakref
from collections.abc import Callable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from typing import TYPE_CHECKING, Any

from . import expressions
from .numbers import ZERO
from .records import Record
from .rules import Rule
from .rules.checklist import Checklist
from .rules.curves import Linear, Piecewise, Proportional, Threshold, _interpolate
from .rules.deduction import CountDeduction, StepDeduction
from .rules.given import External, Judgment
from .rules.veto import Veto
from .values import read_flag, read_number

if TYPE_CHECKING:
    from .framework import Framework, Indicator
    from .result import Result

#: A plain decimal numeral: what `values.parse_number` reads as exactly `Decimal(text)`.
_PLAIN = re.compile(r"[0-9]+(?:\.[0-9]+)?").fullmatch
_ONE = Decimal(1)
#: Memo tables for small-domain inputs are cleared when they reach this size.
MEMO_LIMIT = 4096
#: At most this many specialised functions (one per set of external-score codes) are kept.
SPECIALISATION_LIMIT = 64

Scores = tuple[tuple[Decimal, ...], Decimal, str | None]


class GiveUp(Exception):
    """The fast path declines a record; the reference evaluator scores it."""


class _Uncompilable(Exception):
    """A formula or rule this module does not compile; the reference handles it."""


# --------------------------------------------------------------------------- the public face


class CompiledFramework:
    """`fw` compiled for scoring many records. `scores(data)` gives (scores in `codes` order,
    total, grade) — the same numbers `evaluate(fw, data)` gives — or raises its PerfscoreError."""

    def __init__(self, fw: Framework) -> None:
        self.fw = fw
        self.codes: tuple[str, ...] = tuple(node.code for node in fw.walk())
        self.index = {code: i for i, code in enumerate(self.codes)}
        self._leaf_codes = frozenset(leaf.code for leaf in fw.leaves())
        self._functions: dict[frozenset[str], Callable[..., Scores]] = {}
        generator = _Generator(fw, frozenset())
        self._base = self._functions[frozenset()] = generator.build()
        #: Leaves this module does not compile: each is scored by the reference evaluator.
        self.uncompiled: tuple[str, ...] = tuple(generator.generic)
        #: Records the fast path declined (scored by the reference instead). For benchmarks.
        self.fallbacks = 0

    def _function(self, external: frozenset[str]) -> Callable[..., Scores]:
        fn = self._functions.get(external)
        if fn is None:
            fn = _Generator(self.fw, external).build()
            if len(self._functions) < SPECIALISATION_LIMIT:
                self._functions[external] = fn
        return fn

    def scores(self, data: Any) -> Scores:
        """Score one record (a Record or a mapping of values) without a trace."""
        if isinstance(data, Record):
            values: Any = data.values
            external: Mapping[str, Any] = data.external_scores
        elif isinstance(data, Mapping):
            values, external = data, {}
        else:
            return self.reference(data)
        try:
            if external:
                codes = frozenset(external)
                if not codes <= self.fw.by_code.keys():
                    raise GiveUp
                fn = self._function(codes & self._leaf_codes)
            else:
                fn = self._base
            return fn(values, external, data)
        except Exception:
            self.fallbacks += 1
            return self.reference(data)

    def reference(self, data: Any) -> Scores:
        """Score with the reference evaluator (raises its PerfscoreError on bad data)."""
        return self.unpack(self.fw.evaluate(data))

    def unpack(self, result: Result) -> Scores:
        scores = tuple(result[code].score for code in self.codes)
        return scores, result.total, result.grade

    def source(self, external: frozenset[str] = frozenset()) -> str:
        """The generated Python source (for reading and debugging)."""
        return _Generator(self.fw, external).source()


_CACHE: weakref.WeakKeyDictionary[Framework, CompiledFramework] = weakref.WeakKeyDictionary()


def compile_framework(fw: Framework) -> CompiledFramework:
    """The compiled form of `fw`, built once per framework object and kept while it lives."""
    compiled = _CACHE.get(fw)
    if compiled is None:
        compiled = _CACHE[fw] = CompiledFramework(fw)
    return compiled


# --------------------------------------------------------------------------- code generation


class _Generator:
    """Writes `score(V, X, R)`: V the values mapping, X the external scores, R the record."""

    def __init__(self, fw: Framework, external: frozenset[str]) -> None:
        self.fw = fw
        self.external = external
        self.consts: list[Any] = []
        self._const_ids: dict[int, str] = {}
        self.lines: list[str] = []
        self.names: dict[str, str] = {}  # field or derived name -> local variable
        self.counter = 0
        self.quantum = Decimal(1).scaleb(-fw.precision)
        self.order: list[str] = []
        self.generic: list[str] = []  # leaves scored by the reference evaluator

    # ------------------------------------------------------------------ helpers

    def const(self, value: Any) -> str:
        key = id(value)
        name = self._const_ids.get(key)
        if name is None:
            name = f"k{len(self.consts)}"
            self.consts.append(value)
            self._const_ids[key] = name
        return name

    def var(self, prefix: str = "t") -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def emit(self, line: str, indent: int = 1) -> None:
        self.lines.append("    " * (indent + 1) + line)

    # ------------------------------------------------------------------ building

    def source(self) -> str:
        self.lines, self.order, self.generic = [], [], []
        scores = [self.node(root) for root in self.fw.indicators]
        total = self.var("total")
        self.emit(f"{total} = {' + '.join([self.const(ZERO), *scores])}")
        ordered = ", ".join(self.order)
        self.emit(f"return ({ordered},), {total}, {self.const(self.fw.grade_of)}({total})")
        params = ", ".join(f"k{i}" for i in range(len(self.consts)))
        head = [f"def factory({params}):", "    def score(V, X, R):"]
        return "\n".join([*head, *self.lines, "    return score", ""])

    def build(self) -> Callable[..., Scores]:
        text = self.source()
        namespace: dict[str, Any] = {"__builtins__": {}}
        code = compile(text, f"<perfscore compiled {self.fw.id}>", "exec")
        exec(code, namespace)
        fn: Callable[..., Scores] = namespace["factory"](*self.consts)
        return fn

    def node(self, node: Indicator) -> str:
        slot = len(self.order)
        self.order.append("")
        if node.children:
            parts = [self.node(child) for child in node.children]
            var = self.var("s")
            self.emit(f"{var} = {' + '.join([self.const(ZERO), *parts])}")
        else:
            var = self.leaf(node)
        self.order[slot] = var
        return var

    # ------------------------------------------------------------------ leaves

    def leaf(self, node: Indicator) -> str:
        score = self.var("s")
        if node.code in self.external:
            reader = partial(_external_score, weight=node.weight, quantum=self.quantum)
            self.emit(f"{score} = {self.const(reader)}(X[{self.const(node.code)}])")
            return score
        rule = node.rule
        assert rule is not None
        try:
            if getattr(node, "rows", None) is not None or getattr(node, "row", None) is not None:
                raise _Uncompilable
            if node.formula is None and rule.value_type in ("items", "points", "count", "flag"):
                self.memoised(node, rule, score)
            else:
                self.computed(node, rule, score)
        except _Uncompilable:
            self.generic.append(node.code)
            generic = partial(_reference_leaf, self.fw, node)
            self.emit(f"{score} = {self.const(generic)}(R)")
        return score

    def memoised(self, node: Indicator, rule: Rule, score: str) -> None:
        """A leaf scored from one small-domain input (a checklist, a judgment, a count): scored
        by the reference evaluator once per distinct raw value, then remembered."""
        inner = rule.inner if type(rule) is Veto else rule
        if type(inner) not in _PURE or not _known_options(inner):
            raise _Uncompilable
        if type(rule) is Veto and not _known_options(rule):
            raise _Uncompilable
        name = node.value_spec().name
        memo: dict[Any, Decimal] = {}
        slow = partial(_memo_score, memo, self.fw, _without_veto(node), name)
        raw = self.var("r")
        self.emit(f"{raw} = V[{self.const(name)}]")
        kind = self.var("ty")
        self.emit(f"{kind} = {self.const(type)}({raw})")
        self.emit(
            f"{score} = {self.const(memo)}.get({raw}) if {kind} is {self.const(str)} "
            f"or {kind} is {self.const(int)} else None"
        )
        self.emit(f"if {score} is None: {score} = {self.const(slow)}({raw})")
        if type(rule) is Veto:
            when = self.formula(rule.when)
            zero = self.const(ZERO.quantize(self.quantum))
            self.emit(f"if {when}: {score} = {zero}")

    def computed(self, node: Indicator, rule: Rule, score: str) -> None:
        """A number (from a formula or the data) scored by an inlined rule."""
        checks = _INLINE.get(type(rule.inner if type(rule) is Veto else rule))
        if checks is None or not _known_options(rule):
            raise _Uncompilable
        if type(rule) is Veto and not _known_options(rule.inner):
            raise _Uncompilable
        value = self.var("x")
        if node.formula is not None:
            self.emit(f"{value} = {self.formula(node.formula)}")
            kind, number, give_up = self.const(type), self.const(Decimal), self.const(GiveUp)
            self.emit(f"if {kind}({value}) is not {number}: raise {give_up}")
        else:
            spec = node.value_spec()
            if spec.value_type != "number":
                raise _Uncompilable
            read = partial(_read_value, self.fw, node)
            self.number(f"V[{self.const(spec.name)}]", value, read)
            self.bounds(value, spec.minimum, spec.maximum)
        points = self.var("p")
        if type(rule) is Veto:
            when = self.formula(rule.when)
            self.emit(f"if {when}: {points} = {self.const(ZERO)}")
            self.emit("else:")
            self.rule(rule.inner, node, value, points, indent=2)
        else:
            self.rule(rule, node, value, points, indent=1)
        z, w = self.const(ZERO), self.const(node.weight)
        self.emit(f"if {z} > {points}: {points} = {z}")
        self.emit(f"if {w} < {points}: {points} = {w}")
        q, rounding = self.const(self.quantum), self.const(ROUND_HALF_UP)
        self.emit(f"{score} = {points}.quantize({q}, {rounding})")

    def rule(self, rule: Rule, node: Indicator, x: str, p: str, indent: int) -> None:
        c, e = self.const, partial(self.emit, indent=indent)
        z = c(ZERO)
        if type(rule) is StepDeduction:
            excess = self.var("ex")
            if rule.side == "above":
                e(f"{excess} = {x} - {c(rule.bound)}")
            elif rule.side == "below":
                e(f"{excess} = {c(rule.bound)} - {x}")
            else:
                e(f"{excess} = {c(abs)}({x} - {c(rule.bound)})")
            e(f"if {excess} <= 0: {p} = {c(rule.full)}")
            e("else:")
            steps = self.var("st")
            e(f"    {steps} = {excess} / {c(rule.step)}")
            if rule.mode == "floor":
                e(f"    {steps} = {c(Decimal)}({c(math.floor)}({steps}))")
            elif rule.mode == "ceil":
                e(f"    {steps} = {c(Decimal)}({c(math.ceil)}({steps}))")
            deduct = self.var("d")
            e(f"    {deduct} = {steps} * {c(rule.per_step)}")
            e(f"    {p} = {z} if {deduct} >= {c(rule.full)} else {c(rule.full)} - {deduct}")
        elif type(rule) is CountDeduction:
            deduct = self.var("d")
            e(f"if {x} == 0: {p} = {c(rule.weight)}")
            if rule.zero_at is not None:
                e(f"elif {x} >= {c(rule.zero_at)}: {p} = {z}")
            e("else:")
            e(f"    {deduct} = {x} * {c(rule.per_case)}")
            e(f"    {p} = {z} if {deduct} >= {c(rule.weight)} else {c(rule.weight)} - {deduct}")
        elif type(rule) is Threshold:
            op = _COMPARISONS[rule.compare]
            e(f"if {x} {op} {c(rule.at)}: {p} = {c(rule.passed)}")
            if rule.otherwise == "judgment":
                spec = rule.inputs()[0]
                read = partial(read_number, minimum=spec.minimum, maximum=spec.maximum)
                e(f"else: {p} = {c(read)}(V[{c(spec.name)}])")
            else:
                e(f"else: {p} = {c(rule.failed)}")
        elif type(rule) is Proportional:
            e(f"{p} = {x} / {c(rule.target)}")
            e(f"if {z} > {p}: {p} = {z}")
            e(f"if {c(_ONE)} < {p}: {p} = {c(_ONE)}")
            e(f"{p} = {p} * {c(rule.full)}")
        elif type(rule) is Linear:
            e(f"{p} = {c(_interpolate)}({c(rule.curve)}, {x})")
        elif type(rule) is Piecewise:
            e(f"{p} = {c(_interpolate)}({c(rule.table)}, {x})")
        else:  # pragma: no cover - _INLINE lists exactly the kinds above
            raise _Uncompilable

    # ------------------------------------------------------------------ names and formulas

    def number(self, raw_expr: str, var: str, slow: Callable[[Any], Decimal]) -> None:
        """`var = ` the number in `raw_expr`: plain numerals and ints directly, else `slow`."""
        raw, kind = self.var("r"), self.var("ty")
        self.emit(f"{raw} = {raw_expr}")
        self.emit(f"{kind} = {self.const(type)}({raw})")
        self.emit(
            f"if ({kind} is {self.const(str)} and {self.const(_PLAIN)}({raw})) or "
            f"{kind} is {self.const(int)}: {var} = {self.const(Decimal)}({raw})"
        )
        self.emit(f"else: {var} = {self.const(slow)}({raw})")

    def bounds(
        self, var: str, minimum: Decimal | None, maximum: Decimal | None, integer: bool = False
    ) -> None:
        """Give up unless `var` passes the checks `read_number` applies (for the fast path)."""
        tests = []
        if integer:
            tests.append(f"{var} != {var}.to_integral_value()")
        if minimum is not None:
            tests.append(f"{var} < {self.const(minimum)}")
        if maximum is not None:
            tests.append(f"{var} > {self.const(maximum)}")
        if tests:
            self.emit(f"if {' or '.join(tests)}: raise {self.const(GiveUp)}")

    def name(self, name: str) -> str:
        """The local variable holding field or derived value `name`, computing it here first."""
        var = self.names.get(name)
        if var is not None:
            return var
        fw = self.fw
        if name in fw.derived:
            expr = self.formula(fw.derived[name].formula)
            var = self.var("n")
            self.emit(f"{var} = {expr}")
        else:
            spec = fw.fields[name]
            var = self.var("n")
            if spec.type == "boolean":
                self.emit(f"{var} = {self.const(read_flag)}(V[{self.const(name)}])")
            elif spec.type not in ("number", "integer"):
                raise _Uncompilable
            else:
                integer = spec.type == "integer"
                slow = partial(
                    read_number,
                    unit=spec.unit,
                    minimum=spec.minimum,
                    maximum=spec.maximum,
                    integer=integer,
                )
                self.number(f"V[{self.const(name)}]", var, slow)
                self.bounds(var, spec.minimum, spec.maximum, integer)
        self.names[name] = var
        return var

    def formula(self, formula: expressions.Formula) -> str:
        """An expression computing `formula`; its names are computed first (all of them, as the
        reference does)."""
        variables = {name: self.name(name) for name in sorted(formula.names)}
        tree = getattr(formula, "_tree", None)
        try:
            if tree is None:
                raise _Uncompilable
            return _Expr(self, variables).visit(tree)
        except _Uncompilable:
            args = ", ".join(f"{self.const(n)}: {v}" for n, v in variables.items())
            return f"{self.const(formula.evaluate)}({{{args}}})"


_COMPARISONS = {">=": ">=", ">": ">", "<=": "<=", "<": "<", "==": "=="}
_BINARY = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.FloorDiv: "//",
    ast.Mod: "%",
}
_UNARY = {ast.USub: "-", ast.UAdd: "+", ast.Not: "not "}
_COMPARE = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}


class _Expr:
    """A checked formula tree as a Python expression over local variables and constants."""

    def __init__(self, gen: _Generator, variables: dict[str, str]) -> None:
        self.gen = gen
        self.variables = variables

    def visit(self, node: ast.AST) -> str:
        c = self.gen.const
        if isinstance(node, ast.Name) and node.id in self.variables:
            return self.variables[node.id]
        if isinstance(node, ast.Constant):
            constant: object = node.value
            if type(constant) is Decimal:
                return c(constant)
            raise _Uncompilable
        if isinstance(node, ast.BinOp):
            left, right = self.visit(node.left), self.visit(node.right)
            if type(node.op) is ast.Pow and ast.Pow in expressions.OPERATORS:
                return f"{c(expressions.OPERATORS[ast.Pow])}({left}, {right})"
            if type(node.op) in _BINARY:
                return f"({left} {_BINARY[type(node.op)]} {right})"
        if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
            return f"({_UNARY[type(node.op)]}{self.visit(node.operand)})"
        if isinstance(node, ast.BoolOp) and type(node.op) in (ast.And, ast.Or):
            word = " and " if isinstance(node.op, ast.And) else " or "
            return "(" + word.join(self.visit(v) for v in node.values) + ")"
        if isinstance(node, ast.Compare) and all(type(op) in _COMPARE for op in node.ops):
            parts = [self.visit(node.left)]
            for op, operand in zip(node.ops, node.comparators, strict=True):
                parts += [_COMPARE[type(op)], self.visit(operand)]
            return "(" + " ".join(parts) + ")"
        if isinstance(node, ast.IfExp):
            body, test, orelse = (
                self.visit(node.body),
                self.visit(node.test),
                self.visit(node.orelse),
            )
            return f"({body} if {test} else {orelse})"
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in expressions.FUNCTIONS
            and not node.keywords
        ):
            args = ", ".join(self.visit(a) for a in node.args)
            return f"{c(expressions.FUNCTIONS[node.func.id])}({args})"
        raise _Uncompilable


# --------------------------------------------------------------------------- rule tables

#: Rule classes whose scoring is inlined, with the options the inlined code understands. A rule
#: of a subclass, or with an option not listed, is scored by the reference instead.
_INLINE: dict[type[Rule], frozenset[str]] = {
    StepDeduction: frozenset(
        {"kind", "bound", "side", "step", "points", "weight_fraction", "step_mode", "full"}
    ),
    CountDeduction: frozenset({"kind", "points", "weight_fraction", "zero_at"}),
    Threshold: frozenset({"kind", "compare", "at", "pass", "fail", "otherwise", "judgment_input"}),
    Proportional: frozenset({"kind", "target", "full"}),
    Linear: frozenset({"kind", "full_at", "zero_at", "full"}),
    Piecewise: frozenset({"kind", "table"}),
}
#: Rule classes whose score depends on the value alone (memoised per distinct raw value).
_PURE: dict[type[Rule], frozenset[str]] = {
    Checklist: frozenset({"kind", "mode", "points", "items", "full"}),
    Judgment: frozenset({"kind", "min", "max"}),
    External: frozenset({"kind", "min", "max"}),
    **_INLINE,
}
_PURE.pop(Threshold)  # with `otherwise: judgment` it reads a second input
_VETO_OPTIONS = frozenset({"kind", "when", "rule"})


def _known_options(rule: Rule) -> bool:
    if type(rule) is Veto:
        return set(rule.spec) <= _VETO_OPTIONS
    allowed = _INLINE.get(type(rule)) or _PURE.get(type(rule))
    return allowed is not None and set(rule.spec) <= allowed


# --------------------------------------------------------------------------- runtime helpers


def _external_score(raw: Any, *, weight: Decimal, quantum: Decimal) -> Decimal:
    points = read_number(raw, minimum=ZERO, maximum=weight)
    return points.quantize(quantum, ROUND_HALF_UP)


def _run(fw: Framework, record: Any) -> Any:
    from .evaluate import _Run

    return _Run(fw, Record.coerce(record))


def _memo_score(
    memo: dict[Any, Decimal], fw: Framework, node: Indicator, name: str, raw: Any
) -> Decimal:
    """The reference score of a leaf whose only input is `raw` (errors: the caller gives up)."""
    score: Decimal = _run(fw, {name: raw}).node(node).score
    if type(raw) is str or type(raw) is int:
        if len(memo) >= MEMO_LIMIT:
            memo.clear()
        memo[raw] = score
    return score


def _read_value(fw: Framework, node: Indicator, raw: Any) -> Decimal:
    """A leaf's value read from the data as the reference reads it (with the leaf's unit)."""
    run = _run(fw, {node.value_spec().name: raw})
    run.code = node.code
    value: Decimal = run.read(node.value_spec(), node.unit)
    return value


def _without_veto(node: Indicator) -> Indicator:
    """The leaf as scored when its veto does not apply (the veto is compiled separately)."""
    if type(node.rule) is not Veto:
        return node
    return dataclasses.replace(node, rule=node.rule.inner)


def _reference_leaf(fw: Framework, node: Indicator, record: Any) -> Decimal:
    """One leaf scored by the reference evaluator (for rule kinds not compiled here)."""
    score: Decimal = _run(fw, record).node(node).score
    return score
