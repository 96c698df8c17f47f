"""Input forms: template -> filled in (here by openpyxl) -> DATA; values as people write them."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

import perfscore
from perfscore.cli import load_data, main
from perfscore.errors import DataError
from perfscore.forms.contents import form_rows
from perfscore.forms.csv_writer import write_form_csv
from perfscore.forms.writer import write_form
from perfscore.readers import read_csv, read_data, read_xlsx
from perfscore.values import parse_number

# These tests check the English wording of perfscore's messages (tests/test_i18n.py checks
# the Chinese, the default).
pytestmark = pytest.mark.usefixtures("english")

ROOT = Path(__file__).resolve().parent.parent
FW = perfscore.load_framework("department-common")
HECHENG = perfscore.load_record(ROOT / "examples" / "hecheng-2020.yaml")


def _comparable(result: perfscore.Result) -> dict[str, Any]:
    data = result.to_dict()
    data.pop("record", None)
    data["findings"] = [f for f in data["findings"] if f["check"] != "unknown-field"]
    return data


def _rows(ws: Any, key_header: str) -> tuple[dict[str, int], list[tuple[int, list[Any]]]]:
    """Header columns and the rows below the header of a form sheet."""
    for r, row in enumerate(ws.iter_rows(values_only=True), 1):
        if key_header in row:
            columns = {name: i for i, name in enumerate(row) if name}
            body = [
                (i, list(v))
                for i, v in enumerate(ws.iter_rows(min_row=r + 1, values_only=True), r + 1)
            ]
            return columns, body
    raise AssertionError(f"no header {key_header} in {ws.title}")


def fill_in(form: bytes, record: perfscore.Record, target: Path) -> None:
    """What an evaluator does: open the form and type the record's values into it."""
    wb = openpyxl.load_workbook(io.BytesIO(form))
    ws = wb["基础数据"]
    cols, body = _rows(ws, "字段")
    value_col = cols["填写值"] + 1
    ws.cell(row=2, column=value_col, value=record.id)
    ws.cell(row=3, column=value_col, value=record.title)
    for r, row in body:
        name = row[cols["字段"]]
        if name in record.values:
            raw = record.values[name]
            ws.cell(row=r, column=value_col, value=raw if isinstance(raw, (int, str)) else str(raw))
    ws = wb["评价输入"]
    cols, body = _rows(ws, "输入")
    for r, row in body:
        name, item = row[cols["输入"]], row[cols["要点"]]
        if name not in record.values:
            continue
        raw = record.values[name]
        if item:
            value: Any = "是" if item in {str(x) for x in raw} else "否"
        else:
            value = raw
        ws.cell(row=r, column=cols["填写值"] + 1, value=value)
    ws = wb["得分"]
    cols, body = _rows(ws, "代码")
    scores = record.reported.get("scores", {})
    for r, row in body:
        code = row[cols["代码"]]
        if code in record.external_scores:
            ws.cell(row=r, column=cols["外部提供得分"] + 1, value=record.external_scores[code])
        if code in scores:
            ws.cell(row=r, column=cols["报告得分"] + 1, value=scores[code])
        if code == "合计":
            ws.cell(row=r, column=cols["报告得分"] + 1, value=record.reported["total"])
    wb.save(target)


def test_xlsx_round_trip_gives_the_yaml_result(tmp_path: Path) -> None:
    form = tmp_path / "基础数据.xlsx"
    fill_in(write_form(FW), HECHENG, form)
    record = load_data(str(form))
    assert record.id == "hecheng-2020" and record.title == HECHENG.title
    assert record.framework == "department-common"
    assert _comparable(FW.evaluate(record)) == _comparable(FW.evaluate(HECHENG))
    # what the report states comes along, for reconcile
    assert record.reported["total"] == 98
    assert {k: Decimal(str(v)) for k, v in HECHENG.reported["scores"].items()} == record.reported[
        "scores"
    ]


