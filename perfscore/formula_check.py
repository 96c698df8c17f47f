"""A formula's text parsed and checked against perfscore's own allow-list, its constants read as
exact Decimals and every part that reads no name folded once, when the framework loads.

`expressions.Formula` runs these steps in order (parse, check, decimal_constants, spellings,
fold_constants); the rules they enforce are listed in perfscore.expressions' docstring. Also
here: the small text helpers every formula message uses (`normalise`, `quote`, `python_name`)
and `run_with_simpleeval`, simpleeval as the oracle and the folder.
"""

from __future__ import annotations

import ast
import decimal
import io
import keyword
import tokenize
import unicodedata
import warnings
from decimal import Decimal
from typing import Any

import simpleeval

from .errors import FormulaError
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
    MIN_CONSTANT,
    OPERATORS,
    FormulaArithmeticError,
    FormulaZeroDivision,
    check_result,
    number_operand,
    translate_failure,
)

# --------------------------------------------------------------------------- text

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


def run_with_simpleeval(evaluator: simpleeval.SimpleEval, source: str, tree: ast.AST) -> Any:
    """`tree` evaluated by simpleeval in the formula context, failures named as the compiled
    functions name them."""
    try:
        with decimal.localcontext(CONTEXT):
            result = evaluator.eval(source, previously_parsed=tree)
    except FAILURES as exc:
        raise translate_failure(exc) from None
    return check_result(result)


# --------------------------------------------------------------------------- checks


def spellings(
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


def parse(source: Any, text: str, where: str, file: str | None) -> ast.Expression:
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


def check(tree: ast.Expression, source: str, where: str, file: str | None) -> None:
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


def decimal_constants(tree: ast.AST, text: str, source: str, where: str, file: str | None) -> None:
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


def fold_constants(body: ast.AST, source: str, where: str, file: str | None) -> None:
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
