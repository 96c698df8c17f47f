"""`perfscore import`: an indicator table (指标体系表) into a framework, 评分细则 into rules.

`source` reads the table's cells from .xlsx/.xls/.ods/.csv/.docx; `header` finds the header row
and what each column holds; `tree` builds the indicator tree from the rows; `numerals` writes
full-width and Chinese numbers as digits; `grammar` is the table of phrasings (data: each
pattern, its rule template and the example phrases it must read), `prose` applies it to one
评分细则, `lists` reads the numbered 要点 of a cell, `formulas` reads a formula out of a
指标解释; `framework` assembles the framework and `emit` writes it as YAML with its comments;
`machine` reads the machine-readable part of a table `perfscore export` wrote.
"""

from .framework import ImportResult, import_table

__all__ = ["ImportResult", "import_table"]
