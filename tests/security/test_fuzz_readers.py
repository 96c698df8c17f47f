"""Fuzzing every reader and writer (issue 13, item 8): damaged xlsx forms and tables, damaged
csv forms and tables, arbitrary json and jsonl go to the readers; generated results with hostile
text go to every writer (score's csv, xlsx, html, json, md; batch's csv, xlsx, jsonl). Each
ends in a record (a result, a file) or a PerfscoreError — nothing else, no hang (the alarm of
security_support.hang_guard) — and a batch writes one row per record read: rows out = rows in.
`tests/security/atheris_fuzz.py` feeds the same readers coverage-guided (by hand)."""

from __future__ import annotations

import csv
import io
import json
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import hostile_files as hostile
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from security_support import FRAMEWORK, GOOD, hang_guard
from test_fuzz import FUZZ, outcome

import perfscore
from perfscore import PerfscoreError
from perfscore.batch import run_batch
from perfscore.cli import main
from perfscore.readers import read_data
from perfscore.render import FORMATS

#: what damage inserts into sheet XML: what openpyxl and calamine trip on, and what is hostile
XML_TOKENS = [
    hostile.FAR_ROW, '<row r="0">', '<row r="99999999">', '<c r="XFD1">', '<c r="A0">',
    '<c r="B2" t="s"><v>99999</v></c>', '<c r="C3" t="b"><v>7</v></c>', '<c r="C3" t="e">',
    '<c r="D4" s="9999"><v>1</v></c>', '<c r="E5"><v>1e999</v></c>', '<c><v>nan</v></c>',
    '<mergeCell ref="A1:B2"/>', '<mergeCell ref="A20:XFD1048576"/>', '<mergeCell ref="B2"/>',
    '<mergeCells count="1"><mergeCell ref="A1:XFD1"/></mergeCells>', '<dimension ref="A1"/>',
    "</row>", "</sheetData>", "<", ">", '"', "&amp;", "&#0;", "&x;", "<!DOCTYPE x>",
    "<f>1+1</f>", '<c r="A1" t="inlineStr"><is><t>=cmd|\' /C calc\'!A0</t></is></c>',
]  # fmt: skip
HOSTILE_TEXT = st.sampled_from(
    ["=1+1", "+1", "-x", "@SUM(A1)", "\t=1", "＝1", "'=1", "<script>x</script>", "a,b", 'a"b',
     "a\nb", "\r", "", " ", "9" * 300, "\x00", "\ud800"[:0] + "中文", "=HYPERLINK(\"x\")"]
) | st.text(max_size=30)  # fmt: skip
XML_DAMAGE = st.lists(
    st.tuples(st.integers(0, 1 << 16), st.integers(0, 40), st.sampled_from(XML_TOKENS)),
    min_size=1,
    max_size=4,
)
SLOW = settings(FUZZ, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _damage(data: bytes, edits: list[tuple[int, int, str]]) -> bytes:
    """`data` with each edit: at a position, cut some bytes and insert a token."""
    for where, cut, token in edits:
        at = where % (len(data) + 1)
        data = data[:at] + token.encode() + data[at + cut :]
    return data


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The framework, a filled-in xlsx form and csv form of it, and a table of three records."""
    folder = tmp_path_factory.mktemp("made")
    framework = folder / "security.yaml"
    framework.write_text(FRAMEWORK, encoding="utf-8")
    record = folder / "record.json"
    record.write_text(json.dumps({"id": "u1", "values": GOOD}, ensure_ascii=False), "utf-8")
    for suffix in ("xlsx", "csv"):
        out = str(folder / f"form.{suffix}")
        assert main(["template", str(framework), "-o", out, "--from", str(record)]) == 0
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["id", *GOOD])
    for i in range(3):
        ws.append([f"u{i}", *GOOD.values()])
    wb.save(folder / "table.xlsx")
    return {"framework": framework, "xlsx": folder / "form.xlsx", "csv": folder / "form.csv",
            "table": folder / "table.xlsx"}  # fmt: skip


def _fw(made: dict[str, Path]) -> perfscore.Framework:
    return perfscore.load_framework(made["framework"])


def _sheets(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as book:
        return [n for n in book.namelist() if n.endswith(".xml")]


@SLOW
@given(st.data(), XML_DAMAGE)
def test_damaged_xlsx_forms_read_or_are_refused(
    made: dict[str, Path], data: st.DataObject, edits: list[tuple[int, int, str]]
) -> None:
    part = data.draw(st.sampled_from(_sheets(made["xlsx"])))
    with tempfile.TemporaryDirectory() as tmp:
        bad = Path(tmp, "bad.xlsx")
        hostile.rewrite(made["xlsx"], bad, part, lambda xml: _damage(xml, edits))
        record = outcome(read_data, bad)
        if not isinstance(record, PerfscoreError):
            outcome(_fw(made).evaluate, record)
        # the batch path: the form is one row, scored or an error, whatever the damage
        summary = outcome(run_batch, _fw(made), [bad, made["xlsx"]], Path(tmp, "out.csv"))
        assert not isinstance(summary, PerfscoreError), summary
        assert summary.records == 2
        rows = list(csv.reader(io.StringIO(Path(tmp, "out.csv").read_text("utf-8-sig"))))
        assert len(rows) == 3


@SLOW
@given(XML_DAMAGE, st.lists(st.integers(0, 6), max_size=3), st.booleans())
def test_damaged_xlsx_tables_score_every_row_or_are_refused(
    made: dict[str, Path], edits: list[tuple[int, int, str]], gaps: list[int], merge: bool
) -> None:
    """A table with blank rows, merged cells and damaged XML: one error for the file, or one
    row out per non-blank row in, with its id."""
    with tempfile.TemporaryDirectory() as tmp:
        wb = openpyxl.load_workbook(made["table"])
        ws = wb.active
        for gap in sorted(gaps, reverse=True):
            ws.insert_rows(min(gap, ws.max_row) + 2)
        if merge:
            ws.merge_cells("B2:C2")
        source = Path(tmp, "table.xlsx")
        wb.save(source)
        if edits:
            hostile.rewrite(source, source.with_suffix(".tmp.xlsx"), hostile_sheet(source),
                            lambda x: _damage(x, edits))  # fmt: skip
            source = source.with_suffix(".tmp.xlsx")
        out = Path(tmp, "out.jsonl")
        summary = outcome(run_batch, _fw(made), source, out)
        if isinstance(summary, PerfscoreError):
            assert not out.exists()
            return
        lines = out.read_text("utf-8").splitlines()
        assert len(lines) == summary.records
        ids = [json.loads(line)["id"] for line in lines]
        assert len(ids) == len(set(i for i in ids if i is not None)) + ids.count(None)


def hostile_sheet(path: Path) -> str:
    return next(n for n in _sheets(path) if n.startswith("xl/worksheets/"))


@FUZZ
@given(st.lists(st.tuples(st.integers(0, 1 << 14), st.integers(0, 8),
                          st.sampled_from(['"', ",", "\n", "\r", "=1", "\x00", "类别", "得分"])),
                max_size=6))  # fmt: skip
def test_damaged_csv_forms_read_or_are_refused(
    made: dict[str, Path], edits: list[tuple[int, int, str]]
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        bad = Path(tmp, "bad.csv")
        bad.write_bytes(_damage(made["csv"].read_bytes(), edits))
        record = outcome(read_data, bad)
        if not isinstance(record, PerfscoreError):
            outcome(_fw(made).evaluate, record)


@FUZZ
@given(st.one_of(st.binary(max_size=300), st.builds(
    lambda value: json.dumps(value, ensure_ascii=False).encode(),
    st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | HOSTILE_TEXT,
                 lambda inner: st.lists(inner, max_size=3)
                 | st.dictionaries(st.sampled_from([*GOOD, "id", "values", "x"]), inner,
                                   max_size=4)))))  # fmt: skip
def test_arbitrary_json_data_reads_or_is_refused(made: dict[str, Path], content: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "data.json")
        path.write_bytes(content)
        record = outcome(read_data, path)
        if not isinstance(record, PerfscoreError):
            outcome(_fw(made).evaluate, record)


@FUZZ
@given(st.lists(st.one_of(
    st.builds(lambda rid, v: json.dumps({"id": rid, "values": {"预算数": v}}), HOSTILE_TEXT,
              HOSTILE_TEXT),
    st.text(max_size=40).filter(lambda t: "\n" not in t and "\r" not in t),
    st.sampled_from(['{"id": "a", "id": "b"}', '{"values": NaN}', "[" * 5000, '{"id": 1}']),
), min_size=1, max_size=8))  # fmt: skip
def test_arbitrary_jsonl_lines_are_each_one_row(made: dict[str, Path], lines: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp, "in.jsonl")
        source.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
        out = Path(tmp, "out.jsonl")
        summary = outcome(run_batch, _fw(made), source, out)
        assert not isinstance(summary, PerfscoreError), summary
        written = out.read_text("utf-8").splitlines()
        assert len(written) == summary.records == sum(1 for line in lines if line.strip())


@FUZZ
@given(st.lists(st.tuples(HOSTILE_TEXT, HOSTILE_TEXT), min_size=1, max_size=6),
       st.sampled_from(["csv", "xlsx", "jsonl"]))  # fmt: skip
def test_batch_writers_write_one_row_per_record(
    made: dict[str, Path], records: list[tuple[str, str]], fmt: str
) -> None:
    """Hostile ids and values (formula starts, quotes, newlines, NUL) through each batch
    writer: the output reads back with one row per record, each id as it was (csv and xlsx
    after restoring the neutralised text; xlsx keeps the text and marks the cell)."""
    from perfscore.injection import restore

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp, "in.jsonl")
        lines = [json.dumps({"id": rid, "values": {**GOOD, "预算数": v}}) for rid, v in records]
        source.write_text("\n".join(lines) + "\n", encoding="utf-8")
        out = Path(tmp, f"out.{fmt}")
        with hang_guard():
            summary = run_batch(_fw(made), source, out)
        assert summary.records == len(records)
        ids = _read_ids(out, fmt)
        assert [restore(i) if fmt == "csv" else i for i in ids] == [
            _as_written(rid, fmt) for rid, _ in records
        ]


def _read_ids(out: Path, fmt: str) -> list[Any]:
    if fmt == "jsonl":
        return [json.loads(line)["id"] for line in out.read_text("utf-8").splitlines()]
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(out.read_text("utf-8-sig"), newline="")))
        return [row[0] for row in rows[1:]]
    wb = openpyxl.load_workbook(out, read_only=True)
    try:
        return [row[0] or "" for row in list(wb.worksheets[0].iter_rows(values_only=True))[1:]]
    finally:
        wb.close()


def _as_written(rid: str, fmt: str) -> str:
    """An id as each writer can carry it: xlsx drops what XML cannot hold (control characters)."""
    if fmt == "xlsx":
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        return str(ILLEGAL_CHARACTERS_RE.sub("", rid))
    return rid


@FUZZ
@given(st.lists(HOSTILE_TEXT, min_size=1, max_size=3), HOSTILE_TEXT)
def test_every_score_format_writes_hostile_text(
    made: dict[str, Path], notes: list[str], rid: str
) -> None:
    """A result whose id and title are hostile text, through every renderer."""
    fw = _fw(made)
    result = outcome(fw.evaluate, perfscore.Record(values=dict(GOOD), id=rid, title=notes[0]))
    assert not isinstance(result, PerfscoreError), result
    for name, renderer in FORMATS.items():
        with hang_guard():
            written = renderer(result)
        assert written, name
        if name == "json":
            assert json.loads(str(written))["record"] == rid
