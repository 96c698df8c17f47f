"""The xlsx a batch writes is stamped with the latest input's modification time (so that the same
input gives the same bytes); a zip entry holds only 1980–2107, and an input dated outside that
must not cost the run its output (it used to end in a struct.error after scoring everything)."""

from __future__ import annotations

import datetime
import json
import os
import zipfile
from pathlib import Path

import pytest

import perfscore
from perfscore.cli import main

ROOT = Path(__file__).resolve().parent.parent


def _input(tmp_path: Path, year: int) -> Path:
    record = perfscore.load_record(ROOT / "examples" / "hecheng-2020.yaml")
    path = tmp_path / "units.jsonl"
    line = {"id": "u1", "values": record.values, "external_scores": record.external_scores}
    path.write_text(json.dumps(line, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    when = datetime.datetime(year, 6, 1, tzinfo=datetime.UTC).timestamp()
    os.utime(path, (when, when))
    return path


@pytest.mark.parametrize(("year", "stamped"), [(2200, (2107, 12, 31)), (1970, (1980, 1, 1))])
def test_an_input_dated_outside_zip_times_still_gives_the_xlsx(
    tmp_path: Path, year: int, stamped: tuple[int, int, int]
) -> None:
    out = tmp_path / "scores.xlsx"
    assert main(["batch", "department-common", str(_input(tmp_path, year)), "-o", str(out)]) == 0
    with zipfile.ZipFile(out) as book:
        assert {info.date_time[:3] for info in book.infolist()} == {stamped}
        assert "xl/worksheets/sheet1.xml" in book.namelist()


def test_an_input_dated_within_zip_times_keeps_its_date(tmp_path: Path) -> None:
    out = tmp_path / "scores.xlsx"
    assert main(["batch", "department-common", str(_input(tmp_path, 2021)), "-o", str(out)]) == 0
    with zipfile.ZipFile(out) as book:
        assert {info.date_time[:2] for info in book.infolist()} == {(2021, 6)}
