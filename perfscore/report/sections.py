"""The parts of the 评价报告 besides the 评分表: the title and header block, the sections a
record or framework supplies, the 评价结论, the 评分说明, the 发现的问题 and the signature lines.

Every sentence about a score is `perfscore.explain`'s (`total_text`, `parent_text`,
`leaf_text`, `heading_number`): the report restates none of their wording."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from ..checks import Finding
from ..explain import heading_number, leaf_text, parent_text, total_text
from ..report_text import HEADER, SIGNERS, TITLE, ReportText
from ..result import IndicatorResult, Result
from .style import HEADINGS, clean

#: the sections the report makes itself, in the order it prints them
CONCLUSION, SCORE_TABLE, EXPLANATION, FINDINGS = "评价结论", "评分表", "评分说明", "发现的问题"
MADE = (CONCLUSION, SCORE_TABLE, EXPLANATION, FINDINGS)
LEVEL_WORDS = {"error": "错误", "warning": "警告", "info": "提示"}
#: a paragraph's first line indented by two characters, as Chinese prose is set
INDENT = Pt(24)


def title_of(result: Result, text: ReportText) -> str:
    """标题 when given, else the record's title as a report's (…绩效自评报告), else 绩效评价报告."""
    given = text.fields.get(TITLE) or result.record_title
    if not given:
        return "绩效评价报告"
    return given if given.endswith("报告") else given + "报告"


def add_header(document: Any, result: Result, text: ReportText) -> None:
    """The title, then 单位 … 报告日期 (those given) and the framework, one line each."""
    document.add_paragraph(clean(title_of(result, text)), style="Title")
    lines = [(key, text.fields[key]) for key in HEADER if key in text.fields]
    lines.append(("评价框架", result.framework_name))
    for label, value in lines:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.left_indent = Pt(48)
        paragraph.add_run(f"{label}：").bold = True
        paragraph.add_run(clean(value))


def add_heading(document: Any, title: str, level: int = 1) -> None:
    """A heading of `level` (1: 一、…); deeper than the styles go, a bold paragraph."""
    if level in HEADINGS:
        document.add_paragraph(clean(title), style=HEADINGS[level][0])
        return
    document.add_paragraph().add_run(clean(title)).bold = True


def add_prose(document: Any, text: str) -> None:
    """Plain text: a paragraph a non-blank line, its first line indented, never split across
    pages (a leaf's sentence is read whole)."""
    for line in text.splitlines():
        if line.strip():
            paragraph = document.add_paragraph(clean(line.strip()))
            paragraph.paragraph_format.first_line_indent = INDENT
            paragraph.paragraph_format.keep_together = True


def add_conclusion(document: Any, result: Result) -> None:
    """The total and the grade, then each 一级 indicator's sentence."""
    add_prose(document, total_text(result))
    for root in result.indicators:
        if not root.is_leaf:
            add_prose(document, parent_text(root))


def add_explanation(document: Any, result: Result) -> None:
    """评分说明: a heading per parent (（一） 1. （1）), a paragraph per leaf, the parent's
    sentence after its children, as `perfscore explain` prints them."""

    def visit(node: IndicatorResult, depth: int, index: int) -> None:
        if node.is_leaf:
            add_prose(document, leaf_text(node, result))
            return
        number = heading_number(depth + 1, index)
        add_heading(document, f"{number}{node.name}（{node.code}）", min(depth + 1, 4))
        for i, child in enumerate(node.children, 1):
            visit(child, depth + 1, i)
        add_prose(document, parent_text(node))

    for i, root in enumerate(result.indicators, 1):
        visit(root, 1, i)


def finding_text(finding: Finding, result: Result) -> str:
    """A finding as the report lists it: 【级别】 the indicator, the message in Chinese whatever
    the language set (the report is a Chinese document) and the file by its name alone, never
    the path it was read from."""
    level = LEVEL_WORDS.get(finding.level, finding.level)
    message = finding.text("zh")
    if finding.file:
        message = message.replace(finding.file, Path(finding.file).name)
    subject = ""
    if finding.code:
        name = result[finding.code].name if finding.code in result else ""
        subject = f"{finding.code} {name}".strip() + "："
    where = ""
    if finding.file:
        where = f"（{Path(finding.file).name}" + (f" 第{finding.line}行" if finding.line else "")
        where += "）"
    return f"【{level}】{subject}{message}{where}"


def add_findings(document: Any, result: Result) -> None:
    """发现的问题: one numbered paragraph a finding; a sentence when there is none."""
    if not result.findings:
        add_prose(document, "框架检查与评分均未发现问题。")
        return
    for number, finding in enumerate(result.findings, 1):
        paragraph = document.add_paragraph(clean(f"{number}. {finding_text(finding, result)}"))
        paragraph.paragraph_format.left_indent = INDENT


def add_signatures(document: Any, text: ReportText) -> None:
    """评价人 / 复核人 (the names given, else a line to sign on) and 日期."""
    document.add_paragraph()
    for who in SIGNERS:
        name = text.fields.get(who, "")
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{who}（签字）：").bold = True
        paragraph.add_run(clean(name) if name else "____________________")
    paragraph = document.add_paragraph()
    paragraph.add_run("日期：").bold = True
    paragraph.add_run("________年____月____日")
    paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
