"""The summary as one self-contained html page: its charts are inline SVG drawn here (no script,
no font or style fetched from anywhere), its tables plain html; every text escaped."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape

from .summary import BIN, Loss, Ranked, Summary

_STYLE = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",SimSun,sans-serif;
margin:24px auto;max-width:1000px;color:#222}
h1{font-size:22px}h2{font-size:18px;border-bottom:1px solid #ccc;padding-bottom:4px;margin-top:32px}
table{border-collapse:collapse;font-size:13px;margin:8px 0}
th,td{border:1px solid #bbb;padding:3px 8px;text-align:left}th{background:#ddebf7}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.facts td{border:none;padding:2px 12px 2px 0}
svg text{font-size:12px;fill:#333}.note{color:#666;font-size:13px}
"""
_RECOMPUTED, _REPORTED = "#2f6fb0", "#e39b3a"


def _fixed(value: Decimal | None, places: int = 2) -> str:
    if value is None:
        return ""
    return format(value.quantize(Decimal(1).scaleb(-places)), "f")


def _table(head: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int] = ()) -> str:
    out = ["<table><tr>", *(f"<th>{escape(h)}</th>" for h in head), "</tr>"]
    for row in rows:
        cells = (
            f'<td class="n">{escape(c)}</td>' if i in numeric else f"<td>{escape(c)}</td>"
            for i, c in enumerate(row)
        )
        out += ["<tr>", *cells, "</tr>"]
    out.append("</table>")
    return "".join(out)


def grade_chart(summary: Summary) -> str:
    """Grouped bars: each grade's count, recomputed and (when reconciled) reported."""
    names = summary.grade_names()
    series = [("重算 recomputed", summary.grades, _RECOMPUTED)]
    if summary.reported_grades:
        series.append(("自评 reported", summary.reported_grades, _REPORTED))
    top = max([1, *(counts[n] for _, counts, _ in series for n in names)])
    group, bar, height = 90, 32, 200
    width = 60 + group * max(len(names), 1) + 160
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height + 50}" '
             'role="img" aria-label="等级分布">']  # fmt: skip
    parts.append(f'<line x1="50" y1="{height}" x2="{width - 150}" y2="{height}" stroke="#888"/>')
    for i, name in enumerate(names):
        x0 = 60 + i * group
        for j, (_, counts, color) in enumerate(series):
            h = round(counts[name] * (height - 20) / top)
            x = x0 + j * (bar + 4)
            parts.append(f'<rect x="{x}" y="{height - h}" width="{bar}" height="{h}" '
                         f'fill="{color}"/>')  # fmt: skip
            parts.append(f'<text x="{x + bar / 2}" y="{height - h - 4}" text-anchor="middle">'
                         f"{counts[name]}</text>")  # fmt: skip
        parts.append(f'<text x="{x0 + bar}" y="{height + 18}" text-anchor="middle">'
                     f"{escape(name)}</text>")  # fmt: skip
    for j, (label, _, color) in enumerate(series):
        y = 20 + j * 20
        parts.append(f'<rect x="{width - 140}" y="{y - 10}" width="12" height="12" '
                     f'fill="{color}"/>')  # fmt: skip
        parts.append(f'<text x="{width - 122}" y="{y}">{escape(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def histogram_chart(summary: Summary) -> str:
    """The recomputed totals in bins of BIN points."""
    if not summary.histogram:
        return ""
    bins = sorted(summary.histogram)
    low, high = bins[0], bins[-1]
    edges = [low + BIN * k for k in range(int((high - low) / BIN) + 1)]
    top = max(summary.histogram.values())
    bar, height = 36, 180
    width = 60 + bar * len(edges) + 20
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height + 40}" '
             'role="img" aria-label="总分分布">']  # fmt: skip
    for i, edge in enumerate(edges):
        count = summary.histogram.get(edge, 0)
        h = round(count * (height - 20) / top)
        x = 50 + i * bar
        parts.append(f'<rect x="{x}" y="{height - h}" width="{bar - 4}" height="{h}" '
                     f'fill="{_RECOMPUTED}"><title>{_fixed(edge, 0)}–{_fixed(edge + BIN, 0)}: '
                     f"{count}</title></rect>")  # fmt: skip
        if count:
            parts.append(f'<text x="{x + bar / 2 - 2}" y="{height - h - 4}" '
                         f'text-anchor="middle">{count}</text>')  # fmt: skip
        parts.append(f'<text x="{x + bar / 2 - 2}" y="{height + 16}" text-anchor="middle">'
                     f"{_fixed(edge, 0)}</text>")  # fmt: skip
    parts.append("</svg>")
    return "".join(parts)


