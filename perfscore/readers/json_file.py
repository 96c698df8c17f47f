"""DATA in a JSON file: a record (`values`, `external_scores`, `reported` …), or a flat mapping
of values."""

from __future__ import annotations

from pathlib import Path

from ..errors import DataError
from ..i18n import say
from ..records import RECORD_KEYS, Record, load_record
from ..yamlio import read_json as read_json_file


def read_json(path: str | Path) -> Record:
    """A record file in JSON (as `load_record` reads it), or a flat mapping of values. Both go
    through the bounded JSON reader (`yamlio.read_json`: the size limit, duplicate keys and
    NaN refused, nesting bounded, numbers exact)."""
    file = str(path)
    data = read_json_file(file, DataError)
    if not isinstance(data, dict):
        raise DataError(say("error.data.not-json-object"), file=file, line=1)
    if not data or "values" in data or set(data) & RECORD_KEYS - {"id", "title", "source"}:
        return load_record(file)
    return Record(values=dict(data), id=Path(file).stem, file=file)
