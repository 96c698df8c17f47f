"""The numbered 要点 of a cell: "①…；②…", "1.…；2.…", "1 …" on its own line."""

from __future__ import annotations

import re

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
#: where an item starts: a circled number, or a number with . 、 ) or a space at a line's start
#: or after ; 。 : (the normalised text has no newlines, so the original's are read first)
_START = re.compile(rf"[{_CIRCLED}]|(?:(?<=^)|(?<=[;。:\n]))\d{{1,2}}(?:[.、)]|\s)(?!\d)")


def numbered_items(text: str) -> list[str]:
    """The items of a numbered list in `text` (what precedes the first number is not one);
    [] when there are fewer than two numbers (unless the text starts with ①). Item text is
    returned without its number and without the ;/。 that ends it."""
    starts = list(_START.finditer(text))
    lone = len(starts) == 1 and starts[0].start() == 0 and text[0] in _CIRCLED
    if len(starts) < 2 and not lone:  # a list of one: "①…" at the start
        return []
    items = []
    for here, after in zip(starts, [*starts[1:], None], strict=True):
        end = after.start() if after else len(text)
        items.append(text[here.end() : end].strip().rstrip(";；。,，").strip())
    return [item for item in items if item]


def explanation_items(explanation: str) -> list[str]:
    """The 评价要点 of a 指标解释/指标说明 (numbered; a heading line "评价要点：" and notes in
    brackets before the first number are not items); the text after the last item's first
    line break is not part of it (a definition following the list)."""
    items = numbered_items(explanation)
    if items:
        items[-1] = items[-1].split("\n")[0].strip().rstrip(";；。")
    return [re.sub(r"\s+", "", item) for item in items]