def bars_chart(items: Sequence[tuple[str, Decimal]], label: str, color: str = _REPORTED) -> str:
    """Horizontal bars, one per item; negative values grow leftwards from the middle line."""
    if not items:
        return ""
    top = max(abs(v) for _, v in items) or Decimal(1)
    negative = any(v < 0 for _, v in items)
    row, name_w, span = 22, 280, 360
    zero = name_w + (span // 2 if negative else 0)
    scale = Decimal(span // 2 if negative else span) / top
    height = row * len(items) + 10
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{name_w + span + 80}" '
             f'height="{height}" role="img" aria-label="{escape(label)}">']  # fmt: skip
    for i, (name, value) in enumerate(items):
        y = 4 + i * row
        w = int(abs(value) * scale)
        x = zero - w if value < 0 else zero
        parts.append(f'<text x="{name_w - 6}" y="{y + 14}" text-anchor="end">'
                     f"{escape(name[:20])}</text>")  # fmt: skip
        parts.append(f'<rect x="{x}" y="{y}" width="{max(w, 1)}" height="{row - 6}" '
                     f'fill="{color}"/>')  # fmt: skip
        parts.append(f'<text x="{max(x + w, zero) + 4}" y="{y + 14}">{_fixed(value)}</text>')
    parts.append(f'<line x1="{zero}" y1="0" x2="{zero}" y2="{height}" stroke="#888"/></svg>')
    return "".join(parts)


def _ranking(units: list[Ranked], reconciled: bool) -> str:
    head = ["名次", "单位 id", "重算总分", "等级"] + (["自评总分", "差额"] if reconciled else [])
    rows = [
        [str(i), u.id, _fixed(u.total), u.grade or "",
         *((_fixed(u.reported_total), _fixed(u.difference)) if reconciled else ())]
        for i, u in enumerate(units, 1)
    ]  # fmt: skip
    return _table(head, rows, numeric=(0, 2, 4, 5))


def _losses(summary: Summary, lost: list[tuple[str, Loss]]) -> str:
    scored = summary.scored
    rows = [
        [summary.label(code), _fixed(loss.points), str(loss.units),
         _fixed(loss.points / scored) if scored else ""]
        for code, loss in lost
    ]
    return _table(["指标", "合计失分", "失分单位数", "平均每单位失分"], rows, numeric=(1, 2, 3))


def _facts(summary: Summary) -> str:
    facts = [
        ("记录数 records", str(summary.records)),
        ("已计分 scored", str(summary.scored)),
        ("无法计分 unscorable", str(summary.errors)),
        ("平均分 mean", _fixed(summary.mean)),
        ("最高 / 最低 highest / lowest", f"{_fixed(summary.highest)} / {_fixed(summary.lowest)}"),
    ]
    if summary.agreement:
        agreement = "，".join(f"{k} {v}" for k, v in sorted(summary.agreement.items()))
        facts.append(("复核 reconciled", agreement))
    rows = "".join(f"<tr><td>{escape(k)}</td><td>{escape(v)}</td></tr>" for k, v in facts)
    return f'<table class="facts">{rows}</table>'


def render_html(summary: Summary, title: str) -> str:
    """The whole page."""
    body = [f"<h1>{escape(title)}</h1>", _facts(summary), "<h2>等级分布 / Grades</h2>",
            grade_chart(summary), "<h2>总分分布 / Totals</h2>", histogram_chart(summary),
            f"<h2>排名：前{summary.top}名 / Highest</h2>",
            _ranking(summary.best(), summary.reconciled),
            f"<h2>排名：后{summary.top}名 / Lowest</h2>",
            _ranking(summary.worst(), summary.reconciled)]  # fmt: skip
    body += _lost_sections(summary)
    if summary.reconciled:
        away = summary.departures()
        body += ["<h2>自评与重算偏离最大的单位 / Departing most from their report</h2>",
                 bars_chart([(u.id, u.difference or Decimal(0)) for u in away], "偏离"),
                 _ranking(away, True)]  # fmt: skip
    body.append(f"<h2>无法计分的记录 / Unscorable records（{summary.errors}）</h2>")
    if summary.errors > len(summary.unscorable):
        body.append(f'<p class="note">列出前{len(summary.unscorable)}条 / the first '
                    f"{len(summary.unscorable)} are listed</p>")  # fmt: skip
    rows = [[str(i + 1), rid, error] for i, rid, error in summary.unscorable]
    body.append(_table(["行", "单位 id", "错误"], rows, numeric=(0,)))
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body>{''.join(body)}</body></html>\n"
    )


def _lost_sections(summary: Summary) -> list[str]:
    out = []
    if summary.weights is not None:
        lost = summary.most_lost()
        out += ["<h2>失分最多的指标 / Indicators losing most points</h2>",
                bars_chart([(summary.label(c), loss.points) for c, loss in lost], "失分",
                           _RECOMPUTED),
                _losses(summary, lost)]  # fmt: skip
    if summary.recheck:
        lost = summary.most_lost(summary.recheck)
        out += ["<h2>复核扣减最多的指标 / Indicators the recheck takes most points off</h2>",
                bars_chart([(summary.label(c), loss.points) for c, loss in lost], "复核扣减"),
                _losses(summary, lost)]  # fmt: skip
    return out
