"""JSON DATA — a record file or a flat mapping of values — goes through the same bounded reader
as YAML and JSON record files (docs/security.md §2): duplicate keys refused, nesting bounded, the
size limit applied, numbers exact. A flat mapping used to go through a bare json.loads: a
100,000-deep list was a RecursionError traceback, a duplicate key silently last-wins, a 60 MB
file accepted past the limit."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from perfscore import DataError
from perfscore.readers import read_data
from perfscore.yamlio import MAX_FILE_BYTES


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
