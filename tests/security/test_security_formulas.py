"""Formulas are a sandbox: hostile formulas are rejected when the framework loads, naming the
file, line, indicator and field; what loads cannot hang, exhaust memory or reach chance."""

from __future__ import annotations

import ast
import decimal
import operator
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import simpleeval
from security_support import FORMULA_LINE, GOOD, framework, with_formula

from perfscore import DataError, FormulaError, FrameworkError
from perfscore.expressions import (
    FUNCTIONS,
    MAX_DEPTH,
    MAX_LENGTH,
    SIMPLEEVAL_MINIMUM,
    Formula,
    FormulaArithmeticError,
    FormulaZeroDivision,
    UnsafeDependencyError,
    check_simpleeval,
)

ROOT = Path(__file__).resolve().parents[2]

HOSTILE = {
    # no attribute access, no dunder names, no imports
    "attribute": ("执行数.real", "Attribute is not allowed"),
    "generator-frame": ("执行数.gi_frame.f_globals", "Attribute is not allowed"),
    "dunder-call": ("__import__('os').system('id')", "Attribute is not allowed"),
    "dunder-function": ("__import__('os')", "calling __import__ is not allowed"),
    "dunder-name": ("__builtins__", "leading underscore"),
    "underscore-name": ("_secret + 1", "leading underscore"),
    "class-walk": ("().__class__.__bases__", "is not allowed"),
    "import-statement": ("import os", "not a valid expression"),
    "number-run-into-keyword": ("1if 执行数 else 2", "invalid decimal literal"),
    "subscript": ("执行数[0]", "Subscript is not allowed"),
    # no comprehensions, lambdas, containers, strings
    "list-comprehension": ("[x for x in (1, 2)]", "ListComp is not allowed"),
    "generator": ("min(x for x in (1, 2))", "GeneratorExp is not allowed"),
    "lambda": ("(lambda: 1)()", "is not allowed"),
    "walrus": ("(x := 1)", "NamedExpr is not allowed"),
    "dict": ("{1: 2}", "Dict is not allowed"),
    "string": ("'a' * 10", "constant 'a' is not allowed"),
    "f-string": ("f'{执行数}'", "JoinedStr is not allowed"),
    "bytes": ("b'x'", "is not allowed"),
    "boolean-constant": ("True + 1", "constant True is not allowed"),
    # calls only of the documented whitelist, by name, with the right arity
    "eval": ("eval('1')", "calling eval is not allowed"),
    "open": ("open('/etc/passwd')", "calling open is not allowed"),
    "rand": ("rand()", "calling rand is not allowed"),
    "randint": ("randint(100)", "calling randint is not allowed"),
    "call-of-call": ("min(1, 2)(3)", "calling an expression is not allowed"),
    "function-as-value": ("max", "can only be called"),
    "keyword": ("round(执行数, ndigits=2)", "keyword is not allowed"),
    "starred": ("max(*执行数)", "Starred is not allowed"),
    "min-one-argument": ("min(执行数)", "min() takes 2 to 50 argument(s), given 1"),
    "abs-two-arguments": ("abs(执行数, 1)", "abs() takes 1 argument(s), given 2"),
    # bounded exponentiation, constants, length and depth
    "power-tower": ("9**9**9", "beyond the allowed range"),
    "huge-exponent": ("执行数 ** 1000", "exponent of ** is beyond the allowed range"),
    "huge-base": ("(10**13) ** 执行数", "base of ** is beyond the allowed range"),
    "huge-constant": ("1e999999 * 执行数", "constant 1e999999 is outside the allowed range"),
    "huge-integer": ("1" + "0" * 40 + " * 执行数", "is outside the allowed range"),
    "tiny-constant": ("1e-999999 + 执行数", "is outside the allowed range"),
    # found by tests/security/atheris_fuzz.py: abs() of this constant overflowed the context
    "constant-beyond-emax": ("77777777777777e777777777 + 执行数", "is outside the allowed range"),
    "product-chain": ("10**100 * 10**100 * 10**100 * 10**100", "beyond the range"),
    "overflow": ("(10**12)**100 * 执行数", "grew beyond 1E+999"),
    "constant-zero-division": ("执行数 / (1 - 1)", "the denominator is always 0"),
    "modulo-zero": ("执行数 % 0", "the denominator is always 0"),
    "constant-part-divides-by-zero": ("执行数 + 1 / 0", "the denominator of / is 0"),
    "negative-power-of-zero": ("0 ** -1 + 执行数", "divides by zero"),
    "fractional-power-of-negative": ("(-8) ** (1/3) + 执行数", "an invalid operation"),
    "round-places": ("round(执行数, 1000)", "whole number of places"),
    "round-fractional-places": ("round(执行数, 1.5)", "whole number of places"),
    "too-long": ("+".join(["执行数"] * 600), f"the limit is {MAX_LENGTH}"),
    "too-deep-unary": ("-" * 150 + "执行数", f"nested deeper than {MAX_DEPTH} levels"),
    "too-deep-sum": ("+".join(["1"] * 120) + "+执行数", f"nested deeper than {MAX_DEPTH}"),
}


