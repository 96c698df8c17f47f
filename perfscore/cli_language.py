"""The command line in the language set: `--lang`, and argparse speaking perfscore's words.

`--lang zh|en` may stand anywhere before `--`; it is read before the parsers are built, so that
their help is worded in it (`language_from_argv`). argparse's own words — "usage:", the groups'
titles, `-h`'s help and the errors a person meets most (a required argument missing, an
unrecognised one, an invalid choice) — come from the catalogue (`LocalisedParser`); an argparse
error not listed keeps argparse's words.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable
from typing import Any, NoReturn

from .i18n import LANGUAGES, words

LANG_OPTION = "--lang"

#: argparse's error messages perfscore words itself: (pattern, catalogue key, placeholders).
_ARGPARSE_ERRORS: tuple[tuple[re.Pattern[str], str, tuple[str, ...]], ...] = (
    (re.compile(r"the following arguments are required: (.+)"), "argparse.required", ("names",)),
    (re.compile(r"unrecognized arguments: (.+)"), "argparse.unrecognized", ("names",)),
    (
        re.compile(r"argument (.+?): invalid choice: (.+?) \(choose from (.+)\)"),
        "argparse.invalid-choice",
        ("argument", "value", "choices"),
    ),
    (re.compile(r"argument (.+?): expected one argument"), "argparse.expected-one", ("argument",)),
    (
        re.compile(r"argument (.+?): invalid (\S+) value: (.+)"),
        "argparse.invalid-value",
        ("argument", "kind", "value"),
    ),
)


def language_from_argv(argv: Iterable[str]) -> str | None:
    """The language `--lang X` or `--lang=X` chooses in `argv` (the last one given), None when
    none is given or the value is not a language (argparse then refuses it)."""
    chosen, tokens = None, list(argv)
    for i, token in enumerate(tokens):
        if token == "--":
            break
        if token == LANG_OPTION and i + 1 < len(tokens):
            chosen = tokens[i + 1]
        elif token.startswith(LANG_OPTION + "="):
            chosen = token.split("=", 1)[1]
    return chosen if chosen in LANGUAGES else None


def add_language_argument(p: argparse.ArgumentParser, *, top: bool) -> None:
    """`--lang`: on the top parser with its help; on a command's, accepted and not repeated in
    its help (SUPPRESS keeps the top parser's value)."""
    p.add_argument(
        LANG_OPTION,
        choices=LANGUAGES,
        default=None if top else argparse.SUPPRESS,
        help=words("help.lang") if top else argparse.SUPPRESS,
    )


def argparse_message(message: str) -> str:
    """An argparse error in the language set: one of `_ARGPARSE_ERRORS` reworded, any other as
    argparse wrote it."""
    for pattern, key, names in _ARGPARSE_ERRORS:
        found = pattern.fullmatch(message)
        if found:
            return words(key, **dict(zip(names, found.groups(), strict=True)))
    return message


class _Formatter(argparse.HelpFormatter):
    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(
            usage, actions, groups, words("argparse.usage") if prefix is None else prefix
        )


class LocalisedParser(argparse.ArgumentParser):
    """An ArgumentParser whose own words are the catalogue's (its commands' parsers too)."""

    def __init__(self, *args: Any, add_help: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False  # -h is added below, its help in the language set
        super().__init__(*args, **kwargs)
        self._positionals.title = words("argparse.positionals")
        self._optionals.title = words("argparse.options")
        if add_help:
            self.add_argument(
                "-h",
                "--help",
                action="help",
                default=argparse.SUPPRESS,
                help=words("argparse.help"),
            )

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        text = words("error.usage-prefix", prog=self.prog, text=argparse_message(message))
        self.exit(2, text + "\n")


def version_help() -> str:
    """`--version`'s help, in the language set."""
    return words("argparse.version")
