"""open_store, engines, the schema version, the SQL layout and single-query loads."""

from __future__ import annotations

import datetime as dt
import importlib.util
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from _ill_typed import ill_typed
from qingdan_core.errors import ValidationError
from qingdan_core.ledger import EntryKind, LedgerEntry, Subject
from qingdan_core.organisation import Unit
from qingdan_core.storage import RecordStore, SchemaMismatchError, open_store
from qingdan_core.storage.sql import SCHEMA_VERSION, SqlBackend


def _entry(number: int, unit: str, day: dt.date) -> LedgerEntry:
    return LedgerEntry(
        f"L-{number}",
        Subject.unit(unit),
        day,
        EntryKind.BONUS,
        Decimal("1"),
        "风采录",
        "R22",
        "表现突出",
    )


def _engine(store: RecordStore) -> sa.Engine:
    backend = store.backend
    assert isinstance(backend, SqlBackend)
    return backend.engine


# --------------------------------------------------------------------------- open_store


@pytest.mark.parametrize(
    "url",
    ["oracle://db", "sqlite:/x.db", "postgresql+psycopg2://u@h/d", "mysql+mysqldb://h/d", "x"],
)
def test_an_unknown_scheme_names_the_allowed_ones(url: str) -> None:
    with pytest.raises(ValidationError) as caught:
        open_store(url)
    assert caught.value.path == "url"
    assert caught.value.problems[0].allowed == (
        "memory://",
        "sqlite:///path.db",
        "postgresql+psycopg://user@host/db",
        "mysql+pymysql://user@host/db",
    )


def test_memory_takes_nothing_after_the_scheme() -> None:
    with pytest.raises(ValidationError, match="memory:// takes nothing"):
        open_store("memory://somewhere")


def test_neither_url_nor_engine_is_refused() -> None:
    with pytest.raises(ValidationError, match="expected a URL string or an SQLAlchemy Engine"):
        ill_typed(open_store)(42)


@pytest.mark.parametrize(
    ("missing", "url", "extra"),
    [
        ("sqlalchemy", "sqlite:///q.db", "qingdan-core[sql]"),
        ("psycopg", "postgresql+psycopg://u@h/d", "qingdan-core[postgres]"),
        ("psycopg", "postgresql://u@h/d", "qingdan-core[postgres]"),
        ("pymysql", "mysql://u@h/d", "qingdan-core[mysql]"),
        ("pymysql", "mariadb+pymysql://u@h/d", "qingdan-core[mysql]"),
    ],
)
def test_a_missing_driver_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, missing: str, url: str, extra: str
) -> None:
    real = importlib.util.find_spec

    def find_spec(name: str, *args: Any) -> Any:
        return None if name == missing else real(name, *args)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    with pytest.raises(ValidationError) as caught:
        open_store(url)
    assert f"pip install '{extra}'" in str(caught.value)


def test_sqlite_opened_from_a_url_uses_wal_and_foreign_keys(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'q.db'}")
    with _engine(store).connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    store.close()


def test_the_callers_engine_is_never_disposed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'own.db'}")
    disposed: list[sa.Engine] = []
    monkeypatch.setattr(sa.Engine, "dispose", lambda self, close=True: disposed.append(self))
    with open_store(engine) as store:
        store.create_schema()
        store.units.add(Unit("u-1", "县委办"))
    assert disposed == []
    with open_store(f"sqlite:///{tmp_path / 'ours.db'}") as ours:
        made = _engine(ours)
    assert disposed == [made]
    monkeypatch.undo()
    with engine.connect() as conn:
        assert conn.exec_driver_sql("select count(*) from qingdan_units").scalar() == 1
    engine.dispose()


# --------------------------------------------------------------------------- schema version


def test_a_database_without_tables_asks_for_create_schema(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'q.db'}")
    with pytest.raises(SchemaMismatchError, match=r"call create_schema\(\) first") as caught:
        store.units.all()
    assert (caught.value.found, caught.value.expected) == (None, SCHEMA_VERSION)
    store.create_schema()
    store.create_schema()  # idempotent
    assert store.units.all() == ()
    store.close()


def _set_version(store: RecordStore, version: int) -> None:
    with _engine(store).begin() as conn:
        conn.exec_driver_sql(f"update qingdan_schema set version = {version}")


