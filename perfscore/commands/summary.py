"""`perfscore summary SCORES`: the bureau's summary of a batch's scores file — an html page with
charts and an xlsx sheet: grades reported and recomputed, rankings, the indicators losing most
points, the units departing most from their report, the records that could not be scored."""

from __future__ import annotations

import argparse
import sys

from ..batch.summary_files import write_summary
from ..cli import register_command
from ..framework import load_framework
from ..i18n import say, words


def _summary_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("scores", help=words("help.summary.scores"))
    p.add_argument(
        "-o",
        "--output",
        metavar="BASE",
        help=words("help.summary.output"),
    )
    p.add_argument(
        "--framework",
        help=words("help.summary.framework"),
    )
    p.add_argument("--frameworks-root", metavar="DIR", help=argparse.SUPPRESS)
    p.add_argument("--top", type=int, default=20, help=words("help.summary.top"))


def run_summary(args: argparse.Namespace) -> int:
    fw = None
    if args.framework:
        fw = load_framework(args.framework, frameworks_root=args.frameworks_root)
    html, xlsx = write_summary(args.scores, args.output, fw, top=max(args.top, 1))
    print(f"perfscore: summary -> {html}, {xlsx}", file=sys.stderr)
    return 0


register_command(
    "summary",
    say("help.summary"),
    _summary_args,
    run_summary,
)
