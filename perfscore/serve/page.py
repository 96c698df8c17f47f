"""The one page for people: upload a filled-in form (or pick a framework and type the data),
see the 评分表 in the page, download it as xlsx and json. Server-rendered html, inline CSS, no
script and nothing from the network; every text escaped."""

from __future__ import annotations

import base64
import json
from html import escape

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from ..errors import PerfscoreError
from ..forms.contents import field_rows, input_rows
from ..forms.layout import ITEM
from ..framework import Framework
from ..records import Record
from ..render import FORMATS
from ..render.html_format import CSS, body_parts
from .api import XLSX, bounds_of, catalogue_of
from .bodies import read_record
from .catalogue import UnknownFramework
from .problems import RequestError

PAGE_CSS = """
form { border: 1px solid #bfbfbf; padding: 12px 16px; margin: 12px 0; background: #fbfbfb; }
label { display: block; margin: 6px 0; }
textarea { width: 100%; height: 16em; font-family: monospace; }
p.error { color: #c00000; font-weight: bold; border: 1px solid #c00000; padding: 8px; }
p.downloads a { margin-right: 16px; }
nav.blank a { margin-right: 12px; }
"""


def skeleton(fw: Framework) -> str:
    """A record to fill in: every field and input the form lists, one a line, with its unit
    and range as a comment (checklist items listed after the input they belong to)."""
    lines = [f"# {fw.name}（{fw.id}）", "values:"]
    items: dict[str, list[str]] = {}
    for row in [*field_rows(fw), *input_rows(fw)]:
        if row.kind == ITEM:
            if row.key not in items:
                items[row.key] = []
                lines.append(f"  {json.dumps(row.key, ensure_ascii=False)}: []  # {{items}}")
            items[row.key].append(row.item)
            continue
        note = "；".join(part for part in (row.label, row.unit, row.range) if part)
        lines.append(f"  {json.dumps(row.key, ensure_ascii=False)}:   # {note}")
    text = "\n".join(lines) + "\n"
    for key, names in items.items():
        marker = f"{json.dumps(key, ensure_ascii=False)}: []  # {{items}}"
        text = text.replace(marker, marker.replace("{items}", "达到的要点：" + "、".join(names)), 1)
    return text


def _options(names: list[str], chosen: str) -> str:
    return "".join(
        f'<option value="{escape(n)}"{" selected" if n == chosen else ""}>{escape(n)}</option>'
        for n in names
    )


def page(names: list[str], chosen: str, typed: str, result: str = "", error: str = "") -> str:
    """The page: the result or the error first, when there is one, then the two forms."""
    options = _options(names, chosen)
    blank = "".join(
        f'<a href="/frameworks/{escape(n)}/template">{escape(n)}</a>' for n in names
    )
    parts = [
        "<!DOCTYPE html>", '<html lang="zh-CN">', "<head>", '<meta charset="utf-8">',
        "<title>预算绩效评价计分</title>", f"<style>{CSS}{PAGE_CSS}</style>", "</head>", "<body>",
        "<h1>预算绩效评价计分</h1>",
    ]  # fmt: skip
    if error:
        parts.append(f'<p class="error" role="alert">{escape(error)}</p>')
    if result:
        parts.append(f'<section id="result">{result}</section>')
    parts += [
        '<form id="upload" method="post" action="/page" enctype="multipart/form-data">',
        "<h2>上传填报表</h2>",
        f'<label>评价框架 <select name="framework">{options}</select></label>',
        '<label>填报表（.xlsx / .xls / .ods / .csv / .yaml / .json）'
        ' <input type="file" name="data" required></label>',
        '<button type="submit">计分</button>', "</form>",
        f'<nav class="blank">空白填报表：{blank}</nav>',
        '<form id="typed" method="post" action="/page" enctype="multipart/form-data">',
        "<h2>直接填写数据（YAML 或 JSON）</h2>",
        f'<label>评价框架 <select name="framework">{options}</select></label>',
        f'<textarea name="data" spellcheck="false">{escape(typed)}</textarea>',
        '<button type="submit">计分</button>', "</form>", "</body>", "</html>", "",
    ]  # fmt: skip
    return "\n".join(parts)


def _download(content: str | bytes, media: str, filename: str, label: str) -> str:
    raw = content.encode("utf-8") if isinstance(content, str) else content
    href = f"data:{media};base64,{base64.b64encode(raw).decode('ascii')}"
    return f'<a href="{href}" download="{escape(filename)}">{escape(label)}</a>'


def result_html(fw: Framework, record: Record, name: str) -> str:
    """The scored record: its 评分表 and the downloads (xlsx, json) carried in the page."""
    result = fw.evaluate(record)
    stem = record.id or name
    links = [
        _download(FORMATS["xlsx"](result), XLSX, f"{stem}-评分表.xlsx", "下载 xlsx"),
        _download(FORMATS["json"](result), "application/json", f"{stem}-评分表.json", "下载 json"),
    ]
    told = f'<p class="source">数据：{escape(record.file or name)}</p>'
    return "\n".join([f'<p class="downloads">{"".join(links)}</p>', told, *body_parts(result)])


async def show(request: Request) -> Response:
    """GET /: the page, its text box holding a record to fill in for `?framework=`."""
    catalogue = catalogue_of(request)
    names = list(catalogue.entries())
    chosen = request.query_params.get("framework", "")
    chosen = chosen if chosen in names else (names[0] if names else "")
    typed = ""
    if chosen:
        try:
            typed = skeleton(await bounds_of(request).in_thread(catalogue.load, chosen))
        except PerfscoreError as exc:
            return HTMLResponse(page(names, chosen, "", error=str(exc)), status_code=422)
    return HTMLResponse(page(names, chosen, typed))


async def score_page(request: Request) -> Response:
    """POST /page: score what the page sent and show it, or say in the page what is wrong."""
    bounds = bounds_of(request)
    catalogue = catalogue_of(request)
    names = list(catalogue.entries())

    async def work() -> Response:
        record, fields = await read_record(request, bounds)
        name = str(fields.get("framework") or "")
        fw = await bounds.in_thread(catalogue.load, name)
        html = await bounds.in_thread(result_html, fw, record, name)
        return HTMLResponse(page(names, name, "", result=html))

    try:
        return await bounds.timed(work)
    except UnknownFramework as exc:
        return HTMLResponse(page(names, "", "", error=f"没有评价框架 {exc.name[:80]!r}"), 404)
    except PerfscoreError as exc:
        return HTMLResponse(page(names, "", "", error=str(exc)), status_code=422)
    except RequestError as exc:
        return HTMLResponse(page(names, "", "", error=exc.message), status_code=exc.status)
    except HTTPException as exc:  # a form the browser could not have sent (broken multipart)
        return HTMLResponse(page(names, "", "", error=str(exc.detail)), exc.status_code)
