"""Every code block in README.md and docs/**/*.md is tested, or marked as illustrative.

The blocks are found by markdown-it-py (fenced and indented code blocks, inside lists too).
How a block is treated depends on an HTML comment on the line right before its opening fence,
and otherwise on its language (the fence's info string).

Markers (one comment, on the line directly above the fence):

    <!-- illustrative: REASON -->        not run; the reason is required (a fragment, a synopsis,
                                         a command that installs packages or needs files the
                                         repository does not hold, a run of minutes ...)
    <!-- file: PATH -->                  the block is the whole file PATH (from the repository root)
    <!-- excerpt: PATH -->               the block appears, verbatim, in the file PATH
    <!-- output: COMMAND -->             the block is what COMMAND prints (run as a console line,
                                         below; `...` elides)
    <!-- checked: tests/FILE.py::NAME --> a dedicated test checks the block (it must exist)
    <!-- fragment: rule -->              a leaf's `rule: {...}`: built into a one-leaf framework
                                         (weight 10, unit %), so its kind and parameters are valid

Without a marker, by language:

python   The blocks of one page run in order in one namespace, so a page's later blocks may use
         what its earlier ones defined; the working directory is the repository root. A line
         `EXPRESSION  # -> EXPECTED` asserts that repr(EXPRESSION) is EXPECTED, where `...`
         stands for any text (doctest's ELLIPSIS); `# -> EXPECTED` on a line of its own is about
         the expression statement that ends on the line above. Other comments are not checked,
         and a `# ->` that no expression statement ends at fails the test.
console, sh, shell, bash
         Lines starting with `$ ` are commands (a trailing `\\` continues one), run by bash, one
         shell per block, so `$ echo $?` shows the previous command's exit status. The lines that
         follow a command, up to the next `$ `, are its expected output: stdout and stderr
         together, compared line by line after trailing spaces are dropped; `...` stands for any
         text, within a line or over several lines (doctest's ELLIPSIS). Commands run with the
         virtual environment's bin directory first on PATH (`perfscore`, `python` are its own), in
         a scratch directory that mirrors the repository's top level through symbolic links:
         paths read as from the repository root, and files a command writes land in the scratch
         directory. A shell block without a `$ ` line needs a marker.
yaml     A framework (top-level `indicators` or `extends`) is saved in a scratch directory, so
         outside perfscore/frameworks/, and loaded with perfscore.load_framework (schema, build,
         extends by name); a record (only record keys: `values`, `reported` ...) is loaded with
         perfscore.load_record. Anything else (a fragment) needs a marker.
json     parsed with json.loads.
other    (text, markdown, no language) needs a marker.
"""

from __future__ import annotations

import ast
import doctest
import io
import json
import os
import re
import subprocess
import sys
import tokenize
from collections.abc import Iterator
from contextlib import redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import processes
import pytest
from markdown_it import MarkdownIt

import perfscore
from perfscore.framework import build_framework
from perfscore.yamlio import parse_yaml

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
SHELLS = {"console", "sh", "shell", "bash"}
MARKER = re.compile(r"^\s*<!--\s*([a-z-]+)\s*:\s*(.*?)\s*-->\s*$")
MARKERS = {"illustrative", "file", "excerpt", "output", "checked", "fragment"}
RECORD_KEYS = {
    "id",
    "title",
    "framework",
    "source",
    "notes",
    "values",
    "external_scores",
    "reported",
    "report",
}
EXPECT = re.compile(r"#\s*->\s?(.*)$")
SENTINEL = "@@perfscore-doc-block-command@@"
CHECKER = doctest.OutputChecker()


@dataclass(frozen=True)
class Block:
    page: Path
    line: int  # 1-based line of the opening fence
    language: str
    text: str
    marker: str | None
    argument: str

    @property
    def where(self) -> str:
        page = self.page.relative_to(ROOT) if self.page.is_relative_to(ROOT) else self.page
        return f"{page}:{self.line}"


