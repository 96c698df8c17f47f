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
import decimal
import math
import re
import weakref
from collections.abc import Callable, Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from typing import TYPE_CHECKING, Any

from . import expressions
from .numbers import ZERO
from .plausibility import bare_fraction, may_be_fraction, plausibility_findings
from .records import Record
from .rules import Rule
from .rules.checklist import Checklist
from .rules.curves import Linear, Piecewise, Proportional, Threshold, _interpolate
from .rules.deduction import CountDeduction, StepDeduction
from .rules.given import External, Judgment
from .rules.veto import Veto
from .values import read_flag, read_number

if TYPE_CHECKING:
    from .checks import Finding
    from .framework import Framework, Indicator
    from .result import Result

#: A plain decimal numeral: what `values.parse_number` reads as exactly `Decimal(text)`.
# Plain numerals the fast path may read directly: within the bounds numbers.to_decimal enforces
# (at most 1E18, no finer than 1E-28). Anything else goes the slow way, which decides.
_PLAIN = re.compile(r"[0-9]{1,18}(?:\.[0-9]{1,28})?").fullmatch
_INT_LIMIT = 10**18
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
        self._leaf_codes = frozenset(leaf.code for leaf in fw.leaves() if leaf.rows is None)
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
        return self.scored(data)[0]

    def scored(self, data: Any) -> tuple[Scores, tuple[Finding, ...]]:
        """The scores of one record and its plausibility warnings (perfscore.plausibility):
        the generated code only notes that a value is implausible; such a record — rare — is
        scored again by `evaluate()`, whose findings say why (and whose scores are the same)."""
        if type(data) is Record:
            values: Any = data.values
            external: Mapping[str, Any] = data.external_scores
        elif type(data) is dict:
            values, external = data, {}
        elif isinstance(data, Record):
            values, external = data.values, data.external_scores
        elif isinstance(data, Mapping):
            values, external = data, {}
        else:
            return self.referenced(data)
        implausible: list[Any] = []
        try:
            if external:
                codes = frozenset(external)
                if not codes <= self._leaf_codes:  # unknown or parent codes: the reference says
                    raise GiveUp
                fn = self._function(codes)
            else:
                fn = self._base
            scores = fn(values, external, data, implausible)
        except Exception:
            self.fallbacks += 1
            return self.referenced(data)
        if implausible:
            return self.referenced(data)
        return scores, ()

    def reference(self, data: Any) -> Scores:
        """Score with the reference evaluator (raises its PerfscoreError on bad data)."""
        return self.referenced(data)[0]

    def referenced(self, data: Any) -> tuple[Scores, tuple[Finding, ...]]:
        """Scores and plausibility warnings from the reference evaluator."""
        result = self.fw.evaluate(data)
        return self.unpack(result), plausibility_findings(result.findings)

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
    """Writes `score(V, X, R, W)`: V the values mapping, X the external scores, R the record,
    W a list that gets an entry when a value is implausible (the record's warnings are then
    written by the reference evaluator)."""

    def __init__(self, fw: Framework, external: frozenset[str]) -> None:
        self.fw = fw
        self.external = external
        self.consts: list[Any] = []
        self._const_ids: dict[int, str] = {}
        self.lines: list[str] = []
        self.names: dict[str, str] = {}  # field or derived name -> local variable
        self.types: dict[str, str] = {}  # local variable -> "D" Decimal, "B" bool, "?" either
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
        return _function_source("score(V, X, R, W)", self.lines, len(self.consts))

    def build(self) -> Callable[..., Scores]:
        text = self.source()
        fn: Callable[..., Scores] = _materialise(text, self.consts, self.fw.id)
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
            self.emit(f"{score} = {self.const(generic)}(R, W)")
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
            raw = self.number(f"V[{self.const(spec.name)}]", value, read)
            self.bounds(value, spec.minimum, spec.maximum)
            self.fraction(raw, value, node.unit)
        self.plausible(node.plausible, value)
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

    def plausible(self, plausible: Any, var: str) -> None:
        """Note in W when `var` lies outside the declared plausible range."""
        if plausible is not None:
            self.emit(f"if {self.const(plausible.excludes)}({var}): W.append({var})")

    def fraction(self, raw: str, var: str, unit: str) -> None:
        """Note in W when `raw` is a bare fraction in a % field (`bare_fraction`)."""
        if may_be_fraction(unit):
            test = f"{self.const(bare_fraction)}({raw}, {var}, {self.const(unit)})"
            self.emit(f"if {test}: W.append({var})")

    def number(self, raw_expr: str, var: str, slow: Callable[[Any], Decimal]) -> str:
        """`var = ` the number in `raw_expr`: plain numerals and ints directly, else `slow`.
        Returns the variable holding the raw value."""
        raw, kind = self.var("r"), self.var("ty")
        self.emit(f"{raw} = {raw_expr}")
        self.emit(f"{kind} = {self.const(type)}({raw})")
        self.emit(
            f"if ({kind} is {self.const(str)} and {self.const(_PLAIN)}({raw})) or "
            f"({kind} is {self.const(int)} and -{_INT_LIMIT} <= {raw} <= {_INT_LIMIT}): "
            f"{var} = {self.const(Decimal)}({raw})"
        )
        self.emit(f"else: {var} = {self.const(slow)}({raw})")
        return raw

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
            var = self.formula(fw.derived[name].formula)
            self.plausible(fw.derived[name].plausible, var)
        else:
            spec = fw.fields[name]
            var = self.var("n")
            if spec.type == "boolean":
                self.emit(f"{var} = {self.const(read_flag)}(V[{self.const(name)}])")
                self.types[var] = "B"
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
                raw = self.number(f"V[{self.const(name)}]", var, slow)
                self.bounds(var, spec.minimum, spec.maximum, integer)
                self.fraction(raw, var, spec.unit)
                self.types[var] = "D"
        self.names[name] = var
        return var

    def formula(self, formula: expressions.Formula) -> str:
        """A variable holding `formula`'s checked result; its names are computed first (all of
        them, as the reference does)."""
        spelt = sorted(formula.spellings.items(), key=lambda item: item[1])
        variables = {name: self.name(name) for _, name in spelt}
        var = self.var("f")
        tree = getattr(formula, "_tree", None)
        try:
            if tree is None:
                raise _Uncompilable
            as_python = {read_as: variables[name] for read_as, name in spelt}
            expr, kind = _Expr(self.const, as_python, self.types).visit(tree)
        except _Uncompilable:
            args = ", ".join(f"{self.const(n)}: {v}" for n, v in variables.items())
            self.emit(f"{var} = {self.const(formula.evaluate)}({{{args}}})")
            self.types[var] = "?"
            return var
        self.emit(f"{var} = {expr}")
        self.types[var] = kind
        check = getattr(expressions, "check_result", None)
        if check is not None:
            if kind == "D":  # finite (overflow is trapped): only its size needs checking
                limit = expressions.MAX_RESULT
                self.emit(
                    f"if {var} > {self.const(limit)} or {var} < {self.const(-limit)}: "
                    f"{var} = {self.const(check)}({var})"
                )
            else:
                self.emit(f"{var} = {self.const(check)}({var})")
        return var


