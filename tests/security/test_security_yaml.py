"""YAML and JSON input: safe loading only, duplicate keys refused, alias expansion, nesting and
size bounded, every refusal a PerfscoreError naming the file (and line where there is one)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from security_support import FRAMEWORK, hang_guard

import perfscore
from perfscore import DataError, FrameworkError, PerfscoreError, yamlio
from perfscore.yamlio import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_NODES,
    MAX_NUMBER_CHARS,
    parse_yaml,
    read_json,
    read_yaml,
)

# These tests check the English wording of perfscore's messages (tests/test_i18n.py checks
# the Chinese, the default).
pytestmark = pytest.mark.usefixtures("english")


def billion_laughs(levels: int = 9, width: int = 9) -> str:
    """The classic alias bomb: level n is `width` aliases of level n-1, width**levels in all."""
    lines = ["a0: &a0 [" + ", ".join(["lol"] * width) + "]"]
    for n in range(1, levels):
        lines.append(f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def refused(text: str, error: type[PerfscoreError] = PerfscoreError) -> PerfscoreError:
    with hang_guard(), pytest.raises(error) as caught:
        parse_yaml(text, "input.yaml", error)
    assert caught.value.file == "input.yaml"
    return caught.value


# ----------------------------------------------------------------------------- safe loading


@pytest.mark.parametrize(
    "text",
    [
        'x: !!python/object/apply:os.system ["touch {marker}"]',
        "x: !!python/object/apply:os.system\n  args: [touch {marker}]",
        "x: !!python/name:os.system",
        'x: !!python/object/new:subprocess.Popen [["touch", "{marker}"]]',
        "x: !custom {marker}",
    ],
    ids=["apply-sequence", "apply-mapping", "name", "object-new", "unknown-tag"],
)
def test_python_tags_are_refused_and_never_run(tmp_path: Path, text: str) -> None:
    marker = tmp_path / "pwned"
    err = refused(text.format(marker=marker))
    assert err.line == 1
    assert err.message.startswith("tag ") and err.message.endswith(" is not supported")
    assert not marker.exists()


# ----------------------------------------------------------------------------- duplicate keys


@pytest.mark.parametrize(
    ("text", "line", "where"),
    [
        ("a: 1\nb: 2\na: 3\n", 3, "a"),
        ("a:\n  x: 1\n  x: 2\n", 3, "a.x"),
        ("list:\n  - {k: 1, k: 2}\n", 2, "list[0].k"),
        ("1: a\n'1': b\n", 2, "1"),
    ],
    ids=["top-level", "nested", "in-a-list", "int-and-string-spelling"],
)
def test_duplicate_keys_are_refused_naming_line_and_path(text: str, line: int, where: str) -> None:
    err = refused(text)
    assert "duplicate key" in err.message
    assert (err.line, err.path) == (line, where)


def test_duplicate_key_in_a_framework_names_the_framework(tmp_path: Path) -> None:
    path = tmp_path / "fw.yaml"
    path.write_text(FRAMEWORK.replace("total: 10\n", "total: 10\ntotal: 100\n"), "utf-8")
    with pytest.raises(FrameworkError) as caught:
        perfscore.load_framework(path)
    assert (caught.value.file, caught.value.line) == (str(path), 5)
    assert "duplicate key 'total' (first at line 4)" in caught.value.message


def test_duplicate_key_in_a_record_is_a_data_error(tmp_path: Path) -> None:
    path = tmp_path / "record.yaml"
    path.write_text("values:\n  预算数: 100\n  预算数: 1\n", "utf-8")
    with pytest.raises(DataError) as caught:
        perfscore.load_record(path)
    assert (caught.value.file, caught.value.line) == (str(path), 3)


def test_merge_keys_still_work_and_explicit_keys_override() -> None:
    doc = parse_yaml("base: &b {x: 1, y: 2}\nc:\n  <<: *b\n  x: 3\n", "m.yaml")
    assert doc.data["c"] == {"x": 3, "y": 2}
    assert doc.line_of(("c", "x")) == 4


def test_merge_of_a_scalar_is_refused() -> None:
    assert "can only merge mappings" in refused("a: &a 1\nb:\n  <<: *a\n").message


# ----------------------------------------------------------------------------- alias bombs


def test_billion_laughs_is_refused_before_expanding() -> None:
    err = refused(billion_laughs())
    assert f"aliases would expand to more than {MAX_NODES} values" in err.message
    assert err.line is not None and 1 <= err.line <= 9


def test_billion_laughs_in_a_framework_file(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(FRAMEWORK + billion_laughs(), "utf-8")
    with hang_guard(), pytest.raises(FrameworkError) as caught:
        perfscore.load_framework(path)
    assert caught.value.file == str(path)
    assert "refusing to expand" in caught.value.message


def test_a_bomb_inside_merge_keys_is_refused() -> None:
    text = "a0: &a0 {k0: 1, k1: 2}\n"
    for n in range(1, 30):
        text += f"a{n}: &a{n} {{x: [*a{n - 1}, *a{n - 1}]}}\n"
    assert "refusing to expand" in refused(text).message


def test_an_alias_containing_itself_is_refused() -> None:
    assert "contains it" in refused("a: &a [1, *a]\n").message
    assert "contains it" in refused("a: &a {b: *a}\n").message


def test_undefined_alias_and_reused_anchor_are_refused() -> None:
    assert "refers to no anchor" in refused("a: *nowhere\n").message
    assert "defined twice" in refused("a: &x 1\nb: &x 2\n").message


def test_aliases_within_the_bound_expand() -> None:
    doc = parse_yaml(billion_laughs(levels=3, width=3), "small.yaml")
    assert doc.data["a2"] == [[["lol"] * 3] * 3] * 3


# ----------------------------------------------------------------------------- size and depth


def test_too_many_values_are_refused_while_reading() -> None:
    err = refused("".join("- 1\n" for _ in range(MAX_NODES + 10)))
    assert f"more than {MAX_NODES} values" in err.message
    assert err.line is not None and err.line <= MAX_NODES + 1


@pytest.mark.parametrize(
    "text",
    ["[" * 10_000 + "]" * 10_000, "a:\n" + "".join("  " * i + "- \n" for i in range(1, 300))],
    ids=["flow", "block"],
)
@pytest.mark.parametrize("parser", ["default", "pure-python"])
def test_deep_nesting_is_refused(text: str, parser: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # libyaml refuses more than 1000 flow levels in its own words before the composer sees the
    # depth; perfscore's message must be the same whichever parser PyYAML has
    if parser == "pure-python":
        monkeypatch.setattr(yamlio, "_LOADER", yamlio._DepthScanner)
    err = refused(text)
    assert f"nested deeper than {MAX_DEPTH} levels" in err.message
    assert err.line is not None


@pytest.mark.parametrize("parser", ["default", "pure-python"])
def test_flow_nesting_bound_is_exact_and_reads_yaml_like_the_parser(
    parser: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if parser == "pure-python":
        monkeypatch.setattr(yamlio, "_LOADER", yamlio._DepthScanner)
    # MAX_DEPTH levels are read, one more is refused on the line that opens it
    inner = "[" * (MAX_DEPTH - 1) + "1" + "]" * (MAX_DEPTH - 1)
    assert parse_yaml(f"x: {inner}\n", "ok.yaml").data is not None
    for deep in (MAX_DEPTH, 5_000):
        err = refused("a: 1\nb: '[[[['\nx:\n  " + "[" * deep + "1" + "]" * deep + "\n")
        assert f"nested deeper than {MAX_DEPTH} levels" in err.message
        assert err.line == 4
    # brackets in quotes, comments and block scalars are text, not nesting
    brackets = "[{" * 1_000
    text = (
        f"a: '{brackets}'\n"
        f'b: "{brackets}"\n'
        f"c: |\n  {brackets}\n"
        f"d: x # {brackets}\n"
        f"e: [1, '{brackets}', {{k: \"{brackets}\"}}]\n"
    )
    data = parse_yaml(text, "ok.yaml").data
    assert data["a"] == data["b"] == brackets
    assert data["c"] == brackets + "\n"
    assert data["d"] == "x"
    assert data["e"] == [1, brackets, {"k": brackets}]
    # a text refused for another reason keeps that reason
    assert "not valid YAML" in refused("a: [" + "[" * 10 + "\n").message


def test_deep_nesting_through_aliases_is_refused() -> None:
    text = "a0: &a0 [x]\n" + "".join(f"a{n}: &a{n} [*a{n - 1}]\n" for n in range(1, 100))
    assert f"deeper than {MAX_DEPTH}" in refused(text).message


def test_file_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"# " + b"x" * MAX_FILE_BYTES + b"\n")
    with pytest.raises(FrameworkError) as caught:
        read_yaml(path, FrameworkError)
    assert caught.value.file == str(path)
    assert f"larger than {MAX_FILE_BYTES} bytes" in caught.value.message


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_an_endless_file_is_read_only_up_to_the_limit() -> None:
    with hang_guard(), pytest.raises(DataError) as caught:
        perfscore.load_record("/dev/zero")
    assert "larger than" in caught.value.message


def test_long_numbers_are_refused_before_conversion() -> None:
    err = refused("x: " + "1" * 5000 + "\n")
    assert f"5000 characters; the limit is {MAX_NUMBER_CHARS}" in err.message
    sexagesimal = refused("x: " + ":".join(["59"] * 5000) + "\n")
    assert "characters; the limit is" in sexagesimal.message


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("d: 2020-13-45\n", "cannot read the value '2020-13-45'"),
        ("a: 1\n---\nb: 2\n", "a single YAML document"),
        ("a: [1, 2\n", "not valid YAML"),
        ("? [a, b]\n: 1\n", "mapping keys must be plain scalars"),
        ("a: !!set {x}\n", "not supported"),
    ],
    ids=["bad-date", "two-documents", "unclosed", "complex-key", "collection-tag"],
)
def test_other_bad_yaml_is_a_clear_error(text: str, fragment: str) -> None:
    assert fragment in refused(text).message


def test_text_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "gbk.yaml"
    path.write_bytes("名称: 预算".encode("gbk"))
    with pytest.raises(FrameworkError, match="not UTF-8"):
        read_yaml(path, FrameworkError)


# ----------------------------------------------------------------------------- JSON records


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('{"values": {"a": 1, "a": 2}}', "duplicate key 'a'"),
        ('{"values": {"a": NaN}}', "NaN is not a JSON number"),
        ('{"values": {"a": -Infinity}}', "-Infinity is not a JSON number"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"values": ', "not valid JSON"),
    ],
    ids=["duplicate-key", "nan", "infinity", "deep", "truncated"],
)
def test_bad_json_records(tmp_path: Path, text: str, fragment: str) -> None:
    path = tmp_path / "record.json"
    path.write_text(text, "utf-8")
    with hang_guard(), pytest.raises(DataError) as caught:
        perfscore.load_record(path)
    assert fragment in caught.value.message
    assert caught.value.file == str(path)


def test_good_json_record(tmp_path: Path) -> None:
    path = tmp_path / "record.json"
    path.write_text(json.dumps({"values": {"预算数": 100}}, ensure_ascii=False), "utf-8")
    assert read_json(path)["values"] == {"预算数": 100}
    assert perfscore.load_record(path).values == {"预算数": 100}
