"""Storage speed: 100,000 records in one unit of work vs plain driver executemany (issue 7).

For SQLite and PostgreSQL, side by side in one run, alternating, each repeated:

* ``store``    — ``with store.transaction() as tx: tx.ledger.add_many(entries)``;
* ``by hand``  — the same rows written with the driver's own ``executemany``
  into the same table, the payload made with the same codec
  (``json.dumps(unstructure(entry))``): what a hand-written adapter would do;
* ``executemany only`` — the driver's ``executemany`` of rows built beforehand
  (the floor: no encoding at all).

The issue's bound ("at most 2× plain executemany into the same table") is
judged against ``by hand``: a plain executemany of the same 100,000 records
has to turn them into rows too. The ratio to ``executemany only`` is printed
beside it, as the stricter figure.

It then loads one unit's month back through ``store.ledger.for_subject`` and
counts the SQL statements that took (one).

Usage::

    .venv/bin/python benchmarks/storage.py                 # SQLite + a throwaway PostgreSQL
    .venv/bin/python benchmarks/storage.py --pg-url postgresql+psycopg://u@host/db
    .venv/bin/python benchmarks/storage.py --no-pg --records 20000 --repeat 3
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import json
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg
import sqlalchemy as sa

from qingdan_core.codec import unstructure
from qingdan_core.ledger import EntryKind, LedgerEntry, Subject
from qingdan_core.storage import RecordStore, open_store
from qingdan_core.storage.sql import SqlBackend

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
UNITS = 200


def entries(count: int) -> list[LedgerEntry]:
    """``count`` ledger entries spread over UNITS units and the twelve months of 2026."""
    return [
        LedgerEntry(
            f"L-{n:07d}",
            Subject.unit(f"u-{n % UNITS:03d}"),
            dt.date(2026, 1 + n % 12, 1 + n % 28),
            EntryKind.DEDUCTION,
            Decimal("-0.5"),
            f"督考〔2026〕{n}号",
            "R21",
            "未按时报送督查事项办理情况",
        )
        for n in range(count)
    ]


def by_hand_rows(values: list[LedgerEntry]) -> list[tuple[Any, ...]]:
    """The rows a hand-written adapter would build: same columns, same codec payload."""
    return [(e.entry_id, 1, str(e.subject), e.day, _dumps(unstructure(e))) for e in values]


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def engine_of(store: RecordStore) -> sa.Engine:
    """The engine of an SQL store."""
    assert isinstance(store.backend, SqlBackend), "an SQL store"
    return store.backend.engine


def statements_for(store: RecordStore, action: Callable[[], object]) -> tuple[int, object]:
    """How many SQL statements ``action`` sends through the store's engine, and its result."""
    engine = engine_of(store)
    seen: list[str] = []

    def count(*args: object) -> None:
        if not str(args[2]).startswith("BEGIN"):  # transaction control is not a query
            seen.append(str(args[2]))

    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        result = action()
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    return len(seen), result


INSERT = "INSERT INTO qingdan_ledger_entries (key, version, subject, day, payload) VALUES "


