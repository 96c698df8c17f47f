"""Start-up: loading a bundled framework skips the schema check for a text known to pass it
(`perfscore.schema.verified`), and `import perfscore` leaves the heavy libraries unloaded."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from perfscore import FrameworkError, load_framework
from perfscore.bundled import bundled_dir
from perfscore.schema import checked_errors, schema_errors
from perfscore.schema import verified as verified_module
from perfscore.yamlio import parse_yaml, read_yaml

MANIFEST = Path(verified_module.__file__).with_name(verified_module.MANIFEST)


def test_the_verified_list_is_what_checking_every_bundled_framework_gives() -> None:
    shipped = json.loads(MANIFEST.read_text(encoding="utf-8"))
    assert shipped == verified_module.manifest_now(checked_errors), (
        "perfscore/schema/verified.json is stale: refresh it as docs/performance.md says"
    )
    assert len(shipped["texts"]) == len(list(bundled_dir().glob("*.yaml")))


def test_a_bundled_text_is_listed_and_an_edited_one_is_checked() -> None:
    path = bundled_dir() / "department-common.yaml"
    doc = read_yaml(path)
    assert verified_module.is_verified(doc)
    broken = path.read_text(encoding="utf-8").replace("precision:", "precisionn:", 1)
    edited = parse_yaml(broken, str(path))
    assert not verified_module.is_verified(edited)
    errors = schema_errors(edited)
    assert "precisionn" in {error.field for error in errors}


def test_a_document_made_from_others_is_never_taken_as_verified() -> None:
    doc = read_yaml(bundled_dir() / "department-common.yaml")
    doc.digest = ""
    assert not verified_module.is_verified(doc)


def test_a_changed_schema_makes_every_text_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = read_yaml(bundled_dir() / "department-common.yaml")
    monkeypatch.setattr(verified_module, "schema_digest", lambda: "0" * 64)
    assert not verified_module.is_verified(doc)


def test_an_edited_copy_of_a_bundled_framework_is_refused(tmp_path: Path) -> None:
    text = (bundled_dir() / "department-common.yaml").read_text(encoding="utf-8")
    copy = tmp_path / "copy.yaml"
    copy.write_text(text.replace("precision:", "precisionn:", 1), encoding="utf-8")
    with pytest.raises(FrameworkError):
        load_framework(copy)


def test_scoring_a_bundled_framework_imports_no_heavy_library() -> None:
    code = (
        "import sys, perfscore\n"
        "fw = perfscore.load_framework('department-common')\n"
        "fw.evaluate(perfscore.load_record('examples/hecheng-2020.yaml'))\n"
        "heavy = ('jsonschema', 'openpyxl', 'python_calamine', 'importlib.metadata', 'docx')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy or m in heavy))\n"
    )
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
