"""Every file people actually have: CSV in UTF-8, UTF-8 with BOM, GB18030/GBK (what Excel and WPS
save on a Chinese Windows) through score, explain, reconcile, forms and batch alike; .xls, .ods
and WPS .et workbooks (python-calamine) as DATA and in batch; a folder batch in which every file
is read or is an error row naming it.

The .xls/.ods fixtures in tests/fixtures/sheets were written by LibreOffice 7 (soffice
--headless --convert-to xls|ods) from .xlsx files that perfscore and openpyxl wrote (see
tests/fixtures/sheets/README.md), so that they are what a spreadsheet program saves."""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import perfscore
from perfscore.batch import plan_inputs, run_batch
from perfscore.cli import main
from perfscore.encodings import PREFIX_BYTES, decode_prefix, decode_text, detect_encoding
from perfscore.errors import DataError, UsageError
from perfscore.readers import Cell, form_id, is_form, parse_cell, read_data, read_form
from perfscore.sheets import iter_first_sheet

pytestmark = pytest.mark.usefixtures("english")  # checks English wording

ROOT = Path(__file__).resolve().parent.parent
SHEETS = Path(__file__).resolve().parent / "fixtures" / "sheets"
HECHENG_YAML = ROOT / "examples" / "hecheng-2020.yaml"
FW = perfscore.load_framework("department-common")
EXPECTED = FW.evaluate(perfscore.load_record(HECHENG_YAML))
CHINESE = ["utf-8", "utf-8-sig", "gb18030", "gbk"]


# --------------------------------------------------------------------------- the encoding decision

#: text as these files hold it: common Chinese characters (GB2312), ASCII, Chinese punctuation
_HANZI = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5).filter(
    lambda c: c.encode("gb2312", "ignore") != b""
)
_CHARS = st.one_of(_HANZI, st.sampled_from(list('abcXYZ019,.;%"\n 　，。：；（）％≤≥×·—万元')))
_TEXT = (
    st.lists(_CHARS, min_size=1, max_size=60)
    .map("".join)
    .filter(lambda t: any("\u4e00" <= c <= "\u9fff" for c in t))
)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXT, encoding=st.sampled_from([*CHINESE, "utf-16"]))
def test_chinese_text_in_any_encoding_decodes_back_to_itself(text: str, encoding: str) -> None:
    """A property: Chinese text saved as UTF-8, UTF-8 with BOM, GB18030, GBK or UTF-16 (with its
    BOM) is decided right and decodes back to the same text."""
    raw = text.encode(encoding)
    found = detect_encoding(raw, complete=True)
    assert found is not None and raw.decode(found) == text
    assert decode_text(raw, "x.csv") == text


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=_TEXT.filter(lambda t: len(t) >= 6),  # the prefix is 64 KiB: not a character or two
    last=_HANZI,
    encoding=st.sampled_from(CHINESE),
    cut=st.integers(1, 2),
)
def test_a_character_cut_at_the_prefix_end_does_not_change_the_decision(
    text: str, last: str, encoding: str, cut: int
) -> None:
    """The decision is made on a bounded prefix, which may end inside a multi-byte character:
    that cut character changes neither the decision nor the text before it."""
    whole = text.encode(encoding)
    tail = last.encode(encoding.removesuffix("-sig"))  # the BOM only at the start
    prefix = whole + tail[: len(tail) - cut]
    assert detect_encoding(prefix, complete=False) == detect_encoding(whole, complete=True)
    assert decode_prefix(prefix, complete=False) == text


def test_bytes_that_are_no_text_encoding_are_refused_with_what_to_do() -> None:
    with pytest.raises(DataError, match="CSV UTF-8") as caught:
        decode_text(bytes(range(128, 256)) * 4, "x.csv")
    assert "x.csv" in str(caught.value)
    assert detect_encoding(b"\xff\xfe\x00") == "utf-16"  # a UTF-16 BOM decides


# --------------------------------------------------------------------------- CSV through every path


