"""`perfscore lint FRAMEWORK`: schema and consistency checks of a framework."""

from __future__ import annotations

import argparse
import json

from ..checks import Finding
from ..cli import add_framework_argument, register_command
from ..errors import FrameworkError
from ..framework import load_framework, schema_errors_of
from ..i18n import say, words


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
    message = error.said
    if error.field and error.field != error.path:
        message = say("finding.schema", field=error.field, message=message)
    return Finding("error", "schema", message, error.path, error.file, error.line)


def _report(findings: list[Finding], file: str, args: argparse.Namespace) -> int:
    if args.format == "json":
        found = [f.to_dict(full_path=True) for f in findings]
        print(json.dumps(found, ensure_ascii=False, indent=2))
    else:
        for finding in findings:
            print(finding)
        errors = sum(f.level == "error" for f in findings)
        print(words("lint.summary", file=file, errors=errors, warnings=len(findings) - errors))
    return 1 if any(f.level == "error" for f in findings) else 0


register_command("lint", say("help.lint"), _lint_args, run_lint)
