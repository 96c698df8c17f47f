"""`perfscore batch --db` and `perfscore history`: each record's scores stored once with the
framework's id, version and file hash, the input's hash and the time — in SQLite and in a real
PostgreSQL server — rescoring the same input adds nothing, and a unit's scores come back over
years and frameworks, exactly."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pg_server
import pytest

import perfscore
from perfscore.batch.history import HistoryStore, file_hash, store_batch, unit_and_year
from perfscore.cli import main
from perfscore.errors import OutputError, UsageError

pytestmark = [pytest.mark.timeout(240), pytest.mark.usefixtures("english")]

ROOT = Path(__file__).resolve().parent.parent
FW = perfscore.load_framework("department-common")
HECHENG = perfscore.load_record(ROOT / "examples" / "hecheng-2020.yaml")


@pytest.fixture(scope="module")
def postgres() -> Iterator[str]:
    with pg_server.postgres_url() as url:
        yield url


def _inputs(folder: Path) -> tuple[Path, Path]:
    """Two years of 鹤城 (the second with a bad value) and another unit, and a framework
    file that is department-common under another version."""
    lines = []
    for rid, values in (("hecheng-2020", HECHENG.values),
                        ("hecheng-2021", {**HECHENG.values, "编制数": "很多"}),
                        ("某单位", HECHENG.values)):  # fmt: skip
        record = {"id": rid, "values": values, "external_scores": HECHENG.external_scores,
                  "reported": HECHENG.reported}  # fmt: skip
        lines.append(json.dumps(record, ensure_ascii=False, default=str))
    units = folder / "units.jsonl"
    units.write_text("\n".join(lines) + "\n", encoding="utf-8")
    text = (ROOT / "perfscore" / "frameworks" / "department-common.yaml").read_text("utf-8")
    other = folder / "dc-2024.yaml"
    other.write_text(text.replace('version: "2020"', 'version: "2024"', 1), encoding="utf-8")
    assert 'version: "2024"' in other.read_text(encoding="utf-8")
    return units, other


def test_unit_and_year() -> None:
    assert unit_and_year("hecheng-2020") == ("hecheng", "2020")
    assert unit_and_year("鹤城2021") == ("鹤城", "2021")
    assert unit_and_year("u1") == ("u1", None)
    assert unit_and_year("2020") == ("2020", None)  # nothing left for the unit
    assert unit_and_year("hecheng-2020", "2019") == ("hecheng-2020", "2019")


def _history(db: str, folder: Path) -> list[tuple[object, ...]]:
    """Score twice with department-common and once with its 2024 version; the history."""
    units, other = _inputs(folder)
    out = folder / "out.csv"
    for framework in ("department-common", "department-common", str(other)):
        code = main(["batch", framework, str(units), "-o", str(out), "--db", db, "--reconcile"])
        assert code == 1  # hecheng-2021 has bad data; its error is stored too
    store = HistoryStore(db)
    try:
        assert store.count() == 6  # 3 records × 2 framework files: the rescoring added nothing
        found = store.history("hecheng")
    finally:
        store.close()
    return [(s.year, s.framework_id, s.framework_version, s.total, s.grade, s.reported_total,
             s.error is not None, s.scores.get("B16"), s.record_id, s.input_hash,
             s.framework_hash) for s in found]  # fmt: skip


def _check(rows: list[tuple[object, ...]], folder: Path) -> None:
    units, other = _inputs(folder)
    assert [r[:3] for r in rows] == [
        ("2020", "department-common", "2020"), ("2020", "department-common", "2024"),
        ("2021", "department-common", "2020"), ("2021", "department-common", "2024"),
    ]  # fmt: skip
    first = rows[0]
    assert first[3] == Decimal("99.00") and str(first[3]) == "99.00" and first[4] == "优"
    assert first[5] == Decimal(98) and first[7] == Decimal("3.00") and not first[6]
    assert rows[2][6] and rows[2][3] is None
    assert {r[9] for r in rows} == {file_hash([units])}
    assert {r[10] for r in rows} == {file_hash([Path(str(FW.file))]), file_hash([other])}


def test_sqlite_history_is_idempotent_and_exact(tmp_path: Path) -> None:
    db = str(tmp_path / "results.sqlite")
    _check(_history(db, tmp_path), tmp_path)


def test_postgresql_history_is_the_same(postgres: str, tmp_path: Path) -> None:
    sqlite_dir, pg_dir = tmp_path / "s", tmp_path / "p"
    sqlite_dir.mkdir()
    pg_dir.mkdir()
    in_pg = _history(postgres, pg_dir)
    _check(in_pg, pg_dir)
    in_sqlite = _history(str(sqlite_dir / "r.sqlite"), sqlite_dir)
    assert [r[:9] for r in in_pg] == [r[:9] for r in in_sqlite]


def test_the_history_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "r.sqlite")
    _history(db, tmp_path)
    capsys.readouterr()
    assert main(["history", "hecheng", "--db", db]) == 0
    text = capsys.readouterr().out
    assert "单位 hecheng 的评分历史" in text and "hecheng-2021" in text
    assert [line.split()[:4] for line in text.splitlines()[3:5]] == [
        ["2020", "department-common", "2020", "99.00"],
        ["2020", "department-common", "2024", "99.00"],
    ]
    assert main(["history", "某单位", "--db", db, "--format", "json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert [(f["year"], f["total"], f["scores"]["B16"]) for f in found] == [(None, 99, 3)] * 2
    assert main(["history", "nobody", "--db", db]) == 1
    assert "no scores stored for unit 'nobody'" in capsys.readouterr().err


def test_store_batch_reports_what_it_added(tmp_path: Path) -> None:
    units, _ = _inputs(tmp_path)
    out = tmp_path / "out.jsonl"
    perfscore.run_batch(FW, units, out)
    db = tmp_path / "r.sqlite"
    assert store_batch(db, FW, units, out, year="2022") == (3, 3)
    assert store_batch(db, FW, units, out, year="2022") == (3, 0)
    shutil.copy(units, tmp_path / "again.jsonl")  # the same bytes under another name
    assert store_batch(db, FW, tmp_path / "again.jsonl", out) == (3, 0)
    (tmp_path / "again.jsonl").write_text(units.read_text("utf-8") + "\n", encoding="utf-8")
    assert store_batch(db, FW, tmp_path / "again.jsonl", out) == (3, 3)  # another input
    store = HistoryStore(db)
    try:
        years = {s.year for s in store.history("hecheng-2020")}
    finally:
        store.close()
    assert years == {"2022", "2020"}


def test_errors_are_clear(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(OutputError, match="cannot open the database"):
        HistoryStore(tmp_path / "no" / "such" / "dir.sqlite")
    (tmp_path / "not.sqlite").write_text("not a database, just text\n" * 100, encoding="utf-8")
    with pytest.raises(OutputError, match="database error") as caught:
        HistoryStore(tmp_path / "not.sqlite")
    assert caught.value.file == str(tmp_path / "not.sqlite")
    assert main(["history", "x", "--db", str(tmp_path / "not.sqlite")]) == 1
    monkeypatch.setitem(sys.modules, "psycopg", None)
    with pytest.raises(UsageError, match=r"perfscore\[db\]"):
        HistoryStore("postgresql://nobody@127.0.0.1:1/x")


def test_an_unreachable_server_is_one_error(tmp_path: Path) -> None:
    pytest.importorskip("psycopg")
    with pytest.raises(OutputError, match="cannot connect to the database") as caught:
        HistoryStore("postgresql://nobody:secret@127.0.0.1:1/x?connect_timeout=2")
    assert "secret" not in str(caught.value) and caught.value.file == "postgresql://127.0.0.1:1/x?connect_timeout=2"
