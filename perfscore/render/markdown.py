"""Markdown: the 评分表 as a table an evaluator can paste into a report."""

from __future__ import annotations

from ..numbers import plain
from ..result import IndicatorResult, Result
from . import register_format


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\r", "").replace("\n", "<br>")


def _levels(node: IndicatorResult, path: list[str], depth: int) -> list[str]:
    cells = [*path, f"{node.code} {node.name}"]
    return cells + [""] * (depth - len(cells))


def _depth(result: Result) -> int:
    def depth(node: IndicatorResult) -> int:
        return 1 + max((depth(c) for c in node.children), default=0)

    return max((depth(root) for root in result.indicators), default=1)


_LEVEL_NAMES = ["一级指标", "二级指标", "三级指标", "四级指标", "五级指标"]


def render(result: Result) -> str:
    depth = _depth(result)
    header = [*_LEVEL_NAMES[:depth], "分值", "得分", "评分细则", "扣分说明"]
    lines = [
        f"# {result.framework_name}（{result.framework_version}）评分表",
        "",
        f"总分：**{plain(result.total)}**（满分{plain(result.maximum)}分），"
        f"等级：**{result.grade or '—'}**",
        "",
        "| " + " | ".join(header) + " |",
        "|" + "|".join(["---"] * depth + ["---:", "---:", "---", "---"]) + "|",
    ]

    def rows(node: IndicatorResult, path: list[str]) -> None:
        label = f"{node.code} {node.name}"
        if node.children:
            cells = _levels(node, path, depth)
            lines.append(
                "| "
                + " | ".join([*map(_cell, cells), plain(node.weight), plain(node.score), "", ""])
                + " |"
            )
            for child in node.children:
                rows(child, [*path, ""])
            return
        trace = node.trace
        reasons = "；".join(trace.reasons) if trace else ""
        criteria = trace.criteria if trace else ""
        cells = [*path, label] + [""] * (depth - len(path) - 1)
        lines.append(
            "| "
            + " | ".join(
                [
                    *map(_cell, cells),
                    plain(node.weight),
                    plain(node.score),
                    _cell(criteria),
                    _cell(reasons),
                ]
            )
            + " |"
        )

    for root in result.indicators:
        rows(root, [])
    lines.append(
        "| 合计 |" + " |" * (depth - 1) + f" {plain(result.maximum)} | {plain(result.total)} | | |"
    )
    if result.findings:
        lines += ["", "## 检查发现 / Findings", ""]
        lines += [f"- {finding}" for finding in result.findings]
    return "\n".join(lines) + "\n"


register_format("md", render)
