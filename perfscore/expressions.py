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
import importlib.metadata
import io
import keyword
import operator
import re
import tokenize
import unicodedata
import warnings
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import simpleeval

from .errors import FormulaError, PerfscoreError
from .formula_code import compile_tree
from .formula_ops import (
    ARITY,
    CONTEXT,
    FAILURES,
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
    number_operand,
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
    try:
        return importlib.metadata.version("simpleeval")
    except importlib.metadata.PackageNotFoundError:
        return str(getattr(simpleeval, "__version__", "unknown"))


def check_simpleeval(version: str | None = None) -> None:
    """Refuse a simpleeval release older than `SIMPLEEVAL_MINIMUM` (or, when its version is
    unknown, one without the operator-module fix)."""
    version = simpleeval_version() if version is None else version
    numbers = tuple(int(part) for part in re.findall(r"\d+", version)[:3])
    if numbers:
        safe = numbers >= SIMPLEEVAL_MINIMUM
    else:
        disallowed = getattr(simpleeval, "DISALLOW_FUNCTIONS", ())
        safe = operator.attrgetter in disallowed and operator.methodcaller in disallowed
    if not safe:
        minimum = ".".join(map(str, SIMPLEEVAL_MINIMUM))
        raise UnsafeDependencyError(
            f"simpleeval {version} has known sandbox escapes (CVE-2026-32640, the "
            f"operator-module bypass); perfscore needs simpleeval>={minimum}: "
            f"pip install -U 'simpleeval>={minimum}' / simpleeval 版本过旧，存在已知沙箱逃逸漏洞，"
            f"请升级到 {minimum} 或更高版本"
        )


check_simpleeval()

# --------------------------------------------------------------------------- functions

_TRANSLATION = str.maketrans(
    {
        "×": "*",
        "÷": "/",
        "（": "(",
        "）": ")",
        "＋": "+",
        "－": "-",
        "＊": "*",
        "／": "/",
        "＜": "<",
        "＞": ">",
        "＝": "=",
        "，": ",",
        "．": ".",
        **{chr(0xFF10 + i): str(i) for i in range(10)},
    }
)

_ALLOWED_NODES = (
    ast.Expression,
    ast.BinOp,
    ast.UnaryOp,
    ast.BoolOp,
    ast.Compare,
    ast.IfExp,
    ast.Call,
    ast.Name,
    ast.Load,
    ast.Constant,
    ast.And,
    ast.Or,
    *OPERATORS,
)

# --------------------------------------------------------------------------- formulas


class Formula:
    """A checked, compiled formula. `names` are the fields and derived values it reads, spelt
    as the formula writes them; `spellings` maps each name as Python reads it (NFKC-normalised:
    `ＧＤＰ` is `GDP` to Python) to that spelling."""

    __slots__ = ("_functions", "_tree", "names", "order", "source", "spellings")

    def __init__(self, source: str, *, where: str, file: str | None = None) -> None:
        self.source = source
        text = normalise(source) if isinstance(source, str) else source
        tree = _parse(source, text, where, file)
        _check(tree, source, where, file)
        _decimal_constants(tree, text, source, where, file)
        self._tree = tree.body
        read = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
        self.spellings = _spellings(text, read - FUNCTIONS.keys(), source, where, file)
        self.names = frozenset(self.spellings.values())
        #: The names in the order the compiled function takes them (as the formula spells them).
        self.order: tuple[str, ...] = tuple(sorted(self.names))
        self._functions: dict[tuple[str, ...], Callable[..., Any]] = {}
        _fold_constants(tree.body, source, where, file)

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


def run_with_simpleeval(evaluator: simpleeval.SimpleEval, source: str, tree: ast.AST) -> Any:
    """`tree` evaluated by simpleeval in the formula context, failures named as the compiled
    functions name them."""
    try:
        with decimal.localcontext(CONTEXT):
            result = evaluator.eval(source, previously_parsed=tree)
    except FAILURES as exc:
        raise translate_failure(exc) from None
    return check_result(result)


def normalise(source: str) -> str:
    """Report-style symbols to Python operators: （a/b）×100 -> (a/b)*100."""
    return source.translate(_TRANSLATION).strip()


def quote(source: str, limit: int = 80) -> str:
    """`source` in quotes, cut to its first and last `limit // 2` characters when longer."""
    if len(source) <= limit:
        return repr(source)
    half = limit // 2
    return f"{source[:half]!r}…{source[-half:]!r}"


def python_name(name: str) -> str:
    """A name as Python reads it in source code (identifiers are NFKC-normalised)."""
    return unicodedata.normalize("NFKC", name)


def _spellings(
    text: str, read: set[str], source: str, where: str, file: str | None
) -> dict[str, str]:
    """Each name the tree reads, mapped to the one spelling the formula writes it with; two
    spellings Python reads as one name (`ＧＤＰ`, `GDP`) are refused."""
    spellings: dict[str, str] = {}
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError) as exc:
        raise _error(f"not a valid expression: {exc}", source, where, file) from None
    for token in tokens:
        if token.type != tokenize.NAME or keyword.iskeyword(token.string):
            continue
        read_as = python_name(token.string)
        if read_as not in read:
            continue
        seen = spellings.setdefault(read_as, token.string)
        if seen != token.string:
            raise _error(
                f"{seen!r} and {token.string!r} are one name to Python: write one spelling",
                source,
                where,
                file,
            )
    return spellings


