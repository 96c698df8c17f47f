"""Plugins: rule kinds and DATA readers registered through entry points (perfscore.plugins).

End to end, the example package (examples/plugins/perfscore-example-rules) is made visible to a
child process by a fake distribution — a *.dist-info directory with its entry_points.txt — on
PYTHONPATH, as `pip install` would make it visible; the command line there loads it. The error
paths run in this process with `entry_points` replaced, the registries restored after each."""

from __future__ import annotations

import csv
import sys
import tomllib
from collections.abc import Iterator
from decimal import Decimal
from importlib.metadata import EntryPoint, distributions
from pathlib import Path

import pytest

import perfscore
from perfscore import plugins, readers
from perfscore.errors import DataError, FrameworkError, PluginError
from perfscore.framework import build_framework
from perfscore.schema import framework_schema
from perfscore.yamlio import parse_yaml
from tests.processes import run

# These tests check the English wording of perfscore's messages (tests/test_i18n.py checks
# the Chinese, the default).
pytestmark = pytest.mark.usefixtures("english")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "plugins" / "perfscore-example-rules"
EXAMPLE_ENTRY_POINTS = """\
[perfscore.rules]
per_item = perfscore_example_rules:PerItem

[perfscore.data_readers]
toml = perfscore_example_rules:read_toml
"""


def fake_distribution(
    folder: Path, entry_points: str, name: str = "perfscore-example-rules"
) -> Path:
    """A distribution importlib.metadata finds on sys.path: METADATA and entry_points.txt."""
    info = folder / f"{name.replace('-', '_')}-0.1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(entry_points, encoding="utf-8")
    return folder


def perfscore_cli(args: list[str], *paths: Path, cwd: Path = ROOT) -> tuple[int, str, str]:
    """`python -m perfscore ARGS` in a child whose PYTHONPATH holds `paths` first."""
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": ":".join([*map(str, paths), str(ROOT)])}
    env["PERFSCORE_LANG"] = "en"  # the wording these tests check
    done = run([sys.executable, "-m", "perfscore", *args], env=env, cwd=cwd)
    return done.returncode, done.stdout, done.stderr


# ----------------------------------------------------------------------------- end to end


def test_the_example_plugin_works_from_lint_score_and_batch(tmp_path: Path) -> None:
    site = fake_distribution(tmp_path / "site", EXAMPLE_ENTRY_POINTS)
    framework = str(EXAMPLE / "framework.yaml")
    code, out, err = perfscore_cli(["lint", framework], site, EXAMPLE)
    assert (code, err) == (0, "")
    assert out.endswith("0 error(s), 0 warning(s)\n")
    code, out, err = perfscore_cli(
        ["score", framework, str(EXAMPLE / "record.toml"), "-f", "json"], site, EXAMPLE
    )
    assert (code, err) == (0, "")
    assert '"total": 7.9,' in out  # 5 items × 0.5 = 2.5, and 108/120 × 6 = 5.4
    assert "完成5项，每项0.5分，得2.5分" in out
    table = tmp_path / "records.csv"
    table.write_text(
        "id,全年预算数,全年执行数,完成培训期数\na,100,100,9\nb,100,50,0\nc,100,100,two\n",
        encoding="utf-8",
    )
    results = tmp_path / "results.csv"
    code, out, err = perfscore_cli(
        ["batch", framework, str(table), "-o", str(results), "-j", "2", "--header", "codes"],
        site,
        EXAMPLE,
    )
    assert code == 1, err  # one record of three cannot be scored: exit 1, every row written
    with results.open(encoding="utf-8-sig") as f:
        rows = {row["id"]: row for row in csv.DictReader(f)}
    assert list(rows) == ["a", "b", "c"]
    assert rows["a"]["total"] == "10.00"  # 9 items, counted at most 8: 4 points, and 6
    assert rows["b"]["total"] == "3.00"
    assert "完成培训期数" in rows["c"]["error"]


def test_the_fake_distribution_declares_what_the_example_package_does(tmp_path: Path) -> None:
    project = tomllib.loads((EXAMPLE / "pyproject.toml").read_text(encoding="utf-8"))
    site = fake_distribution(tmp_path, EXAMPLE_ENTRY_POINTS)
    (dist,) = distributions(path=[str(site)])
    faked: dict[str, dict[str, str]] = {}
    for ep in dist.entry_points:
        faked.setdefault(ep.group, {})[ep.name] = ep.value
    assert faked == project["project"]["entry-points"]
    assert dist.metadata["Name"] == project["project"]["name"]


def test_without_the_plugin_its_kind_is_unknown() -> None:
    code, _, err = perfscore_cli(["lint", str(EXAMPLE / "framework.yaml")])
    assert code == 1
    assert "unknown rule kind 'per_item'" in err
    assert "Traceback" not in err


