"""`perfscore export`: a framework written as the indicator table (指标体系表) the documents
print — `table` lays it out (levels merged, 分值, 指标解释, 评分标准, 数据来源, and the
machine-readable part import reads back), `xlsx_table`, `docx_table` and `csv_table` write it."""

from __future__ import annotations

from pathlib import Path

from ..errors import UsageError
from ..i18n import say
from ..model import Framework
from .table import Table, indicator_table

SUFFIXES = (".xlsx", ".docx", ".csv")


def export_table(fw: Framework, suffix: str, *, machine: bool = True) -> bytes:
    """The table of `fw` as the bytes of a `suffix` file (.xlsx, .docx, .csv); `machine`: with
    the machine-readable part (xlsx, docx)."""
    table = indicator_table(fw)
    suffix = suffix.lower()
    if suffix == ".xlsx":
        from .xlsx_table import xlsx_bytes

        return xlsx_bytes(table, machine=machine)
    if suffix == ".docx":
        from .docx_table import docx_bytes

        return docx_bytes(table, machine=machine)
    if suffix == ".csv":
        from .csv_table import csv_text

        return csv_text(table).encode("utf-8")
    formats = ", ".join(SUFFIXES)
    if suffix:
        raise UsageError(say("error.export.suffix", formats=formats, suffix=suffix))
    raise UsageError(say("error.export.no-suffix", formats=formats))


def suffix_of(path: str | Path) -> str:
    return Path(path).suffix.lower()


__all__ = ["SUFFIXES", "Table", "export_table", "indicator_table", "suffix_of"]
