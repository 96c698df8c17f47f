"""The command line: every command is one library call plus printing.

Exit codes: 0 success, 1 input rejected (or, for lint/reconcile, problems found), 2 usage error.
Errors print as one line `file:line: indicator: field: message`, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .errors import PerfscoreError, UsageError
from .records import Record, load_record

Command = Callable[[argparse.Namespace], int]
Arguments = Callable[[argparse.ArgumentParser], None]
COMMANDS: dict[str, tuple[Command, Arguments, str]] = {}


def register_command(name: str, help: str, arguments: Arguments, run: Command) -> None:
    """Make `perfscore NAME` available: `arguments` adds its options, `run` does the work."""
    COMMANDS[name] = (run, arguments, help)


def write_output(text: str | bytes, out: str | None) -> None:
    """Print, or write to `out` through a temporary file renamed at the end."""
    if out is None:
        if isinstance(text, bytes):
            raise UsageError("this format is binary: give -o FILE")
        sys.stdout.write(text)
        return
    target = Path(out)
    tmp = target.with_name(f".{target.name}.tmp")
    if isinstance(text, bytes):
        tmp.write_bytes(text)
    else:
        tmp.write_text(text, encoding="utf-8")
    tmp.replace(target)


def load_data(path: str) -> Record:
    """Read DATA in any supported form. Other modules extend `DATA_READERS` by suffix."""
    from . import readers  # noqa: F401  (registers .xlsx, .csv and .json: forms, tables, JSON)

    suffix = Path(path).suffix.lower()
    reader = DATA_READERS.get(suffix, load_record)
    return reader(path)


DATA_READERS: dict[str, Callable[[str], Record]] = {}


# ----------------------------------------------------------------------------- main


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="perfscore",
        description="Score budget performance evaluations (预算绩效评价) from YAML frameworks.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (_, add_arguments, help_text) in COMMANDS.items():
        add_arguments(sub.add_parser(name, help=help_text, description=help_text))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    _load_commands()
    parser = build_parser()
    args = parser.parse_args(argv)
    run = COMMANDS[args.command][0]
    try:
        return run(args)
    except PerfscoreError as exc:
        print(f"perfscore: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        return 0


def _load_commands() -> None:
    """Import every module of `perfscore.commands`: each registers its own command(s)."""
    import importlib
    import pkgutil

    from . import commands

    for info in pkgutil.iter_modules(commands.__path__):
        importlib.import_module(f"{commands.__name__}.{info.name}")
