"""The input form's layout is one module both sides share: every sheet the writer lays out is
told by the reader as its kind, a survey sheet reads back, and the readers and forms packages
stay in their layer (no imports from the application, the writer borrows nothing from a
renderer) and in their size."""

from __future__ import annotations

import ast
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import processes
import pytest

import perfscore
from perfscore.cells import Cell
from perfscore.errors import DataError
from perfscore.forms import layout
from perfscore.forms.tables import find_table
from perfscore.forms.writer import write_form
from perfscore.readers import read_xlsx

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "perfscore"
SURVEY_FIELD = "受益人群满意度问卷"


@pytest.mark.parametrize(
    ("headers", "kind"),
    [
        (layout.FIELD_HEADERS, layout.FIELDS_TABLE),
        (layout.INPUT_HEADERS, layout.INPUTS_TABLE),
        (layout.SCORE_HEADERS, layout.SCORES_TABLE),
        (layout.SURVEY_HEADERS, layout.SURVEY_TABLE),
        (layout.ROWS_HEADERS, layout.ROWS_TABLE),
        (layout.rows_headers(True)[0], layout.ROWS_TABLE),  # the target split in three
        (layout.CSV_HEADERS, layout.LONG_TABLE),
    ],
)
def test_every_header_row_the_writer_lays_out_is_told_as_its_kind(
    headers: tuple[str, ...], kind: str
) -> None:
    rows = [[Cell("title", "A1")], [Cell(h, f"B{i}") for i, h in enumerate(headers)]]
    found = find_table("sheet", rows)
    assert found is not None and found[0] == kind
    assert found[1].header_index == 1
    assert found[1].columns[headers[-1]] == len(headers) - 1


def test_a_header_row_below_the_lines_searched_is_not_a_form_sheet() -> None:
    filler = [[Cell(None, "")] for _ in range(layout.HEADER_SEARCH_ROWS)]
    rows = [*filler, [Cell(h, "") for h in layout.FIELD_HEADERS]]
    assert find_table("sheet", rows) is None
    assert find_table("sheet", rows[1:]) is not None


def _survey_form(tmp_path: Path) -> tuple[Path, perfscore.Record]:
    fw = perfscore.load_framework("xundian-2023")
    record = perfscore.load_record(ROOT / "examples" / "xundian-2023.yaml")
    path = tmp_path / "form.xlsx"
    path.write_bytes(write_form(fw, record))
    return path, record


def test_a_survey_sheet_reads_back_as_the_questions_it_lists(tmp_path: Path) -> None:
    path, record = _survey_form(tmp_path)
    read = read_xlsx(path).values[SURVEY_FIELD]
    original = record.values[SURVEY_FIELD]
    assert read["valid"] == Decimal(original["valid"])
    pairs = zip(read["questions"], original["questions"], strict=True)
    for number, (got, want) in enumerate(pairs, 1):
        assert got["question"] == f"{number}. {want['question']}"  # 题号 and 题目 joined
        assert [(o["option"], o["points"], o["count"]) for o in got["options"]] == [
            (o["option"], Decimal(o["points"]), Decimal(o["count"])) for o in want["options"]
        ]


def test_a_survey_sheet_without_its_count_column_is_a_data_error(tmp_path: Path) -> None:
    path, _ = _survey_form(tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb[layout.SURVEY_SHEET]
    ws.delete_cols(layout.SURVEY_HEADERS.index(layout.ANSWERS) + 1)
    damaged = tmp_path / "damaged.xlsx"
    wb.save(damaged)
    with pytest.raises(DataError) as caught:
        read_xlsx(damaged)
    assert caught.value.file == str(damaged)
    assert caught.value.path == f"{layout.SURVEY_SHEET}!A4"
    assert layout.ANSWERS in str(caught.value)


# --------------------------------------------------------------------------- layers and sizes

IO_MODULES = sorted([*(PACKAGE / "readers").glob("*.py"), *(PACKAGE / "forms").glob("*.py")])


def _imported(path: Path) -> set[str]:
    """Every perfscore module `path` imports, at module level or inside a function."""
    package = ["perfscore", path.parent.name]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            found.add(module)
            found |= {f"{module}.{alias.name}" for alias in node.names}
    return found


def test_the_import_scan_resolves_relative_imports(tmp_path: Path) -> None:
    module = tmp_path / "forms" / "x.py"
    module.parent.mkdir()
    module.write_text("def f():\n    from ..cli import main\n    from . import layout\n")
    assert {"perfscore.cli", "perfscore.cli.main", "perfscore.forms.layout"} <= _imported(module)


@pytest.mark.parametrize("path", IO_MODULES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_readers_and_forms_import_nothing_from_the_application(path: Path) -> None:
    above = ("perfscore.cli", "perfscore.commands", "perfscore.batch", "perfscore.render")
    bad = sorted(m for m in _imported(path) if m.startswith(above))
    assert not bad, f"{path.name} imports {bad}"


@pytest.mark.parametrize("path", IO_MODULES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_readers_and_forms_modules_and_functions_are_short(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count("\n") <= 400
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            assert node.end_lineno is not None
            assert node.end_lineno - node.lineno < 60, f"{path.name}: {node.name}"


def test_the_reader_does_not_load_the_form_writer_or_openpyxl() -> None:
    code = (
        "import sys, perfscore.readers\n"
        "loaded = [m for m in sys.modules if m.startswith(('openpyxl', 'perfscore.forms.writer',"
        " 'perfscore.render'))]\n"
        "assert not loaded, loaded\n"
    )
    done = processes.run([sys.executable, "-c", code], cwd=ROOT, encoding="utf-8", timeout=60)
    assert done.returncode == 0, done.stderr


def test_one_width_helper_in_the_package() -> None:
    users = [
        p.relative_to(PACKAGE).as_posix()
        for p in PACKAGE.rglob("*.py")
        if "east_asian_width" in p.read_text(encoding="utf-8")
    ]
    assert users == ["textwidth.py"]