def test_form_lists_every_field_and_input() -> None:
    wb = openpyxl.load_workbook(io.BytesIO(write_form(FW)))
    cols, body = _rows(wb["基础数据"], "字段")
    fields = {row[cols["字段"]]: row for _, row in body}
    assert set(fields) == set(FW.fields)
    assert fields["编制数"][cols["单位"]] == "人" and "整数" in fields["编制数"][cols["允许范围"]]
    assert fields["预算数"][cols["说明"]] == FW.fields["预算数"].description
    cols, body = _rows(wb["评价输入"], "输入")
    inputs = {(row[cols["输入"]], row[cols["要点"]]) for _, row in body}
    assert ("A11", "1") in inputs and ("B32", "收入及时足额上缴") in inputs
    judgment = next(row for _, row in body if row[cols["输入"]] == "D11")
    assert judgment[cols["允许范围"]] == "0–5分" and judgment[cols["类型"]] == "评价人评分"
    needed = {leaf.input for leaf in FW.leaves() if leaf.formula is None}
    assert needed == {key for key, _ in inputs}
    cols, body = _rows(wb["得分"], "代码")
    assert {row[cols["代码"]] for _, row in body} == set(FW.by_code) | {"合计", "等级"}


def test_unreadable_value_names_sheet_and_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(write_form(FW, HECHENG)))
    ws = wb["基础数据"]
    assert ws["A7"].value == "编制数"
    ws["C7"] = "三十七"
    path = tmp_path / "基础数据.xlsx"
    wb.save(path)
    with pytest.raises(DataError) as err:
        read_xlsx(path)
    assert str(err.value) == f"{path}: 基础数据!C7: 编制数: expected a number, got '三十七'"
    assert main(["score", "department-common", str(path)]) == 1
    assert "基础数据!C7: 编制数: expected a number, got '三十七'" in capsys.readouterr().err


def test_engine_errors_name_the_cell_too(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(write_form(FW, HECHENG)))
    wb["基础数据"]["C7"] = "-3"
    wb["基础数据"]["C8"] = None  # 本年度三公经费总额 left blank
    path = tmp_path / "form.xlsx"
    wb.save(path)
    with pytest.raises(DataError) as err:
        FW.evaluate(read_xlsx(path))
    assert "基础数据!C" in str(err.value)
    wb["基础数据"]["C7"] = 37
    wb.save(path)
    with pytest.raises(DataError) as err:
        FW.evaluate(read_xlsx(path))
    assert "基础数据!C8" in str(
        err.value
    ) and "missing base-data field '本年度三公经费总额'" in str(err.value)


def test_values_as_people_write_them(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(write_form(FW, HECHENG)))
    ws = wb["基础数据"]
    rows = {ws.cell(row=r, column=1).value: r for r in range(1, ws.max_row + 1)}
    ws.cell(row=rows["在职人员数"], column=3, value="３１")  # full-width
    ws.cell(row=rows["预算安排公用经费总额"], column=3, value="866,300元")  # another unit
    ws.cell(row=rows["实际支出公用经费总额"], column=3, value="７７．９８万元")
    cell = ws.cell(row=rows["实际支付进度"], column=3, value=0.98)  # Excel's 98%
    cell.number_format = "0%"
    ws.cell(row=rows["既定支付进度"], column=3, value="１００％")
    path = tmp_path / "form.xlsx"
    wb.save(path)
    record = read_xlsx(path)
    assert record.values["实际支付进度"] == "98%" and record.values["既定支付进度"] == "100%"
    result = FW.evaluate(record)
    assert result["A21"].value == Decimal(31) / 37 * 100
    assert result["B16"].value == Decimal("77.98") / Decimal("86.63") * 100
    assert result["B13"].score == 3  # external score kept; the inputs still read
    wrong = tmp_path / "wrong.xlsx"
    ws.cell(row=rows["预算安排公用经费总额"], column=3, value="86.63万人")
    wb.save(wrong)
    with pytest.raises(DataError, match="expected a number in 万元"):
        FW.evaluate(read_xlsx(wrong))


