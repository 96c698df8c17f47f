"""Scoring a batch's chunks: here (`process_chunk`), or in a pool of worker processes that each
compile the framework once, the results taken back in input order (`run_parallel`). An
interrupted pool is stopped in bounded time, its own workers killed if need be."""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..engine.many import Scorer
from ..errors import PerfscoreError
from ..framework import Framework, load_framework
from ..i18n import say
from ..plugins import load_plugins
from ..reconcile.many import ReconcilingScorer
from .sources import Chunk
from .writers import format_chunk

#: What scoring a chunk gives: (records, errors, the output formatted).
Done = tuple[int, int, Any]
#: How long an interrupted batch waits for the pool to stop by itself before killing it.
STOP_SECONDS = 2.0
#: How often the parent looks whether a worker died while it waits for a chunk.
WATCH_SECONDS = 1.0
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def process_chunk(
    scorer: Scorer, fmt: str, decode: Callable[[int, Any], Any], start: int,
    raws: list[tuple[int, Any]], raw_text: bool = False,
) -> Done:  # fmt: skip
    """Decode, score and format one chunk: (records, errors, formatted output); a
    `ReconcilingScorer` adds the reconcile columns."""
    results = scorer.score_chunk(start, (decode(*raw) for raw in raws))
    errors = sum(1 for r in results if r.error is not None)
    formatted = format_chunk(fmt, results, raw_text, isinstance(scorer, ReconcilingScorer))
    return len(results), errors, formatted


_WORKER: Scorer | None = None
#: why this worker could not start (reported with its first chunk, not by dying: a Pool whose
#: initializer raises starts new workers for ever and the batch hangs)
_STARTUP: PerfscoreError | None = None


def scorer_for(fw: Framework, reconcile: bool = False) -> Scorer:
    """What scores a batch's records: a plain `Scorer`, or one that reconciles each record."""
    return ReconcilingScorer(fw) if reconcile else Scorer(fw)


def _worker_init(
    framework: Any, root: Path | None = None, parent: int | None = None, reconcile: bool = False
) -> None:
    global _WORKER, _STARTUP
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    die_with_parent(parent)
    try:
        load_plugins()  # the parent's plugins, in a worker that did not inherit them
        fw = (
            framework
            if isinstance(framework, Framework)
            else load_framework(framework, frameworks_root=root)
        )
        _WORKER = scorer_for(fw, reconcile)  # the plan built once per worker, before any chunk
    except PerfscoreError as exc:
        _STARTUP = PerfscoreError(say("error.batch.worker-start", reason=exc))
    except Exception as exc:  # whatever it is, it is reported, not retried
        reason = f"{type(exc).__name__}: {exc}"
        _STARTUP = PerfscoreError(say("error.batch.worker-start", reason=reason))


def die_with_parent(parent: int | None) -> None:
    """Make this worker end when the batch process does, even if that is killed (SIGKILL
    leaves no chance to stop the pool): on Linux the kernel sends it SIGKILL when its parent
    dies (prctl PR_SET_PDEATHSIG); elsewhere a daemon thread checks the parent every second.
    A parent already gone when this runs ends the worker at once."""
    if parent is None:
        return
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    else:
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:
        os._exit(1)


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def _worker_chunk(
    fmt: str, decode: Callable[[int, Any], Any], start: int, raws: list[tuple[int, Any]],
    raw_text: bool = False,
) -> Done:  # fmt: skip
    if _STARTUP is not None:
        raise _STARTUP
    assert _WORKER is not None
    return process_chunk(_WORKER, fmt, decode, start, raws, raw_text)


def run_parallel(
    fw: Framework, chunks: Iterator[Chunk], fmt: str, jobs: int, take: Callable[[Done], None],
    raw_text: bool = False, reconcile: bool = False,
) -> None:  # fmt: skip
    """Score `chunks` in `jobs` worker processes, handing each chunk's `Done` to `take` in
    input order; at most about 2 × jobs chunks are in flight at once. A worker that cannot
    start, or dies, is one PerfscoreError; a worker ends with the batch process however that
    ends (`die_with_parent`)."""
    import multiprocessing  # only a batch with --jobs above 1 pays for it

    framework: Any = str(fw.file) if fw.file and Path(fw.file).is_file() else fw
    before = set(multiprocessing.active_children())
    initargs = (framework, fw.frameworks_root, os.getpid(), reconcile)
    pool = multiprocessing.Pool(jobs, initializer=_worker_init, initargs=initargs)
    workers = [p for p in multiprocessing.active_children() if p not in before]
    finished = False
    try:
        pending: deque[Any] = deque()
        for start, decode, raws in chunks:
            pending.append(pool.apply_async(_worker_chunk, (fmt, decode, start, raws, raw_text)))
            while len(pending) >= 2 * jobs:
                take(_wait(pending.popleft(), workers))
        while pending:
            take(_wait(pending.popleft(), workers))
        pool.close()
        pool.join()
        finished = True
    finally:
        if finished:
            pool.terminate()
        else:
            _stop(pool, workers)


def _wait(result: Any, workers: list[Any]) -> Done:
    """A chunk's result, or a PerfscoreError when a worker died meanwhile (killed by the
    system for its memory, say): the Pool would start another and wait for the lost chunk for
    ever."""
    import multiprocessing  # only a batch with --jobs above 1 pays for it

    while True:
        try:
            done: Done = result.get(WATCH_SECONDS)
            return done
        except multiprocessing.TimeoutError:
            dead = [w for w in workers if w.exitcode is not None]
            if dead:
                raise PerfscoreError(
                    say("error.batch.worker-died", code=dead[0].exitcode)
                ) from None


def _stop(pool: Any, workers: list[Any]) -> None:
    """Stop an interrupted pool within about STOP_SECONDS: `Pool.terminate()` waits for its
    handler threads, and one of them can wait for ever on a pipe no worker reads any more (a
    Ctrl-C with `--jobs 2` hung past two minutes on a loaded machine). So terminate in a daemon
    thread, wait a bounded time, then kill and reap this pool's workers — only its own."""
    stopper = threading.Thread(target=pool.terminate, name="perfscore-pool-stop", daemon=True)
    stopper.start()
    stopper.join(STOP_SECONDS)
    for worker in workers:
        if worker.is_alive():
            worker.kill()
        worker.join(STOP_SECONDS)
