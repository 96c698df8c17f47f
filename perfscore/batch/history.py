"""History in a database: each record's scores stored once with the framework's id, version and
file hash, the input's hash and the time, and a unit's scores read back over years and
frameworks. A path is an SQLite file (the standard library's sqlite3); a `postgresql://` URL is
a PostgreSQL server, through psycopg 3 (the optional extra `perfscore[db]`). Rescoring the same
input with the same framework adds nothing: (framework hash, input hash, record) is unique."""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import OutputError, UsageError
from ..i18n import say
from .planning import plan_inputs
from .summary import Row
from .summary_rows import read_rows

if TYPE_CHECKING:
    from ..framework import Framework

TABLE = "perfscore_scores"
_POSTGRES = ("postgresql://", "postgres://")
#: a year at the end of a record's id: hecheng-2020 is unit hecheng, year 2020
_TRAILING_YEAR = re.compile(r"^(?P<unit>.*?)[-_ ]?(?P<year>(?:19|20)\d\d)$")
_BATCH = 1000  # rows inserted per transaction
_FIELDS = (
    "framework_hash", "input_hash", "record_index", "unit", "year", "record_id",
    "framework_id", "framework_version", "input_name", "total", "grade", "reported_total",
    "reported_grade", "error", "scores", "scored_at",
)  # fmt: skip


@dataclass(frozen=True)
class Stored:
    """One record's stored scores (`scores`: code -> exact score)."""

    framework_hash: str
    input_hash: str
    record_index: int
    unit: str
    year: str | None
    record_id: str
    framework_id: str
    framework_version: str
    input_name: str
    total: Decimal | None
    grade: str | None
    reported_total: Decimal | None
    reported_grade: str | None
    error: str | None
    scores: dict[str, Decimal]
    scored_at: str


def unit_and_year(record_id: str, year: str | None = None) -> tuple[str, str | None]:
    """A record's unit and year: `year` when given (the unit is then the id), else a year the
    id ends with (`hecheng-2020` -> `hecheng`, `2020`), else the id and no year."""
    if year is not None:
        return record_id, year
    match = _TRAILING_YEAR.match(record_id)
    if match is None or not match["unit"]:
        return record_id, None
    return match["unit"], match["year"]


def file_hash(paths: Iterable[Path]) -> str:
    """sha256 over the files' contents, in order (each file's own digest, then all of them)."""
    whole = hashlib.sha256()
    for path in paths:
        one = hashlib.sha256()
        with path.open("rb") as handle:
            while block := handle.read(1 << 20):
                one.update(block)
        whole.update(one.hexdigest().encode())
    return whole.hexdigest()


def framework_hash(fw: Framework) -> str:
    """The hash of the framework's file (of its id and version for one built in memory)."""
    if fw.file and Path(fw.file).is_file():
        return file_hash([Path(fw.file)])
    return hashlib.sha256(f"{fw.id}\0{fw.version}".encode()).hexdigest()


