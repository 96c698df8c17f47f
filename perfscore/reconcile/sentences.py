"""The differences a reconciliation finds, each said in a sentence (Chinese, then English).

Every sentence is written from a check's verdict (`disagreements`): nothing here compares a
stated figure with anything.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

from ..checks import Finding
from ..model import Framework
from ..numbers import plain, round_half_up
from .checks import Difference, GradeCheck, ScoreCheck, TotalCheck, ValueCheck

if TYPE_CHECKING:
    from .reconciliation import Reconciliation

#: The label of the report's own score table (评分表).
TABLE = "评分表"
#: How a recomputed score came about, in a report's words.
SOURCE_WORDS = {
    "computed": "计算",
    "judgment": "评价人",
    "external": "外部",
    "not_applicable": "不适用",
}


def differences(rec: Reconciliation) -> Iterator[Difference]:
    """Every disagreement of `rec`, in order: leaf scores, totals, values, grades, then the
    framework's errors."""
    fw = rec.framework
    gaps = score_gaps(rec.scores)
    for s in rec.scores:
        yield from _score(s, fw)
    for t in rec.totals:
        yield from _total(t, fw, gaps)
    for v in rec.values:
        yield from _value(v, fw)
    for g in rec.grades:
        yield from _grade(g)
    for f in rec.findings:
        if f.level == "error":
            yield _finding(f)


def score_gaps(scores: list[ScoreCheck]) -> dict[str, Decimal]:
    """Recomputed less reported, for each leaf whose reported score the data do not give."""
    return {s.code: s.recomputed - s.reported for s in scores if "recomputed" in s.disagreements}


def unchecked_words(missing: tuple[str, ...], stated: Decimal) -> str:
    """Why a leaf was not recomputed, and that its stated score is kept."""
    names = "、".join(missing)
    return (
        f"无法复核：缺少 {names}（保留报告得分{plain(stated)}分） / cannot be checked: "
        f"missing {', '.join(missing)}; the stated score {plain(stated)} is kept"
    )


def shown_value(value: Decimal, places: int) -> str:
    """A recomputed value as the framework writes values: rounded half up at `places`."""
    return format(round_half_up(value, places), "f")


def _signed(value: Decimal) -> str:
    return ("+" if value > 0 else "") + plain(value)


def _score(s: ScoreCheck, fw: Framework) -> Iterator[Difference]:
    label = f"{s.code} {s.name}"
    reported, recomputed = plain(s.reported), plain(s.recomputed)
    if "recomputed" in s.disagreements:
        how = (
            ""
            if s.source == "computed"
            else f"（复核采用{SOURCE_WORDS.get(s.source, s.source)}得分）"
        )
        message = (
            f"{label}：报告{reported}分，复核{recomputed}分{how} / "
            f"reported {reported}, recomputed {recomputed}. 复核依据 / basis: {s.basis}"
        )
        if "rule" in s.disagreements:
            assert s.possible is not None
            message += f" 该评分标准可能的得分 / possible scores: {s.possible.describe()}。"
        yield Difference(
            "score", s.code, s.name, TABLE, reported, recomputed, "recomputed", message
        )
    elif "rule" in s.disagreements:
        assert s.possible is not None
        possible = s.possible.describe()
        yield Difference(
            "possible",
            s.code,
            s.name,
            TABLE,
            reported,
            possible,
            "rule",
            f"{label}：报告{reported}分，但评分标准只能给出 {possible} 分"
            f" / the rule cannot give {reported}; it gives {possible}" + _criteria_of(fw, s.code),
        )