@pytest.fixture(scope="module")
def csv_form(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The CSV form (`perfscore template -o x.csv --from`), as perfscore writes it (UTF-8)."""
    out = tmp_path_factory.mktemp("csvform") / "基础数据.csv"
    assert main(["template", "department-common", "-o", str(out), "--from", str(HECHENG_YAML)]) == 0
    return out


def _reencode(source: Path, target: Path, encoding: str) -> Path:
    text = decode_text(source.read_bytes(), str(source))
    target.write_bytes(text.encode(encoding))
    return target


@pytest.mark.parametrize("encoding", CHINESE)
def test_csv_form_in_any_encoding_scores_explains_and_reconciles_alike(
    csv_form: Path, tmp_path: Path, encoding: str, capsys: pytest.CaptureFixture[str]
) -> None:
    form = _reencode(csv_form, tmp_path / f"{encoding}.csv", encoding)
    assert read_form(form).values == read_form(csv_form).values
    assert main(["score", "department-common", str(form), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == EXPECTED.total
    assert main(["explain", "department-common", str(form), "A11"]) == 0
    assert "绩效目标合理性得分6分（满分6分）" in capsys.readouterr().out
    main(["reconcile", "department-common", str(form), "--format", "json"])
    assert json.loads(capsys.readouterr().out)  # read: a report, not an encoding error
    assert is_form(form) is True
    assert form_id(form) == "hecheng-2020"


def _wide_table(rows: int) -> str:
    """A batch table (csv text) of `rows` copies of the 鹤城 record, ids in Chinese."""
    record = perfscore.load_record(HECHENG_YAML)
    names = list(record.values)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["id", *names, *(f"external_scores.{c}" for c in record.external_scores)])
    for r in range(rows):
        values = [
            ",".join(map(str, v)) if isinstance(v, list) else str(v) for v in record.values.values()
        ]
        writer.writerow([f"鹤城区第{r}号单位", *values, *map(str, record.external_scores.values())])
    return buffer.getvalue()


@pytest.mark.parametrize("encoding", [*CHINESE, "utf-16"])
def test_batch_reads_a_csv_table_in_any_encoding(tmp_path: Path, encoding: str) -> None:
    """More than the 64 KiB the encoding is decided from, so that a character is cut there: every
    row is still read whole, ids and scores as in UTF-8."""
    text = _wide_table(700)
    raw = text.encode(encoding)
    assert len(raw) > PREFIX_BYTES
    source = tmp_path / "units.csv"
    source.write_bytes(raw)
    summary = run_batch(FW, source, tmp_path / "out.csv")
    assert summary.records == 700 and summary.errors == 0
    out = list(csv.reader(io.StringIO((tmp_path / "out.csv").read_text("utf-8-sig"))))[1:]
    assert [row[0] for row in out] == [f"鹤城区第{r}号单位" for r in range(700)]
    assert {row[2] for row in out} == {f"{EXPECTED.total:.2f}"}
    assert is_form(source) is False  # a table, told from a form in GBK as in UTF-8


def test_a_bad_byte_in_one_gbk_row_is_that_row_s_error(tmp_path: Path) -> None:
    text = _wide_table(3)
    raw = bytearray(text.encode("gbk"))
    lines = bytes(raw).split(b"\r\n")
    lines[2] = lines[2].replace("号".encode("gbk"), b"\x80", 1)  # not a GB18030 sequence
    source = tmp_path / "units.csv"
    source.write_bytes(b"\r\n".join(lines))
    summary = run_batch(FW, source, tmp_path / "out.csv")
    assert summary.records == 3 and summary.errors == 1
    out = list(csv.reader(io.StringIO((tmp_path / "out.csv").read_text("utf-8-sig"))))[1:]
    assert "units.csv:3: row is not valid GB18030" in out[1][-1]


# --------------------------------------------------------------------------- .xls, .ods, .et


@pytest.mark.parametrize("name", ["form.xls", "form.ods", "wide.xls", "wide.ods"])
def test_xls_and_ods_as_data_score_as_the_yaml(name: str) -> None:
    """A form, and a one-record table, saved by LibreOffice as .xls and .ods read as the .xlsx."""
    record = read_data(SHEETS / name)
    assert FW.evaluate(record).total == EXPECTED.total
    for value in record.values.values():
        assert not isinstance(value, float)  # no binary float reaches the engine


def test_a_rows_form_saved_as_xls_scores_as_its_yaml() -> None:
    """项目支出自评表 with merged 分值 cells: the merged ranges come from the .xls."""
    fw = perfscore.load_framework("project-self-evaluation")
    yaml = perfscore.load_record(ROOT / "examples" / "hecheng-2020-project-1.yaml")
    assert fw.evaluate(read_form(SHEETS / "rowsform.xls")).total == (fw.evaluate(yaml).total)


def test_a_rows_form_saved_as_ods_says_to_save_it_as_xlsx() -> None:
    with pytest.raises(DataError, match=r"rowsform\.ods: sheet '产出指标'.*save it as \.xlsx"):
        read_form(SHEETS / "rowsform.ods")


def test_a_number_in_a_percent_field_of_an_xls_is_not_guessed() -> None:
    """calamine gives no number formats: 0.98 in a % cell may be 98% or 0.98% — refused."""
    with pytest.raises(ValueError, match="type it as text"):
        parse_cell(Cell(0.98, "基础数据!C7", None), "%")
    assert parse_cell(Cell(0.98, "基础数据!C7", None), "万元") == Decimal("0.98")
    assert parse_cell(Cell(0.98, "基础数据!C7", True), "%") == Decimal("98")


@pytest.mark.parametrize("name", ["table.xls", "table.ods"])
def test_xls_and_ods_tables_in_batch(tmp_path: Path, name: str) -> None:
    summary = run_batch(FW, SHEETS / name, tmp_path / "out.csv")
    out = list(csv.reader(io.StringIO((tmp_path / "out.csv").read_text("utf-8-sig"))))[1:]
    assert summary.records == 3 == len(out) and summary.errors == 1
    assert [row[0] for row in out] == ["u1", "u2-bad", "u3"]
    assert out[0][2] == out[2][2] == f"{EXPECTED.total:.2f}"
    assert f"{name}:3: " in out[1][-1] and "三十七" in out[1][-1]


def test_an_et_file_reads_when_it_is_biff_inside_and_else_says_save_as_xlsx(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    et = tmp_path / "鹤城.et"
    shutil.copy(SHEETS / "form.xls", et)  # WPS writes .et as BIFF (the .xls format)
    assert FW.evaluate(read_data(et)).total == EXPECTED.total
    broken = tmp_path / "新版.et"
    broken.write_bytes(b"\x00WPS" * 64)
    assert main(["score", "department-common", str(broken)]) == 1
    err = capsys.readouterr().err
    assert "新版.et: WPS 表格文件(.et)无法直接读取，请另存为 .xlsx" in err
    assert "Traceback" not in err


def test_an_unknown_suffix_names_the_file_and_the_formats_read(tmp_path: Path) -> None:
    notes = tmp_path / "数据.docx"
    notes.write_bytes(b"PK\x03\x04")
    with pytest.raises(DataError, match=r"数据\.docx: cannot read '\.docx' files; DATA may be"):
        read_data(notes)
    with pytest.raises(UsageError, match=r"unknown format 'docx'; use \.csv, .*\.xls, .*\.ods"):
        plan_inputs(notes)


# --------------------------------------------------------------------------- a folder batch


def test_a_folder_batch_reads_every_file_or_reports_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Forms as .xlsx, .xls and .ods, a damaged workbook and a .txt: five files, five rows; the
    lock file, .DS_Store and a subfolder are left out and told on stderr."""
    folder = tmp_path / "各单位"
    folder.mkdir()
    xlsx = folder / "01-鹤城.xlsx"
    assert (
        main(["template", "department-common", "-o", str(xlsx), "--from", str(HECHENG_YAML)]) == 0
    )
    shutil.copy(SHEETS / "form.xls", folder / "02-鹤城.xls")
    shutil.copy(SHEETS / "form.ods", folder / "03-鹤城.ods")
    (folder / "04-损坏.xlsx").write_bytes(b"PK\x03\x04 damaged")
    (folder / "05-说明.txt").write_text("各单位填报表", encoding="utf-8")
    (folder / "~$01-鹤城.xlsx").write_bytes(b"lock")
    (folder / ".DS_Store").write_bytes(b"\x00\x00")
    (folder / "旧表").mkdir()
    capsys.readouterr()
    summary = run_batch(FW, folder, tmp_path / "out.csv")
    out = list(csv.reader(io.StringIO((tmp_path / "out.csv").read_text("utf-8-sig"))))[1:]
    assert summary.records == 5 == len(out) and summary.errors == 2
    assert [row[0] for row in out] == [
        "hecheng-2020",
        "hecheng-2020",
        "hecheng-2020",
        "04-损坏",
        "05-说明",
    ]
    assert {row[2] for row in out[:3]} == {f"{EXPECTED.total:.2f}"}
    assert "04-损坏.xlsx: not a readable .xlsx workbook" in out[3][-1]
    assert "05-说明.txt: not a form: '.txt' is not read" in out[4][-1]
    err = capsys.readouterr().err
    for left_out in ("~$01-鹤城.xlsx", ".DS_Store", "旧表"):
        assert f"{left_out}: skipped" in err


def test_the_command_counts_every_file_of_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "forms"
    folder.mkdir()
    for suffix in ("xls", "ods"):
        shutil.copy(SHEETS / f"form.{suffix}", folder / f"unit.{suffix}")
    (folder / "x.txt").write_text("?", encoding="utf-8")
    code = main(["batch", "department-common", str(folder), "-o", str(tmp_path / "o.csv")])
    assert code == 1  # a record with an error
    assert "3 records" in capsys.readouterr().err


# --------------------------------------------------------------------------- the calamine reader

_NUMBER = st.builds(
    lambda digits, exponent: Decimal(digits).scaleb(exponent),
    st.integers(-(10**15) + 1, 10**15 - 1),
    st.integers(-6, 2),
)
_WORD = st.text(
    st.characters(min_codepoint=0x20, max_codepoint=0x9FFF, exclude_categories=["Cs", "Cc"]),
    min_size=1,
    max_size=12,
).filter(lambda s: not s.startswith("=") and s.strip() == s and s != "")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(_NUMBER | _WORD, min_size=3, max_size=3), min_size=1, max_size=8))
def test_calamine_reads_back_what_a_spreadsheet_stores(rows: list[list[Any]]) -> None:
    """A property: numbers of at most 15 significant digits, stored as Excel stores them (a
    binary double), and text, written to .xlsx and read back through python-calamine, come back
    equal — the numbers as exact Decimals."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append([float(v) if isinstance(v, Decimal) else v for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    path = Path(tempfile.mkdtemp()) / "t.xlsx"
    path.write_bytes(buffer.getvalue())
    try:
        back = [row for _, row in iter_first_sheet(path)]
    finally:
        shutil.rmtree(path.parent)
    assert len(back) == len(rows)
    for got, want in zip(back, rows, strict=True):
        for g, w in zip(got, want, strict=True):
            if isinstance(w, Decimal):
                assert isinstance(g, Decimal) and g == w
            else:
                assert g == w


def test_xls_and_ods_forms_are_told_from_tables_and_name_their_record() -> None:
    """Layout, not suffix: the form's header rows make a form (batch reads it as one record);
    a form that cannot be read in full still gives its 记录编号 for its error row."""
    assert [is_form(SHEETS / n) for n in ("form.xls", "form.ods", "table.xls", "table.ods")] == [
        True,
        True,
        False,
        False,
    ]
    kinds = [i.kind for i in plan_inputs([SHEETS / "form.ods", SHEETS / "table.xls"])]
    assert kinds == ["form", "xls"]
    assert form_id(SHEETS / "rowsform.ods") == "hecheng-2020-project-1"  # read_form refuses it
