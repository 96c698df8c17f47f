"""The command line: every command is one library call plus printing.

Exit codes: 0 success (bare `perfscore` prints the help: 0 too), 1 input rejected (or, for
lint/reconcile/test, problems found), 2 usage error. Errors print as one line
`perfscore：错误：file:line: indicator: field: message` (`perfscore: file:line: …` in English),
never a traceback. Help and messages are Chinese unless `--lang en`, `PERFSCORE_LANG=en` or an
English locale says otherwise (`perfscore.i18n`, `perfscore.cli_language`).

Like ruff or csvkit: `--version`; DATA `-` is standard input (`--data-format`, or told from the
bytes); `-o -` is standard output; the output format follows -o's suffix unless --format says
otherwise; every file is written through `perfscore.atomic` (complete or not at all).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from . import readers
from .atomic import atomic_write
from .cli_language import LocalisedParser, add_language_argument, language_from_argv, version_help
from .errors import DataError, PerfscoreError, UsageError
from .i18n import Message, say, set_language, unknown_language_setting, words
from .plugins import load_plugins
from .records import Record

Command = Callable[[argparse.Namespace], int]
Arguments = Callable[[argparse.ArgumentParser], None]
COMMANDS: dict[str, tuple[Command, Arguments, str | Message]] = {}


def register_command(name: str, help: str | Message, arguments: Arguments, run: Command) -> None:
    """Make `perfscore NAME` available: `arguments` adds its options, `run` does the work;
    `help` is worded when the parsers are built, in the language set then."""
    COMMANDS[name] = (run, arguments, help)


def write_output(text: str | bytes, out: str | None) -> None:
    """Print (no -o, or `-o -`), or write the file `out` atomically (`perfscore.atomic`).

    A binary format (xlsx) goes to standard output only when it is not a terminal (a pipe or a
    redirect), like curl."""
    if out is None or out == "-":
        if isinstance(text, str):
            sys.stdout.write(text)
            return
        if sys.stdout.isatty():
            raise UsageError(say("error.binary-to-terminal"))
        sys.stdout.flush()
        binary = getattr(sys.stdout, "buffer", None)
        if binary is None:
            raise UsageError(say("error.binary-to-text"))
        binary.write(text)
        binary.flush()
        return
    atomic_write(out, text)


#: Output file suffixes that name a format other than themselves.
SUFFIX_ALIASES = {"markdown": "md", "htm": "html", "txt": "text", "yml": "yaml"}


def add_output_arguments(p: argparse.ArgumentParser, formats: Sequence[str], default: str) -> None:
    """`--format/-f` (case-insensitive) and `-o/--output` (`-` is standard output)."""
    p.add_argument(
        "--format",
        "-f",
        type=str.lower,
        metavar="FORMAT",
        help=words("help.format", formats=", ".join(formats), default=default),
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help=words("help.output"),
    )


def output_format(given: str | None, out: str | None, formats: Sequence[str], default: str) -> str:
    """--format if given, else the format -o's suffix names (OUT.XLSX is xlsx), else `default`."""
    if given is not None:
        fmt = given.lower()
        if fmt not in formats:
            raise UsageError(say("error.unknown-format", given=given, choices=", ".join(formats)))
        return fmt
    if out is not None and out != "-":
        suffix = Path(out).suffix.lower().lstrip(".")
        suffix = SUFFIX_ALIASES.get(suffix, suffix)
        if suffix in formats:
            return suffix
    return default


def add_framework_argument(p: argparse.ArgumentParser) -> None:
    """The FRAMEWORK argument, and `--frameworks-root DIR`: where its `extends` may reach."""
    p.add_argument("framework", help=words("help.framework"))
    p.add_argument("--frameworks-root", metavar="DIR", help=words("help.frameworks-root"))


def add_data_format_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--data-format",
        type=str.lower,
        metavar="FORMAT",
        help=words("help.data-format"),
    )


def load_data(path: str, data_format: str | None = None) -> Record:
    """Read DATA in any supported form (`perfscore.readers.read_data`); `-` is standard input."""
    if path == "-":
        return _load_stdin(data_format, data_suffixes())
    return readers.read_data(path)


STDIN = "<stdin>"
#: At most this much is read from standard input; the file readers then apply their own limits
#: (YAML and JSON 5 MB, tables 100,000 rows) to what was read.
STDIN_MAX_BYTES = 64 << 20


def _load_stdin(data_format: str | None, suffixes: set[str]) -> Record:
    """Read standard input (bounded) as DATA (`load_bytes`); errors and the record name
    `<stdin>`."""
    given = given_suffix(data_format, suffixes, "--data-format")
    return load_bytes(_read_stdin(), given, suffixes, STDIN)


def given_suffix(data_format: str | None, suffixes: set[str], option: str) -> str | None:
    """The suffix a format name stands for (`yml` is `.yaml`), or None when none is given;
    UsageError naming `option` when it is not one of `suffixes`."""
    if not data_format:
        return None
    given = f".{SUFFIX_ALIASES.get(data_format, data_format)}"
    if given not in suffixes:
        choices = ", ".join(sorted(s.lstrip(".") for s in suffixes if s.strip(".")))
        raise UsageError(
            say("error.unknown-option-value", option=option, given=data_format, choices=choices)
        )
    return given


