"""`perfscore report`: the Word 评价报告, read back with python-docx (the 评分表 is a table, its
parents' cells merged, every score and the total in it, every section present) and rendered by
LibreOffice to PDF (every leaf's score and the total in the printed text)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import perfscore
from perfscore.cli import main
from perfscore.errors import DataError, FrameworkError
from perfscore.explain import leaf_head, score_text, total_text
from perfscore.i18n import set_language
from perfscore.records import Record
from perfscore.render.table import layout
from perfscore.report_text import HEADER, SIGNERS, TITLE, ReportText, read_report_text
from perfscore.testing import base_data
from perfscore.yamlio import parse_yaml

docx = pytest.importorskip("docx", reason="the extra perfscore[docx] is not installed")

from perfscore.report import report_docx  # noqa: E402  (needs python-docx)

ROOT = Path(__file__).resolve().parent.parent
#: (framework, example): a 部门整体 evaluation with stated scores and text sections, and a
#: 项目支出绩效自评表 whose indicators are the rows the data list
EXAMPLES = [
    ("department-common", "examples/hecheng-2020.yaml"),
    ("project-self-evaluation", "examples/linxiang-2022.yaml"),
]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@cache
def scored(framework: str, example: str) -> tuple[perfscore.Framework, Record, perfscore.Result]:
    fw = perfscore.load_framework(framework)
    record = perfscore.load_record(ROOT / example)
    return fw, record, fw.evaluate(record)


def written(framework: str, example: str) -> bytes:
    fw, record, result = scored(framework, example)
    return report_docx(result, record.report.over(fw.report))


def document_text(document: Any) -> str:
    """Every paragraph's text, the tables' included, one a line."""
    body = document.element.body
    return "\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in body.iter(f"{W}p"))


def score_table(document: Any) -> Any:
    (table,) = [t for t in document.tables if t.rows[0].cells[-1].text == "扣分说明"]
    return table


# --------------------------------------------------------------------------- structure


@pytest.mark.parametrize(("framework", "example"), EXAMPLES)
def test_the_score_table_is_a_word_table_with_every_score(framework: str, example: str) -> None:
    _, _, result = scored(framework, example)
    document = docx.Document(io.BytesIO(written(framework, example)))
    table = score_table(document)
    plan = layout(result)
    header = [cell.text for cell in table.rows[0].cells]
    numbers = ["分值", *(["自评分"] if result.stated else []), "得分"]
    assert header == [*plan.level_names(), *numbers, "扣分说明"]
    assert len(table.rows) == len(plan.rows) + 2  # the header, a row a leaf, 合计
    score_column = header.index("得分")
    for i, row in enumerate(plan.rows, 1):
        cells = table.rows[i].cells
        assert cells[row.level].text.startswith(row.leaf.code)
        assert cells[score_column].text == score_text(row.leaf.score)
        assert cells[header.index("分值")].text == score_text(row.leaf.weight)
        if result.stated:
            stated = result.stated.get(row.leaf.code)
            assert cells[header.index("自评分")].text == (
                "" if stated is None else score_text(stated)
            )
    total = table.rows[-1].cells
    assert total[0].text == "合计"
    assert total[score_column].text == score_text(result.total)
    assert total[-1].text == f"等级：{result.grade}"


@pytest.mark.parametrize(("framework", "example"), EXAMPLES)
def test_a_parents_cell_is_merged_over_its_leaves(framework: str, example: str) -> None:
    _, _, result = scored(framework, example)
    table = score_table(docx.Document(io.BytesIO(written(framework, example))))
    plan = layout(result)
    merged = [span for span in plan.spans if span.last > span.first]
    assert merged, "the example has a parent over several leaves"
    for span in plan.spans:
        top = table.cell(span.first + 1, span.level)
        assert top.text.startswith(span.node.code)
        for row in range(span.first + 1, span.last + 2):
            assert table.cell(row, span.level)._tc is top._tc  # one cell, merged
    below = [span for span in plan.spans if span.last + 2 < len(table.rows) - 1]
    for span in below:  # the row after the group is another cell
        assert (
            table.cell(span.last + 2, span.level)._tc
            is not table.cell(span.first + 1, span.level)._tc
        )


def test_the_report_has_its_sections_header_and_signatures() -> None:
    _, _, result = scored(*EXAMPLES[0])
    document = docx.Document(io.BytesIO(written(*EXAMPLES[0])))
    text = document_text(document)
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "一、部门、单位基本情况",
        "二、评价结论",
        "三、评分表",
        "四、评分说明",
        "五、发现的问题",
        "六、存在的问题及原因分析",
        "七、下一步改进措施",
    ]
    assert document.paragraphs[0].text == "鹤城区社会保险服务中心2020年部门整体支出绩效自评报告"
    for line in ("单位：鹤城区社会保险服务中心", "年度：2020", "评价方式：部门整体支出绩效自评"):
        assert line in text
    assert "评价机构" not in text  # a field the record does not give is not printed
    assert total_text(result) in text
    assert "评价等级为“优”" in text
    for leaf in result.leaves():
        assert leaf_head(leaf) in text  # 评分说明: a paragraph per leaf, in explain's words
    assert "编制人员情况：在编在岗人员共计31人" in text
    for line in ("评价人（签字）：", "复核人（签字）：", "日期："):
        assert line in text


def test_findings_are_in_chinese_and_name_files_by_their_name() -> None:
    path = (ROOT / "perfscore/frameworks/department-common.yaml").resolve()
    fw = perfscore.load_framework(path)
    result = fw.evaluate(perfscore.load_record(ROOT / "examples/hecheng-2020.yaml"))
    text = document_text(docx.Document(io.BytesIO(report_docx(result))))
    assert result.findings
    assert str(path.parent) not in text  # never the folder it was read from
    assert "【错误】C11 实际完成率：实际完成率标明为正向" in text
    assert "指标方向与评分标准相反（department-common.yaml 第316行）" in text
    set_language("en")  # the report is Chinese whatever the language set
    try:
        again = document_text(docx.Document(io.BytesIO(report_docx(result))))
    finally:
        set_language(None)
    assert "指标方向与评分标准相反（department-common.yaml 第316行）" in again
    assert "is declared" not in again


def test_the_page_is_a4_and_the_text_is_set_in_an_east_asian_font() -> None:
    document = docx.Document(io.BytesIO(written(*EXAMPLES[0])))
    sizes = {(round(s.page_width.mm), round(s.page_height.mm)) for s in document.sections}
    assert sizes == {(210, 297), (297, 210)}  # A4, the 评分表's pages turned
    styles = document.styles.element
    fonts = styles.find(f"{W}docDefaults").find(f".//{W}rFonts")
    assert fonts.get(f"{W}eastAsia") == "宋体"
    assert not [name for name in fonts.attrib if "Theme" in name or "theme" in name]
    lang = styles.find(f"{W}docDefaults").find(f".//{W}lang")
    assert lang.get(f"{W}eastAsia") == "zh-CN"
    normal = document.styles["Normal"].element.rPr.rFonts
    assert normal.get(f"{W}eastAsia") == "宋体"
    heading = document.styles["Heading 1"].element.rPr.rFonts
    assert heading.get(f"{W}eastAsia") == "黑体"


# --------------------------------------------------------------------------- printed


def _pdf_text(tmp_path: Path, data: bytes, layout_mode: bool) -> str:
    source = tmp_path / "评价报告.docx"
    source.write_bytes(data)
    pdf = source.with_suffix(".pdf")
    if not pdf.exists():
        done = subprocess.run(
            ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
             "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
            capture_output=True, timeout=240, check=False,
        )  # fmt: skip
        assert pdf.exists(), done.stderr
    args = ["pdftotext", *(["-layout"] if layout_mode else []), str(pdf), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True, timeout=60).stdout


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) and poppler's pdftotext are not installed",
)
@pytest.mark.parametrize(("framework", "example"), EXAMPLES)
def test_the_printed_report_shows_every_score_and_the_total(
    framework: str, example: str, tmp_path: Path
) -> None:
    _, _, result = scored(framework, example)
    data = written(framework, example)
    flat = re.sub(r"\s+", "", _pdf_text(tmp_path, data, layout_mode=False))
    for leaf in result.leaves():
        assert re.sub(r"\s+", "", leaf_head(leaf)) in flat, leaf.code
    assert re.sub(r"\s+", "", total_text(result)) in flat
    table = _pdf_text(tmp_path, data, layout_mode=True)
    numbers = [result.maximum, *([result.stated_total] if result.stated else []), result.total]
    row = r"合计\s+" + r"\s+".join(re.escape(score_text(n)) for n in numbers if n is not None)
    assert re.search(row, table), "the 合计 row prints the maximum and the total"
    assert "评价人（签字）" in flat


# --------------------------------------------------------------------------- properties

FW = perfscore.load_framework("department-common")
_TEXT = st.text(max_size=40)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    values=base_data(FW),
    sections=st.dictionaries(
        _TEXT.filter(lambda t: t.strip() and "\n" not in t), _TEXT, max_size=3
    ),
    fields=st.dictionaries(st.sampled_from([TITLE, *HEADER, *SIGNERS]), _TEXT, max_size=4),
)
def test_any_record_gives_a_document_that_opens_and_holds_the_total(
    values: dict[str, Any], sections: dict[str, str], fields: dict[str, str]
) -> None:
    result = FW.evaluate(values)
    text = ReportText({key: value for key, value in fields.items() if value.strip()}, sections)
    document = docx.Document(io.BytesIO(report_docx(result, text)))
    table = score_table(document)
    assert table.rows[-1].cells[0].text == "合计"
    assert score_text(result.total) in [cell.text for cell in table.rows[-1].cells]
    assert total_text(result) in document_text(document)


# --------------------------------------------------------------------------- the shape


def _read(text: str) -> ReportText:
    doc = parse_yaml(text, "r.yaml")
    return read_report_text(doc.data.get("report"), DataError, "r.yaml", doc.line_of)


def test_report_values_read_as_the_report_writes_them() -> None:
    text = _read("report:\n  年度: 2020\n  报告日期: 2021-03-31\n  sections:\n    概况: null\n")
    assert text.fields == {"年度": "2020", "报告日期": "2021年3月31日"}
    assert text.sections == {"概况": ""}


@pytest.mark.parametrize(
    ("yaml", "field", "line"),
    [
        ("report:\n  单位: x\n  部门: y\n", "report.部门", 3),
        ("report:\n  sections: [a, b]\n", "report.sections", 2),
        ("report:\n  sections:\n    概况: [1]\n", "report.sections.概况", 3),
        ("report:\n  评价人: true\n", "report.评价人", 2),
        ("report: 概况\n", "report", 1),
    ],
)
def test_a_malformed_report_is_one_error_naming_its_place(yaml: str, field: str, line: int) -> None:
    with pytest.raises(DataError) as caught:
        _read(yaml)
    assert (caught.value.file, caught.value.field, caught.value.line) == ("r.yaml", field, line)


def test_a_record_file_with_a_malformed_report_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text("values: {}\nreport:\n  单位: [x]\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"report\.单位"):
        perfscore.load_record(path)


def test_a_framework_declares_sections_and_the_record_wins(tmp_path: Path) -> None:
    base = (ROOT / "perfscore/frameworks/department-common.yaml").read_text(encoding="utf-8")
    path = tmp_path / "fw.yaml"
    path.write_text(
        base + "report:\n  评价方式: 第三方评价\n  sections:\n    评价依据: 预算法\n"
        "    评价结论: 框架的结论前言\n",
        encoding="utf-8",
    )
    fw = perfscore.load_framework(path)
    assert fw.report.sections == {"评价依据": "预算法", "评价结论": "框架的结论前言"}
    record = Record(report=ReportText({"评价方式": "部门自评"}, {"评价依据": "绩效管理办法"}))
    merged = record.report.over(fw.report)
    assert merged.fields == {"评价方式": "部门自评"}
    assert merged.sections == {"评价依据": "绩效管理办法", "评价结论": "框架的结论前言"}
    result = fw.evaluate(perfscore.load_record(ROOT / "examples/hecheng-2020.yaml"))
    document = docx.Document(io.BytesIO(report_docx(result, merged)))
    texts = [p.text for p in document.paragraphs]
    first = texts.index("二、评价结论")  # a supplied 评价结论 opens the made one
    assert texts[first + 1] == "框架的结论前言"
    assert texts[first + 2] == total_text(result)


def test_a_framework_with_an_unknown_report_key_is_refused(tmp_path: Path) -> None:
    base = (ROOT / "perfscore/frameworks/department-common.yaml").read_text(encoding="utf-8")
    path = tmp_path / "fw.yaml"
    path.write_text(base + "report:\n  部门: x\n", encoding="utf-8")
    with pytest.raises(FrameworkError, match="部门"):
        perfscore.load_framework(path)


# --------------------------------------------------------------------------- the command


def test_the_command_writes_the_report(tmp_path: Path) -> None:
    out = tmp_path / "评价报告.docx"
    assert main(["report", "department-common", str(ROOT / EXAMPLES[0][1]), "-o", str(out)]) == 0
    document = docx.Document(str(out))
    assert score_table(document).rows[-1].cells[0].text == "合计"
    assert [p.name for p in tmp_path.iterdir()] == ["评价报告.docx"]  # no temporary left


def test_the_command_wants_a_docx_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "评价报告.pdf"
    assert main(["report", "department-common", str(ROOT / EXAMPLES[0][1]), "-o", str(out)]) == 2
    assert ".docx" in capsys.readouterr().err
    assert not out.exists()


def test_the_command_names_the_extra_when_python_docx_is_missing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "docx" else real(name, *a)
    )
    out = str(tmp_path / "r.docx")
    assert main(["report", "department-common", str(ROOT / EXAMPLES[0][1]), "-o", out]) == 2
    assert "pip install 'perfscore[docx]'" in capsys.readouterr().err


def test_the_command_line_loads_python_docx_only_to_write_a_report() -> None:
    code = (
        "import sys\nfrom perfscore import cli\ncli._load_commands()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'docx'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_a_stated_total_is_printed_beside_the_total() -> None:
    _, _, result = scored(*EXAMPLES[0])
    assert result.stated_total == Decimal(98)
    table = score_table(docx.Document(io.BytesIO(written(*EXAMPLES[0]))))
    header = [cell.text for cell in table.rows[0].cells]
    assert table.rows[-1].cells[header.index("自评分")].text == "98"


#: the order of a cell's properties in the OOXML schema (CT_TcPr), which Word holds to
TCPR_ORDER = ["cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap",
              "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark"]  # fmt: skip


def test_cell_properties_are_in_the_order_word_requires() -> None:
    table = score_table(docx.Document(io.BytesIO(written(*EXAMPLES[0]))))
    for tc in table._tbl.iter(f"{W}tc"):
        properties = tc.find(f"{W}tcPr")
        tags = [child.tag.removeprefix(W) for child in properties]
        assert tags == sorted(tags, key=TCPR_ORDER.index), tags


def test_an_extending_framework_replaces_its_bases_report(tmp_path: Path) -> None:
    base = tmp_path / "base.yaml"
    text = (ROOT / "perfscore/frameworks/department-common.yaml").read_text(encoding="utf-8")
    base.write_text(
        text + "report:\n  评价方式: 部门自评\n  sections: {评价依据: 预算法}\n", "utf-8"
    )
    (tmp_path / "same.yaml").write_text("extends: base.yaml\nid: same\n", encoding="utf-8")
    (tmp_path / "own.yaml").write_text(
        "extends: base.yaml\nid: own\nreport:\n  sections: {评价方法: 比较法}\n", encoding="utf-8"
    )
    inherited = perfscore.load_framework(tmp_path / "same.yaml").report
    assert (inherited.fields, inherited.sections) == (
        {"评价方式": "部门自评"},
        {"评价依据": "预算法"},
    )
    replaced = perfscore.load_framework(tmp_path / "own.yaml").report
    assert (replaced.fields, replaced.sections) == ({}, {"评价方法": "比较法"})
