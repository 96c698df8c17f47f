"""`perfscore import TABLE -o framework.yaml`: an indicator table (指标体系表) into a framework,
its 评分细则 read into rules; prints what was read and what needs a person's review."""

from __future__ import annotations

import argparse
import sys
from collections import Counter

from ..checks import Finding
from ..cli import register_command, write_output
from ..framework import build_framework
from ..i18n import say, words
from ..importing import ImportResult, import_table
from ..importing.framework import grouped
from ..importing.reading import UNREAD
from ..yamlio import parse_yaml


def _import_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("table", metavar="TABLE", help=words("help.import.table"))
    p.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help=words("help.import.output"),
    )
    p.add_argument("--id", dest="framework_id", help=words("help.import.id"))
    p.add_argument("--quiet", "-q", action="store_true", help=words("help.import.quiet"))


def summary(result: ImportResult, lint: list[Finding]) -> list[str]:
    """The import in a few lines people read: leaves read, rules recognised (by pattern),
    leaves to review, the lint's weight findings, then every finding."""
    leaves = result.leaves
    kinds = Counter(leaf.reading.pattern for leaf in result.recognised)
    unread = sum(any(UNREAD in f for f in leaf.reading.findings) for leaf in leaves)
    errors = sum(f.level == "error" for f in lint)
    lines = [
        f"读取末级指标 {len(leaves)} 个；识别评分细则 {len(result.recognised)} 个"
        + (f"（{'、'.join(f'{k} {n}' for k, n in kinds.most_common())}）" if kinds else ""),
        f"需人工确认 {len(result.to_review)} 个（其中未能识别 {unread} 个，按酌情评分编码）",
        f"检查（perfscore lint）：{errors} 个错误，{len(lint) - errors} 个警告",
    ]
    lines += [
        f"  {f.code or ''} {f.severity()} [{f.check}]: {f.message}".replace("   ", " ")
        for f in lint
        if f.check in ("weights", "leaf-weights", "total")
    ]
    if result.findings:
        lines.append("需确认 / findings:")
        lines += [f"  {line}" for line in grouped(result.findings)]
    return lines


def run_import(args: argparse.Namespace) -> int:
    result = import_table(args.table, framework_id=args.framework_id)
    where = args.output if args.output not in (None, "-") else "<import>"
    framework = build_framework(parse_yaml(result.text, where))  # what it writes loads
    write_output(result.text, args.output)
    if not args.quiet:
        sys.stderr.write("\n".join(summary(result, framework.findings)) + "\n")
    return 0


register_command(
    "import",
    say("help.import"),
    _import_args,
    run_import,
)
