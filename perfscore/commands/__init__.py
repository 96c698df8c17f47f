"""One module per command. Each module calls `perfscore.cli.register_command` when imported;
`perfscore.cli` imports every module here, so adding a command is adding a file."""

import argparse

from ..i18n import words


def add_raw_text_argument(p: argparse.ArgumentParser) -> None:
    """`--raw-text`: write text cells as they are, without neutralising formula injection."""
    p.add_argument(
        "--raw-text",
        action="store_true",
        help=words("help.raw-text"),
    )