def _error(message: str, source: Any, where: str, file: str | None) -> FormulaError:
    return FormulaError(
        f"formula {quote(source)}: {message}", file=file, path=where, field="formula"
    )


def _parse(source: Any, text: str, where: str, file: str | None) -> ast.Expression:
    if not isinstance(source, str) or not source.strip():
        raise FormulaError("formula is empty", file=file, path=where, field="formula")
    if len(source) > MAX_LENGTH:
        raise FormulaError(
            f"formula is {len(source)} characters; the limit is {MAX_LENGTH}",
            file=file,
            path=where,
            field="formula",
        )
    try:
        with warnings.catch_warnings():  # "1if x else 2": the same refusal in and out of pytest
            warnings.simplefilter("error")
            return ast.parse(text, mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError, Warning) as exc:
        detail = getattr(exc, "msg", None) or type(exc).__name__
        raise _error(f"not a valid expression: {detail}", source, where, file) from None


def _check(tree: ast.Expression, source: str, where: str, file: str | None) -> None:
    def reject(message: str) -> FormulaError:
        return _error(message, source, where, file)

    if _depth(tree) > MAX_DEPTH:
        raise reject(f"nested deeper than {MAX_DEPTH} levels")
    callees = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    for node in ast.walk(tree):  # first what is there at all, then how it is used
        if not isinstance(node, _ALLOWED_NODES):
            raise reject(f"{type(node).__name__} is not allowed in a formula")
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and (node.id.startswith("_") or "__" in node.id):
            raise reject(f"name {node.id!r} is not allowed (leading underscore)")
        if isinstance(node, ast.Constant) and (
            isinstance(node.value, bool) or not isinstance(node.value, (int, float))
        ):
            raise reject(f"constant {node.value!r} is not allowed; only numbers are")
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
                name = node.func.id if isinstance(node.func, ast.Name) else "an expression"
                allowed = ", ".join(sorted(FUNCTIONS))
                raise reject(f"calling {name} is not allowed; allowed functions: {allowed}")
            least, most = ARITY[node.func.id]
            if not least <= len(node.args) <= most:
                wanted = str(least) if least == most else f"{least} to {most}"
                raise reject(f"{node.func.id}() takes {wanted} argument(s), given {len(node.args)}")
        if isinstance(node, ast.Name) and node.id in FUNCTIONS and id(node) not in callees:
            raise reject(f"function {node.id!r} can only be called")


def _depth(node: ast.AST) -> int:
    # Iterative, so that a pathological formula cannot exhaust the stack here.
    deepest, stack = 0, [(node, 1)]
    while stack:
        current, level = stack.pop()
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in ast.iter_child_nodes(current))
    return deepest


