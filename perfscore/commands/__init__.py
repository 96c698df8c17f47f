"""One module per command. Each module calls `perfscore.cli.register_command` when imported;
`perfscore.cli` imports every module here, so adding a command is adding a file."""

import argparse


def add_raw_text_argument(p: argparse.ArgumentParser) -> None:
    """`--raw-text`: write text cells as they are, without neutralising formula injection."""
    p.add_argument(
        "--raw-text",
        action="store_true",
        help="csv/xlsx: write text exactly as it is, without the leading ' (csv) or quote "
        "prefix (xlsx) that keeps =, +, -, @ … from running as a formula; only for files "
        "you trust (不防公式注入，仅用于可信数据; docs/security.md)",
    )
