"""JSON: one object with framework, total, grade, the indicator tree and the findings."""

from __future__ import annotations

import json

from ..result import Result
from . import register_format


def render(result: Result, *, raw_text: bool = False) -> str:
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"


register_format("json", render)
