"""`perfscore batch FRAMEWORK INPUT... -o OUTPUT`: score many records, streaming — tables (csv,
xlsx, jsonl) of a record a row, and filled-in forms, one record each, or directories of them."""

from __future__ import annotations

import argparse
import signal
import sys

from ..batch import ProgressBar, Terminated, raise_terminated, run_batch
from ..batch.history import store_batch
from ..batch.summary_files import write_summary
from ..cli import add_framework_argument, register_command
from ..framework import load_framework
from ..i18n import say, words
from . import add_raw_text_argument


def _batch_args(p: argparse.ArgumentParser) -> None:
    add_framework_argument(p)
    p.add_argument(
        "input",
        nargs="+",
        help=words("help.batch.inputs"),
    )
    p.add_argument("-o", "--output", required=True, help=words("help.batch.output"))
    p.add_argument("-j", "--jobs", type=int, default=1, help=words("help.batch.jobs"))
    p.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help=words("help.batch.progress"),
    )
    p.add_argument(
        "--reconcile",
        action="store_true",
        help=words("help.batch.reconcile"),
    )
    p.add_argument(
        "--summary",
        action="store_true",
        help=words("help.batch.summary"),
    )
    p.add_argument(
        "--db",
        metavar="DB",
        help=words("help.batch.db"),
    )
    p.add_argument(
        "--year",
        help=words("help.batch.year"),
    )
    p.add_argument(
        "--header",
        choices=["names", "codes"],
        default="names",
        help=words("help.batch.header"),
    )
    add_raw_text_argument(p)


def run_batch_command(args: argparse.Namespace) -> int:
    fw = load_framework(args.framework, frameworks_root=args.frameworks_root)
    show = sys.stderr.isatty() if args.progress is None else args.progress
    bar = ProgressBar(sys.stderr) if show else None
    previous = signal.signal(signal.SIGTERM, raise_terminated)
    try:
        summary = run_batch(
            fw,
            args.input,
            args.output,
            jobs=args.jobs,
            progress=bar,
            raw_text=args.raw_text,
            reconcile=args.reconcile,
            header=args.header,
        )
    except (KeyboardInterrupt, Terminated) as exc:
        if bar is not None:
            sys.stderr.write("\n")
        print("perfscore: batch interrupted; no output written (中断，未写出结果)", file=sys.stderr)
        return 130 if isinstance(exc, KeyboardInterrupt) else 143
    finally:
        signal.signal(signal.SIGTERM, previous)
    if bar is not None:
        bar.finish(summary.records)
    if args.db:
        read, added = store_batch(args.db, fw, args.input, args.output, year=args.year)
        print(f"perfscore: {added} of {read} records stored in the history (已入库)",
              file=sys.stderr)  # fmt: skip
    if args.summary:
        html, xlsx = write_summary(args.output, None, fw)
        print(f"perfscore: summary -> {html}, {xlsx}", file=sys.stderr)
    scored = summary.records - summary.errors
    print(
        f"perfscore: {summary.records} records, {scored} scored, {summary.errors} with errors "
        f"-> {args.output}",
        file=sys.stderr,
    )
    return 1 if summary.errors else 0


register_command(
    "batch",
    say("help.batch"),
    _batch_args,
    run_batch_command,
)