def _decimal_constants(tree: ast.AST, text: str, source: str, where: str, file: str | None) -> None:
    """Numbers in a formula become Decimals read from the formula's own text, so that 0.1 means
    exactly one tenth and 1e999999 is not silently infinity."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant):
            continue
        value: Decimal | None = None
        if isinstance(node.value, int):
            value = Decimal(node.value)
        else:
            segment = ast.get_source_segment(text, node)
            try:
                value = Decimal(segment) if segment else None
            except decimal.InvalidOperation:
                value = None
            if value is None:
                value = Decimal(repr(node.value))
        size = value.copy_abs()  # abs() would round in a context, and overflow
        if not value.is_finite() or size > MAX_CONSTANT or 0 < size < MIN_CONSTANT:
            shown = ast.get_source_segment(text, node) or repr(node.value)
            raise _error(
                f"the constant {shown[:40]} is outside the allowed range (0, or "
                f"{MIN_CONSTANT:.0E} to {MAX_CONSTANT:.0E} in size)",
                source,
                where,
                file,
            )
        node.value = value  # type: ignore[assignment]


def _fold_constants(body: ast.AST, source: str, where: str, file: str | None) -> None:
    """Evaluate, once and now, every part of the formula that reads no name, so that a formula
    that can only fail (`9**9**9`, `1/0`, `round(x, 1000)`) is rejected when it loads."""
    with_names = _nodes_reading_names(body)
    evaluator = simpleeval.SimpleEval(operators=OPERATORS, functions=FUNCTIONS, names={})

    def value_of(node: ast.AST) -> Any:
        try:
            return run_with_simpleeval(evaluator, source, node)
        except (FormulaZeroDivision, FormulaArithmeticError) as exc:
            raise _error(f"{exc}", source, where, file) from None

    def visit(node: ast.AST) -> None:
        if id(node) not in with_names:
            if not isinstance(node, ast.Constant):
                value_of(node)
            return
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
            for part, limit, what in (
                (node.left, MAX_BASE, "base"),
                (node.right, MAX_EXPONENT, "exponent"),
            ):
                if id(part) not in with_names and number_operand(value_of(part)).copy_abs() > limit:
                    raise _error(
                        f"the {what} of ** is beyond the allowed range (at most {limit:,})",
                        source,
                        where,
                        file,
                    )
        if (
            isinstance(node, ast.BinOp)
            and isinstance(node.op, (ast.Div, ast.FloorDiv, ast.Mod))
            and id(node.right) not in with_names
            and number_operand(value_of(node.right)) == 0
        ):
            raise _error("the denominator is always 0", source, where, file)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "round"
            and len(node.args) == 2
            and id(node.args[1]) not in with_names
        ):
            places = number_operand(value_of(node.args[1]))
            if places != places.to_integral_value() or places.copy_abs() > MAX_PLACES:
                raise _error(
                    f"round() takes a whole number of places from -{MAX_PLACES} to {MAX_PLACES}",
                    source,
                    where,
                    file,
                )
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr) and not (
                isinstance(node, ast.Call) and child is node.func
            ):
                visit(child)

    visit(body)


def _nodes_reading_names(body: ast.AST) -> set[int]:
    """ids of the nodes under which a field or derived name is read (function names excluded)."""
    reading: set[int] = set()
    order: list[tuple[ast.AST, ast.AST | None]] = []
    stack: list[tuple[ast.AST, ast.AST | None]] = [(body, None)]
    while stack:
        node, parent = stack.pop()
        order.append((node, parent))
        stack.extend((child, node) for child in ast.iter_child_nodes(node))
    parents = {id(node): parent for node, parent in order}
    callees = {id(n.func) for n, _ in order if isinstance(n, ast.Call)}
    for node, _ in order:
        if isinstance(node, ast.Name) and id(node) not in callees:
            current: ast.AST | None = node
            while current is not None and id(current) not in reading:
                reading.add(id(current))
                current = parents[id(current)]
    return reading


ARITHMETIC_ERRORS = (ArithmeticError, decimal.DecimalException, TypeError)
