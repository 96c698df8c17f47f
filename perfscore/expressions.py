"""Formulas: checked once against an allow-list, compiled once, evaluated many times.

A formula is an arithmetic expression over base-data fields and derived values, Chinese names
allowed: `在职人员数 / 编制数 * 100`. Report-style symbols are accepted and normalised:
× ÷ （ ） and full-width digits and operators.

Safety does not rest on simpleeval alone. Before simpleeval ever sees a formula, its syntax tree
is checked against this module's own allow-list when the framework loads:

- only numbers, names, + - * / // % **, comparisons, and/or/not, `a if c else b`, and calls of the
  functions in `FUNCTIONS` by plain name with the right number of arguments; anything else —
  attributes, subscripts, strings, lambdas, comprehensions, keywords, starred arguments, names
  starting with `_` — is rejected;
- at most `MAX_LENGTH` characters and `MAX_DEPTH` levels of nesting;
- constants are exact Decimals taken from the formula's text (`0.1` is one tenth), finite, and
  zero or between `MIN_CONSTANT` and `MAX_CONSTANT` in size;
- every part of the formula that reads no name is evaluated once at load time, so `9**9**9`,
  `1/0` or `10**100 * 10**100 * …` are rejected when the framework loads, naming the indicator;
- `**` takes a base of at most `MAX_BASE` and an exponent of at most `MAX_EXPONENT` (checked at
  load time when they are constants, and again whenever the formula is evaluated).

Evaluation runs in a private decimal context (`CONTEXT`: 28 significant digits, exponents within
±999, overflow, underflow and invalid operations trapped), whatever the caller's context is, and
its result must be a finite number of at most `MAX_RESULT`. A zero denominator raises
`FormulaZeroDivision` (the framework's `on_zero_division` decides what it means); any other
failure raises `FormulaArithmeticError`. The evaluator is given perfscore's `FUNCTIONS` only:
simpleeval's default `rand`/`randint` are never available, so a score never depends on chance.

perfscore refuses to run with a simpleeval older than `SIMPLEEVAL_MINIMUM`, the first release
with the known sandbox escapes fixed (see docs/security.md).
"""

from __future__ import annotations

import ast
import decimal
import operator
import re
from collections.abc import Callable, Mapping
from typing import Any

import simpleeval

from .errors import PerfscoreError
from .formula_check import (
    check,
    decimal_constants,
    fold_constants,
    normalise,
    parse,
    python_name,
    quote,
    run_with_simpleeval,
    spellings,
)
from .formula_code import compile_tree
from .formula_ops import (
    ARITY,
    CONTEXT,
    FUNCTIONS,
    MAX_BASE,
    MAX_CONSTANT,
    MAX_DEPTH,
    MAX_EXPONENT,
    MAX_LENGTH,
    MAX_PLACES,
    MAX_RESULT,
    MIN_CONSTANT,
    OPERATORS,
    FormulaArithmeticError,
    FormulaZeroDivision,
    check_result,
    translate_failure,
)

__all__ = [
    "ARITY",
    "CONTEXT",
    "FUNCTIONS",
    "MAX_BASE",
    "MAX_CONSTANT",
    "MAX_DEPTH",
    "MAX_EXPONENT",
    "MAX_LENGTH",
    "MAX_PLACES",
    "MAX_RESULT",
    "MIN_CONSTANT",
    "OPERATORS",
    "Formula",
    "FormulaArithmeticError",
    "FormulaZeroDivision",
    "UnsafeDependencyError",
    "check_result",
    "check_simpleeval",
    "normalise",
    "python_name",
    "quote",
    "run_with_simpleeval",
    "translate_failure",
]

# --------------------------------------------------------------------------- simpleeval

#: The first simpleeval release with every sandbox escape known to us fixed: CVE-2026-32640 /
#: GHSA-44vg-5wv2-h2hg (modules and dangerous functions reachable as attributes; fixed in 1.0.5),
#: the generator/coroutine frame escape (issue #138: `gen.gi_frame.f_globals`; fixed before
#: 1.0.5) and the operator-module bypass (`operator.attrgetter`/`methodcaller`/`call`, with more
#: `os` functions and set/frozenset names; pull request #199, released in 1.0.8).
SIMPLEEVAL_MINIMUM = (1, 0, 8)


class UnsafeDependencyError(PerfscoreError, ImportError):
    """An installed library is too old to be safe; perfscore refuses to run with it."""


def simpleeval_version() -> str:
    import importlib.metadata  # only when the fix is not seen: importing it costs ~25 ms

    try:
        return importlib.metadata.version("simpleeval")
    except importlib.metadata.PackageNotFoundError:
        return str(getattr(simpleeval, "__version__", "unknown"))


def _has_operator_fix() -> bool:
    """Whether the installed simpleeval refuses the operator-module bypass (the 1.0.8 fix, the
    newest of the escapes `SIMPLEEVAL_MINIMUM` names)."""
    disallowed = getattr(simpleeval, "DISALLOW_FUNCTIONS", ())
    return operator.attrgetter in disallowed and operator.methodcaller in disallowed


