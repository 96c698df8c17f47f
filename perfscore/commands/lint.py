"""`perfscore lint FRAMEWORK`: schema and consistency checks of a framework."""

from __future__ import annotations

import argparse
import json

from ..cli import register_command
from ..framework import load_framework


def _lint_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("framework", help="framework file or bundled name")
    p.add_argument("--format", "-f", type=str.lower, choices=["text", "json"], default="text")


def run_lint(args: argparse.Namespace) -> int:
    fw = load_framework(args.framework)
    findings = fw.findings
    if args.format == "json":
        print(json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=2))
    else:
        for finding in findings:
            print(finding)
        errors = sum(f.level == "error" for f in findings)
        print(f"{fw.file}: {errors} error(s), {len(findings) - errors} warning(s)")
    return 1 if any(f.level == "error" for f in findings) else 0


register_command("lint", "check a framework: schema and consistency", _lint_args, run_lint)
