"""The 评价报告 assembled, in the order of the reports in the source documents: the title and
header block; the sections supplied before the 评价结论 (基本概况, 绩效目标 …); 评价结论, 评分表,
评分说明, 发现的问题 (a supplied section of one of these titles opens it); the closing sections
(改进措施及建议 …); the signature lines. Headings are numbered 一、二、… in that order."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import docx

from ..explain import heading_number
from ..report_text import ReportText
from ..result import Result
from . import sections
from .score_table import add_score_table, add_table_style
from .sections import CONCLUSION, EXPLANATION, FINDINGS, MADE, SCORE_TABLE
from .style import clean, new_page, set_up

Part = Callable[[Any, Result], Any]
PARTS: dict[str, Part] = {
    CONCLUSION: sections.add_conclusion,
    SCORE_TABLE: add_score_table,
    EXPLANATION: sections.add_explanation,
    FINDINGS: sections.add_findings,
}


def report_docx(result: Result, text: ReportText | None = None) -> bytes:
    """The .docx bytes of the report on `result`, with `text` (a record's `report:` laid over
    its framework's: `ReportText.over`) supplying the header fields and the text sections."""
    text = text or ReportText()
    document = docx.Document()
    set_up(document)
    add_table_style(document)
    sections.add_header(document, result, text)
    supplied = {**text.sections, **text.closing}
    numbered = _Numbering(document)
    for title, body in text.sections.items():
        if title not in MADE:
            numbered.section(title, body)
    for title in MADE:
        if title == SCORE_TABLE:  # on pages of its own, turned: the table is wide
            new_page(document, landscape=True)
        numbered.section(title, supplied.get(title, ""))
        PARTS[title](document, result)
        if title == SCORE_TABLE:
            new_page(document, landscape=False)
    for title, body in text.closing.items():
        if title not in MADE:
            numbered.section(title, body)
    sections.add_signatures(document, text)
    document.core_properties.title = clean(sections.title_of(result, text))
    document.core_properties.author = "perfscore"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


class _Numbering:
    """Headings numbered 一、二、… as they are added."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self.count = 0

    def section(self, title: str, body: str) -> None:
        self.count += 1
        sections.add_heading(self.document, f"{heading_number(1, self.count)}{title}")
        sections.add_prose(self.document, body)