def test_a_plugins_options_schema_is_checked_with_file_and_line(tmp_path: Path) -> None:
    site = fake_distribution(tmp_path / "site", EXAMPLE_ENTRY_POINTS)
    text = (EXAMPLE / "framework.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("max_items: 8}", "max_items: 0}"), encoding="utf-8")
    code, out, _ = perfscore_cli(["lint", str(bad)], site, EXAMPLE)
    line = 1 + text.splitlines().index("    rule: {kind: per_item, points: 0.5, max_items: 8}")
    assert code == 1
    assert f"bad.yaml:{line}: A1: error [schema]: indicators.0.rule.max_items" in out


def test_a_broken_plugin_is_one_error_naming_its_entry_point(tmp_path: Path) -> None:
    site = fake_distribution(
        tmp_path / "site", "[perfscore.rules]\nbroken = no_such_module_here:Rule\n", "broken-kit"
    )
    code, out, err = perfscore_cli(["lint", "department-common"], site)
    assert code == 1
    assert out == ""
    (line,) = err.splitlines()  # one line, no traceback
    assert line.startswith(
        "perfscore: entry point broken = no_such_module_here:Rule (perfscore.rules, from "
        "broken-kit 0.1.0) cannot be loaded: ModuleNotFoundError: "
    )
    assert line.endswith("(插件无法加载)")


# ----------------------------------------------------------------------------- in this process


@pytest.fixture
def installed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[list[EntryPoint]]:
    """Entry points the test appends to, as `entry_points` then finds them; the rule kinds and
    readers registered meanwhile are dropped after."""
    found: list[EntryPoint] = []
    monkeypatch.setattr(
        plugins, "entry_points", lambda group: [ep for ep in found if ep.group == group]
    )
    monkeypatch.setattr(plugins, "_LOADED", None)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.syspath_prepend(str(EXAMPLE))
    kinds, suffixes, modules = set(perfscore.RULES), set(readers.READERS), set(sys.modules)
    try:
        yield found
    finally:
        for kind in set(perfscore.RULES) - kinds:
            del perfscore.RULES[kind]
        for suffix in set(readers.READERS) - suffixes:
            del readers.READERS[suffix]
        for name in set(sys.modules) - modules:  # the test's own modules, imported afresh next time
            del sys.modules[name]


def module(tmp_path: Path, name: str, source: str) -> None:
    (tmp_path / f"{name}.py").write_text(source, encoding="utf-8")


def rule_ep(name: str, value: str) -> EntryPoint:
    return EntryPoint(name, value, plugins.RULE_GROUP)


def reader_ep(name: str, value: str) -> EntryPoint:
    return EntryPoint(name, value, plugins.READER_GROUP)


def test_plugins_load_once_and_register_their_kind_and_reader(installed: list[EntryPoint]) -> None:
    installed += [
        rule_ep("per_item", "perfscore_example_rules:PerItem"),
        reader_ep("toml", "perfscore_example_rules:read_toml"),
    ]
    first = perfscore.load_plugins()
    assert [p.name for p in first] == ["per_item", "toml"]
    installed.append(rule_ep("late", "perfscore_example_rules:PerItem"))
    assert perfscore.load_plugins() == first  # once per process: the later entry is not read
    assert "per_item" in perfscore.RULES and ".toml" in readers.READERS
    record = perfscore.read_data(EXAMPLE / "record.toml")
    assert record.values["完成培训期数"] == 5
    assert isinstance(record.values["全年预算数"], str)
    assert "rule_per_item" in framework_schema()["$defs"]
    with pytest.raises(DataError, match=r"DATA may be .*, \.toml"):
        perfscore.read_data(EXAMPLE / "pyproject.txt")


def test_a_schema_route_appears_for_a_plugin_kind_only_while_it_is_registered(
    installed: list[EntryPoint],
) -> None:
    assert "rule_per_item" not in framework_schema()["$defs"]
    installed.append(rule_ep("per_item", "perfscore_example_rules:PerItem"))
    plugins.load_plugins()
    routes = [
        b["if"]["properties"]["kind"]["const"] for b in framework_schema()["$defs"]["rule"]["allOf"]
    ]
    assert routes.count("per_item") == 1


def _framework(rule: str) -> perfscore.Framework:
    text = (
        "id: demo\nname: 示例\nversion: '1'\ntotal: 4\nprecision: 2\n"
        "grades: [{name: 合格, min: 0}]\n"
        f"indicators:\n  - code: X1\n    name: 项数\n    weight: 4\n    rule: {rule}\n"
    )
    return build_framework(parse_yaml(text, "demo.yaml"))


