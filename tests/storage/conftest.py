"""Fixtures for the storage tests: a fresh PostgreSQL schema or MariaDB database per test."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa


@pytest.fixture(scope="session")
def pg_admin(pg_url: str) -> Iterator[sa.Engine]:
    """An autocommit engine on the test server, for creating and dropping schemas."""
    admin = sa.create_engine(pg_url, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
    yield admin
    admin.dispose()


@pytest.fixture
def pg_schema_url(pg_url: str, pg_admin: sa.Engine) -> Iterator[str]:
    """The URL of a new, empty schema on the test server (as the search path), dropped afterwards.

    Every connection made from the URL sees only that schema's tables, so tests
    do not interfere.
    """
    name = f"t_{uuid.uuid4().hex[:16]}"
    with pg_admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{name}"')
    try:
        url = sa.make_url(pg_url).update_query_dict({"options": f"-csearch_path={name}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with pg_admin.connect() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


@pytest.fixture(scope="session")
def mysql_admin(mysql_url: str) -> Iterator[sa.Engine]:
    """An autocommit engine on the MariaDB test server, for creating and dropping databases."""
    admin = sa.create_engine(mysql_url, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
    yield admin
    admin.dispose()


@pytest.fixture
def mysql_database_url(mysql_url: str, mysql_admin: sa.Engine) -> Iterator[str]:
    """The URL of a new, empty database on the MariaDB test server, dropped afterwards.

    The database's own default character set is latin1, as on a server nobody
    configured: the tables must bring utf8mb4 themselves.
    """
    name = f"t_{uuid.uuid4().hex[:16]}"
    with mysql_admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE `{name}` CHARACTER SET latin1")
    try:
        yield sa.make_url(mysql_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with mysql_admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS `{name}`")
