"""The ASGI application (`create_app`): the routes, the body limit, and the handlers that turn
every refusal into a 4xx JSON error — and anything unforeseen into a 500 without a traceback."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..errors import PerfscoreError
from . import api, page
from .catalogue import Catalogue, UnknownFramework
from .limits import BodyLimit, Bounds, Limits
from .openapi import spec
from .problems import RequestError, error_body, perfscore_body, request_body, status_of

LOG = logging.getLogger("perfscore.serve")


async def _spec(request: Request) -> Response:
    return JSONResponse(spec())


async def _perfscore_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, PerfscoreError)
    return JSONResponse(perfscore_body(exc), status_code=status_of(exc))


async def _request_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestError)
    return JSONResponse(request_body(exc), status_code=exc.status)


async def _unknown(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, UnknownFramework)
    message = f"no framework named {exc.name[:80]!r}; offered: {', '.join(exc.names)}"
    return JSONResponse(error_body(404, message, field="name"), status_code=404)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    field = "body" if exc.status_code == 400 else None
    return JSONResponse(
        error_body(exc.status_code, str(exc.detail), field=field), status_code=exc.status_code
    )


async def _unforeseen(request: Request, exc: Exception) -> Response:
    """A bug: logged with its traceback on the server, answered without it."""
    LOG.error("unforeseen error on %s %s", request.method, request.url.path, exc_info=exc)
    return JSONResponse(error_body(500, "internal error (服务器内部错误)"), status_code=500)


def routes() -> list[Route]:
    return [
        Route("/", page.show, methods=["GET"]),
        Route("/page", page.score_page, methods=["POST"]),
        Route("/spec", _spec, methods=["GET"]),
        Route("/openapi.json", _spec, methods=["GET"]),
        Route("/frameworks", api.frameworks, methods=["GET"]),
        Route("/frameworks/{name}", api.framework, methods=["GET"]),
        Route("/frameworks/{name}/template", api.template, methods=["GET"]),
        Route("/frameworks/{name}/score", api.score, methods=["POST"]),
        Route("/frameworks/{name}/explain", api.explain, methods=["POST"]),
        Route("/frameworks/{name}/reconcile", api.reconcile_endpoint, methods=["POST"]),
        Route("/frameworks/{name}/batch", api.batch, methods=["POST"]),
    ]


def create_app(frameworks: str | Path | None = None, limits: Limits | None = None) -> Starlette:
    """The server's application: the bundled frameworks and those of the folder `frameworks`,
    held to `limits` (docs/security.md)."""
    limits = limits or Limits()
    handlers: dict[Any, Any] = {
        PerfscoreError: _perfscore_error,
        RequestError: _request_error,
        UnknownFramework: _unknown,
        HTTPException: _http_error,
        Exception: _unforeseen,
    }
    app = Starlette(
        routes=routes(),
        middleware=[Middleware(BodyLimit, max_bytes=limits.max_body_bytes)],
        exception_handlers=handlers,
    )
    app.state.catalogue = Catalogue(frameworks)
    app.state.bounds = Bounds(limits)
    return app
