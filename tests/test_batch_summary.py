"""`perfscore summary`: the bureau's summary of a scores file — the counts are those of the
rows, csv, jsonl and xlsx give the same summary, the page is self-contained (inline SVG that
parses, no script, nothing fetched), and a big input is summarised in flat memory."""

from __future__ import annotations

import csv
import datetime
import gc
import json
import re
import tempfile
import tracemalloc
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import perfscore
from perfscore.atomic import atomic_open
from perfscore.batch import ReconciledResult, run_batch
from perfscore.batch.summary_files import summarise, summary_paths, write_summary
from perfscore.batch.summary_rows import read_rows
from perfscore.batch.writers import Writer, format_chunk
from perfscore.cli import main
from perfscore.errors import DataError
from perfscore.reconcile import Comparison, Differing

pytestmark = [pytest.mark.timeout(240), pytest.mark.usefixtures("english")]

ROOT = Path(__file__).resolve().parent.parent
DEMO = perfscore.load_framework(ROOT / "docs" / "example" / "framework.yaml")
CODES = [node.code for node in DEMO.walk()]
LEAVES = {leaf.code: leaf.weight for leaf in DEMO.leaves()}


def _units(path: Path, n: int) -> None:
    """`n` units of the demo framework with reported scores; every 7th has bad data."""
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            values = {"编制数": 40, "在职人员数": 40 + i % 5, "预算数": "500万元",
                      "预算执行数": f"{400 + i % 100}万元", "A2": ["1", "2"][: 1 + i % 2],
                      "违规例数": i % 3, "C1": str(Decimal(i % 5) / 2)}  # fmt: skip
            if i % 7 == 3:
                values["编制数"] = "很多"
            reported = {"total": str(6 + i % 4), "scores": {"A1": "2", "C1": "2"}}
            line = {"id": f"u{i:03d}", "values": values, "reported": reported}
            f.write(json.dumps(line, ensure_ascii=False) + "\n")


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("summary")
    _units(folder / "units.jsonl", 120)
    outs = {}
    for fmt in ("csv", "jsonl", "xlsx"):
        outs[fmt] = folder / f"scores.{fmt}"
        run_batch(DEMO, folder / "units.jsonl", outs[fmt], reconcile=True, header="codes")
    return outs


def test_the_counts_are_those_of_the_rows(scored: dict[str, Path]) -> None:
    summary = summarise(scored["csv"], DEMO, top=5)
    with scored["csv"].open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    good = [r for r in rows if not r["error"]]
    assert summary.records == len(rows) == 120 and summary.errors == len(rows) - len(good)
    assert summary.grades == {g: sum(r["grade"] == g for r in good) for g in summary.grades}
    assert sum(summary.grades.values()) == len(good)
    assert summary.reported_grades["优"] == sum(r["reported_grade"] == "优" for r in rows)
    totals = sorted((Decimal(r["total"]), -i, r["id"]) for i, r in enumerate(rows) if r["total"])
    assert [u.id for u in summary.best()] == [t[2] for t in reversed(totals[-5:])]
    assert [u.id for u in summary.worst()] == [r["id"] for r in sorted(
        good, key=lambda r: (Decimal(r["total"]), rows.index(r)))[:5]]  # fmt: skip
    for code, loss in summary.most_lost():
        expected = sum(LEAVES[code] - Decimal(r[code]) for r in good)
        assert loss.points == expected and loss.units == sum(
            Decimal(r[code]) < LEAVES[code] for r in good
        )
    away = sorted(good, key=lambda r: (-abs(Decimal(r["difference"])), rows.index(r)))[:5]
    assert [u.id for u in summary.departures()] == [r["id"] for r in away]
    assert summary.unscorable[0][1:] == (rows[3]["id"], rows[3]["error"])
    assert summary.mean == sum(Decimal(r["total"]) for r in good) / len(good)


def test_csv_jsonl_and_xlsx_give_the_same_summary(scored: dict[str, Path]) -> None:
    def key(path: Path) -> tuple[object, ...]:
        s = summarise(path, DEMO, top=8)
        return (s.records, s.errors, s.grades, s.reported_grades, s.histogram, s.total_sum,
                s.best(), s.worst(), s.departures(), s.most_lost(), s.most_lost(s.recheck),
                s.unscorable, s.agreement)  # fmt: skip

    assert key(scored["csv"]) == key(scored["jsonl"]) == key(scored["xlsx"])


def test_the_page_is_self_contained_and_its_charts_parse(scored: dict[str, Path]) -> None:
    html, xlsx = write_summary(scored["csv"], None, DEMO)
    assert (html, xlsx) == summary_paths(scored["csv"])
    page = html.read_text(encoding="utf-8")
    assert "<script" not in page and "<link" not in page and "@import" not in page
    assert re.findall(r"(?:src|href)=", page) == []
    charts = re.findall(r"<svg.*?</svg>", page, flags=re.S)
    assert len(charts) == 5  # grades, totals, lost, taken off on recheck, departures
    for chart in charts:
        ET.fromstring(chart)
    for heading in ("等级分布", "排名", "失分最多的指标", "偏离最大的单位", "无法计分的记录"):
        assert heading in page
    sheet = openpyxl.load_workbook(xlsx)["汇总"]
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    errors = sum(1 for i in range(120) if i % 7 == 3)
    assert f"无法计分的记录（{errors}）" in cells and "失分最多的指标" in cells
    assert f"无法计分的记录 / Unscorable records（{errors}）" in page


