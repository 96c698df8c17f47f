"""JSON output prints exact decimals (issue 13, item 10): `to_dict()` stays JSON-safe (the
standard library's json.dumps writes it), and perfscore's own JSON outputs — score -f json,
reconcile --format json, batch jsonl — write each number's exact digits (perfscore.json_text)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from security_support import FRAMEWORK, framework

import perfscore
from perfscore.batch import run_batch
from perfscore.json_text import JsonDecimal, dumps
from perfscore.numbers import json_number
from perfscore.render.json_format import render

BIG = Decimal("17636684144620811.14")  # 17 digits before the point: no double holds it

decimals = st.decimals(
    min_value=Decimal("-1E18"), max_value=Decimal("1E18"), allow_nan=False, places=None
).filter(lambda d: d == 0 or abs(d) >= Decimal("1E-28"))


@settings(max_examples=300)
@given(decimals)
def test_a_number_is_written_as_its_exact_decimal(value: Decimal) -> None:
    number = json_number(value)
    assert json.loads(dumps(number), parse_float=Decimal) == value
    json.dumps(number)  # still JSON-safe for the standard library


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text()
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)  # fmt: skip


@settings(max_examples=200)
@given(json_values, st.sampled_from([{}, {"indent": 2}, {"compact": True}]))
def test_the_encoder_writes_what_json_dumps_writes(value: Any, options: dict[str, Any]) -> None:
    compact = options.pop("compact", False)
    expected = json.dumps(
        value, ensure_ascii=False, separators=(",", ":") if compact else None, **options
    )
    for char in "\x85\u2028\u2029":  # escaped: no reader splits a jsonl line there
        expected = expected.replace(char, f"\\u{ord(char):04x}")
    assert dumps(value, compact=compact, **options) == expected


def test_score_json_prints_the_exact_value(tmp_path: Path) -> None:
    fw = framework()
    ratio = BIG / 100  # 执行数 / 预算数 * 100 = BIG
    data = {"预算数": "1", "执行数": str(ratio), "违规": "否", "C1": 3, "D1": 2}
    text = render(fw.evaluate(data))
    assert isinstance(text, str)
    assert "17636684144620811.14" in text and "e+16" not in text
    read = json.loads(text, parse_float=Decimal)
    values = [node.get("value") for node in read["indicators"]]
    assert BIG in values
    assert isinstance(json_number(BIG), JsonDecimal) and json_number(BIG) == float(BIG)


def test_batch_jsonl_and_csv_print_the_same_numbers(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    rows = ["id,预算数,执行数,违规,C1,D1"] + [
        f"u{i},3,{i}.{i},否,{Decimal(i) / 10},1.25" for i in range(1, 30)
    ]
    source.write_text("\n".join(rows) + "\n", encoding="utf-8")
    fw = perfscore.load_framework(_write(tmp_path))
    run_batch(fw, source, tmp_path / "out.jsonl")
    run_batch(fw, source, tmp_path / "out.csv", header="codes")
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    header, *table = (tmp_path / "out.csv").read_text(encoding="utf-8-sig").splitlines()
    total = header.split(",").index("total")
    assert len(lines) == len(table) == 29
    for line, row in zip(lines, table, strict=True):
        record = json.loads(line, parse_float=Decimal)
        assert Decimal(row.split(",")[total]) == record["total"]


def _write(tmp_path: Path) -> Path:
    path = tmp_path / "security.yaml"
    path.write_text(FRAMEWORK, encoding="utf-8")
    return path
