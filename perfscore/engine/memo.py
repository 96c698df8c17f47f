"""Remembering what a step computed from a raw value, for steps whose result depends on that
value alone (a checklist's score, a field's number, an external score): the next record that
writes the same value gets the same result without the work."""

from __future__ import annotations

from typing import Any

#: Results remembered per step (see `LeafStep.memo`) before the table is emptied.
MEMO_LIMIT = 4096


def memo_key(raw: Any) -> Any:
    """`raw` as a key of a memo table: text and whole numbers as they are, a list of them as a
    tuple; None for anything else (never remembered). Types are kept apart: "1", 1 and ["1"]
    are three keys, and no Decimal or bool is ever a key (1 == 1.0 == True would merge them)."""
    kind = type(raw)
    if kind is str or kind is int:
        return raw
    if kind is list or kind is tuple:
        items = tuple(raw)
        for item in items:  # a loop, not all(...): no generator per call
            if type(item) is not str and type(item) is not int:
                return None
        return (list, items)
    return None


def remember(memo: dict[Any, Any], key: Any, value: Any) -> None:
    if len(memo) >= MEMO_LIMIT:
        memo.clear()
    memo[key] = value
