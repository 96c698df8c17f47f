"""The rule templates the grammar's patterns fill in: a match of the normalised 评分细则 into a
`Reading` (the rule, its defaults and its findings). The patterns themselves are in `grammar`."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

from .lists import explanation_items, numbered_items
from .reading import NUM, Context, Default, Reading, dec, plain

STEP_MODE = Default(
    "step_mode",
    "continuous",
    "原文未说明不足一步时如何扣分，默认按比例（continuous）；"
    "可改为 floor（整步）或 ceil（不足一步按一步）",
)
_SIDES = {"超过": "above", "超出": "above", "高于": "above", "增加": "above", "上升": "above",
          "低于": "below", "下降": "below", "降低": "below", "减少": "below", "少于": "below",
          "偏离": "both", "超过(降低)": "both", "超过或降低": "both", "超过(低于)": "both"}
#: the bound before a step deduction: "≤100%,计2分", "100%以下(含)计满分", "为0,计5分", "≥95%得满分"
_BOUND = re.compile(rf"(?P<b>{NUM})%?(?:以下|以上)?(?:\(含\))?,?(?:计|得)(?P<full>满分|{NUM}分)")


def _full(text: str, ctx: Context) -> Decimal | None:
    """The points a "计N分" gives, when it is not the weight (None for 满分 or the weight)."""
    if text == "满分":
        return None
    points = dec(text.removesuffix("分"))
    return None if points == ctx.weight else plain(points)


def _fraction_points(
    weight: Decimal, share: Fraction, *, as_points: bool
) -> tuple[str, Decimal] | None:
    """A share of the weight as exact points ("按权重（3分）的1/3" → points 1, `as_points`),
    else as a weight_fraction ("扣权重分的20%") when it is a finite decimal; None when neither
    is exact."""
    points = Fraction(weight) * share
    order = [("points", points), ("weight_fraction", share)]
    for key, value in order if as_points else order[::-1]:
        as_decimal = Decimal(value.numerator) / Decimal(value.denominator)
        if Fraction(as_decimal) == value:
            return key, plain(as_decimal)
    return None


def deduction(m: re.Match[str], ctx: Context) -> Reading | None:
    """每超过/低于 N(%|个百分点) 扣 M 分 (or 扣权重分的 F%) beside a bound that earns full marks."""
    bounds = list(_BOUND.finditer(ctx.criteria[: m.start() + 1]))
    if not bounds:
        return None
    bound = bounds[-1]
    rule: dict[str, object] = {
        "kind": "deduction",
        "bound": plain(dec(bound["b"])),
        "side": _SIDES[m["dir"]],
        "step": plain(dec(m["step"] or "1")),
    }
    if m["pts"]:
        rule["points"] = plain(dec(m["pts"]))
    else:
        rule["weight_fraction"] = plain(dec(m["frac"]) / 100)
    full = _full(bound["full"], ctx)
    if full is not None:
        rule["full"] = full
    reading = Reading(rule, "deduction", ctx.criteria[bound.start() : m.end()])
    _step_mode(reading, ctx.criteria)
    return reading


def _step_mode(reading: Reading, text: str) -> None:
    """The step mode the prose states ("不足1%的按比例扣分" continuous, "不足1%的按1%计" ceil,
    "不足…不扣" floor), or the default."""
    if re.search(r"不足\S{0,12}?按比例", text):
        reading.rule["step_mode"] = "continuous"
    elif re.search(r"不足\S{0,12}?(?:按|以)\S{0,12}?计", text):
        reading.rule["step_mode"] = "ceil"
    elif re.search(r"不足\S{0,12}?不(?:扣|计)", text):
        reading.rule["step_mode"] = "floor"
    else:
        reading.rule["step_mode"] = STEP_MODE.value
        reading.defaults.append(STEP_MODE)


def count(m: re.Match[str], ctx: Context) -> Reading | None:
    """每出现一例/每有一点…扣 N 分, 按权重的 a/b 扣分, 扣权重分的 F%; "N项…则为零分"."""
    rule: dict[str, object] = {"kind": "count"}
    if m["pts"]:
        rule["points"] = plain(dec(m["pts"]))
    else:
        share = (
            Fraction(int(m["num"]), int(m["den"]))
            if m["num"]
            else Fraction(dec(m["frac"])) / 100
        )
        exact = _fraction_points(ctx.weight, share, as_points=bool(m["num"]))
        if exact is None:
            return None
        rule[exact[0]] = exact[1]
    zero = re.search(r"(\d+)项\S{0,6}?(?:则为|为|得)(?:零|0)分", ctx.criteria)
    if zero:
        rule["zero_at"] = int(zero[1])
    return Reading(rule, "count", m[0])


def checklist_lose(m: re.Match[str], ctx: Context) -> Reading | None:
    """每缺一项扣 N 分 / 每一项不达标扣 N 分: the 要点 listed in the criteria or the 指标说明."""
    items, where = _lose_items(ctx, m.start())
    if not items:
        return None
    rule = {"kind": "checklist", "mode": "lose", "points": plain(dec(m["pts"])),
            "items": [{"id": str(i), "text": text} for i, text in enumerate(items, 1)]}
    reading = Reading(rule, "checklist_lose", m[0])
    if where:
        reading.findings.append(f"扣分要点取自{where}（{len(items)}项），请核对要点是否齐全")
    return reading


def _lose_items(ctx: Context, before: int) -> tuple[list[str], str]:
    """The items a "每缺一项" counts, and where they were taken from ("" when the criteria
    number them itself or name the 指标说明's 评价要点)."""
    own = numbered_items(ctx.criteria)
    if own:
        return own, ""
    from_notes = explanation_items(ctx.explanation)
    if "评价要点" in ctx.criteria[:before] and from_notes:
        return from_notes, ""
    head = re.split(r"[,;。]", ctx.criteria[:before])
    listed = [part for part in re.split(r"、", _strip_list(head[0])) if part]
    if len(listed) >= 2:
        return listed, "评分标准所列的并列项"
    return from_notes, "指标说明的评价要点" if from_notes else ""


def _strip_list(text: str) -> str:
    text = re.sub(r"(?:等|是否).*$", "", text) if "等" in text else text
    return re.sub(r"(?:计满分|得满分|管理相关的信息未公开|未公开)$", "", text)


def checklist_each(m: re.Match[str], ctx: Context) -> Reading | None:
    """每项(指标)评价要点加/得 N 分: the 评价要点 of the 指标说明, N points each."""
    items = numbered_items(ctx.criteria) or explanation_items(ctx.explanation)
    if not items:
        return None
    items = [re.sub(rf"{NUM}分[;。]?$", "", item).rstrip(";。,") for item in items]
    rule = {"kind": "checklist", "mode": "earn", "points": plain(dec(m["pts"])),
            "items": [{"id": str(i), "text": text} for i, text in enumerate(items, 1)]}
    return Reading(rule, "checklist_each", m[0])
