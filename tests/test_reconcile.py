"""`perfscore reconcile`: reported scores, sums and values against the recomputed ones."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import perfscore
from perfscore.cli import main
from perfscore.errors import DataError
from perfscore.framework import build_framework
from perfscore.reconcile import Possible, possible_scores, render_text
from perfscore.yamlio import parse_yaml

ROOT = Path(__file__).resolve().parent.parent
WUHUA = ROOT / "perfscore" / "frameworks" / "wuhua-2023.yaml"
HECHENG = ROOT / "examples" / "hecheng-2020.yaml"


def wuhua_record(**reported: Any) -> perfscore.Record:
    """五华's record with `reported` replaced (its base data reproduce every score)."""
    record = perfscore.load_record(ROOT / "examples" / "wuhua-2023.yaml")
    return perfscore.Record(
        values=record.values,
        external_scores=record.external_scores,
        reported=reported,
        id=record.id,
        file=record.file,
    )


def table_scores() -> dict[str, Any]:
    record = perfscore.load_record(ROOT / "examples" / "wuhua-2023.yaml")
    return dict(record.reported["scores"])


# --------------------------------------------------------------------------- agreement


def test_a_report_that_matches_its_data_agrees() -> None:
    rec = perfscore.reconcile(WUHUA, wuhua_record(scores=table_scores(), total=97, grade="优"))
    assert rec.agrees and rec.differences == []
    assert len(rec.scores) == 25 and all(s.agrees for s in rec.scores)
    assert [t.stated for t in rec.totals] == [97]
    assert rec.grades[0].agrees


