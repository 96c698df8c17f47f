"""The plan: the steps scoring a record runs, in order, each with the indicator it serves and its
place in the framework file; one plan per set of externally scored leaves; an executor that holds
no framework text and no arithmetic."""

from __future__ import annotations

from pathlib import Path

import pytest

import perfscore
from perfscore.engine.plan import PlannedStep, plan_for

ROOT = Path(__file__).resolve().parent.parent


def test_the_plan_lists_every_step_with_its_place() -> None:
    fw = perfscore.load_framework("department-common")
    plan = fw.plan
    lines = plan.describe().splitlines()
    assert len(lines) == len(plan.steps)
    leaves = [s for s in plan.steps if s.kind in ("formula leaf", "input leaf")]
    assert {s.name for s in leaves} == {leaf.code for leaf in fw.leaves()}
    assert all(s.line and s.file == fw.file for s in leaves)
    # each field is read before the first leaf that needs it, and only once
    fields = [s.name for s in plan.steps if s.kind == "field"]
    assert len(fields) == len(set(fields))
    for leaf in fw.leaves():
        if leaf.formula is not None:
            at = next(i for i, s in enumerate(plan.steps) if s.name == leaf.code)
            before = {s.name for s in plan.steps[:at]}
            assert leaf.formula.names <= before


def test_a_record_with_external_scores_gets_a_plan_without_those_leaves() -> None:
    record = perfscore.load_record(ROOT / "examples" / "hecheng-2020.yaml")
    fw = perfscore.load_framework("department-common")
    external = frozenset(record.external_scores)
    plan = plan_for(fw, external)
    kinds = {s.name: s.kind for s in plan.steps}
    assert all(kinds[code] == "external" for code in external)
    assert fw.plan is plan_for(fw) and plan is plan_for(fw, external)


def test_generated_source_holds_no_framework_text() -> None:
    """Names, numbers and Chinese text reach the generated code only as constants."""
    fw = perfscore.load_framework("department-common")
    source = fw.plan.source()
    assert all(ord(ch) < 128 for ch in source)
    assert "'" not in source and '"' not in source
    assert "+" not in source.split("return")[0]  # no arithmetic: every number comes from a step


def test_a_step_reads_as_a_line_of_the_plan() -> None:
    leaf = PlannedStep("formula leaf", "A21", "A21", "f.yaml", 12)
    field = PlannedStep("field", "编制数", "A21", "f.yaml", 12)
    nowhere = PlannedStep("field", "编制数", None, None, None)
    assert str(leaf) == "formula leaf  A21  f.yaml:12"
    assert str(field) == "field         编制数 (for A21)  f.yaml:12"
    assert str(nowhere) == "field         编制数"
    assert str(PlannedStep("parent", "A", "A", "f.yaml", None)) == "parent        A  f.yaml"


def test_the_plan_says_which_names_are_fields_and_which_derived(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(DERIVED, encoding="utf-8")
    fw = perfscore.load_framework(path)
    kinds = {s.name: s.kind for s in fw.plan.steps}
    assert kinds == {"x": "field", "y": "field", "r": "derived", "A": "formula leaf"}
    assert all(s.code == "A" and s.line for s in fw.plan.steps)


@pytest.mark.parametrize(("y", "score"), [("2", "1"), ("0", "2")])
def test_a_derived_value_that_divides_by_zero_scores_as_the_leaf_says(
    tmp_path: Path, y: str, score: str
) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(DERIVED, encoding="utf-8")
    fw = perfscore.load_framework(path)
    result = fw.evaluate({"x": "1", "y": y})
    assert str(result["A"].score) == score + ".00"
    (done,) = fw.evaluate_many([{"x": "1", "y": y}])
    assert done.scores == tuple(result[c].score for c in fw.plan.codes)
    if y == "0":
        assert "分母为0" in result["A"].trace.reasons[0]  # type: ignore[union-attr]
        assert result["A"].value is None and result["A"].trace.inputs == {}  # type: ignore[union-attr]


DERIVED = """
id: d
name: d
version: "1"
total: 2
precision: 2
grades: [{name: 优, min: 0}]
inputs:
  x: {}
  y: {}
derived:
  r: {formula: x / y}
indicators:
  - code: A
    name: 比
    weight: 2
    formula: r * 2
    on_zero_division: full
    rule: {kind: proportional, target: 2}
"""
