"""Renderers: a Result to text (or bytes) in a named format.

Each format lives in its own module, which calls `register_format` when imported; this package
imports every module in it, so adding a format is adding a file.

Every renderer takes `raw_text` (keyword, default False): the spreadsheet formats (csv, xlsx)
neutralise formula injection (perfscore.injection) unless it is True; the others ignore it (md
and json are not spreadsheets; html escapes every text, which is its defence).
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Protocol

from ..result import Result


class Renderer(Protocol):
    def __call__(self, result: Result, /, *, raw_text: bool = False) -> str | bytes: ...


#: The formats whose output is a spreadsheet and so neutralises formula injection.
SPREADSHEET_FORMATS = ("csv", "xlsx")
FORMATS: dict[str, Renderer] = {}


def register_format(name: str, renderer: Renderer) -> None:
    FORMATS[name] = renderer


for _info in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_info.name}")

__all__ = ["FORMATS", "SPREADSHEET_FORMATS", "Renderer", "register_format"]
