"""The `source-code` and `leaf-weights` checks on small frameworks of their own."""

from __future__ import annotations

import pytest

from perfscore.framework import Framework, build_framework
from perfscore.yamlio import parse_yaml

# These tests check the English wording of perfscore's messages (tests/test_i18n.py checks
# the Chinese, the default).
pytestmark = pytest.mark.usefixtures("english")

TEMPLATE = """
id: demo
name: demo
version: "1"
total: 10
precision: 2
grades: [{{name: 优, min: 0}}]
indicators:
  - code: A
    name: 甲
    weight: 10
    children:
      - code: A1
        name: 乙
        weight: {a1}
        children:
          - {{code: A11, name: 丙, weight: 2, rule: {{kind: judgment}}{extra}}}
          - {{code: A12, name: 丁, weight: 2, rule: {{kind: judgment}}}}
      - {{code: A2, name: 戊, weight: {a2}, rule: {{kind: judgment}}}}
"""


def _fw(a1: int = 4, a2: int = 6, extra: str = "") -> Framework:
    text = TEMPLATE.format(a1=a1, a2=a2, extra=extra)
    return build_framework(parse_yaml(text, "demo.yaml"))


def _found(fw: Framework) -> set[tuple[str, str | None]]:
    return {(f.check, f.code) for f in fw.findings}


def test_consistent_framework_has_no_findings() -> None:
    assert _found(_fw()) == set()


def test_a_childs_declared_weight_hiding_a_gap_is_reported_at_the_parent() -> None:
    # A1 declared 6 but its leaves are 4; A = 6 + 4 = 10 as declared, leaves 4 + 4 = 8.
    fw = _fw(a1=6, a2=4)
    assert _found(fw) == {("weights", "A1"), ("leaf-weights", "A")}
    (finding,) = [f for f in fw.findings if f.check == "leaf-weights"]
    assert "add up to 8" in finding.message and "A1 declared 6, its leaves 4" in finding.message
    assert finding.level == "error"
    assert finding.line == 9


def test_no_duplicate_when_the_children_already_do_not_add_up() -> None:
    # A1 declared 6 (leaves 4), A2 6: A's children add to 12, its leaves to 10 = declared.
    assert _found(_fw(a1=6, a2=6)) == {("weights", "A1"), ("weights", "A")}


def test_source_code_differs_or_is_missing() -> None:
    fw = _fw(extra=", source_code: A1-1")
    assert _found(fw) == {("source-code", "A11")}
    (finding,) = fw.findings
    assert finding.level == "warning"
    assert "'A1-1'" in finding.message and "'A11'" in finding.message
    (missing,) = _fw(extra=', source_code: ""').findings
    assert "gives no code" in missing.message
    assert _found(_fw(extra=", source_code: A11")) == set()