def _function_source(signature: str, lines: list[str], constants: int) -> str:
    params = ", ".join(f"k{i}" for i in range(constants))
    head = [f"def factory({params}):", f"    def {signature}:"]
    name = signature.split("(")[0]
    return "\n".join([*head, *lines, f"    return {name}", ""])


def _materialise(text: str, consts: list[Any], label: str) -> Any:
    """Compile generated source whose only free names are the constants k0, k1, …"""
    namespace: dict[str, Any] = {"__builtins__": {}}
    exec(compile(text, f"<perfscore compiled {label}>", "exec"), namespace)
    return namespace["factory"](*consts)


class _FormulaGenerator(_Generator):
    """One formula alone, as a function of a mapping of its names (for tests and tools)."""

    def __init__(self, kinds: Mapping[str, str]) -> None:
        self.consts, self._const_ids, self.lines = [], {}, []
        self.names, self.types, self.counter = {}, {}, 0
        self.kinds = kinds

    def name(self, name: str) -> str:
        var = self.names.get(name)
        if var is None:
            var = self.names[name] = self.var("n")
            self.emit(f"{var} = V[{self.const(name)}]")
            self.types[var] = self.kinds.get(name, "?")
        return var


def compile_formula(
    formula: expressions.Formula, kinds: Mapping[str, str] | None = None
) -> Callable[[Mapping[str, Any]], Any]:
    """`formula` compiled as the batch scorer compiles it: a function of a mapping of its names
    giving what `formula.evaluate` gives (or raising where it raises). `kinds` says which names
    always hold a Decimal ("D") or a bool ("B"), as fields declared number or boolean do."""
    gen = _FormulaGenerator(kinds or {})
    var = gen.formula(formula)
    gen.emit(f"return {var}")
    text = _function_source("run(V)", gen.lines, len(gen.consts))
    run: Callable[[Mapping[str, Any]], Any] = _materialise(text, gen.consts, "formula")
    return run