def test_checklist_half_filled_is_an_error(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(write_form(FW, HECHENG)))
    ws = wb["评价输入"]
    cols, body = _rows(ws, "输入")
    r = next(r for r, row in body if row[cols["输入"]] == "A11" and row[cols["要点"]] == "2")
    ws.cell(row=r, column=cols["填写值"] + 1).value = None
    path = tmp_path / "form.xlsx"
    wb.save(path)
    with pytest.raises(DataError, match=r"评价输入!E\d+: A11: checklist item '2' is blank"):
        read_xlsx(path)


def test_external_score_on_a_parent_is_refused(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(write_form(FW, HECHENG)))
    ws = wb["得分"]
    cols, body = _rows(ws, "代码")
    r = next(r for r, row in body if row[cols["代码"]] == "B1")
    ws.cell(row=r, column=cols["外部提供得分"] + 1, value=20)
    path = tmp_path / "form.xlsx"
    wb.save(path)
    with pytest.raises(DataError, match=r"得分!C\d+: B1: an external score can only be given"):
        read_xlsx(path)


def test_csv_form_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "基础数据.csv"
    path.write_text(write_form_csv(FW, HECHENG), encoding="utf-8")
    record = read_csv(path)
    assert _comparable(FW.evaluate(record)) == _comparable(FW.evaluate(HECHENG))
    assert record.reported["total"] == 98
    # Excel on Chinese Windows saves CSV as GB18030
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes(write_form_csv(FW, HECHENG).lstrip("\ufeff").encode("gb18030"))
    assert _comparable(FW.evaluate(read_csv(gbk))) == _comparable(FW.evaluate(HECHENG))


def test_csv_bad_value_names_the_line(tmp_path: Path) -> None:
    text = write_form_csv(FW, HECHENG).replace(",编制数,,37,", ",编制数,,三十七,")
    path = tmp_path / "data.csv"
    path.write_text(text, encoding="utf-8")
    lines = text.lstrip("\ufeff").splitlines()
    line = next(i for i, row in enumerate(lines, 1) if ",编制数," in row)
    with pytest.raises(DataError) as err:
        read_csv(path)
    assert str(err.value) == f"{path}:{line}: 编制数: expected a number, got '三十七'"


