"""`perfscore batch --reconcile`: each record's report against its recomputation, beside its
scores — the same verdicts as `perfscore reconcile`, from records, csv columns, jsonl and forms;
rows out = rows in; --jobs gives the same bytes."""

from __future__ import annotations

import csv
import json
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from batch_support import columns, read_csv, record_values
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import perfscore
from perfscore.batch import ReconciledResult, evaluate_many, items_inputs, plan_inputs, run_batch
from perfscore.batch.reconcile_columns import RECONCILE_HEADER, read_differing
from perfscore.batch.sources import Inputs
from perfscore.cli import main
from perfscore.errors import DataError
from perfscore.forms.writer import write_form
from perfscore.reconcile import compare, reconcile

pytestmark = pytest.mark.timeout(180)

ROOT = Path(__file__).resolve().parent.parent
FW = perfscore.load_framework("department-common")
CODES = [node.code for node in FW.walk()]
LEAVES = [leaf.code for leaf in FW.leaves()]
HECHENG = perfscore.load_record(ROOT / "examples" / "hecheng-2020.yaml")
#: the machines' headers (`--header codes`), which these tests read columns by
HEADER = ["id", "title", "total", "grade", *CODES, "warnings", "error", *RECONCILE_HEADER]


def _jsonl(path: Path, records: list[perfscore.Record]) -> None:
    lines = []
    for r in records:
        obj = {"id": r.id, "values": r.values, "external_scores": r.external_scores,
               "reported": r.reported}  # fmt: skip
        lines.append(json.dumps(obj, ensure_ascii=False, default=str))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _restated(total: Any, **scores: Any) -> perfscore.Record:
    reported = {**HECHENG.reported, "scores": {**HECHENG.reported["scores"], **scores}}
    if total is not None:
        reported["total"] = total
    return perfscore.Record(
        values=dict(HECHENG.values), external_scores=HECHENG.external_scores, reported=reported,
        id="x",
    )


def test_a_report_that_differs_names_its_codes_and_both_scores() -> None:
    record = _restated(99, B16=3, A11=5)  # 鹤城 states B16 2, the data give 3
    (result,) = evaluate_many(FW, [record], reconcile=True)
    assert isinstance(result, ReconciledResult) and result.comparison is not None
    c = result.comparison
    assert (c.reported_total, c.recomputed_total, c.difference) == (99, Decimal("99.00"), 0)
    assert c.agrees is False
    assert [(d.code, d.reported, d.recomputed) for d in c.differing] == [
        ("A11", 5, Decimal("6.00"))
    ]
    assert c.reported_grade == FW.grade_of(Decimal(99)) == c.recomputed_grade
    assert result.total == c.recomputed_total and result["A11"] == Decimal("6.00")


def test_the_comparison_is_the_reconciliation_s_own() -> None:
    (result,) = FW.evaluate_many([HECHENG], reconcile=True)
    rec = reconcile(FW, HECHENG)
    assert isinstance(result, ReconciledResult)
    assert result.comparison == compare(rec)
    assert result.comparison.agrees is rec.agrees is False  # 鹤城 states 98, the data give 99
    assert result.comparison.difference == rec.result.total - 98
    assert {d.code for d in result.comparison.differing} == {
        s.code for s in rec.scores if not s.agrees and s.checked
    }


def test_a_record_that_reports_nothing_is_not_said_to_agree() -> None:
    plain = perfscore.Record(HECHENG.values, HECHENG.external_scores, id="p")
    (result,) = evaluate_many(FW, [plain], reconcile=True)
    assert isinstance(result, ReconciledResult) and result.comparison is not None
    assert result.comparison.agrees is None
    assert result.comparison.reported_total is None and result.comparison.difference is None


