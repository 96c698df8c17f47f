"""`perfscore history UNIT --db DB`: a unit's scores over the years and frameworks, as
`perfscore batch --db` stored them (SQLite file or PostgreSQL URL)."""

from __future__ import annotations

import argparse
import json
from decimal import Decimal
from typing import Any

from ..batch.history import HistoryStore, Stored
from ..cli import register_command, write_output
from ..errors import DataError
from ..i18n import say, words
from ..numbers import json_number
from ..textwidth import display_width, pad

_HEAD = ("年度", "框架", "版本", "总分", "等级", "自评总分", "记录", "计分时间", "错误")


def _history_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("unit", help=words("help.history.unit"))
    p.add_argument("--db", required=True, help=words("help.history.db"))
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("-o", "--output", help=words("help.history.output"))


def _fixed(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


def _cells(s: Stored) -> list[str]:
    return [s.year or "", s.framework_id, s.framework_version, _fixed(s.total), s.grade or "",
            _fixed(s.reported_total), s.record_id, s.scored_at, s.error or ""]  # fmt: skip


def render_history(unit: str, found: list[Stored]) -> str:
    """The history as a text table, one row per stored scoring."""
    rows = [list(_HEAD), *(_cells(s) for s in found)]
    widths = [max(display_width(row[i]) for row in rows) for i in range(len(_HEAD))]
    lines = [f"单位 {unit} 的评分历史 / scores of {unit} over years and frameworks", ""]
    for row in rows:
        numeric = (3, 5)
        cells = (pad(c, widths[i], right=i in numeric) for i, c in enumerate(row))
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"


def _as_json(s: Stored) -> dict[str, Any]:
    def number(value: Decimal | None) -> Any:
        return None if value is None else json_number(value)

    out: dict[str, Any] = {**vars(s)}
    out["total"], out["reported_total"] = number(s.total), number(s.reported_total)
    out["scores"] = {code: json_number(score) for code, score in s.scores.items()}
    return out


def run_history(args: argparse.Namespace) -> int:
    store = HistoryStore(args.db)
    try:
        found = store.history(args.unit)
    finally:
        store.close()
    if not found:
        raise DataError(say("error.history.no-scores", unit=args.unit), file=str(args.db))
    if args.format == "json":
        text = json.dumps([_as_json(s) for s in found], ensure_ascii=False, indent=2) + "\n"
    else:
        text = render_history(args.unit, found)
    write_output(text, args.output)
    return 0


register_command(
    "history",
    say("help.history"),
    _history_args,
    run_history,
)