def page_blocks(page: Path) -> list[Block]:
    source = page.read_text(encoding="utf-8")
    lines = source.splitlines()
    found = []
    for token in MarkdownIt("commonmark").parse(source):
        if token.type not in ("fence", "code_block") or token.map is None:
            continue
        start = token.map[0]
        marker, argument = None, ""
        if start > 0 and (m := MARKER.match(lines[start - 1])):
            marker, argument = m.group(1), m.group(2)
        language = token.info.split()[0].lower() if token.info.strip() else ""
        found.append(Block(page, start + 1, language, token.content, marker, argument))
    return found


BLOCKS = [block for page in PAGES for block in page_blocks(page)]


def _ids(value: object) -> str:
    return value.where if isinstance(value, Block) else str(value)


# ----------------------------------------------------------------------------- matching output


def _normal(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines()) + "\n"


def assert_output(expected: str, actual: str, where: str, what: str) -> None:
    want, got = _normal(expected), _normal(actual)
    if not CHECKER.check_output(want, got, doctest.ELLIPSIS):
        pytest.fail(f"{where}: {what}\n--- the doc shows:\n{want}--- it printed:\n{got}")


# ----------------------------------------------------------------------------- console


@dataclass(frozen=True)
class Command:
    line: str
    expected: str


def parse_console(text: str) -> list[Command]:
    commands: list[Command] = []
    current: list[str] | None = None
    expected: list[str] = []
    continuing = False
    for raw in text.splitlines():
        if continuing and current is not None:
            current.append(raw)
            continuing = raw.endswith("\\")
        elif raw.startswith("$ "):
            if current is not None:
                commands.append(Command("\n".join(current), "\n".join(expected)))
            current, expected = [raw[2:]], []
            continuing = raw.endswith("\\")
        elif current is None:
            if raw.strip():
                return []  # not a console transcript: the block needs a marker
        else:
            expected.append(raw)
    if current is not None:
        commands.append(Command("\n".join(current), "\n".join(expected)))
    return commands


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory that looks like the repository root but keeps what commands write."""
    here = tmp_path_factory.mktemp("docs-scratch")
    for entry in ROOT.iterdir():
        if entry.name not in {".git", ".venv", ".venv-latest"}:
            (here / entry.name).symlink_to(entry)
    return here


def run_console(commands: list[Command], scratch: Path, where: str) -> None:
    script = []
    for command in commands:
        script.append(f"__status=$?; printf '\\n%s\\n' '{SENTINEL}'; (exit $__status)")
        script.append(command.line)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["COLUMNS"] = "80"
    done = processes.run(
        ["bash", "-c", "\n".join(script)],
        cwd=scratch,
        env=env,
        stdin=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        text=False,
        timeout=240,
    )
    output = done.stdout.decode("utf-8", errors="replace")
    pieces = output.split(f"\n{SENTINEL}\n")[1:]
    assert len(pieces) == len(commands), f"{where}: the shell stopped early:\n{output}"
    for command, piece in zip(commands, pieces, strict=True):
        assert_output(command.expected, piece, where, f"$ {command.line}")


# ----------------------------------------------------------------------------- python


def run_python(block: Block, namespace: dict[str, Any]) -> None:
    expectations: dict[int, str] = {}
    for token in tokenize.generate_tokens(io.StringIO(block.text).readline):
        if token.type == tokenize.COMMENT and (m := EXPECT.match(token.string)):
            line = token.start[0]
            if not token.line[: token.start[1]].strip():
                line -= 1  # on a line of its own: about the statement that ends just above
            expectations[line] = m.group(1).strip()
    tree = ast.parse(block.text)
    filename = block.where.rpartition(":")[0]
    for statement in tree.body:
        line = statement.end_lineno or statement.lineno
        ast.increment_lineno(statement, block.line)
        if isinstance(statement, ast.Expr) and line in expectations:
            code = compile(ast.Expression(statement.value), filename, "eval")
            value = eval(code, namespace)
            where = f"{filename}:{block.line + line}"
            assert_output(expectations.pop(line), repr(value), where, "the value after `# ->`")
        else:
            exec(compile(ast.Module([statement], []), filename, "exec"), namespace)
    assert not expectations, (
        f"{block.where}: `# ->` on lines {sorted(expectations)} of the block, which end no "
        "expression statement: nothing would check them"
    )


def _python_pages() -> Iterator[tuple[Path, list[Block]]]:
    for page in PAGES:
        blocks = [b for b in BLOCKS if b.page == page and b.marker is None]
        python = [b for b in blocks if b.language == "python"]
        if python:
            yield page, python


# ----------------------------------------------------------------------------- yaml


def yaml_kind(block: Block) -> str | None:
    try:
        data = parse_yaml(block.text, block.where).data
    except perfscore.PerfscoreError:
        return None  # not YAML on its own (a fragment with `…`): it needs a marker
    if not isinstance(data, dict):
        return None
    if "indicators" in data or "extends" in data:
        return "framework"
    if set(data) <= RECORD_KEYS and {"values", "external_scores", "reported"} & set(data):
        return "record"
    return None


def handled(block: Block) -> str | None:
    """How the harness checks a block without a marker, or None when it cannot."""
    if block.language == "python":
        return "python"
    if block.language in SHELLS:
        return "console" if parse_console(block.text) else None
    if block.language == "yaml":
        return yaml_kind(block)
    if block.language == "json":
        return "json"
    return None


# ----------------------------------------------------------------------------- the harness itself


def test_the_harness_reads_markers_languages_and_lines(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "# T\n\n<!-- illustrative: a fragment -->\n```yaml\nrule: {kind: count}\n```\n\n"
        "- item\n\n  ```sh\n  perfscore lint x\n  ```\n\n```python\n1 + 1  # -> 3\n```\n",
        encoding="utf-8",
    )
    fragment, listed, python = page_blocks(page)
    assert (fragment.marker, fragment.argument, fragment.line) == ("illustrative", "a fragment", 4)
    assert (listed.language, listed.text, listed.marker) == ("sh", "perfscore lint x\n", None)
    assert handled(listed) is None  # a shell block without `$ ` needs a marker
    assert handled(python) == "python"
    with pytest.raises(pytest.fail.Exception, match="the value after"):
        run_python(python, {})


def test_console_transcripts_split_into_commands_and_outputs() -> None:
    commands = parse_console("$ echo a \\\n  b\na b\n$ true\n")
    assert commands == [Command("echo a \\\n  b", "a b"), Command("true", "")]
    assert parse_console("perfscore lint x\n") == []


def test_shown_output_allows_ellipses_and_nothing_else() -> None:
    assert_output("总分：...\n...\nend", "总分：99\nmiddle\nmore\nend  \n", "x", "y")
    with pytest.raises(pytest.fail.Exception, match="the doc shows"):
        assert_output("总分：98", "总分：99", "x", "y")


# ----------------------------------------------------------------------------- the tests


def test_the_harness_finds_the_blocks() -> None:
    assert len(BLOCKS) > 50
    assert {b.language for b in BLOCKS} >= {"python", "sh", "yaml", "json"}


def test_every_block_is_tested_or_marked_illustrative() -> None:
    problems = [
        f"{b.where}: unknown marker <!-- {b.marker}: -->; known: {', '.join(sorted(MARKERS))}"
        for b in BLOCKS
        if b.marker is not None and b.marker not in MARKERS
    ]
    problems += [
        f"{b.where}: an ```{b.language or '(no language)'} block the harness cannot run; "
        "make it runnable, or mark it <!-- illustrative: why --> on the line before the fence"
        for b in BLOCKS
        if b.marker is None and handled(b) is None
    ]
    problems += [
        f"{b.where}: <!-- illustrative: --> needs a reason"
        for b in BLOCKS
        if b.marker == "illustrative" and len(b.argument) < 8
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("block", [b for b in BLOCKS if b.marker == "file"], ids=_ids)
def test_a_file_block_is_the_file(block: Block) -> None:
    path = ROOT / block.argument
    assert path.is_file(), f"{block.where}: no file {block.argument}"
    assert block.text == path.read_text(encoding="utf-8"), (
        f"{block.where}: the block differs from {block.argument}: paste the file again"
    )


@pytest.mark.parametrize("block", [b for b in BLOCKS if b.marker == "excerpt"], ids=_ids)
def test_an_excerpt_is_in_its_file(block: Block) -> None:
    path = ROOT / block.argument
    assert path.is_file(), f"{block.where}: no file {block.argument}"
    assert block.text in path.read_text(encoding="utf-8"), (
        f"{block.where}: the block is not (any longer) part of {block.argument}"
    )


@pytest.mark.parametrize("block", [b for b in BLOCKS if b.marker == "checked"], ids=_ids)
def test_a_checked_block_names_a_test_that_exists(block: Block) -> None:
    file, _, name = block.argument.partition("::")
    path = ROOT / file
    assert path.is_file() and name.startswith("test_"), f"{block.where}: {block.argument}?"
    assert f"\ndef {name}(" in path.read_text(encoding="utf-8"), (
        f"{block.where}: {file} has no test {name}"
    )


LEAF = """\
id: fragment
name: 片段
version: "1"
total: 10
precision: 2
grades: [{name: 合格, min: 0}]
indicators:
  - code: X1
    name: 示例
    weight: 10
    unit: "%"
    input: 值
