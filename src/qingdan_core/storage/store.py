"""A store over any backend: :class:`RecordStore`, the units of work and their rules.

Repository calls made on the store itself each run in their own unit of
work; :meth:`RecordStore.transaction` groups calls into one, and a conflict
inside it dooms it (R5, R22: a filed record never half-exists).

>>> from qingdan_core.storage.memory import MemoryBackend
>>> from qingdan_core.organisation import Unit
>>> store = RecordStore(MemoryBackend())
>>> store.units.add(Unit("u-1", "县委办")).version
1
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Any, TypeVar

from qingdan_core.archive_seal import ArchiveKey
from qingdan_core.errors import ConflictError
from qingdan_core.storage.protocol import Backend, Kind, Query, Record, Row, Session
from qingdan_core.storage.repositories import Repositories
from qingdan_core.storage.write_rules import WriteRules

__all__ = ["RecordStore"]

R = TypeVar("R")


class _Relay:
    """A :class:`Session` that runs each operation through ``run``."""

    def __init__(self, run: Callable[[Callable[[Session], Any]], Any]) -> None:
        self._run = run

    def insert(self, kind: Kind[Any], rows: Any) -> None:
        self._run(lambda session: session.insert(kind, rows))

    def update(self, kind: Kind[Any], row: Row, version: int) -> int:
        new_version: int = self._run(lambda session: session.update(kind, row, version))
        return new_version

    def get(self, kind: Kind[Any], key: str) -> Record:
        record: Record = self._run(lambda session: session.get(kind, key))
        return record

    def select(self, kind: Kind[Any], query: Query) -> list[Record]:
        records: list[Record] = self._run(lambda session: session.select(kind, query))
        return records

    def clear(self, kind: Kind[Any]) -> None:
        self._run(lambda session: session.clear(kind))


class _Guard:
    """Remembers the first conflict of a unit of work and refuses to go on after it."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self.failure: ConflictError | None = None

    def __call__(self, operation: Callable[[Session], R]) -> R:
        if self.failure is not None:
            raise self.failure
        try:
            return operation(self._session)
        except ConflictError as exc:
            self.failure = exc
            raise


class RecordStore(Repositories):
    """A :class:`~qingdan_core.storage.protocol.Store` over any backend.

    Repository calls made on the store itself each run in their own unit of
    work; :meth:`transaction` groups calls into one. Closing the store closes
    the backend (which never disposes of an engine it was given).
    ``archive_key`` is the county's key the archive's heads and root are sealed
    with (:class:`~qingdan_core.archive_seal.ArchiveKey`; None: unkeyed).

    >>> from qingdan_core.storage.memory import MemoryBackend
    >>> from qingdan_core.organisation import Unit
    >>> with RecordStore(MemoryBackend()) as store:
    ...     store.units.add(Unit("u-1", "县委办")).version
    1
    """

    def __init__(self, backend: Backend, *, archive_key: ArchiveKey | None = None) -> None:
        self.backend = backend
        self.archive_key = archive_key
        super().__init__(_Relay(self._autocommit), archive_key)

    def _autocommit(self, operation: Callable[[Session], R]) -> R:
        with self.backend.unit_of_work() as session:
            return operation(session)

    @contextmanager
    def transaction(self, actor: str | None = None) -> Iterator[Repositories]:
        """A unit of work: everything done through the yielded repositories is
        committed together when the block ends, and nothing when it raises.

        ``actor`` is the person id acting: each write is then checked against the
        authority rules (R3, R5, R26; see :mod:`~qingdan_core.storage.write_rules`),
        with the organisation as stored. Without one the unit of work is a
        trusted batch job; the rules every writer obeys still apply.

        A :class:`~qingdan_core.errors.ConflictError` inside the block dooms the
        unit of work: later calls raise it again, and so does leaving the block,
        after rolling everything back. Retry the whole block on a conflict.

        >>> from qingdan_core.storage.memory import MemoryBackend
        >>> from qingdan_core.organisation import Unit
        >>> store = RecordStore(MemoryBackend())
        >>> with store.transaction() as tx:
        ...     _ = tx.units.add(Unit("u-1", "县委办"))
        ...     _ = tx.units.add(Unit("u-2", "县政府办"))
        >>> len(store.units.all())
        2
        """
        with self.backend.unit_of_work() as session:
            guard = _Guard(session)
            yield Repositories(_Relay(guard), self.archive_key, WriteRules(actor))
            if guard.failure is not None:
                raise guard.failure

    def create_schema(self) -> None:
        """Create the backend's tables (idempotent) and record the schema version."""
        self.backend.create_schema()

    def upgrade(self) -> None:
        """Bring an older schema up to this library's version (idempotent), sealing the
        archive's heads and root with the store's key (R5); with a key, an archive
        sealed unkeyed so far is verified and sealed with it.

        :raises ArchiveTamperedError: when the archive to seal does not verify (nothing changed).
        """
        self.backend.upgrade(self.archive_key)
        if self.archive_key is None:
            return
        with self.transaction() as tx:
            root = tx.archive.root()
            if root is not None and not root.scheme.keyed:
                tx.archive.seal()

    def close(self) -> None:
        """Close the backend (a caller's engine is left open)."""
        self.backend.close()

    def __enter__(self) -> RecordStore:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
