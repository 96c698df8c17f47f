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


#: lint's checks about weights: listed whatever their level
WEIGHT_CHECKS = ("weights", "leaf-weights", "total", "rule-exceeds-weight", "rule-below-weight")


def _read_line(result: ImportResult) -> str:
    kinds = Counter(leaf.reading.pattern for leaf in result.recognised)
    line = f"读取末级指标 {len(result.leaves)} 个"
    if result.from_part:
        line += f"；规则取自导出文件的机读数据 {len(result.from_part)} 个"
    line += f"；识别评分细则 {len(result.recognised)} 个"
    if kinds:
        line += f"（{'、'.join(f'{k} {n}' for k, n in kinds.most_common())}）"
    return line


def _review_line(result: ImportResult) -> str:
    review = result.to_review
    unread = sum(any(UNREAD in f for f in leaf.reading.findings) for leaf in review)
    defaults = sum(bool(leaf.reading.defaults) for leaf in review)
    codes = "、".join(leaf.code for leaf in review)
    return (
        f"需人工确认 {len(review)} 个"
        f"（未能识别、按酌情评分编码 {unread} 个；取默认值 {defaults} 个）"
        + (f"：{codes}" if codes else "")
    )


def summary(result: ImportResult, lint: list[Finding], output: str | None = None) -> list[str]:
    """The import in a few lines people read: leaves read (and taken from an export's
    machine-readable part), rules recognised (by pattern), leaves to review (unread, defaults),
    lint's errors and its weight findings, every finding of the import, and what to do next."""
    errors = [f for f in lint if f.level == "error"]
    shown = [f for f in lint if f.level == "error" or f.check in WEIGHT_CHECKS]
    lines = [
        _read_line(result),
        _review_line(result),
        f"检查（perfscore lint）：{len(errors)} 个错误，{len(lint) - len(errors)} 个警告"
        + ("（错误与分值问题如下）" if shown else ""),
    ]
    lines += [
        f"  {f.code + ' ' if f.code else ''}{f.severity()} [{f.check}]: {f.message}"
        for f in shown
    ]
    if result.findings:
        lines.append("需确认 / findings:")
        lines += [f"  {line}" for line in grouped(result.findings)]
    where = output if output not in (None, "-") else "FRAMEWORK.yaml"
    lines.append(
        f"下一步：按上列逐条核对 {where}（框架文件开头的注释列有同样的事项），"
        f"改好后运行 perfscore lint {where}"
    )
    return lines


def run_import(args: argparse.Namespace) -> int:
    result = import_table(args.table, framework_id=args.framework_id)
    where = args.output if args.output not in (None, "-") else "<import>"
    framework = build_framework(parse_yaml(result.text, where))  # what it writes loads
    write_output(result.text, args.output)
    if not args.quiet:
        sys.stderr.write("\n".join(summary(result, framework.findings, args.output)) + "\n")
    return 0


register_command(
    "import",
    say("help.import"),
    _import_args,
    run_import,
)
