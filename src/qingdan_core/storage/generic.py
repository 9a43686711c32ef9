"""The two generic repositories every typed repository is made of.

:class:`AppendOnly` stores records that are added once and never change
(ledger entries, lifecycle events); :class:`Versioned` stores mutable
records, each with a version for optimistic concurrency (units, lists,
notices …). Both turn values into :class:`~qingdan_core.storage.protocol.Row`
values through the codec and back, over any adapter's
:class:`~qingdan_core.storage.protocol.Session`. A typed repository is a
subclass naming its kind and its queries.

>>> from qingdan_core.storage.memory import MemoryBackend
>>> from qingdan_core.storage.kinds import UNITS
>>> from qingdan_core.organisation import Unit
>>> class Units(Versioned[Unit]):
...     kind = UNITS
>>> with MemoryBackend().unit_of_work() as session:
...     Units(session).add(Unit("u-1", "县委办")).version
1
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import Generic, TypeVar

import attrs

from qingdan_core.errors import ConflictError, NotFoundError
from qingdan_core.storage.integrity import check_references
from qingdan_core.storage.protocol import Kind, Query, Record, Row, Session, Stored
from qingdan_core.storage.write_rules import WriteRules

__all__ = ["AppendOnly", "Changes", "Outcome", "Upserted", "Versioned"]

T = TypeVar("T")


class Outcome(enum.Enum):
    """What an upsert did to the stored record.

    >>> Outcome.UNCHANGED.value
    'unchanged'
    """

    ADDED = "added"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@attrs.frozen
class Upserted(Generic[T]):
    """The result of :meth:`Versioned.upsert`: what it did and the value as now stored.

    >>> Upserted(Outcome.ADDED, Stored("u-1", 1, "县委办")).stored.version
    1
    """

    outcome: Outcome
    stored: Stored[T]


@attrs.frozen
class Changes:
    """How many records a load added, updated and left unchanged.

    >>> print(Changes(2, 1, 5) + Changes(1, 0, 0))
    3 added, 1 updated, 5 unchanged
    """

    added: int = 0
    updated: int = 0
    unchanged: int = 0

    @classmethod
    def of(cls, outcomes: list[Outcome]) -> Changes:
        """The counts of ``outcomes``.

        >>> Changes.of([Outcome.ADDED, Outcome.UNCHANGED, Outcome.ADDED]).added
        2
        """
        return cls(
            *(outcomes.count(o) for o in (Outcome.ADDED, Outcome.UPDATED, Outcome.UNCHANGED))
        )

    def __add__(self, other: Changes) -> Changes:
        return Changes(
            self.added + other.added, self.updated + other.updated, self.unchanged + other.unchanged
        )

    def __str__(self) -> str:
        return f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged"


class _Repository(Generic[T]):
    """What both generic repositories share: encoding values to rows and back."""

    kind: Kind[T]

    def __init__(self, session: Session, rules: WriteRules | None = None) -> None:
        self._session = session
        self._rules = WriteRules() if rules is None else rules

    def _row(self, value: T, pending: Mapping[str, T] | None = None) -> Row:
        """The row of ``value``, once its references hold (``pending``: the rest of its batch)."""
        row = self.kind.row(value)
        check_references(self._session, self.kind, value, pending)
        return row

    def _value(self, record: Record) -> T:
        return self.kind.decode(record)

    def add_many(self, values: Iterable[T]) -> int:
        """Add every value of ``values`` in one write, in order; all of them or none.

        :returns: how many were added.
        :raises ConflictError: when a key is already stored or repeats in
            ``values``; then none is added.
        :raises ValidationError: when a value is not of the kind's type.
        """
        batch = list(values)
        pending = {self.kind.key(v): v for v in batch if isinstance(v, self.kind.cls)}
        rows = [self._row(value, pending) for value in batch]
        if rows:
            self._session.insert(self.kind, rows)
        return len(rows)


class AppendOnly(_Repository[T]):
    """A repository of records that are added once and never changed.

    Reads return the values themselves; every query returns a tuple in the
    order it documents, ties in insertion order.
    """

    def add(self, value: T) -> None:
        """Add ``value``.

        :raises ConflictError: when its key is already stored (nothing written).
        """
        self.add_many((value,))

    def get(self, key: str) -> T:
        """The value stored under ``key``.

        :raises NotFoundError: when there is none.
        """
        return self._value(self._session.get(self.kind, key))

    def all(self) -> tuple[T, ...]:
        """Every stored value, in insertion order."""
        return self._select(Query())

    def _select(self, query: Query) -> tuple[T, ...]:
        return tuple(self._value(record) for record in self._session.select(self.kind, query))


class Versioned(_Repository[T]):
    """A repository of mutable records, each with a version (optimistic concurrency).

    Reads return :class:`~qingdan_core.storage.protocol.Stored` values (key,
    version, value); pass the version you read to :meth:`save`.
    """

    def add(self, value: T) -> Stored[T]:
        """Add ``value`` at version 1.

        :returns: the stored value.
        :raises ConflictError: when its key is already stored (nothing written).
        """
        row = self._row(value)
        self._session.insert(self.kind, (row,))
        return Stored(row.key, 1, value)

    def get(self, key: str) -> Stored[T]:
        """The value stored under ``key``, with its version.

        :raises NotFoundError: when there is none.
        """
        record = self._session.get(self.kind, key)
        return Stored(record.key, record.version, self._value(record))

    def save(self, value: T, version: int) -> Stored[T]:
        """Replace the stored value with ``value`` if the stored version is ``version``.

        :returns: the stored value at its new version, ``version + 1``.
        :raises NotFoundError: when nothing is stored under ``value``'s key.
        :raises ConflictError: when the stored version is not ``version`` (someone
            saved since you read it); nothing is written.
        """
        row = self._row(value)
        return Stored(row.key, self._session.update(self.kind, row, version), value)

    def all(self) -> tuple[Stored[T], ...]:
        """Every stored value, in insertion order (the order they were first added)."""
        return self._select(Query())

    def _select(self, query: Query) -> tuple[Stored[T], ...]:
        return tuple(
            Stored(record.key, record.version, self._value(record))
            for record in self._session.select(self.kind, query)
        )

    def upsert(self, value: T, *, expected: int | None = None) -> Upserted[T]:
        """Store ``value`` under its key whatever is stored there: add it, save it over a
        different stored value, or leave an equal one alone (so loading twice changes nothing).

        ``expected`` is the version the caller last read (0: nothing was stored), so
        a record someone changed since is refused, never overwritten. Without it,
        the value is compared with what is stored now, in the same unit of work:
        a save in between still fails on its version.

        :returns: the outcome (added, updated, unchanged) and the stored value.
        :raises ConflictError: when the stored version is not ``expected``, or another
            writer added or saved the record meanwhile; nothing is written.
        :raises ValidationError: when ``value`` is not of the kind's type.

        >>> from qingdan_core.storage import open_store
        >>> from qingdan_core.organisation import Unit
        >>> store = open_store("memory://")
        >>> [store.units.upsert(Unit("u-1", name)).outcome.value for name in ("县委办", "县委办", "县委办公室")]
        ['added', 'unchanged', 'updated']
        >>> store.units.upsert(Unit("u-1", "县委办"), expected=1)
        Traceback (most recent call last):
        ...
        qingdan_core.errors.ConflictError: units u-1: stale version 1; stored version is 2
        """
        row = self._row(value)
        try:
            record: Record | None = self._session.get(self.kind, row.key)
        except NotFoundError:
            record = None
        found = 0 if record is None else record.version
        if expected is not None and expected != found:
            raise ConflictError(
                self.kind.name, row.key, f"stale version {expected}; stored version is {found}"
            )
        if record is None:
            self._session.insert(self.kind, (row,))
            return Upserted(Outcome.ADDED, Stored(row.key, 1, value))
        if self._value(record) == value:
            return Upserted(Outcome.UNCHANGED, Stored(row.key, record.version, value))
        version = self._session.update(self.kind, row, record.version)
        return Upserted(Outcome.UPDATED, Stored(row.key, version, value))