def test_cli_exit_codes_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["reconcile", "department-common", str(HECHENG), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["agrees"] is False
    assert data["recomputed"] == {"total": 99, "grade": "优"}
    b16 = next(d for d in data["differences"] if d["code"] == "B16")
    assert (b16["kind"], b16["stated"], b16["expected"]) == ("score", "2", "3")
    good = tmp_path / "good.yaml"
    text = (ROOT / "examples" / "wuhua-2023.yaml").read_text(encoding="utf-8")
    good.write_text(text.split("  other:")[0], encoding="utf-8")  # drop the narrative's figures
    assert main(["reconcile", str(WUHUA), str(good)]) == 0
    assert "全部一致 / all agree" in capsys.readouterr().out


def test_text_output_names_what_differs(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["reconcile", "department-common", str(HECHENG)]) == 1
    out = capsys.readouterr().out
    assert "B16   公用经费控制率" in out
    assert "报告2分，复核3分" in out and "90.02%" in out
    assert "总分写98分，复核99分" in out and "B16 +1" in out


# --------------------------------------------------------------------------- disagreements


def test_leaf_difference_says_why() -> None:
    scores = table_scores() | {"B41": 1}
    rec = perfscore.reconcile(WUHUA, wuhua_record(scores=scores, total=96))
    (diff,) = [d for d in rec.differences if d.kind == "score"]
    assert diff.code == "B41" and (diff.stated, diff.expected) == ("1", "2")
    assert "在编人数/编制数" in diff.message and "91.43%" in diff.message
    # 96 is what the reported scores add up to, but not what the data give
    total = rec.totals[0]
    assert (total.stated, total.reported_sum, total.recomputed) == (96, 96, 97)
    assert [d.kind for d in rec.differences] == ["score", "total"]


def test_stated_subtotals_against_sums_and_recomputed() -> None:
    scores = table_scores() | {"A": 28, "A1": Decimal("17.5"), "C": 29.5}
    rec = perfscore.reconcile(WUHUA, wuhua_record(scores=scores))
    by_code = {t.code: t for t in rec.totals}
    assert by_code["A"].reported_sum == Decimal("27.5") and not by_code["A"].agrees
    assert by_code["A1"].agrees and by_code["C"].agrees
    kinds = {(d.code, d.kind) for d in rec.differences}
    assert kinds == {("A", "sum"), ("A", "total")}


def test_other_places_in_the_report_are_checked_against_the_table() -> None:
    other = [{"where": "正文", "scores": {"A": 27, "B12": 3}, "total": 96, "grade": "良"}]
    rec = perfscore.reconcile(
        WUHUA, wuhua_record(scores=table_scores() | {"A": 27.5}, total=97, other=other)
    )
    kinds = sorted((d.code or "", d.kind) for d in rec.differences)
    assert kinds == [
        ("", "grade"),
        ("", "grade"),
        ("", "sum"),
        ("", "table"),
        ("", "total"),
        ("A", "sum"),
        ("A", "table"),
        ("A", "total"),
        ("B12", "score"),
        ("B12", "table"),
    ]
    assert rec.places == {"其他[1]": "正文"}


def test_a_missing_leaf_score_leaves_the_sum_open() -> None:
    scores = table_scores()
    del scores["C42"]
    rec = perfscore.reconcile(WUHUA, wuhua_record(scores=scores, total=97))
    total = rec.totals[0]
    assert total.reported_sum is None and total.missing == ("C42",)
    assert rec.agrees  # nothing stated disagrees; the table just does not give C42


def test_values_are_compared_at_the_precision_the_report_writes() -> None:
    values = {"B12": "0.28%", "A13": "-0.99%", "B41": "91%"}
    rec = perfscore.reconcile(WUHUA, wuhua_record(values=values))
    assert [v.agrees for v in rec.values] == [True, True, True]
    rec = perfscore.reconcile(WUHUA, wuhua_record(values={"B12": "0.3%", "A13": "0.99%"}))
    assert [v.agrees for v in rec.values] == [True, False]
    assert "符号相反" in rec.differences[0].message


def test_unattainable_reported_score() -> None:
    rec = perfscore.reconcile(
        "project-common", ROOT / "examples" / "hecheng-2020-project-common.yaml"
    )
    (b21,) = [d for d in rec.differences if d.code == "B21"]
    assert b21.kind == "possible" and b21.expected == "5、2、0"
    (d11,) = [d for d in rec.differences if d.code == "D11" and d.kind != "framework"]
    assert d11.kind == "possible" and d11.expected == "0–5"


def test_framework_errors_are_differences() -> None:
    rec = perfscore.reconcile("department-common", HECHENG)
    framework = [d for d in rec.differences if d.kind == "framework"]
    assert {d.code for d in framework} == {"A22", "C11", "C12", "C13"}
    assert rec.to_dict()["findings"]


@pytest.mark.parametrize(
    ("reported", "field"),
    [
        ({"scores": {"Z1": 3}}, "reported.scores.Z1"),
        ({"scores": {"A13": "lots"}}, "reported.scores.A13"),
        ({"values": {"A": "1%"}}, "reported.values.A"),
        ({"other": [{"scores": {"Q": 1}}]}, "reported.other[0].Q"),
        ({"other": "正文"}, "reported.other"),
    ],
)
def test_bad_reported_data_names_the_field(reported: dict[str, Any], field: str) -> None:
    with pytest.raises(DataError) as info:
        perfscore.reconcile(WUHUA, wuhua_record(**reported))
    assert info.value.field == field
    assert info.value.file is not None and info.value.file.endswith("wuhua-2023.yaml")


def test_unknown_reported_keys_are_noted_not_dropped_silently() -> None:
    rec = perfscore.reconcile(WUHUA, wuhua_record(total=97, ranking=3))
    assert rec.notes == ["reported.ranking is not reconciled (unknown key)"]
    assert "reported.ranking" in render_text(rec)


# --------------------------------------------------------------------------- possible scores


def one_leaf(rule: str, weight: str = "5") -> perfscore.Framework:
    doc = parse_yaml(
        f"""\
id: t
name: t
version: "1"
total: {weight}
precision: 2
grades: [{{name: 优, min: 0}}]
indicators:
  - {{code: A, name: 甲, weight: {weight}, rule: {rule}}}
""",
        "t.yaml",
    )
    return build_framework(doc)


@pytest.mark.parametrize(
    ("rule", "weight", "points"),
    [
        ("{kind: checklist, mode: lose, points: 3, items: [{id: a}, {id: b}]}", "5", "5 2 0"),
        (
            "{kind: checklist, mode: earn, items: [{id: a, points: 1}, {id: b, points: 0.75}]}",
            "2",
            "1.75 1 0.75 0",
        ),
        ("{kind: count, points: 0.5}", "2", "2 1.5 1 0.5 0"),
        ("{kind: count, weight_fraction: 0.2, zero_at: 3}", "5", "5 4 3 0"),
        ("{kind: threshold, compare: '>=', at: 90, pass: 2}", "3", "2 0"),
        (
            "{kind: deduction, bound: 100, side: below, step: 1, points: 2, step_mode: floor}",
            "5",
            "5 3 1 0",
        ),
    ],
)
def test_possible_scores_of_finite_rules(rule: str, weight: str, points: str) -> None:
    fw = one_leaf(rule, weight)
    leaf = fw["A"]
    assert leaf.rule is not None
    got = possible_scores(leaf.rule, leaf.weight, fw.precision)
    assert got.points == tuple(Decimal(p) for p in points.split())


def test_possible_scores_of_continuous_rules_is_a_range() -> None:
    fw = one_leaf("{kind: linear, full_at: 100, zero_at: 130, full: 5}", "10")
    assert fw["A"].rule is not None
    got = possible_scores(fw["A"].rule, fw["A"].weight, 2)
    assert got == Possible(low=Decimal(0), high=Decimal(5))
    assert Decimal("4.99") in got and Decimal(10) not in got


@given(
    st.lists(st.sampled_from(["0.25", "0.5", "1", "2", "3"]), min_size=1, max_size=6),
    st.sampled_from(["earn", "lose"]),
    st.data(),
)
def test_every_score_the_engine_gives_is_possible(
    points: list[str], mode: str, data: st.DataObject
) -> None:
    items = ", ".join(f"{{id: i{n}, points: {p}}}" for n, p in enumerate(points))
    fw = one_leaf(f"{{kind: checklist, mode: {mode}, items: [{items}]}}", "4")
    assert fw["A"].rule is not None
    possible = possible_scores(fw["A"].rule, fw["A"].weight, fw.precision)
    met = data.draw(st.lists(st.sampled_from([f"i{n}" for n in range(len(points))]), unique=True))
    score = fw.evaluate({"A": met})["A"].score
    assert score in possible
