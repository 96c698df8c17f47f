"""Reading a table of records from .xlsx: openpyxl (read-only) against python-calamine.
Prints the figures recorded in docs/performance.md ("Reading spreadsheets").

    python3 benchmarks/readers.py              # 10,000 and 100,000 rows
    python3 benchmarks/readers.py --rows 5000  # other sizes

Each table has an `id` column, six number columns and three text columns (Chinese text with
units, as the batch tables hold), written once with openpyxl (write-only). Both readers go
through every row's values, as `perfscore batch` does: openpyxl with
`load_workbook(read_only=True, data_only=True)` + `iter_rows(values_only=True)`, calamine with
`CalamineWorkbook.from_path(...).get_sheet_by_index(0).to_python()`; both are asserted to give
the same values first. Times are the best of three rounds of CPU time (time.process_time).
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
import warnings
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any


def write_table(path: Path, rows: int) -> None:
    import openpyxl

    rng = random.Random(20261201)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("units")
    sheet.append(["id", *(f"n{i}" for i in range(6)), "t1", "t2", "t3"])
    for r in range(rows):
        numbers = [rng.randint(0, 10_000) / 100 for _ in range(6)]
        texts = [f"{rng.randint(1, 999)}.{rng.randint(0, 99)}万元", "是", f"第{r}号单位"]
        sheet.append([f"u{r}", *numbers, *texts])
    book.save(path)


def with_openpyxl(path: Path) -> list[tuple[Any, ...]]:
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return list(book.worksheets[0].iter_rows(values_only=True))
    finally:
        book.close()


def with_calamine(path: Path) -> list[list[Any]]:
    from python_calamine import CalamineWorkbook

    with CalamineWorkbook.from_path(str(path)) as book:
        return book.get_sheet_by_index(0).to_python()


def best(function: Callable[[Path], Any], path: Path, rounds: int = 3) -> float:
    times = []
    for _ in range(rounds):
        start = time.process_time()
        function(path)
        times.append(time.process_time() - start)
    return min(times)


def same(a: list[Any], b: list[Any]) -> bool:
    def norm(v: Any) -> Any:
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return Decimal(format(v, ".15g"))
        return v

    return [[norm(v) for v in row] for row in a] == [[norm(v) for v in row] for row in b]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="*", default=[10_000, 100_000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print("| rows | file size | openpyxl read-only | python-calamine | ratio |")
        print("|---:|---:|---:|---:|---:|")
        for rows in args.rows:
            path = Path(tmp) / f"t{rows}.xlsx"
            write_table(path, rows)
            assert same([list(r) for r in with_openpyxl(path)], with_calamine(path))
            slow, fast = best(with_openpyxl, path), best(with_calamine, path)
            size = path.stat().st_size / 1e6
            ratio = slow / fast
            print(f"| {rows:,} | {size:.1f} MB | {slow:.2f} s | {fast:.2f} s | {ratio:.1f}× |")


if __name__ == "__main__":
    main()
