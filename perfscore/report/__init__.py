"""`perfscore report`: the Word 评价报告 (.docx, python-docx — the extra `docx`).

`report_docx(result, text)` gives the document's bytes: `document` assembles it from `sections`
(header, supplied text, 评价结论, 评分说明, 发现的问题, signatures), `score_table` (the 评分表 as a
Word table with merged cells) and `style` (A4, East Asian fonts). This package imports
python-docx, so nothing imports it but the command that needs it (`commands/report.py`)."""

from .document import report_docx

__all__ = ["report_docx"]