class HistoryStore:
    """A connection to the history database, its table created when missing."""

    def __init__(self, url: str | Path) -> None:
        self.url = str(url)
        self.postgres = self.url.startswith(_POSTGRES)
        #: the database as errors name it: a URL without its user and password
        self.shown = re.sub(r"//[^@/]*@", "//", self.url) if self.postgres else self.url
        self.driver_error: type[Exception] = Exception
        self.connection: Any = self._connect()
        with self.guard():
            self._create()

    @contextlib.contextmanager
    def guard(self) -> Iterator[None]:
        """The driver's errors (a file that is not a database, a lost connection …) as one
        perfscore error naming the database."""
        try:
            yield
        except self.driver_error as exc:
            message = str(exc).split("\n", 1)[0]
            raise OutputError(say("error.db.error", reason=message), file=self.shown) from None

    def _create(self) -> None:
        number = "NUMERIC" if self.postgres else "TEXT"  # SQLite keeps text exact
        self._execute(
            f"CREATE TABLE IF NOT EXISTS {TABLE} (framework_hash TEXT NOT NULL, "
            "input_hash TEXT NOT NULL, record_index INTEGER NOT NULL, unit TEXT NOT NULL, "
            "year TEXT, record_id TEXT NOT NULL, framework_id TEXT NOT NULL, "
            f"framework_version TEXT NOT NULL, input_name TEXT NOT NULL, total {number}, "
            f"grade TEXT, reported_total {number}, reported_grade TEXT, error TEXT, "
            "scores TEXT NOT NULL, scored_at TEXT NOT NULL, "
            "PRIMARY KEY (framework_hash, input_hash, record_index))"
        )
        self._execute(f"CREATE INDEX IF NOT EXISTS {TABLE}_unit ON {TABLE} (unit)")
        self.connection.commit()

    def _connect(self) -> Any:
        if not self.postgres:
            import sqlite3

            path = self.url.removeprefix("sqlite:///")
            self.driver_error = sqlite3.Error
            try:
                return sqlite3.connect(path)
            except sqlite3.Error as exc:
                raise OutputError(say("error.db.cannot-open", reason=exc), file=path) from None
        try:
            import psycopg
        except ImportError:
            raise UsageError(say("error.db.needs-psycopg")) from None
        self.driver_error = psycopg.Error
        try:
            return psycopg.connect(self.url, connect_timeout=10)
        except psycopg.Error as exc:
            message = str(exc).split("\n", 1)[0]
            raise OutputError(
                say("error.db.cannot-connect", reason=message), file=self.shown
            ) from None

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s") if self.postgres else sql

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.connection.execute(self._sql(sql), params)

    def count(self) -> int:
        with self.guard():
            return int(self._execute(f"SELECT COUNT(*) FROM {TABLE}").fetchone()[0])

    def add(self, rows: Iterable[tuple[Any, ...]]) -> int:
        """Insert rows (in `_FIELDS` order) that are not stored yet; how many were new."""
        before = self.count()
        sql = self._sql(
            f"INSERT INTO {TABLE} ({', '.join(_FIELDS)}) VALUES "
            f"({', '.join('?' * len(_FIELDS))}) "
            "ON CONFLICT (framework_hash, input_hash, record_index) DO NOTHING"
        )
        batch: list[tuple[Any, ...]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= _BATCH:
                self._insert(sql, batch)
                batch = []
        if batch:
            self._insert(sql, batch)
        return self.count() - before

    def _insert(self, sql: str, batch: list[tuple[Any, ...]]) -> None:
        with self.guard():
            cursor = self.connection.cursor()
            cursor.executemany(sql, batch)
            self.connection.commit()

    def history(self, unit: str) -> list[Stored]:
        """The unit's stored scores (by unit, or by a record's id), by year, framework, time."""
        with self.guard():
            found = self._execute(
                f"SELECT {', '.join(_FIELDS)} FROM {TABLE} WHERE unit = ? OR record_id = ? "
                "ORDER BY COALESCE(year, ''), framework_id, framework_version, scored_at, "
                "record_index",
                (unit, unit),
            ).fetchall()
        return [_stored(row) for row in found]

    def close(self) -> None:
        with self.guard():
            self.connection.close()


def _number(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _stored(row: Sequence[Any]) -> Stored:
    named = dict(zip(_FIELDS, row, strict=True))
    scores = {code: Decimal(s) for code, s in json.loads(named.pop("scores")).items()}
    for key in ("total", "reported_total"):
        named[key] = _number(named[key])
    return Stored(**named, scores=scores)


def store_batch(
    db: str | Path, fw: Framework, inputs: str | Path | Sequence[str | Path],
    scores: str | Path, *, year: str | None = None, when: datetime.datetime | None = None,
) -> tuple[int, int]:  # fmt: skip
    """Store every row of `scores` (what `perfscore batch` wrote from `inputs`): returns (rows
    read, rows new). The input's hash covers every file the batch read, in order."""
    planned = plan_inputs(inputs, scores)
    names = [str(p) for p in ([inputs] if isinstance(inputs, (str, Path)) else inputs)]
    keys = (framework_hash(fw), file_hash(item.path for item in planned), " ".join(names))
    stamp = (when or datetime.datetime.now(datetime.UTC)).isoformat(timespec="seconds")
    store = HistoryStore(db)
    read = 0

    def rows(source: Iterable[Row]) -> Iterable[tuple[Any, ...]]:
        nonlocal read
        for row in source:
            read += 1
            yield _row(row, fw, keys, year, stamp, store.postgres)

    try:
        added = store.add(rows(read_rows(scores)))
    finally:
        store.close()
    return read, added


def _row(
    row: Row, fw: Framework, keys: tuple[str, str, str], year: str | None, stamp: str,
    numeric: bool,
) -> tuple[Any, ...]:  # fmt: skip
    unit, found_year = unit_and_year(row.id, year)

    def number(value: Decimal | None) -> Any:
        return value if numeric or value is None else format(value, "f")

    scores = json.dumps({c: format(s, "f") for c, s in row.scores.items()}, ensure_ascii=False)
    return (
        keys[0], keys[1], row.index, unit, found_year, row.id, fw.id, fw.version or "", keys[2],
        number(row.total), row.grade, number(row.reported_total), row.reported_grade,
        row.error, scores, stamp,
    )  # fmt: skip
