"""Indicator codes for an imported tree: as the table writes them where they fit their place
(A, A1, A11 …), else made from the parent's code in the table's order, the source's kept in
`source_code`."""

from __future__ import annotations

import re

from .tree import Node

_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def assign_codes(roots: list[Node]) -> list[str]:
    """Give every node a unique code (module docstring); the findings of codes made."""
    findings: list[str] = []
    used: set[str] = set()
    for index, root in enumerate(roots):
        made = _LETTERS[index] if index < len(_LETTERS) else f"Z{index}"
        _place(root, made, "", used, findings)
    return findings


def _fits(code: str, parent: str, level: int) -> bool:
    if not code:
        return False
    if not parent:
        return bool(re.fullmatch(r"[A-Z]", code))
    return code.startswith(parent) and len(code) > len(parent)


def _place(node: Node, made: str, parent: str, used: set[str], findings: list[str]) -> None:
    written = node.code
    if _fits(written, parent, node.level) and written not in used:
        node.code = written
    else:
        node.code = _unique(made, used)
        if written:
            node.source_code = written
            findings.append(
                f"{node.code}（{node.name}）：原表编码“{written}”与其上级不符或重复，编为{node.code}"
            )
    used.add(node.code)
    previous = ""
    for number, child in enumerate(node.children, 1):
        guess = _after(previous, node.code) if previous else f"{node.code}{number}"
        _place(child, guess, node.code, used, findings)
        previous = child.code


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
