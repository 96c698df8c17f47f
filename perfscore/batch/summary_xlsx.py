"""The summary as one xlsx sheet, 汇总: the facts, the grade distribution, the rankings, the
indicators losing most points, the units departing most from their report and the unscorable
records, one block under the other; text cells typed text (perfscore.injection)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, BinaryIO

from ..injection import mark_xlsx_workbook
from ..xlsxstyle import BORDER, FONT, HEADER_FILL
from .summary import Loss, Ranked, Summary

SHEET = "汇总"


class _Blocks:
    """Blocks of rows written one under the other, each with a title and a header row."""

    def __init__(self, sheet: Any) -> None:
        self.sheet = sheet
        self.row = 1

    def block(self, title: str, head: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        from openpyxl.styles import Font

        self.sheet.cell(row=self.row, column=1, value=title).font = Font(name=FONT, bold=True)
        self.row += 1
        for column, name in enumerate(head, 1):
            cell = self.sheet.cell(row=self.row, column=column, value=name)
            cell.fill, cell.border = HEADER_FILL, BORDER
        self.row += 1
        for values in rows:
            for column, value in enumerate(values, 1):
                self.sheet.cell(row=self.row, column=column, value=value).border = BORDER
            self.row += 1
        self.row += 1


def _ranked(units: list[Ranked]) -> list[list[Any]]:
    return [
        [i, u.id, u.total, u.grade, u.reported_total, u.difference] for i, u in enumerate(units, 1)
    ]


def _lost(summary: Summary, lost: list[tuple[str, Loss]]) -> list[list[Any]]:
    scored = summary.scored
    return [
        [summary.label(code), loss.points, loss.units,
         (loss.points / scored).quantize(Decimal("0.01"))]
        for code, loss in lost
    ]


def write_xlsx(summary: Summary, title: str, out: BinaryIO) -> None:
    """The workbook, saved into `out` (the file `perfscore.atomic.atomic_open` gives)."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = SHEET
    for column, width in zip("ABCDEF", (10, 28, 12, 10, 12, 10), strict=True):
        sheet.column_dimensions[column].width = width
    blocks = _Blocks(sheet)
    mean = None if summary.mean is None else summary.mean.quantize(Decimal("0.01"))
    blocks.block(title, ["项目", "数值"], [
        ["记录数", summary.records], ["已计分", summary.scored], ["无法计分", summary.errors],
        ["平均分", mean], ["最高", summary.highest], ["最低", summary.lowest],
        *([k, v] for k, v in sorted(summary.agreement.items())),
    ])  # fmt: skip
    grades = [[g, summary.grades[g], summary.reported_grades[g]] for g in summary.grade_names()]
    blocks.block("等级分布", ["等级", "重算", "自评"], grades)
    head = ["名次", "单位 id", "重算总分", "等级", "自评总分", "差额"]
    blocks.block(f"排名：前{summary.top}名", head, _ranked(summary.best()))
    blocks.block(f"排名：后{summary.top}名", head, _ranked(summary.worst()))
    loss_head = ["指标", "合计失分", "失分单位数", "平均每单位失分"]
    if summary.weights is not None:
        blocks.block("失分最多的指标", loss_head, _lost(summary, summary.most_lost()))
    if summary.recheck:
        lost = summary.most_lost(summary.recheck)
        blocks.block("复核扣减最多的指标", loss_head, _lost(summary, lost))
    if summary.reconciled:
        blocks.block("自评与重算偏离最大的单位", head, _ranked(summary.departures()))
    unscorable = [[i + 1, rid, error] for i, rid, error in summary.unscorable]
    blocks.block(f"无法计分的记录（{summary.errors}）", ["行", "单位 id", "错误"], unscorable)
    mark_xlsx_workbook(book)
    book.properties.creator = "perfscore"
    book.save(out)