@pytest.mark.parametrize(("formula", "fragment"), HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_formula_is_rejected_at_load_naming_indicator(formula: str, fragment: str) -> None:
    with pytest.raises(FormulaError) as caught:
        framework(with_formula(formula))
    err = caught.value
    assert fragment in err.message
    assert (err.file, err.line, err.path, err.field) == (
        "security.yaml",
        FORMULA_LINE,
        "B1",
        "formula",
    )
    assert str(err).startswith(f"security.yaml:{FORMULA_LINE}: B1: formula: ")


def test_a_hostile_veto_condition_names_its_field() -> None:
    text = with_formula("执行数 / 预算数 * 100").replace("when: 违规", "when: 违规.__class__")
    with pytest.raises(FormulaError) as caught:
        framework(text)
    assert caught.value.path == "D1" and caught.value.field == "rule.when"
    assert "Attribute is not allowed" in caught.value.message


def test_a_formula_cannot_feed_a_rule_that_scores_checklist_items() -> None:
    # found by tests/security/test_fuzz.py: it was a TypeError deep in the checklist rule
    text = with_formula("执行数 / 预算数 * 100").replace(
        "    rule: {kind: deduction, bound: 100, side: below, points: 1, step_mode: continuous}",
        "    rule: {kind: checklist, mode: earn, points: 1, items: [{id: '1', text: 要点}]}",
    )
    with pytest.raises(FrameworkError) as caught:
        framework(text)
    err = caught.value
    assert "scores items read from the data" in err.message
    assert (err.line, err.path, err.field) == (FORMULA_LINE, "B1", "formula")


def test_legitimate_formulas_still_load_and_score() -> None:
    # long sums, powers within bounds, nested functions: what real frameworks write
    formulas = [
        "（执行数／预算数）×100",
        "round((执行数 / 预算数) ** (1/3) * 100, 2)",
        "min(max(执行数 / 预算数 * 100, 0), 100)",
        "floor(执行数) / ceil(预算数) * 100",
        "+".join(["执行数 / 预算数"] * 40) + " * 100 / 40",
        "执行数 / 预算数 * 100 if 预算数 > 0 else 0",
    ]
    for formula in formulas:
        result = framework(with_formula(formula)).evaluate(GOOD)
        assert Decimal(0) <= result["B1"].score <= 4, formula


# ----------------------------------------------------------------------------- at run time


@pytest.mark.parametrize(
    ("formula", "values", "fragment"),
    [
        ("执行数 ** 预算数", {"执行数": 2, "预算数": 1000}, "beyond the allowed range"),
        ("执行数 * 预算数 * 预算数", {"执行数": 10**17, "预算数": 10**17}, "beyond the range"),
        ("(执行数 - 预算数) ** 0.5", {"执行数": 1, "预算数": 2}, "an invalid operation"),
        ("round(执行数, 预算数)", {"执行数": 1, "预算数": 50}, "whole number of places"),
    ],
    ids=["power-from-data", "product-from-data", "invalid-operation", "round-places-from-data"],
)
def test_hostile_data_in_a_legitimate_formula_is_a_data_error(
    formula: str, values: dict[str, Any], fragment: str
) -> None:
    fw = framework(with_formula(formula))
    with pytest.raises(DataError) as caught:
        fw.evaluate({**GOOD, **values})
    err = caught.value
    assert fragment in err.message
    assert (err.path, err.field) == ("B1", "formula")


def test_the_callers_decimal_context_does_not_matter() -> None:
    formula = Formula("2 ** 0.5", where="X")
    with decimal.localcontext() as ctx:
        ctx.prec = 100_000  # a hostile or careless caller's context
        ctx.traps[decimal.DivisionByZero] = False
        ctx.traps[decimal.InvalidOperation] = False
        value = formula.evaluate({})
        assert len(value.as_tuple().digits) == 28
        with pytest.raises(FormulaZeroDivision):
            Formula("x / y", where="X").evaluate({"x": Decimal(1), "y": Decimal(0)})
        with pytest.raises(FormulaArithmeticError):
            Formula("x ** 0.5", where="X").evaluate({"x": Decimal(-1)})


def test_objects_passed_as_names_are_never_operated_on() -> None:
    """An object with a hostile __add__ (as a buggy caller might pass) is refused before any of
    its methods run: every operator converts its operands to Decimal first."""
    touched: list[str] = []

    class Hostile:
        def __add__(self, other: object) -> Any:
            touched.append("add")
            return 1

        __radd__ = __add__

    with pytest.raises(FormulaArithmeticError, match="expected a number, got Hostile"):
        Formula("x + 1", where="X").evaluate({"x": Hostile()})
    assert touched == []


def test_a_missing_name_is_a_formula_error_not_a_key_error() -> None:
    with pytest.raises(FormulaArithmeticError, match="no value given for 'y'"):
        Formula("x + y", where="X").evaluate({"x": Decimal(1)})


# ----------------------------------------------------------------------------- no chance


def test_simpleevals_random_functions_are_unavailable() -> None:
    """The evaluator gets perfscore's FUNCTIONS and nothing else. Even handed a syntax tree that
    perfscore's allow-list would have refused, simpleeval finds no rand or randint."""
    assert "rand" in simpleeval.DEFAULT_FUNCTIONS  # what would be there by default
    evaluator = Formula("1 + 1", where="X").evaluator({})
    assert evaluator.functions == FUNCTIONS
    assert not {"rand", "randint"} & set(evaluator.functions)
    for source in ("rand()", "randint(10)"):
        tree = ast.parse(source, mode="eval").body
        with pytest.raises(simpleeval.FunctionNotDefined):
            evaluator.eval(source, previously_parsed=tree)


def test_whitelist_is_what_the_docs_list() -> None:
    assert sorted(FUNCTIONS) == ["abs", "ceil", "floor", "max", "min", "round"]
    docs = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    for name in FUNCTIONS:
        assert f"`{name}`" in docs


# ----------------------------------------------------------------------------- simpleeval


@pytest.mark.parametrize("version", ["0.9.13", "1.0.4", "1.0.5", "1.0.7"])
def test_an_old_simpleeval_is_refused_with_a_clear_error(version: str) -> None:
    with pytest.raises(UnsafeDependencyError) as caught:
        check_simpleeval(version)
    message = caught.value.message
    assert f"simpleeval {version}" in message
    assert "simpleeval>=1.0.8" in message and "CVE-2026-32640" in message
    assert isinstance(caught.value, ImportError)


@pytest.mark.parametrize("version", ["1.0.8", "1.0.10", "1.1", "2.0.0"])
def test_a_fixed_simpleeval_is_accepted(version: str) -> None:
    check_simpleeval(version)


def test_the_installed_simpleeval_has_the_fixes() -> None:
    check_simpleeval()  # what import perfscore already did
    disallowed = simpleeval.DISALLOW_FUNCTIONS
    assert operator.attrgetter in disallowed and operator.methodcaller in disallowed
    assert "gi_frame" in simpleeval.DISALLOW_METHODS
    assert hasattr(simpleeval, "ModuleWrapper")  # the CVE-2026-32640 fix


def test_pyproject_requires_the_same_minimum() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    minimum = ".".join(map(str, SIMPLEEVAL_MINIMUM))
    assert f"simpleeval>={minimum}" in project["project"]["dependencies"]


def test_an_installed_simpleeval_without_the_fix_is_judged_by_its_version(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Without the operator-module fix in sight, the installed release's version decides."""
    import perfscore.expressions as expressions

    monkeypatch.setattr(simpleeval, "DISALLOW_FUNCTIONS", set())
    monkeypatch.setattr(expressions, "simpleeval_version", lambda: "1.0.7")
    with pytest.raises(UnsafeDependencyError):
        check_simpleeval()
    monkeypatch.setattr(expressions, "simpleeval_version", lambda: "1.0.9")
    check_simpleeval()  # a newer release that moved its list is judged by its version
