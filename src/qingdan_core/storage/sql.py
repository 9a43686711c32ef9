"""The SQL adapter: SQLAlchemy 2 Core tables on SQLite (the default), PostgreSQL or MySQL/MariaDB.

Every kind gets one table, built by :func:`build_tables` from a ``MetaData``:

* ``seq`` — an auto-increment primary key: insertion order;
* ``key`` — the record's key, unique;
* ``version`` — 1 when added, plus one per save (optimistic concurrency);
* one real, indexed column per queried field (subject, day, unit …);
* ``payload`` — the whole value as the codec's JSON (Chinese text kept as is).

A ``qingdan_schema`` table holds the schema version, checked at open: a
database written by a newer library is refused, one without tables asks for
:meth:`SqlBackend.create_schema`, an older one for :meth:`SqlBackend.upgrade`.
Version 2 stores every enum by its English code and names a list item's id
``item_id``; version 3 keeps the archive's sealed file heads and root
(:mod:`qingdan_core.archive_seal`); version 4 the holiday notice files a store
was run with (``holiday_notices``). :meth:`SqlBackend.upgrade` brings a version-1,
2 or 3 database to version 4 in one transaction.
An engine passed in by the caller is used as is and never disposed of; an
engine made here from a URL (:func:`create_engine`) is configured for SQLite
with WAL, foreign keys, a 30 s busy timeout and ``BEGIN IMMEDIATE`` writes.

On the MySQL family (MySQL, MariaDB and the engines speaking their protocol)
text columns are ``VARCHAR(255)`` (an index over three of them fits InnoDB's
3072 bytes in ``utf8mb4``), payloads ``LONGTEXT``, tables InnoDB in
``utf8mb4`` with a binary, no-pad collation (keys compare exactly, as on the
other databases), and units of work run at ``READ COMMITTED``, as on
PostgreSQL. Keys and queried columns fit: every store refuses, before it writes, a
key or column longer than ``qingdan_core.limits.COLUMN_LENGTH`` (255).

>>> import sqlalchemy as sa
>>> tables = build_tables(sa.MetaData())
>>> sorted(tables)[:4]
['archive_entries', 'archive_heads', 'archive_root', 'checklists']
>>> [c.name for c in tables["ledger_entries"].columns]
['seq', 'key', 'version', 'subject', 'day', 'payload']
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import mysql
from sqlalchemy.engine import Connection, Engine

from qingdan_core.archive_seal import ArchiveKey
from qingdan_core.errors import (
    ConflictError,
    NotFoundError,
    SchemaMismatchError,
    StorageError,
    ValidationError,
)
from qingdan_core.storage.kinds import KINDS, SEAL_KINDS
from qingdan_core.storage.namespaces import (
    PREFIX,
    check_namespace,
    is_namespace,
    namespace_of_table,
    table_prefix,
)
from qingdan_core.storage.protocol import Kind, Query, Record, Row

__all__ = ["SCHEMA_VERSION", "SqlBackend", "build_tables", "create_engine", "namespaces_in"]

SCHEMA_VERSION = 4
"""The schema version this library writes and reads (2: enums stored by code, ``item_id``;
3: the archive's sealed file heads and root; 4: the holiday notice files a store was run with)."""

_COMPONENT = "qingdan_core"
_RESERVED = frozenset({"seq", "key", "version", "payload"})
_MYSQL_FAMILY = ("mysql", "mariadb")
_IDENTIFIER_LENGTH = 63
"""The longest table, index or constraint name PostgreSQL keeps (the MySQL family: 64)."""
_TEXT_LENGTH = 255
"""The longest text (in characters) a key or queried column holds on the MySQL family."""
_COLUMN_TYPES: dict[type, Any] = {
    str: sa.String().with_variant(sa.String(_TEXT_LENGTH), *_MYSQL_FAMILY),
    int: sa.BigInteger(),
    bool: sa.Boolean(),
    dt.date: sa.Date(),
}
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _loads(payload: str) -> Any:
    """The stored JSON's data; a payload that is not JSON (edited by hand) comes back as
    its raw text, so decoding it fails with a ValidationError naming the record."""
    try:
        return json.loads(payload)
    except ValueError:
        return payload


_PAYLOAD = sa.Text().with_variant(mysql.LONGTEXT(), *_MYSQL_FAMILY)


def mysql_collation(dialect: sa.Dialect) -> str:
    """The exact (binary, no-pad) ``utf8mb4`` collation of a connected MySQL-family server.

    MariaDB has ``utf8mb4_nopad_bin``, MySQL 8 ``utf8mb4_0900_bin``; older
    MySQL only ``utf8mb4_bin``, which ignores trailing spaces in comparisons.

    >>> from sqlalchemy.dialects.mysql import pymysql
    >>> dialect = pymysql.dialect()
    >>> dialect.server_version_info, dialect.is_mariadb = (10, 11, 9), True
    >>> mysql_collation(dialect)
    'utf8mb4_nopad_bin'
    """
    if getattr(dialect, "is_mariadb", False):
        return "utf8mb4_nopad_bin"
    if (dialect.server_version_info or (0,)) >= (8,):
        return "utf8mb4_0900_bin"
    return "utf8mb4_bin"


def build_tables(
    metadata: sa.MetaData,
    kinds: Sequence[Kind[Any]] = (*KINDS, *SEAL_KINDS),
    prefix: str = PREFIX,
    *,
    mysql_collate: str = "utf8mb4_bin",
) -> dict[str, sa.Table]:
    """Add one table per kind, and the ``schema`` table, to ``metadata``.

    Table names are ``prefix`` + the kind's name; indexes and constraints get
    explicit names. Use your own ``MetaData`` to manage the tables with your
    migration tool. On the MySQL family the tables are InnoDB, ``utf8mb4``,
    with the collation ``mysql_collate`` (see :func:`mysql_collation`).

    :returns: the tables by kind name, plus ``"schema"`` for the version table.
    :raises ValidationError: when a field uses a reserved column name, or a
        table, index or constraint name would be longer than 63 characters.

    >>> t = build_tables(sa.MetaData(), prefix="x_")
    >>> t["schema"].name, t["units"].name
    ('x_schema', 'x_units')
    """
    options: dict[str, Any] = {
        "mysql_engine": "InnoDB",
        "mysql_charset": "utf8mb4",
        "mysql_collate": mysql_collate,
    }
    tables = {
        "schema": sa.Table(
            f"{prefix}schema",
            metadata,
            sa.Column("component", _COLUMN_TYPES[str], primary_key=True),
            sa.Column("version", sa.Integer(), nullable=False),
            **options,
        )
    }
    for kind in kinds:
        name = f"{prefix}{kind.name}"
        clashes = _RESERVED.intersection(f.name for f in kind.fields)
        if clashes:
            raise ValidationError(
                f"{kind.name}.fields", f"reserved column name(s): {', '.join(sorted(clashes))}"
            )
        single = [f for f in kind.fields if not f.many]
        table = sa.Table(
            name,
            metadata,
            sa.Column(
                "seq",
                sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                primary_key=True,
                autoincrement=True,
            ),
            sa.Column("key", _COLUMN_TYPES[str], nullable=False),
            sa.Column("version", sa.Integer(), nullable=False),
            *(sa.Column(f.name, _COLUMN_TYPES[f.python_type], nullable=f.nullable) for f in single),
            sa.Column("payload", _PAYLOAD, nullable=False),
            sa.UniqueConstraint("key", name=f"uq_{name}_key"),
            *(
                sa.UniqueConstraint(*cols, name=f"uq_{name}_{'_'.join(cols)}")
                for cols in kind.unique
            ),
            **options,
        )
        for cols in kind.index_columns():
            sa.Index(f"ix_{name}_{'_'.join(cols)}", *(table.c[c] for c in cols))
        tables[kind.name] = table
        for field in kind.fields:
            if field.many:
                side = sa.Table(
                    f"{name}__{field.name}",
                    metadata,
                    sa.Column(
                        "key", _COLUMN_TYPES[str], sa.ForeignKey(table.c.key), nullable=False
                    ),
                    sa.Column("value", _COLUMN_TYPES[field.python_type], nullable=False),
                    sa.Index(f"ix_{name}__{field.name}_key", "key"),
                    sa.Index(f"ix_{name}__{field.name}_value", "value"),
                    **options,
                )
                tables[f"{kind.name}.{field.name}"] = side
    _check_identifiers(tables.values())
    return tables


def _check_identifiers(tables: Iterable[sa.Table]) -> None:
    for table in tables:
        names = [table.name, *(i.name for i in table.indexes)]
        names += [c.name for c in table.constraints if isinstance(c.name, str)]
        for name in names:
            if name is not None and len(name) > _IDENTIFIER_LENGTH:
                raise ValidationError(
                    "prefix", f"the name {name!r} would exceed {_IDENTIFIER_LENGTH} characters"
                )


def create_engine(url: str | sa.URL) -> Engine:
    """An engine for ``url`` configured as the store likes it.

    For SQLite: WAL journal, foreign keys on, a 30 s busy timeout, and write
    transactions that take the write lock at once (``BEGIN IMMEDIATE``, before
    the unit of work's first read), so concurrent units of work queue instead
    of failing. For the MySQL family: ``READ COMMITTED`` (each statement sees
    what is committed, as on PostgreSQL), ``utf8mb4`` on the connection
    unless the URL names a charset, and connections recycled hourly (before
    the server's idle timeout). Other databases: the SQLAlchemy defaults. The
    caller owns (and disposes of) the engine.

    >>> engine = create_engine("sqlite://")
    >>> with engine.connect() as conn:
    ...     conn.exec_driver_sql("PRAGMA foreign_keys").scalar()
    1
    >>> engine.dispose()
    """
    parsed = sa.make_url(url)
    if parsed.get_backend_name() in _MYSQL_FAMILY:
        if "charset" not in parsed.query:
            parsed = parsed.update_query_dict({"charset": "utf8mb4"})
        return sa.create_engine(parsed, isolation_level=_ISOLATION, pool_recycle=3600)
    if parsed.get_backend_name() != "sqlite":
        return sa.create_engine(parsed)
    # pysqlite would send BEGIN only before the first write, leaving the reads of
    # a unit of work outside its transaction: take transaction control from it
    # and begin every transaction ourselves, with the write lock (SQLAlchemy's
    # documented pysqlite recipe).
    engine = sa.create_engine(parsed, connect_args={"isolation_level": None, "timeout": 30})

    @sa.event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: object) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