def test_a_hostile_id_is_escaped(tmp_path: Path) -> None:
    scores = tmp_path / "s.csv"
    scores.write_text('id,total,grade,A,error\n"<script>x</script>",5.00,中,5.00,\n'
                      '"=1+1",,,,"bad <b>"\n', encoding="utf-8")  # fmt: skip
    html, _ = write_summary(scores)
    page = html.read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page and "bad &lt;b&gt;" in page


def test_a_file_that_is_not_a_scores_file_is_one_error(tmp_path: Path) -> None:
    (tmp_path / "s.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(DataError, match="no 'total' column"):
        summarise(tmp_path / "s.csv")
    (tmp_path / "s.jsonl").write_text('{"total": 1}\n{"total": "x"}\n', encoding="utf-8")
    with pytest.raises(DataError, match=r"s\.jsonl.*2"):
        summarise(tmp_path / "s.jsonl")
    assert main(["summary", str(tmp_path / "missing.csv")]) == 1


def test_the_command_and_batch_summary(tmp_path: Path, scored: dict[str, Path]) -> None:
    base = tmp_path / "汇总"
    assert main(["summary", str(scored["jsonl"]), "-o", str(base), "--framework",
                 str(ROOT / "docs/example/framework.yaml")]) == 0  # fmt: skip
    assert (tmp_path / "汇总.html").is_file() and (tmp_path / "汇总.xlsx").is_file()
    out = tmp_path / "out.csv"
    code = main(["batch", str(ROOT / "docs/example/framework.yaml"),
                 str(scored["jsonl"].with_name("units.jsonl")), "-o", str(out), "--summary"])
    assert code == 1  # some records have bad data; the summary is written all the same
    assert "无法计分的记录" in (tmp_path / "out.summary.html").read_text(encoding="utf-8")


def _scores_csv(path: Path, n: int) -> None:
    """A scores file as batch writes it, `n` rows, without scoring them (quick)."""
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "total", "grade", *CODES, "warnings", "error", "reported_total",
                    "recomputed_total", "difference", "reported_grade", "recomputed_grade",
                    "agrees", "differing", "unchecked"])  # fmt: skip
        for i in range(n):
            if i % 50 == 7:
                w.writerow([f"u{i}", "", "", *[""] * len(CODES), "", f"in:{i}: bad", *[""] * 8])
                continue
            total = Decimal(i % 1000) / 100
            w.writerow([f"u{i}", total, "中", *[Decimal(i % 7) / 4] * len(CODES), "", "",
                        total + 1, total, -1, "良", "中", "不一致", "A1: 2 → 1.75",
                        ""])  # fmt: skip


def _peak(path: Path, records: int) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        summary = summarise(path, DEMO)
        assert summary.records == records and summary.errors == len(range(7, records, 50))
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_stays_flat_as_the_input_grows(tmp_path: Path) -> None:
    small, big = tmp_path / "small.csv", tmp_path / "big.csv"
    _scores_csv(small, 5_000)
    _scores_csv(big, 50_000)
    peak_small, peak_big = _peak(small, 5_000), _peak(big, 50_000)
    assert peak_big < 1.5 * peak_small + 256 * 1024, (peak_small, peak_big)


_ID = st.text(alphabet="ab鹤城=+-@ ,\"'\n", min_size=1, max_size=8).filter(str.strip)
_POINTS = st.integers(0, 1000).map(lambda k: Decimal(k) / 100)


@st.composite
def _results(draw: st.DrawFn) -> list[ReconciledResult]:
    codes = tuple(CODES)
    out: list[ReconciledResult] = []
    for index in range(draw(st.integers(1, 6))):
        rid = draw(_ID)
        if draw(st.integers(0, 4)) == 0:
            out.append(ReconciledResult(index, rid, None, None, (), codes, DataError("坏 =x")))
            continue
        scores = tuple(draw(_POINTS) for _ in codes)
        total, reported = draw(_POINTS), draw(st.none() | _POINTS)
        differing = tuple(
            Differing(code, draw(_POINTS), draw(_POINTS))
            for code in draw(st.lists(st.sampled_from(codes), unique=True, max_size=3))
        )
        comparison = Comparison(reported, total, draw(st.sampled_from(["优", "良", None])),
                                "中", draw(st.sampled_from([True, False, None])), differing)
        out.append(ReconciledResult(index, rid, total, "中", scores, codes, None, None, (),
                                    comparison=comparison))  # fmt: skip
    return out


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(results=_results(), fmt=st.sampled_from(["csv", "jsonl", "xlsx"]))
def test_a_scores_file_reads_back_as_it_was_written(
    results: list[ReconciledResult], fmt: str
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, f"scores.{fmt}")
        with atomic_open(path) as out:
            writer = Writer(fmt, out, CODES, datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC),
                            Path(tmp), reconcile=True)  # fmt: skip
            writer.write(format_chunk(fmt, results, reconcile=True))
            writer.close()
        rows = list(read_rows(path))
    assert len(rows) == len(results)
    for row, result in zip(rows, results, strict=True):
        assert (row.index, row.id, row.total) == (result.index, result.id, result.total)
        if result.error is not None:
            assert row.error == str(result.error) and row.scores == {}
            continue
        c = result.comparison
        assert c is not None
        assert row.scores == dict(zip(CODES, result.scores, strict=True))
        assert (row.reported_total, row.reported_grade, row.difference) == (
            c.reported_total, c.reported_grade, c.difference
        )
        assert row.differing == c.differing
        assert row.agrees == (None if c.agrees is None else "一致" if c.agrees else "不一致")
