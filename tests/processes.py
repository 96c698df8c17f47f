"""Child processes for the tests: every one bounded in time, and killed and reaped with all its
own children (its process group) however the test ends, so that nothing outlives the test that
started it — no leaked worker, no ResourceWarning in a later test."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
from collections.abc import Iterator, Sequence
from typing import Any

#: The default bound on one child process, well under pytest-timeout's safety net (300 s).
TIMEOUT = 120.0


@contextlib.contextmanager
def spawn(args: Sequence[str], **kwargs: Any) -> Iterator[subprocess.Popen[str]]:
    """Start `args` in a session (and process group) of its own, with text pipes for stdout and
    stderr; when the block ends, however it ends, kill the whole group and reap the child."""
    kwargs = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, "text": True, **kwargs}
    if "encoding" in kwargs:
        kwargs.pop("text")
    process = subprocess.Popen(list(args), start_new_session=True, **kwargs)
    try:
        yield process
    finally:
        reap(process)


def reap(process: subprocess.Popen[str]) -> None:
    """Kill `process`'s group (it leads one: `spawn` starts it so), wait for it, close its pipes."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    try:
        process.communicate(timeout=30)
    except (ValueError, OSError):  # the pipes were read and closed already
        process.wait(timeout=30)
    for stream in (process.stdin, process.stdout, process.stderr):
        if stream is not None:
            stream.close()


def run(
    args: Sequence[str], *, timeout: float = TIMEOUT, input: Any = None, **kwargs: Any
) -> subprocess.CompletedProcess[str]:
    """Like `subprocess.run(args, capture_output=True, text=True)`, bounded by `timeout`
    seconds (then `subprocess.TimeoutExpired`), the child's group killed and reaped after.
    `input` goes to the child's standard input (bytes with `text=False`)."""
    if input is not None:
        kwargs.setdefault("stdin", subprocess.PIPE)
    with spawn(args, **kwargs) as process:
        out, err = process.communicate(input, timeout=timeout)
    return subprocess.CompletedProcess(list(args), process.returncode, out, err)


def default_interrupts() -> None:
    """For `preexec_fn`: give the child the default SIGINT and SIGTERM handling. A process
    started from a background job of a non-interactive shell inherits SIGINT *ignored* (and
    Python then keeps ignoring it, as Unix tools should); a test that interrupts its child must
    not depend on how its own runner was started."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
