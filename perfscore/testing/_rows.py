"""The rows of a `rows:` node as a 自评表 lists them (`row_lists`): figures in one unit, time
limits met, qualitative words with their level, and 分值 that add up to the node's weight.
"""

from __future__ import annotations

import calendar
from decimal import Decimal
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from hypothesis import strategies as st

from ..numbers import ZERO, plain
from ._values import CENT, decimals

if TYPE_CHECKING:
    from ..framework import Indicator

_UNITS = ["%", "万元", "万人", "人", ""]
_WORDS = ["稳步提升", "正常运行", "长期", "有效保障"]


def _figure_cells(rule: Any) -> st.SearchStrategy[dict[str, str]]:
    """年度指标值 and 实际完成值 as numbers in one unit: "≥98%" vs "97.5%", "1--1.2万人" vs
    "1.1万人", "≤149万元" vs "150万元" — with the actual often exactly at the target's edges."""

    @st.composite
    def cells(draw: st.DrawFn) -> dict[str, str]:
        unit = draw(st.sampled_from(_UNITS))
        low = draw(
            st.sampled_from([Decimal(100), Decimal(1), Decimal("0.5")])
            | decimals(CENT, Decimal(1000))
        )
        if draw(st.booleans()):
            high = low + draw(st.sampled_from([CENT, Decimal(1)]) | decimals(CENT, Decimal(100)))
            target = f"{plain(low)}--{plain(high)}{unit}"
        else:
            high = low
            op = draw(st.sampled_from(["", "≥", "≤", "不低于", "以内"]))
            target = f"{plain(low)}{unit}以内" if op == "以内" else f"{op}{plain(low)}{unit}"
        actual = draw(
            st.sampled_from([low, high, low - CENT, high + CENT, ZERO, high * 2])
            | decimals(ZERO, high * 2 + 1)
        )
        return {"target": target, "actual": f"{plain(max(actual, ZERO))}{unit}"}

    return cells()


@st.composite
def _period_cells(draw: st.DrawFn) -> dict[str, str]:
    """A time target met on time: a deadline ("2020年6月底", "2020年6月30日前") and a completion
    on or before it ("2020年6月15日", "2020年5月"), or a year served in full ("2020年全年")."""
    year = draw(st.integers(2015, 2030))
    month = draw(st.integers(1, 12))
    last = calendar.monthrange(year, month)[1]
    form = draw(st.sampled_from(["底", "末", "前", "全年"]))
    if form == "全年":
        return {"target": f"{year}年全年", "actual": f"{year}年全年"}
    target = f"{year}年{month}月{last}日前" if form == "前" else f"{year}年{month}月{form}"
    done = draw(st.integers(1, month))
    if draw(st.booleans()):
        actual = f"{year}年{done}月"
    else:
        day = draw(st.integers(1, calendar.monthrange(year, done)[1]))
        actual = f"{year}年{done}月{day}日"
    return {"target": target, "actual": actual}


def _word_cells(rule: Any) -> st.SearchStrategy[dict[str, str]]:
    """A qualitative target ("稳步提升") with the level the evaluator declares, and sometimes
    the share of the 分值 within that level's band."""

    @st.composite
    def cells(draw: st.DrawFn) -> dict[str, str]:
        levels = getattr(rule, "levels", {})
        name = draw(st.sampled_from(sorted(levels)))
        level = levels[name]
        row = {"target": draw(st.sampled_from(_WORDS)), "actual": draw(st.sampled_from(_WORDS))}
        row["level"] = name
        if level.share is None or draw(st.booleans()):
            low = level.low + CENT if level.low_open else level.low
            high = level.high - CENT if level.high_open else level.high
            share = draw(st.sampled_from([low, high]) | decimals(low, high))
            row["share"] = f"{plain(share)}%"
        return row

    return cells()


@st.composite
def row_lists(draw: st.DrawFn, leaf: Indicator) -> list[dict[str, Any]]:
    """The rows of a `rows:` node as a 自评表 lists them: group, name, target, actual (figures,
    time limits met, qualitative words with their level), 分值 —
    the 分值 adding up to the node's weight, or (where the framework splits unstated weights
    equally) none given; a merged 分值 cell as a row of `items` where the rule says how they
    combine."""
    table = leaf.rows
    assert table is not None
    rule = table.rule
    groups = [g.name for g in table.groups] or ["第一组", "第二组"]
    count = draw(st.integers(1, 4))
    weights: list[Decimal | None]
    if table.unweighted == "equal" and draw(st.booleans()):
        weights = [None] * count
    else:
        cuts = sorted(
            draw(st.lists(decimals(ZERO, leaf.weight), min_size=count - 1, max_size=count - 1))
        )
        edges = [ZERO, *cuts, leaf.weight]
        weights = [b - a for a, b in pairwise(edges)]
    cells = _figure_cells(rule) | _period_cells()
    if getattr(rule, "levels", None):
        cells |= _word_cells(rule)
    rows: list[dict[str, Any]] = []
    for i, weight in enumerate(weights):
        row: dict[str, Any] = {"group": draw(st.sampled_from(groups)), "name": f"指标{i + 1}"}
        if getattr(rule, "merged", None) and draw(st.integers(0, 4)) == 0:
            row["items"] = [
                {"name": f"指标{i + 1}.{j + 1}", **draw(_figure_cells(rule))} for j in range(2)
            ]
        else:
            row.update(draw(cells))
        if weight is not None:
            row["weight"] = weight
        rows.append(row)
    return rows