def data_suffixes() -> set[str]:
    """The suffixes DATA may have: every reader's (plugins' too) and YAML's."""
    return {*readers.READERS, *readers.YAML_SUFFIXES}


def load_bytes(raw: bytes, suffix: str | None, suffixes: set[str], name: str) -> Record:
    """DATA given as bytes (standard input, an upload): spooled to a file of the right suffix
    (`suffix`, else told from the bytes by `sniff`) in a private temporary directory and read
    as a file (`load_data`, the file readers and their limits); errors and the record name
    `name`, never the spooled file."""
    choices = ", ".join(sorted(s.lstrip(".") for s in suffixes))
    suffix = suffix or sniff(raw)
    if suffix not in suffixes:
        raise DataError(say("error.sniffed-unread", suffix=suffix, choices=choices), file=name)
    with tempfile.TemporaryDirectory(prefix="perfscore-stdin-") as folder:
        spooled = Path(folder, f"stdin{suffix}")
        spooled.write_bytes(raw)
        try:
            record = load_data(str(spooled))
        except PerfscoreError as exc:
            raise _renamed(exc, str(spooled), name) from None
    record.file = name
    return record


def _read_stdin() -> bytes:
    source = getattr(sys.stdin, "buffer", None)
    if source is None:  # a text stream put in place of stdin (tests, embedding)
        text = sys.stdin.read(STDIN_MAX_BYTES + 1)
        data = text.encode("utf-8")
    else:
        chunks, size = [], 0
        while size <= STDIN_MAX_BYTES:
            chunk = source.read(min(1 << 20, STDIN_MAX_BYTES + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        data = b"".join(chunks)
    if len(data) > STDIN_MAX_BYTES:
        raise DataError(say("error.stdin-too-large", limit=STDIN_MAX_BYTES), file=STDIN)
    if not data.strip():
        raise DataError(say("error.stdin-empty"), file=STDIN)
    return data


def _renamed(exc: PerfscoreError, spooled: str, name: str = STDIN) -> PerfscoreError:
    """The same error, naming `name` where it named the spooled file."""
    if exc.file == spooled:
        exc.file = name
    if spooled in exc.message:
        exc.said = exc.said.replaced(spooled, name)
        exc.args = (exc.message, *exc.args[1:])
    return exc


_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls
_YAML_KEY = re.compile(rb"^\s*(?:-\s+)?[^\s,#][^,:]*:(?:\s|$)")


def sniff(data: bytes) -> str:
    """The suffix DATA's bytes look like: a zip is a workbook (.ods when it says so, else .xlsx),
    `{` or `[` is JSON, and text is YAML when its first line is a `key:` or `---`, else CSV."""
    if data.startswith(_ZIP):
        return (
            ".ods"
            if data[30:38] == b"mimetype" and b"opendocument.spreadsheet" in data[:100]
            else ".xlsx"
        )
    if data.startswith(_OLE):
        return ".xls"
    text = data.removeprefix(b"\xef\xbb\xbf").lstrip()
    if text[:1] in (b"{", b"["):
        return ".json"
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith(b"#"):
            continue
        if line.startswith((b"---", b"%YAML")) or _YAML_KEY.match(line):
            return ".yaml"
        return ".csv" if b"," in line or b"\t" in line else ".yaml"
    return ".yaml"


# ----------------------------------------------------------------------------- main


def build_parser() -> argparse.ArgumentParser:
    return _build_parsers()[0]


def _build_parsers() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    from . import __version__

    parser: argparse.ArgumentParser = LocalisedParser(
        prog="perfscore", description=words("help.description"), epilog=words("help.epilog")
    )
    parser.add_argument(
        "--version", action="version", version=f"perfscore {__version__}", help=version_help()
    )
    add_language_argument(parser, top=True)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    parsers: dict[str, argparse.ArgumentParser] = {}
    for name, (_, add_arguments, help_text) in COMMANDS.items():
        text = str(help_text)  # a Message is worded now, in the language set
        parsers[name] = sub.add_parser(name, help=text, description=text)
        add_language_argument(parsers[name], top=False)
        add_arguments(parsers[name])
    return parser, parsers


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command. Bare `perfscore` prints the help and exits 0; argparse's usage errors
    exit 2 with the usage of the command they concern (SystemExit)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    set_language(language_from_argv(argv))  # before the parsers: their help is worded in it
    unknown_setting = unknown_language_setting()
    if unknown_setting is not None:
        return _print_error(UsageError(say("error.language-setting", value=unknown_setting)))
    _load_commands()
    parser, parsers = _build_parsers()
    if not argv:
        parser.print_help()
        return 0
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        parsers[args.command].error(words("argparse.unrecognized", names=" ".join(unknown)))
    run = COMMANDS[args.command][0]
    try:
        load_plugins()  # once, before any command: rule kinds and readers of installed plugins
        return run(args)
    except PerfscoreError as exc:
        return _print_error(exc)
    except BrokenPipeError:
        return 0


def _print_error(exc: PerfscoreError) -> int:
    """The one place an error is printed: one line on standard error; its exit code."""
    print(words("error.prefix", text=str(exc)), file=sys.stderr)
    return exc.exit_code


def _load_commands() -> None:
    """Import every module of `perfscore.commands`: each registers its own command(s)."""
    import importlib
    import pkgutil

    from . import commands

    for info in pkgutil.iter_modules(commands.__path__):
        importlib.import_module(f"{commands.__name__}.{info.name}")
