"""perfscore: score Chinese public budget performance evaluations (预算绩效评价).

import perfscore
fw = perfscore.load_framework("department-common")
result = fw.evaluate(perfscore.load_record("examples/hecheng-2020.yaml"))
result.total, result.grade, result["B16"].score
for row in perfscore.evaluate_many(fw, [perfscore.read_data("基础数据.xlsx")]):
    row.ok, row.total, row.error
"""

from .batch import RecordResult, evaluate_many, run_batch, score_partition
from .checks import Finding
from .errors import DataError, FormulaError, FrameworkError, PerfscoreError, UsageError
from .explain import explain_text
from .framework import Framework, Indicator, load_framework
from .readers import read_data
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
    "RecordResult",
    "Result",
    "Rule",
    "Trace",
    "UsageError",
    "__version__",
    "evaluate_many",
    "explain_text",
    "load_framework",
    "load_record",
    "read_data",
    "reconcile",
    "register",
    "run_batch",
    "score_partition",
]
