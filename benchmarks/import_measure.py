"""How well `perfscore import` reads the source documents' tables: each fixture built by
benchmarks/import_fixtures.py imported and compared, leaf by leaf, with the framework encoded by
hand in perfscore/frameworks/. Prints the figures recorded in docs/authoring.md.

    python3 benchmarks/import_measure.py

A leaf's rule *equals* the hand-encoded one when the kind and every parameter agree, a parameter
left out counting as its default (a deduction's `step` 1, a threshold's `pass` the weight, a
judgment's range [0, weight]); a checklist compares its mode and each item's points (the ids and
the 要点's wording are names, not parameters), a veto its inner rule. A leaf is *flagged* when the
import lists a finding or a default for it; *wrong and unflagged* when it differs from the hand
encoding and the import said nothing. Leaves are paired by name, in the table's order.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from perfscore.importing import import_table  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "import"
#: fixture → the bundled framework encoded by hand from the same table
PAIRS = (
    ("xundian-2023-fu3.docx", "xundian-2023"),
    ("department-common-fu1.xlsx", "department-common"),
    ("project-common-fu4-1.docx", "project-common"),
)


def _number(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        return value
    try:
        return Decimal(str(value)).normalize()
    except ArithmeticError:
        return value


def canonical(rule: dict[str, Any], weight: Decimal) -> Any:
    """The rule's kind and parameters, defaults written out (module docstring)."""
    kind = rule["kind"]
    if kind == "veto":
        return ("veto", canonical(rule["rule"], weight))
    if kind == "tiers":  # a band's share of the weight counted as its points
        rule = {**rule, "bands": [_band(band, weight) for band in rule["bands"]]}
    params = {k: _number(v) for k, v in rule.items() if k not in ("kind", "items", "note")}
    if kind == "checklist":
        each = _number(rule.get("points", weight))
        params["items"] = tuple(_number(i.get("points", each)) for i in rule["items"])
        params.pop("points", None)
    defaults = {"deduction": {"step": 1, "full": weight}, "threshold": {"pass": weight, "fail": 0},
                "judgment": {"min": 0, "max": weight}, "external": {"min": 0, "max": weight},
                "linear": {"full": weight}, "proportional": {"target": 100, "full": weight},
                "checklist": {"full": weight}}.get(kind, {})
    for key, value in defaults.items():
        if params.get(key, _number(value)) == _number(value):
            params.pop(key, None)
    if kind == "table" and "table" in params:
        params["table"] = tuple(tuple(_number(x) for x in row) for row in rule["table"])
    if kind == "piecewise":
        params["table"] = tuple(tuple(_number(x) for x in row) for row in rule["table"])
    return (kind, tuple(sorted((k, str(v)) for k, v in params.items())))


def _band(band: dict[str, Any], weight: Decimal) -> dict[str, Any]:
    band = dict(band)
    if "weight_fraction" in band:
        band["points"] = Decimal(str(band.pop("weight_fraction"))) * weight
    return {k: _number(v) for k, v in band.items()}


def _leaves(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for node in nodes:
        out += _leaves(node["children"]) if "children" in node else [node]
    return out


def _key(name: str) -> str:
    return re.sub(r"[\s“”\"]", "", name)


@dataclass
class Figures:
    table: str
    leaves: int
    equal: int
    flagged: int
    wrong_unflagged: list[str]
    unmatched: list[str]


def measure(fixture: str, framework: str) -> Figures:
    imported = import_table(FIXTURES / fixture)
    source = ROOT / "perfscore" / "frameworks" / f"{framework}.yaml"
    hand_doc = yaml.safe_load(source.read_text("utf-8"))
    hand = _leaves(hand_doc["indicators"])
    used: set[int] = set()
    equal = flagged = 0
    wrong: list[str] = []
    unmatched: list[str] = []
    for leaf in imported.leaves:
        match = next((i for i, h in enumerate(hand) if i not in used
                      and _key(h["name"]) == _key(leaf.name)), None)
        if match is None:
            unmatched.append(f"{leaf.code} {leaf.name}")
            continue
        used.add(match)
        weight = _number(hand[match]["weight"])
        same = canonical(leaf.reading.rule, weight) == canonical(hand[match]["rule"], weight)
        equal += same
        flagged += leaf.reading.flagged
        if not same and not leaf.reading.flagged:
            wrong.append(
                f"{hand[match]['code']} {leaf.name}: {leaf.reading.rule} ≠ {hand[match]['rule']}"
            )
    unmatched += [f"(hand) {h['code']} {h['name']}" for i, h in enumerate(hand) if i not in used]
    return Figures(fixture, len(hand), equal, flagged, wrong, unmatched)


def main() -> None:
    total = Figures("all", 0, 0, 0, [], [])
    for fixture, framework in PAIRS:
        f = measure(fixture, framework)
        print(
            f"{fixture} ↔ {framework}: {f.leaves} leaves, "
            f"equal {f.equal} ({f.equal / f.leaves:.0%}), "
            f"flagged {f.flagged} ({f.flagged / f.leaves:.0%}), "
            f"wrong and unflagged {len(f.wrong_unflagged)}"
        )
        for line in f.wrong_unflagged + f.unmatched:
            print("   ", line)
        total.leaves += f.leaves
        total.equal += f.equal
        total.flagged += f.flagged
        total.wrong_unflagged += f.wrong_unflagged
    print(f"all: {total.leaves} leaves, equal {total.equal} ({total.equal / total.leaves:.1%}), "
          f"flagged {total.flagged} ({total.flagged / total.leaves:.1%}), "
          f"wrong and unflagged {len(total.wrong_unflagged)}")


if __name__ == "__main__":
    main()
