"""`run_batch`, what `perfscore batch` runs: plan the inputs, read them in chunks, score each
chunk here or in worker processes (order kept), and write every result through one temporary
file that is renamed into place only when the last row is written (perfscore.atomic). Rows out
equal rows in; an exception, Ctrl-C or SIGTERM (`raise_terminated`) leaves no output."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..atomic import atomic_open, check_target
from ..errors import UsageError
from ..i18n import say
from .decoders import items_inputs
from .planning import format_of, plan_inputs
from .pool import Done, process_chunk, run_parallel, scorer_for
from .sources import CHUNK_SIZE, Inputs
from .writers import HEADERS, Writer

if TYPE_CHECKING:
    from ..framework import Framework

#: What is told the progress of a batch: (records written, fraction of the input read or None).
Progress = Callable[[int, float | None], None]


@dataclass
class BatchSummary:
    """What a batch did: records written, and how many of them are error rows."""

    records: int = 0
    errors: int = 0


class Terminated(BaseException):
    """SIGTERM received: unwind like KeyboardInterrupt so that the temporary file is removed."""


def raise_terminated(signum: int, frame: Any) -> None:
    """A SIGTERM handler (`signal.signal(signal.SIGTERM, raise_terminated)`)."""
    raise Terminated


def run_batch(
    fw: Framework,
    source: str | Path | Sequence[str | Path],
    output: str | Path,
    *,
    jobs: int = 1,
    progress: Progress | None = None,
    chunk_size: int = CHUNK_SIZE,
    notice: Callable[[str], None] | None = None,
    raw_text: bool = False,
    reconcile: bool = False,
    header: str = "names",
) -> BatchSummary:
    """Score every record of `source` into `output` (formats from the suffixes). `source` is
    one input or several: tables of records (csv, xlsx, jsonl), filled-in forms, directories of
    forms (see `plan_inputs`); the output has their records in that order. Files a directory
    leaves out (hidden and lock files, subdirectories) are told to `notice`, a line each (by
    default on stderr).

    Streams: at most about 2 × jobs chunks are in memory at once. The output appears only when
    complete; an exception or interrupt leaves no output and no temporary file.

    csv and xlsx outputs neutralise formula injection (perfscore.injection): text that could run
    as a formula gets a leading `'` in csv, Excel's quote prefix in xlsx; `raw_text` leaves the
    text as it is. jsonl is not a spreadsheet and is always raw.

    `reconcile` adds each record's reconciliation (perfscore.batch.reconcile_columns); `header`
    "names" heads a column "A11 绩效目标合理性" for people, "codes" "A11" for machines."""
    output = Path(output)
    out_fmt = format_of(output, "output")
    if jobs < 1:
        raise UsageError(say("error.jobs"))
    if header not in HEADERS:
        raise UsageError(say("error.batch.header", choices=", ".join(HEADERS)))
    skipped: list[Path] = []
    inputs = plan_inputs(source, output, skipped)
    _tell_skipped(skipped, notice if notice is not None else _to_stderr)
    check_target(output)  # a missing directory, a device ...: refused before any work
    scorer = scorer_for(fw, reconcile)
    reader = Inputs(inputs, items_inputs(fw))
    stamp = reader.stamp()  # zip times start in 1980
    summary = BatchSummary()
    with atomic_open(output) as out:
        names = {code: node.name for code, node in fw.by_code.items()}
        writer = Writer(
            out_fmt, out, scorer.codes, stamp, output.parent, raw_text, names, header, reconcile
        )
        take = functools.partial(_take, writer, summary, progress, reader)
        try:
            chunks = reader.chunks(chunk_size)
            if jobs == 1:
                for start, decode, raws in chunks:
                    take(process_chunk(scorer, out_fmt, decode, start, raws, raw_text))
            else:
                run_parallel(fw, chunks, out_fmt, jobs, take, raw_text, reconcile)
            writer.close()
        except BaseException:
            writer.abort()
            raise
    return summary


def _tell_skipped(skipped: list[Path], tell: Callable[[str], None]) -> None:
    for path in skipped:
        kind = "directory" if path.is_dir() else "hidden, lock or system file"
        tell(f"perfscore: {path}: skipped ({kind}) / 已跳过")


def _to_stderr(line: str) -> None:
    print(line, file=sys.stderr)


def _take(
    writer: Writer, summary: BatchSummary, progress: Progress | None, reader: Inputs, done: Done
) -> None:
    """Write one scored chunk and count it."""
    records, errors, payload = done
    writer.write(payload)
    summary.records += records
    summary.errors += errors
    if progress is not None:
        progress(summary.records, reader.position())
