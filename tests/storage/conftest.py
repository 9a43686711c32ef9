"""Fixtures for the storage tests: a fresh PostgreSQL schema or MariaDB database per test."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa


class Scratch:
    """Throwaway places on a test server, each with a URL that sees only it: a schema (as the
    search path) on PostgreSQL, a database on MariaDB.

    A MariaDB database is made with the latin1 default of a server nobody configured: the
    store's tables must bring utf8mb4 themselves.
    """

    def __init__(self, url: str) -> None:
        self.url = sa.make_url(url)
        self.mysql = self.url.get_backend_name() in ("mysql", "mariadb")
        self.admin = sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)

    def create(self, prefix: str = "t") -> tuple[str, str]:
        """A new, empty place: its name and its URL."""
        name = f"{prefix}_{uuid.uuid4().hex[:16]}"
        with self.admin.connect() as conn:
            if self.mysql:
                conn.exec_driver_sql(f"CREATE DATABASE `{name}` CHARACTER SET latin1")
                url = self.url.set(database=name)
            else:
                conn.exec_driver_sql(f'CREATE SCHEMA "{name}"')
                url = self.url.update_query_dict({"options": f"-csearch_path={name}"})
        return name, url.render_as_string(hide_password=False)

    def drop(self, name: str) -> None:
        with self.admin.connect() as conn:
            if self.mysql:
                conn.exec_driver_sql(f"DROP DATABASE IF EXISTS `{name}`")
            else:
                conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')

    def close(self) -> None:
        self.admin.dispose()


def _scratch(url: str) -> Iterator[Scratch]:
    scratch = Scratch(url)
    yield scratch
    scratch.close()


@pytest.fixture(scope="session")
def pg_scratch(pg_url: str) -> Iterator[Scratch]:
    """Throwaway schemas on the PostgreSQL test server."""
    yield from _scratch(pg_url)


@pytest.fixture(scope="session")
def mysql_scratch(mysql_url: str) -> Iterator[Scratch]:
    """Throwaway databases on the MariaDB test server."""
    yield from _scratch(mysql_url)


def _place(scratch: Scratch) -> Iterator[str]:
    name, url = scratch.create()
    try:
        yield url
    finally:
        scratch.drop(name)


@pytest.fixture
def pg_schema_url(pg_scratch: Scratch) -> Iterator[str]:
    """The URL of a new, empty schema on the PostgreSQL test server, dropped afterwards."""
    yield from _place(pg_scratch)


@pytest.fixture
def mysql_database_url(mysql_scratch: Scratch) -> Iterator[str]:
    """The URL of a new, empty database on the MariaDB test server, dropped afterwards."""
    yield from _place(mysql_scratch)
