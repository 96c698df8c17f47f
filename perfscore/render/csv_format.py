"""CSV: one row per indicator (parents and leaves), for Excel and for machines.

Columns: 代码, 层级, 一级指标, 二级指标, 三级指标 (as deep as the tree), 分值, 得分, 计算值, 单位,
得分来源, 评分细则, 扣分说明; then a 合计 row. A leaf's row repeats the names of its ancestors so
that a filter on 一级指标 keeps its leaves. UTF-8 with a byte-order mark, so that Excel opens the
Chinese text correctly; values at the framework's value precision, scores without float noise.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from ..explain import number_text, score_text, value_text
from ..injection import neutralise_row
from ..result import IndicatorResult, Result
from . import register_format
from .table import SOURCE_NAMES, basis, criteria, depth_of


def _value(node: IndicatorResult, result: Result) -> str:
    value = node.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return number_text(value, node.unit, result.value_precision)
    return value_text(value, "", result.value_precision)


def render(result: Result, *, raw_text: bool = False) -> str:
    """The csv; text cells that could run as a formula get a leading `'` unless `raw_text`."""
    depth = depth_of(result)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")

    def write(row: list[Any]) -> None:
        writer.writerow(neutralise_row(row, raw_text))

    write(_header(depth))

    def visit(node: IndicatorResult, names: list[str]) -> None:
        names = [*names, node.name]
        write(_indicator_row(node, names, depth, result))
        for child in node.children:
            visit(child, names)

    for root in result.indicators:
        visit(root, [])
    write(_total_row(result, depth))
    return "\ufeff" + out.getvalue()


def _header(depth: int) -> list[Any]:
    levels = ["一级指标", "二级指标", "三级指标", "四级指标", "五级指标", "六级指标"]
    levels += [f"{i}级指标" for i in range(7, depth + 1)]
    return [
        "代码",
        "层级",
        *levels[:depth],
        "分值",
        "得分",
        "计算值",
        "单位",
        "得分来源",
        "评分细则",
        "扣分说明",
    ]


def _indicator_row(
    node: IndicatorResult, names: list[str], depth: int, result: Result
) -> list[Any]:
    """One indicator's row; `names` are its ancestors' names and its own."""
    cells = [*names, *[""] * (depth - len(names))]
    if node.is_leaf:
        extra = [
            _value(node, result),
            node.unit,
            SOURCE_NAMES.get(node.source, node.source),
            criteria(node),
            basis(node, result),
        ]
    else:
        extra = ["", "", "", "", ""]
    return [
        node.code,
        len(names),
        *cells,
        score_text(node.weight),
        score_text(node.score),
        *extra,
    ]


def _total_row(result: Result, depth: int) -> list[Any]:
    return [
        "",
        0,
        "合计",
        *[""] * (depth - 1),
        score_text(result.maximum),
        score_text(result.total),
        "",
        "",
        "",
        "",
        f"等级：{result.grade or '—'}",
    ]


register_format("csv", render)
