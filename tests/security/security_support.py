"""A small framework and helpers shared by the security tests (tests/security/)."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import perfscore
from perfscore.framework import build_framework
from perfscore.yamlio import parse_yaml

#: One formula leaf (line 17 holds its formula), one judgment leaf, one veto leaf.
FRAMEWORK = """\
id: security
name: 安全测试框架
version: "1"
total: 10
precision: 2
grades:
  - {name: 合格, min: 6}
  - {name: 不合格, min: 0}
inputs:
  预算数: {unit: 万元, min: 0}
  执行数: {unit: 万元, min: 0}
  违规: {type: boolean}
indicators:
  - code: B1
    name: 预算执行率
    weight: 4
    formula: 执行数 / 预算数 * 100
    unit: "%"
    rule: {kind: deduction, bound: 100, side: below, points: 1, step_mode: continuous}
  - code: C1
    name: 满意度
    weight: 4
    rule: {kind: judgment}
  - code: D1
    name: 合规性
    weight: 2
    rule:
      kind: veto
      when: 违规
      rule: {kind: judgment}
"""
FORMULA_LINE = 17
GOOD: dict[str, Any] = {"预算数": "100万元", "执行数": "97万元", "违规": "否", "C1": 3, "D1": 2}


def framework(text: str = FRAMEWORK, name: str = "security.yaml") -> perfscore.Framework:
    return build_framework(parse_yaml(text, name))


def with_formula(formula: str) -> str:
    """FRAMEWORK with B1's formula replaced (quoted as a YAML string)."""
    quoted = '"' + formula.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return FRAMEWORK.replace("    formula: 执行数 / 预算数 * 100\n", f"    formula: {quoted}\n")


def record_file(tmp_path: Path, values: dict[str, str]) -> tuple[perfscore.Record, str]:
    """A YAML record file holding `values` written verbatim, one a line from line 3."""
    lines = ["id: r1", "values:"] + [f"  {key}: {value}" for key, value in values.items()]
    path = tmp_path / "record.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return perfscore.load_record(path), str(path)


class Hang(Exception):
    """An example ran longer than the guard allows."""


@contextlib.contextmanager
def hang_guard(seconds: int = 20) -> Iterator[None]:
    """Fail (raise Hang) if the body runs longer than `seconds`: a hang is a bug, and this turns
    it into a failing example instead of a stuck suite. Not a timing assertion: the bound is far
    above what any example needs."""

    def expire(signum: int, frame: Any) -> None:
        raise Hang(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
