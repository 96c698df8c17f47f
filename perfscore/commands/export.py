"""`perfscore export FRAMEWORK -o 指标体系.xlsx|.docx|.csv`: a framework as the indicator table
the documents print, which `perfscore import` reads back."""

from __future__ import annotations

import argparse
import sys

from ..cli import add_framework_argument, register_command, write_output
from ..errors import UsageError
from ..exporting import SUFFIXES, export_table, indicator_table, suffix_of
from ..framework import load_framework
from ..i18n import say


def _export_args(p: argparse.ArgumentParser) -> None:
    add_framework_argument(p)
    p.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        required=True,
        help=f"the table to write ({', '.join(SUFFIXES)}, by its suffix; written atomically)",
    )
    p.add_argument(
        "--no-machine",
        action="store_true",
        help="xlsx/docx: leave out the hidden machine-readable part, so that import "
        "reads the printed text alone (不写机读数据)",
    )
    p.add_argument("--quiet", "-q", action="store_true", help="print no summary")


def run_export(args: argparse.Namespace) -> int:
    suffix = suffix_of(args.output)
    if suffix not in SUFFIXES:
        raise UsageError(
            say("error.export.output-suffix", output=args.output, formats=", ".join(SUFFIXES))
        )
    fw = load_framework(args.framework, frameworks_root=args.frameworks_root)
    write_output(export_table(fw, suffix, machine=not args.no_machine), args.output)
    if not args.quiet:
        table = indicator_table(fw)
        generated = [row.nodes[-1] or "" for row in table.rows if row.generated]
        carried = suffix != ".csv" and not args.no_machine
        sys.stderr.write(
            f"写出 {args.output}：末级指标 {len(table.rows)} 个，评分标准由规则生成 "
            f"{len(generated)} 个；"
            + (
                "机读数据随表写出（import 读回同一框架）\n"
                if carried
                else "未写机读数据（import 只读表中文字，请核对其摘要）\n"
            )
        )
    return 0


register_command(
    "export",
    "write a framework as its indicator table (.xlsx/.docx/.csv): 框架 → 指标体系表",
    _export_args,
    run_export,
)
