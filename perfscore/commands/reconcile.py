"""`perfscore reconcile FRAMEWORK DATA`: a report's stated scores against the recomputed ones.

Exit 0 when every stated figure agrees and the framework has no errors, 1 otherwise (2 on
usage errors).
"""

from __future__ import annotations

import argparse
import json

from ..cli import load_data, register_command, write_output
from ..framework import load_framework
from ..reconcile import reconcile, render_text


def _reconcile_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("framework", help="framework file or bundled name")
    p.add_argument("data", help="base data with what the report states under 'reported'")
    p.add_argument("--format", "-f", choices=["text", "json"], default="text")
    p.add_argument("-o", "--output", help="write to this file instead of printing")


def run_reconcile(args: argparse.Namespace) -> int:
    rec = reconcile(load_framework(args.framework), load_data(args.data))
    if args.format == "json":
        text = json.dumps(rec.to_dict(), ensure_ascii=False, indent=2) + "\n"
    else:
        text = render_text(rec)
    write_output(text, args.output)
    return 0 if rec.agrees else 1


register_command(
    "reconcile",
    "复核: a report's stated scores, sub-totals and totals against the recomputed ones",
    _reconcile_args,
    run_reconcile,
)
