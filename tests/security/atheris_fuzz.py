"""Coverage-guided fuzzing of loading and evaluating with atheris (libFuzzer for Python).

Optional and run by hand; not part of the test suite (pytest collects only test_*.py). atheris
3.0.0 installs on Python 3.11, x86-64 Linux, from a wheel (`pip install atheris`).

    python3 tests/security/atheris_fuzz.py -atheris_runs=200000 -timeout=20
    python3 tests/security/atheris_fuzz.py -max_total_time=3600 -timeout=20 corpus/

Each input is split by its first byte into one of five targets:

0. YAML text -> parse_yaml -> build_framework -> evaluate (with every field set to 1);
1. a formula -> Formula -> evaluate (over names set from the input);
2. a YAML record -> one of the bundled frameworks with the example's values, overridden by the
   record's values -> evaluate, render, reconcile;
3. a data file -> read_data -> evaluate, and the batch path (rows out = rows in): the first
   example's form (.xlsx) with one part damaged, or fuzzed bytes as .csv, .json or .jsonl;
4. JSON text -> a record file -> load_record.

A PerfscoreError (or, for a bare Formula, FormulaZeroDivision / FormulaArithmeticError) is an
expected outcome; any other exception is a finding and stops the run with the input saved by
libFuzzer (crash-<hash>). `-timeout=20` turns a hang into a finding too.
"""

from __future__ import annotations

import sys
import tempfile
from decimal import Decimal
from pathlib import Path

import atheris

with atheris.instrument_imports():
    import contextlib
    import io
    import json
    import zipfile

    import perfscore
    from perfscore import PerfscoreError
    from perfscore.batch import run_batch
    from perfscore.cli import main as main_cli
    from perfscore.expressions import Formula, FormulaArithmeticError, FormulaZeroDivision
    from perfscore.framework import build_framework
    from perfscore.readers import read_data
    from perfscore.render import FORMATS
    from perfscore.yamlio import parse_yaml

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = [
    perfscore.load_record(path)
    for path in sorted((ROOT / "examples").glob("*.yaml"))
    if perfscore.load_record(path).framework
]
FRAMEWORKS = {record.framework: perfscore.load_framework(record.framework) for record in EXAMPLES}
NAMES = ["a", "b", "预算数", "执行数"]
SCRATCH = Path(tempfile.mkdtemp(prefix="perfscore-atheris-"))


def framework_text(text: str) -> None:
    doc = parse_yaml(text, "fuzz.yaml", perfscore.FrameworkError)
    if isinstance(doc.data, dict):
        fw = build_framework(doc)
        fw.evaluate({name: 1 for name in fw.fields})


def formula(fdp: atheris.FuzzedDataProvider) -> None:
    names = {name: Decimal(fdp.ConsumeIntInRange(-(10**6), 10**6)) for name in NAMES}
    source = fdp.ConsumeUnicodeNoSurrogates(200)
    try:
        compiled = Formula(source, where="X")
        compiled.evaluate({name: names.get(name, Decimal(7)) for name in compiled.names})
    except (FormulaZeroDivision, FormulaArithmeticError):
        pass


def damaged_record(fdp: atheris.FuzzedDataProvider) -> None:
    example = EXAMPLES[fdp.ConsumeIntInRange(0, len(EXAMPLES) - 1)]
    doc = parse_yaml(fdp.ConsumeUnicodeNoSurrogates(4000), "record.yaml", perfscore.DataError)
    extra = doc.data if isinstance(doc.data, dict) else {"value": doc.data}
    record = perfscore.Record(
        values={**example.values, **extra},
        external_scores=example.external_scores,
        reported=example.reported,
        file="record.yaml",
    )
    fw = FRAMEWORKS[example.framework]
    result = fw.evaluate(record)
    for name in ("json", "md", "csv", "html"):
        FORMATS[name](result)
    perfscore.reconcile(fw, record)


def json_record(data: bytes) -> None:
    path = SCRATCH / "record.json"
    path.write_bytes(data)
    perfscore.load_record(path)


def _seed_form() -> bytes:
    """A filled-in form of the first example's framework, as bytes, for damaging."""
    example = EXAMPLES[0]
    path = SCRATCH / "seed.xlsx"
    record = SCRATCH / "seed.json"
    record.write_text(json.dumps({"values": example.values}, ensure_ascii=False, default=str))
    main_cli(["template", str(example.framework), "-o", str(path), "--from", str(record)])
    return path.read_bytes()


SEED = _seed_form()


def data_file(fdp: atheris.FuzzedDataProvider) -> None:
    """The readers and the batch path: a form with one part damaged, or a csv, json or jsonl
    file of fuzzed bytes; rows out must equal rows in."""
    kind = fdp.ConsumeIntInRange(0, 3)
    suffix = (".xlsx", ".csv", ".json", ".jsonl")[kind]
    path = SCRATCH / f"data{suffix}"
    if kind == 0:
        with zipfile.ZipFile(io.BytesIO(SEED)) as seed, zipfile.ZipFile(path, "w") as out:
            names = seed.namelist()
            damaged = names[fdp.ConsumeIntInRange(0, len(names) - 1)]
            for name in names:
                data = seed.read(name)
                if name == damaged:
                    at = fdp.ConsumeIntInRange(0, len(data))
                    cut = at + fdp.ConsumeIntInRange(0, 64)
                    data = data[:at] + fdp.ConsumeBytes(64) + data[cut:]
                out.writestr(name, data)
    else:
        path.write_bytes(fdp.ConsumeBytes(4000))
    fw = FRAMEWORKS[EXAMPLES[0].framework]
    if suffix != ".jsonl":
        with contextlib.suppress(PerfscoreError):
            fw.evaluate(read_data(path))
    if suffix in (".csv", ".jsonl", ".xlsx"):
        summary = run_batch(fw, path, SCRATCH / "out.jsonl")
        written = (SCRATCH / "out.jsonl").read_text("utf-8").count("\n")
        assert written == summary.records, (written, summary.records)


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    target = fdp.ConsumeIntInRange(0, 4)
    try:
        if target == 0:
            framework_text(fdp.ConsumeUnicodeNoSurrogates(len(data)))
        elif target == 1:
            formula(fdp)
        elif target == 2:
            damaged_record(fdp)
        elif target == 3:
            data_file(fdp)
        else:
            json_record(fdp.ConsumeBytes(len(data)))
    except PerfscoreError:
        pass


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
