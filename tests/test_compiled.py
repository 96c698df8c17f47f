"""The compiled scorer gives exactly what the reference evaluator gives: formula by formula
(against simpleeval) and record by record (against `evaluate()`), errors included."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from batch_support import ODD_VALUES, columns, record_values
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import perfscore
from perfscore.compiled import compile_formula, compile_framework
from perfscore.errors import FormulaError
from perfscore.expressions import Formula

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = sorted(p.stem for p in (ROOT / "perfscore" / "frameworks").glob("*.yaml"))
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))

# --------------------------------------------------------------------------- formulas

NAMES = {"a": "D", "b": "D", "c": "D", "flag": "B"}

constants = st.decimals(min_value=0, max_value=1000, places=3).map(lambda d: format(d, "f"))
leaves = st.sampled_from(sorted(NAMES)) | constants


def _expressions(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    binary = st.sampled_from(["+", "-", "*", "/", "//", "%", "**", "×", "÷"])
    compare = st.sampled_from(["<", "<=", "==", "!=", ">", ">="])
    return st.one_of(
        st.tuples(inner, binary, inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(st.sampled_from(["-", "+", "not "]), inner).map(lambda t: f"({t[0]}{t[1]})"),
        st.tuples(inner, compare, inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(inner, compare, inner, compare, inner).map(lambda t: "(" + " ".join(t) + ")"),
        st.tuples(inner, st.sampled_from(["and", "or"]), inner).map(lambda t: f"({' '.join(t)})"),
        st.tuples(inner, inner, inner).map(lambda t: f"({t[0]} if {t[1]} else {t[2]})"),
        st.tuples(st.sampled_from(["min", "max"]), st.lists(inner, min_size=2, max_size=3)).map(
            lambda t: f"{t[0]}({', '.join(t[1])})"
        ),
        st.tuples(st.sampled_from(["abs", "floor", "ceil", "round"]), inner).map(
            lambda t: f"{t[0]}({t[1]})"
        ),
        st.tuples(inner, st.integers(-3, 3)).map(lambda t: f"round({t[0]}, {t[1]})"),
    )


formulas = st.recursive(leaves, _expressions, max_leaves=10)
values = st.decimals(min_value=-(10**7), max_value=10**7, places=4) | st.sampled_from(
    [Decimal(0), Decimal(1), Decimal("-1"), Decimal("0.5"), Decimal(100)]
)


def _outcome(run: Any, names: dict[str, Any]) -> tuple[str, Any]:
    try:
        value = run(names)
    except Exception as exc:
        return "error", type(exc).__name__
    if isinstance(value, Decimal):
        return "decimal", value.as_tuple()  # the same digits and exponent, not just equal
    return type(value).__name__, value


arithmetic = st.recursive(
    st.sampled_from(["a", "b", "c"]) | constants,
    lambda inner: st.tuples(
        inner, st.sampled_from(["+", "-", "*", "/", "//", "%", "**"]), inner
    ).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
    max_leaves=4,
)


@settings(
    max_examples=5 * settings.default.max_examples // 2,  # 100 with ci, 1250 with thorough
    suppress_health_check=[HealthCheck.too_slow],
)
@given(source=formulas | arithmetic, a=values, b=values, c=values, flag=st.booleans())
def test_compiled_formula_equals_simpleeval(
    source: str, a: Decimal, b: Decimal, c: Decimal, flag: bool
) -> None:
    try:
        formula = Formula(source, where="T")
    except FormulaError:
        return  # rejected when loading (e.g. a constant part that divides by zero)
    names = {"a": a, "b": b, "c": c, "flag": flag}
    reference = _outcome(formula.evaluate, names)
    compiled = _outcome(compile_formula(formula, NAMES), names)
    if reference[0] == "error":
        assert compiled[0] == "error", (source, names, compiled)
    else:
        assert compiled == reference, (source, names)


def test_compiled_formula_reads_report_symbols() -> None:
    formula = Formula("（a - b） ÷ b × 100", where="T")
    run = compile_formula(formula, NAMES)
    assert run({"a": Decimal(3), "b": Decimal(2)}) == Decimal(50)
    with pytest.raises(ArithmeticError):
        run({"a": Decimal(3), "b": Decimal(0)})


# --------------------------------------------------------------------------- frameworks


def _scores(compiled: Any, data: Any, how: str) -> Any:
    try:
        if how == "reference":
            return compiled.reference(data)
        return compiled.scores(data)
    except perfscore.PerfscoreError as exc:
        return ("error", str(exc))


@pytest.mark.parametrize("name", BUNDLED)
@settings(
    max_examples=max(10, settings.default.max_examples // 2),  # heavy: 20 with ci, 250 thorough
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_compiled_framework_equals_evaluate(name: str, data: st.DataObject) -> None:
    fw = perfscore.load_framework(name)
    compiled = compile_framework(fw)
    values = data.draw(record_values(fw, dirty=data.draw(st.booleans())))
    assert _scores(compiled, values, "fast") == _scores(compiled, values, "reference")


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
@settings(
    max_examples=max(10, settings.default.max_examples // 2),  # heavy: 20 with ci, 250 thorough
    suppress_health_check=[HealthCheck.too_slow],
)
@given(data=st.data())
def test_compiled_equals_evaluate_on_changed_examples(path: Path, data: st.DataObject) -> None:
    """Each example record (rows, surveys, external scores and all) with a few values changed."""
    record = perfscore.load_record(path)
    fw = perfscore.load_framework(record.framework or "")
    compiled = compile_framework(fw)
    values = dict(record.values)
    for name in data.draw(st.lists(st.sampled_from(columns(fw) or ["-"]), max_size=3)):
        change = data.draw(st.sampled_from(["drop", "odd", "number"]))
        if change == "drop":
            values.pop(name, None)
        elif change == "odd":
            values[name] = data.draw(ODD_VALUES)
        else:
            values[name] = data.draw(values_numbers)
    external = dict(record.external_scores)
    if external and data.draw(st.booleans()):
        code = data.draw(st.sampled_from(sorted(external)))
        external[code] = data.draw(st.sampled_from(["1", "-1", "99", "x", 0]))
    changed = perfscore.Record(values, external, id=record.id, file=record.file)
    assert _scores(compiled, changed, "fast") == _scores(compiled, changed, "reference")


values_numbers = st.integers(0, 200) | st.decimals(0, 10_000, places=2)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_examples_take_the_fast_path(path: Path) -> None:
    """The examples (external scores included) are scored without falling back."""
    record = perfscore.load_record(path)
    fw = perfscore.load_framework(record.framework or "")
    compiled = compile_framework(fw)
    before = compiled.fallbacks
    assert compiled.scores(record) == compiled.reference(record)
    assert compiled.fallbacks == before


@settings(max_examples=30)
@given(data=st.data())
def test_department_common_is_fully_compiled(data: st.DataObject) -> None:
    """No leaf of department-common needs the reference evaluator, and clean data never falls
    back: the speed figures in docs/performance.md measure compiled code."""
    fw = perfscore.load_framework("department-common")
    compiled = compile_framework(fw)
    assert compiled.uncompiled == ()
    before = compiled.fallbacks
    compiled.scores(data.draw(record_values(fw, dirty=False)))
    assert compiled.fallbacks == before


def test_generated_source_holds_no_framework_text() -> None:
    """Names, numbers and Chinese text reach the generated code only as constants."""
    fw = perfscore.load_framework("department-common")
    source = compile_framework(fw).source()
    assert all(ord(ch) < 128 for ch in source)
    assert "'" not in source and '"' not in source
