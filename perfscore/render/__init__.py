"""Renderers: a Result to text (or bytes) in a named format.

Each format lives in its own module, which calls `register_format` when imported; this package
imports every module in it, so adding a format is adding a file.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable

from ..result import Result

Renderer = Callable[[Result], str | bytes]
FORMATS: dict[str, Renderer] = {}


def register_format(name: str, renderer: Renderer) -> None:
    FORMATS[name] = renderer


for _info in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_info.name}")

__all__ = ["FORMATS", "Renderer", "register_format"]
