"""The in-memory adapter: records in dictionaries, units of work with an undo log.

For tests, demos and short-lived jobs; nothing survives the process. It
follows exactly the same contract as the SQL adapter (both pass the
conformance suite in :mod:`qingdan_core.testing`). Units of work are
serialised by a lock, so threads may share one store.

>>> from qingdan_core.storage import RecordStore
>>> from qingdan_core.organisation import Unit
>>> store = RecordStore(MemoryBackend())
>>> store.units.add(Unit("u-1", "县委办")).key
'u-1'
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from qingdan_core.errors import ConflictError, NotFoundError
from qingdan_core.storage.protocol import Kind, Query, Record, Row

if TYPE_CHECKING:
    from qingdan_core.archive_seal import ArchiveKey

__all__ = ["MemoryBackend"]


class _Table:
    """One kind's records: key → (version, columns, data), in insertion order."""

    def __init__(self, kind: Kind[Any]) -> None:
        self.kind = kind
        self.rows: dict[str, tuple[int, dict[str, Any], Any]] = {}
        self.unique: dict[tuple[str, ...], dict[tuple[Any, ...], str]] = {
            fields: {} for fields in kind.unique
        }

    def taken(self, columns: dict[str, Any], key: str) -> tuple[str, ...] | None:
        """The first unique field combination another record already holds."""
        for fields, index in self.unique.items():
            holder = index.get(tuple(columns[f] for f in fields))
            if holder is not None and holder != key:
                return fields
        return None

    def index(self, key: str, columns: dict[str, Any] | None, add: bool) -> None:
        if columns is None:
            return
        for fields, index in self.unique.items():
            values = tuple(columns[f] for f in fields)
            if add:
                index[values] = key
            else:
                del index[values]


def _apply(table: _Table, key: str, entry: tuple[int, dict[str, Any], Any] | None) -> None:
    """Set (or with None remove) ``key``, keeping the unique indexes."""
    before = table.rows.get(key)
    table.index(key, None if before is None else before[1], add=False)
    if entry is None:
        del table.rows[key]
    else:
        table.rows[key] = entry
        table.index(key, entry[1], add=True)


class _MemorySession:
    """The operations of one unit of work; every change is undone on rollback."""

    def __init__(self, tables: dict[str, _Table]) -> None:
        self._tables = tables
        self._undo: list[Callable[[], None]] = []

    def _table(self, kind: Kind[Any]) -> _Table:
        table = self._tables.get(kind.name)
        if table is None:
            table = self._tables[kind.name] = _Table(kind)
        return table

    def _put(self, table: _Table, key: str, entry: tuple[int, dict[str, Any], Any] | None) -> None:
        """Set (or with None remove) ``key``, remembering how to undo it."""
        before = table.rows.get(key)
        _apply(table, key, entry)
        self._undo.append(lambda: _apply(table, key, before))

    def insert(self, kind: Kind[Any], rows: Sequence[Row]) -> None:
        table = self._table(kind)
        batch: dict[str, dict[str, Any]] = {}
        seen: dict[tuple[str, ...], set[tuple[Any, ...]]] = {f: set() for f in kind.unique}
        for key, columns, _data in rows:
            if key in table.rows or key in batch:
                raise ConflictError(kind.name, key, "already stored (duplicate key)")
            fields = table.taken(dict(columns), key)
            for unique in kind.unique:
                values = tuple(columns[f] for f in unique)
                if values in seen[unique]:
                    fields = unique
                seen[unique].add(values)
            if fields is not None:
                raise ConflictError(kind.name, key, f"{', '.join(fields)} already taken")
            batch[key] = dict(columns)
        for key, _columns, data in rows:
            self._put(table, key, (1, batch[key], data))

    def update(self, kind: Kind[Any], row: Row, version: int) -> int:
        table = self._table(kind)
        stored = table.rows.get(row.key)
        if stored is None:
            raise NotFoundError(kind.name, row.key)
        if stored[0] != version:
            raise ConflictError(
                kind.name, row.key, f"stale version {version}; stored version is {stored[0]}"
            )
        columns = dict(row.columns)
        fields = table.taken(columns, row.key)
        if fields is not None:
            raise ConflictError(kind.name, row.key, f"{', '.join(fields)} already taken")
        self._put(table, row.key, (version + 1, columns, row.data))
        return version + 1

    def get(self, kind: Kind[Any], key: str) -> Record:
        stored = self._table(kind).rows.get(key)
        if stored is None:
            raise NotFoundError(kind.name, key)
        return Record(key, stored[0], stored[2])

    def select(self, kind: Kind[Any], query: Query) -> list[Record]:
        kind.check(query)
        found = [
            (key, entry) for key, entry in self._table(kind).rows.items() if query.matches(entry[1])
        ]
        if query.order_by:
            found.sort(key=lambda item: tuple(item[1][1][name] for name in query.order_by))
        if query.descending:
            found.reverse()
        return [Record(key, entry[0], entry[2]) for key, entry in found[: query.limit]]

    def clear(self, kind: Kind[Any]) -> None:
        table = self._table(kind)
        for key in list(table.rows):
            self._put(table, key, None)

    def rollback(self) -> None:
        while self._undo:
            self._undo.pop()()


class MemoryBackend:
    """A :class:`~qingdan_core.storage.protocol.Backend` keeping records in memory.

    ``create_schema`` and ``upgrade`` have nothing to do; ``close`` keeps the
    records (the store may be used again).

    >>> backend = MemoryBackend()
    >>> backend.create_schema(); backend.upgrade(); backend.close()
    """

    def __init__(self) -> None:
        self._tables: dict[str, _Table] = {}
        self._lock = threading.RLock()

    @contextmanager
    def unit_of_work(self) -> Iterator[_MemorySession]:
        """A unit of work holding the store's lock; undone when the block raises."""
        with self._lock:
            session = _MemorySession(self._tables)
            try:
                yield session
            except BaseException:
                session.rollback()
                raise

    def create_schema(self) -> None:
        """Nothing to create."""

    def upgrade(self, archive_key: ArchiveKey | None = None) -> None:
        """Nothing to upgrade (a memory store never holds an older schema)."""

    def close(self) -> None:
        """Nothing to release."""
