"""Records for the batch and compiled-framework tests: clean ones, and ones with every kind of
bad value mixed in (hypothesis strategies), generated from what a framework declares."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

import perfscore
from perfscore.framework import Framework
from perfscore.plausibility import plausibility_findings
from perfscore.rules import InputSpec

#: One leaf, x >= 1 for 10 points: for the tests of what readers keep and lose, whose scores
#: only show that a record was read
TINY_FRAMEWORK = """\
id: tiny
name: tiny
version: "1"
total: 10
precision: 1
grades:
  - {name: good, min: 5}
  - {name: bad, min: 0}
inputs:
  x: {min: 0}
indicators:
  - {code: A, name: a, weight: 10, formula: x, direction: positive,
     rule: {kind: threshold, compare: ">=", at: 1, pass: 10, fail: 0}}
"""


def tiny_framework(folder: Path) -> Framework:
    """TINY_FRAMEWORK written to `folder` and loaded."""
    path = folder / "tiny.yaml"
    path.write_text(TINY_FRAMEWORK, encoding="utf-8")
    return perfscore.load_framework(str(path))


def input_specs(fw: Framework) -> dict[str, InputSpec]:
    """Inputs read straight from the data (checklists, judgments, counts) by name."""
    specs: dict[str, InputSpec] = {}
    for leaf in fw.leaves():
        assert leaf.rule is not None
        if leaf.formula is None and leaf.rows is None:
            spec = leaf.value_spec()
            specs[spec.name] = spec
        for spec in leaf.rule.inputs():
            specs[spec.name] = spec
    return specs


def columns(fw: Framework) -> list[str]:
    return [*fw.fields, *(n for n in input_specs(fw) if n not in fw.fields)]


def _amount(scale: float) -> st.SearchStrategy[str]:
    return st.integers(1, int(scale * 100)).map(lambda cents: str(Decimal(cents) / 100))


def clean_value(fw: Framework, name: str) -> st.SearchStrategy[Any]:
    """A valid value for `name`, as a csv cell (text)."""
    field = fw.fields.get(name)
    if field is not None:
        if field.type == "boolean":
            return st.sampled_from(["是", "否"])
        if field.type == "integer":
            return st.integers(1, 400).map(str)
        return _amount(5000) | st.sampled_from(["100", "50", "0.5", "99.99"])
    spec = input_specs(fw)[name]
    if spec.value_type == "items":
        return st.lists(st.sampled_from(spec.items), unique=True).map(",".join)
    if spec.value_type == "count":
        return st.integers(0, 6).map(str)
    if spec.value_type == "flag":
        return st.sampled_from(["是", "否"])
    low = spec.minimum if spec.minimum is not None else Decimal(0)
    high = spec.maximum if spec.maximum is not None else Decimal(100)
    steps = int((high - low) * 2)
    return st.integers(0, max(steps, 0)).map(lambda k: str(low + Decimal(k) / 2))


#: Values that are wrong for some field, or written unusually but acceptably.
ODD_VALUES = st.sampled_from(
    ["", "abc", "-5", "1e3", "NaN", "1,234.5", " 42 ", "2.47万元", "98%", "0", "０.５", "3.", "x,y"]
)


def record_values(fw: Framework, *, dirty: bool) -> st.SearchStrategy[dict[str, Any]]:
    """A record's values: every column clean, or (dirty) some odd, missing or typed values."""
    names = columns(fw)

    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name in names:
            value: Any = draw(clean_value(fw, name))
            if dirty:
                choice = draw(st.integers(0, 19))
                if choice == 0:
                    continue  # missing
                if choice == 1:
                    value = draw(ODD_VALUES)
                elif choice == 2 and name in fw.fields:
                    value = draw(st.integers(-2, 500) | st.decimals(-1, 1000, places=2))
            values[name] = value
        return values

    return build()


def write_csv(path: Path, fw: Framework, rows: list[dict[str, Any]]) -> None:
    names = columns(fw)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", *names])
        for i, values in enumerate(rows):
            writer.writerow([f"r{i}", *(values.get(n, "") for n in names)])


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def names_header(fw: Framework) -> list[str]:
    """The batch table's header for people (the default `header="names"`)."""
    labels = [f"{node.code} {node.name}" for node in fw.walk()]
    return ["id", "单位名称", "总分", "等级", *labels, "提示", "错误"]


def expected_row(fw: Framework, record: perfscore.Record) -> list[str]:
    """What the batch output row for `record` must be, from `evaluate()` itself."""
    try:
        result = fw.evaluate(record)
    except perfscore.PerfscoreError as exc:
        codes = [node.code for node in fw.walk()]
        return [record.id or "", record.title, "", "", *([""] * len(codes)), "", str(exc)]
    scores = [format(result[node.code].score, "f") for node in fw.walk()]
    warnings = "\n".join(f.describe() for f in plausibility_findings(result.findings))
    total, grade = format(result.total, "f"), result.grade or ""
    return [record.id or "", record.title, total, grade, *scores, warnings, ""]
