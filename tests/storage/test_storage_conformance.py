"""The conformance suite runs on every adapter of this library: memory, SQLite, PostgreSQL, MariaDB."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from qingdan_core.storage import RecordStore, open_store
from qingdan_core.storage.protocol import Store
from qingdan_core.storage.sql import create_engine
from qingdan_core.testing import StoreConformance


class TestMemoryStore(StoreConformance):
    def make_store(self) -> Store:
        return open_store("memory://")


class TestSqliteStore(StoreConformance):
    @pytest.fixture(autouse=True)
    def _directory(self, tmp_path: Path) -> None:
        self.directory = tmp_path

    def make_store(self) -> Store:
        store = open_store(f"sqlite:///{self.directory / 'qingdan.db'}")
        store.create_schema()
        return store


class TestSqliteStoreOnTheCallersEngine(StoreConformance):
    """A caller's engine (plain SQLAlchemy defaults) is used as is and never disposed of."""

    @pytest.fixture
    def store(self, tmp_path: Path) -> Iterator[Store]:
        engine = sa.create_engine(f"sqlite:///{tmp_path / 'own.db'}")
        store = open_store(engine)
        store.create_schema()
        yield store
        units, pool = len(store.units.all()), engine.pool
        store.close()
        assert engine.pool is pool  # not disposed of (that would replace the pool)
        assert isinstance(pool, sa.QueuePool)
        assert pool.checkedout() == 0  # and no connection left checked out
        with engine.connect() as conn:  # still usable, holding what the test stored
            assert conn.exec_driver_sql("select count(*) from qingdan_units").scalar() == units
        engine.dispose()


@pytest.mark.postgres
class TestPostgresStore(StoreConformance):
    @pytest.fixture(autouse=True)
    def _database(self, pg_schema_url: str) -> None:
        self.url = pg_schema_url

    def make_store(self) -> Store:
        store = open_store(self.url)
        store.create_schema()
        return store


@pytest.mark.postgres
class TestPostgresStoreOnTheCallersEngine(StoreConformance):
    @pytest.fixture
    def store(self, pg_schema_url: str) -> Iterator[RecordStore]:
        engine = create_engine(pg_schema_url)
        store = open_store(engine)
        store.create_schema()
        yield store
        store.close()
        engine.dispose()


@pytest.mark.mysql
class TestMariadbStore(StoreConformance):
    @pytest.fixture(autouse=True)
    def _database(self, mysql_database_url: str) -> None:
        self.url = mysql_database_url

    def make_store(self) -> Store:
        store = open_store(self.url)
        store.create_schema()
        return store


@pytest.mark.mysql
class TestMariadbStoreOnTheCallersEngine(StoreConformance):
    """A caller's plain engine (REPEATABLE READ, the server's charset): the store sets
    READ COMMITTED per unit of work and its tables bring utf8mb4."""

    @pytest.fixture
    def store(self, mysql_database_url: str) -> Iterator[RecordStore]:
        engine = sa.create_engine(mysql_database_url)
        store = open_store(engine)
        store.create_schema()
        yield store
        store.close()
        engine.dispose()


def test_the_suite_in_src_is_not_collected_as_tests() -> None:
    """pytest collects only the module doctest of qingdan_core.testing, not the suite's checks."""
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "src/qingdan_core/testing.py"],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )
    collected = [line for line in result.stdout.splitlines() if "::" in line]
    assert collected == ["src/qingdan_core/testing.py::qingdan_core.testing"], result.stdout
