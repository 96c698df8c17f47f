"""Golden files: the md and csv 评分表 and the 复核 text of every example report, byte for byte.

A change to the output shows up here as a diff to review. After an intended change, regenerate:

    PERFSCORE_UPDATE_GOLDEN=1 python3 -m pytest -q tests/test_golden.py

and commit tests/golden/ with the change. An example without golden files fails, with that
command in the message: every example in examples/ is checked, none silently passed over.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

import perfscore
from perfscore.reconcile import render_text
from perfscore.render import FORMATS

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("PERFSCORE_UPDATE_GOLDEN") == "1"
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def render(example: Path, fmt: str) -> bytes:
    record = perfscore.load_record(example.relative_to(ROOT))
    fw = perfscore.load_framework(record.framework or "department-common")
    if fmt == "reconcile.txt":
        return render_text(perfscore.reconcile(fw, record)).encode("utf-8")
    text = FORMATS[fmt](fw.evaluate(record))
    assert isinstance(text, str)
    return text.encode("utf-8")


GOLDEN_FORMATS = ("md", "csv", "reconcile.txt")


@pytest.mark.parametrize("fmt", GOLDEN_FORMATS)
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_golden(example: Path, fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # file names in findings are relative to the checkout
    golden = GOLDEN / f"{example.stem}.{fmt}"
    got = render(example, fmt)
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        golden.write_bytes(got)
        return
    if not golden.exists():
        pytest.fail(
            f"no golden file {os.path.relpath(golden, ROOT)} for {example.name}; create it with\n"
            "  PERFSCORE_UPDATE_GOLDEN=1 python3 -m pytest -q tests/test_golden.py\n"
            "check it by eye and commit it with the example"
        )
    expected = golden.read_bytes()
    if got != expected:
        got_lines = got.decode("utf-8").splitlines()
        want_lines = expected.decode("utf-8").splitlines()
        first = next(
            (i for i, (a, b) in enumerate(zip(got_lines, want_lines, strict=False)) if a != b),
            min(len(got_lines), len(want_lines)),
        )
        pytest.fail(
            f"{fmt} output of {example.name} differs from {golden.name} at line {first + 1}:\n"
            f"  got:      {got_lines[first] if first < len(got_lines) else '<end>'}\n"
            f"  expected: {want_lines[first] if first < len(want_lines) else '<end>'}\n"
            "If the change is intended: PERFSCORE_UPDATE_GOLDEN=1 pytest tests/test_golden.py"
        )


def test_hecheng_goldens_exist() -> None:
    """The example this issue was built on always has its golden files."""
    assert (GOLDEN / "hecheng-2020.md").exists() and (GOLDEN / "hecheng-2020.csv").exists()


def test_every_example_has_golden_files_and_no_golden_file_is_stale() -> None:
    """The golden files and the examples match one for one (an example's golden files are
    removed with it)."""
    expected = {f"{example.stem}.{fmt}" for example in EXAMPLES for fmt in GOLDEN_FORMATS}
    assert sorted(p.name for p in GOLDEN.iterdir() if p.is_file()) == sorted(expected)


def test_a_missing_golden_file_fails_with_the_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.modules[__name__], "GOLDEN", tmp_path)
    monkeypatch.setattr(sys.modules[__name__], "UPDATE", False)
    with pytest.raises(pytest.fail.Exception, match="PERFSCORE_UPDATE_GOLDEN=1"):
        test_golden(EXAMPLES[0], "md", monkeypatch)
