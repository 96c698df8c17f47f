"""HTML: one self-contained page — the 评分表 and a chart of earned against maximum points.

Inline CSS and an inline SVG bar chart; no script, no font, image or stylesheet from the network,
so the page opens offline and prints as it shows. The table is laid out like 003 附件3: 一级 and
二级 indicators span the rows of their leaves.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape

from ..explain import score_text, total_text
from ..result import IndicatorResult, Result
from . import register_format
from .table import (
    SOURCE_NAMES,
    basis,
    computed_value,
    criteria,
    layout,
    leaf_label,
    parent_label,
    parents,
    rate,
)

#: `@page` is A4 landscape, written in millimetres
CSS = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC",
       "SimSun", sans-serif; margin: 24px; color: #1f1f1f; font-size: 13px; line-height: 1.5; }
h1 { font-size: 20px; text-align: center; margin: 8px 0 4px; }
h2 { font-size: 16px; margin: 24px 0 8px; border-left: 4px solid #2f5597; padding-left: 8px; }
p.summary { text-align: center; margin: 0 0 16px; }
p.summary strong { font-size: 15px; color: #2f5597; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border: 1px solid #8c8c8c; padding: 4px 6px; vertical-align: middle;
         overflow-wrap: anywhere; word-break: break-word; min-width: 0; }
th { background: #ddebf7; font-weight: bold; text-align: center; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
td.num { text-align: center; }
td.level { background: #fafafa; }
td.text { font-size: 12px; }
tr.total td { background: #f2f2f2; font-weight: bold; }
td.lost { color: #c00000; font-weight: bold; }
.source { font-size: 11px; color: #666; }
ul.findings li { margin-bottom: 4px; }
.chart { margin: 8px 0 16px; }
@page { size: 297mm 210mm; margin: 12mm 10mm 14mm;
        @bottom-center { content: "第 " counter(page) " 页，共 " counter(pages) " 页";
                         font-size: 9px; } }
@media print { body { margin: 0; font-size: 11px; } h2 { page-break-after: avoid; }
               .chart svg { max-width: 100%; height: auto; } }
"""

_BAR_AREA = 460
_LABEL_WIDTH = 190
_ROW = 26


def render(result: Result, *, raw_text: bool = False) -> str:
    title = (result.record_title or result.framework_name) + "评分表"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        *body_parts(result),
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(parts)


def body_parts(result: Result) -> list[str]:
    """What the page's body holds — title, total and grade, chart, 评分表, findings — for a page
    that shows a result inside its own (`perfscore serve`'s upload page; styled by `CSS`)."""
    title = (result.record_title or result.framework_name) + "评分表"
    parts = [
        f"<h1>{escape(title)}</h1>",
        f'<p class="summary">总分 <strong>{score_text(result.total)}</strong> 分'
        f"（满分{score_text(result.maximum)}分），等级 <strong>{escape(result.grade or '—')}"
        f'</strong><br><span class="source">评价框架：{escape(result.framework_name)}'
        f"（{escape(result.framework_id)} {escape(result.framework_version)}）</span></p>",
        "<h2>得分图</h2>",
        chart_svg(result),
        "<h2>评分表</h2>",
        _table(result),
        f"<p>{escape(total_text(result))}</p>",
    ]
    if result.findings:
        parts.append("<h2>检查发现</h2>")
        parts.append('<ul class="findings">')
        parts += [f"<li>{escape(finding.describe())}</li>" for finding in result.findings]
        parts.append("</ul>")
    return parts


