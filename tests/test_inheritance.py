"""Inheritance: a child removes inherited inputs and derived values (`NAME: null`), and `extends`
reaches a shared framework inside a frameworks' root the user sets (`frameworks_root=`,
`--frameworks-root`, PERFSCORE_FRAMEWORKS_ROOT), still confined to it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import perfscore
from perfscore.cli import main
from perfscore.errors import FrameworkError
from perfscore.framework import schema_errors_of

# These tests check the English wording of perfscore's messages (tests/test_i18n.py checks
# the Chinese, the default).
pytestmark = pytest.mark.usefixtures("english")

ROOT = Path(__file__).resolve().parent.parent
SELF_EVALUATION = ROOT / "perfscore" / "frameworks" / "project-self-evaluation.yaml"

BASE = """\
id: shared
name: 共享框架
version: "1"
total: 10
precision: 2
grades: [{name: 优, min: 9}, {name: 差, min: 0}]
inputs:
  x: {min: 0}
  y: {min: 0}
derived:
  rate: {formula: x}
  spare: {formula: y}
indicators:
  - {code: A1, name: 一, weight: 4, rule: {kind: judgment}}
  - {code: A2, name: 二, weight: 6, formula: rate, unit: "%", rule: {kind: proportional}}
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def child(path: Path, body: str = "", extends: str = "base.yaml") -> Path:
    return write(path, f"extends: {extends}\nid: child\n{body}")


# ----------------------------------------------------------------------------- removal


def test_a_child_removes_an_inherited_input_and_derived_value(tmp_path: Path) -> None:
    write(tmp_path / "base.yaml", BASE)
    base = perfscore.load_framework(tmp_path / "base.yaml")
    assert {f.code for f in base.findings} == {None}  # y and spare are read by nothing
    assert {f.check for f in base.findings} == {"unused-input", "unused-derived"}
    fw = perfscore.load_framework(
        child(tmp_path / "c.yaml", "inputs: {y: null}\nderived: {spare: null}\n")
    )
    assert set(fw.fields) == {"x"} and set(fw.derived) == {"rate"}
    assert fw.findings == []
    assert fw.evaluate({"A1": 4, "x": 50}).total == 7


def test_removing_what_is_not_inherited_names_the_entry(tmp_path: Path) -> None:
    write(tmp_path / "base.yaml", BASE)
    path = child(tmp_path / "c.yaml", "inputs:\n  x: {min: 1}\n  z: null\n")
    with pytest.raises(FrameworkError, match="null removes an inherited input") as caught:
        perfscore.load_framework(path)
    assert (caught.value.file, caught.value.line, caught.value.field) == (str(path), 5, "inputs.z")
    path = child(tmp_path / "d.yaml", "derived: {nothing: null}\n")
    with pytest.raises(FrameworkError, match="no derived value 'nothing'") as caught:
        perfscore.load_framework(path)
    assert caught.value.line == 3


def test_removing_an_input_a_formula_still_reads_is_refused(tmp_path: Path) -> None:
    write(tmp_path / "base.yaml", BASE)
    with pytest.raises(FrameworkError) as caught:
        perfscore.load_framework(child(tmp_path / "c.yaml", "inputs: {x: null}\n"))
    assert caught.value.file == str(tmp_path / "c.yaml")
    assert "x" in caught.value.message


def test_only_a_child_may_write_null(tmp_path: Path) -> None:
    path = write(tmp_path / "base.yaml", BASE.replace("  y: {min: 0}\n", "  y: null\n"))
    with pytest.raises(FrameworkError, match="only a framework that extends another") as caught:
        perfscore.load_framework(path)
    assert (caught.value.line, caught.value.field) == (9, "inputs.y")


def test_a_wrong_input_is_still_one_schema_error(tmp_path: Path) -> None:
    path = write(tmp_path / "base.yaml", BASE.replace("  y: {min: 0}\n", "  y: 5\n"))
    errors = schema_errors_of(path)
    assert [(e.line, e.field) for e in errors] == [(9, "inputs.y")]  # once, not per branch


def test_a_child_of_the_self_evaluation_table_no_longer_warns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = child(
        tmp_path / "province.yaml",
        "inputs: {年初预算数: null}\noverride: {A: {weight: 20}, B: {weight: 40}}\n",
        "project-self-evaluation",
    )
    base = perfscore.load_framework(SELF_EVALUATION)
    assert [f.check for f in base.findings] == ["unused-input"]
    assert main(["lint", str(path)]) == 0
    assert capsys.readouterr().out == f"{path}: 0 error(s), 0 warning(s)\n"


