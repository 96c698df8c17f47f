"""Batch scoring: the same numbers as `evaluate()`, rows out equal rows in, --jobs gives the same
bytes, and an interrupted run leaves nothing behind."""

from __future__ import annotations

import csv
import itertools
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import processes
import pytest
from batch_support import (
    columns,
    expected_row,
    input_specs,
    names_header,
    read_csv,
    record_values,
    write_csv,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import perfscore
from perfscore.batch import evaluate_many, run_batch, sources

#: these tests start worker or child processes: each has its own bound, below the suite's 300 s
pytestmark = [pytest.mark.timeout(180), pytest.mark.usefixtures("english")]  # English wording

ROOT = Path(__file__).resolve().parent.parent
FW = perfscore.load_framework("department-common")
CODES = [node.code for node in FW.walk()]


def _as_batch_reads(values: dict[str, Any], rid: str, where: str) -> perfscore.Record:
    """The record a csv row holding `values` stands for: text cells; an empty cell is a missing
    value, except in a checklist column, where it means no item was met."""
    items = {name for name, spec in input_specs(FW).items() if spec.value_type == "items"}
    read: dict[str, Any] = {}
    for name in columns(FW):
        text = str(values[name]) if name in values else ""
        if text != "" or name in items:
            read[name] = text
    return perfscore.Record(values=read, id=rid, file=where)


@settings(
    max_examples=max(10, settings.default.max_examples // 2),  # heavy: 20 with ci, 250 thorough
    suppress_health_check=[HealthCheck.too_slow],
)
@given(rows=st.lists(record_values(FW, dirty=True) | record_values(FW, dirty=False), max_size=12))
def test_batch_output_equals_evaluate_record_by_record(rows: list[dict[str, Any]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        source, out = Path(tmp, "in.csv"), Path(tmp, "out.csv")
        write_csv(source, FW, rows)
        summary = run_batch(FW, source, out, chunk_size=5)
        table = read_csv(out)
    assert table[0] == names_header(FW)
    expected = [
        expected_row(FW, _as_batch_reads(values, f"r{i}", f"{source}:{i + 2}"))
        for i, values in enumerate(rows)
    ]
    assert table[1:] == expected
    assert summary.records == len(rows)
    assert summary.errors == sum(1 for row in expected if row[-1])


def test_evaluate_many_is_lazy_ordered_and_keeps_bad_records() -> None:
    good = perfscore.load_record(ROOT / "examples" / "hecheng-2020.yaml")
    bad = perfscore.Record(values={**good.values, "编制数": "很多"}, id="bad")
    records = itertools.chain([good, bad, {"A11": "1"}, 42, good], _explode())
    results = list(itertools.islice(FW.evaluate_many(records), 5))
    assert [r.index for r in results] == [0, 1, 2, 3, 4]
    assert [r.ok for r in results] == [True, False, False, False, True]
    assert results[0].total == FW.evaluate(good).total == Decimal(99)
    assert results[0]["B16"] == FW.evaluate(good)["B16"].score
    assert results[1].id == "bad"
    assert results[1].error is not None and results[1].error.field == "编制数"
    assert "编制数" in str(results[1].error)
    assert results[3].error is not None and "mapping" in str(results[3].error)
    with pytest.raises(KeyError):
        results[1]["A"]


def _explode() -> Iterator[Any]:
    raise AssertionError("evaluate_many read past what was asked for")
    yield


def test_evaluate_many_with_trace_keeps_the_full_result() -> None:
    record = perfscore.load_record(ROOT / "examples" / "hecheng-2020.yaml")
    (result,) = evaluate_many(FW, [record], trace=True)
    assert result.result is not None
    assert result.result["A21"].trace is not None and result.result["A21"].trace.reasons
    assert result.as_dict()["scores"]["A21"] == result.result["A21"].score


# --------------------------------------------------------------------------- rows out = rows in


def _clean_rows(n: int, seed: int = 7) -> list[dict[str, Any]]:
    import random

    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        base = rng.uniform(10, 500)
        row: dict[str, Any] = {}
        for name, field in FW.fields.items():
            x = base * rng.uniform(0.7, 1.3)
            row[name] = str(max(1, round(x))) if field.type == "integer" else f"{x:.2f}"
        for name, spec in input_specs(FW).items():
            if spec.value_type == "items":
                row[name] = ",".join(i for i in spec.items if rng.random() < 0.7)
            elif spec.value_type == "count":
                row[name] = str(rng.randint(0, 3))
            else:
                row[name] = str(rng.randint(0, 10) / 2)
        rows.append(row)
    return rows


def test_csv_rows_out_equal_rows_in_with_bad_rows(tmp_path: Path) -> None:
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    rows = _clean_rows(6)
    rows[5]["编制数"] = "-3"
    write_csv(source, FW, rows)
    lines = source.read_bytes().split(b"\r\n")
    header, body = lines[0], [line for line in lines[1:] if line]
    bad_cells = b"short,1,2"
    bad_bytes = body[0].replace(b"r0,", b"\xff\xfe,", 1)
    quoted = b'"quoted\nid",' + body[2].split(b",", 1)[1]
    mixed = [body[0], bad_cells, body[1], b"", bad_bytes, quoted, body[3], body[5], body[4]]
    source.write_bytes(b"\n".join([header, *mixed]) + b"\n")
    summary = run_batch(FW, source, out)
    table = read_csv(out)[1:]
    assert len(table) == 8 == summary.records  # the blank line is not a record
    ids = [row[0] for row in table]
    assert ids == ["r0", "short", "r1", "", "quoted\nid", "r3", "r5", "r4"]
    errors = [row[-1] for row in table]
    assert errors[0] == errors[2] == errors[4] == errors[5] == errors[7] == ""
    assert "row has 3 cells" in errors[1] and f"{source}:3" in errors[1]
    assert "not valid UTF-8" in errors[3] and f"{source}:6" in errors[3]
    assert f"{source}:10: A21: 编制数" in errors[6] and "below the allowed minimum" in errors[6]
    assert summary.errors == 3
    for row in (table[1], table[3], table[6]):
        assert row[1:-1] == [""] * (len(row) - 2)  # no score on an error row
    assert table[4][2] != ""  # the record whose id holds a line break is scored


def test_error_row_names_the_field(tmp_path: Path) -> None:
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    rows = _clean_rows(3)
    rows[1]["预算安排公用经费总额"] = "about ten"
    del rows[2]["编制数"]
    write_csv(source, FW, rows)
    run_batch(FW, source, out)
    table = read_csv(out)[1:]
    assert table[0][-1] == ""
    assert "B16" in table[1][-1] and "预算安排公用经费总额" in table[1][-1]
    assert "A21" in table[2][-1] and "编制数" in table[2][-1] and "missing" in table[2][-1]


def test_jsonl_rows_out_equal_rows_in(tmp_path: Path) -> None:
    record = perfscore.load_record(ROOT / "examples" / "hecheng-2020.yaml")
    good = {"id": "h", "values": record.values, "external_scores": record.external_scores}
    lines = [
        json.dumps(good, ensure_ascii=False).encode(),
        b"{not json",
        b"[1, 2]",
        json.dumps({"id": "x", "valuez": {}}).encode(),
        b"",
        b'{"id": "\xff"}',
        json.dumps({**good, "id": 7, "values": {**record.values, "D11": 9}}).encode(),
    ]
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_bytes(b"\n".join(lines) + b"\n")
    summary = run_batch(FW, source, out)
    results = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(results) == 6 == summary.records
    assert results[0]["total"] == 99 and results[0]["error"] is None
    assert results[0]["scores"]["B16"] == 3 and results[0]["grade"] == "优"
    assert "not valid JSON" in results[1]["error"] and f"{source}:2" in results[1]["error"]
    assert "expected an object" in results[2]["error"]
    assert results[3]["id"] == "x" and "valuez" in results[3]["error"]
    assert "not valid UTF-8" in results[4]["error"] and f"{source}:6" in results[4]["error"]
    assert results[5]["id"] == "7" and "D11" in results[5]["error"]
    assert results[5]["scores"] == {} and results[5]["total"] is None


def test_external_score_columns(tmp_path: Path) -> None:
    record = perfscore.load_record(ROOT / "examples" / "hecheng-2020.yaml")
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    names = sorted(record.values)
    external = sorted(record.external_scores)
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", *names, *(f"external_scores.{c}" for c in external)])
        cells = [_cell(record.values[n]) for n in names]
        writer.writerow(["hecheng", *cells, *(record.external_scores[c] for c in external)])
    run_batch(FW, source, out)
    (row,) = read_csv(out)[1:]
    assert row == ["hecheng", "", *expected_row(FW, record)[2:]]  # the table has no 单位名称
    assert row[2] == "99.00"


def _cell(value: Any) -> str:
    return ",".join(value) if isinstance(value, list) else str(value)


# --------------------------------------------------------------------------- formats and jobs


def test_xlsx_in_and_out(tmp_path: Path) -> None:
    rows = _clean_rows(20)
    names = columns(FW)
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["id", *names])
    for i, row in enumerate(rows):
        cells: list[Any] = []
        for name in names:
            text = row[name]
            # numbers as Excel numbers; a one-item checklist typed as a number
            cells.append(
                float(text) if name in FW.fields else int(text) if text.isdigit() else text
            )
        sheet.append([i, *cells])
    source = tmp_path / "in.xlsx"
    book.save(source)
    run_batch(FW, source, tmp_path / "out.csv")
    run_batch(FW, source, tmp_path / "out.xlsx")
    table = read_csv(tmp_path / "out.csv")[1:]
    for i, row in enumerate(rows):
        record = _as_batch_reads(row, str(i), "")
        values = {
            n: (Decimal(repr(float(v))) if n in FW.fields else v) for n, v in record.values.items()
        }
        where = f"{source}:{i + 2}"  # warnings name the row, as errors do
        assert table[i] == expected_row(FW, perfscore.Record(values=values, id=str(i), file=where))
    result = openpyxl.load_workbook(tmp_path / "out.xlsx", read_only=True)
    sheet_rows = list(result.worksheets[0].iter_rows(values_only=True))
    assert list(sheet_rows[0]) == names_header(FW)
    assert len(sheet_rows) == 21
    first = sheet_rows[1]
    assert str(first[0]) == table[0][0] and first[3] == table[0][3]  # id, 等级
    assert first[1] is None and table[0][1] == ""  # no 单位名称 column in the input
    assert Decimal(str(first[2])) == Decimal(table[0][2])  # 总分
    assert Decimal(str(first[4])) == Decimal(table[0][4])  # the first indicator
    result.close()


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "xlsx"])
def test_jobs_two_gives_the_same_bytes_as_one(tmp_path: Path, fmt: str) -> None:
    rows = _clean_rows(400)
    rows[17]["编制数"] = "x"
    del rows[250]["B22"]
    source = tmp_path / "in.csv"
    write_csv(source, FW, rows)
    one, two = tmp_path / f"one.{fmt}", tmp_path / f"two.{fmt}"
    run_batch(FW, source, one, jobs=1, chunk_size=32)
    summary = run_batch(FW, source, two, jobs=2, chunk_size=32)
    assert summary.records == 400 and summary.errors == 2
    assert one.read_bytes() == two.read_bytes()


def test_jobs_output_through_the_command(tmp_path: Path) -> None:
    write_csv(tmp_path / "in.csv", FW, _clean_rows(300))
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}.csv"
        done = _perfscore("batch", "department-common", "in.csv", "-o", out.name, "--jobs", jobs,
                          cwd=tmp_path)  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert "%" not in done.stderr  # no progress bar when stderr is not a terminal
        assert "300 records" in done.stderr
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    assert outs[0].startswith("\ufeffid,单位名称,总分,等级,A 投入,A1 目标设定".encode())


