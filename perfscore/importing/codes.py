"""Indicator codes for an imported tree: as the table writes them where they fit their place
(A, A1, A11 …), else made from the parent's code in the table's order, the source's kept in
`source_code`. An export's table keeps every unique code it writes, whatever its pattern: those
are the framework's own."""

from __future__ import annotations

import re

from .tree import Node

_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def assign_codes(roots: list[Node], *, as_written: bool = False) -> list[str]:
    """Give every node a unique code (module docstring); the findings of codes made.
    `as_written`: keep every code the table writes that is unique (an export's table, whose
    codes are the framework's, whatever their pattern)."""
    placing = _Placing(as_written)
    for index, root in enumerate(roots):
        made = _LETTERS[index] if index < len(_LETTERS) else f"Z{index}"
        placing.place(root, made, "")
    return placing.findings


class _Placing:
    def __init__(self, as_written: bool) -> None:
        self.as_written = as_written
        self.used: set[str] = set()
        self.findings: list[str] = []

    def place(self, node: Node, made: str, parent: str) -> None:
        written = node.code
        fits = bool(written) and (self.as_written or _fits(written, parent))
        if fits and written not in self.used:
            node.code = written
        else:
            node.code = _unique(made, self.used)
            if written:
                node.source_code = written
                self.findings.append(
                    f"{node.code}（{node.name}）：原表编码“{written}”与其上级不符或重复，"
                    f"编为{node.code}"
                )
        self.used.add(node.code)
        previous = ""
        for number, child in enumerate(node.children, 1):
            guess = _after(previous, node.code) if previous else f"{node.code}{number}"
            self.place(child, guess, node.code)
            previous = child.code


def _fits(code: str, parent: str) -> bool:
    if not parent:
        return bool(re.fullmatch(r"[A-Z]", code))
    return code.startswith(parent) and len(code) > len(parent)


def _after(code: str, parent: str) -> str:
    """The code after a sibling's: C104 → C105 (the number the table skipped)."""
    tail = code[len(parent) :]
    if tail.isdigit():
        return f"{parent}{int(tail) + 1:0{len(tail)}d}"
    return f"{parent}{tail}1"


def _unique(code: str, used: set[str]) -> str:
    candidate, n = code, 1
    while candidate in used:
        n += 1
        candidate = f"{code}_{n}"
    return candidate
