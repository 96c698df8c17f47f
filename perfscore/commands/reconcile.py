"""`perfscore reconcile FRAMEWORK DATA`: a report's stated scores against the recomputed ones.

Exit 0 when every stated figure agrees and the framework has no errors, 1 otherwise (2 on
usage errors). Indicators whose inputs the data lack keep their stated scores and are listed as
not checked (no difference, exit 0 if nothing else differs); `--require-all` makes a missing
input an error instead.
"""

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
from ..json_text import dumps
from ..reconcile import reconcile, render_text

_FORMATS = ["text", "json"]


def _reconcile_args(p: argparse.ArgumentParser) -> None:
    add_framework_argument(p)
    p.add_argument("data", help=words("help.reconcile.data"))
    p.add_argument(
        "--require-all",
        action="store_true",
        help=words("help.reconcile.require-all"),
    )
    add_output_arguments(p, _FORMATS, "text")
    add_data_format_argument(p)


def run_reconcile(args: argparse.Namespace) -> int:
    fmt = output_format(args.format, args.output, _FORMATS, "text")
    rec = reconcile(
        load_framework(args.framework, frameworks_root=args.frameworks_root),
        load_data(args.data, args.data_format),
        require_all=args.require_all,
    )
    # exact decimals in json (perfscore.json_text)
    text = dumps(rec.to_dict(), indent=2) + "\n" if fmt == "json" else render_text(rec)
    write_output(text, args.output)
    return 0 if rec.agrees else 1


register_command(
    "reconcile",
    say("help.reconcile"),
    _reconcile_args,
    run_reconcile,
)
