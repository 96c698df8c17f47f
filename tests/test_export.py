"""`perfscore export`: a framework written as its indicator table, and read back by import.

"Equal", as these tests hold it (docs/authoring.md, "The way back"):

* the tree — every node's code, name, level, parent and weight (the model's: a share of
  `split: equal` is printed, and read back, as the weight it comes to);
* the document — every key of every node and of the framework (rule, formula, input, unit,
  plausible, grades, inputs …) as the framework declares it, numbers compared as numbers,
  texts without their surrounding white space; a leaf that had no 评分标准 keeps the one the
  export wrote from its rule;
* the scores — records drawn by perfscore.testing's `base_data` score the same on both, leaf by
  leaf, with the same total and grade.

That is the round trip with the machine-readable part (xlsx, docx). Without it (a csv, or
`--no-machine`: the printed text alone) import reads each 评分标准 with the grammar, and a leaf is
read back with the same rule kind and parameters (`canonical`) or flagged for review — never
different and unflagged. Every bundled framework, and tests/property-frameworks/ (every rule
kind, a split weight), for each format.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import tempfile
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import perfscore
from perfscore.cli import main
from perfscore.errors import UsageError
from perfscore.exporting import export_table, indicator_table
from perfscore.framework import Framework, build_framework
from perfscore.importing import ImportResult, import_table
from perfscore.importing.prose import read_rule
from perfscore.model import Indicator
from perfscore.testing import base_data
from perfscore.yamlio import parse_yaml

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location(
    "import_measure", ROOT / "benchmarks" / "import_measure.py"
)
assert _spec and _spec.loader
measure = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("import_measure", measure)
_spec.loader.exec_module(measure)

FRAMEWORKS = {
    path.stem: path
    for folder in ("perfscore/frameworks", "tests/property-frameworks")
    for path in sorted((ROOT / folder).glob("*.yaml"))
}
NAMES = sorted(FRAMEWORKS)
WITH_PART = (".xlsx", ".docx")
_TMP = Path(tempfile.mkdtemp(prefix="perfscore-export-"))


@cache
def framework(name: str) -> Framework:
    return perfscore.load_framework(FRAMEWORKS[name])


@cache
def round_trip(name: str, suffix: str, machine: bool = True) -> tuple[ImportResult, Framework]:
    """`name` exported as `suffix` and imported again: the import and the framework it wrote."""
    path = _TMP / f"{name}-{'part' if machine else 'text'}{suffix}"
    path.write_bytes(export_table(framework(name), suffix, machine=machine))
    result = import_table(path)
    path.unlink()
    return result, build_framework(parse_yaml(result.text, str(path)))


def _tree(fw: Framework) -> list[tuple[str, str, int, str, Decimal]]:
    parents = {c.code: n.code for n in fw.walk() for c in n.children}
    return [(n.code, n.name, n.depth, parents.get(n.code, ""), n.weight) for n in fw.walk()]


def _same(value: Any) -> Any:
    """A document's value as compared: numbers as numbers, texts stripped, weights apart."""
    if isinstance(value, dict):
        return {k: _same(v) for k, v in value.items() if k not in ("weight", "split", "remainder")}
    if isinstance(value, list):
        return [_same(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float, Decimal)):
        return Decimal(str(value)).normalize()
    return value.strip() if isinstance(value, str) else value


