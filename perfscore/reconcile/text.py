"""The text report of a reconciliation (`perfscore reconcile`), Chinese with English alongside.

Every "≠" mark reads a check's verdict (`agrees`); nothing here compares figures.
"""

from __future__ import annotations

from decimal import Decimal

from ..numbers import plain
from ..textwidth import display_width, pad
from .checks import Difference
from .reconciliation import Reconciliation
from .sentences import SOURCE_WORDS, shown_value, unchecked_words

_MARK = {True: "", False: "≠", None: "未复核"}
_NOT_CHECKED = "无法复核"  # a leaf whose inputs the data lack
_PARTLY = "部分复核"  # a sum over such leaves
_KEPT = "报告"  # the score used for such a leaf: the stated one


def render_text(rec: Reconciliation) -> str:
    """A readable report of the reconciliation, Chinese with English alongside."""
    differences = rec.differences
    lines = _head(rec, differences)
    lines += _scores(rec) + _totals(rec) + _values(rec) + _grades(rec) + _unchecked(rec)
    lines += _notes(rec)
    lines += _differences(differences)
    return "\n".join(lines) + "\n"


def _section(title: str, header: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    """A blank line, the title, and the rows as a table with columns `right` aligned right."""
    widths = [max(display_width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["", title]
    for row in [header, *rows]:
        cells = [pad(cell, widths[i], i in right) for i, cell in enumerate(row)]
        lines.append("  " + "  ".join(cells).rstrip())
    return lines


def _opt(value: Decimal | None) -> str:
    return "—" if value is None else plain(value)


def _head(rec: Reconciliation, differences: list[Difference]) -> list[str]:
    fw, record = rec.framework, rec.record
    return [
        "复核 / Reconciliation",
        f"  数据 / data:      {record.file or record.id or '—'}"
        + (f"（{record.title}）" if record.title else ""),
        f"  框架 / framework: {fw.file or fw.id}（{fw.id} {fw.version}）",
        f"  复核总分 / recomputed total: {plain(rec.result.total)}"
        + (f"（{rec.result.grade}）" if rec.result.grade else ""),
        "  结论 / verdict:   "
        + (
            "全部一致 / all agree"
            if not differences
            else f"{len(differences)} 处不一致 / {len(differences)} difference(s)"
        )
        + (
            f"；另有{len(rec.unchecked)}项无法复核（缺少数据）/ "
            f"{len(rec.unchecked)} indicator(s) not checked (data missing)"
            if rec.unchecked
            else ""
        ),
    ]


def _scores(rec: Reconciliation) -> list[str]:
    if not rec.scores:
        return []
    rows = [
        [
            s.code,
            s.name,
            plain(s.weight),
            plain(s.reported),
            plain(s.recomputed),
            SOURCE_WORDS.get(s.source, s.source) if s.checked else _KEPT,
            _MARK[s.agrees] if s.checked or not s.agrees else _NOT_CHECKED,
        ]
        for s in rec.scores
    ]
    header = ["代码", "指标 indicator", "分值", "报告", "复核", "来源 source", ""]
    title = "指标得分 / Indicator scores（报告 reported · 复核 recomputed）"
    return _section(title, header, rows, {2, 3, 4})


def _totals(rec: Reconciliation) -> list[str]:
    if not rec.totals:
        return []
    rows = [
        [
            t.label,
            t.code or "—",
            t.name,
            plain(t.stated),
            _opt(t.table),
            _opt(t.reported_sum) if not t.missing else "缺" + str(len(t.missing)),
            plain(t.recomputed),
            _PARTLY if t.unchecked and t.agrees else _MARK[t.agrees],
        ]
        for t in rec.totals
    ]
    header = ["出处 where", "代码", "指标", "报告", "评分表", "报告合计 sum", "复核", ""]
    return _section("小计与总分 / Sub-totals and totals", header, rows, {3, 4, 5, 6})


def _values(rec: Reconciliation) -> list[str]:
    if not rec.values:
        return []
    places = rec.framework.value_precision
    rows = [
        [
            v.label,
            v.code,
            v.name,
            v.stated_text,
            "—" if v.recomputed is None else shown_value(v.recomputed, places) + v.unit,
            _MARK[v.agrees],
        ]
        for v in rec.values
    ]
    header = ["出处 where", "代码", "指标", "报告", "复核", ""]
    return _section("报告的计算值 / Values the report computes", header, rows, {3, 4})


def _grades(rec: Reconciliation) -> list[str]:
    if not rec.grades:
        return []
    rows = [
        [g.label, g.stated, g.of_stated_total or "—", g.recomputed or "—", _MARK[g.agrees]]
        for g in rec.grades
    ]
    header = ["出处 where", "报告", "报告总分所属", "复核", ""]
    return _section("等级 / Grade", header, rows, set())


def _unchecked(rec: Reconciliation) -> list[str]:
    """The leaves not recomputed for want of data, and what is added up over them."""
    if not rec.unchecked:
        return []
    lines = ["", "无法复核 / Not checked（数据不全 / the data are incomplete）"]
    for s in rec.scores:
        if s.missing:
            lines.append(f"  {s.code} {s.name}：{unchecked_words(s.missing, s.reported)}")
    partly = [t.code or t.name for t in rec.totals if t.unchecked]
    if partly:
        lines.append(
            f"  依赖上述指标的小计与总分只部分复核（按报告得分计入）：{'、'.join(partly)} / "
            f"sub-totals and totals over them are checked only in part (their stated scores "
            f"are added in): {', '.join(partly)}"
        )
    return lines


def _notes(rec: Reconciliation) -> list[str]:
    lines: list[str] = []
    if rec.places:
        lines += ["", "出处 / Places in the report"]
        lines += [f"  {label}: {where}" for label, where in rec.places.items()]
    if rec.findings:
        lines += ["", "框架检查 / Framework findings"]
        lines += [f"  - {f.describe()}" for f in rec.findings]
    if rec.notes:
        lines += ["", "说明 / Notes"]
        lines += [f"  - {note}" for note in rec.notes]
    return lines


def _differences(differences: list[Difference]) -> list[str]:
    lines: list[str] = []
    listed = [d for d in differences if d.kind != "framework"]
    if listed:
        lines += ["", "不一致 / Differences"]
        lines += [f"  {i}. [{d.kind}] {d.message}" for i, d in enumerate(listed, 1)]
    errors = len(differences) - len(listed)
    if errors:
        lines += [
            "",
            f"另有框架错误{errors}处（见“框架检查”） / plus {errors} framework error(s), "
            "listed under Framework findings",
        ]
    return lines
