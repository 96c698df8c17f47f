"""`perfscore import`: tables in .docx, .xlsx (merged cells), .csv (header variants, levels as
codes or indentation) read into frameworks that load and lint, every cell's text verbatim; the
three source tables measured against the hand-encoded frameworks (≥ 80% of leaves equal, none
wrong without a finding); the command's summary; a Word file without python-docx."""

from __future__ import annotations

import csv
import importlib.util
import io
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfscore.cli import main
from perfscore.errors import DataError, UsageError
from perfscore.framework import build_framework
from perfscore.importing import import_table
from perfscore.yamlio import parse_yaml

# These tests check the English wording of perfscore's messages (tests/test_i18n.py checks
# the Chinese, the default).
pytestmark = pytest.mark.usefixtures("english")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
_spec = importlib.util.spec_from_file_location(
    "import_measure", ROOT / "benchmarks" / "import_measure.py"
)
assert _spec and _spec.loader
measure = importlib.util.module_from_spec(_spec)
sys.modules["import_measure"] = measure
_spec.loader.exec_module(measure)


def _load(text: str) -> Any:
    return build_framework(parse_yaml(text, "<import>"))


def _leaves(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for node in nodes:
        out += _leaves(node["children"]) if "children" in node else [node]
    return out


@pytest.mark.parametrize(("fixture", "framework"), measure.PAIRS)
def test_a_source_table_imports_into_a_framework_that_loads_and_lints(
    fixture: str, framework: str
) -> None:
    result = import_table(FIXTURES / fixture)
    fw = _load(result.text)
    assert {f.check for f in fw.findings} <= {
        "weights", "leaf-weights", "rule-exceeds-weight", "rule-below-weight", "source-code"
    }  # the documents' own drafting errors, as the hand-encoded frameworks get
    hand = yaml.safe_load((ROOT / "perfscore" / "frameworks" / f"{framework}.yaml").read_text())
    assert len(result.leaves) == len(_leaves(hand["indicators"]))


@pytest.mark.parametrize(("fixture", "framework"), measure.PAIRS)
def test_the_cells_are_kept_verbatim(fixture: str, framework: str) -> None:
    """The criteria of each leaf are the table's text exactly — the text the hand-encoded
    framework quotes too (where both have it)."""
    imported = _leaves(yaml.safe_load(import_table(FIXTURES / fixture).text)["indicators"])
    hand = _leaves(yaml.safe_load((ROOT / "perfscore" / "frameworks" / f"{framework}.yaml")
                                  .read_text())["indicators"])
    by_name: dict[str, list[str]] = {}
    for leaf in hand:
        by_name.setdefault(measure._key(leaf["name"]), []).append(leaf.get("criteria", ""))
    same = [leaf for leaf in imported
            if leaf.get("criteria", "") in by_name.get(measure._key(leaf["name"]), [])]
    assert len(same) >= 0.9 * len(imported)


def test_the_measured_figures_meet_the_targets() -> None:
    """The figures docs/authoring.md records: ≥ 80% of leaves equal to the hand encoding, and
    no leaf whose rule differs without a finding."""
    figures = [measure.measure(fixture, framework) for fixture, framework in measure.PAIRS]
    leaves = sum(f.leaves for f in figures)
    equal = sum(f.equal for f in figures)
    assert equal / leaves >= Decimal("0.8")
    assert [w for f in figures for w in f.wrong_unflagged] == []
    assert [u for f in figures for u in f.unmatched] == []


def test_where_the_hand_encoding_chose_the_import_points_at_the_same_place() -> None:
    """department-common says step_mode continuous where the prose is silent: every such leaf
    has the step-mode finding."""
    result = import_table(FIXTURES / "department-common-fu1.xlsx")
    stepped = [leaf for leaf in result.leaves if leaf.reading.rule["kind"] == "deduction"]
    assert stepped and all(
        any(d.key == "step_mode" for d in leaf.reading.defaults) for leaf in stepped
    )
    assert "step_mode: continuous  # 默认" in result.text


def _csv(rows: list[list[str]], path: Path, encoding: str = "utf-8") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def test_a_csv_with_header_variants_and_levels_as_codes(tmp_path: Path) -> None:
    rows = [
        ["某单位绩效评价指标体系"],
        ["指标编码", "指标名称", "标准分", "考核内容", "评分办法", "佐证材料"],
        ["A", "投入", "10", "", "", ""],
        ["A1", "预算编制", "10", "", "", ""],
        ["A11", "执行率", "10", "执行率=（执行数/预算数）×100%", "100%计满分，每低于1%扣1分",
         "决算表"],
    ]
    result = import_table(_csv(rows, tmp_path / "t.csv", "gb18030"))
    doc = yaml.safe_load(result.text)
    leaf = doc["indicators"][0]["children"][0]["children"][0]
    assert (doc["name"], leaf["code"], leaf["name"]) == ("某单位绩效评价指标体系", "A11", "执行率")
    assert leaf["formula"] == "（执行数 / 预算数） × 100" and leaf["unit"] == "%"
    assert set(doc["inputs"]) == {"执行数", "预算数"}
    assert leaf["data_source"] == "决算表" and leaf["criteria"] == rows[4][4]
    assert _load(result.text).evaluate({"执行数": "97.5", "预算数": 100}).total == Decimal("7.5")


def test_levels_by_indentation_in_one_column(tmp_path: Path) -> None:
    rows = [["指标", "分值", "评分标准"], ["产出", "4", ""], ["  数量", "4", ""],
            ["    完成率", "4", "≥95%得满分，否则不得分"]]
    doc = yaml.safe_load(import_table(_csv(rows, tmp_path / "i.csv")).text)
    leaf = doc["indicators"][0]["children"][0]["children"][0]
    assert leaf["code"] == "A11"
    assert leaf["rule"] == {"kind": "threshold", "compare": ">=", "at": 95}


def test_merged_cells_of_an_xlsx_are_the_node_above(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["一级指标", "二级指标", "三级指标", "分值", "评分细则"])
    sheet.append(["决策（4分）", "目标（4分）", "明确性", 2, "视情况酌情得0-2分"])
    sheet.append([None, None, "合理性", 2, "视情况酌情得0-2分"])
    sheet.merge_cells("A2:A3")
    sheet.merge_cells("B2:B3")
    book.save(tmp_path / "m.xlsx")
    doc = yaml.safe_load(import_table(tmp_path / "m.xlsx").text)
    assert [c["code"] for c in doc["indicators"][0]["children"][0]["children"]] == ["A11", "A12"]
    assert doc["indicators"][0]["weight"] == 4


_NAMES = st.text(
    alphabet=st.sampled_from(list("资金预算执行管理制度绩效目标产出质量")), min_size=2, max_size=8
)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(table=st.lists(st.tuples(_NAMES, st.integers(1, 9)), min_size=1, max_size=12,
                      unique_by=lambda t: t[0]))
def test_a_table_reads_back_its_leaves_names_and_weights(
    tmp_path: Path, table: list[tuple[str, int]]
) -> None:
    """A property: any table of leaves under one parent reads back as those leaves, in order,
    with their names and weights, and loads."""
    rows = [["一级指标", "三级指标", "分值", "评分标准"]]
    rows += [["甲", name, str(weight), "视情况酌情得0-1分"] for name, weight in table]
    result = import_table(_csv(rows, tmp_path / "p.csv"))
    leaves = yaml.safe_load(result.text)["indicators"][0]["children"]
    assert [(leaf["name"], leaf["weight"]) for leaf in leaves] == list(table)
    _load(result.text)


def test_the_command_writes_the_framework_and_prints_the_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "fw.yaml"
    assert main(["import", str(FIXTURES / "project-common-fu4-1.docx"), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "读取末级指标 17 个" in err and "需人工确认" in err
    assert "B1 error [weights]" in err  # 资金管理 declared 10, its children 7
    assert "C31 error [rule-below-weight]" in err  # every error is listed, not only weights
    assert "需人工确认 8 个" in err and "取默认值 6 个" in err and "：B11、B12" in err
    assert f"perfscore lint {out}" in err  # what to do next
    assert main(["lint", str(out)]) == 1  # the document's own errors, reported


def test_a_file_without_an_indicator_table_is_one_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="未找到指标体系表"):
        import_table(_csv([["a", "b"], ["1", "2"]], tmp_path / "x.csv"))
    with pytest.raises(UsageError, match="不支持"):
        import_table(tmp_path / "x.pdf")


def test_a_word_file_without_python_docx_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "docx", None)
    with pytest.raises(UsageError, match=r"perfscore\[docx\]"):
        import_table(FIXTURES / "xundian-2023-fu3.docx")


def test_situations_with_their_points_import_as_cases_the_evaluator_answers(
    tmp_path: Path,
) -> None:
    """"无结余得3分；有结余但不超过上年结转得2分；超过上年结转不得分": a cases rule whose
    situations are yes/no inputs, in the order written, the last one the else; flagged."""
    rows = [
        ["指标编码", "指标名称", "分值", "评分标准"],
        ["A", "预算管理", "3", ""],
        ["A1", "资金管理", "3", ""],
        ["A11", "结余控制", "3", "无结余得3分；有结余但不超过上年结转得2分；超过上年结转不得分"],
    ]
    result = import_table(_csv(rows, tmp_path / "c.csv"))
    doc = yaml.safe_load(result.text)
    leaf = doc["indicators"][0]["children"][0]["children"][0]
    assert leaf["rule"]["kind"] == "cases" and leaf["rule"]["else"] == {"points": 0}
    assert [c["when"] for c in leaf["rule"]["cases"]] == ["无结余", "有结余但不超过上年结转"]
    assert any("分情形计分" in finding for code, finding in result.findings if code == "A11")
    fw = _load(result.text)
    assert not [f for f in fw.findings if f.level == "error" and f.code == "A11"]

    def total(first: bool, second: bool) -> Decimal:
        record = {leaf["input"]: 5, "无结余": first, "有结余但不超过上年结转": second}
        return fw.evaluate(record).total

    assert total(True, False) == 3
    assert total(True, True) == 3  # the first situation that holds
    assert total(False, True) == 2
    assert total(False, False) == 0