# ----------------------------------------------------------------------------- the root


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """root/shared/base.yaml, and root/counties/a/county.yaml extending it two folders up."""
    root = tmp_path / "root"
    write(root / "shared" / "base.yaml", BASE)
    child(root / "counties" / "a" / "county.yaml", extends="../../shared/base.yaml")
    return root


def test_extends_reaches_up_only_inside_a_root_the_user_sets(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    county = tree / "counties" / "a" / "county.yaml"
    monkeypatch.delenv("PERFSCORE_FRAMEWORKS_ROOT", raising=False)
    with pytest.raises(FrameworkError, match="leaves the frameworks' directory"):
        perfscore.load_framework(county)
    assert perfscore.load_framework(county, frameworks_root=tree).id == "child"
    monkeypatch.setenv("PERFSCORE_FRAMEWORKS_ROOT", str(tree))
    assert perfscore.load_framework(county).id == "child"
    with pytest.raises(FrameworkError, match="leaves the frameworks' directory"):
        perfscore.load_framework(county, frameworks_root=tree / "counties")  # the option wins


def test_the_command_line_takes_the_root(
    tree: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PERFSCORE_FRAMEWORKS_ROOT", raising=False)
    county = str(tree / "counties" / "a" / "county.yaml")
    assert main(["lint", county]) == 1
    assert "leaves the frameworks' directory" in capsys.readouterr().err
    assert main(["lint", county, "--frameworks-root", str(tree)]) == 0
    assert capsys.readouterr().out.endswith("0 error(s), 2 warning(s)\n")  # y, spare unread
    record = write(tree.parent / "r.yaml", "values: {A1: 3, x: 100, y: 0}\n")
    assert main(["score", "--frameworks-root", str(tree), county, str(record), "-f", "json"]) == 0
    assert '"total": 9' in capsys.readouterr().out


@pytest.mark.parametrize(
    ("extends", "message"),
    [
        ("../../../outside.yaml", "(a '..' that climbs out of it)"),
        ("../../link.yaml", "through a symbolic link"),
        ("/etc/passwd.yaml", "an absolute path is not allowed"),
    ],
)
def test_a_root_still_confines(tree: Path, extends: str, message: str) -> None:
    write(tree.parent / "outside.yaml", BASE)
    (tree / "link.yaml").symlink_to(tree.parent / "outside.yaml")
    county = child(tree / "counties" / "a" / "escape.yaml", extends=extends)
    with pytest.raises(FrameworkError, match="extends") as caught:
        perfscore.load_framework(county, frameworks_root=tree)
    assert message in caught.value.message
    assert (caught.value.file, caught.value.line) == (str(county), 1)


def test_a_framework_outside_the_root_or_a_root_that_is_no_directory_is_refused(
    tree: Path,
) -> None:
    outside = child(tree.parent / "elsewhere" / "c.yaml", extends="base.yaml")
    write(tree.parent / "elsewhere" / "base.yaml", BASE)
    with pytest.raises(FrameworkError, match="lies outside the frameworks' root") as caught:
        perfscore.load_framework(outside, frameworks_root=tree)
    assert (caught.value.file, caught.value.line) == (str(outside), 1)
    with pytest.raises(FrameworkError, match="is not a directory"):
        perfscore.load_framework(outside, frameworks_root=tree / "shared" / "base.yaml")
    assert perfscore.load_framework(outside).id == "child"  # its own folder, without a root


def test_a_bundled_framework_keeps_the_bundled_root(tree: Path) -> None:
    fw = perfscore.load_framework("county-department", frameworks_root=tree)
    assert fw.id == "county-department"


def test_batch_workers_load_the_child_with_the_same_root(
    tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PERFSCORE_FRAMEWORKS_ROOT", raising=False)
    county = str(tree / "counties" / "a" / "county.yaml")
    table = write(tmp_path / "in.csv", "id,A1,x,y\na,3,100,0\nb,4,50,0\nc,1,0,0\n")
    out = tmp_path / "out.jsonl"
    args = ["batch", county, str(table), "-o", str(out), "-j", "2", "--no-progress"]
    assert main([*args, "--frameworks-root", str(tree)]) == 0
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [(row["error"], row["total"]) for row in rows] == [(None, 9), (None, 7), (None, 1)]
