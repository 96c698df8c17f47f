"""What a Word 评价报告 says besides the scores: its header block and the text sections a record
or a framework supplies (`report:`), read and checked here for both.

The shape, the same in a record and in a framework (docs/report.md)::

    report:
      标题: …                  # the document's title (default: the record's title + 报告)
      单位: …                  # 单位, 年度, 评价方式, 评价机构, 报告日期: the header block
      评价人: …                # 评价人, 复核人: names printed on the signature lines
      sections:                # sections before the 评价结论: title → plain text
        基本概况: …
      closing:                 # sections after the 发现的问题: title → plain text
        改进措施及建议: …

Every value is text (a number or a date is written as the report writes it: 2020,
2021年3月31日). A record's entries win over its framework's: a header field replaces the
framework's, a section of the same title replaces the framework's text in its place.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .errors import PerfscoreError
from .i18n import Message, say
from .numbers import plain

#: The header block's fields, in the order the document prints them.
HEADER = ("单位", "年度", "评价方式", "评价机构", "报告日期")
#: The people who sign: their names, when given, are printed on the signature lines.
SIGNERS = ("评价人", "复核人")
TITLE = "标题"
#: The keys holding sections: those printed before the 评价结论, and those after the findings.
SECTION_KEYS = ("sections", "closing")
KEYS = (TITLE, *HEADER, *SIGNERS, *SECTION_KEYS)
#: The longest text one entry may hold, in characters.
MAX_TEXT = 100_000

LineOf = Callable[[tuple[str | int, ...]], int | None]


@dataclass(frozen=True)
class ReportText:
    """The header fields and signers given (by name, in `KEYS` order) and the sections."""

    fields: dict[str, str] = field(default_factory=dict)
    sections: dict[str, str] = field(default_factory=dict)
    closing: dict[str, str] = field(default_factory=dict)

    def over(self, base: ReportText) -> ReportText:
        """This text laid over `base` (a record's over its framework's)."""
        return ReportText(
            {key: value for key in KEYS if (value := self.fields.get(key, base.fields.get(key)))},
            {**base.sections, **self.sections},
            {**base.closing, **self.closing},
        )


def read_report_text(
    raw: Any,
    error: type[PerfscoreError],
    file: str | None,
    line_of: LineOf | None = None,
) -> ReportText:
    """`raw` (the value of a `report:` key) checked and read; anything else is one `error`
    naming the file, the line and the field (`report.sections.基本概况`)."""
    reader = _Reader(error, file, line_of)
    if raw is None:
        return ReportText()
    mapping = reader.mapping(raw, ("report",))
    unknown = [key for key in mapping if key not in KEYS]
    if unknown:
        raise reader.fail(
            say("error.report-text.unknown-key", name=unknown[0], expected=", ".join(KEYS)),
            ("report", str(unknown[0])),
        )
    fields = {
        key: reader.text(mapping[key], ("report", key))
        for key in KEYS
        if key in mapping and key not in SECTION_KEYS
    }
    parts = [reader.sections(mapping.get(key), ("report", key)) for key in SECTION_KEYS]
    return ReportText({k: v for k, v in fields.items() if v}, *parts)


@dataclass(frozen=True)
class _Reader:
    error: type[PerfscoreError]
    file: str | None
    line_of: LineOf | None

    def fail(self, message: str | Message, path: tuple[str | int, ...]) -> PerfscoreError:
        line = self.line_of(path) if self.line_of else None
        return self.error(message, file=self.file, line=line, field=".".join(map(str, path)))

    def mapping(self, raw: Any, path: tuple[str | int, ...]) -> Mapping[Any, Any]:
        if not isinstance(raw, Mapping):
            raise self.fail(say("error.report-text.not-mapping"), path)
        return raw

    def text(self, raw: Any, path: tuple[str | int, ...]) -> str:
        """A value as the report writes it: text as it is, a number plainly, a date in 年月日."""
        if isinstance(raw, bool) or not isinstance(raw, (str, int, Decimal, datetime.date)):
            raise self.fail(say("error.report-text.not-text"), path)
        if isinstance(raw, datetime.date):
            return f"{raw.year}年{raw.month}月{raw.day}日"
        text = plain(raw) if isinstance(raw, Decimal) else str(raw)
        if len(text) > MAX_TEXT:
            raise self.fail(say("error.report-text.too-long", limit=MAX_TEXT), path)
        return text.strip()

    def sections(self, raw: Any, path: tuple[str | int, ...]) -> dict[str, str]:
        """A mapping of section titles to their text; a title is one line of text."""
        if raw is None:
            return {}
        out = {}
        for title, text in self.mapping(raw, path).items():
            where = (*path, str(title))
            name = self.text(title, where)
            if not name or "\n" in name:
                raise self.fail(say("error.report-text.title"), where)
            out[name] = "" if text is None else self.text(text, where)
        return out
