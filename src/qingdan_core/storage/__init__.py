"""Storage at the edge: :func:`open_store` and the store contract.

:func:`open_store` opens a :class:`~qingdan_core.storage.protocol.Store`:

* ``"memory://"`` — in memory, for tests and demos;
* ``"sqlite:///path.db"`` — the embedded default (WAL, foreign keys on);
* ``"postgresql+psycopg://user@host/db"`` (or ``postgresql://``) — PostgreSQL;
* ``"mysql+pymysql://user@host/db"`` (or ``mysql://``, ``mariadb://``,
  ``mariadb+pymysql://``) — MySQL, MariaDB and the engines speaking their protocol;
* an SQLAlchemy ``Engine`` you already have — used as is, never disposed of.

A new SQL database needs ``store.create_schema()`` once. ``namespace=``
opens one county's store in a database holding many, and
:func:`list_namespaces` lists them (:mod:`qingdan_core.storage.namespaces`).
Importing this package does not import SQLAlchemy; the SQL adapter is loaded
on demand.

>>> store = open_store("memory://")
>>> from qingdan_core.organisation import Unit
>>> store.units.add(Unit("u-1", "县委办")).version
1
>>> open_store("oracle://db")
Traceback (most recent call last):
...
qingdan_core.errors.ValidationError: url: unknown scheme 'oracle' (allowed: memory://, sqlite:///path.db, postgresql+psycopg://user@host/db, mysql+pymysql://user@host/db)
"""

from __future__ import annotations

import importlib.util
import sys
from typing import TYPE_CHECKING, TypeGuard

from qingdan_core.errors import NotFoundError, SchemaMismatchError, ValidationError
from qingdan_core.storage.generic import AppendOnly, Changes, Outcome, Upserted, Versioned
from qingdan_core.storage.memory import MemoryBackend
from qingdan_core.storage.namespaces import check_namespace
from qingdan_core.storage.protocol import (
    Backend,
    Field,
    Kind,
    Query,
    Record,
    Row,
    Session,
    Store,
    Stored,
)
from qingdan_core.storage.repositories import (
    ArchiveRepository,
    ChecklistRepository,
    ContractRepository,
    GuidanceGroupRepository,
    LedgerRepository,
    LevelChangeRepository,
    LifecycleRepository,
    MonthEndReviewRepository,
    MonthRecordRepository,
    NoticeRepository,
    PersonRepository,
    Repositories,
    ScoreCardRepository,
    SupervisionRepository,
    Task,
    UnitRepository,
    WorkLogRepository,
)
from qingdan_core.storage.store import RecordStore

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from qingdan_core.archive_seal import ArchiveKey

__all__ = [
    "AppendOnly",
    "ArchiveRepository",
    "Backend",
    "Changes",
    "ChecklistRepository",
    "ContractRepository",
    "Field",
    "GuidanceGroupRepository",
    "Kind",
    "LedgerRepository",
    "LevelChangeRepository",
    "LifecycleRepository",
    "MemoryBackend",
    "MonthEndReviewRepository",
    "MonthRecordRepository",
    "NoticeRepository",
    "Outcome",
    "PersonRepository",
    "Query",
    "Record",
    "RecordStore",
    "Repositories",
    "Row",
    "SchemaMismatchError",
    "ScoreCardRepository",
    "Session",
    "Store",
    "Stored",
    "SupervisionRepository",
    "Task",
    "UnitRepository",
    "Upserted",
    "Versioned",
    "WorkLogRepository",
    "drop_namespace",
    "list_namespaces",
    "open_store",
]

_SCHEMES = (
    "memory://",
    "sqlite:///path.db",
    "postgresql+psycopg://user@host/db",
    "mysql+pymysql://user@host/db",
)
_SQLITE = ("sqlite", "sqlite+pysqlite")
_POSTGRES = ("postgresql", "postgresql+psycopg")
_MYSQL = ("mysql", "mysql+pymysql", "mariadb", "mariadb+pymysql")


def _require(module: str, extra: str, purpose: str) -> None:
    if importlib.util.find_spec(module) is None:
        raise ValidationError(
            "url", f"{purpose} needs the {module!r} package: pip install '{extra}'"
        )


