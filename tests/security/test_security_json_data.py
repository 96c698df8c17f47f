"""JSON DATA — a record file or a flat mapping of values — goes through the same bounded reader
as YAML and JSON record files (docs/security.md §2): duplicate keys refused, nesting bounded, the
size limit applied, numbers exact. A flat mapping used to go through a bare json.loads: a
100,000-deep list was a RecursionError traceback, a duplicate key silently last-wins, a 60 MB
file accepted past the limit."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from perfscore import DataError, load_framework, load_record
from perfscore.batch import run_batch
from perfscore.readers import read_data
from perfscore.yamlio import MAX_FILE_BYTES

ROOT = Path(__file__).resolve().parents[2]


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "data.json"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "text", ['{"编制数": 37, "编制数": 31}', '{"values": {"编制数": 37, "编制数": 31}}']
)
def test_a_duplicate_key_is_refused_in_both_shapes(tmp_path: Path, text: str) -> None:
    with pytest.raises(DataError) as caught:
        read_data(_write(tmp_path, text))
    assert "编制数" in caught.value.message
    assert caught.value.file == str(tmp_path / "data.json")


def test_deep_nesting_is_a_perfscore_error_not_a_traceback(tmp_path: Path) -> None:
    with pytest.raises(DataError) as caught:
        read_data(_write(tmp_path, '{"x": ' + "[" * 100_000 + "]" * 100_000 + "}"))
    assert caught.value.file == str(tmp_path / "data.json")


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, '{"编制数": 37' + " " * MAX_FILE_BYTES + "}")
    with pytest.raises(DataError) as caught:
        read_data(path)
    assert str(MAX_FILE_BYTES) in caught.value.message


def test_flat_numbers_are_exact_and_the_mapping_is_the_values(tmp_path: Path) -> None:
    record = read_data(_write(tmp_path, '{"编制数": 37, "预算数": 100.00000000000000001}'))
    assert record.values == {"编制数": 37, "预算数": Decimal("100.00000000000000001")}
    assert record.id == "data"


def test_nan_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DataError):
        read_data(_write(tmp_path, '{"编制数": NaN}'))


def test_a_jsonl_line_with_a_duplicate_key_is_an_error_row_and_the_rest_score(
    tmp_path: Path,
) -> None:
    record = load_record(ROOT / "examples" / "hecheng-2020.yaml")
    line = {"id": "u1", "values": record.values, "external_scores": record.external_scores}
    good = json.dumps(line, ensure_ascii=False, default=str)
    twice = good.replace('{"id": "u1"', '{"id": "u2", "id": "u3"', 1)
    nan = good.replace('{"id": "u1"', '{"id": "u4", "x": NaN', 1)
    source = tmp_path / "units.jsonl"
    source.write_text("\n".join([good, twice, nan, good.replace("u1", "u5")]) + "\n", "utf-8")
    out = tmp_path / "out.jsonl"
    run_batch(load_framework("department-common"), [source], out)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 4
    assert [r["error"] is None for r in rows] == [True, False, False, True]
    assert "'id'" in rows[1]["error"] and f"{source}:2" in rows[1]["error"]
    assert f"{source}:3" in rows[2]["error"]
