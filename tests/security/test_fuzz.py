"""Fuzzing loading and evaluating: arbitrary YAML text, arbitrary (structured) frameworks,
formulas and data give either a result or one of perfscore's own documented errors — a
PerfscoreError, or for a bare Formula its FormulaZeroDivision / FormulaArithmeticError — and
nothing else. Every example runs under an alarm (security_support.hang_guard): a hang fails it.
No test here asserts on time.

The strategies lean towards almost-valid input (the deep code is only reached by input that
passes the shallow checks) with hostile values mixed in: NaN, infinities, huge and tiny
numbers, booleans, lists, mappings, long text, aliases, tags, forbidden syntax.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from security_support import hang_guard

import perfscore
from perfscore import PerfscoreError
from perfscore.cli import main
from perfscore.expressions import (
    MAX_RESULT,
    Formula,
    FormulaArithmeticError,
    FormulaZeroDivision,
)
from perfscore.framework import build_framework
from perfscore.render import FORMATS
from perfscore.schema import framework_schema
from perfscore.yamlio import Document, parse_yaml

# These tests check the English wording of perfscore's messages (tests/test_i18n.py checks
# the Chinese, the default).
pytestmark = pytest.mark.usefixtures("english")

ROOT = Path(__file__).resolve().parents[2]
T = TypeVar("T")
#: PERFSCORE_FUZZ_EXAMPLES=5000 runs that many examples per test (by hand, for a long hunt);
#: otherwise the active hypothesis profile decides (tests/conftest.py: dev 50, ci 200).
_EXAMPLES = os.environ.get("PERFSCORE_FUZZ_EXAMPLES")
FUZZ = settings(
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    **({"max_examples": int(_EXAMPLES)} if _EXAMPLES else {}),
)


def outcome(function: Callable[..., T], *args: Any, **kwargs: Any) -> T | PerfscoreError:
    """What `function` gives: its value, or the PerfscoreError it raised. Anything else
    propagates and fails the example; so does a hang."""
    with hang_guard():
        try:
            return function(*args, **kwargs)
        except PerfscoreError as exc:
            text = str(exc)  # printable, naming where
            assert text
            return exc


# ----------------------------------------------------------------------------- values

HOSTILE_TEXT = [
    "nan", "NaN", "-inf", "Infinity", "1e999999", "1e-999999", "9" * 40, "", " ", "0", "-0",
    "97%", "2.47万元", "1,234.5", "1,2", "１００％", "−5", "是", "否", "true", "1--1.2万人",
    "≥98%", "≤149万元", "18516万", "稳步提升", "1" * 300, "\x00", "{{x}}", "${HOME}", "0x10",
]  # fmt: skip
scalars = st.one_of(
    st.integers(min_value=-5, max_value=200),
    st.integers(),
    st.sampled_from([10**18, 10**18 + 1, -(10**19), 10**30, 2**64]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.sampled_from(HOSTILE_TEXT),
    st.text(max_size=20),
    st.booleans(),
    st.none(),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=8,
)
#: Values as YAML can hold them (no Decimal), for documents built as Python data.
plain_scalars = st.one_of(
    st.sampled_from([0, 1, 2, 3, 4, 5, 6, 10, 20, 100, 0.5, 2.5, -1, "5", "0.5"]),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(HOSTILE_TEXT),
    st.booleans(),
    st.none(),
)
plain_values = st.recursive(
    plain_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)

# ----------------------------------------------------------------------------- formulas

NAMES = ["a", "b", "预算数", "执行数"]
NUMERALS = st.one_of(
    st.integers(0, 10**6).map(str),
    st.sampled_from(
        ["0", "0.1", "2.5", "100", "1e5", "1e999", "1e-999", "7e777777777", "1_000", "0x1F", "9**9"]
    ),
)
atoms = st.one_of(st.sampled_from(NAMES), NUMERALS)


def _compound(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    binary = st.sampled_from(["+", "-", "*", "/", "//", "%", "**", "<", ">=", "==", " and "])
    return st.one_of(
        st.tuples(inner, binary, inner).map(lambda t: f"({t[0]}{t[1]}{t[2]})"),
        st.tuples(st.sampled_from(["-", "+", "not "]), inner).map("".join),
        st.tuples(st.sampled_from(["min", "max"]), st.lists(inner, min_size=1, max_size=3)).map(
            lambda t: f"{t[0]}({', '.join(t[1])})"
        ),
        st.tuples(st.sampled_from(["abs", "floor", "ceil", "round"]), inner).map(
            lambda t: f"{t[0]}({t[1]})"
        ),
        st.tuples(inner, inner).map(lambda t: f"round({t[0]}, {t[1]})"),
        st.tuples(inner, inner, inner).map(lambda t: f"({t[0]} if {t[1]} else {t[2]})"),
    )


well_formed = st.recursive(atoms, _compound, max_leaves=10)
TOKENS = [
    *NAMES, "1", "0", "1e9", "(", ")", ",", "+", "-", "*", "/", "**", "%", "<", "==", " if ",
    " else ", " and ", " not ", "min(", "round(", "floor(", ".", "__class__", "_x", "[0]",
    "lambda:", "'s'", "{}", "[", "]", " for x in ", "import ", "×", "（", "）", "rand(", ":=",
]  # fmt: skip
token_soup = st.lists(st.sampled_from(TOKENS), max_size=20).map("".join)
formulas = st.one_of(well_formed, token_soup, st.text(max_size=30))
formula_names = st.fixed_dictionaries(
    {
        name: st.one_of(
            st.decimals(-(10**18), 10**18, allow_nan=False, allow_infinity=False, places=3),
            st.sampled_from([Decimal(0), Decimal(1), Decimal(-1), Decimal("1E18")]),
            st.booleans(),
        )
        for name in NAMES
    }
)


@FUZZ
@given(formulas, formula_names)
def test_arbitrary_formulas_load_or_are_refused_and_evaluate_or_fail_cleanly(
    source: str, names: dict[str, Any]
) -> None:
    formula = outcome(Formula, source, where="X", file="fuzz.yaml")
    if isinstance(formula, PerfscoreError):
        assert isinstance(formula, perfscore.FormulaError)
        assert (formula.path, formula.field) == ("X", "formula")
        return
    supplied = {name: names.get(name, Decimal(7)) for name in formula.names}
    with hang_guard():
        try:
            value = formula.evaluate(supplied)
        except (FormulaZeroDivision, FormulaArithmeticError):
            return
    assert isinstance(value, bool) or (value.is_finite() and abs(value) <= MAX_RESULT)


# ----------------------------------------------------------------------------- YAML text

YAML_TOKENS = [
    "a", "b: ", "- ", "  ", "\n", ": ", "&x ", "*x", "&y ", "*y", "<<: ", "[", "]", "{", "}", ", ",
    "'", '"', "!!python/object/apply:os.system ", "!!binary ", "!!set ", "!x ", "? ", "---\n",
    "...\n", "~", ".nan", ".inf", "2020-13-45", "1:2:3", "0x1F", "9" * 120, "#", "|\n  ", ">\n  ",
    "\t", "\\", "\ufeff", "值", "%YAML 1.1\n", "%TAG ! tag:x,2000:\n",
]  # fmt: skip
yamlish = st.lists(st.sampled_from(YAML_TOKENS), max_size=40).map("".join)


@FUZZ
@given(st.one_of(yamlish, st.text(max_size=200)))
def test_arbitrary_yaml_text_parses_or_is_refused(text: str) -> None:
    doc = outcome(parse_yaml, text, "fuzz.yaml", perfscore.FrameworkError)
    if isinstance(doc, PerfscoreError):
        assert isinstance(doc, perfscore.FrameworkError) and doc.file == "fuzz.yaml"
        return
    assert isinstance(doc, Document)
    if isinstance(doc.data, dict):  # whatever it is, building a framework of it ends cleanly
        outcome(build_framework, doc)


@FUZZ
@given(st.binary(max_size=600), st.sampled_from([".yaml", ".json", ".yml"]))
def test_arbitrary_record_files_load_or_are_refused(content: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / f"record{suffix}"
        path.write_bytes(content)
        record = outcome(perfscore.load_record, path)
    assert isinstance(record, (perfscore.Record, perfscore.DataError))


# ----------------------------------------------------------------------------- frameworks


def mostly(good: st.SearchStrategy[Any], bad: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """`good` 39 times in 40, `bad` otherwise: a framework has dozens of values, and the deep
    code is reached only when they are nearly all good."""
    return st.integers(0, 39).flatmap(lambda n: bad if n == 17 else good)  # not an end: ends
    # are what hypothesis draws most


def good(*choices: Any) -> st.SearchStrategy[Any]:
    return mostly(st.sampled_from(choices), plain_values)


numbers = good(0, 1, 2, 3, 4, 5, 10, 100, 0.5, 2.5, "2", "0.25")
weights = good(1, 2, 3, 4, 5, 10, 20)
#: Good values of each rule parameter (a bad one is drawn one time in ten).
PARAMETERS: dict[str, st.SearchStrategy[Any]] = {
    "bound": good(0, 90, 95, 100), "side": good("above", "below", "both"),
    "step": good(1, 5, 0.5), "points": good(0.5, 1, 2), "weight_fraction": good(0.05, 0.2, 1),
    "step_mode": good("continuous", "floor", "ceil"), "full": good(1, 2, 4),
    "zero_at": good(1, 3, 120, 150), "compare": good(">=", ">", "<=", "<", "=="),
    "at": good(90, 100), "pass": good(4, 2), "fail": good(0, 1), "otherwise": good("judgment"),
    "full_at": good(100, 90), "target": good(100, 50), "min": good(0, 1), "max": good(4, 2),
    "mode": good("earn", "lose"),
    "items": mostly(
        st.lists(
            st.fixed_dictionaries(
                {
                    "id": st.sampled_from(["1", "2", "3"]),
                    "text": st.just("要点"),
                    "points": numbers,
                },
            ),
            min_size=1,
            max_size=3,
            unique_by=lambda item: item["id"],
        ),
        plain_values,
    ),
    "table": mostly(
        st.sampled_from(
            [[[0, 0], [100, 1]], [[0, 0], [60, 0.5], [100, 1]], [[95, 0.95], [100, 1]]]
        ),
        st.lists(st.lists(numbers, min_size=2, max_size=2), max_size=4),
    ),
    "judgment_input": good("J"), "plain": good("at_least", "at_most"),
    "shortfall": good("proportional"), "reverse": good("ratio"), "merged": good("mean"),
    "levels": mostly(
        st.just({"达成": {"band": "[80, 100]", "share": 100}, "未达成": {"band": "[0, 80)"}}),
        plain_values,
    ),
}  # fmt: skip


@st.composite
def rules(draw: st.DrawFn, depth: int = 0) -> dict[str, Any]:
    """A rule of any registered kind with the parameters its schema admits: the required ones,
    some optional ones, sometimes one it does not admit."""
    defs = framework_schema()["$defs"]
    kind = draw(mostly(st.sampled_from(sorted(set(perfscore.RULES) - {"target"})), st.text()))
    definition = defs.get(f"rule_{kind}", {})
    admitted = sorted(set(definition.get("properties", {})) - {"kind"})
    required = [key for key in definition.get("required", []) if key != "kind"]
    spec: dict[str, Any] = {"kind": kind}
    optional = st.sets(st.sampled_from(admitted), max_size=3) if admitted else st.just(set())
    chosen = set(required) | draw(optional)
    if {"points", "weight_fraction"} <= chosen and draw(st.integers(0, 9)):
        chosen.discard(draw(st.sampled_from(["points", "weight_fraction"])))
    if kind in ("deduction", "count") and not {"points", "weight_fraction"} & chosen:
        chosen.add("points")
    for key in sorted(chosen):
        if key == "rule":
            spec[key] = draw(rules(depth + 1)) if depth < 1 else {"kind": "judgment"}
        elif key == "when":
            spec[key] = draw(mostly(well_formed, formulas))
        else:
            spec[key] = draw(PARAMETERS.get(key, plain_values))
    if draw(st.integers(0, 39)) == 17:
        spec[draw(st.sampled_from(["extra", *sorted(PARAMETERS)]))] = draw(plain_values)
    return spec


@st.composite
def frameworks(draw: st.DrawFn) -> dict[str, Any]:
    """A framework over the inputs NAMES (plus J): one to four leaves, under a parent or not;
    one time in ten with a top-level value replaced by anything."""
    inputs: dict[str, Any] = {}
    for name in [*NAMES, "J"]:
        inputs[name] = draw(
            st.fixed_dictionaries(
                {},
                optional={
                    "type": good("number", "number", "integer", "boolean"),
                    "unit": good("", "%", "万元", "元", "人"),
                    "min": good(0, 1),
                    "max": good(100, 1000),
                },
            )
        )
    leaves = []
    for i in range(draw(st.integers(1, 4))):
        leaf: dict[str, Any] = {"code": f"L{i}", "name": f"指标{i}", "weight": draw(weights)}
        if draw(st.booleans()):
            leaf["formula"] = draw(mostly(well_formed, formulas))
        extra = {
            "unit": good("%", "万元", ""),
            "on_zero_division": good("error", "full", "zero"),
            "direction": good("positive", "negative"),
            "input": good(*NAMES, "J"),
        }
        for key in draw(st.sets(st.sampled_from(sorted(extra)), max_size=2)):
            leaf[key] = draw(extra[key])
        leaf["rule"] = draw(rules())
        leaves.append(leaf)
    total = sum(leaf["weight"] for leaf in leaves if type(leaf["weight"]) is int)
    root = {"code": "R", "name": "根", "weight": draw(good(total, 100)), "children": leaves}
    data: dict[str, Any] = {
        "id": "fuzz",
        "name": "模糊测试",
        "version": "1",
        "total": draw(good(total, 100)),
        "precision": draw(good(0, 1, 2, 6)),
        "grades": [{"name": "合格", "min": draw(numbers)}, {"name": "不合格", "min": 0}],
        "inputs": inputs,
        "indicators": [root] if draw(st.booleans()) else leaves,
    }
    if draw(st.booleans()):
        data["derived"] = {"d": {"formula": draw(mostly(well_formed, formulas))}}
    if draw(st.integers(0, 19)) == 7:  # sometimes break the shape itself
        key = draw(st.sampled_from(sorted(data)))
        data[key] = draw(plain_values)
    return data


GOOD_BY_KIND: dict[str, list[Any]] = {
    "number": [0, 1, 50, 97, 100, 120, "97%", "100万元", "1,234.5"],
    "count": [0, 1, 2, 5],
    "points": [0, 0.5, 1],
    "items": [["1"], ["1", "2"], [], "1、2", {"1": "是", "2": "否"}],
    "flag": ["是", "否", True, 0],
}


@st.composite
def data_for(draw: st.DrawFn, fw: perfscore.Framework) -> dict[str, Any]:
    """Complete, plausible data for `fw` (every field and every input a leaf reads), then up to
    three values replaced by anything, one removed, and unknown keys added."""
    wanted: dict[str, str] = {}
    for name, field in fw.fields.items():
        wanted[name] = "flag" if field.type == "boolean" else "number"
    for leaf in fw.leaves():
        assert leaf.rule is not None
        specs = [*leaf.rule.inputs()] + ([] if leaf.formula else [leaf.value_spec()])
        for spec in specs:
            wanted.setdefault(spec.name, spec.value_type)
    data = {name: draw(st.sampled_from(GOOD_BY_KIND[kind])) for name, kind in wanted.items()}
    names = sorted(data)
    if names:
        for name in draw(st.lists(st.sampled_from(names), max_size=3)):
            data[name] = draw(values)
        if draw(st.booleans()):
            data.pop(draw(st.sampled_from(names)))
    data.update(draw(st.dictionaries(st.text(max_size=4), values, max_size=2)))
    return data


def score_everything(fw: perfscore.Framework, record: Any) -> None:
    """The reference evaluation, its serialisation, and the batch path over the same record:
    each ends in a result or a PerfscoreError, and the two paths agree."""
    result = outcome(fw.evaluate, record)
    if not isinstance(result, PerfscoreError):
        outcome(result.to_dict)
        for name in ("json", "md", "csv", "html"):  # the renderers print whatever was scored
            outcome(FORMATS[name], result)
    with hang_guard():
        (batch,) = list(fw.evaluate_many([record]))
    assert batch.error is None or not batch.error.message.startswith("unexpected"), batch.error
    if isinstance(result, PerfscoreError):  # one engine: batch refuses what evaluate refuses
        assert batch.error is not None, f"batch scored what evaluate() refused: {result}"
    else:
        assert batch.error is None, batch.error
        assert batch.total == result.total


@FUZZ
@given(frameworks(), st.data())
def test_arbitrary_frameworks_and_data(spec: dict[str, Any], data: st.DataObject) -> None:
    fw = outcome(build_framework, Document(spec, "fuzz.yaml"))
    if isinstance(fw, PerfscoreError):
        assert isinstance(fw, perfscore.FrameworkError)
        return
    outcome(lambda: fw.findings)  # the consistency checks
    score_everything(fw, data.draw(data_for(fw)))


@FUZZ
@given(frameworks(), st.lists(st.tuples(st.integers(0, 4000), st.sampled_from(YAML_TOKENS))))
def test_arbitrary_framework_text(spec: dict[str, Any], edits: list[tuple[int, str]]) -> None:
    """A framework written out as YAML, then edited by splicing in YAML syntax."""
    text = yaml.safe_dump(spec, allow_unicode=True, sort_keys=False)
    for position, token in edits:
        position %= len(text) + 1
        text = text[:position] + token + text[position:]
    doc = outcome(parse_yaml, text, "fuzz.yaml", perfscore.FrameworkError)
    if isinstance(doc, PerfscoreError):
        return
    assume(isinstance(doc.data, dict))
    fw = outcome(build_framework, doc)
    if not isinstance(fw, PerfscoreError):
        score_everything(fw, {name: 1 for name in fw.fields})


# ----------------------------------------------------------------------------- real frameworks


def _examples() -> list[tuple[str, perfscore.Record]]:
    found = []
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        record = perfscore.load_record(path)
        if record.framework:
            found.append((record.framework, record))
    return found


EXAMPLES = _examples()
FRAMEWORKS = {name: perfscore.load_framework(name) for name, _ in EXAMPLES}


LONG = st.sampled_from(
    ["9" * 100_000 + "%", "≥" + "9" * 5000, "1--" + "2" * 5000 + "万人", "x" * 100_000]
)


def deep_damage(value: Any) -> st.SearchStrategy[Any]:
    """`value` (a table of rows, a questionnaire …) with one part somewhere inside it replaced by
    anything — a hostile scalar, a long text, a structure — or the whole of it replaced."""
    if isinstance(value, dict) and value:
        return (
            st.sampled_from(sorted(value)).flatmap(
                lambda key: deep_damage(value[key]).map(lambda part: {**value, key: part})
            )
            | values
        )
    if isinstance(value, list) and value:
        return (
            st.integers(0, len(value) - 1).flatmap(
                lambda i: deep_damage(value[i]).map(
                    lambda part: [*value[:i], part, *value[i + 1 :]]
                )
            )
            | values
        )
    return values | LONG


@FUZZ
@given(st.sampled_from(EXAMPLES), st.data())
def test_bundled_frameworks_with_damaged_example_data(
    example: tuple[str, perfscore.Record], data: st.DataObject
) -> None:
    """Each example record with some of its values damaged (anywhere inside a table of rows or a
    questionnaire), some removed and some added; its external and reported scores damaged too;
    scored, rendered and reconciled."""
    name, original = example
    fw = FRAMEWORKS[name]
    damaged = dict(original.values)
    keys = sorted(damaged)
    for key in data.draw(st.lists(st.sampled_from(keys), max_size=3)):
        damaged[key] = data.draw(deep_damage(damaged[key]))
    for key in data.draw(st.lists(st.sampled_from(keys), max_size=2)):
        damaged.pop(key, None)
    damaged.update(data.draw(st.dictionaries(st.text(max_size=4), values, max_size=2)))
    scores = dict(original.external_scores)
    if scores and data.draw(st.booleans()):
        scores = data.draw(deep_damage(scores))
    reported = original.reported
    if reported and data.draw(st.booleans()):
        reported = data.draw(deep_damage(reported))
    record = perfscore.Record(
        values=damaged,
        external_scores=scores if isinstance(scores, dict) else {"?": scores},
        reported=reported if isinstance(reported, dict) else {"total": reported},
        file="damaged.yaml",
    )
    score_everything(fw, record)
    outcome(perfscore.reconcile, fw, record)


# ----------------------------------------------------------------------------- the command line


@settings(FUZZ, max_examples=25)
@given(frameworks(), st.data(), st.sampled_from(["json", "md"]))
def test_the_command_line_never_shows_a_traceback(
    spec: dict[str, Any], data: st.DataObject, fmt: str
) -> None:
    with tempfile.TemporaryDirectory() as directory:
        fw_path = Path(directory) / "fw.yaml"
        fw_path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
        values = data.draw(st.dictionaries(st.sampled_from(NAMES), plain_scalars))
        data_path = Path(directory) / "data.yaml"
        data_path.write_text(yaml.safe_dump({"values": values}, allow_unicode=True), "utf-8")
        out, err = io.StringIO(), io.StringIO()
        with hang_guard(), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["score", str(fw_path), str(data_path), "--format", fmt])
    assert code in (0, 1)
    if code == 1:
        assert err.getvalue().startswith("perfscore: ") and "Traceback" not in err.getvalue()
