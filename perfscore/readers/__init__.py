"""DATA in the forms people keep it: a filled-in form (.xlsx, .xls, .ods or .csv), a one-record
table, JSON.

`read_data(path)` picks the reader by suffix (YAML goes to `records.load_record`); the command
line reads DATA through it too. One module a job: `data` (by suffix), `workbooks` (.xlsx
through openpyxl; .xls, .ods, .xlsb, .et through python-calamine), `csv_file`, `json_file`,
`wide` (a one-record table, and the choice between it and a form), `forms` (forms among other
files, for batch). What a form holds and how its sheets are read is perfscore.forms.

- .xlsx — the form `perfscore template` writes (sheets found by their header rows, columns by
  their headers), or a one-record table: a header row (`id`, `external_scores.CODE`, one column
  per field or input) and one row of values, as `perfscore batch` reads many.
- .xls, .ods, .xlsb (and a WPS .et that is .xls inside) — the same two layouts, read with
  python-calamine (perfscore.sheets): no number formats there, so a number in a % field is
  refused rather than guessed; no merged cells in .ods, so a rows form must be .xlsx or .xls.
- .csv — the same two layouts: the form as one table (a 类别 column), or header + one row.
  UTF-8 (with or without BOM), GB18030/GBK (what Excel writes on a Chinese Windows) or UTF-16
  with a BOM, as `perfscore.encodings` decides for every text input.
- .json — a record (`values`, `external_scores`, `reported` …) or a flat mapping of values.

Values are read as people write them — "697.71万元", "98%", "1,234.5", "９８％", a cell Excel
formats as a percentage — and a value that cannot be read is a DataError naming the file, the
sheet and the cell: `基础数据.xlsx: 基础数据!C7: 编制数: expected a number, got '三十七'`. Base-data
values keep the unit the form states ("697.71万元"), so the engine checks it against the field's
own unit; every value's cell is remembered in `Record.locations`, so that errors the engine
finds later (a value out of range, a missing field) name the cell too.
"""

from __future__ import annotations

from ..cells import Cell, parse_cell
from .csv_file import read_csv
from .data import DATA_FORMATS, READERS, YAML_SUFFIXES, read_data, unknown_format
from .forms import FORM_SUFFIXES, form_id, is_form, read_form
from .json_file import read_json
from .wide import EXTERNAL_PREFIX, MAX_ROWS
from .workbooks import read_workbook, read_xlsx

__all__ = [
    "DATA_FORMATS",
    "EXTERNAL_PREFIX",
    "FORM_SUFFIXES",
    "MAX_ROWS",
    "READERS",
    "YAML_SUFFIXES",
    "Cell",
    "form_id",
    "is_form",
    "parse_cell",
    "read_csv",
    "read_data",
    "read_form",
    "read_json",
    "read_workbook",
    "read_xlsx",
    "unknown_format",
]
