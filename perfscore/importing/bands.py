"""The rule template for 分档 prose — "≥90%计5分；80%（含）-90%计4分；60%（含）-80%计2分；
60%以下不得分" — into `tiers` bands, each edge with the key of its reading. An edge the prose
leaves open (以上/以下
without 含, "80%-90%" without 含) is read as 民法典 第一千二百五十九条 does (以上、以下 include the
number) or, for a range, with its lower end in and its upper end out — and said in a finding."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from .reading import NUM, Context, Reading, dec, plain

_IN = r"(?:\(含\))"
_OUT = r"(?:\(不含\))"
_RANGE = re.compile(
    rf"^(?P<a>{NUM})%?(?:(?P<ai>{_IN})|(?P<ax>{_OUT}))?(?:-|至|到|~)"
    rf"(?P<b>{NUM})%?(?:(?P<bi>{_IN})|(?P<bx>{_OUT}))?$"
)
_SIGN = re.compile(
    rf"^(?P<op>≥|>|≤|<|=|为|不低于|不超过|超过|高于|低于|不足)(?P<n>{NUM})%?(?P<i>{_IN})?$"
)
_WORD = re.compile(rf"^(?P<n>{NUM})%?(?P<i>{_IN})?(?P<w>以上|以下|及以上|及以下)(?P<j>{_IN})?$")
_POINTS = re.compile(
    rf"^(?P<band>.+?)(?:的)?,?(?:计|得|给)(?P<p>{NUM}分|满分|0分)$"
    r"|^(?P<zero>.+?)(?:的)?,?不(?:计|得)分$"
)
_OPS = {"≥": "at_least", "不低于": "at_least", ">": "above", "超过": "above", "高于": "above",
        "≤": "at_most", "不超过": "at_most", "<": "below", "低于": "below", "不足": "below",
        "=": "equals", "为": "equals"}


def _edges(text: str, open_edges: list[str]) -> dict[str, Decimal] | None:
    """A band's edges from its text; the edges read without a stated inclusion are noted."""
    text = re.sub(r"^[^\d≥≤<>=为不超高低]*", "", text)  # "完成率" before the number
    if m := _RANGE.match(text):
        low, high = plain(dec(m["a"])), plain(dec(m["b"]))
        if low >= high:
            return None
        if not any(m[k] for k in ("ai", "ax", "bi", "bx")):
            open_edges.append(f"{low}-{high}")
        low_in = bool(m["ai"]) or not (m["ax"] or m["bi"])
        return {"at_least" if low_in else "above": low, "at_most" if m["bi"] else "below": high}
    if m := _SIGN.match(text):
        return {_OPS[m["op"]]: plain(dec(m["n"]))}
    if m := _WORD.match(text):
        number = plain(dec(m["n"]))
        key = "at_least" if m["w"].endswith("以上") else "at_most"
        if not (m["i"] or m["j"] or m["w"].startswith("及")):
            open_edges.append(f"{number}{m['w']}")
            return {key: number, "open": Decimal(1)}
        return {key: number}
    return None


_FLIP = {"at_least": ("at_most", "above"), "at_most": ("at_least", "below")}


def _settle(bands: list[dict[str, Any]]) -> None:
    """An open 以上/以下 edge whose number a neighbouring band includes ("60%（含）-80%计2分；
    60%以下不得分") excludes it, as the framework has put it there; else it includes it."""
    for band in bands:
        if not band.pop("open", None):
            continue
        key = next(k for k in ("at_least", "at_most") if k in band)
        other, strict = _FLIP[key]
        if any(b.get(other) == band[key] for b in bands if b is not band):
            band[strict] = band.pop(key)
            band["points"] = band.pop("points")


def tiers(m: re.Match[str], ctx: Context) -> Reading | None:
    """Every clause of the criteria a band with its points; at least two bands; else None."""
    clauses = [c for c in re.split(r"[;。]", ctx.criteria) if c.strip(",")]
    bands: list[dict[str, Any]] = []
    open_edges: list[str] = []
    for clause in clauses:
        found = _POINTS.match(clause.strip(","))
        if found is None:
            return None
        edges = _edges(found["band"] or found["zero"], open_edges)
        if edges is None:
            return None
        points = found["p"] or "0分"
        value = ctx.weight if points == "满分" else dec(points.removesuffix("分"))
        bands.append({**edges, "points": plain(value)})
    if len(bands) < 2:
        return None
    _settle(bands)
    reading = Reading({"kind": "tiers", "bands": bands}, "tiers", ctx.criteria)
    if open_edges:
        reading.findings.append(
            f"分档边界“{'、'.join(open_edges)}”未写明是否含本数：以上/以下读作含本数（相邻一档已含该数时读作不含），"
            "区间读作含下限、不含上限，请确认（lint 会报告缺口或重叠）"
        )
    return reading
