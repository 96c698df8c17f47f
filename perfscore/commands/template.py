"""`perfscore template FRAMEWORK -o 基础数据.xlsx`: a form to fill in, then accepted as DATA."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..cli import load_data, register_command, write_output
from ..errors import UsageError
from ..framework import load_framework
from ..template import write_form, write_form_csv


def _template_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("framework", help="framework file or bundled name")
    p.add_argument("-o", "--output", required=True, help="the form to write: .xlsx or .csv")
    p.add_argument(
        "--from",
        dest="data",
        metavar="DATA",
        help="fill the form in with this record's values (YAML, JSON, CSV or XLSX)",
    )


def run_template(args: argparse.Namespace) -> int:
    suffix = Path(args.output).suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise UsageError(f"-o {args.output}: a form is written as .xlsx or .csv")
    fw = load_framework(args.framework)
    record = load_data(args.data) if args.data else None
    form = write_form(fw, record) if suffix == ".xlsx" else write_form_csv(fw, record)
    write_output(form, args.output)
    return 0


register_command(
    "template",
    "write an input form (基础数据表) listing every field and input, to fill in",
    _template_args,
    run_template,
)
