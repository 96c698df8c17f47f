"""JSON: one object with framework, total, grade, the indicator tree and the findings; numbers
written as their exact decimals."""

from __future__ import annotations

from ..json_text import dumps
from ..result import Result
from . import register_format


def render(result: Result, *, raw_text: bool = False) -> str:
    return dumps(result.to_dict(), indent=2) + "\n"  # exact decimals (perfscore.json_text)


register_format("json", render)
