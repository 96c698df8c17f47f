"""The Dask example (examples/distributed/dask_bag.py) gives what `evaluate_many` gives."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import processes
import pytest

import perfscore
from perfscore.batch import record_from_object, run_batch

#: these tests start worker or child processes: each has its own bound, below the suite's 300 s
pytestmark = pytest.mark.timeout(240)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "distributed" / "dask_bag.py"


def _example() -> Any:
    spec = importlib.util.spec_from_file_location("dask_bag_example", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _records() -> list[dict[str, Any]]:
    base = perfscore.load_record(ROOT / "examples" / "hecheng-2020.yaml")
    records = []
    for i in range(60):
        values = dict(base.values)
        values["在职人员数"] = 25 + i % 20  # 控制率 above and below 100%
        values["实际支出公用经费总额"] = f"{70 + i}万元"
        if i % 13 == 5:
            values["编制数"] = "unknown"  # bad data: an error row, in its place
        records.append(
            {"id": f"unit-{i}", "values": values, "external_scores": base.external_scores}
        )
    records.append({"id": "odd", "valuez": {}})
    return records


def test_dask_bag_on_a_local_scheduler_equals_evaluate_many() -> None:
    example = _example()
    records = _records()
    got = example.score_with_dask(records, partitions=3, scheduler="processes")
    fw = perfscore.load_framework("department-common")
    want = [r.as_dict() for r in fw.evaluate_many(record_from_object(r) for r in records)]
    assert len(got) == len(records) == len(want)
    assert [g["id"] for g in got] == [r["id"] for r in records]
    for g, w in zip(got, want, strict=True):
        assert g["total"] == w["total"] and g["scores"] == w["scores"] and g["grade"] == w["grade"]
        assert (g["error"] is None) == (w["error"] is None)
    assert sum(1 for g in got if g["error"]) == 6
    assert "编制数" in got[5]["error"] and "valuez" in got[-1]["error"]
    scores = {g["scores"]["A21"] for g in got if g["error"] is None}
    assert len(scores) > 1  # the records differ, and so do their scores


def test_dask_example_command(tmp_path: Path) -> None:
    source = tmp_path / "records.jsonl"
    source.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in _records()) + "\n", encoding="utf-8"
    )
    out = tmp_path / "scores.jsonl"
    done = processes.run(
        [sys.executable, str(EXAMPLE), str(source), "-o", str(out), "--partitions", "2"],
        timeout=180,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    batch_out = tmp_path / "batch.jsonl"
    run_batch(perfscore.load_framework("department-common"), source, batch_out)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    expected = [json.loads(line) for line in batch_out.read_text(encoding="utf-8").splitlines()]
    assert [(r["id"], r["total"], r["scores"]) for r in lines] == [
        (r["id"], r["total"], r["scores"]) for r in expected
    ]


def test_the_core_does_not_import_dask() -> None:
    code = (
        "import sys, perfscore, perfscore.batch, perfscore.engine.plan, perfscore.cli\n"
        "perfscore.cli._load_commands()\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'dask'], 'dask imported'\n"
    )
    done = processes.run([sys.executable, "-c", code], cwd=ROOT)
    assert done.returncode == 0, done.stderr
