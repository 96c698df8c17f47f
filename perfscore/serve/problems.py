"""What a refused request gets back: a 4xx JSON error naming the field, never a traceback.

Every error body has one shape, `{"error": {"status", "message", "field", "path", "file",
"line"}}` (the parts that are not known are null): the perfscore error's own parts for data
that cannot be scored (422) and the request's part (`body`, `format`, `code`, `data` …) for a
request the server cannot take (400, 404, 405, 413, 415, 503).
"""

from __future__ import annotations

from typing import Any

from ..errors import FrameworkError, PerfscoreError, UsageError


class RequestError(Exception):
    """A request the server does not take: its status and the part of it that is wrong."""

    def __init__(self, status: int, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.field = field


def error_body(
    status: int,
    message: str,
    *,
    field: str | None = None,
    path: str | None = None,
    file: str | None = None,
    line: int | None = None,
) -> dict[str, Any]:
    """The one shape of every error response."""
    return {
        "error": {
            "status": status,
            "message": message,
            "field": field,
            "path": path,
            "file": file,
            "line": line,
        }
    }


def status_of(exc: PerfscoreError) -> int:
    """400 for a request called wrongly, 422 for data (or a framework) that cannot be scored."""
    if isinstance(exc, UsageError):
        return 400
    return 422


def perfscore_body(exc: PerfscoreError) -> dict[str, Any]:
    """A perfscore error as an error body: its message and where it is (file, line, indicator,
    field), as the command line prints it in one line."""
    body = error_body(
        status_of(exc),
        exc.message,
        field=exc.field,
        path=exc.path,
        file=exc.file,
        line=exc.line,
    )
    body["error"]["text"] = str(exc)
    if isinstance(exc, FrameworkError):
        body["error"]["kind"] = "framework"
    return body


def request_body(exc: RequestError) -> dict[str, Any]:
    return error_body(exc.status, exc.message, field=exc.field)