def test_a_missing_input_the_report_scores_is_kept_and_listed_unchecked() -> None:
    values = {k: v for k, v in HECHENG.values.items() if k != "A11"}
    record = perfscore.Record(values, HECHENG.external_scores, HECHENG.reported, id="u")
    plain, rec = evaluate_many(FW, [record]), evaluate_many(FW, [record], reconcile=True)
    assert next(plain).error is not None
    result = next(rec)
    assert isinstance(result, ReconciledResult) and result.comparison is not None
    assert result.ok and result.comparison.unchecked == ("A11",)
    assert result["A11"] == Decimal(HECHENG.reported["scores"]["A11"])


def _table(path: Path, rows: list[dict[str, Any]], reported: list[dict[str, Any]]) -> None:
    names = columns(FW)
    extra = ["reported.total", "reported.grade", *(f"reported.scores.{c}" for c in LEAVES)]
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["id", *names, *extra])
        for i, (values, stated) in enumerate(zip(rows, reported, strict=True)):
            scores = stated.get("scores", {})
            writer.writerow(
                [f"r{i}", *(values.get(n, "") for n in names), stated.get("total", ""),
                 stated.get("grade", ""), *(scores.get(c, "") for c in LEAVES)]
            )  # fmt: skip


def _stated(draw: st.DrawFn) -> dict[str, Any]:
    scores = {
        code: str(draw(st.integers(0, int(FW.by_code[code].weight))))
        for code in draw(st.lists(st.sampled_from(LEAVES), unique=True, max_size=6))
    }
    out: dict[str, Any] = {"scores": scores} if scores else {}
    if draw(st.booleans()):
        out["total"] = str(draw(st.integers(60, 100)))
    if draw(st.booleans()):
        out["grade"] = draw(st.sampled_from([g.name for g in FW.grades]))
    return out


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_csv_reported_columns_give_what_reconcile_gives(data: st.DataObject) -> None:
    rows = data.draw(st.lists(record_values(FW, dirty=True), min_size=1, max_size=5))
    stated = [data.draw(st.composite(lambda draw: _stated(draw))()) for _ in rows]
    with tempfile.TemporaryDirectory() as tmp:
        source, out = Path(tmp, "in.csv"), Path(tmp, "out.csv")
        _table(source, rows, stated)
        summary = run_batch(FW, source, out, reconcile=True, chunk_size=2, header="codes")
        table = read_csv(out)
        reader = Inputs(plan_inputs(source), items_inputs(FW))
        records = [decode(*raw) for _, decode, raws in reader.chunks(100) for raw in raws]
    assert table[0] == HEADER and len(table) == len(rows) + 1 == summary.records + 1
    at = {name: i for i, name in enumerate(HEADER)}
    for row, record in zip(table[1:], records, strict=True):
        try:
            rec = reconcile(FW, record)
        except perfscore.PerfscoreError as exc:
            assert row[at["error"]].endswith(str(exc).split(": ", 1)[-1])
            assert all(row[at[name]] == "" for name in RECONCILE_HEADER)
            continue
        c = compare(rec)
        assert row[at["recomputed_total"]] == format(rec.result.total, "f")
        assert row[at["total"]] == format(rec.result.total, "f")
        reported_total = rec.record.reported.get("total")
        assert row[at["reported_total"]] == (reported_total or "")
        if reported_total is not None:
            expected = rec.result.total - Decimal(reported_total)
            assert Decimal(row[at["difference"]]) == expected
        assert row[at["agrees"]] == ("" if not stated_any(record) else
                                     "一致" if rec.agrees else "不一致")  # fmt: skip
        assert list(read_differing(row[at["differing"]])) == list(c.differing)


def stated_any(record: perfscore.Record) -> bool:
    return bool(record.reported)


