"""`perfscore lint FRAMEWORK`: schema and consistency checks of a framework."""

from __future__ import annotations

import argparse
import json

from ..checks import Finding
from ..cli import add_framework_argument, register_command
from ..errors import FrameworkError
from ..framework import load_framework, schema_errors_of


def _lint_args(p: argparse.ArgumentParser) -> None:
    add_framework_argument(p)
    p.add_argument("--format", "-f", type=str.lower, choices=["text", "json"], default="text")


def run_lint(args: argparse.Namespace) -> int:
    try:
        fw = load_framework(args.framework, frameworks_root=args.frameworks_root)
    except FrameworkError as first:  # every schema error, as jsonschema's iter_errors gives them
        errors = schema_errors_of(args.framework)
        if not errors:  # unreadable, not YAML, or wrong beyond the schema: the one error
            raise
        return _report([_as_finding(e) for e in errors], first.file or args.framework, args)
    return _report(fw.findings, fw.file or args.framework, args)


def _as_finding(error: FrameworkError) -> Finding:
    """A framework that does not load, as a finding of `perfscore lint`."""
    message = error.message
    if error.field and error.field != error.path:
        message = f"{error.field}: {message}"
    return Finding("error", "schema", message, error.path, error.file, error.line)


def _report(findings: list[Finding], file: str, args: argparse.Namespace) -> int:
    if args.format == "json":
        print(json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=2))
    else:
        for finding in findings:
            print(finding)
        errors = sum(f.level == "error" for f in findings)
        print(f"{file}: {errors} error(s), {len(findings) - errors} warning(s)")
    return 1 if any(f.level == "error" for f in findings) else 0


register_command("lint", "check a framework: schema and consistency", _lint_args, run_lint)
