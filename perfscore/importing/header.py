"""The header row of an indicator table and what each column holds, among the variants the
documents write (一级指标/二级指标/三级指标 or 指标名称, 分值/权重/标准分,
评分标准/评分细则/评分办法, 指标解释/指标说明/考核内容, 数据来源/佐证材料)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .source import Grid

#: the role of a column, by the words its header contains (the first role that matches)
ROLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("score", ("自评分", "得分", "评分结果", "实际得分")),
    ("criteria", ("评分细则", "评分标准", "评分办法", "评分及标准", "评分方法", "计分方法",
                  "评分依据", "评价标准", "扣分标准")),
    ("explanation", ("指标解释", "指标说明", "考核内容", "指标内涵", "评价要点", "指标内容")),
    ("source", ("数据来源", "佐证材料", "资料来源", "证明材料", "评价依据")),
    ("weight", ("分值", "权重", "标准分", "满分", "分数")),
    ("code", ("编码", "编号", "序号", "代码")),
    ("level", ("一级", "二级", "三级", "四级", "指标名称", "指标")),
)
#: how far down the header row may be (titles and notes above it)
SEARCH_ROWS = 30


@dataclass(frozen=True)
class Header:
    """The header's row index and each role's column; `levels` lists the level columns in
    order (one column: levels from codes or indentation)."""

    row: int
    levels: tuple[int, ...]
    columns: dict[str, int]


def _role(cell: str) -> str | None:
    text = re.sub(r"\s+", "", cell)
    if not text or len(text) > 12:
        return None
    for role, words in ROLES:
        if any(word in text for word in words):
            return role
    return None


def find_header(grid: Grid) -> Header | None:
    """The first row (in the first `SEARCH_ROWS`) naming a level column and a criteria or
    weight column; None when the table has none (not an indicator table)."""
    for index, row in enumerate(grid.rows[:SEARCH_ROWS]):
        roles = [_role(cell) for cell in row]
        levels = tuple(i for i, role in enumerate(roles) if role == "level")
        columns: dict[str, int] = {}
        for i, role in enumerate(roles):
            if role and role != "level":
                columns.setdefault(role, i)
        if levels and ("criteria" in columns or "weight" in columns):
            return Header(index, _distinct(row, levels), columns)
    return None


def _distinct(row: list[str], levels: tuple[int, ...]) -> tuple[int, ...]:
    """Level columns without the repeats of a horizontally merged header cell."""
    kept: list[int] = []
    for i in levels:
        if kept and row[i] == row[kept[-1]] and i == kept[-1] + 1:
            continue
        kept.append(i)
    return tuple(kept)
