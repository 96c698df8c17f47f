"""The indicator tree of a table's rows: levels as columns (a blank or repeated cell is the
node above it, as merged cells read) or as codes/indentation in one column; codes as written
or, where the table has none, A, A1, A11 … in its order; weights from the 分值 column or the
name's "（N分）"."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from .header import Header
from .source import Grid

_NAME = re.compile(
    r"^(?P<code>[A-Z](?:\d+)?(?![A-Za-z]))?(?P<name>.*?)"
    r"(?:[(（](?P<w>\d+(?:\.\d+)?)分?[)）])?$"
)
_WIDE_DIGITS = str.maketrans("０１２３４５６７８９．", "0123456789.")
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
_TOTALS = ("合计", "总分", "总计", "小计")


@dataclass
class Node:
    """An indicator as the table gives it (texts verbatim), with where it was read."""

    name: str
    level: int
    row: int
    code: str = ""
    source_code: str = ""
    weight: Decimal | None = None
    cells: dict[str, str] = field(default_factory=dict)
    children: list[Node] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


#: a code set apart by a space ("A1 PPP项目（10分）", as `perfscore export` writes it): the name
#: may then begin with a letter or digit
_SPACED = re.compile(r"^\s*(?P<code>[A-Z][A-Za-z0-9._-]*)[ \u3000]+(?=\S)")


def _split(cell: str) -> tuple[str, str, Decimal | None]:
    spaced = _SPACED.match(cell)
    if spaced:
        code, name, weight = _split(cell[spaced.end() :])
        return spaced["code"], f"{code}{name}", weight
    text = re.sub(r"\s+", "", cell.translate(_WIDE_DIGITS))
    m = _NAME.match(text)
    assert m is not None  # the pattern matches any text
    weight = Decimal(m["w"]) if m["w"] else None
    name = m["name"]
    if not name and m["code"]:  # a code alone, or a name that is one letter
        return "", m["code"], weight
    return m["code"] or "", name, weight


def _level_cells(row: list[str], header: Header) -> list[tuple[int, str]]:
    """(level, cell) of the row's level columns; one level column: the level from the
    indentation (two spaces or one full-width space a level) or the code's length."""
    if len(header.levels) > 1:
        return [(i + 1, row[c] if c < len(row) else "") for i, c in enumerate(header.levels)]
    cell = row[header.levels[0]] if header.levels[0] < len(row) else ""
    code_column = header.columns.get("code")
    if code_column is not None and code_column < len(row) and row[code_column].strip():
        cell = f"{cell[: len(cell) - len(cell.lstrip())]}{row[code_column].strip()}{cell.lstrip()}"
    indent = len(cell) - len(cell.lstrip(" \u3000"))
    level = 1 + cell[:indent].count("\u3000") + cell[:indent].count(" ") // 2
    code, _, _ = _split(cell)
    if code and not indent:
        level = len(code)
    return [(level, cell)]


def build_tree(grid: Grid, header: Header) -> tuple[list[Node], list[str]]:
    """The top-level nodes and the findings of reading them (a weight written twice, …)."""
    roots: list[Node] = []
    path: list[Node] = []  # the current node at each level
    findings: list[str] = []
    for index in range(header.row + 1, len(grid.rows)):
        row = grid.rows[index]
        newest: Node | None = None
        for level, cell in _level_cells(row, header):
            code, name, weight = _split(cell)
            if name in _TOTALS:
                break  # a totals row: no indicator
            if not name or _NUMBER.match(name):
                continue
            current = path[level - 1] if len(path) >= level else None
            if current is not None and (current.name == name or (code and current.code == code)):
                if weight is not None and current.weight not in (None, weight):
                    findings.append(f"{current.code or current.name}：同一指标写有不同分值"
                                    f"（{current.weight}、{weight}），按先出现的{current.weight}")
                continue
            node = Node(name, level, index + 1, code, weight=weight)
            del path[level - 1 :]
            while len(path) < level - 1:  # a level the row skips: under the last one
                level -= 1
                node.level = level
            (path[-1].children if path else roots).append(node)
            path.append(node)
            newest = node
        if newest is not None:
            _cells(newest, row, header)
    return roots, findings


def _cells(node: Node, row: list[str], header: Header) -> None:
    for role in ("criteria", "explanation", "source", "weight"):
        column = header.columns.get(role)
        if column is not None and column < len(row) and row[column].strip():
            node.cells[role] = row[column].strip()
    written = node.cells.get("weight", "").strip()
    if _NUMBER.match(written):
        if node.weight is not None and node.weight != Decimal(written):
            node.notes.append(f"名称中写{node.weight}分，分值列写{written}分，按分值列")
        node.weight = Decimal(written)
