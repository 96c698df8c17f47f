"""The JSON API's endpoints: the frameworks offered, one framework, and POST score, explain,
reconcile and batch — each answering with what the command line prints in its json format
(`perfscore score -f json`, `explain -f json`, `reconcile -f json`, a batch's jsonl)."""

from __future__ import annotations

import io
import json
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from ..batch import decode_json_line, json_line
from ..errors import UsageError
from ..explain import explain_json
from ..forms.writer import write_form
from ..framework import Framework
from ..i18n import say
from ..json_text import dumps
from ..reconcile import reconcile
from ..records import Record
from ..render import FORMATS
from .bodies import BODY, read_record
from .catalogue import Catalogue
from .describe import detail, listing
from .limits import Bounds
from .problems import RequestError, error_body

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MEDIA = {
    "json": "application/json",
    "xlsx": XLSX,
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
}
JSONL = "application/x-ndjson"
#: records scored per step of a streamed batch (each step in a scoring thread)
BATCH_STEP = 200


def catalogue_of(request: Request) -> Catalogue:
    catalogue: Catalogue = request.app.state.catalogue
    return catalogue


def bounds_of(request: Request) -> Bounds:
    bounds: Bounds = request.app.state.bounds
    return bounds


def query(request: Request, allowed: tuple[str, ...]) -> dict[str, str]:
    """The query's parameters; 400 naming one the endpoint does not take."""
    for key in request.query_params:
        if key not in allowed:
            choices = ", ".join(allowed) or "none"
            raise RequestError(400, f"unknown parameter {key!r}; this takes {choices}", key)
    return dict(request.query_params)


def flag(params: dict[str, str], name: str) -> bool:
    value = params.get(name, "false").lower()
    if value not in ("true", "false", "1", "0", "yes", "no"):
        raise RequestError(400, f"{name} must be true or false, got {value[:40]!r}", name)
    return value in ("true", "1", "yes")


def text_response(text: str | bytes, media: str) -> Response:
    return Response(text, media_type=media)


async def frameworks(request: Request) -> Response:
    query(request, ())
    catalogue = catalogue_of(request)
    found = await bounds_of(request).in_thread(listing, catalogue)
    return text_response(dumps(found), MEDIA["json"])


async def framework(request: Request) -> Response:
    query(request, ())
    catalogue = catalogue_of(request)
    name = request.path_params["name"]
    entry = catalogue.entry(name)
    fw = await bounds_of(request).in_thread(catalogue.load, name)
    return text_response(dumps(detail(entry, fw)), MEDIA["json"])  # exact decimals


async def template(request: Request) -> Response:
    """The framework's input form (.xlsx), as `perfscore template` writes it."""
    query(request, ())
    name = request.path_params["name"]
    fw = await bounds_of(request).in_thread(catalogue_of(request).load, name)
    content = await bounds_of(request).in_thread(write_form, fw)
    headers = {"Content-Disposition": f'attachment; filename="{name}-form.xlsx"'}
    return Response(content, media_type=XLSX, headers=headers)


async def _framework_and_record(request: Request) -> tuple[Framework, Record]:
    name = request.path_params["name"]
    bounds = bounds_of(request)
    fw = await bounds.in_thread(catalogue_of(request).load, name)
    record, _ = await read_record(request, bounds)
    return fw, record


def render_score(fw: Framework, record: Record, fmt: str) -> str | bytes:
    return FORMATS[fmt](fw.evaluate(record))


async def score(request: Request) -> Response:
    """The 评分表 in `format` (json by default; xlsx, html, md, csv as the CLI writes them)."""
    params = query(request, ("format",))
    fmt = params.get("format", "json").lower()
    if fmt not in MEDIA:
        raise RequestError(400, f"unknown format {fmt[:40]!r}; choose from {', '.join(MEDIA)}",
                           "format")  # fmt: skip

    async def work() -> Response:
        fw, record = await _framework_and_record(request)
        content = await bounds_of(request).in_thread(render_score, fw, record, fmt)
        return text_response(content, MEDIA[fmt])

    return await bounds_of(request).timed(work)


def explained(fw: Framework, record: Record, code: str | None) -> str:
    result = fw.evaluate(record)
    if code is not None and code not in result:
        message = say("error.unknown-indicator", code=code[:40], framework=fw.id)
        raise UsageError(message, field="code")
    return explain_json(result, code)


async def explain(request: Request) -> Response:
    """Each score in a report's words; `code` explains one indicator and what is below it."""
    params = query(request, ("code",))

    async def work() -> Response:
        fw, record = await _framework_and_record(request)
        text = await bounds_of(request).in_thread(explained, fw, record, params.get("code"))
        return text_response(text, MEDIA["json"])

    return await bounds_of(request).timed(work)


def reconciled(fw: Framework, record: Record, require_all: bool) -> str:
    rec = reconcile(fw, record, require_all=require_all)
    return json.dumps(rec.to_dict(), ensure_ascii=False, indent=2) + "\n"


async def reconcile_endpoint(request: Request) -> Response:
    """复核: the record's `reported` scores against the recomputed ones."""
    params = query(request, ("require_all",))
    require_all = flag(params, "require_all")

    async def work() -> Response:
        fw, record = await _framework_and_record(request)
        text = await bounds_of(request).in_thread(reconciled, fw, record, require_all)
        return text_response(text, MEDIA["json"])

    return await bounds_of(request).timed(work)


async def batch(request: Request) -> Response:
    """Many records, one JSON object a line (as `perfscore batch` reads jsonl), scored and
    streamed back a line each, in order, as `perfscore batch -o OUT.jsonl` writes them."""
    query(request, ())
    bounds = bounds_of(request)

    async def read() -> tuple[Framework, list[str]]:
        fw = await bounds.in_thread(catalogue_of(request).load, request.path_params["name"])
        raw = await request.body()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise RequestError(400, f"the body is not UTF-8 (byte {exc.start})", "body") from None
        # lines as `perfscore batch` reads a jsonl file: split at \n, \r or \r\n only
        return fw, list(io.StringIO(text, newline=""))

    fw, lines = await bounds.timed(read)
    return StreamingResponse(_stream(fw, lines, bounds), media_type=JSONL)


def _records(lines: list[str], start: int, stop: int) -> Iterator[Any]:
    for number in range(start, stop):
        line = lines[number]
        if line.strip():
            yield decode_json_line(BODY, number + 1, line)


def _score_step(fw: Framework, lines: list[str], start: int, stop: int) -> str:
    return "".join(json_line(row) for row in fw.evaluate_many(_records(lines, start, stop)))


async def _stream(fw: Framework, lines: list[str], bounds: Bounds) -> AsyncIterator[str]:
    """The scored lines, a step at a time; past the batch time limit a last line says where
    it stopped (an error object, so a reader cannot take a cut-off stream for a whole one)."""
    deadline = time.monotonic() + bounds.limits.batch_timeout
    for start in range(0, len(lines), BATCH_STEP):
        if time.monotonic() > deadline:
            message = (f"the batch took longer than {bounds.limits.batch_timeout:g} s, the "
                       f"limit; stopped before line {start + 1} (批量超时)")  # fmt: skip
            yield json.dumps(error_body(503, message, field="body"), ensure_ascii=False) + "\n"
            return
        stop = min(start + BATCH_STEP, len(lines))
        yield await bounds.in_thread(_score_step, fw, lines, start, stop)
