"""A request's DATA: a record as JSON, YAML or CSV text, a filled-in form (.xlsx, .xls, .ods …)
as the body or as the file of a multipart upload; read by the readers the command line uses
(`cli.load_bytes`: spooled to a private temporary file, with the readers' own limits)."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request

from ..cli import data_suffixes, load_bytes
from ..records import Record
from .limits import Bounds
from .problems import RequestError

#: what a Content-Type says the body is (anything else is told from the bytes)
MEDIA_SUFFIXES = {
    "application/json": ".json",
    "application/yaml": ".yaml",
    "application/x-yaml": ".yaml",
    "text/yaml": ".yaml",
    "text/csv": ".csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.ms-excel": ".xls",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
}
BODY = "<body>"
#: the most fields and files a multipart form may hold (the page sends three fields, one file)
MAX_FIELDS = 10
MAX_FILES = 1


def media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


async def read_form(request: Request, bounds: Bounds) -> dict[str, Any]:
    """A multipart (or url-encoded) form's fields, bounded in count and size."""
    form = await request.form(
        max_files=MAX_FILES, max_fields=MAX_FIELDS, max_part_size=bounds.limits.max_body_bytes
    )
    return dict(form.items())


async def read_record(request: Request, bounds: Bounds) -> tuple[Record, dict[str, Any]]:
    """The request's DATA as a Record, and the other fields of its form (none for a plain
    body). A multipart form gives DATA in its field `data`: a file, or text."""
    if media_type(request) in ("multipart/form-data", "application/x-www-form-urlencoded"):
        fields = await read_form(request, bounds)
        raw, suffix, name = await _form_data(fields.pop("data", None))
    else:
        fields = {}
        raw, suffix, name = await request.body(), MEDIA_SUFFIXES.get(media_type(request)), BODY
    return await record_of(raw, suffix, name, bounds), fields


async def record_of(raw: bytes, suffix: str | None, name: str, bounds: Bounds) -> Record:
    """DATA's bytes as a Record (in a scoring thread: reading a workbook is CPU work)."""
    if not raw.strip():
        field = "body" if name == BODY else "data"
        raise RequestError(400, "the request gives no data (请求中没有数据)", field)
    return await bounds.in_thread(load_bytes, raw, suffix, data_suffixes(), name)


async def _form_data(value: Any) -> tuple[bytes, str | None, str]:
    """The `data` field of a form: an uploaded file (its suffix says its format, when it is one
    perfscore reads; its name, cut short, names it in errors) or typed text (told from itself)."""
    if isinstance(value, UploadFile):
        raw = await value.read()
        filename = PurePath((value.filename or "").replace("\\", "/")).name[:100]
        suffix = PurePath(filename).suffix.lower()
        known = suffix if suffix and suffix in data_suffixes() else None
        return raw, known, filename or "data"
    if isinstance(value, str):
        return value.encode("utf-8"), None, "data"
    raise RequestError(400, "give the data in the form field 'data' (缺少数据)", "data")
