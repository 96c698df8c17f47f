"""The machine-readable part of an exported table (`perfscore export`), read back by import.

The printed table says what people read; what it cannot say exactly — the framework's settings
(id, precision, grades, inputs …) and each indicator's keys the table does not print (its rule
as the framework writes it, formula, input, unit …) — travels beside it, keyed by code, as YAML:
an xlsx keeps it on a hidden sheet, a docx in hidden paragraphs after the table (a csv carries
none). Each leaf's record holds a fingerprint of the 分值 and 评分标准 it was printed with:
import takes the record's rule only while the row still shows them, and reads a row changed
since the export from its prose, with a finding. `write`: `records`; read: `read_part`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..errors import DataError
from ..numbers import plain
from ..yamlio import parse_yaml
from .emit import to_yaml
from .source import MARK, Grid

#: the hidden sheet's name
SHEET = "perfscore"
#: the key of the framework's own record (its settings)
FRAMEWORK = "*"
#: the key of a leaf record's fingerprint
PRINTED = "printed"
#: keys never carried: the table prints them, or prints what they mean (weights on every node)
PRINTED_KEYS = ("code", "name", "weight", "children", "split", "remainder")
LEAF_TEXTS = ("explanation", "criteria", "data_source")
#: keys a framework's record never gives: an export is of a whole, merged framework, so a
#: record naming another to extend (a file the table's sender chose) is not followed
NOT_SETTINGS = ("indicators", "extends", "remove", "add", "override")


def fingerprint(weight: Decimal, criteria: str) -> str:
    """The 分值 and 评分标准 of a row, as a short digest (white space not counted)."""
    text = plain(weight) + "\n" + re.sub(r"\s+", "", criteria)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class Part:
    """The framework's settings and, by code, each indicator's keys the table does not print."""

    framework: dict[str, Any] = field(default_factory=dict)
    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)

    def rule_of(self, code: str, weight: Decimal, criteria: str) -> dict[str, Any] | None:
        """The leaf `code`'s record when the row still shows what it was printed with."""
        record = self.nodes.get(code)
        if record is None or record.get(PRINTED) != fingerprint(weight, criteria):
            return None
        return {k: v for k, v in record.items() if k != PRINTED}


def records(part: Part) -> list[tuple[str, str]]:
    """(key, YAML text) of every record: the framework's first, then each indicator's."""
    out = [(FRAMEWORK, to_yaml(part.framework, []))]
    out += [(code, to_yaml(record, [])) for code, record in part.nodes.items() if record]
    return out


def read_part(grids: list[Grid], file: str) -> Part | None:
    """The part among the grids (a table whose first cell is `MARK`), or None; DataError naming
    the file and the record that does not read as YAML."""
    for grid in grids:
        if not grid.rows or not grid.rows[0] or grid.rows[0][0] != MARK:
            continue
        part = Part()
        for row in grid.rows[1:]:
            if len(row) < 2 or not row[0]:
                continue
            where = f"{file} ({grid.name}, {MARK} {row[0]})"
            data = parse_yaml(row[1], where, DataError).data
            if not isinstance(data, dict):
                raise DataError(f"the export's {MARK} record {row[0]} is not a mapping", file=where)
            if row[0] == FRAMEWORK:
                part.framework = {k: v for k, v in data.items() if k not in NOT_SETTINGS}
            else:
                part.nodes[row[0]] = data
        return part
    return None