def open_store(
    target: str | Engine,
    *,
    namespace: str | None = None,
    archive_key: ArchiveKey | None = None,
) -> RecordStore:
    """The store at ``target``: a URL (see the module docs) or an SQLAlchemy ``Engine``.

    A store made from a URL owns its engine and disposes of it on ``close()``;
    a caller's engine is left alone. ``namespace`` opens one county's store in
    a database holding many (:mod:`qingdan_core.storage.namespaces`); a
    ``memory://`` store is its own world, so there it is only checked.
    ``archive_key`` is the county's :class:`~qingdan_core.archive_seal.ArchiveKey`:
    the archive's heads and root are sealed and checked with it (R5). Without
    one the archive is unkeyed (removal is detected, re-forging is not), and an
    archive sealed with a key refuses appends and verification with a
    ``ValidationError`` naming ``archive_key``.

    :raises ValidationError: for an unknown scheme, or a missing driver (naming
        the extra to install: ``qingdan-core[sql]``, ``qingdan-core[postgres]`` or
        ``qingdan-core[mysql]``).
    :raises SchemaMismatchError: when the database was written by a newer library.

    >>> open_store("memory://").ledger.all()
    ()
    """
    if _is_engine(target):
        from qingdan_core.storage import sql

        return RecordStore(sql.SqlBackend(target, namespace=namespace), archive_key=archive_key)
    if target == "memory://":
        if namespace is not None:
            check_namespace(namespace)
        return RecordStore(MemoryBackend(), archive_key=archive_key)
    engine = _engine_for(target)
    from qingdan_core.storage import sql

    try:
        return RecordStore(
            sql.SqlBackend(engine, owns_engine=True, namespace=namespace), archive_key=archive_key
        )
    except BaseException:
        engine.dispose()
        raise


def list_namespaces(target: str | Engine) -> tuple[str, ...]:
    """The namespaces that hold a store in the database at ``target``, sorted.

    ``target`` is an SQL URL or an SQLAlchemy ``Engine`` (a caller's engine is
    left open). The database's default store, opened without a namespace, is
    not one of them.

    :raises ValidationError: for ``memory://``, an unknown scheme or a missing driver.

    >>> import tempfile, pathlib
    >>> url = f"sqlite:///{pathlib.Path(tempfile.mkdtemp()) / 'city.db'}"
    >>> for county in ("330521", "330522"):
    ...     with open_store(url, namespace=county) as store:
    ...         store.create_schema()
    >>> list_namespaces(url)
    ('330521', '330522')
    """
    from qingdan_core.storage import sql

    if _is_engine(target):
        return sql.namespaces_in(target)
    engine = _engine_for(target)
    try:
        return sql.namespaces_in(engine)
    finally:
        engine.dispose()


def drop_namespace(target: str | Engine, namespace: str) -> None:
    """Drop the store of ``namespace`` from the database at ``target``: its tables
    (on PostgreSQL also its schema, once no other table is left in it). What is
    dropped is gone: export it first (:func:`qingdan_core.transfer.export_store`).

    :raises ValidationError: when ``namespace`` is not a namespace name.
    :raises NotFoundError: when the database holds no store in that namespace.

    >>> import tempfile, pathlib
    >>> url = f"sqlite:///{pathlib.Path(tempfile.mkdtemp()) / 'city.db'}"
    >>> with open_store(url, namespace="330521") as store:
    ...     store.create_schema()
    >>> drop_namespace(url, "330521"); list_namespaces(url)
    ()
    """
    from qingdan_core.storage import sql

    check_namespace(namespace)
    if namespace not in list_namespaces(target):
        raise NotFoundError("namespace", namespace)
    with open_store(target, namespace=namespace) as store:
        assert isinstance(store.backend, sql.SqlBackend)  # an SQL URL or engine, by the check above
        store.backend.drop()


def _is_engine(target: object) -> TypeGuard[Engine]:
    engine_class = getattr(sys.modules.get("sqlalchemy.engine"), "Engine", None)
    return engine_class is not None and isinstance(target, engine_class)


def _engine_for(target: object) -> Engine:
    """An engine, configured by :func:`~qingdan_core.storage.sql.create_engine`, for an SQL URL."""
    if not isinstance(target, str):
        raise ValidationError(
            "url", f"expected a URL string or an SQLAlchemy Engine, got {type(target).__name__}"
        )
    scheme, found, _rest = target.partition("://")
    if scheme == "memory" and found:
        raise ValidationError("url", f"memory:// takes nothing after it, got {target!r}")
    if not found or scheme not in (*_SQLITE, *_POSTGRES, *_MYSQL):
        raise ValidationError("url", f"unknown scheme {scheme!r}", allowed=_SCHEMES)
    _require("sqlalchemy", "qingdan-core[sql]", f"{scheme}://")
    if scheme in _POSTGRES:
        _require("psycopg", "qingdan-core[postgres]", f"{scheme}://")
        target = "postgresql+psycopg://" + _rest
    if scheme in _MYSQL:
        _require("pymysql", "qingdan-core[mysql]", f"{scheme}://")
        target = f"{scheme.partition('+')[0]}+pymysql://{_rest}"
    from qingdan_core.storage import sql

    return sql.create_engine(target)
