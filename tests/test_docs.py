"""The documentation cannot drift from the code: every rule kind is documented and has a schema
entry, the worked example in docs/framework-format.md is the real file and the real output, the
custom-kind example in docs/rules.md runs, and docs/api.md names every public name."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import perfscore
from perfscore.cli import main
from perfscore.framework import build_framework
from perfscore.schema import framework_schema
from perfscore.yamlio import parse_yaml

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def _blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```$", text, re.MULTILINE | re.DOTALL)


# ----------------------------------------------------------------------------- rules


def test_every_rule_kind_has_a_section_in_rules_md() -> None:
    headings = set(re.findall(r"^## (\S+)", (DOCS / "rules.md").read_text(encoding="utf-8"), re.M))
    missing = sorted(set(perfscore.RULES) - headings)
    assert not missing, f"docs/rules.md has no '## <kind>' section for {missing}"


def _kinds_admitted(definition: dict[str, Any]) -> set[str]:
    kind = definition.get("properties", {}).get("kind", {})
    if "const" in kind:
        return {kind["const"]}
    return set(kind.get("enum", []))


def test_every_rule_kind_has_a_schema_definition() -> None:
    schema = framework_schema()
    defs = schema["$defs"]
    routed: dict[str, str] = {}
    for branch in defs["rule"]["allOf"]:
        kind = branch.get("if", {}).get("properties", {}).get("kind", {}).get("const")
        ref = branch.get("then", {}).get("$ref", "")
        if kind and ref.startswith("#/$defs/"):
            routed[kind] = ref.removeprefix("#/$defs/")
    for kind in perfscore.RULES:
        assert kind in routed, f"$defs/rule does not route kind {kind!r} to a definition"
        name = routed[kind]
        assert name in defs and name.startswith("rule_"), name
        assert kind in _kinds_admitted(defs[name]), f"$defs/{name} does not admit {kind!r}"


def test_the_custom_kind_example_runs() -> None:
    text = (DOCS / "rules.md").read_text(encoding="utf-8")
    (source,) = [b for b in _blocks(text, "python") if "@perfscore.register" in b]
    assert "tiers" not in perfscore.RULES
    try:
        exec(compile(source, "docs/rules.md", "exec"), {"__name__": "docs_rules_example"})
        rule_line = next(b for b in _blocks(text, "yaml") if "kind: tiers" in b).strip()
        fw_text = (
            "id: tiers-demo\nname: 分档示例\nversion: '1'\ntotal: 5\nprecision: 2\n"
            "grades: [{name: 合格, min: 0}]\n"
            "indicators:\n  - code: X1\n    name: 完成率\n    weight: 5\n    unit: '%'\n"
            f"    {rule_line}\n"
        )
        fw = build_framework(parse_yaml(fw_text, "tiers.yaml"))
        got = [fw.evaluate({"X1": v})["X1"].score for v in ("96%", "92%", "80%")]
        assert got == [Decimal(5), Decimal(3), Decimal(0)]  # as the doc says
        assert not fw.findings
    finally:
        perfscore.RULES.pop("tiers", None)


# ----------------------------------------------------------------------------- framework format


def test_the_worked_example_is_the_real_file_and_output(
    capsys: pytest.CaptureFixture[str],
) -> None:
    text = (DOCS / "framework-format.md").read_text(encoding="utf-8")
    yaml_blocks = _blocks(text, "yaml")
    example = DOCS / "example"
    assert yaml_blocks[0] == (example / "framework.yaml").read_text(encoding="utf-8")
    assert yaml_blocks[1] == (example / "record.yaml").read_text(encoding="utf-8")
    command = "perfscore score docs/example/framework.yaml docs/example/record.yaml"
    assert f"```sh\n{command}\n```" in text
    assert main(command.split()[1:]) == 0
    output = capsys.readouterr().out
    (shown,) = _blocks(text, "markdown")
    assert shown == output, "docs/framework-format.md shows outdated output: paste the new one"


def test_the_format_doc_mentions_every_schema_field() -> None:
    text = (DOCS / "framework-format.md").read_text(encoding="utf-8")
    schema = framework_schema()
    fields = set(schema["properties"])
    fields |= set(schema["$defs"]["indicator"]["properties"])
    fields |= set(schema["$defs"]["input"]["properties"])
    fields |= set(schema["$defs"]["derived"]["properties"])
    missing = sorted(f for f in fields if f"`{f}`" not in text)
    assert not missing, f"docs/framework-format.md does not describe {missing}"
    assert "perfscore/schema/framework.schema.json" in text


# ----------------------------------------------------------------------------- api


def test_api_doc_names_every_public_name() -> None:
    text = (DOCS / "api.md").read_text(encoding="utf-8")
    missing = sorted(name for name in perfscore.__all__ if f"`{name}" not in text)
    assert not missing, f"docs/api.md does not document {missing}"
