"""How much a request may send and how long it may take: the body's size, bounded while it is
read, and the time a request's work may run, in a bounded pool of threads."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import anyio
import anyio.to_thread
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .problems import RequestError

T = TypeVar("T")


@dataclass(frozen=True)
class Limits:
    """The bounds every request is held to (docs/security.md states them)."""

    #: the most a request's body may hold (an upload, a record, a batch's jsonl)
    max_body_bytes: int = 8 << 20
    #: seconds a request (reading its body and scoring) may take before it gets 503
    timeout: float = 30.0
    #: seconds a batch may stream before it stops, with a last line saying so
    batch_timeout: float = 300.0
    #: how many requests score at once (threads); the rest wait their turn
    workers: int = 4


def too_large(limit: int) -> RequestError:
    return RequestError(
        413, f"the request body is larger than {limit} bytes, the limit (请求体过大)", "body"
    )


class BodyLimit:
    """ASGI middleware: a body whose Content-Length is over the limit is refused before it is
    read; one sent without a length (chunked) is counted as it arrives and refused when it
    passes the limit (the endpoint reading it gets `RequestError` 413)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for key, value in scope.get("headers", []):
            if key == b"content-length" and (
                not value.isdigit() or int(value) > self.max_bytes
            ):
                await _refuse(send, self.max_bytes)
                return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise too_large(self.max_bytes)
            return message

        await self.app(scope, counted, send)


async def _refuse(send: Send, limit: int) -> None:
    from starlette.responses import JSONResponse

    from .problems import request_body

    response = JSONResponse(request_body(too_large(limit)), status_code=413)
    await response({"type": "http"}, _no_body, send)


async def _no_body() -> Message:
    return {"type": "http.disconnect"}


class Bounds:
    """A server's limits with the pool its scoring threads run in."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.limiter = anyio.CapacityLimiter(limits.workers)

    async def in_thread(self, fn: Callable[..., T], *args: Any) -> T:
        """`fn(*args)` in one of the pool's threads (scoring is CPU work: it must not hold the
        event loop). A request that runs out of time stops waiting; the thread finishes its
        record on its own (a formula's own limits bound it)."""
        call = functools.partial(fn, *args)
        return await anyio.to_thread.run_sync(call, abandon_on_cancel=True, limiter=self.limiter)

    async def timed(self, work: Callable[[], Awaitable[T]]) -> T:
        """`work()` within the request time limit; 503 naming the limit when it is over."""
        try:
            with anyio.fail_after(self.limits.timeout):
                return await work()
        except TimeoutError:
            raise RequestError(
                503,
                f"the request took longer than {self.limits.timeout:g} s, the limit (请求超时)",
                "body",
            ) from None
