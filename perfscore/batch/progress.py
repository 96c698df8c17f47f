"""A batch's progress on a terminal: one line, redrawn at most every `every` seconds."""

from __future__ import annotations

import sys
import time
from typing import IO


class ProgressBar:
    """A one-line progress bar on a terminal: percent of the input read, records, rate."""

    def __init__(self, stream: IO[str] = sys.stderr, every: float = 0.2) -> None:
        self.stream = stream
        self.every = every
        self.started = time.monotonic()
        self.shown = 0.0

    def __call__(self, records: int, fraction: float | None) -> None:
        now = time.monotonic()
        if now - self.shown < self.every:
            return
        self.shown = now
        self._draw(records, fraction, now)

    def _draw(self, records: int, fraction: float | None, now: float) -> None:
        rate = records / max(now - self.started, 1e-9)
        if fraction is None:
            bar = ""
        else:
            filled = int(fraction * 30)
            bar = f"[{'#' * filled}{'.' * (30 - filled)}] {fraction * 100:5.1f}% "
        self.stream.write(f"\r{bar}{records:,} records ({rate:,.0f}/s)")
        self.stream.flush()

    def finish(self, records: int) -> None:
        self._draw(records, 1.0, time.monotonic())
        self.stream.write("\n")
        self.stream.flush()
