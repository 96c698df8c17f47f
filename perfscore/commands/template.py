"""`perfscore template FRAMEWORK -o 基础数据.xlsx`: a form to fill in, then accepted as DATA."""

from __future__ import annotations

import argparse

from ..cli import (
    add_data_format_argument,
    add_framework_argument,
    load_data,
    output_format,
    register_command,
    write_output,
)
from ..errors import UsageError
from ..forms.csv_writer import write_form_csv
from ..forms.writer import write_form
from ..framework import load_framework
from ..i18n import say, words
from . import add_raw_text_argument

_FORMATS = ["xlsx", "csv"]


def _template_args(p: argparse.ArgumentParser) -> None:
    add_framework_argument(p)
    p.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT",
        help=words("help.template.output"),
    )
    p.add_argument(
        "--format",
        "-f",
        type=str.lower,
        metavar="FORMAT",
        help=words("help.template.format"),
    )
    p.add_argument(
        "--from",
        dest="data",
        metavar="DATA",
        help=words("help.template.from"),
    )
    add_data_format_argument(p)
    add_raw_text_argument(p)


def run_template(args: argparse.Namespace) -> int:
    fmt = output_format(args.format, args.output, _FORMATS, "")
    if not fmt:
        raise UsageError(say("error.template.output-suffix", output=args.output))
    fw = load_framework(args.framework, frameworks_root=args.frameworks_root)
    record = load_data(args.data, args.data_format) if args.data else None
    raw = args.raw_text
    form = (
        write_form(fw, record, raw_text=raw)
        if fmt == "xlsx"
        else write_form_csv(fw, record, raw_text=raw)
    )
    write_output(form, args.output)
    return 0


register_command(
    "template",
    say("help.template"),
    _template_args,
    run_template,
)
