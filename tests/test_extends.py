"""Framework customisation: `extends` with remove / add / override, and what it refuses."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import perfscore
from perfscore.errors import FrameworkError

pytestmark = pytest.mark.usefixtures("english")  # it checks the English wording

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "perfscore" / "frameworks" / "department-common.yaml"
NEW_B = "{code: B, name: 乙, weight: 1, rule: {kind: judgment}}\n"
NEW_A2 = "{code: A2, name: 乙, weight: 1, rule: {kind: judgment}}\n"
LEAVES = [leaf.code for leaf in perfscore.load_framework(BASE).leaves()]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def small_base(path: Path) -> Path:
    """A three-leaf framework to extend."""
    return write(
        path,
        """\
id: small
name: 小框架
version: "1"
total: 10
precision: 2
grades: [{name: 优, min: 9}, {name: 差, min: 0}]
inputs:
  x: {min: 0}
indicators:
  - code: A
    name: 甲
    weight: 10
    children:
      - {code: A1, name: 一, weight: 4, rule: {kind: judgment}}
      - {code: A2, name: 二, weight: 3, rule: {kind: judgment}}
      - code: A3
        name: 三
        weight: 3
        formula: x
        unit: "%"
        rule: {kind: deduction, bound: 100, side: below, step: 1, points: 1, step_mode: floor}
""",
    )


def extending(path: Path, body: str, extends: str = "base.yaml") -> Path:
    return write(path, f"extends: {extends}\nid: child\n{body}")


# --------------------------------------------------------------------------- the example


def test_county_department_adapts_department_common() -> None:
    fw = perfscore.load_framework("county-department")
    base = perfscore.load_framework("department-common")
    assert fw.id == "county-department"
    assert "D13" not in fw.by_code and "D13" in base.by_code
    assert [c.code for c in fw["D1"].children] == ["D11", "D12", "D15", "D14"]
    assert (fw["D11"].weight, fw["D14"].weight, fw["D15"].weight) == (3, 7, 5)
    assert fw["D14"].name == "服务对象满意度"
    assert fw["D"].weight == base["D"].weight == 20
    assert fw["A22"].rule is not None and fw["A22"].rule.max_points() == 2
    assert "实际参保扩面人数" in fw.fields and "编制数" in fw.fields
    # the source's drafting errors are fixed in the county's copy only
    assert not [f for f in fw.findings if f.level == "error"]
    assert {f.code for f in base.findings if f.level == "error"} >= {"A22", "C11", "C12", "C13"}


def test_county_department_scores_like_its_base_where_unchanged() -> None:
    fw = perfscore.load_framework("county-department")
    record = perfscore.load_record(ROOT / "examples" / "hecheng-2020.yaml")
    values = {k: v for k, v in record.values.items() if k != "D13"}
    values.update({"实际参保扩面人数": 950, "计划参保扩面人数": 1000, "D11": 3, "D14": 7})
    result = fw.evaluate(values, external_scores=record.external_scores)
    base = perfscore.load_framework("department-common").evaluate(record)
    for code in ("A21", "B16", "B17", "B22"):
        assert result[code].score == base[code].score
    assert result["D15"].score == Decimal("2.5")  # 95%: 5 points short × 0.5
    assert result.total == base.total - 5 + Decimal("2.5")


def test_lines_point_into_the_extending_file() -> None:
    fw = perfscore.load_framework("county-department")
    text = (ROOT / "perfscore" / "frameworks" / "county-department.yaml").read_text(
        encoding="utf-8"
    )
    lines = text.splitlines()
    assert fw.file is not None and fw.file.endswith("county-department.yaml")
    assert lines[fw["D15"].line - 1].strip() == "indicator:"  # type: ignore[operator]
    assert lines[fw["A22"].line - 1].strip() == "A22:"  # type: ignore[operator]
    assert lines[fw["B16"].line - 1].startswith("extends:")  # type: ignore[operator]


# --------------------------------------------------------------------------- operations


def test_remove_without_reweighting_is_reported_by_the_checks(tmp_path: Path) -> None:
    small_base(tmp_path / "base.yaml")
    child = extending(tmp_path / "child.yaml", "remove: [A2]\n")
    fw = perfscore.load_framework(child)
    weights = [f for f in fw.findings if f.check == "weights"]
    assert {f.code for f in weights} == {"A"}
    finding = next(f for f in weights if f.code == "A")
    assert finding.file == str(child) and finding.line == 3  # the remove: line


def test_override_add_and_positions(tmp_path: Path) -> None:
    small_base(tmp_path / "base.yaml")
    child = extending(
        tmp_path / "child.yaml",
        """\