def test_a_newer_schema_is_refused_at_open(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'q.db'}"
    with open_store(url) as store:
        store.create_schema()
        _set_version(store, SCHEMA_VERSION + 1)
    with pytest.raises(SchemaMismatchError, match="newer than this library's") as caught:
        open_store(url)
    assert caught.value.found == SCHEMA_VERSION + 1


def test_an_older_schema_needs_upgrade_and_keeps_the_data(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'q.db'}"
    with open_store(url) as store:
        store.create_schema()
        store.units.add(Unit("u-1", "县委办"))
        _set_version(store, SCHEMA_VERSION - 1)
    with open_store(url) as store:
        with pytest.raises(SchemaMismatchError, match=r"call upgrade\(\)"):
            store.units.all()
        with pytest.raises(SchemaMismatchError, match=r"call upgrade\(\)"):
            store.create_schema()
        store.upgrade()
        store.upgrade()  # idempotent
        assert [s.value for s in store.units.all()] == [Unit("u-1", "县委办")]


def test_upgrade_refuses_a_newer_schema(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'q.db'}"
    with open_store(url) as store:
        store.create_schema()
        _set_version(store, SCHEMA_VERSION + 5)
        with pytest.raises(SchemaMismatchError, match="upgrade qingdan-core"):
            store.upgrade()


# --------------------------------------------------------------------------- layout and queries


def test_queried_fields_are_real_indexed_columns(tmp_path: Path) -> None:
    """Data lives in real columns where it is queried, not in one JSON blob per row."""
    with open_store(f"sqlite:///{tmp_path / 'q.db'}") as store:
        store.create_schema()
        inspector = sa.inspect(_engine(store))
        columns = {c["name"]: c["type"] for c in inspector.get_columns("qingdan_ledger_entries")}
        indexes = {
            tuple(i["column_names"]) for i in inspector.get_indexes("qingdan_ledger_entries")
        }
    assert isinstance(columns["day"], sa.Date)
    assert {"seq", "key", "version", "subject", "day", "payload"} == set(columns)
    assert {("subject", "day"), ("day",)} <= indexes


def _count_statements(store: RecordStore) -> list[str]:
    """The queries sent through the store's engine from now on (transaction control left out)."""
    seen: list[str] = []

    def note(*args: Any) -> None:
        if not str(args[2]).startswith("BEGIN"):
            seen.append(str(args[2]))

    sa.event.listen(_engine(store), "before_cursor_execute", note)
    return seen


def test_r22_loading_a_units_month_is_one_query(tmp_path: Path) -> None:
    """A unit's month of ledger entries comes back in a single SQL statement, in day order."""
    with open_store(f"sqlite:///{tmp_path / 'q.db'}") as store:
        store.create_schema()
        store.ledger.add_many(
            _entry(n, f"u-{n % 3}", dt.date(2026, 10 + n % 2, 1 + n % 28)) for n in range(300)
        )
        seen = _count_statements(store)
        month = store.ledger.for_subject(
            Subject.unit("u-1"), dt.date(2026, 11, 1), dt.date(2026, 11, 30)
        )
    assert len(seen) == 1
    assert len(month) == 50
    assert [e.day for e in month] == sorted(e.day for e in month)


@pytest.mark.postgres
def test_postgresql_plain_scheme_uses_psycopg(pg_schema_url: str) -> None:
    url = pg_schema_url.replace("postgresql+psycopg://", "postgresql://")
    with open_store(url) as store:
        assert _engine(store).dialect.driver == "psycopg"
        store.create_schema()
        store.units.add(Unit("u-1", "县委办"))
        assert store.units.get("u-1").version == 1


def test_sqlite_unit_of_work_begins_before_its_first_read(tmp_path: Path) -> None:
    """R22: a unit of work's reads are inside its transaction (BEGIN IMMEDIATE comes first)."""
    store = open_store(f"sqlite:///{tmp_path / 'q.db'}")
    store.create_schema()
    assert isinstance(store.backend, SqlBackend)
    engine = store.backend.engine
    sent: list[str] = []
    sa.event.listen(engine, "before_cursor_execute", lambda *args: sent.append(str(args[2])))
    try:
        with store.transaction() as tx:
            tx.ledger.all()
    finally:
        store.close()
    assert sent[0] == "BEGIN IMMEDIATE"
    assert sent[1].lstrip().upper().startswith("SELECT")
