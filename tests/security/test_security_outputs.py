"""Outputs neutralise formula injection (OWASP CSV injection): text from data or frameworks that
a spreadsheet could run as a formula is written as text — a leading `'` in csv, typed text with
Excel's quote prefix in xlsx, escaped in html — by score, batch and template; numbers stay
numbers; `--raw-text` (raw_text=True) gives the raw text back; jsonl is not a spreadsheet."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from security_support import FRAMEWORK, GOOD, framework

from perfscore import Record
from perfscore.batch import run_batch
from perfscore.cli import main
from perfscore.forms.csv_writer import write_form_csv
from perfscore.forms.writer import write_form
from perfscore.injection import is_dangerous, is_number_text, neutralise, restore
from perfscore.readers import read_form
from perfscore.render import FORMATS

#: Every dangerous start OWASP lists, the full-width forms, and one after leading blanks.
HOSTILE = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example","点击")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "＝1+1",
    "＋1",
    "－1+1",
    "＠SUM(A1)",
    "  =1+1",
]
#: Text that is exactly a number is what the output means: never changed.
NUMBERS = ["-1", "-3.5", "+2", "0", "12.50", "-0.25"]


def _yaml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML string


def _named(name: str) -> Any:
    """The security framework with C1 named `name`."""
    return framework(FRAMEWORK.replace("name: 满意度", f"name: {_yaml_string(name)}"))


def _csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


# --------------------------------------------------------------------------- the rule


@pytest.mark.parametrize("text", HOSTILE)
def test_every_dangerous_start_is_neutralised(text: str) -> None:
    assert is_dangerous(text)
    assert neutralise(text) == "'" + text
    assert restore(neutralise(text)) == text


@pytest.mark.parametrize("text", [*NUMBERS, "", "满意度", "A1", "'x", "1=1", "总分-1"])
def test_numbers_and_plain_text_are_unchanged(text: str) -> None:
    assert not is_dangerous(text)
    assert neutralise(text) == text
    assert restore(text) == text


def test_quoted_dangerous_text_gets_one_more_quote() -> None:
    """A user's own "'=x" is not a formula, but `restore` would take its quote: so it is written
    "''=x" and reads back as "'=x"."""
    assert not is_dangerous("'=x")
    assert neutralise("'=x") == "''=x"
    assert restore("''=x") == "'=x" and restore("'=x") == "=x"


@given(st.text())
def test_neutralised_text_is_safe_and_restores(text: str) -> None:
    safe = neutralise(text)
    assert not is_dangerous(safe)
    assert safe == text or safe == "'" + text
    assert restore(safe) == text


@given(st.decimals(allow_nan=False, allow_infinity=False, places=4))
def test_a_number_string_is_never_changed(number: Any) -> None:
    text = format(number, "f")
    assert is_number_text(text)
    assert neutralise(text) == text


# --------------------------------------------------------------------------- score


@pytest.mark.parametrize("name", HOSTILE)
def test_score_csv_neutralises_names(name: str) -> None:
    result = _named(name).evaluate(GOOD)
    rows = _csv_rows(str(FORMATS["csv"](result)))
    c1 = next(row for row in rows if row[0] == "C1")
    assert c1[2] == "'" + name
    assert c1[4] == "3"  # a score stays a plain number
    raw = _csv_rows(str(FORMATS["csv"](result, raw_text=True)))
    assert next(row for row in raw if row[0] == "C1")[2] == name


def test_score_csv_keeps_numbers_as_numbers() -> None:
    result = framework().evaluate(GOOD)
    rows = _csv_rows(str(FORMATS["csv"](result)))
    assert all(not cell.startswith("'") for row in rows for cell in row)


def _xlsx(data: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(data))


def _cells(book: Any) -> list[Any]:
    return [cell for ws in book.worksheets for row in ws.iter_rows() for cell in row]


@pytest.mark.parametrize("raw_text", [False, True])
@pytest.mark.parametrize("name", ['=HYPERLINK("http://evil.example","x")', "@SUM(A1)", "-2+3"])
def test_score_xlsx_writes_text_as_text(name: str, raw_text: bool) -> None:
    record = Record(values=dict(GOOD), title=name)  # the title starts the sheet's first cell
    data = FORMATS["xlsx"](_named(name).evaluate(record), raw_text=raw_text)
    assert isinstance(data, bytes)
    cells = [c for c in _cells(_xlsx(data)) if isinstance(c.value, str) and name in c.value]
    assert len(cells) > 1  # the title and C1's labels
    for cell in cells:
        assert cell.data_type == "s"  # never "f", a formula
        assert bool(cell.quotePrefix) is (is_dangerous(cell.value) and not raw_text)
    assert any(is_dangerous(c.value) for c in cells)


def test_score_xlsx_scores_stay_numbers() -> None:
    book = _xlsx(bytes(FORMATS["xlsx"](framework().evaluate(GOOD))))
    numbers = [c.value for c in _cells(book) if c.data_type == "n" and c.value is not None]
    assert 6 in numbers and 10 in numbers  # total and maximum


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def test_score_html_escapes_markup_and_links() -> None:
    hostile = '<a href="javascript:alert(1)">x</a><script>alert(1)</script><img src=x onerror=1>'
    page = str(FORMATS["html"](_named('=HYPERLINK("http://evil")' + hostile).evaluate(GOOD)))
    parser = _Tags()
    parser.feed(page)
    names = {tag for tag, _ in parser.tags}
    assert not names & {"a", "script", "img", "iframe"}
    for _, attrs in parser.tags:
        for key, value in attrs:
            assert not key.startswith("on")
            assert not (value or "").lower().startswith("javascript:")
    assert "&lt;script&gt;" in page


def test_score_command_raw_text_switch(tmp_path: Path) -> None:
    fw = tmp_path / "fw.yaml"
    fw.write_text(FRAMEWORK.replace("name: 满意度", 'name: "=1+1"'), encoding="utf-8")
    data = tmp_path / "data.json"
    data.write_text(json.dumps(GOOD, ensure_ascii=False), encoding="utf-8")
    safe, raw = tmp_path / "safe.csv", tmp_path / "raw.csv"
    assert main(["score", str(fw), str(data), "-o", str(safe)]) == 0
    assert main(["score", str(fw), str(data), "-o", str(raw), "--raw-text"]) == 0
    assert "'=1+1" in safe.read_text(encoding="utf-8-sig")
    raw_rows = _csv_rows(raw.read_text(encoding="utf-8-sig"))
    assert next(row for row in raw_rows if row[0] == "C1")[2] == "=1+1"


# --------------------------------------------------------------------------- batch


def _batch_input(tmp_path: Path, ids: list[str]) -> Path:
    source = tmp_path / "records.csv"
    with source.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(
            ["id", "预算数", "执行数", "违规", "external_scores.C1", "external_scores.D1"]
        )
        for record_id in ids:
            writer.writerow([record_id, "100", "97", "否", "3", "2"])
    return source


#: Batch ids (a csv field's "\r" is read as a line end: the tab stands for the control starts).
IDS = [*(text for text in HOSTILE if not text.startswith("\r")), "-5"]


@pytest.mark.parametrize("raw_text", [False, True])
def test_batch_csv_neutralises_ids(tmp_path: Path, raw_text: bool) -> None:
    out = tmp_path / "out.csv"
    summary = run_batch(framework(), _batch_input(tmp_path, IDS), out, raw_text=raw_text)
    assert summary.records == len(IDS) and summary.errors == 0
    rows = _csv_rows(out.read_text(encoding="utf-8-sig"))[1:]
    assert len(rows) == len(IDS)
    for record_id, row in zip(IDS, rows, strict=True):
        dangerous = is_dangerous(record_id) and not raw_text
        assert row[0] == ("'" + record_id if dangerous else record_id)
        assert Decimal(row[2]) == 6  # the total is a number, never prefixed
    assert rows[-1][0] == "-5"


@pytest.mark.parametrize("raw_text", [False, True])
def test_batch_xlsx_ids_are_text_not_formulas(tmp_path: Path, raw_text: bool) -> None:
    out = tmp_path / "out.xlsx"
    run_batch(framework(), _batch_input(tmp_path, IDS), out, raw_text=raw_text)
    ws = openpyxl.load_workbook(out).active
    rows = list(ws.iter_rows(min_row=2))
    assert len(rows) == len(IDS)
    for record_id, row in zip(IDS, rows, strict=True):
        assert row[0].data_type == "s"
        assert row[0].value == record_id
        assert bool(row[0].quotePrefix) is (is_dangerous(record_id) and not raw_text)
        assert row[2].data_type == "n" and row[2].value == 6


def test_batch_jsonl_stays_raw(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    run_batch(framework(), _batch_input(tmp_path, IDS), out)
    ids = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert ids == IDS


def test_batch_command_raw_text_switch(tmp_path: Path) -> None:
    fw = tmp_path / "fw.yaml"
    fw.write_text(FRAMEWORK, encoding="utf-8")
    source = _batch_input(tmp_path, ["=1+1"])
    safe, raw = tmp_path / "safe.csv", tmp_path / "raw.csv"
    assert main(["batch", str(fw), str(source), "-o", str(safe), "--no-progress"]) == 0
    assert main(["batch", str(fw), str(source), "-o", str(raw), "--raw-text"]) == 0
    assert _csv_rows(safe.read_text(encoding="utf-8-sig"))[1][0] == "'=1+1"
    assert _csv_rows(raw.read_text(encoding="utf-8-sig"))[1][0] == "=1+1"


# --------------------------------------------------------------------------- template


def _record(record_id: str) -> Record:
    return Record(values=dict(GOOD), id=record_id, title="@SUM(A1)")


def test_template_csv_neutralises_names_and_values() -> None:
    text = write_form_csv(_named('=HYPERLINK("http://evil")'), _record("=1+1"))
    rows = _csv_rows(text)
    cells = [cell for row in rows for cell in row]
    assert "'=1+1" in cells and "'@SUM(A1)" in cells
    assert any(cell.startswith("'=HYPERLINK") for cell in cells)
    assert all(not is_dangerous(cell) for cell in cells)
    raw = [c for row in _csv_rows(write_form_csv(_named("=x"), _record("=1+1"), raw_text=True))
           for c in row]  # fmt: skip
    assert "=1+1" in raw


@pytest.mark.parametrize("raw_text", [False, True])
def test_template_xlsx_text_cells_are_text(raw_text: bool) -> None:
    data = write_form(_named('=HYPERLINK("http://evil")'), _record("=1+1"), raw_text=raw_text)
    cells = [c for c in _cells(_xlsx(data)) if isinstance(c.value, str)]
    hostile = [c for c in cells if is_dangerous(c.value)]
    assert {c.value for c in hostile} >= {"=1+1", "@SUM(A1)"}
    for cell in cells:
        assert cell.data_type == "s"
    for cell in hostile:
        assert bool(cell.quotePrefix) is not raw_text


def test_template_forms_read_back(tmp_path: Path) -> None:
    """A form filled in from a record reads back as that record, csv and xlsx alike, a
    dangerous id too: csv quotes it and the reader drops the quote; in xlsx the quote prefix is
    a style, not text."""
    fw = framework()
    record = Record(values=dict(GOOD), id="R-1", title="某项目")
    expected = fw.evaluate(record).total
    path = tmp_path / "form.csv"
    path.write_text(write_form_csv(fw, record), encoding="utf-8")
    back = read_form(path)
    assert back.id == "R-1" and fw.evaluate(back).total == expected
    hostile = Record(values=dict(GOOD), id="=1+1", title="@某项目")
    path.write_text(write_form_csv(fw, hostile), encoding="utf-8")
    assert "'=1+1" in path.read_text(encoding="utf-8")
    back = read_form(path)
    assert (back.id, back.title) == ("=1+1", "@某项目") and fw.evaluate(back).total == expected
    xlsx = tmp_path / "form.xlsx"
    xlsx.write_bytes(write_form(fw, hostile))
    back = read_form(xlsx)
    assert back.id == "=1+1" and fw.evaluate(back).total == expected


def test_batch_workers_neutralise_too(tmp_path: Path) -> None:
    """With worker processes the chunks are formatted in the workers: the switch reaches them."""
    source = _batch_input(tmp_path, ["=1+1", "-5"] * 3)
    safe, raw = tmp_path / "safe.csv", tmp_path / "raw.csv"
    run_batch(framework(), source, safe, jobs=2, chunk_size=2)
    run_batch(framework(), source, raw, jobs=2, chunk_size=2, raw_text=True)
    assert [r[0] for r in _csv_rows(safe.read_text(encoding="utf-8-sig"))[1:]] == [
        "'=1+1",
        "-5",
    ] * 3
    assert [r[0] for r in _csv_rows(raw.read_text(encoding="utf-8-sig"))[1:]] == ["=1+1", "-5"] * 3


def test_template_command_raw_text_switch(tmp_path: Path) -> None:
    fw = tmp_path / "fw.yaml"
    fw.write_text(FRAMEWORK.replace("name: 满意度", 'name: "@SUM(A1)"'), encoding="utf-8")
    safe, raw = tmp_path / "safe.csv", tmp_path / "raw.csv"
    assert main(["template", str(fw), "-o", str(safe)]) == 0
    assert main(["template", str(fw), "-o", str(raw), "--raw-text"]) == 0
    safe_cells = {c for row in _csv_rows(safe.read_text(encoding="utf-8-sig")) for c in row}
    raw_cells = {c for row in _csv_rows(raw.read_text(encoding="utf-8-sig")) for c in row}
    assert any(c.startswith("'@SUM(A1)") for c in safe_cells)
    assert not any(is_dangerous(c) for c in safe_cells)
    assert any(c.startswith("@SUM(A1)") for c in raw_cells)