_COMPARISONS = {">=": ">=", ">": ">", "<=": "<=", "<": "<", "==": "=="}
#: Decimal ⊕ Decimal, as the methods of the formula context (what the operators compute when
#: simpleeval runs inside `localcontext(CONTEXT)`), or as plain operators without one.
_METHODS = {
    ast.Add: ("add", "+"),
    ast.Sub: ("subtract", "-"),
    ast.Mult: ("multiply", "*"),
    ast.Div: ("divide", "/"),
    ast.FloorDiv: ("divide_int", "//"),
    ast.Mod: ("remainder", "%"),
}
_UNARY_METHODS = {ast.USub: ("minus", "-"), ast.UAdd: ("plus", "+")}
_COMPARE = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}


def _in_formula_context(function: Callable[..., Any]) -> Callable[..., Any]:
    """`function` called as the reference calls it: inside the formula decimal context."""
    context = getattr(expressions, "CONTEXT", None)
    if context is None:
        return function

    def call(*args: Any) -> Any:
        with decimal.localcontext(context):
            return function(*args)

    return call


class _Expr:
    """A checked formula tree as a Python expression over local variables and constants, with
    the kind of value each part gives: "D" a Decimal, "B" a bool, "?" either."""

    def __init__(
        self, const: Callable[[Any], str], variables: dict[str, str], types: dict[str, str]
    ) -> None:
        self.const = const
        self.variables = variables
        self.types = types
        context = getattr(expressions, "CONTEXT", None)
        self.context = None if context is None else context.copy()

    def operator(self, op: type, args: list[str]) -> str:
        """The reference operator function, called in the formula context."""
        function = _OPERATOR_CACHE.get(op)
        if function is None:
            function = _OPERATOR_CACHE[op] = _in_formula_context(expressions.OPERATORS[op])
        return f"{self.const(function)}({', '.join(args)})"

    def visit(self, node: ast.AST) -> tuple[str, str]:
        c = self.const
        if isinstance(node, ast.Name) and node.id in self.variables:
            var = self.variables[node.id]
            return var, self.types.get(var, "?")
        if isinstance(node, ast.Constant):
            constant: object = node.value
            if type(constant) is Decimal:
                return c(constant), "D"
            raise _Uncompilable
        if isinstance(node, ast.BinOp) and type(node.op) in expressions.OPERATORS:
            (left, lk), (right, rk) = self.visit(node.left), self.visit(node.right)
            if type(node.op) in _METHODS and lk == rk == "D":
                method, symbol = _METHODS[type(node.op)]
                if self.context is None:
                    return f"({left} {symbol} {right})", "D"
                return f"{c(getattr(self.context, method))}({left}, {right})", "D"
            return self.operator(type(node.op), [left, right]), "D"
        if isinstance(node, ast.UnaryOp) and type(node.op) in expressions.OPERATORS:
            operand, kind = self.visit(node.operand)
            if isinstance(node.op, ast.Not):
                return f"(not {operand})", "B"
            if type(node.op) in _UNARY_METHODS and kind == "D":
                method, symbol = _UNARY_METHODS[type(node.op)]
                if self.context is None:
                    return f"({symbol}{operand})", "D"
                return f"{c(getattr(self.context, method))}({operand})", "D"
            return self.operator(type(node.op), [operand]), "D"
        if isinstance(node, ast.BoolOp) and type(node.op) in (ast.And, ast.Or):
            word = " and " if isinstance(node.op, ast.And) else " or "
            parts = [self.visit(v) for v in node.values]
            return "(" + word.join(p for p, _ in parts) + ")", _join(k for _, k in parts)
        if isinstance(node, ast.Compare) and all(type(op) in _COMPARE for op in node.ops):
            pieces = [self.visit(node.left)[0]]
            for op, comparator in zip(node.ops, node.comparators, strict=True):
                pieces += [_COMPARE[type(op)], self.visit(comparator)[0]]
            return "(" + " ".join(pieces) + ")", "B"
        if isinstance(node, ast.IfExp):
            (body, bk), (test, _), (orelse, ok) = (
                self.visit(node.body),
                self.visit(node.test),
                self.visit(node.orelse),
            )
            return f"({body} if {test} else {orelse})", _join([bk, ok])
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in expressions.FUNCTIONS
            and not node.keywords
        ):
            function = _in_formula_context(expressions.FUNCTIONS[node.func.id])
            args = ", ".join(self.visit(a)[0] for a in node.args)
            return f"{c(function)}({args})", "?"
        raise _Uncompilable


_OPERATOR_CACHE: dict[type, Callable[..., Any]] = {}


def _join(kinds: Iterable[str]) -> str:
    found = set(kinds)
    return found.pop() if len(found) == 1 else "?"


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


def _reference_leaf(fw: Framework, node: Indicator, record: Any, implausible: list[Any]) -> Decimal:
    """One leaf scored by the reference evaluator (for rule kinds not compiled here); its
    plausibility warnings are noted in `implausible`."""
    run = _run(fw, record)
    score: Decimal = run.node(node).score
    implausible.extend(run.implausible)
    return score
