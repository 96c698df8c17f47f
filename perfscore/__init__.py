"""perfscore: score Chinese public budget performance evaluations (预算绩效评价).

import perfscore
fw = perfscore.load_framework("department-common")
result = fw.evaluate(perfscore.load_record("examples/hecheng-2020.yaml"))
result.total, result.grade, result["B16"].score
for row in perfscore.evaluate_many(fw, [perfscore.read_data("基础数据.xlsx")]):
    row.ok, row.total, row.error

Reading files (`read_data`), scoring many records (`evaluate_many`, `RecordResult`,
`run_batch`, `score_partition`) and explaining (`explain_text`) load their modules when first
used: `import perfscore` stays as light as scoring one record needs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .checks import Finding
from .errors import (
    DataError,
    FormulaError,
    FrameworkError,
    MissingDataError,
    PerfscoreError,
    PluginError,
    UsageError,
)
from .framework import Framework, Indicator, load_framework
from .i18n import Message, set_language
from .json_text import JsonDecimal
from .json_text import dumps as json_dumps
from .reconcile import Reconciliation, reconcile
from .records import Record, load_record
from .result import IndicatorResult, Result, Trace
from .rules import RULES, Rule, register

if TYPE_CHECKING:
    from .batch import (
        HistoryStore,
        RecordResult,
        evaluate_many,
        run_batch,
        score_partition,
        store_batch,
        summarise,
        write_summary,
    )
    from .explain import explain_text
    from .plugins import load_plugins
    from .readers import read_data

__version__ = "0.1.0"

#: public names whose module is imported when one of them is first used
_LAZY = {
    "HistoryStore": "batch",
    "RecordResult": "batch",
    "evaluate_many": "batch",
    "run_batch": "batch",
    "score_partition": "batch",
    "store_batch": "batch",
    "summarise": "batch",
    "write_summary": "batch",
    "read_data": "readers",
    "load_plugins": "plugins",
    "explain_text": "explain",
}

__all__ = [
    "RULES",
    "DataError",
    "Finding",
    "FormulaError",
    "Framework",
    "FrameworkError",
    "HistoryStore",
    "Indicator",
    "IndicatorResult",
    "JsonDecimal",
    "Message",
    "MissingDataError",
    "PerfscoreError",
    "PluginError",
    "Reconciliation",
    "Record",
    "RecordResult",
    "Result",
    "Rule",
    "Trace",
    "UsageError",
    "__version__",
    "evaluate_many",
    "explain_text",
    "json_dumps",
    "load_framework",
    "load_plugins",
    "load_record",
    "read_data",
    "reconcile",
    "register",
    "run_batch",
    "score_partition",
    "set_language",
    "store_batch",
    "summarise",
    "write_summary",
]


def __getattr__(name: str) -> Any:
    """A public name of a module loaded on first use (PEP 562)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
