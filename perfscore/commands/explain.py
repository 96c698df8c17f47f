"""`perfscore explain FRAMEWORK DATA [CODE]`: why each score is what it is, in a report's words."""

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
from ..errors import UsageError
from ..explain import explain_json, explain_markdown, explain_text
from ..framework import load_framework
from ..i18n import say, words

_FORMATS = {"text": explain_text, "md": explain_markdown, "json": explain_json}


def _explain_args(p: argparse.ArgumentParser) -> None:
    add_framework_argument(p)
    p.add_argument("data", help=words("help.data"))
    p.add_argument("code", nargs="?", help=words("help.explain.code"))
    add_output_arguments(p, list(_FORMATS), "text")
    add_data_format_argument(p)


def run_explain(args: argparse.Namespace) -> int:
    fmt = output_format(args.format, args.output, list(_FORMATS), "text")
    fw = load_framework(args.framework, frameworks_root=args.frameworks_root)
    result = fw.evaluate(load_data(args.data, args.data_format))
    if args.code is not None and args.code not in result:
        raise UsageError(say("error.unknown-indicator", code=args.code, framework=fw.id))
    write_output(_FORMATS[fmt](result, args.code), args.output)
    return 0


register_command(
    "explain",
    say("help.explain"),
    _explain_args,
    run_explain,
)
