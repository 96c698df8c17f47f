"""Scoring many records: streaming, in order, nothing lost.

`evaluate_many(fw, records)` (also `fw.evaluate_many`) takes any iterable of records (Record
objects or mappings of values) and yields one `RecordResult` per record, in order, as it goes: a
record with bad data yields a result whose `error` names the field; it never stops the iteration.

`run_batch(...)` is what `perfscore batch` runs: it reads csv (UTF-8, GB18030/GBK …, as
perfscore.encodings decides), jsonl or a spreadsheet (.xlsx, .xls, .ods … via python-calamine)
one row (line) at a time, scores in chunks — in this process or in N worker processes, order
kept — and writes csv, xlsx or jsonl through a temporary file in the target directory that is
renamed into place only when every row has been written. Rows out equal rows in: a row that
cannot even be read (bad JSON, the wrong number of cells, bytes not in the file's encoding)
becomes an error row too.

Its inputs may also be filled-in forms (`perfscore template`), one record each — files, or
directories of them, as a finance bureau collects one form per unit: each form is read (in the
worker) when its turn comes, and one that cannot be read becomes an error row naming the sheet
and cell, as a bad table row does.

The package, one job a module, lowest first: `results` (RecordResult, Unreadable), `scoring`
(the only one that knows the engine: `Scorer`, `evaluate_many`), `planning` (what each INPUT
is), `decoders` (a raw row, line or form as a Record), `sources` (inputs read lazily, in
chunks), `writers` (csv, jsonl, xlsx), `pool` (chunks scored here or in worker processes),
`pipeline` (`run_batch`), `progress` (the terminal's progress bar) and `distributed`
(`score_partition`, for Dask or Spark). Users import the public names from `perfscore`
(`evaluate_many`, `RecordResult`, `run_batch`, `score_partition`); this package re-exports
what the command line and the tests use, and its modules are its private parts.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from ..engine.many import RecordResult, Unreadable
from ..engine.many import evaluate_many as _evaluate_many
from ..reconcile.many import ReconciledResult, reconcile_many
from .decoders import (
    EXTERNAL_PREFIX,
    ID_COLUMN,
    TableDecoder,
    decode_json_line,
    items_inputs,
    record_from_object,
)
from .distributed import score_partition
from .history import HistoryStore, store_batch
from .pipeline import BatchSummary, Terminated, raise_terminated, run_batch
from .planning import FORMATS, INPUT_FORMATS, BatchInput, format_of, plan_inputs
from .progress import ProgressBar
from .sources import CHUNK_SIZE, FORM_CHUNK_SIZE
from .summary_files import summarise, write_summary
from .writers import format_chunk, header_row, json_line, table_row

if TYPE_CHECKING:
    from ..framework import Framework

__all__ = [
    "CHUNK_SIZE",
    "EXTERNAL_PREFIX",
    "FORMATS",
    "FORM_CHUNK_SIZE",
    "ID_COLUMN",
    "INPUT_FORMATS",
    "BatchInput",
    "BatchSummary",
    "HistoryStore",
    "ProgressBar",
    "ReconciledResult",
    "RecordResult",
    "TableDecoder",
    "Terminated",
    "Unreadable",
    "decode_json_line",
    "evaluate_many",
    "format_chunk",
    "format_of",
    "header_row",
    "items_inputs",
    "json_line",
    "plan_inputs",
    "raise_terminated",
    "record_from_object",
    "run_batch",
    "score_partition",
    "store_batch",
    "summarise",
    "table_row",
    "write_summary",
]


def evaluate_many(
    fw: Framework, records: Iterable[Any], *, trace: bool = False, reconcile: bool = False
) -> Iterator[RecordResult]:
    """Score each record in turn (lazily, in order); bad data gives a result with `error`.
    `reconcile=True` also reconciles each record with what it reports: a `ReconciledResult`
    whose `comparison` holds the reported and recomputed totals, grades and differing codes."""
    if reconcile:
        return reconcile_many(fw, records, trace=trace)
    return _evaluate_many(fw, records, trace=trace)
