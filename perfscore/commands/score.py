"""`perfscore score FRAMEWORK DATA`: score one record and print it in a chosen format."""

from __future__ import annotations

import argparse

from ..cli import load_data, register_command, write_output
from ..errors import UsageError
from ..framework import load_framework
from ..render import FORMATS


def _score_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("framework", help="framework file or bundled name")
    p.add_argument("data", help="base data: YAML, JSON, CSV or a filled-in XLSX form")
    p.add_argument("--format", "-f", default="md", help=f"one of {', '.join(FORMATS)}")
    p.add_argument("-o", "--output", help="write to this file instead of printing")


def run_score(args: argparse.Namespace) -> int:
    if args.format not in FORMATS:
        raise UsageError(f"unknown format {args.format!r}; choose from {', '.join(FORMATS)}")
    fw = load_framework(args.framework)
    result = fw.evaluate(load_data(args.data))
    write_output(FORMATS[args.format](result), args.output)
    return 0


register_command("score", "score one record and print the 评分表", _score_args, run_score)
