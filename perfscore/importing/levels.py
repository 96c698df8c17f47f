"""Rule templates for values scored by where they lie: threshold, linear, piecewise, tiers,
proportional, and the evaluator's or an outside score (judgment, external)."""

from __future__ import annotations

import re
from decimal import Decimal

from .reading import Context, Default, Reading, dec, plain

_COMPARE = {"≥": ">=", "≤": "<=", ">": ">", "<": "<", "=": "==", "为": "==", "达到": ">=",
            "不低于": ">=", "不超过": "<=", "超过": ">", "高于": ">", "低于": "<"}
#: 以上/以下 after the number: included by 民法典 第1259条 — the reading perfscore takes here,
#: and says it takes
_WORD_EDGE = {"以上": ">=", "以下": "<="}
JUDGMENT_FALLBACK = Default(
    "otherwise",
    "judgment",
    "原文只写达标时得满分，未说明未达标时如何计分，"
    "默认由评价人在[0, 分值]内酌情（otherwise: judgment）；"
    "若未达标即不得分，删去此行",
)


_FAILS = r"[,;。]?(?:否则|有超出|超出|未达到|未达标|反之|低于\S{0,6}?)[,]?(?:的)?(?:均)?不得分"


def threshold(m: re.Match[str], ctx: Context) -> Reading | None:
    """"≤100%得满分，有超出不得分", ">90%得满分；否则不得分", "≥100%,得满分" (then 酌情)."""
    compare = _COMPARE.get(m["cmp"] or "", "")
    word = m["word"] or ""
    if word:
        if compare:
            return None
        compare = _WORD_EDGE[word]
    if not compare:
        return None
    rule: dict[str, object] = {"kind": "threshold", "compare": compare, "at": plain(dec(m["at"]))}
    if m["pass"] != "满分":
        points = dec(m["pass"].removesuffix("分"))
        if points != ctx.weight:
            rule["pass"] = plain(points)
    reading = Reading(rule, "threshold", m[0])
    rest = ctx.criteria[m.end() :]
    if re.match(_FAILS, rest):
        reading.phrase += re.match(r"[^;。]*", rest)[0]  # type: ignore[index]
    elif re.match(r"[,;。]?(?:否则|未达到的?|未达标的?)[,]?\S{0,4}?酌情", rest):
        rule["otherwise"] = "judgment"
        reading.needs_value = True
    else:
        rule["otherwise"] = JUDGMENT_FALLBACK.value
        reading.defaults.append(JUDGMENT_FALLBACK)
        reading.needs_value = True
    if word:
        reading.findings.append(
            f"“{word}”按民法典第一千二百五十九条读作包括本数（{compare} {rule['at']}），请确认"
        )
    return reading


def linear(m: re.Match[str], ctx: Context) -> Reading | None:
    """"≤100%得满分，≥120%得0分，区间内按权重进行扣分"."""
    full_at, zero_at = plain(dec(m["a"])), plain(dec(m["b"]))
    if full_at == zero_at:
        return None
    return Reading({"kind": "linear", "full_at": full_at, "zero_at": zero_at}, "linear", m[0])


def linear_target(m: re.Match[str], ctx: Context) -> Reading | None:
    """"达到绩效目标…计5分，超过30%的不计分" (0 at 130% of the target; "少于60%": at 60%)."""
    x = dec(m["x"])
    zero_at = plain(Decimal(100) + x) if m["dir"] == "超过" else plain(x)
    rule: dict[str, object] = {"kind": "linear", "full_at": 100, "zero_at": zero_at}
    points = dec(m["full"])
    if points != ctx.weight:
        rule["full"] = plain(points)
    reading = Reading(rule, "linear_target", m[0])
    reading.findings.append(
        f"原文只写达到目标得分、{m['dir']}{m['x']}%不得分，其间如何计分未说明：读作以目标为100%、"
        f"{zero_at}%得0分、其间按比例（linear），请确认数值的含义"
    )
    return reading


def piecewise(m: re.Match[str], ctx: Context) -> Reading | None:
    """"考核得分100分，得满分1分；低于95分，0.95分；介于95分与100分之间，按比例扣分"."""
    low, top = dec(m["low"]), dec(m["top"])
    if low >= top:
        return None
    table = [[plain(low), plain(dec(m["lp"]))], [plain(top), plain(dec(m["tp"]))]]
    return Reading({"kind": "piecewise", "table": table}, "piecewise", m[0])


def judgment(m: re.Match[str], ctx: Context) -> Reading | None:
    """"视匹配情况酌情得0-4分": the evaluator's points within the range written."""
    low, high = plain(dec(m["a"])), plain(dec(m["b"]))
    if low > high:
        return None
    return Reading({"kind": "judgment", "min": low, "max": high}, "judgment", m[0])


def judgment_open(m: re.Match[str], ctx: Context) -> Reading | None:
    """"…酌情扣分" without a range: the evaluator's points within [0, weight], to confirm."""
    reading = Reading({"kind": "judgment"}, "judgment_open", m[0])
    reading.findings.append("评分细则写明酌情评分但未给出分数范围，按[0, 分值]编码，请确认")
    return reading


def external(m: re.Match[str], ctx: Context) -> Reading | None:
    """"根据…考核分数折算": a score computed outside and supplied with the data."""
    return Reading({"kind": "external"}, "external", m[0])


def proportional(m: re.Match[str], ctx: Context) -> Reading | None:
    """"按照完成值与指标值的比例记分", "执行率×分值"."""
    return Reading({"kind": "proportional"}, "proportional", m[0])
