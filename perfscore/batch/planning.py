"""What a batch reads: each INPUT (a table of records, a filled-in form, a directory of forms)
planned as a `BatchInput`, its format told from its suffix (`format_of`) or its layout."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError, UsageError
from ..i18n import say
from ..readers import FORM_SUFFIXES, is_form

FORMATS = ("csv", "xlsx", "jsonl")
#: tables of records read as input: csv and jsonl, and every spreadsheet python-calamine reads
INPUT_FORMATS = ("csv", "jsonl", "xlsx", "xlsm", "xls", "xlsb", "ods", "et")
SHEET_FORMATS = frozenset(INPUT_FORMATS[2:])
#: files a directory of forms leaves out (reported on stderr): hidden files (.DS_Store, our
#: own .OUT.*.tmp), Office/WPS lock files (~$x.xlsx, .~lock.x.ods#) and these system files
_SKIPPED_NAMES = frozenset({"thumbs.db", "desktop.ini"})


def format_of(path: str | Path, role: str) -> str:
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix == "ndjson":
        suffix = "jsonl"
    known = INPUT_FORMATS if role == "input" else FORMATS
    if suffix not in known:
        key = "error.batch.input-format" if role == "input" else "error.batch.output-format"
        choices = ", ".join("." + k for k in known)
        raise UsageError(say(key, path=str(path), suffix=suffix or "(no suffix)", choices=choices))
    return suffix


def skipped_in_directory(entry: Path) -> bool:
    """Whether a directory of forms leaves `entry` out: a subdirectory, a hidden file, an
    Office/WPS lock file (~$…), Thumbs.db, desktop.ini."""
    name = entry.name
    return name.startswith((".", "~$")) or name.lower() in _SKIPPED_NAMES or not entry.is_file()


@dataclass(frozen=True)
class BatchInput:
    """One input of a batch: a table of records (`kind` csv, xlsx or jsonl), or a filled-in form
    (`kind` form) that is one record."""

    path: Path
    kind: str


def plan_inputs(
    sources: str | Path | Sequence[str | Path],
    output: str | Path | None = None,
    skipped: list[Path] | None = None,
) -> list[BatchInput]:
    """What each INPUT is. A directory stands for every file it holds, by name, each one
    record: a form (.xlsx, .xls, .ods, .csv …) is read, and any other file — a .txt, a
    damaged workbook, a table of records — becomes an error row naming it, so that rows out =
    files in. Left out (and appended to `skipped`, for the caller to report): subdirectories,
    hidden files, Office/WPS lock files (~$x.xlsx), Thumbs.db, desktop.ini, and `output`. A
    file given by itself is a form or a table by its layout (`perfscore.readers.is_form`: the
    form's sheet names or header rows); a workbook that cannot even be opened is a form that
    fails (one error row) when there are several inputs, and stops the batch when it is the
    only one, as a table that cannot be read does."""
    paths = [Path(sources)] if isinstance(sources, (str, Path)) else [Path(s) for s in sources]
    if not paths:
        raise UsageError(say("error.no-input"))
    skip = Path(output).resolve() if output is not None else None
    found: list[tuple[Path, bool]] = []  # (path, from a directory)
    for path in paths:
        if path.is_dir():
            found.extend((entry, True) for entry in _forms_in(path, skip, skipped))
            continue
        format_of(path, "input")
        if not path.is_file():
            raise DataError(say("error.batch.no-such-input"), file=str(path))
        found.append((path, False))
    several = len(found) > 1
    planned = []
    for path, in_directory in found:
        suffix = path.suffix.lower()
        if in_directory:
            kind = "form"
        elif suffix in FORM_SUFFIXES:
            layout = is_form(path)
            kind = "form" if layout or (layout is None and several) else format_of(path, "input")
        else:
            kind = format_of(path, "input")
        planned.append(BatchInput(path, kind))
    return planned


def _forms_in(directory: Path, skip: Path | None, skipped: list[Path] | None) -> list[Path]:
    """The files of a directory of forms, by name, less those it leaves out (`skip`, the
    output, silently; the rest appended to `skipped`)."""
    forms = []
    for entry in sorted(directory.iterdir(), key=lambda e: e.name):
        if entry.resolve() == skip:
            continue
        if skipped_in_directory(entry):
            if skipped is not None:
                skipped.append(entry)
            continue
        forms.append(entry)
    if not forms:
        raise UsageError(say("error.batch.empty-directory", path=str(directory)))
    return forms
