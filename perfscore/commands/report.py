"""`perfscore report FRAMEWORK DATA -o 评价报告.docx`: the Word 评价报告 of one record (its header
block and text sections from the record's and the framework's `report:`); needs the extra
`perfscore[docx]`."""

from __future__ import annotations

import argparse
import importlib.util

from ..cli import (
    add_data_format_argument,
    add_framework_argument,
    load_data,
    register_command,
    write_output,
)
from ..errors import UsageError
from ..framework import load_framework
from ..i18n import say


def _report_args(p: argparse.ArgumentParser) -> None:
    add_framework_argument(p)
    p.add_argument("data", help="the record: YAML, JSON, CSV or a filled-in XLSX form; - is stdin")
    p.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        required=True,
        help="the .docx to write (atomically); - is standard output when it is not a terminal "
        "(评价报告.docx)",
    )
    add_data_format_argument(p)


def _require_extra() -> None:
    if importlib.util.find_spec("docx") is None:
        raise UsageError(say("error.report.needs-docx"))


def run_report(args: argparse.Namespace) -> int:
    _require_extra()
    if args.output != "-" and not args.output.lower().endswith(".docx"):
        raise UsageError(say("error.report.output-suffix", output=args.output))
    fw = load_framework(args.framework, frameworks_root=args.frameworks_root)
    record = load_data(args.data, args.data_format)
    result = fw.evaluate(record)
    from ..report import report_docx  # python-docx: only when a report is written

    write_output(report_docx(result, record.report.over(fw.report)), args.output)
    return 0


register_command(
    "report",
    "write the Word 评价报告 of one record: 评分表, 评分说明, 发现的问题, 评价结论 (.docx)",
    _report_args,
    run_report,
)
