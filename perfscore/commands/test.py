"""`perfscore test CASES...`: run YAML test cases; exit 0 when all pass, 1 when any fails, 2 when
there is nothing to run (no case file, or no case that -k selects)."""

from __future__ import annotations

import argparse

from ..cli import register_command
from ..errors import UsageError
from ..i18n import say, words
from ..testcases import Outcome, Summary, find_case_files, run_files


def _test_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "cases",
        nargs="+",
        metavar="CASES",
        help=words("help.test.cases"),
    )
    p.add_argument("-k", dest="keyword", help=words("help.test.keyword"))
    p.add_argument("-v", "--verbose", action="store_true", help=words("help.test.verbose"))


def run_test(args: argparse.Namespace) -> int:
    files = find_case_files(args.cases)
    if not files:
        raise UsageError(say("error.test.no-case-files", paths=", ".join(args.cases)))
    summary = Summary()
    failures: list[Outcome] = []
    for path, outcomes in run_files(files):
        if not isinstance(outcomes, list):
            summary.broken.append(outcomes)
            print(f"{path} E")
            continue
        if args.keyword:
            outcomes = [o for o in outcomes if args.keyword in o.case.name]
        summary.outcomes += outcomes
        failures += [o for o in outcomes if not o.passed]
        if args.verbose:
            for o in outcomes:
                print(f"{o.case.id} {'PASSED' if o.passed else 'FAILED'}")
        elif outcomes:
            print(f"{path} {''.join('.' if o.passed else 'F' for o in outcomes)}")
    if not summary.outcomes and not summary.broken:
        if args.keyword:
            raise UsageError(say("error.test.none-matches", keyword=args.keyword))
        raise UsageError(say("error.test.none-found"))
    for error in summary.broken:
        print(f"\nERROR {error}")
    for outcome in failures:
        print(f"\nFAILED {outcome.report()}")
    print(f"\n{summary.line()}")
    return 1 if summary.failed else 0


register_command(
    "test",
    say("help.test"),
    _test_args,
    run_test,
)
