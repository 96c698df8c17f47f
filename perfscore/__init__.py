"""perfscore: score Chinese public budget performance evaluations (预算绩效评价).

import perfscore
fw = perfscore.load_framework("department-common")
result = fw.evaluate(perfscore.load_record("examples/hecheng-2020.yaml"))
result.total, result.grade, result["B16"].score
"""

from .checks import Finding
from .errors import DataError, FormulaError, FrameworkError, PerfscoreError, UsageError
from .explain import explain_text
from .framework import Framework, Indicator, load_framework
from .reconcile import Reconciliation, reconcile
from .records import Record, load_record
from .result import IndicatorResult, Result, Trace
from .rules import RULES, Rule, register

__version__ = "0.1.0"

__all__ = [
    "RULES",
    "DataError",
    "Finding",
    "FormulaError",
    "Framework",
    "FrameworkError",
    "Indicator",
    "IndicatorResult",
    "PerfscoreError",
    "Reconciliation",
    "Record",
    "Result",
    "Rule",
    "Trace",
    "UsageError",
    "__version__",
    "explain_text",
    "load_framework",
    "load_record",
    "reconcile",
    "register",
]