def _total(t: TotalCheck, fw: Framework, gaps: Mapping[str, Decimal]) -> Iterator[Difference]:
    label = f"{t.code} {t.name}" if t.code else t.name
    at, stated = t.label, plain(t.stated)
    for against in t.disagreements:
        if against == "table":
            assert t.table is not None
            table = plain(t.table)
            yield Difference(
                "table",
                t.code,
                t.name,
                t.where,
                stated,
                table,
                "table",
                f"{at}：{label}写{stated}分，评分表写{table}分 / "
                f"stated {stated} here, {table} in the table",
            )
        elif against == "reported sum":
            assert t.reported_sum is not None
            total = plain(t.reported_sum)
            yield Difference(
                "sum",
                t.code,
                t.name,
                t.where,
                stated,
                total,
                "reported sum",
                f"{at}：{label}写{stated}分，报告各项得分合计{total}分 / "
                f"stated {stated}, the report's own scores add up to {total}",
            )
        else:
            yield _total_against_recomputed(t, fw, gaps, label)


def _total_against_recomputed(
    t: TotalCheck, fw: Framework, gaps: Mapping[str, Decimal], label: str
) -> Difference:
    stated, recomputed = plain(t.stated), plain(t.recomputed)
    leaf = t.code is not None and fw.by_code[t.code].is_leaf
    return Difference(
        "score" if leaf else "total",
        t.code,
        t.name,
        t.where,
        stated,
        recomputed,
        "recomputed",
        f"{t.label}：{label}写{stated}分，复核{recomputed}分 / "
        f"stated {stated}, recomputed {recomputed}"
        + _gaps_below(fw, t.code, gaps)
        + _partly(t.unchecked),
    )


def _partly(unchecked: tuple[str, ...]) -> str:
    if not unchecked:
        return ""
    return (
        f"（{'、'.join(unchecked)}无法复核，按报告得分计入 / {', '.join(unchecked)} not "
        "checked: their stated scores are added in）"
    )


def _value(v: ValueCheck, fw: Framework) -> Iterator[Difference]:
    if "recomputed" not in v.disagreements:
        return
    assert v.recomputed is not None and v.rounded is not None
    shown = shown_value(v.recomputed, fw.value_precision)
    sign = "（符号相反 / the sign differs）" if v.rounded == -v.stated else ""
    yield Difference(
        "value",
        v.code,
        v.name,
        v.where,
        v.stated_text,
        shown + v.unit,
        "recomputed",
        f"{v.label}：{v.code} {v.name}写作{v.stated_text}，按基础数据复核为{shown}{v.unit}"
        f"（按报告的精度为{plain(v.rounded)}{v.unit}）{sign} / the report writes "
        f"{v.stated_text}; its base data give {shown}{v.unit}. 复核依据 / basis: {v.basis}",
    )


def _grade(g: GradeCheck) -> Iterator[Difference]:
    for against in g.disagreements:
        if against == "recomputed":
            message = (
                f"{g.label}：等级写“{g.stated}”，复核为“{g.recomputed or '—'}” / "
                f"grade stated {g.stated}, recomputed {g.recomputed or 'none'}"
            )
            expected = str(g.recomputed)
        else:
            message = (
                f"{g.label}：等级写“{g.stated}”，但报告所写总分属于“{g.of_stated_total}” / "
                f"grade stated {g.stated}, the stated total falls in {g.of_stated_total}"
            )
            expected = str(g.of_stated_total)
        yield Difference("grade", None, "等级", g.where, g.stated, expected, against, message)


def _finding(f: Finding) -> Difference:
    return Difference("framework", f.code, f.check, f.place(), "", "", "framework", f.describe())


def _criteria_of(fw: Framework, code: str) -> str:
    criteria = fw.by_code[code].criteria.strip()
    return f"（评分细则：{criteria}）" if criteria else ""


def _gaps_below(fw: Framework, code: str | None, gaps: Mapping[str, Decimal]) -> str:
    nodes = fw.indicators if code is None else [fw.by_code[code]]
    below = [leaf.code for node in nodes for leaf in node.walk() if leaf.code in gaps]
    if not below:
        return ""
    parts = "，".join(f"{c} {_signed(gaps[c])}" for c in below)
    return f"（复核与报告的差别来自 / from: {parts}）"