def test_one_record_table_csv_and_flat_json(tmp_path: Path) -> None:
    values = {k: v for k, v in HECHENG.values.items()}
    header = ["id", *values, *(f"external_scores.{c}" for c in HECHENG.external_scores)]
    row = [
        "hecheng-2020",
        *("、".join(v) if isinstance(v, list) else v for v in values.values()),
        *HECHENG.external_scores.values(),
    ]
    out = io.StringIO()
    csv.writer(out).writerows([header, row])
    path = tmp_path / "one.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    assert _comparable(FW.evaluate(read_data(path))) == _comparable(FW.evaluate(HECHENG))
    out.write(",".join(str(c) for c in row) + "\n")
    path.write_text(out.getvalue(), encoding="utf-8")
    with pytest.raises(DataError, match="use perfscore batch"):
        read_data(path)
    flat = tmp_path / "flat.json"
    flat.write_text(
        json.dumps({"编制数": 37, "在职人员数": "31人"}, ensure_ascii=False), encoding="utf-8"
    )
    record = read_data(flat)
    assert record.values == {"编制数": 37, "在职人员数": "31人"}
    as_record = tmp_path / "record.json"
    as_record.write_text(
        json.dumps(
            {"values": HECHENG.values, "external_scores": HECHENG.external_scores},
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    assert _comparable(FW.evaluate(read_data(as_record))) == _comparable(FW.evaluate(HECHENG))


def test_template_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "基础数据.xlsx"
    assert main(["template", "department-common", "-o", str(out)]) == 0
    assert openpyxl.load_workbook(out).sheetnames[:3] == ["基础数据", "评价输入", "得分"]
    assert main(["template", "department-common", "-o", str(tmp_path / "form.txt")]) == 2
    assert "xlsx or .csv" in capsys.readouterr().err
    filled = tmp_path / "filled.xlsx"
    data = str(ROOT / "examples" / "hecheng-2020.yaml")
    assert main(["template", "department-common", "-o", str(filled), "--from", data]) == 0
    assert main(["score", "department-common", str(filled), "-f", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 99


def test_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(DataError, match=r"not a readable \.xlsx workbook"):
        read_xlsx(path)


@pytest.mark.parametrize(
    "example", sorted((ROOT / "examples").glob("*.yaml")), ids=lambda p: p.stem
)
def test_every_example_round_trips_through_a_form(example: Path, tmp_path: Path) -> None:
    """Every example, project self-evaluations (rows listed in the data) included: the form
    prefilled from the YAML scores as the YAML does, and carries what the report states."""
    record = perfscore.load_record(example)
    fw = perfscore.load_framework(record.framework or "department-common")
    path = tmp_path / "form.xlsx"
    path.write_bytes(write_form(fw, record))
    back = read_xlsx(path)

    def comparable(result: perfscore.Result, file: str | None) -> dict[str, Any]:
        data = _comparable(result)  # findings about listed rows name the data file: not compared
        # a finding names its file by its name; the data's (no line) differ, not the framework's
        name = Path(file).name if file else None
        data["findings"] = [
            {**f, "file": None} if f.get("file") == name and "line" not in f else f
            for f in data["findings"]
        ]
        return data

    assert comparable(fw.evaluate(back), str(path)) == comparable(fw.evaluate(record), record.file)
    assert {r.key for r in form_rows(fw) if r.category == "基础数据"} == set(fw.fields)
    stated = {k: Decimal(str(v)) for k, v in (record.reported.get("scores") or {}).items()}
    assert back.reported.get("scores", {}) == stated


# --------------------------------------------------------------------------- parse_number

amounts = st.decimals(min_value=Decimal(0), max_value=Decimal(10) ** 9, places=2)
FULL_WIDTH = str.maketrans(
    {**{str(i): chr(0xFF10 + i) for i in range(10)}, ".": "．", ",": "，", "%": "％"}
)


def _grouped(value: Decimal) -> str:
    whole, _, frac = format(value, "f").partition(".")
    return f"{int(whole):,}" + (f".{frac}" if frac else "")


@given(amounts, st.booleans(), st.booleans())
def test_parse_number_reads_what_people_write(value: Decimal, grouped: bool, full: bool) -> None:
    text = _grouped(value) if grouped else format(value, "f")
    if full:
        text = text.translate(FULL_WIDTH)
    assert parse_number(text) == value
    assert parse_number(text + ("％" if full else "%"), "%") == value
    assert parse_number(text + "万元", "万元") == value
    assert parse_number(text + "万元", "元") == value * 10_000
    assert parse_number(text + "元", "万元") == value / 10_000
    assert parse_number(text + "万", "万元") == value


@pytest.mark.parametrize(
    ("text", "unit", "message"),
    [
        ("1,2", "", "expected a number"),
        ("12,34.5", "", "expected a number"),
        ("三十七", "人", "expected a number, got '三十七'"),
        ("5万人", "万元", "expected a number in 万元"),
        ("98%", "", "expected a number without a unit"),
    ],
)
def test_parse_number_refuses(text: str, unit: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_number(text, unit)


def test_parse_number_more_cases() -> None:
    assert parse_number("−5") == -5
    assert parse_number("5‰", "%") == Decimal("0.5")
    assert parse_number("1.2亿", "万元") == 12000
    assert parse_number("697.71 万元", "万元") == Decimal("697.71")
    assert parse_number("1.1万", "人") == 11000