def test_exit_code_and_forced_progress(tmp_path: Path) -> None:
    rows = _clean_rows(5)
    rows[2]["编制数"] = "x"
    write_csv(tmp_path / "in.csv", FW, rows)
    done = _perfscore("batch", "department-common", "in.csv", "-o", "out.csv", "--progress",
                      cwd=tmp_path)  # fmt: skip
    assert done.returncode == 1  # written in full, but one record could not be scored
    assert "100.0% 5 records" in done.stderr and "1 with errors" in done.stderr
    assert len(read_csv(tmp_path / "out.csv")) == 6
    done = _perfscore("batch", "department-common", "in.csv", "-o", "out.txt", cwd=tmp_path)
    assert done.returncode == 2 and "unknown format" in done.stderr


def _perfscore(*args: Any, cwd: Path) -> subprocess.CompletedProcess[str]:
    return processes.run(
        [sys.executable, "-m", "perfscore", *map(str, args)],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


# --------------------------------------------------------------------------- interruption


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".out"))


def test_reader_interrupted_part_way_leaves_no_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_csv(tmp_path / "in.csv", FW, _clean_rows(50))
    real = sources.Source.raws

    def interrupted(self: Any) -> Iterator[Any]:
        for n, raw in enumerate(real(self)):
            if n == 30:
                raise KeyboardInterrupt
            yield raw

    monkeypatch.setattr(sources.Source, "raws", interrupted)
    for fmt in ("csv", "xlsx", "jsonl"):
        with pytest.raises(KeyboardInterrupt):
            run_batch(FW, tmp_path / "in.csv", tmp_path / f"out.{fmt}", chunk_size=8)
        assert not (tmp_path / f"out.{fmt}").exists()
    (tmp_path / "out.csv").write_text("previous result\n", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        run_batch(FW, tmp_path / "in.csv", tmp_path / "out.csv", jobs=2, chunk_size=8)
    assert (tmp_path / "out.csv").read_text(encoding="utf-8") == "previous result\n"
    assert _leftovers(tmp_path) == []


@pytest.fixture(scope="module")
def big_input(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough records that a batch runs for a while (written fast: the same rows repeated)."""
    folder = tmp_path_factory.mktemp("big")
    write_csv(folder / "sample.csv", FW, _clean_rows(100))
    lines = (folder / "sample.csv").read_bytes().split(b"\r\n")
    header, body = lines[0], b"\r\n".join(line for line in lines[1:] if line) + b"\r\n"
    with (folder / "big.csv").open("wb") as handle:
        handle.write(header + b"\r\n")
        for _ in range(1500):
            handle.write(body)
    return folder / "big.csv"


@pytest.mark.parametrize(
    ("signum", "jobs", "code"),
    [(signal.SIGINT, "1", 130), (signal.SIGTERM, "1", 143), (signal.SIGINT, "2", 130),
     (signal.SIGTERM, "2", 143)],
)  # fmt: skip
def test_signal_mid_run_leaves_no_output(
    tmp_path: Path, big_input: Path, signum: int, jobs: str, code: int
) -> None:
    out = tmp_path / "out.csv"
    with processes.spawn(
        [sys.executable, "-m", "perfscore", "batch", "department-common", str(big_input),
         "-o", str(out), "--jobs", jobs],
        cwd=ROOT,
        preexec_fn=processes.default_interrupts,
    ) as process:  # fmt: skip
        deadline = time.monotonic() + 120
        while not any(p.stat().st_size > 0 for p in tmp_path.glob(".out.csv.*.tmp")):
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the batch never started writing"
            time.sleep(0.05)
        process.send_signal(signum)  # to the batch alone, as `kill PID` does
        # it stops within seconds (workers terminated); a minute is for a loaded machine
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == code, stderr
    assert "interrupted" in stderr and "Traceback" not in stderr
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_an_interrupted_pool_is_stopped_in_bounded_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """`Pool.terminate()` can wait for ever on a handler thread; `_stop` gives it STOP_SECONDS,
    then kills and reaps the pool's own workers."""
    import multiprocessing
    import threading

    from perfscore.batch import pool

    class StuckPool:
        def terminate(self) -> None:
            threading.Event().wait()  # never returns

    worker = multiprocessing.Process(target=time.sleep, args=(300,), daemon=True)
    worker.start()
    monkeypatch.setattr(pool, "STOP_SECONDS", 0.5)
    try:
        pool._stop(StuckPool(), [worker])
        assert not worker.is_alive() and worker.exitcode is not None
    finally:
        if worker.is_alive():
            worker.kill()
        worker.join(10)