def check_simpleeval(version: str | None = None) -> None:
    """Refuse a simpleeval release older than `SIMPLEEVAL_MINIMUM` (or, when its version is
    unknown, one without the operator-module fix). Without `version`, the installed release
    passes when it has the fix, else by its version."""
    if version is None:
        if _has_operator_fix():
            return
        version = simpleeval_version()
    numbers = tuple(int(part) for part in re.findall(r"\d+", version)[:3])
    safe = numbers >= SIMPLEEVAL_MINIMUM if numbers else _has_operator_fix()
    if not safe:
        minimum = ".".join(map(str, SIMPLEEVAL_MINIMUM))
        raise UnsafeDependencyError(
            f"simpleeval {version} has known sandbox escapes (CVE-2026-32640, the "
            f"operator-module bypass); perfscore needs simpleeval>={minimum}: "
            f"pip install -U 'simpleeval>={minimum}' / simpleeval 版本过旧，存在已知沙箱逃逸漏洞，"
            f"请升级到 {minimum} 或更高版本"
        )


check_simpleeval()

# --------------------------------------------------------------------------- formulas


class Formula:
    """A checked, compiled formula. `names` are the fields and derived values it reads, spelt
    as the formula writes them; `spellings` maps each name as Python reads it (NFKC-normalised:
    `ＧＤＰ` is `GDP` to Python) to that spelling."""

    __slots__ = ("_functions", "_tree", "denominators", "names", "order", "source", "spellings")

    def __init__(self, source: str, *, where: str, file: str | None = None) -> None:
        self.source = source
        text = normalise(source) if isinstance(source, str) else source
        tree = parse(source, text, where, file)
        check(tree, source, where, file)
        decimal_constants(tree, text, source, where, file)
        self._tree = tree.body
        read = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
        self.spellings = spellings(text, read - FUNCTIONS.keys(), source, where, file)
        self.names = frozenset(self.spellings.values())
        #: The names in the order the compiled function takes them (as the formula spells them).
        self.order: tuple[str, ...] = tuple(sorted(self.names))
        #: The names under a division (/, //, %), as the formula spells them, in the order the
        #: formula writes them: what a zero denominator is reported at.
        self.denominators: tuple[str, ...] = tuple(
            dict.fromkeys(
                self.spellings[name.id]
                for node in ast.walk(tree)
                if isinstance(node, ast.BinOp)
                and isinstance(node.op, (ast.Div, ast.FloorDiv, ast.Mod))
                for name in ast.walk(node.right)
                if isinstance(name, ast.Name) and name.id in self.spellings
            )
        )
        self._functions: dict[tuple[str, ...], Callable[..., Any]] = {}
        fold_constants(tree.body, source, where, file)

    @property
    def quoted(self) -> str:
        """The formula as error messages quote it: whole when short, else by its two ends."""
        return quote(self.source)

    def function(self, kinds: Mapping[str, str] | None = None) -> Callable[..., Any]:
        """The formula as a Python function of the values of `order`, compiled once (see
        perfscore.formula_code). `kinds` marks names that always hold a Decimal ("D") or a
        yes/no ("B"), as declared fields do: their arithmetic skips the operand checks."""
        key = tuple(kinds.get(name, "?") for name in self.order) if kinds else ()
        function = self._functions.get(key)
        if function is None:
            by_python_name = {
                python_name(name): kind for name, kind in zip(self.order, key, strict=False)
            }
            order = tuple(python_name(name) for name in self.order)
            function = compile_tree(self._tree, order, by_python_name, quote(self.source, 40))
            self._functions[key] = function
        return function

    def evaluator(self, names: Mapping[str, Any]) -> simpleeval.SimpleEval:
        """The simpleeval evaluator over perfscore's operators and functions only (none of
        simpleeval's defaults, such as rand and randint): what folds a formula's constant parts
        when it loads, and the oracle the compiled functions are tested against."""
        return simpleeval.SimpleEval(operators=OPERATORS, functions=FUNCTIONS, names=dict(names))

    def evaluate(self, names: Mapping[str, Any]) -> Any:
        """Evaluate over `names` (a mapping holding at least `self.names`).

        Returns a finite Decimal of at most MAX_RESULT, or a yes/no for a condition. Raises
        FormulaZeroDivision when a denominator is zero and FormulaArithmeticError for any other
        failure; errors from resolving `names` (a lazy mapping) propagate unchanged."""
        values = []
        for name in self.order:
            try:
                values.append(names[name])
            except KeyError:
                raise FormulaArithmeticError(f"no value given for {name!r}") from None
        return self.function()(*values)

    def __repr__(self) -> str:
        return f"Formula({self.source!r})"


ARITHMETIC_ERRORS = (ArithmeticError, decimal.DecimalException, TypeError)
