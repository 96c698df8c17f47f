"""Scoring inside a distributed engine (a Dask bag's `map_partitions`, Spark's `mapInPandas` …):
`score_partition` loads and compiles a framework once per worker process and scores one
partition. perfscore itself never imports the engine; the engine only calls this function."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from typing import Any

from ..engine.many import evaluate_many
from ..framework import Framework, load_framework
from ..plugins import load_plugins
from ..records import Record
from .decoders import decode_json_line, record_from_object


@functools.lru_cache(maxsize=8)
def _framework(name: str) -> Framework:
    load_plugins()  # a worker process of the engine: the rule kinds installed plugins register
    return load_framework(name)


def score_partition(
    records: Iterable[Any], framework: str, *, label: str = "partition"
) -> list[dict[str, Any]]:
    """Score one partition of records inside a distributed engine (a Dask bag's
    `map_partitions`, Spark's `mapInPandas` …): the framework is loaded (its plan built) once per
    worker process; each item may be a Record, a Record-shaped mapping {id, values,
    external_scores} or a jsonl line. Returns `RecordResult.as_dict()` for each, in order,
    errors included. perfscore itself never imports the engine."""
    fw = _framework(framework)

    def records_of() -> Iterator[Any]:
        for n, item in enumerate(records, 1):
            if isinstance(item, str):
                yield decode_json_line(label, n, item)
            elif isinstance(item, Record):
                yield item
            else:
                yield record_from_object(item, f"{label}:{n}")

    return [result.as_dict() for result in evaluate_many(fw, records_of())]