def test_an_unknown_reported_column_is_one_error(tmp_path: Path) -> None:
    (tmp_path / "in.csv").write_text("id,reported.totl\nu1,98\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"reported\.totl"):
        run_batch(FW, tmp_path / "in.csv", tmp_path / "out.csv", reconcile=True, header="codes")


def test_forms_carry_their_reported_scores(tmp_path: Path) -> None:
    folder = tmp_path / "表"
    folder.mkdir()
    (folder / "01-鹤城.xlsx").write_bytes(write_form(FW, HECHENG))
    (folder / "02-坏.xlsx").write_bytes(b"not a workbook")
    out = tmp_path / "out.jsonl"
    summary = run_batch(FW, [folder], out, reconcile=True, header="codes")
    first, second = (json.loads(line) for line in out.read_text(encoding="utf-8").splitlines())
    assert summary.records == 2 and summary.errors == 1
    expected = compare(reconcile(FW, HECHENG)).to_dict()
    assert first["reconcile"] == json.loads(json.dumps(expected))
    assert first["reconcile"]["reported_total"] == 98 and first["reconcile"]["difference"] == 1
    assert second["error"] and second["reconcile"] is None


def _records(n: int) -> list[perfscore.Record]:
    out = []
    for i in range(n):
        scores = {"B16": 3 if i % 3 else 2, "A11": 6 - i % 2}
        out.append(_restated(98 + i % 3, **scores))
        out[-1].id = f"u{i}"
    out[7].values["编制数"] = "很多"
    return out


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "xlsx"])
def test_jobs_two_gives_the_same_bytes_as_one(tmp_path: Path, fmt: str) -> None:
    source = tmp_path / "in.jsonl"
    _jsonl(source, _records(60))
    one, two = tmp_path / f"one.{fmt}", tmp_path / f"two.{fmt}"
    run_batch(FW, source, one, jobs=1, chunk_size=8, reconcile=True)
    summary = run_batch(FW, source, two, jobs=2, chunk_size=8, reconcile=True)
    assert summary.records == 60 and summary.errors == 1
    assert one.read_bytes() == two.read_bytes()


def test_xlsx_numbers_are_numbers_and_the_command_takes_the_flag(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    _jsonl(source, _records(9))
    code = main(["batch", "department-common", str(source), "-o", str(tmp_path / "o.xlsx"),
                 "--reconcile", "--header", "codes"])  # fmt: skip
    assert code == 1  # one record has bad data
    rows = list(openpyxl.load_workbook(tmp_path / "o.xlsx").active.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER and len(rows) == 10
    at = {name: i for i, name in enumerate(HEADER)}
    second = rows[2]
    assert second[at["reported_total"]] == 99 and second[at["difference"]] == 0
    assert second[at["differing"]] == "A11: 5 → 6.00"
    assert rows[8][at["error"]] and rows[8][at["reported_total"]] is None


def test_a_one_record_table_states_its_report_to_perfscore_reconcile(tmp_path: Path) -> None:
    """The same `reported.` columns in a one-record csv, read by `perfscore reconcile`."""
    demo = perfscore.load_framework(ROOT / "docs" / "example" / "framework.yaml")
    table = tmp_path / "one.csv"
    table.write_text(
        "id,编制数,在职人员数,预算数,预算执行数,A2,违规例数,C1,reported.total,reported.grade,"
        "reported.scores.A1\nu1,40,41,500万元,487.5万元,\"1,2\",0,1.5,7,良,1.5\n",
        encoding="utf-8",
    )
    record = perfscore.read_data(table)
    assert record.reported == {"total": Decimal(7), "grade": "良", "scores": {"A1": Decimal("1.5")}}
    via_batch = next(iter(run_batch_records(demo, table)))
    assert compare(reconcile(demo, record)) == via_batch
    (tmp_path / "bad.csv").write_text("id,reported.totl\nu1,7\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"reported\.totl"):
        perfscore.read_data(tmp_path / "bad.csv")


def run_batch_records(fw: perfscore.Framework, table: Path) -> list[Any]:
    reader = Inputs(plan_inputs(table), items_inputs(fw))
    records = [decode(*raw) for _, decode, raws in reader.chunks(100) for raw in raws]
    return [r.comparison for r in evaluate_many(fw, records, reconcile=True)]