"""


@pytest.mark.parametrize("block", [b for b in BLOCKS if b.marker == "fragment"], ids=_ids)
def test_a_rule_fragment_builds(block: Block) -> None:
    assert block.argument == "rule", f"{block.where}: only `<!-- fragment: rule -->` is known"
    assert block.text.startswith("rule:"), f"{block.where}: not a `rule:` fragment"
    rule = "".join(f"    {line}\n" for line in block.text.splitlines())
    fw = build_framework(parse_yaml(LEAF + rule, block.where))
    assert fw["X1"].rule is not None, block.where


def test_a_rule_fragment_with_a_wrong_parameter_fails(tmp_path: Path) -> None:
    page = tmp_path / "rules.md"
    page.write_text(
        "<!-- fragment: rule -->\n```yaml\nrule: {kind: deduction, bound: 100, side: up}\n```\n",
        encoding="utf-8",
    )
    (block,) = page_blocks(page)
    with pytest.raises(perfscore.FrameworkError):
        test_a_rule_fragment_builds(block)


@pytest.mark.parametrize("block", [b for b in BLOCKS if b.marker == "output"], ids=_ids)
def test_a_shown_output_is_what_the_command_prints(block: Block, scratch: Path) -> None:
    run_console([Command(block.argument, block.text)], scratch, block.where)


@pytest.mark.parametrize(
    "block", [b for b in BLOCKS if b.marker is None and handled(b) == "console"], ids=_ids
)
def test_console_blocks_print_what_they_show(block: Block, scratch: Path) -> None:
    run_console(parse_console(block.text), scratch, block.where)


@pytest.mark.parametrize(
    ("page", "blocks"),
    list(_python_pages()),
    ids=[str(p.relative_to(ROOT)) for p, _ in _python_pages()],
)
def test_python_blocks_run_and_give_what_they_show(
    page: Path, blocks: list[Block], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    rules = dict(perfscore.RULES)
    namespace: dict[str, Any] = {"__name__": f"docs_{page.stem.replace('-', '_')}"}
    try:
        with redirect_stdout(io.StringIO()):
            for block in blocks:
                run_python(block, namespace)
    finally:
        perfscore.RULES.clear()
        perfscore.RULES.update(rules)


@pytest.mark.parametrize(
    "block", [b for b in BLOCKS if b.marker is None and handled(b) == "framework"], ids=_ids
)
def test_framework_blocks_load_outside_the_bundled_folder(block: Block, tmp_path: Path) -> None:
    path = tmp_path / "framework.yaml"
    path.write_text(block.text, encoding="utf-8")
    fw = perfscore.load_framework(path)
    assert fw.indicators, block.where


@pytest.mark.parametrize(
    "block", [b for b in BLOCKS if b.marker is None and handled(b) == "record"], ids=_ids
)
def test_record_blocks_load(block: Block, tmp_path: Path) -> None:
    path = tmp_path / "record.yaml"
    path.write_text(block.text, encoding="utf-8")
    record = perfscore.load_record(path)
    assert record.values or record.reported or record.external_scores, block.where


@pytest.mark.parametrize(
    "block", [b for b in BLOCKS if b.marker is None and handled(b) == "json"], ids=_ids
)
def test_json_blocks_parse(block: Block) -> None:
    for line in [block.text] if block.text.lstrip().startswith("{\n") else block.text.splitlines():
        if line.strip():
            assert isinstance(json.loads(line), dict), block.where
