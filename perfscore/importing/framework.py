"""An indicator table read into a framework: the tree, each leaf's rule from its 评分细则, its
formula from its 指标解释, every cell's text verbatim, and the findings for people to check."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..errors import DataError
from .codes import assign_codes
from .emit import Commented, to_yaml
from .formulas import read_formula
from .grammar import MEANINGS
from .header import find_header
from .machine import PRINTED, Part, read_part
from .prose import read_rule
from .reading import Reading
from .source import read_grids
from .tree import Node, build_tree

#: kinds whose value is a number a formula can give (not items met, nor an evaluator's points)
_VALUED = ("deduction", "threshold", "linear", "piecewise", "proportional", "tiers", "cases")
GRADES = [{"name": "优", "min": 90}, {"name": "良", "min": 80}, {"name": "中", "min": 60},
          {"name": "差", "min": 0}]


@dataclass(frozen=True)
class Leaf:
    """One leaf imported: its code, name and how its 评分细则 was read."""

    code: str
    name: str
    reading: Reading
    machine: bool = False  # its rule taken from the export's machine-readable part


@dataclass
class ImportResult:
    """The framework (`document`, and `text`, its YAML), its leaves and the findings, each
    `(code or "", message)`: the choices to confirm and the texts not read."""

    document: dict[str, Any]
    text: str
    leaves: list[Leaf] = field(default_factory=list)
    findings: list[tuple[str, str]] = field(default_factory=list)
    part: Part | None = None  # the machine-readable part of an export (`machine`), if any

    @property
    def from_part(self) -> list[Leaf]:
        return [leaf for leaf in self.leaves if leaf.machine]

    @property
    def recognised(self) -> list[Leaf]:
        return [leaf for leaf in self.leaves if leaf.reading.pattern]

    @property
    def to_review(self) -> list[Leaf]:
        return [leaf for leaf in self.leaves if leaf.reading.flagged]


def import_table(path: str | Path, *, framework_id: str | None = None) -> ImportResult:
    """The framework of the first indicator table in the file (module docstring); DataError
    naming the file when it holds none."""
    file = str(path)
    grids = read_grids(file)
    part = read_part(grids, file)
    for grid in grids:
        header = find_header(grid)
        if header is None:
            continue
        roots, findings = build_tree(grid, header)
        if not roots:
            continue
        title = _title(grid.rows[: header.row]) or grid.title or Path(file).stem
        result = ImportResult({}, "", findings=[("", f) for f in findings], part=part)
        result.findings += [("", f) for f in assign_codes(roots, as_written=part is not None)]
        _assemble(result, roots, title, framework_id, file)
        return result
    raise DataError(
        "no indicator table found: no row names the levels (一级指标/二级指标/指标名称) and a "
        "分值 or 评分标准 column (未找到指标体系表)",
        file=file,
    )


def _title(rows: list[list[str]]) -> str:
    for row in reversed(rows):
        texts = list(dict.fromkeys(cell for cell in row if cell))
        if len(texts) == 1:
            return re.sub(r"\s+", "", texts[0])
    return ""


def _id(stem: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-").lower() or "imported"


def _assemble(
    result: ImportResult, roots: list[Node], title: str, fid: str | None, file: str
) -> None:
    inputs: dict[str, Any] = {}
    indicators = [_indicator(node, result, inputs) for node in roots]
    document = _settings(result.part, roots, title, fid, file)
    if inputs:
        document["inputs"] = {**inputs, **document.get("inputs", {})}
    document["indicators"] = indicators
    result.document = document
    result.text = to_yaml(document, _header(result, title, file))


def _settings(
    part: Part | None, roots: list[Node], title: str, fid: str | None, file: str
) -> dict[str, Any]:
    """The framework's settings: an export's own (its name the table's title), else defaults
    for people to confirm."""
    if part is not None and part.framework:
        return {**part.framework, "name": title, **({"id": fid} if fid else {})}
    return {
        "id": fid or _id(Path(file).stem),
        "name": title,
        "version": "1",
        "source": f"{Path(file).name}（perfscore import）",
        "total": sum((node.weight or Decimal(0) for node in roots), Decimal(0)),
        "precision": Commented(2, "默认：得分保留两位小数（四舍五入）；原表未写，请确认"),
        "grades": Commented(GRADES, "默认：财预〔2020〕10号的90/80/60分档；原表未写，请确认"),
    }


def _indicator(node: Node, result: ImportResult, inputs: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"code": node.code, "name": node.name}
    if node.weight is not None:
        out["weight"] = node.weight
    if node.source_code:
        out["source_code"] = node.source_code
    result.findings += [(node.code, note) for note in node.notes]
    if node.children:
        if result.part is not None:
            out.update(result.part.nodes.get(node.code, {}))
        out["children"] = [_indicator(child, result, inputs) for child in node.children]
        if node.weight is None:
            out["weight"] = sum((c["weight"] for c in out["children"]), Decimal(0))
            result.findings.append(
                (node.code, f"未写分值，按下级指标合计{out['weight']}分编码，请确认")
            )
            out = {k: out[k] for k in ("code", "name", "weight", *out) if k in out}
        return out
    if node.weight is None:
        out["weight"] = Decimal(0)
        result.findings.append((node.code, "未写分值，按0分编码，请补上分值"))
    if not _exported_leaf(node, out, result):
        _leaf(node, out, result, inputs)
    return out


def _exported_leaf(node: Node, out: dict[str, Any], result: ImportResult) -> bool:
    """A leaf whose row is as the export printed it: its keys from the machine-readable part,
    its texts from the table. False when there is no record for it, or the row has changed (a
    finding then says so, and the prose is read)."""
    part = result.part
    if part is None or node.code not in part.nodes:
        return False
    criteria = node.cells.get("criteria", "")
    record = part.rule_of(node.code, out["weight"], criteria)
    if record is None:
        exported = {k: v for k, v in part.nodes[node.code].items() if k != PRINTED}
        result.findings.append((node.code, "导出后本行的分值或评分标准已改动，按原文重新识别；"
                                f"导出时的规则为 {exported.get('rule')}，请确认"))
        return False
    out.update(record)
    for role, key in (("explanation", "explanation"), ("criteria", "criteria"),
                      ("source", "data_source")):
        if node.cells.get(role):
            out[key] = node.cells[role]
    rule = record.get("rule", {"kind": "judgment"})
    result.leaves.append(Leaf(node.code, node.name, Reading(rule, "", ""), machine=True))
    return True


def _leaf(node: Node, out: dict[str, Any], result: ImportResult, inputs: dict[str, Any]) -> None:
    cells = node.cells
    criteria, explanation = cells.get("criteria", ""), cells.get("explanation", "")
    reading = read_rule(criteria, node.weight or Decimal(0), explanation)
    inner = reading.rule["rule"] if reading.rule["kind"] == "veto" else reading.rule
    notes = [*node.notes]
    if inner["kind"] in _VALUED:
        formula = read_formula(node.name, explanation, criteria)
        if formula is not None:
            out["formula"] = formula.formula
            if formula.unit:
                out["unit"] = formula.unit
            notes.append(f"公式取自原文“{formula.phrase}”")
            for name, description in formula.inputs.items():
                spec: dict[str, Any] = {"min": 0}
                if description:
                    spec["description"] = description
                inputs.setdefault(name, spec)
        elif reading.needs_value:
            out["input"] = re.sub(r"[“”\"'（）()、,，]", "", node.name)
    for name, spec in reading.inputs.items():
        inputs.setdefault(name, spec)
    for role, key in (("explanation", "explanation"), ("criteria", "criteria"),
                      ("source", "data_source")):
        if cells.get(role):
            out[key] = cells[role]
    if reading.pattern:
        meaning = "＋".join(MEANINGS.get(name, name) for name in reading.pattern.split("+"))
        notes.insert(0, f"评分细则识别为{meaning}（{reading.pattern}），依据原文“{reading.phrase}”")
    if notes:
        out["note"] = "；".join(notes)
    out["rule"] = _commented(reading)
    result.findings += [(node.code, f) for f in reading.findings]
    result.findings += [(node.code, f"rule.{d.key} = {d.value}：{d.why}") for d in reading.defaults]
    result.leaves.append(Leaf(node.code, node.name, reading))


def _commented(reading: Reading) -> dict[str, Any]:
    rule = dict(reading.rule)
    target = rule if rule["kind"] != "veto" else dict(rule["rule"])
    for default in reading.defaults:
        if default.key in target:
            target[default.key] = Commented(target[default.key], f"默认：{default.why}")
    if target is not rule:
        rule["rule"] = target
    return rule


def _header(result: ImportResult, title: str, file: str) -> list[str]:
    lines = [f"{title} — perfscore import 自 {Path(file).name} 生成。",
             "单元格文字按原文保留（criteria、explanation、data_source）；"
             "每条规则的 note 记录识别所依据的原文。",
             "请逐条核对以下需确认的事项，核对后运行 perfscore lint。"]
    if result.findings:
        lines.append("")
        lines.append("需确认 / findings:")
        lines += [f"  - {line}" for line in grouped(result.findings)]
    return [part for line in lines for part in line.split("\n")]


def grouped(findings: list[tuple[str, str]]) -> list[str]:
    """The findings as lines, one per message, naming every indicator it is about
    ("B11、B12：rule.step_mode = continuous：…"), in the order first found."""
    codes: dict[str, list[str]] = {}
    for code, text in findings:
        codes.setdefault(text, [])
        if code and code not in codes[text]:
            codes[text].append(code)
    return [f"{'、'.join(c) + '：' if c else ''}{text}" for text, c in codes.items()]
