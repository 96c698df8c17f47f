"""DATA of any supported kind, the reader chosen by the file's suffix (`read_data`, `READERS`);
YAML goes to `records.load_record`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import DataError
from ..i18n import Message, say
from ..records import Record, load_record
from ..sheets import CALAMINE_SUFFIXES
from .csv_file import read_csv
from .json_file import read_json
from .workbooks import read_workbook, read_xlsx

READERS: dict[str, Callable[[str], Record]] = {
    ".xlsx": read_xlsx,
    ".xlsm": read_xlsx,
    **{suffix: read_workbook for suffix in CALAMINE_SUFFIXES},
    ".csv": read_csv,
    ".json": read_json,
}
#: what DATA may be, for the message about any other suffix (with any a plugin adds)
DATA_FORMATS = ".yaml, .yml, .json, .csv, .xlsx, .xlsm, .xls, .ods, .xlsb"
_BUILT_IN = frozenset(READERS)
YAML_SUFFIXES = ("", ".yaml", ".yml")


def read_data(path: str | Path) -> Record:
    """Read DATA of any supported kind (YAML, JSON, CSV, XLSX, XLS, ODS, XLSB), by suffix;
    DataError naming the file and the formats read for any other suffix."""
    suffix = Path(path).suffix.lower()
    reader = READERS.get(suffix)
    if reader is not None:
        return reader(str(path))
    if suffix in YAML_SUFFIXES:
        return load_record(path)
    raise DataError(unknown_format(suffix), file=str(path))


def unknown_format(suffix: str) -> Message:
    """The message for a DATA file whose suffix is not read."""
    formats = ", ".join([DATA_FORMATS, *sorted(set(READERS) - _BUILT_IN)])
    shown = suffix or say("words.no-suffix")
    return say("error.unknown-data-format", suffix=shown, formats=formats)