def _nodes(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [n for node in nodes for n in [node, *_nodes(node.get("children", []))]]


def _without_generated(imported: dict[str, Any], original: dict[str, Any]) -> dict[str, Any]:
    """The imported document less the 评分标准 the export wrote for leaves that had none."""
    had = {n["code"] for n in _nodes(original["indicators"]) if n.get("criteria")}
    for node in _nodes(imported["indicators"]):
        if "children" not in node and node["code"] not in had:
            node.pop("criteria", None)
    return imported


@pytest.mark.parametrize("suffix", WITH_PART)
@pytest.mark.parametrize("name", NAMES)
def test_import_of_an_export_is_the_same_framework(name: str, suffix: str) -> None:
    fw = framework(name)
    result, back = round_trip(name, suffix)
    assert _tree(back) == _tree(fw)
    assert fw.document is not None and back.document is not None
    imported = _without_generated(back.document.data, fw.document.data)
    assert _same(imported) == _same(fw.document.data)
    assert not result.findings  # nothing to review: every row is as exported
    assert len(result.from_part) == len(list(fw.leaves()))


@pytest.mark.parametrize("suffix", WITH_PART)
@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_same_framework_scores_every_record_the_same(
    name: str, suffix: str, data: st.DataObject
) -> None:
    fw = framework(name)
    _, back = round_trip(name, suffix)
    record = data.draw(base_data(fw), label="record")
    ours, theirs = fw.evaluate(record), back.evaluate(record)
    assert (theirs.total, theirs.grade) == (ours.total, ours.grade)
    assert [(n.code, n.score) for root in theirs.indicators for n in root.walk()] == [
        (n.code, n.score) for root in ours.indicators for n in root.walk()
    ]


canonical = measure.canonical  # a rule's kind and parameters, defaults written out


@pytest.mark.parametrize("suffix", (*WITH_PART, ".csv"))
@pytest.mark.parametrize("name", NAMES)
def test_the_printed_text_alone_reads_back_or_is_flagged(name: str, suffix: str) -> None:
    fw = framework(name)
    result, back = round_trip(name, suffix, machine=False)
    assert _tree(back) == _tree(fw)
    assert not result.from_part
    for leaf in result.leaves:
        original = fw[leaf.code]
        weight = measure._number(original.weight)
        declared = original.rule.spec if original.rule is not None and not original.rows else {}
        same = bool(declared) and canonical(leaf.reading.rule, weight) == canonical(
            declared, weight
        )
        assert same or leaf.reading.flagged, (leaf.code, leaf.reading.rule, declared)


def test_every_rule_kind_the_grammar_reads_says_itself_back() -> None:
    """The words the export writes for a rule (`Rule.criterion`) read back to that rule, with
    nothing to review, for every leaf of every-rule whose kind and parameters a phrasing states."""
    fw = framework("every-rule")
    said_back = []
    for leaf in fw.leaves():
        assert leaf.rule is not None
        weight = measure._number(leaf.weight)
        reading = read_rule(leaf.rule.criterion(leaf.unit), leaf.weight)
        if canonical(reading.rule, weight) == canonical(leaf.rule.spec, weight):
            said_back.append(leaf.code)
            assert not reading.flagged, leaf.code
        else:
            assert reading.flagged, leaf.code
    assert len(said_back) >= 16  # all but the piecewise, cases, judged band, negative bound …


_DEDUCTIONS = st.fixed_dictionaries(
    {
        "bound": st.sampled_from([0, 50, 95, 100]),
        "side": st.sampled_from(["above", "below", "both"]),
        "step": st.sampled_from([1, 2, 5, Decimal("0.5")]),
        "points": st.sampled_from([Decimal("0.1"), Decimal("0.5"), 1, 2]),
        "step_mode": st.sampled_from(["continuous", "floor", "ceil"]),
    }
)


def _leaf(rule: dict[str, Any], weight: Decimal, unit: str) -> Indicator:
    text = (
        (
            "id: t\nname: t\nversion: '1'\ntotal: 100\nprecision: 2\ngrades: [{name: 优, min: 0}]\n"
            f"inputs: {{x: {{}}}}\nindicators:\n  - code: A\n    name: 甲\n    weight: {weight}\n"
            f"    formula: x\n    unit: '{unit}'\n    rule: {rule!r}\n"
        )
        .replace("Decimal('", "")
        .replace("')", "")
    )
    return build_framework(parse_yaml(text, "<t>"))["A"]


@settings(max_examples=60, deadline=None)
@given(rule=_DEDUCTIONS, weight=st.sampled_from([1, 2, 5, 10]), unit=st.sampled_from(["%", ""]))
def test_a_deduction_in_words_reads_back_exactly(
    rule: dict[str, Any], weight: int, unit: str
) -> None:
    leaf = _leaf({"kind": "deduction", **rule}, Decimal(weight), unit)
    assert leaf.rule is not None
    reading = read_rule(leaf.rule.criterion(unit), leaf.weight)
    assert canonical(reading.rule, Decimal(weight)) == canonical(leaf.rule.spec, Decimal(weight))
    assert not reading.flagged


_THRESHOLDS = st.fixed_dictionaries(
    {"compare": st.sampled_from([">=", ">", "<=", "<", "=="]), "at": st.sampled_from([0, 90, 100])},
    optional={"otherwise": st.just("judgment"), "pass": st.sampled_from([1, 2])},
)


@settings(max_examples=60, deadline=None)
@given(rule=_THRESHOLDS, weight=st.sampled_from([2, 5]), unit=st.sampled_from(["%", ""]))
def test_a_threshold_in_words_reads_back_exactly(
    rule: dict[str, Any], weight: int, unit: str
) -> None:
    leaf = _leaf({"kind": "threshold", **rule}, Decimal(weight), unit)
    assert leaf.rule is not None
    reading = read_rule(leaf.rule.criterion(unit), leaf.weight)
    assert canonical(reading.rule, Decimal(weight)) == canonical(leaf.rule.spec, Decimal(weight))
    assert not reading.flagged


def test_a_row_changed_after_the_export_is_read_from_its_prose(tmp_path: Path) -> None:
    """The hidden record holds the rule while the row shows the 分值 and 评分标准 it was printed
    with; a row edited since is read by the grammar, and the import says so."""
    path = tmp_path / "指标体系.xlsx"
    path.write_bytes(export_table(framework("department-common"), ".xlsx"))
    book = openpyxl.load_workbook(path)
    sheet = book["指标体系"]
    header = [c.value for c in sheet[2]]
    row = next(r for r in sheet.iter_rows(min_row=3) if str(r[2].value or "").startswith("B22"))
    row[header.index("评分标准")].value = "每出现一例不符合要求的扣1分，扣完为止"
    book.save(path)
    result = import_table(path)
    changed = [leaf for leaf in result.leaves if leaf.code == "B22"]
    assert changed and not changed[0].machine
    assert changed[0].reading.rule == {"kind": "count", "points": 1}
    assert any(code == "B22" and "已改动" in text for code, text in result.findings)
    assert len(result.from_part) == len(result.leaves) - 1


def test_the_table_is_laid_out_as_the_documents_print_it() -> None:
    table = indicator_table(framework("department-common"))
    assert table.header == ["一级指标", "二级指标", "三级指标", "分值", "指标解释", "评分标准",
                            "数据来源"]  # fmt: skip
    first = table.rows[0]
    assert first.levels[0].startswith("A ") and first.levels[0].endswith("分）")
    assert first.levels[2].startswith("A11 ") and first.cells["weight"] == "6"
    under_a = sum(1 for leaf in framework("department-common").leaves() if leaf.code[0] == "A")
    assert (0, 0, under_a - 1) in list(table.merges())  # A (决策) merged over its leaves


def test_the_workbook_prints_on_a4_landscape_with_the_header_repeated(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    path.write_bytes(export_table(framework("xundian-2023"), ".xlsx"))
    book = openpyxl.load_workbook(path)
    sheet = book["指标体系"]
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == "$2:$2"
    assert sheet["A3"].font.name == "SimSun"
    assert book["perfscore"].sheet_state == "hidden"


def test_the_command_writes_each_format_and_refuses_another(tmp_path: Path, capsys: Any) -> None:
    for suffix in (".xlsx", ".docx", ".csv"):
        out = tmp_path / f"指标体系{suffix}"
        assert main(["export", "wuhua-2023", "-o", str(out)]) == 0
        assert out.stat().st_size > 0
    assert "评分标准由规则生成 19 个" in capsys.readouterr().err
    assert main(["import", str(tmp_path / "指标体系.xlsx"), "-o", str(tmp_path / "back.yaml")]) == 0
    assert "规则取自导出文件的机读数据 25 个" in capsys.readouterr().err
    assert main(["export", "wuhua-2023", "-o", str(tmp_path / "t.pdf")]) == 2
    with pytest.raises(UsageError):
        export_table(framework("wuhua-2023"), ".pdf")


def test_a_csv_keeps_text_that_looks_like_a_formula_as_text() -> None:
    """The csv writes "=100%得满分…" as "'=100%得满分…" (formula injection neutralised); import
    takes the quote off again, as a csv form's reader does."""
    _, back = round_trip("every-rule", ".csv", machine=False)
    rule = framework("every-rule")["B7"].rule
    assert rule is not None and back["B7"].criteria == rule.criterion("%")
    assert back["B7"].criteria.startswith("=")


def test_a_word_file_needs_the_docx_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "docx", None)
    with pytest.raises(UsageError, match=r"perfscore\[docx\]"):
        export_table(framework("wuhua-2023"), ".docx")


def test_the_machine_part_names_no_framework_to_extend(tmp_path: Path) -> None:
    """A table's hidden record is the sender's: an `extends` in it is not followed."""
    path = tmp_path / "t.xlsx"
    path.write_bytes(export_table(framework("wuhua-2023"), ".xlsx"))
    book = openpyxl.load_workbook(path)
    part = book["perfscore"]
    assert part["A2"].value == "*"
    part["B2"].value = "extends: ../../elsewhere\n" + str(part["B2"].value)
    book.save(path)
    result = import_table(path)
    assert "extends" not in result.document and result.document["id"] == "wuhua-2023"


@pytest.mark.parametrize("suffix", WITH_PART)
def test_an_exports_codes_come_back_as_written_whatever_their_pattern(
    tmp_path: Path, suffix: str
) -> None:
    """A framework's codes need not follow 'A', 'A1', 'A11': an export's table keeps its own
    (a table without the machine part gets codes made in that pattern instead)."""
    doc = {
        "id": "codes",
        "name": "codes",
        "version": "1",
        "total": 10,
        "precision": 2,
        "grades": [{"name": "合格", "min": 6}, {"name": "不合格", "min": 0}],
        "indicators": [
            {"code": "P", "name": "过程", "weight": 10, "children": [
                {"code": "Q-1", "name": "资金到位", "weight": 6, "input": "x",
                 "rule": {"kind": "judgment"}},
                {"code": "R2.b", "name": "制度执行", "weight": 4, "input": "y",
                 "rule": {"kind": "judgment"}},
            ]},
        ],
    }  # fmt: skip
    fw = build_framework(parse_yaml(json.dumps(doc, ensure_ascii=False), "codes.yaml"))
    path = tmp_path / f"codes{suffix}"
    path.write_bytes(export_table(fw, suffix))
    result = import_table(path)
    back = build_framework(parse_yaml(result.text, str(path)))
    assert [n.code for n in back.walk()] == ["P", "Q-1", "R2.b"]
    assert not result.findings