_ISOLATION = "READ COMMITTED"
# MySQL-family error numbers that mean "another unit of work got there first": deadlock,
# lock wait timeout, MariaDB's "record has changed since last read", and TiDB's own
# write conflicts (8002 SELECT FOR UPDATE, 8005 and 9007 Write Conflict; TiDB's
# "Error Codes and Troubleshooting" page says to retry the transaction).
_MYSQL_CONFLICTS = frozenset({1213, 1205, 1020, 8002, 8005, 9007})


def _translate(exc: sa.exc.DBAPIError, kind: str, key: str) -> ConflictError | None:
    """The conflict a database error means, if it means one."""
    if isinstance(exc, sa.exc.IntegrityError):
        return ConflictError(kind, key, f"already stored ({str(exc.orig).strip()})")
    code = getattr(exc.orig, "sqlstate", None)
    if code in ("40001", "40P01"):
        return ConflictError(kind, key, f"concurrent update ({code}); retry the unit of work")
    number = next(iter(getattr(exc.orig, "args", ())), None)
    if isinstance(exc, sa.exc.OperationalError) and number in _MYSQL_CONFLICTS:
        return ConflictError(kind, key, f"concurrent update ({number}); retry the unit of work")
    if isinstance(exc, sa.exc.OperationalError) and "locked" in str(exc.orig):
        return ConflictError(kind, key, "the database is locked by another writer; retry")
    return None


