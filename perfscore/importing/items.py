"""Rule templates for 要点 scored one by one: "①…得0.5分；②…得1分" (checklist with each item's
points), a 要点 that zeroes the indicator ("一旦存在该指标不得分": veto) and
"X，得满分；否则不得分"."""

from __future__ import annotations

import re

from .lists import numbered_items
from .reading import NUM, Context, Reading, dec, plain

_POINTS = re.compile(rf"[,，]?(?:得|计|加)?(?P<p>{NUM})分[;。]?$")
#: an item's text that is a band of the value ("＞20%", "80%(含)-90%", "60%以下")
_BAND = re.compile(rf"^(?:[≥≤<>=]|{NUM}%?(?:\(不?含\))?(?:-|以上|以下|$))")
_VETO = re.compile(r"(?:一旦存在|如存在|若存在|存在)\S{0,12}?(?:该指标|该项|此项)?不得分")


def _clauses(text: str) -> list[str]:
    """The items of the criteria: numbered, else its ;-separated clauses."""
    numbered = numbered_items(text)
    if numbered:
        return numbered
    return [c for c in (part.strip(",。") for part in re.split(r"[;。]", text)) if c]


def condition_name(text: str) -> str:
    """A veto's condition as an input name: "是否存在截留、挤占…等情况" → 存在截留挤占…"""
    name = re.sub(r"^(?:是否|有无)", "", text)
    name = re.sub(r"(?:等情况|等问题|情况|问题|的)+$", "", name)
    name = re.sub(r"[^\w]", "", name)  # an input name a formula can read: no signs, no brackets
    if name[:1].isdigit() or name[:1] == "_":
        name = f"存在{name}"
    return name or "存在否决情形"


def _one_item(item: dict[str, object], ctx: Context) -> bool:
    """A lone "X，得N分" is one 要点 when numbered ("①X，得3分") or worth the whole weight
    and no comparison ("=100%得2分" is a threshold; "匹配度99.99%，得2分" a result, not a rule)."""
    if numbered_items(ctx.criteria):
        return True
    text = str(item["text"])
    return item["points"] == ctx.weight and not re.search(rf"{NUM}%|[≥≤<>=]|酌情|情况|-$", text)


def checklist_items(m: re.Match[str], ctx: Context) -> Reading | None:
    """Every item states its own points (one may be a veto); else None."""
    clauses = _clauses(ctx.criteria)
    if len(clauses) < 1:
        return None
    items: list[dict[str, object]] = []
    veto: str | None = None
    for clause in clauses:
        if re.search(r"反之不计分|否则不(?:计|得)分|扣完为止", clause) and not _POINTS.search(
            clause
        ):
            continue  # "反之不计分": what an unmet item earns, as a checklist says anyway
        found = _POINTS.search(clause)
        if re.search(rf"扣\S{{0,12}}?{NUM}分|扣权重", clause):
            return None  # a deduction, not an item's points
        if found:
            text = clause[: found.start()].rstrip(",，的")
            text = re.sub(r"(?:的)?(?:计|得)$", "", text)
            items.append({"id": str(len(items) + 1), "text": text,
                          "points": plain(dec(found["p"]))})
        elif _VETO.search(clause) and veto is None:
            veto = condition_name(_VETO.split(clause)[0].rstrip(",，"))
        else:
            return None
    if not items or (len(items) == 1 and veto is None and not _one_item(items[0], ctx)):
        return None
    if all(_BAND.match(str(item["text"])) for item in items):
        return None  # "≥90%计5分；…" are bands of a value, not 要点 (tiers reads them)
    rule: dict[str, object] = {"kind": "checklist", "mode": "earn", "items": items}
    reading = Reading(rule, "checklist_items", ctx.criteria)
    if veto is not None:
        reading.rule = {"kind": "veto", "when": veto, "rule": rule}
        reading.pattern = "checklist_items+veto"
        reading.inputs[veto] = {
            "type": "boolean",
            "description": f"是否{veto}（存在则该指标不得分）",
        }
    return reading


def single_condition(m: re.Match[str], ctx: Context) -> Reading | None:
    """"X，得满分；否则，不得分": one 要点 worth the weight (the evaluator says if it holds)."""
    text = m["cond"].strip(",")
    if re.search(rf"[≥≤<>=]{NUM}|{NUM}%", text):
        return None  # a comparison: the threshold patterns read it
    rule = {"kind": "checklist", "mode": "earn",
            "items": [{"id": "1", "text": text, "points": plain(ctx.weight)}]}
    return Reading(rule, "single_condition", m[0])
