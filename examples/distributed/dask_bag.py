"""Scoring records with perfscore inside Dask: a bag of records, one `evaluate_many` per
partition, on a local single-machine scheduler (or any Dask cluster you already run).

    pip install 'perfscore[dask]'
    python3 examples/distributed/dask_bag.py records-*.jsonl -o scores.jsonl [--partitions 8]

Each partition is scored by `perfscore.score_partition`, which loads and compiles the
framework once per worker process and returns one dict per record — id, total, grade, every
indicator's score, error — in order, a record with bad data included with its error. perfscore
does not import Dask; Dask only calls that function. With Spark the same function fits
`mapInPandas` (turn each pandas frame's rows into Record-shaped dicts first).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from typing import Any

import dask.bag as db

from perfscore import score_partition
from perfscore.numbers import json_number


def score_with_dask(
    records: Iterable[Any],
    framework: str = "department-common",
    *,
    partitions: int = 4,
    scheduler: str = "processes",
) -> list[dict[str, Any]]:
    """Score `records` (Record-shaped dicts {id, values, external_scores} or jsonl lines) in
    `partitions` Dask partitions; the results come back in the records' order."""
    bag = db.from_sequence(list(records), npartitions=partitions)
    scored = bag.map_partitions(score_partition, framework)
    results: list[dict[str, Any]] = scored.compute(scheduler=scheduler)
    return results


def to_json(result: dict[str, Any]) -> str:
    """A result as one jsonl line (exact numbers, as `perfscore batch` writes them)."""
    total = result["total"]
    return json.dumps(
        {
            **result,
            "total": None if total is None else json_number(total),
            "scores": {code: json_number(score) for code, score in result["scores"].items()},
        },
        ensure_ascii=False,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="score jsonl records with Dask")
    parser.add_argument("inputs", help="jsonl file(s), a glob such as 'records-*.jsonl'")
    parser.add_argument("-o", "--output", required=True, help="jsonl file to write")
    parser.add_argument("--framework", default="department-common")
    parser.add_argument("--partitions", type=int, default=None)
    args = parser.parse_args()
    lines = db.read_text(args.inputs, blocksize=None).filter(lambda line: line.strip() != "")
    if args.partitions:
        lines = lines.repartition(npartitions=args.partitions)
    scored = lines.map_partitions(score_partition, args.framework).map(to_json)
    with open(args.output, "w", encoding="utf-8") as handle:
        for line in scored.compute(scheduler="processes"):
            handle.write(line + "\n")


if __name__ == "__main__":
    main()