class Sqlite:
    name = "SQLite"

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    @contextlib.contextmanager
    def fresh_store(self) -> Iterator[RecordStore]:
        path = self.directory / f"{uuid.uuid4().hex}.db"
        store = open_store(f"sqlite:///{path}")
        store.create_schema()
        try:
            yield store
        finally:
            store.close()

    @contextlib.contextmanager
    def fresh_driver(self) -> Iterator[Callable[[list[tuple[Any, ...]]], None]]:
        with self.fresh_store() as store:
            path = engine_of(store).url.database
        assert path is not None, "a database file"
        con = sqlite3.connect(path)
        con.execute("PRAGMA journal_mode=WAL")

        def write(rows: list[tuple[Any, ...]]) -> None:
            with con:
                con.executemany(INSERT + "(?, ?, ?, ?, ?)", rows)

        try:
            yield write
        finally:
            con.close()

    @staticmethod
    def plain(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        # sqlite3's date adapter is deprecated: a hand-written adapter stores ISO text.
        return [(k, v, s, d.isoformat(), p) for k, v, s, d, p in rows]


class Postgres:
    name = "PostgreSQL"

    def __init__(self, url: str) -> None:
        self.url = url
        self.admin = sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)

    @contextlib.contextmanager
    def _schema(self) -> Iterator[sa.URL]:
        name = f"bench_{uuid.uuid4().hex[:12]}"
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE SCHEMA "{name}"')
        try:
            yield sa.make_url(self.url).update_query_dict({"options": f"-csearch_path={name}"})
        finally:
            with self.admin.connect() as conn:
                conn.exec_driver_sql(f'DROP SCHEMA "{name}" CASCADE')

    @contextlib.contextmanager
    def fresh_store(self) -> Iterator[RecordStore]:
        with self._schema() as url:
            store = open_store(url.render_as_string(hide_password=False))
            store.create_schema()
            try:
                yield store
            finally:
                store.close()

    @contextlib.contextmanager
    def fresh_driver(self) -> Iterator[Callable[[list[tuple[Any, ...]]], None]]:
        with self._schema() as url:
            schema = url.query["options"]
            assert isinstance(schema, str), "one options string"
            store = open_store(url.render_as_string(hide_password=False))
            store.create_schema()
            store.close()
            plain = url.set(drivername="postgresql", query={})
            con = psycopg.connect(plain.render_as_string(hide_password=False), options=schema)

            def write(rows: list[tuple[Any, ...]]) -> None:
                with con.transaction(), con.cursor() as cur:
                    cur.executemany(INSERT + "(%s, %s, %s, %s, %s)", rows)

            try:
                yield write
            finally:
                con.close()

    @staticmethod
    def plain(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        return rows


def measure(db: Sqlite | Postgres, values: list[LedgerEntry], repeat: int) -> dict[str, float]:
    """Median seconds of the three ways, alternating runs."""
    times: dict[str, list[float]] = {"store": [], "by hand": [], "executemany only": []}
    prebuilt = db.plain(by_hand_rows(values))
    for _ in range(repeat):
        with db.fresh_store() as store:

            def save(store: RecordStore = store) -> None:
                with store.transaction() as tx:
                    tx.ledger.add_many(values)

            times["store"].append(timed(save))
        with db.fresh_driver() as write:

            def by_hand(write: Callable[[list[tuple[Any, ...]]], None] = write) -> None:
                write(db.plain(by_hand_rows(values)))

            times["by hand"].append(timed(by_hand))
        with db.fresh_driver() as write:
            times["executemany only"].append(timed(functools.partial(write, prebuilt)))
    return {how: statistics.median(seconds) for how, seconds in times.items()}


def month_load(db: Sqlite | Postgres, values: list[LedgerEntry]) -> tuple[int, int, float]:
    """Statements, records and seconds to load one unit's month back."""
    with db.fresh_store() as store:
        store.ledger.add_many(values)
        start = time.perf_counter()
        count, found = statements_for(
            store,
            lambda: store.ledger.for_subject(
                Subject.unit("u-007"), dt.date(2026, 8, 1), dt.date(2026, 8, 31)
            ),
        )
        seconds = time.perf_counter() - start
    assert isinstance(found, tuple)
    return count, len(found), seconds


def report(db: Sqlite | Postgres, values: list[LedgerEntry], repeat: int) -> bool:
    medians = measure(db, values, repeat)
    store = medians["store"]
    print(f"\n{db.name}: {len(values):,} ledger entries in one unit of work, median of {repeat}")
    print(f"  {'how':<18} {'median s':>9} {'store / this':>13}")
    for how, seconds in medians.items():
        print(f"  {how:<18} {seconds:>9.3f} {store / seconds:>12.2f}×")
    statements, found, seconds = month_load(db, values)
    print(
        f"  loading one unit's month: {found} records in {statements} SQL statement(s), "
        f"{seconds * 1000:.1f} ms"
    )
    print(
        f"  store ≤ 2 × by hand (the bound): {_yes(store <= 2 * medians['by hand'])}; "
        f"≤ 2 × executemany only (stricter): "
        f"{_yes(store <= 2 * medians['executemany only'])}; "
        f"one statement per month load: {_yes(statements == 1)}"
    )
    return store <= 2 * medians["by hand"] and statements == 1


def _yes(ok: bool) -> str:
    return "yes" if ok else "NO"


@contextlib.contextmanager
def postgres_url(given: str | None) -> Iterator[str]:
    if given:
        yield given
        return
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from conftest import _throwaway_server  # type: ignore[import-not-found]  # the tests' server

    with _throwaway_server() as url:
        yield url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pg-url", help="a PostgreSQL URL (default: start a throwaway server)")
    parser.add_argument("--no-pg", action="store_true", help="skip PostgreSQL")
    args = parser.parse_args(argv)
    values = entries(args.records)
    ok = True
    with tempfile.TemporaryDirectory() as directory:
        ok &= report(Sqlite(Path(directory)), values, args.repeat)
    if not args.no_pg:
        with postgres_url(args.pg_url) as url:
            db = Postgres(url)
            ok &= report(db, values, args.repeat)
            db.admin.dispose()
    print("\nall figures within the issue's bounds:", _yes(ok))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