name: 子框架
override:
  A1: {weight: 2, name: 一改}
  A3: {formula: null, input: rate}
add:
  - parent: A
    before: A1
    indicator: {code: A0, name: 零, weight: 2, rule: {kind: judgment}}
""",
    )
    fw = perfscore.load_framework(child)
    assert fw.name == "子框架" and fw.total == 10
    assert [c.code for c in fw["A"].children] == ["A0", "A1", "A2", "A3"]
    assert fw["A1"].name == "一改" and fw["A1"].weight == 2
    assert fw["A3"].formula is None and fw["A3"].input == "rate"
    assert not [f for f in fw.findings if f.check == "weights"]
    result = fw.evaluate({"A0": 2, "A1": 2, "A2": 3, "rate": 98})
    assert result["A3"].score == 1  # 98%: two whole points short of 100, 1 point each
    assert result.total == 8


def test_extends_a_bundled_name_from_anywhere(tmp_path: Path) -> None:
    child = extending(tmp_path / "mine.yaml", "override: {B16: {weight: 3}}\n", "department-common")
    fw = perfscore.load_framework(child)
    assert len(list(fw.leaves())) == len(LEAVES)


def test_chain_of_extends_inside_the_root(tmp_path: Path) -> None:
    small_base(tmp_path / "base.yaml")
    extending(tmp_path / "sub" / "mid.yaml", "remove: [A2]\n", "../base.yaml")
    top = extending(tmp_path / "top.yaml", "override: {A1: {weight: 7}}\n", "sub/mid.yaml")
    fw = perfscore.load_framework(top)
    assert [c.code for c in fw["A"].children] == ["A1", "A3"]
    assert fw["A1"].weight == 7


@settings(max_examples=max(10, settings.default.max_examples // 2))  # heavy: half the profile's
@given(st.sampled_from(LEAVES), st.integers(min_value=1, max_value=30))
def test_override_changes_one_weight_and_nothing_else(code: str, weight: int) -> None:
    base = perfscore.load_framework(BASE)
    doc = {"extends": "department-common", "id": "t", "override": {code: {"weight": weight}}}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.yaml"
        path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
        fw = perfscore.load_framework(path)
    for leaf in base.leaves():
        expected = Decimal(weight) if leaf.code == code else leaf.weight
        assert fw[leaf.code].weight == expected
    changed = {f.code for f in fw.findings if f.check == "weights"}
    assert (weight != base[code].weight) == bool(changed)


# --------------------------------------------------------------------------- refusals


def refused(path: Path) -> FrameworkError:
    with pytest.raises(FrameworkError) as info:
        perfscore.load_framework(path)
    return info.value


def test_cycle_is_refused_naming_file_and_line(tmp_path: Path) -> None:
    a = extending(tmp_path / "a.yaml", "", "b.yaml")
    extending(tmp_path / "b.yaml", "", "a.yaml")
    err = refused(a)
    assert "cycle" in err.message and "a.yaml -> b.yaml -> a.yaml" in err.message
    assert err.file is not None and err.file.endswith("b.yaml") and err.line == 1


def test_self_extension_is_a_cycle(tmp_path: Path) -> None:
    a = extending(tmp_path / "a.yaml", "", "a.yaml")
    err = refused(a)
    assert "cycle" in err.message and err.line == 1


def test_absolute_path_is_refused(tmp_path: Path) -> None:
    small_base(tmp_path / "base.yaml")
    err = refused(extending(tmp_path / "a.yaml", "", str(tmp_path / "base.yaml")))
    assert "absolute" in err.message and err.file == str(tmp_path / "a.yaml") and err.line == 1


def test_dotdot_escape_is_refused(tmp_path: Path) -> None:
    small_base(tmp_path / "base.yaml")
    child = extending(tmp_path / "fw" / "a.yaml", "", "../base.yaml")
    err = refused(child)
    assert "leaves the frameworks' directory" in err.message and err.line == 1


def test_symlink_escape_is_refused(tmp_path: Path) -> None:
    small_base(tmp_path / "outside" / "base.yaml")
    (tmp_path / "fw").mkdir()
    (tmp_path / "fw" / "link.yaml").symlink_to(tmp_path / "outside" / "base.yaml")
    err = refused(extending(tmp_path / "fw" / "a.yaml", "", "link.yaml"))
    assert "symbolic link" in err.message and err.line == 1


def test_symlink_inside_the_root_is_allowed(tmp_path: Path) -> None:
    small_base(tmp_path / "real" / "base.yaml")
    (tmp_path / "link.yaml").symlink_to(tmp_path / "real" / "base.yaml")
    fw = perfscore.load_framework(extending(tmp_path / "a.yaml", "", "link.yaml"))
    assert fw.id == "child"


def test_missing_base_is_refused(tmp_path: Path) -> None:
    err = refused(extending(tmp_path / "a.yaml", "", "nowhere.yaml"))
    assert "no such framework file" in err.message and err.line == 1


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        ("remove: [Z9]\n", 3, "no indicator 'Z9'"),
        ("override:\n  Z9: {weight: 1}\n", 4, "no indicator 'Z9'"),
        (
            "add:\n  - parent: Z9\n    indicator: " + NEW_B,
            4,
            "no indicator 'Z9'",
        ),
        (
            "add:\n  - parent: A1\n    indicator: " + NEW_B,
            4,
            "is a leaf",
        ),
        (
            "add:\n  - parent: A\n    indicator: " + NEW_A2,
            5,
            "already exists",
        ),
        (
            "add:\n  - parent: A\n    after: Q\n    indicator: " + NEW_B,
            5,
            "not an indicator under A",
        ),
        ("remove: [A1, A2, A3]\n", 3, "no indicators left"),
        ("override:\n  A1: {rule: {kind: judgment, max: 9}, weight: 4}\n", None, None),
        ("indicators: []\n", 3, "lists no 'indicators'"),
    ],
)
def test_bad_operations_name_the_line(
    tmp_path: Path, body: str, line: int | None, words: str | None
) -> None:
    small_base(tmp_path / "base.yaml")
    child = extending(tmp_path / "child.yaml", body)
    if words is None:  # accepted; the checks report the rule that overshoots
        fw = perfscore.load_framework(child)
        assert [f.check for f in fw.findings if f.code == "A1"] == ["rule-exceeds-weight"]
        return
    err = refused(child)
    assert words in err.message, err.message
    assert err.file == str(child) and err.line == line, str(err)


def test_an_override_the_schema_refuses_names_the_indicator_and_line(tmp_path: Path) -> None:
    small_base(tmp_path / "base.yaml")
    child = extending(tmp_path / "child.yaml", "override:\n  A1: {weight: lots}\n")
    err = refused(child)  # the schema's words are its own; where it is, is perfscore's
    assert err.file == str(child) and err.line == 4, str(err)
    assert err.path == "A1" and (err.field or "").endswith(".weight"), str(err)


def test_operations_need_extends(tmp_path: Path) -> None:
    base = small_base(tmp_path / "base.yaml")
    text = base.read_text(encoding="utf-8") + "remove: [A1]\n"
    err = refused(write(tmp_path / "plain.yaml", text))
    assert "extends" in err.message


def test_broken_base_is_reported_in_the_base(tmp_path: Path) -> None:
    write(tmp_path / "base.yaml", "id: b\nname: x\n")
    err = refused(extending(tmp_path / "a.yaml", ""))
    assert err.file is not None and err.file.endswith("base.yaml")