def _table(result: Result) -> str:
    table = layout(result)
    depth = table.depth
    heads = [*table.level_names(), "分值", "得分", "计算值", "评分细则", "得分说明"]
    cols = "".join(f'<col style="width:{w}%">' for w in column_widths(depth))
    out = [
        "<table>",
        f"<colgroup>{cols}</colgroup>",
        "<thead><tr>" + "".join(f"<th>{h}</th>" for h in heads) + "</tr></thead>",
    ]
    out.append("<tbody>")
    starts: dict[int, list[str]] = {}
    for span in table.spans:
        rows = span.last - span.first + 1
        cell = (
            f'<td class="level" rowspan="{rows}">{escape(parent_label(span.node))}'
            f'<br><span class="source">得分 {score_text(span.node.score)}</span></td>'
        )
        starts.setdefault(span.first, []).append(cell)
    for i, row in enumerate(table.rows):
        leaf = row.leaf
        cells = list(starts.get(i, []))
        width = depth - row.level
        span_attr = f' colspan="{width}"' if width > 1 else ""
        source = SOURCE_NAMES.get(leaf.source, leaf.source)
        note = (
            f'<br><span class="source">{escape(source)}</span>' if leaf.source != "computed" else ""
        )
        cells.append(f"<td{span_attr}>{escape(leaf_label(leaf))}{note}</td>")
        lost = ' class="num lost"' if leaf.score < leaf.weight else ' class="num"'
        cells += [
            f'<td class="num">{score_text(leaf.weight)}</td>',
            f"<td{lost}>{score_text(leaf.score)}</td>",
            f'<td class="num">{escape(computed_value(leaf, result))}</td>',
            f'<td class="text">{_lines(criteria(leaf))}</td>',
            f'<td class="text">{_lines(basis(leaf, result))}</td>',
        ]
        out.append("<tr>" + "".join(cells) + "</tr>")
    total_span = f' colspan="{depth}"' if depth > 1 else ""
    out.append(
        f'<tr class="total"><td{total_span}>合计</td>'
        f'<td class="num">{score_text(result.maximum)}</td>'
        f'<td class="num">{score_text(result.total)}</td>'
        f'<td class="num" colspan="3">等级：{escape(result.grade or "—")}</td></tr>'
    )
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def column_widths(depth: int) -> list[int]:
    """The columns' shares of the page (percent, adding up to 100): the leaves' names get the
    widest level column, the numbers narrow ones, the texts the rest."""
    if depth <= 3:
        levels = [10] * (depth - 1) + [min(26, 36 - 10 * (depth - 1))]
    else:
        levels = [max(2, 30 // depth)] * (depth - 1) + [12]
    numbers = [5, 5, 10]
    rest = 100 - sum(levels) - sum(numbers)
    return [*levels, *numbers, rest // 2, rest - rest // 2]


def _lines(text: str) -> str:
    return "<br>".join(escape(line.strip()) for line in text.splitlines() if line.strip())


def chart_svg(result: Result) -> str:
    """An inline SVG: for each 一级 and 二级 indicator a grey bar for the maximum and a blue bar
    for the points earned, on one scale."""
    groups: dict[int, list[IndicatorResult]] = {}
    for level, node in parents(result):
        groups.setdefault(level, []).append(node)
    if not groups:
        return ""
    top = max(
        (max(node.weight, node.score) for nodes in groups.values() for node in nodes),
        default=Decimal(1),
    )
    scale = Decimal(_BAR_AREA) / (top or Decimal(1))
    width = _LABEL_WIDTH + _BAR_AREA + 160
    body: list[str] = []
    y = 10
    for level, nodes in sorted(groups.items()):
        name = "一级指标" if level == 1 else "二级指标"
        body.append(f'<text x="0" y="{y + 14}" class="group">{name}</text>')
        y += 26
        for node in nodes:
            full = _px(node.weight * scale)
            earned = _px(node.score * scale)
            label = f"{node.code} {node.name}"
            shown = label if len(label) <= 13 else label[:12] + "…"
            tip = f"{label}：得分{score_text(node.score)}分，满分{score_text(node.weight)}分"
            value_x = _px(max(node.weight, node.score) * scale + _LABEL_WIDTH + 6)
            body.append(
                f"<g><title>{escape(tip)}</title>"
                f'<text x="{_LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end">'
                f"{escape(shown)}</text>"
                f'<rect x="{_LABEL_WIDTH}" y="{y + 2}" width="{full}" height="18" class="max"/>'
                f'<rect x="{_LABEL_WIDTH}" y="{y + 6}" width="{earned}" height="10" class="got"/>'
                f'<text x="{value_x}" y="{y + 15}" class="value">'
                f"{score_text(node.score)} / {score_text(node.weight)}（{rate(node)}）</text></g>"
            )
            y += _ROW
        y += 10
    legend_y = y + 4
    body.append(
        f'<rect x="{_LABEL_WIDTH}" y="{legend_y}" width="18" height="12" class="max"/>'
        f'<text x="{_LABEL_WIDTH + 24}" y="{legend_y + 11}">满分</text>'
        f'<rect x="{_LABEL_WIDTH + 70}" y="{legend_y + 2}" width="18" height="8" class="got"/>'
        f'<text x="{_LABEL_WIDTH + 94}" y="{legend_y + 11}">得分</text>'
    )
    height = legend_y + 24
    style = (
        "<style>text { font-size: 12px; fill: #1f1f1f; } text.group { font-weight: bold; "
        "font-size: 13px; } rect.max { fill: #d9d9d9; } rect.got { fill: #2f5597; } "
        "text.value { fill: #404040; }</style>"
    )
    return (
        f'<div class="chart"><svg role="img" aria-label="各级指标得分与满分" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
        f"{style}{''.join(body)}</svg></div>"
    )


def _px(value: Decimal) -> str:
    return format(value.quantize(Decimal("0.1")), "f")


register_format("html", render)
