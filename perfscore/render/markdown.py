"""Markdown: the 评分表 as a table an evaluator can paste into a report.

Columns as a report's table has them: 一级 / 二级 / 三级 / 分值 / 得分 / 评分细则 / 扣分说明 — one
row per leaf, each parent's label on the first row of its group (Markdown has no merged cells) —
then the 分项得分 of the 一级 and 二级 indicators, and the checks' findings.
"""

from __future__ import annotations

from ..explain import score_text
from ..result import Result
from . import register_format
from .table import basis, criteria, layout, leaf_label, parent_label, parents, rate


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    lines = [line.strip() for line in text.replace("\r", "").split("\n")]
    return "<br>".join(line for line in lines if line).replace("|", "\\|")


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def render(result: Result, *, raw_text: bool = False) -> str:
    title = result.record_title or result.framework_name
    lines = [
        f"# {cell(title)}评分表",
        "",
        f"评价框架：{cell(result.framework_name)}"
        f"（{result.framework_id} {result.framework_version}）",
        "",
        f"总分：**{score_text(result.total)}**（满分{score_text(result.maximum)}分），"
        f"等级：**{result.grade or '—'}**",
        "",
        *_score_table(result),
        *_summary(result),
    ]
    if result.findings:
        lines += ["", "## 检查发现 / Findings", ""]
        lines += [f"- {cell(finding.describe())}" for finding in result.findings]
    return "\n".join(lines) + "\n"


def _score_table(result: Result) -> list[str]:
    """The 评分表: one row per leaf, each parent's label on its group's first row, then 合计."""
    table = layout(result)
    depth = table.depth
    lines = [
        _row([*table.level_names(), "分值", "得分", "评分细则", "扣分说明"]),
        "|" + "|".join(["---"] * depth + ["---:", "---:", "---", "---"]) + "|",
    ]
    labels: dict[tuple[int, int], str] = {
        (span.first, span.level): parent_label(span.node) for span in table.spans
    }
    for i, row in enumerate(table.rows):
        levels = [labels.get((i, level), "") for level in range(depth)]
        levels[row.level] = leaf_label(row.leaf)
        leaf = row.leaf
        lines.append(
            _row(
                [
                    *map(cell, levels),
                    score_text(leaf.weight),
                    score_text(leaf.score),
                    cell(criteria(leaf)),
                    cell(basis(leaf, result)),
                ]
            )
        )
    total = [score_text(result.maximum), score_text(result.total), "", ""]
    lines.append(_row(["合计", *([""] * (depth - 1)), *total]))
    return lines


def _summary(result: Result) -> list[str]:
    """The 分项得分 of the parents, indented by level; nothing when there is no parent."""
    summary = list(parents(result))
    if not summary:
        return []
    lines = ["", "## 分项得分", "", "| 指标 | 分值 | 得分 | 得分率 |", "|---|---:|---:|---:|"]
    for level, node in summary:
        indent = "　" * (level - 1)
        lines.append(
            _row(
                [
                    indent + cell(f"{node.code} {node.name}"),
                    score_text(node.weight),
                    score_text(node.score),
                    rate(node),
                ]
            )
        )
    return lines


register_format("md", render)
