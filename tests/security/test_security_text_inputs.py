"""Text inputs read within bounds (issue 13, items 5 and 8 of the work left): a jsonl or CSV
table line of any length costs at most `MAX_LINE_CHARS` and is one error row, the next lines
still scoring; a CSV form is read with a bounded read, not whole."""

from __future__ import annotations

import json
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from security_support import FRAMEWORK

import perfscore
from perfscore.batch import run_batch
from perfscore.encodings import MAX_LINE_CHARS, MAX_TEXT_BYTES, LongLine, bounded_lines
from perfscore.errors import DataError
from perfscore.readers import read_data

pytestmark = pytest.mark.usefixtures("english")  # it checks the English wording

HUGE = 24 << 20  # characters in the one long line: far beyond the limit
GOOD = {"预算数": "100万元", "执行数": "97万元", "违规": "否", "C1": "3", "D1": "2"}


@pytest.fixture
def fw(tmp_path: Path) -> perfscore.Framework:
    path = tmp_path / "security.yaml"
    path.write_text(FRAMEWORK, encoding="utf-8")
    return perfscore.load_framework(path)


def _peak(action: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _jsonl(path: Path) -> Path:
    good = json.dumps({"id": "a", "values": GOOD}, ensure_ascii=False)
    with path.open("w", encoding="utf-8") as out:
        out.write(good + "\n")
        out.write('{"id": "long", "values": {"x": "' + "9" * HUGE + '"}}\n')
        out.write(good.replace('"a"', '"b"') + "\n")
    return path


def _csv(path: Path) -> Path:
    with path.open("w", encoding="utf-8") as out:
        out.write("id,预算数,执行数,违规,C1,D1\n")
        out.write("a,100万元,97万元,否,3,2\n")
        out.write("long," + "9" * HUGE + ",97万元,否,3,2\n")
        out.write("b,100万元,97万元,否,3,2\n")
    return path


@pytest.mark.parametrize("make", [_jsonl, _csv], ids=["jsonl", "csv"])
def test_a_huge_line_is_one_error_row_read_in_bounded_memory(
    fw: perfscore.Framework, tmp_path: Path, make: Callable[[Path], Path]
) -> None:
    source = make(tmp_path / f"in.{make.__name__[1:]}")
    out = tmp_path / "out.jsonl"
    peak = _peak(lambda: run_batch(fw, source, out))
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    # rows out = rows in; a CSV line's id is read from its start (the first 200 characters)
    assert [row["id"] for row in rows] == ["a", "long" if make is _csv else None, "b"]
    assert f"longer than {MAX_LINE_CHARS:,}".replace(",", "") in rows[1]["error"].replace(",", "")
    assert rows[0]["error"] is None and rows[2]["error"] is None
    assert peak < 8 * MAX_LINE_CHARS < HUGE  # the line was never held whole


def test_bounded_lines_keeps_every_short_line_and_marks_long_ones(tmp_path: Path) -> None:
    import io

    text = "a\n" + "x" * 50 + "\r\n" + "y" * 10 + "\nz"
    lines = list(bounded_lines(io.StringIO(text, newline=""), limit=20))
    assert [lines[0], *lines[2:]] == ["a\n", "y" * 10 + "\n", "z"]
    assert isinstance(lines[1], LongLine) and set(lines[1]) == {"x"}
    assert [isinstance(line, LongLine) for line in lines] == [False, True, False, False]


def test_a_csv_form_is_read_with_a_bounded_read(tmp_path: Path) -> None:
    big = tmp_path / "form.csv"
    with big.open("w", encoding="utf-8") as out:
        out.write("类别,字段,填写值\n")
        line = "基础数据,编制数," + "9" * 1000 + "\n"
        out.write(line * (MAX_TEXT_BYTES // len(line) + 10))
    with pytest.raises(DataError, match="larger than"):
        read_data(big)
