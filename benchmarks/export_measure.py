"""How much of a framework the printed indicator table says by itself: every bundled framework
(and tests/property-frameworks/) exported without its machine-readable part, imported again,
and compared leaf by leaf with the framework. Prints the figures recorded in docs/authoring.md.

    python3 benchmarks/export_measure.py

A leaf is *equal* when the rule read from the printed 评分标准 has the framework's kind and
parameters (import_measure.canonical, a band's share of the weight counted as its points);
*flagged* when the import lists a finding or a default for it; *wrong and unflagged* when it is
neither. With the machine-readable part (the default of `perfscore export`) every leaf is equal:
tests/test_export.py asserts it.
"""

from __future__ import annotations

import sys
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import import_measure  # noqa: E402

import perfscore  # noqa: E402
from perfscore.exporting import export_table  # noqa: E402
from perfscore.importing import import_table  # noqa: E402

FOLDERS = ("perfscore/frameworks", "tests/property-frameworks")


def same_rule(read: dict[str, Any], declared: dict[str, Any], weight: Decimal) -> bool:
    canonical = import_measure.canonical
    return bool(canonical(read, weight) == canonical(declared, weight))


def measure(path: Path, suffix: str, folder: Path) -> tuple[int, int, int, list[str]]:
    fw = perfscore.load_framework(path)
    out = folder / f"{path.stem}{suffix}"
    out.write_bytes(export_table(fw, suffix, machine=False))
    result = import_table(out)
    equal = flagged = 0
    wrong: list[str] = []
    for leaf in result.leaves:
        node = fw[leaf.code]
        weight = import_measure._number(node.weight)
        declared = node.rule.spec if node.rule is not None and not node.rows else {}
        same = bool(declared) and same_rule(leaf.reading.rule, declared, weight)
        equal += same
        flagged += leaf.reading.flagged
        if not same and not leaf.reading.flagged:
            wrong.append(f"{leaf.code}: {leaf.reading.rule} ≠ {declared or 'rows'}")
    return len(result.leaves), equal, flagged, wrong


def main() -> None:
    print("| framework | leaves | equal | flagged | wrong, not flagged |")
    print("|---|---|---|---|---|")
    totals = [0, 0, 0, 0]
    with tempfile.TemporaryDirectory() as scratch:
        for folder in FOLDERS:
            for path in sorted((ROOT / folder).glob("*.yaml")):
                figures = {s: measure(path, s, Path(scratch)) for s in (".xlsx", ".docx", ".csv")}
                leaves, equal, flagged, wrong = figures[".xlsx"]
                assert all(f[:3] == (leaves, equal, flagged) for f in figures.values())
                print(f"| {path.stem} | {leaves} | {equal} | {flagged} | {len(wrong)} |")
                for line in wrong:
                    print(f"|   {line} | | | | |")
                for i, n in enumerate((leaves, equal, flagged, len(wrong))):
                    totals[i] += n
    leaves, equal, flagged, wrong_n = totals
    print(
        f"| all | {leaves} | {equal} ({equal / leaves:.1%}) | {flagged} ({flagged / leaves:.1%})"
        f" | {wrong_n} |"
    )


if __name__ == "__main__":
    main()
