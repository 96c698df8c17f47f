"""One engine: scoring without a trace gives exactly what `evaluate()` gives, because both run
the same plan of steps; formulas run as compiled functions that agree with simpleeval."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from batch_support import ODD_VALUES, columns, record_values
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import perfscore
from perfscore.engine.scoring import score
from perfscore.errors import FormulaError
from perfscore.expressions import Formula, run_with_simpleeval
from perfscore.testing import base_data, invalid_base_data

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = sorted(p.stem for p in (ROOT / "perfscore" / "frameworks").glob("*.yaml"))
EVERY_RULE = ROOT / "tests" / "property-frameworks" / "every-rule.yaml"
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
arithmetic = st.recursive(
    st.sampled_from(["a", "b", "c"]) | constants,
    lambda inner: st.tuples(
        inner, st.sampled_from(["+", "-", "*", "/", "//", "%", "**"]), inner
    ).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
    max_leaves=4,
)


def _outcome(run: Any) -> tuple[str, Any]:
    try:
        value = run()
    except Exception as exc:
        return "error", type(exc).__name__
    if isinstance(value, Decimal):
        return "decimal", value.as_tuple()  # the same digits and exponent, not just equal
    return type(value).__name__, value


@settings(
    max_examples=5 * settings.default.max_examples // 2,  # 100 with ci, 1250 with thorough
    suppress_health_check=[HealthCheck.too_slow],
)
@given(source=formulas | arithmetic, a=values, b=values, c=values, flag=st.booleans())
def test_compiled_formulas_equal_simpleeval(
    source: str, a: Decimal, b: Decimal, c: Decimal, flag: bool
) -> None:
    """The compiled function — generic, and specialised to known Decimal names — gives what
    simpleeval gives over the same operator tables: the same digits, or an error of the same
    kind."""
    try:
        formula = Formula(source, where="T")
    except FormulaError:
        return  # rejected when loading (e.g. a constant part that divides by zero)
    names = {"a": a, "b": b, "c": c, "flag": flag}
    args = [names[n] for n in formula.order]
    oracle = _outcome(lambda: run_with_simpleeval(formula.evaluator(names), source, formula._tree))
    generic = _outcome(lambda: formula.evaluate(names))
    specialised = _outcome(lambda: formula.function(NAMES)(*args))
    assert generic == oracle, (source, names)
    assert specialised == oracle, (source, names)


def test_compiled_formulas_read_report_symbols() -> None:
    formula = Formula("（a - b） ÷ b × 100", where="T")
    assert formula.evaluate({"a": Decimal(3), "b": Decimal(2)}) == Decimal(50)
    with pytest.raises(ArithmeticError):
        formula.evaluate({"a": Decimal(3), "b": Decimal(0)})


# --------------------------------------------------------------------------- frameworks


def _untraced(fw: perfscore.Framework, data: Any) -> Any:
    try:
        done = score(fw, data)
    except perfscore.PerfscoreError as exc:
        return ("error", str(exc))
    return done.scores, done.total, done.grade, done.warnings


def _traced(fw: perfscore.Framework, data: Any) -> Any:
    try:
        result = fw.evaluate(data)
    except perfscore.PerfscoreError as exc:
        return ("error", str(exc))
    plausibility = {f.check for f in score_warnings_checks()}
    warnings = tuple(f for f in result.findings if f.check in plausibility)
    codes = fw.plan.codes
    return tuple(result[c].score for c in codes), result.total, result.grade, warnings


def score_warnings_checks() -> list[Any]:
    from perfscore.plausibility import CHECKS

    return [type("C", (), {"check": check}) for check in CHECKS]


def _frameworks() -> list[Any]:
    return [*BUNDLED, EVERY_RULE]


@pytest.mark.parametrize("name", _frameworks(), ids=lambda n: Path(str(n)).stem)
@settings(
    max_examples=max(10, settings.default.max_examples // 2),  # heavy: 20 with ci, 250 thorough
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_untraced_equals_traced_at_every_rules_landmarks(name: Any, data: st.DataObject) -> None:
    """Data drawn at each rule's bounds and step edges (perfscore.testing.base_data), and
    invalid data: the same scores, total, grade and warnings, or the same error."""
    fw = perfscore.load_framework(name)
    if data.draw(st.booleans()):
        values = data.draw(base_data(fw))
    else:
        values = data.draw(invalid_base_data(fw)).data
    assert _untraced(fw, values) == _traced(fw, values)


@pytest.mark.parametrize("name", BUNDLED)
@settings(
    max_examples=max(10, settings.default.max_examples // 2),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_untraced_equals_traced_on_csv_like_records(name: str, data: st.DataObject) -> None:
    fw = perfscore.load_framework(name)
    values = data.draw(record_values(fw, dirty=data.draw(st.booleans())))
    assert _untraced(fw, values) == _traced(fw, values)


values_numbers = st.integers(0, 200) | st.decimals(0, 10_000, places=2)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
@settings(
    max_examples=max(10, settings.default.max_examples // 2),
    suppress_health_check=[HealthCheck.too_slow],
)
@given(data=st.data())
def test_untraced_equals_traced_on_changed_examples(path: Path, data: st.DataObject) -> None:
    """Each example record (rows, surveys, external scores and all) with a few values changed."""
    record = perfscore.load_record(path)
    fw = perfscore.load_framework(record.framework or "")
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
    assert _untraced(fw, changed) == _traced(fw, changed)
