"""`perfscore score FRAMEWORK DATA`: score one record and print it in a chosen format."""

from __future__ import annotations

import argparse

from ..cli import (
    add_data_format_argument,
    add_framework_argument,
    add_output_arguments,
    load_data,
    output_format,
    register_command,
    write_output,
)
from ..framework import load_framework
from ..i18n import say, words
from ..render import FORMATS
from . import add_raw_text_argument


def _score_args(p: argparse.ArgumentParser) -> None:
    add_framework_argument(p)
    p.add_argument("data", help=words("help.data"))
    add_output_arguments(p, list(FORMATS), "md")
    add_data_format_argument(p)
    add_raw_text_argument(p)


def run_score(args: argparse.Namespace) -> int:
    fmt = output_format(args.format, args.output, list(FORMATS), "md")
    fw = load_framework(args.framework, frameworks_root=args.frameworks_root)
    result = fw.evaluate(load_data(args.data, args.data_format))
    write_output(FORMATS[fmt](result, raw_text=args.raw_text), args.output)
    return 0


register_command("score", say("help.score"), _score_args, run_score)
