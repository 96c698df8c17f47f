"""An example perfscore plugin.

`per_item` — "每完成一项得N分，最高不超过分值": a count of items done, N points each, capped at
the indicator's weight (or at `max_items` items)::

    rule: {kind: per_item, points: 0.5, max_items: 8}

`read_toml` — a record written as TOML (a `[values]` table, optional `id` and
`[external_scores]`), for `perfscore score FRAMEWORK record.toml`.

Both use perfscore's public API only: `perfscore.Rule`, `perfscore.rules.Outcome`,
`perfscore.Record` and `perfscore.DataError`.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar, Literal

from perfscore import DataError, Record, Rule
from perfscore.rules import BuildContext, Context, Outcome

__all__ = ["PerItem", "read_toml"]


class PerItem(Rule):
    """每完成一项得 `points` 分: items done × points, at most the weight (or `max_items` items)."""

    kind = "per_item"
    value_type = "count"
    description = "每完成一项得若干分，最高不超过分值（或 max_items 项）"
    reads_record = False
    #: checked by perfscore's framework schema, with the file and line of a wrong option
    options_schema: ClassVar[Mapping[str, Any]] = {
        "additionalProperties": False,
        "required": ["points"],
        "properties": {
            "points": {"type": ["number", "string"], "description": "points for each item"},
            "max_items": {"type": "integer", "minimum": 1, "description": "items counted at most"},
        },
    }

    def __init__(self, spec: Mapping[str, Any], build: BuildContext) -> None:
        super().__init__(spec, build)
        self.each = build.number(spec, "points")
        if self.each <= 0:
            raise build.error("'points' must be above 0", "rule.points")
        self.max_items: int | None = spec.get("max_items")

    def counted(self, value: Decimal) -> Decimal:
        return value if self.max_items is None else min(value, Decimal(self.max_items))

    def points(self, value: Decimal, ctx: Context) -> Decimal:
        return self.counted(value) * self.each

    def score(self, value: Decimal, ctx: Context) -> Outcome:
        counted = self.counted(value)
        reason = f"完成{value}项，每项{self.each}分，得{counted * self.each}分"
        if counted != value:
            reason += f"（最多计{self.max_items}项）"
        return Outcome(counted * self.each, (reason,))

    def max_points(self) -> Decimal:
        return self.weight if self.max_items is None else self.each * self.max_items

    def rewards(self) -> Literal["higher"]:
        return "higher"

    def landmarks(self) -> list[Decimal]:
        return [] if self.max_items is None else [Decimal(self.max_items)]


def read_toml(path: str) -> Record:
    """A record from a TOML file: `id`, a `[values]` table and an optional `[external_scores]`
    table; DataError naming the file when it is not TOML or lacks `[values]`."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"), parse_float=Decimal)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise DataError(f"cannot read this TOML record: {exc}", file=path) from None
    values = data.get("values")
    if not isinstance(values, dict):
        raise DataError("a TOML record needs a [values] table", file=path)
    return Record(
        id=str(data.get("id", Path(path).stem)),
        values=values,
        external_scores=dict(data.get("external_scores", {})),
        file=path,
    )
