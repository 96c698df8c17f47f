"""`batch --jobs N` under attack (issue 13, item 2): a worker never outlives its killed parent,
a worker that cannot start is one clear error (not a Pool restarting workers for ever), and a
worker that dies mid-batch is one clear error too (not a wait for ever)."""

from __future__ import annotations

import csv
import os
import signal
import sys
import time
from pathlib import Path

import pytest
from processes import spawn
from security_support import FRAMEWORK, hang_guard

import perfscore
from perfscore.batch import pool, run_batch
from perfscore.errors import PerfscoreError

pytestmark = pytest.mark.usefixtures("english")  # it checks the English wording

#: A batch whose workers are busy for ever with their first chunk (as a worker was on a
#: hostile form before perfscore.workbook_check): an idle worker ends by itself when its
#: parent dies (its task pipe closes), a busy one only if it is made to.
BUSY_BATCH = """
import sys, time
import perfscore
from perfscore.batch import pool, run_batch
pool.process_chunk = lambda *args: time.sleep(3600)
run_batch(perfscore.load_framework(sys.argv[1]), sys.argv[2], sys.argv[3], jobs=2, chunk_size=5)
"""


def _table(path: Path, rows: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "预算数", "执行数", "违规", "C1", "D1"])
        for i in range(rows):
            writer.writerow([f"u{i}", "100万元", f"{90 + i % 10}万元", "否", "3", "2"])
    return path


def _children(pid: int) -> set[int]:
    """The processes whose parent is `pid` (every thread's children, from /proc)."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found.update(int(c) for c in (task / "children").read_text().split())
        except OSError:
            continue
    return found


def _alive(pid: int) -> bool:
    """Whether `pid` runs (a zombie waiting to be reaped has ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_workers_end_when_the_batch_process_is_killed(tmp_path: Path) -> None:
    framework = tmp_path / "security.yaml"
    framework.write_text(FRAMEWORK, encoding="utf-8")
    table = _table(tmp_path / "in.csv", 50)
    args = [sys.executable, "-c", BUSY_BATCH, str(framework), str(table), str(tmp_path / "o.csv")]
    with spawn(args) as batch:
        deadline = time.monotonic() + 60
        workers: set[int] = set()
        while len(workers) < 2 and time.monotonic() < deadline and batch.poll() is None:
            workers = _children(batch.pid)
            time.sleep(0.05)
        time.sleep(1.0)  # the workers have their first chunks
        assert len(workers) >= 2, "the pool's workers did not start"
        os.kill(batch.pid, signal.SIGKILL)  # no handler runs: the pool cannot be stopped
        batch.wait(timeout=30)
        deadline = time.monotonic() + 30
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(w) for w in workers), "a worker outlived its killed parent"


def test_a_worker_that_cannot_start_is_one_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The initializer fails in every worker (here: the plugins cannot load): the batch stops
    with one PerfscoreError saying so, instead of the Pool starting workers for ever."""

    def broken() -> None:
        raise ImportError("a plugin's module is missing")

    monkeypatch.setattr(pool, "load_plugins", broken)  # the workers are forked: they see it
    fw = perfscore.load_framework(_framework(tmp_path))
    table = _table(tmp_path / "in.csv", 50)
    out = tmp_path / "out.csv"
    with hang_guard(60), pytest.raises(PerfscoreError, match="a batch worker could not start"):
        run_batch(fw, table, out, jobs=2, chunk_size=10)
    assert not out.exists()


def test_a_worker_that_dies_is_one_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker killed mid-batch (as the system kills a process out of memory): one
    PerfscoreError, no output, instead of waiting for its chunk for ever."""

    def dying(*args: object) -> None:
        os._exit(9)

    monkeypatch.setattr(pool, "process_chunk", dying)
    fw = perfscore.load_framework(_framework(tmp_path))
    out = tmp_path / "out.csv"
    with hang_guard(60), pytest.raises(PerfscoreError, match="ended unexpectedly"):
        run_batch(fw, _table(tmp_path / "in.csv", 50), out, jobs=2, chunk_size=10)
    assert not out.exists()


def _framework(tmp_path: Path) -> Path:
    path = tmp_path / "security.yaml"
    path.write_text(FRAMEWORK, encoding="utf-8")
    return path
