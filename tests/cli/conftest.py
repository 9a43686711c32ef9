"""Fixtures for the ``qingdan`` command tests: a small demo database, run once; new stores."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from cli._cli import SMALL, run


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A small demo database (SQLite) and the demo's standard output."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    status, out, err = run(["demo", "--db", str(path), *SMALL])
    assert status == 0, err
    return path, out


@pytest.fixture
def demo_copy(demo_db: tuple[Path, str], tmp_path: Path) -> Path:
    """A private copy of the small demo database, safe to change."""
    target = tmp_path / "copy.db"
    shutil.copyfile(demo_db[0], target)
    return target


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A place for a new store: an SQLite path, or a fresh PostgreSQL database's URL."""
    if request.param == "sqlite":
        yield str(tmp_path / "store.db")
        return
    sa = pytest.importorskip("sqlalchemy")
    pg_url: str = request.getfixturevalue("pg_url")
    name = f"qingdan_me_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield sa.make_url(pg_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
