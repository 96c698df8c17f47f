"""The input form as one CSV table (`write_form_csv`): the lines of the xlsx form, a 类别 column
saying which part of the form each belongs to."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..injection import neutralise_row
from ..numbers import plain
from .contents import form_rows, meta_values, prefill, score_prefill
from .layout import CSV_HEADERS, RECORD, SCORES_SHEET

if TYPE_CHECKING:
    from ..model import Framework
    from ..records import Record


def write_form_csv(fw: Framework, record: Record | None = None, *, raw_text: bool = False) -> str:
    """The form as one CSV table: 类别 says which part of the form a line belongs to (记录,
    基础数据, 评价输入, 得分); on 得分 lines 字段 is the indicator code, 填写值 the 外部提供得分 and
    报告得分 the report's score. UTF-8 with a byte-order mark, for Excel. Text that could run as a
    formula gets a leading `'` unless `raw_text` (perfscore.injection; a reader takes it off
    again with `perfscore.injection.restore`)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")

    def line(cells: list[Any] | tuple[str, ...]) -> None:
        writer.writerow(neutralise_row(list(cells), raw_text))

    line(CSV_HEADERS)
    meta = meta_values(fw, record)
    for label, value in meta.items():
        line([RECORD, label, "", _csv(value), "", "", "", "", "", ""])
    for row in form_rows(fw):
        value, reported = prefill(record, row), None
        if row.category == SCORES_SHEET:
            value, reported = score_prefill(record, row)
        line(
            [
                row.category,
                row.key,
                row.item,
                _csv(value),
                row.unit,
                row.range,
                row.kind,
                row.label.strip(),
                row.description,
                _csv(reported),
            ]
        )
    return "\ufeff" + out.getvalue()


def _csv(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return plain(value)
    return str(value)