def _execute_many(
    conn: Connection, table: sa.Table, names: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    """Insert ``rows`` (values in ``names`` order) into ``table`` in one driver executemany.

    The statement is SQLAlchemy Core's INSERT compiled for the connection's
    dialect, and each value goes through its column type's bind processor, as
    ``conn.execute`` would do, without its per-row bookkeeping: this is the
    bulk path (100,000 records in one unit of work, see ``benchmarks/storage.py``).
    """
    statement, processors, order = _insert_plan(table, tuple(names), conn.dialect)
    if processors:
        rows = [_processed(row, processors) for row in rows]
    params: list[Any]
    if order is None:
        params = [dict(zip(names, row, strict=True)) for row in rows]
    elif order == tuple(range(len(names))):
        params = rows
    else:
        params = [tuple(r[i] for i in order) for r in rows]
    conn.exec_driver_sql(statement, params)


@functools.lru_cache(maxsize=512)
def _insert_plan(
    table: sa.Table, names: tuple[str, ...], dialect: sa.Dialect
) -> tuple[str, tuple[tuple[int, Callable[[Any], Any]], ...], tuple[int, ...] | None]:
    """The INSERT of ``names`` into ``table`` compiled for ``dialect`` (compiled once, reused):
    its SQL, the bind processors by value index, and the value order of a positional
    statement (None for named parameters)."""
    compiled = table.insert().compile(dialect=dialect, column_keys=list(names))
    processors = tuple(
        (i, process)
        for i, name in enumerate(names)
        if (process := table.c[name].type.dialect_impl(dialect).bind_processor(dialect))
    )
    order = (
        tuple(names.index(name) for name in compiled.positiontup or ())
        if compiled.positional
        else None
    )
    return compiled.string, processors, order


def _processed(
    row: tuple[Any, ...], processors: Sequence[tuple[int, Callable[[Any], Any]]]
) -> tuple[Any, ...]:
    values = list(row)
    for i, process in processors:
        if values[i] is not None:
            values[i] = process(values[i])
    return tuple(values)


def _many(kind: Kind[Any]) -> frozenset[str]:
    """The names of ``kind``'s many-valued fields (kept in side tables)."""
    return frozenset(f.name for f in kind.fields if f.many)


def _without(columns: Mapping[str, Any], names: frozenset[str]) -> dict[str, Any]:
    return {name: value for name, value in columns.items() if name not in names}


def _reason(exc: sa.exc.DBAPIError) -> str:
    """The database's own words for ``exc``, on one line, cut at 200 characters."""
    words = " ".join(str(exc.orig).split()) or type(exc.orig).__name__
    return words if len(words) <= 200 else words[:200] + " …"


@contextmanager
def _conflicts(operation: str, kind: str, key: str) -> Iterator[None]:
    """Raise a database error inside the block as what it means: a
    :class:`ConflictError`, or else a :class:`StorageError` naming ``operation`` and the record.
    """
    try:
        yield
    except sa.exc.DBAPIError as exc:
        conflict = _translate(exc, kind, key)
        if conflict is not None:
            raise conflict from exc
        raise StorageError(operation, f"{kind} {key}", _reason(exc)) from exc


class _SqlSession:
    """The record operations on one connection inside one transaction."""

    def __init__(self, conn: Connection, tables: dict[str, sa.Table]) -> None:
        self._conn = conn
        self._tables = tables

    def _sides(self, kind: Kind[Any]) -> list[tuple[str, sa.Table]]:
        return [(f.name, self._tables[f"{kind.name}.{f.name}"]) for f in kind.fields if f.many]

    def _insert_sides(self, kind: Kind[Any], rows: Sequence[Row]) -> None:
        for name, side in self._sides(kind):
            values = [(row.key, v) for row in rows for v in row.columns[name]]
            if values:
                _execute_many(self._conn, side, ("key", "value"), values)

    def insert(
        self, kind: Kind[Any], rows: Sequence[Row], versions: Sequence[int] | None = None
    ) -> None:
        """Insert ``rows`` at version 1 (or at ``versions``, one per row, when rewriting)."""
        table = self._tables[kind.name]
        scalar = tuple(f.name for f in kind.fields if not f.many)
        values = [
            (key, version, *(columns[name] for name in scalar), _dumps(data))
            for (key, columns, data), version in zip(
                rows, versions if versions is not None else [1] * len(rows), strict=True
            )
        ]
        label = rows[0].key if len(rows) == 1 else f"{rows[0].key} … ({len(rows)} records)"
        with _conflicts("insert", kind.name, label):
            _execute_many(self._conn, table, ("key", "version", *scalar, "payload"), values)
            self._insert_sides(kind, rows)

    def update(self, kind: Kind[Any], row: Row, version: int) -> int:
        table = self._tables[kind.name]
        statement = (
            table.update()
            .where(table.c.key == row.key, table.c.version == version)
            .values(
                version=version + 1,
                payload=_dumps(row.data),
                **_without(row.columns, _many(kind)),
            )
        )
        with _conflicts("update", kind.name, row.key):
            if self._conn.execute(statement).rowcount == 1:
                for _name, side in self._sides(kind):
                    self._conn.execute(side.delete().where(side.c.key == row.key))
                self._insert_sides(kind, (row,))
                return version + 1
            stored = self._conn.execute(
                sa.select(table.c.version).where(table.c.key == row.key)
            ).scalar_one_or_none()
        if stored is None:
            raise NotFoundError(kind.name, row.key)
        raise ConflictError(
            kind.name, row.key, f"stale version {version}; stored version is {stored}"
        )

    def get(self, kind: Kind[Any], key: str) -> Record:
        table = self._tables[kind.name]
        statement = sa.select(table.c.key, table.c.version, table.c.payload).where(
            table.c.key == key
        )
        with _conflicts("get", kind.name, key):
            found = self._conn.execute(statement).one_or_none()
        if found is None:
            raise NotFoundError(kind.name, key)
        return Record(found[0], found[1], _loads(found[2]))

    def _condition(self, kind: Kind[Any], name: str, values: tuple[Any, ...]) -> Any:
        """The SQL condition "field ``name`` is (or, when many, holds) one of ``values``"."""
        table = self._tables[kind.name]
        if not kind.field(name).many:
            column = table.c[name]
            return column == values[0] if len(values) == 1 else column.in_(values)
        side = self._tables[f"{kind.name}.{name}"]
        value = side.c.value == values[0] if len(values) == 1 else side.c.value.in_(values)
        return table.c.key.in_(sa.select(side.c.key).where(value))

    def select(self, kind: Kind[Any], query: Query) -> list[Record]:
        kind.check(query)
        table = self._tables[kind.name]
        conditions = [self._condition(kind, n, (v,)) for n, v in query.equal]
        conditions += [self._condition(kind, n, tuple(vs)) for n, vs in query.among]
        for name, low, high in query.between:
            conditions.append(table.c[name].is_not(None))
            if low is not None:
                conditions.append(table.c[name] >= low)
            if high is not None:
                conditions.append(table.c[name] <= high)
        order = [*(table.c[name] for name in query.order_by), table.c.seq]
        statement = (
            sa.select(table.c.key, table.c.version, table.c.payload)
            .where(*conditions)
            .order_by(*(column.desc() for column in order) if query.descending else order)
            .limit(query.limit)
        )
        with _conflicts("select", kind.name, "(query)"):
            found = self._conn.execute(statement).all()
        return [Record(key, version, _loads(payload)) for key, version, payload in found]

    def clear(self, kind: Kind[Any]) -> None:
        with _conflicts("clear", kind.name, "(every record)"):
            for _name, side in self._sides(kind):
                self._conn.execute(side.delete())
            self._conn.execute(self._tables[kind.name].delete())


def _create_missing(conn: Connection, metadata: sa.MetaData) -> None:
    """Create the tables, and the indexes, of ``metadata`` that the database lacks.

    Where DDL is not transactional (the MySQL family commits each statement),
    an interrupted run can leave a table without its indexes; running this
    again completes it, so schema creation and upgrades are safe to retry.
    """
    inspector = sa.inspect(conn)
    for table in metadata.sorted_tables:
        if not inspector.has_table(table.name, schema=table.schema):
            table.create(conn)
            continue
        present = {index["name"] for index in inspector.get_indexes(table.name, table.schema)}
        for index in table.indexes:
            if index.name not in present:
                index.create(conn)


def _upgrade_from_v1(conn: Connection, tables: dict[str, sa.Table]) -> None:
    """Rewrite every kind's table from schema version 1 to today's, one kind at a time.

    Each kind's records are read in insertion order, brought to today's form
    (:func:`qingdan_core._v1.upgrade_data`) and checked through the codec; then
    its old table and side tables are dropped, today's are created, and the
    records written back with their versions. All inside the caller's transaction.
    """
    from qingdan_core._v1 import upgrade_data

    where = tables["schema"].schema
    present = set(sa.inspect(conn).get_table_names(schema=where))
    for kind in KINDS:
        table = tables[kind.name]
        if table.name not in present:
            continue
        found = conn.execute(
            sa.select(table.c.key, table.c.version, table.c.payload).order_by(table.c.seq)
        ).all()
        rows, versions = [], []
        for key, version, payload in found:
            value = kind.decode(Record(key, version, upgrade_data(_loads(payload), kind.cls)))
            rows.append(kind.row(value))
            versions.append(version)
        for side in sorted(name for name in present if name.startswith(f"{table.name}__")):
            sa.Table(side, sa.MetaData(schema=where)).drop(conn)
        table.drop(conn)
        table.create(conn)
        for field in kind.fields:
            if field.many:
                tables[f"{kind.name}.{field.name}"].create(conn)
        if rows:
            _SqlSession(conn, tables).insert(kind, rows, versions)


def namespaces_in(engine: Engine) -> tuple[str, ...]:
    """The namespaces holding a store in the database of ``engine``, sorted.

    On PostgreSQL, the schemas (other than the connection's default) that
    hold a ``qingdan_schema`` table and have a namespace's name; elsewhere the
    prefixes of the ``qingdan_<namespace>__schema`` tables.

    >>> engine = create_engine("sqlite://")
    >>> SqlBackend(engine, namespace="deqing").create_schema()
    >>> namespaces_in(engine)
    ('deqing',)
    >>> engine.dispose()
    """
    inspector = sa.inspect(engine)
    if engine.dialect.name == "postgresql":
        found = (
            name
            for name in inspector.get_schema_names()
            if name != inspector.default_schema_name
            and is_namespace(name)
            and inspector.has_table(f"{PREFIX}schema", schema=name)
        )
    else:
        found = (
            name
            for name in map(namespace_of_table, inspector.get_table_names())
            if name is not None
        )
    return tuple(sorted(found))


class SqlBackend:
    """A :class:`~qingdan_core.storage.protocol.Backend` on an SQLAlchemy engine.

    Reads the schema version at open.

    :param engine: the engine to use.
    :param owns_engine: dispose of the engine on :meth:`close` (only for
        engines made by :func:`~qingdan_core.storage.open_store`).
    :param namespace: the county whose store this is, in a database holding
        many (:mod:`qingdan_core.storage.namespaces`): a schema of that name on
        PostgreSQL, the table prefix ``qingdan_<namespace>__`` elsewhere.
    :raises SchemaMismatchError: when the database holds a newer schema.
    :raises ValidationError: when ``namespace`` is not a namespace name.

    >>> backend = SqlBackend(create_engine("sqlite://"), owns_engine=True)
    >>> backend.create_schema()
    >>> backend.schema_version == SCHEMA_VERSION
    True
    >>> backend.close()
    """

    def __init__(
        self, engine: Engine, *, owns_engine: bool = False, namespace: str | None = None
    ) -> None:
        self.engine = engine
        self.namespace = None if namespace is None else check_namespace(namespace)
        self._owns_engine = owns_engine
        self._isolation: str | None = None
        self._label = engine.url.render_as_string(hide_password=True)
        collate = "utf8mb4_bin"
        if engine.dialect.name in _MYSQL_FAMILY:
            # the dialect learns the server's version on first connect
            with _conflicts("open", "database", self._label), engine.connect():
                collate = mysql_collation(engine.dialect)
            if getattr(engine.dialect, "isolation_level", None) != _ISOLATION:
                self._isolation = _ISOLATION  # a caller's engine: set per unit of work
        by_schema = engine.dialect.name == "postgresql"
        self._tables = build_tables(
            sa.MetaData(schema=self.namespace if by_schema else None),
            prefix=PREFIX if by_schema else table_prefix(self.namespace),
            mysql_collate=collate,
        )
        if self.namespace is not None:
            self._label += f" (namespace {self.namespace})"
        self.schema_version = self._stored_version()
        if self.schema_version is not None and self.schema_version > SCHEMA_VERSION:
            raise self._mismatch()

    def _stored_version(self) -> int | None:
        with _conflicts("open", "database", self._label), self.engine.connect() as conn:
            return self._version_in(conn)

    def _mismatch(self) -> SchemaMismatchError:
        found = self.schema_version
        if found is None:
            advice = "it has no qingdan_core tables yet: call create_schema() first"
        elif found < SCHEMA_VERSION:
            advice = f"its schema version {found} is older than {SCHEMA_VERSION}: call upgrade()"
        else:
            advice = (
                f"its schema version {found} is newer than this library's {SCHEMA_VERSION}: "
                "upgrade qingdan-core"
            )
        return SchemaMismatchError(self._label, found, SCHEMA_VERSION, advice)

    @contextmanager
    def unit_of_work(self) -> Iterator[_SqlSession]:
        """One database transaction; committed when the block ends, rolled back when it raises.

        :raises SchemaMismatchError: when the schema is missing or not this version.
        :raises ConflictError: when the database reports a conflict at commit.
        """
        if self.schema_version != SCHEMA_VERSION:
            raise self._mismatch()
        with _conflicts("commit", "store", self._label), self.engine.connect() as conn:
            if self._isolation is not None:
                conn.execution_options(isolation_level=self._isolation)
            with conn.begin():
                yield _SqlSession(conn, self._tables)

    def create_schema(self) -> None:
        """Create the missing tables and record the schema version (idempotent).

        :raises SchemaMismatchError: when the database holds another schema version
            (an older one needs :meth:`upgrade`).
        """
        if self.schema_version not in (None, SCHEMA_VERSION):
            raise self._mismatch()
        with _conflicts("create_schema", "database", self._label), self.engine.begin() as conn:
            self._write_schema(conn)
        self.schema_version = SCHEMA_VERSION

    def upgrade(self, archive_key: ArchiveKey | None = None) -> None:
        """Bring the schema to this library's version, in one transaction; idempotent.

        From version 1, every record of every kind is rewritten: its enums'
        Chinese texts become their codes and ``task_id`` becomes ``item_id``
        (payload, key and columns; the side table ``checklists__task_ids``
        becomes ``checklists__item_ids``), keeping each record's version and
        the insertion order. Archived documents stay as they were filed (their
        digests cover them; :meth:`~qingdan_core.archive.ArchiveEntry.record`
        reads either form). Then the tables of kinds added since are created.
        From version 1 or 2, the archive's chains are verified and each file's
        head and the root computed and sealed with ``archive_key`` (None:
        unkeyed; see :meth:`~qingdan_core.storage.ArchiveRepository.seal`).
        Then the version is recorded. If anything fails, nothing is changed.

        :raises SchemaMismatchError: when the database holds a newer schema.
        :raises ValidationError: naming the record when a stored payload does not
            describe its kind even after the rewrite (nothing is changed).
        :raises ArchiveTamperedError: when an archive chain to seal is broken (nothing
            is changed).
        """
        from qingdan_core.storage.repositories import ArchiveRepository

        with _conflicts("upgrade", "database", self._label), self.engine.begin() as conn:
            found = self._version_in(conn)
            if found is not None and found > SCHEMA_VERSION:
                self.schema_version = found
                raise self._mismatch()
            if found == 1:
                _upgrade_from_v1(conn, self._tables)
            self._write_schema(conn)
            if found in (1, 2):
                ArchiveRepository(_SqlSession(conn, self._tables), archive_key).seal()
        self.schema_version = SCHEMA_VERSION

    def _version_in(self, conn: Connection) -> int | None:
        schema = self._tables["schema"]
        if not sa.inspect(conn).has_table(schema.name, schema=schema.schema):
            return None
        version: int | None = conn.execute(
            sa.select(schema.c.version).where(schema.c.component == _COMPONENT)
        ).scalar_one_or_none()
        return version

    def _write_schema(self, conn: Connection) -> None:
        schema = self._tables["schema"]
        if schema.schema is not None:
            conn.execute(sa.schema.CreateSchema(schema.schema, if_not_exists=True))
        _create_missing(conn, schema.metadata)
        if self._version_in(conn) is None:
            conn.execute(schema.insert().values(component=_COMPONENT, version=SCHEMA_VERSION))
        else:
            conn.execute(
                schema.update()
                .where(schema.c.component == _COMPONENT)
                .values(version=SCHEMA_VERSION)
            )

    def drop(self) -> None:
        """Drop this store's tables, in one transaction (and, on PostgreSQL, the
        namespace's schema once no other table is left in it).

        For removing a county's namespace or a scratch store; what is dropped is gone.
        """
        metadata = self._tables["schema"].metadata
        with self.engine.begin() as conn:
            metadata.drop_all(conn, checkfirst=True)
            if metadata.schema is not None and not sa.inspect(conn).get_table_names(
                schema=metadata.schema
            ):
                conn.execute(sa.schema.DropSchema(metadata.schema, if_exists=True))
        self.schema_version = None

    def close(self) -> None:
        """Dispose of the engine if this backend made it; a caller's engine stays open."""
        if self._owns_engine:
            self.engine.dispose()
