"""Imports that cannot destroy, and database failures as library errors (issue 14, item 1).

``replace_store`` and ``import_database`` replace a whole store in one unit of
work (one transaction on PostgreSQL, a new file renamed in on SQLite); when
anything fails the store is as it was. A database error that is not a conflict
reaches the caller as a ``StorageError`` naming the operation and the record.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

import qingdan_core.transfer as transfer
from qingdan_core.demo import generate_county
from qingdan_core.demo.year import run_year
from qingdan_core.errors import StorageError, ValidationError
from qingdan_core.organisation import Unit
from qingdan_core.storage import RecordStore, open_store
from qingdan_core.transfer import export_store, import_database, replace_store


@pytest.fixture(scope="module")
def exported() -> dict[str, Any]:
    county = open_store("memory://")
    run_year(generate_county(seed=5, year=2025, units=3, people=10, tasks=4), county, months=1)
    return export_store(county)


@pytest.fixture(params=["memory", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "memory":
        return "memory://"
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'county.db'}"
    found: str = request.getfixturevalue("pg_schema_url")
    return found


@pytest.fixture
def store(url: str) -> Iterator[RecordStore]:
    opened = open_store(url)
    opened.create_schema()
    opened.units.add(Unit("u-old", "旧单位"))
    yield opened
    opened.close()


def _counts(store: RecordStore) -> dict[str, int]:
    return {k: len(v) for k, v in export_store(store).items() if isinstance(v, list)}


def test_replace_store_holds_exactly_the_document(
    store: RecordStore, exported: dict[str, Any]
) -> None:
    replace_store(store, exported)
    assert _counts(store) == {k: len(v) for k, v in exported.items() if isinstance(v, list)}
    assert "u-old" not in [s.key for s in store.units.all()]


def test_a_replace_failing_halfway_leaves_the_store_as_it_was(
    store: RecordStore, exported: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Everything was cleared and the ledger and units written when the archive fails."""

    def broken(*_args: object) -> list[Any]:
        raise StorageError("insert", "archive_entries (…)", "disk full")

    monkeypatch.setattr(transfer, "_import_archive", broken)
    with pytest.raises(StorageError, match="disk full"):
        replace_store(store, exported)
    assert [s.key for s in store.units.all()] == ["u-old"]
    assert sum(_counts(store).values()) == 1


def test_a_repeated_key_in_a_document_is_named(exported: dict[str, Any]) -> None:
    data = {**exported, "units": [*exported["units"], exported["units"][1]]}
    with pytest.raises(ValidationError) as caught:
        transfer.read_export(data)
    assert str(caught.value) == (
        f"units[{len(exported['units'])}]: repeats the key "
        f"{exported['units'][1]['unit_id']!r} of units[1]"
    )


@pytest.mark.postgres
def test_a_server_import_with_replace_is_one_transaction(
    pg_schema_url: str, exported: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_store(pg_schema_url) as first:
        first.create_schema()
        first.units.add(Unit("u-old", "旧单位"))
    real = transfer._import_archive

    def broken(*_args: object) -> list[Any]:
        raise StorageError("insert", "archive_entries (…)", "disk full")

    monkeypatch.setattr(transfer, "_import_archive", broken)
    with pytest.raises(StorageError):
        import_database(pg_schema_url, exported, replace=True)
    with open_store(pg_schema_url) as again:
        assert [s.key for s in again.units.all()] == ["u-old"]
    monkeypatch.setattr(transfer, "_import_archive", real)
    import_database(pg_schema_url, exported, replace=True)
    with open_store(pg_schema_url) as done:
        assert len(done.units.all()) == len(exported["units"])


def test_an_sqlite_file_is_not_replaced_without_asking(
    tmp_path: Path, exported: dict[str, Any]
) -> None:
    path = tmp_path / "county.db"
    import_database(f"sqlite:///{path}", exported)
    before = path.read_bytes()
    with pytest.raises(ValidationError, match="pass replace=True"):
        import_database(f"sqlite:///{path}", exported)
    assert path.read_bytes() == before


def test_open_store_on_a_file_that_is_not_sqlite(tmp_path: Path) -> None:
    """Before issue 14: a raw sqlalchemy.exc.DatabaseError."""
    notes = tmp_path / "notes.db"
    notes.write_bytes(b"not a database, just notes\n" * 200)
    with pytest.raises(StorageError) as caught:
        open_store(f"sqlite:///{notes}")
    assert (caught.value.operation, caught.value.record) == (
        "open",
        f"database sqlite:///{notes}",
    )
    assert "file is not a database" in caught.value.reason


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_a_database_error_names_the_operation_and_record(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """A table dropped behind the store's back: StorageError, never a raw driver error."""
    target = (
        f"sqlite:///{tmp_path / 'x.db'}"
        if backend == "sqlite"
        else request.getfixturevalue("pg_schema_url")
    )
    with open_store(target) as opened:
        opened.create_schema()
        engine = sa.create_engine(target)
        with engine.begin() as conn:
            conn.execute(sa.text("DROP TABLE qingdan_units"))
        engine.dispose()
        with pytest.raises(StorageError) as caught:
            opened.units.get("u-1")
        assert (caught.value.operation, caught.value.record) == ("get", "units u-1")
        with pytest.raises(StorageError) as caught:
            opened.units.add(Unit("u-1", "县委办"))
        assert caught.value.operation == "insert"
        assert caught.value.record == "units u-1"


def test_replacing_an_sqlite_file_keeps_its_other_namespaces(
    tmp_path: Path, exported: dict[str, Any]
) -> None:
    """A city's file holds other counties' namespaces: only the default store is replaced."""
    url = f"sqlite:///{tmp_path / 'city.db'}"
    with open_store(url, namespace="330521") as county:
        county.create_schema()
        county.units.add(Unit("u-德清", "德清县委办"))
    import_database(url, exported, replace=True)
    with open_store(url, namespace="330521") as county:
        assert [s.key for s in county.units.all()] == ["u-德清"]
    with open_store(url) as default:
        assert len(default.units.all()) == len(exported["units"])
