"""A framework mapping written as YAML people read: block style, strings quoted as JSON (a
subset of YAML, so no text can change meaning), numbers exact, a comment beside a value that is
a default the prose did not settle, and a header of comments."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
#: text written without quotes: a letter or CJK first, none of YAML's indicators inside, no
#: space at the ends, not a number (anything else is quoted as JSON)
_PLAIN = re.compile(r"^[A-Za-z_\u4e00-\u9fff“（][^:#\n\"'{}\[\],&*!|>%@`]*(?<![\s])$")
_RESERVED = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"}


@dataclass(frozen=True)
class Commented:
    """A value written with a comment after it."""

    value: Any
    comment: str


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if value is None:
        return "null"
    text = str(value)
    if _PLAIN.match(text) and text.lower() not in _RESERVED:
        return text
    return json.dumps(text, ensure_ascii=False)


def _key(key: str) -> str:
    plain = _PLAIN_KEY.match(key) or (_PLAIN.match(key) and key.lower() not in _RESERVED)
    return key if plain else json.dumps(key, ensure_ascii=False)


def _flow(value: Any) -> str | None:
    """A short list of scalars (a piecewise table row) on one line; else None."""
    if isinstance(value, list) and all(not isinstance(v, (dict, list, Commented)) for v in value):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    if isinstance(value, list) and all(isinstance(v, list) for v in value):
        rows = [_flow(v) for v in value]
        if all(rows):
            return "[" + ", ".join(r for r in rows if r) + "]"
    return None


def _lines(value: Any, indent: int) -> list[str]:
    pad = " " * indent
    out: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            comment = ""
            if isinstance(item, Commented):
                item, comment = item.value, f"  # {item.comment}"
            flow = _flow(item)
            if isinstance(item, (dict, list)) and item and flow is None:
                out.append(f"{pad}{_key(key)}:{comment}")
                out.extend(_lines(item, indent + 2))
            else:
                shown = flow if flow is not None else _scalar(item) if item != {} else "{}"
                out.append(f"{pad}{_key(key)}: {shown}{comment}")
    else:
        for item in value:
            inner = _lines(item, indent + 2) if isinstance(item, (dict, list)) else None
            if inner:
                out.append(f"{pad}- {inner[0].lstrip()}")
                out.extend(inner[1:])
            else:
                out.append(f"{pad}- {_scalar(item)}")
    return out


def to_yaml(document: dict[str, Any], header: list[str]) -> str:
    """The document as YAML, `header` as its leading comment lines."""
    lines = [f"# {line}" if line else "#" for line in header]
    return "\n".join([*lines, *_lines(document, 0)]) + "\n"