@pytest.mark.parametrize(
    ("source", "value", "message"),
    [
        ("import nowhere_at_all\n", "m:K", "cannot be loaded: ModuleNotFoundError"),
        ("K = 3\n", "m:K", "3 is not a perfscore.Rule subclass"),
        ("K = 3\n", "m:Missing", "cannot be loaded: AttributeError"),
        ("raise RuntimeError('boom')\n", "m:K", "cannot be loaded: RuntimeError: boom"),
        (
            "from perfscore.rules.deduction import CountDeduction as K\n",
            "m:K",
            "the entry point's name must be the rule kind",
        ),
    ],
)
def test_a_rule_plugin_that_cannot_be_used_is_a_plugin_error(
    installed: list[EntryPoint], tmp_path: Path, source: str, value: str, message: str
) -> None:
    module(tmp_path, "m", source)
    installed.append(rule_ep("mine", value))
    with pytest.raises(PluginError, match="entry point mine = m:") as caught:
        plugins.load_plugins()
    assert message in str(caught.value)
    assert "from an unknown distribution" in str(caught.value)


KIND = """\
from decimal import Decimal
from perfscore.rules import Outcome, Rule

class K(Rule):
    kind = "{kind}"
    value_type = "count"
    options_schema = {schema}

    def score(self, value, ctx):
        if value == 7:
            raise ZeroDivisionError("seven")
        return Outcome(Decimal(value))

    def max_points(self):
        return self.weight
"""


def test_a_plugin_cannot_take_a_built_in_kind(installed: list[EntryPoint], tmp_path: Path) -> None:
    module(tmp_path, "m", KIND.format(kind="count", schema=None))
    installed.append(rule_ep("count", "m:K"))
    with pytest.raises(PluginError, match="rule kind 'count' is already registered"):
        plugins.load_plugins()
    assert perfscore.RULES["count"].__module__ == "perfscore.rules.deduction"


def test_a_plugins_options_schema_must_be_a_schema(
    installed: list[EntryPoint], tmp_path: Path
) -> None:
    module(tmp_path, "m", KIND.format(kind="mine", schema="{'properties': {'x': {'type': 5}}}"))
    installed.append(rule_ep("mine", "m:K"))
    with pytest.raises(PluginError, match="options_schema of kind 'mine' is not a valid JSON"):
        plugins.load_plugins()
    assert "mine" not in perfscore.RULES


def test_a_plugin_rule_that_fails_while_scoring_is_a_data_error(
    installed: list[EntryPoint], tmp_path: Path
) -> None:
    module(tmp_path, "m", KIND.format(kind="mine", schema=None))
    installed.append(rule_ep("mine", "m:K"))
    plugins.load_plugins()
    fw = _framework("{kind: mine}")
    assert fw.evaluate({"X1": 3}).total == Decimal(3)
    with pytest.raises(
        DataError,
        match=r"rule kind 'mine' of entry point mine = m:K .*"
        r"failed to score: ZeroDivisionError: seven",
    ) as caught:
        fw.evaluate({"X1": 7})
    assert caught.value.path == "X1"


def test_a_plugin_rule_that_fails_reading_its_options_is_a_framework_error(
    installed: list[EntryPoint], tmp_path: Path
) -> None:
    source = KIND.format(kind="mine", schema=None) + (
        "\n    def __init__(self, spec, build):\n        super().__init__(spec, build)\n"
        "        self.step = 1 / spec['step']\n"
    )
    module(tmp_path, "m", source)
    installed.append(rule_ep("mine", "m:K"))
    plugins.load_plugins()
    with pytest.raises(FrameworkError, match="failed to read its options: ZeroDivisionError"):
        _framework("{kind: mine, step: 0}")


def test_a_reader_plugin_cannot_take_a_read_suffix(
    installed: list[EntryPoint], tmp_path: Path
) -> None:
    module(tmp_path, "m", "def read(path):\n    return None\n")
    installed.append(reader_ep("csv", "m:read"))
    with pytest.raises(PluginError, match=r"\.csv files are read already"):
        plugins.load_plugins()


def test_a_reader_plugin_that_fails_or_returns_no_record_is_a_data_error(
    installed: list[EntryPoint], tmp_path: Path
) -> None:
    module(
        tmp_path, "m", "def broken(path):\n    raise KeyError(path)\n\ndef none(path):\n    pass\n"
    )
    installed += [reader_ep("broken", "m:broken"), reader_ep("none", "m:none")]
    plugins.load_plugins()
    (tmp_path / "a.broken").write_text("x", encoding="utf-8")
    (tmp_path / "a.none").write_text("x", encoding="utf-8")
    with pytest.raises(DataError, match=r"the reader of entry point broken = m:broken .* KeyError"):
        perfscore.read_data(tmp_path / "a.broken")
    with pytest.raises(DataError, match="returned NoneType, not a Record") as caught:
        perfscore.read_data(tmp_path / "a.none")
    assert caught.value.file == str(tmp_path / "a.none")
