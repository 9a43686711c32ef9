"""The storage contract: record kinds, queries, and what an adapter implements.

Storage sits at the edge of the library (the rules never do I/O). A *kind*
(:class:`Kind`) describes one stored value type: its table name, how to get a
record's key, which fields are queried (stored in real, indexed columns) and
whether records are versioned (mutable, with optimistic concurrency) or
append-only. The whole value travels as the codec's JSON-ready data.

An adapter implements two small protocols:

* :class:`Backend` — opens a unit of work (:meth:`Backend.unit_of_work`), creates
  and upgrades its schema, closes;
* :class:`Session` — the record operations inside one unit of work:
  :meth:`Session.insert`, :meth:`Session.update`, :meth:`Session.get`,
  :meth:`Session.select`, and :meth:`Session.clear` for replacing a whole store.

:class:`~qingdan_core.storage.RecordStore` turns any backend into a
:class:`Store` with typed repositories (ledger entries, units, the archive …),
so an adapter never re-implements them. ``qingdan_core.testing`` holds the
conformance suite every adapter must pass.

>>> import datetime as dt
>>> from qingdan_core.ledger import EntryKind, LedgerEntry, Subject
>>> kind = Kind(
...     "ledger_entries", LedgerEntry, key=lambda e: e.entry_id,
...     fields=(Field("subject", str, lambda e: str(e.subject)), Field("day", dt.date, lambda e: e.day)),
... )
>>> kind.field("day").python_type
<class 'datetime.date'>
>>> Query(equal=(("subject", "unit:u-1"),), order_by=("day",)).order_by
('day',)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, Protocol, TypeVar

import attrs

from qingdan_core._checks import instance_of, int_between
from qingdan_core.codec import structure, unstructure
from qingdan_core.errors import Problem, ValidationError
from qingdan_core.limits import COLUMN_LENGTH, id_problem, value_problems

if TYPE_CHECKING:
    from qingdan_core.archive_seal import ArchiveKey
    from qingdan_core.storage.repositories import (
        ArchiveRepository,
        ChecklistRepository,
        ContractRepository,
        GuidanceGroupRepository,
        HolidayNoticeRepository,
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
        UnitRepository,
        WorkLogRepository,
    )

__all__ = [
    "FIELD_TYPES",
    "Backend",
    "Field",
    "Kind",
    "Query",
    "Record",
    "Row",
    "Session",
    "Store",
    "Stored",
]

T = TypeVar("T")

FIELD_TYPES: tuple[type, ...] = (str, int, bool, dt.date)
"""The Python types a queried field may have (each maps to a real SQL column type)."""


@attrs.frozen
class Field:
    """A queried field of a stored value, kept in its own indexed column.

    ``python_type`` is the column's type, ``get`` reads the column value from a
    value, ``nullable`` allows ``None``. A ``many`` field holds a tuple of values
    (the units of a list's items, say): it is kept in a side table, one row per
    value, and a query on it selects the records holding the value.

    :raises ValidationError: when ``python_type`` is not one of :data:`FIELD_TYPES`.

    >>> Field("unit_id", str, lambda u: u.unit_id).nullable
    False
    """

    name: str
    python_type: type = attrs.field()
    get: Callable[[Any], Any] = attrs.field(eq=False)
    nullable: bool = False
    many: bool = False

    @python_type.validator
    def _check_type(self, _attribute: object, value: object) -> None:
        if value not in FIELD_TYPES:
            raise ValidationError(
                f"{self.name}.python_type",
                f"unsupported column type {value!r}",
                allowed=(t.__name__ for t in FIELD_TYPES),
            )


@attrs.frozen
class Kind(Generic[T]):
    """One stored value type: its table, key, queried fields and versioning.

    * ``name`` names the table (prefixed ``qingdan_`` in SQL) and the kind in
      errors (``ConflictError("ledger_entries", …)``);
    * ``key`` gives a record's unique key (a string);
    * ``fields`` are stored in real columns, each indexed unless ``indexes``
      says otherwise (a tuple of column-name tuples);
    * ``unique`` lists field combinations that must be unique besides the key;
    * ``versioned`` records may be saved again with their version
      (optimistic concurrency); the others are append-only.

    >>> from qingdan_core.organisation import Unit
    >>> units = Kind("units", Unit, key=lambda u: u.unit_id, versioned=True)
    >>> units.versioned, units.fields
    (True, ())
    """

    name: str
    cls: type[T]
    key: Callable[[T], str] = attrs.field(eq=False)
    fields: tuple[Field, ...] = ()
    versioned: bool = False
    unique: tuple[tuple[str, ...], ...] = ()
    indexes: tuple[tuple[str, ...], ...] | None = None

    def field(self, name: str) -> Field:
        """The field called ``name``.

        :raises ValidationError: naming the kind's fields when there is none.
        """
        for candidate in self.fields:
            if candidate.name == name:
                return candidate
        raise ValidationError(
            f"{self.name}.{name}", "no such queried field", allowed=(f.name for f in self.fields)
        )

    def row(self, value: T) -> Row:
        """The row that stores ``value``: its key, queried columns and JSON-ready data.

        Every store calls it before it writes, so every adapter refuses the same
        values: any field beyond :mod:`qingdan_core.limits`, a key or queried column
        longer than :data:`~qingdan_core.limits.COLUMN_LENGTH`.

        :raises ValidationError: when ``value`` is not of the kind's type, or is beyond
            the limits (naming the kind, the record's key and each field path).

        >>> from qingdan_core.organisation import Unit
        >>> units = Kind("units", Unit, key=lambda u: u.unit_id)
        >>> units.row(Unit("u-1", "县委办")).key
        'u-1'
        >>> Kind("units", Unit, key=lambda u: u.unit_id * 100).row(Unit("u-1", "县委办"))
        Traceback (most recent call last):
        ...
        qingdan_core.errors.ValidationError: units['u-1u-1u-1...'].(key): 300 characters; a key or queried column has at most 255
        """
        if not isinstance(value, self.cls):
            raise ValidationError(
                self.name, f"expected {self.cls.__name__}, got {type(value).__name__}"
            )
        columns = {
            field.name: _values(field.get(value)) if field.many else field.get(value)
            for field in self.fields
        }
        key = self.key(value)
        problems = value_problems(value)
        for name, found in (("key", key), *columns.items()):
            for i, text in enumerate(found if isinstance(found, tuple) else (found,)):
                reason = isinstance(text, str) and id_problem(text, COLUMN_LENGTH)
                if reason:
                    where = f"{name}[{i}]" if isinstance(found, tuple) else name
                    problems.append(Problem(f"({where})", reason))
        if problems:
            shown = key if len(key) <= 40 else f"{key[:40]}…"
            raise ValidationError.from_problems(
                [attrs.evolve(p, path=f"{self.name}[{shown!r}].{p.path}") for p in problems]
            )
        return Row(key, columns, unstructure(value))

    def decode(self, record: Record) -> T:
        """The value ``record`` stores.

        :raises ValidationError: naming the kind, the record's key and each bad field path.
        """
        try:
            return structure(record.data, self.cls)
        except ValidationError as exc:
            prefix = f"{self.name}[{record.key!r}]"
            raise ValidationError.from_problems(
                [
                    attrs.evolve(p, path=f"{prefix}.{p.path}" if p.path else prefix)
                    for p in exc.problems
                ]
            ) from exc

    def index_columns(self) -> tuple[tuple[str, ...], ...]:
        """The column tuples to index: ``indexes`` if given, else each single-valued field.

        >>> Kind("k", str, key=str, fields=(Field("a", str, str),)).index_columns()
        (('a',),)
        """
        if self.indexes is not None:
            return self.indexes
        return tuple((f.name,) for f in self.fields if not f.many)

    def check(self, query: Query) -> None:
        """Refuse a query this kind cannot answer.

        :raises ValidationError: for an unknown field, or a ``many`` field used in
            ``between`` or ``order_by``.

        >>> Kind("k", str, key=str).check(Query(order_by=("day",)))
        Traceback (most recent call last):
        ...
        qingdan_core.errors.ValidationError: k.day: no such queried field (allowed: )
        """
        for name in (*(n for n, _ in query.equal), *(n for n, _ in query.among)):
            self.field(name)
        for name in (*(n for n, _, _ in query.between), *query.order_by):
            if self.field(name).many:
                raise ValidationError(
                    f"{self.name}.{name}", "a many-valued field cannot be ranged or sorted on"
                )


def _values(found: Iterable[Any]) -> tuple[Any, ...]:
    """A many-valued field's values: each once, in first-seen order, without None."""
    return tuple(dict.fromkeys(v for v in found if v is not None))


class Row(NamedTuple):
    """A record to write: its key, its queried column values and its JSON-ready data."""

    key: str
    columns: Mapping[str, Any]
    data: Any


class Record(NamedTuple):
    """A stored record as read back: key, version (1 when first added) and JSON-ready data."""

    key: str
    version: int
    data: Any


@attrs.frozen
class Stored(Generic[T]):
    """A stored value with its key and version; save it again with this version.

    >>> from qingdan_core.organisation import Unit
    >>> Stored("u-1", 1, Unit("u-1", "县发改局")).version
    1
    """

    key: str
    version: int
    value: T


@attrs.frozen
class Query:
    """Which records to select and in which order.

    * ``equal`` — ``(field, value)`` pairs that must all match exactly (for a
      ``many`` field: the record holds the value);
    * ``among`` — ``(field, values)``: the field is one of ``values`` (for a
      ``many`` field: the record holds one of them);
    * ``between`` — ``(field, low, high)``: ``low <= field <= high`` (a ``None``
      bound is open);
    * ``order_by`` — non-null fields to sort on, ascending; ties (and an empty
      ``order_by``) keep insertion order: the order records were first added;
    * ``descending`` — the whole order reversed: ``order_by`` fields descending,
      ties in reverse insertion order (the newest first);
    * ``limit`` — at most this many records, the first ones in that order
      (``None``: all). ``Query(order_by=("position",), descending=True, limit=1)``
      reads only the last record, in one indexed query.

    :raises ValidationError: when ``limit`` is not an int of at least 1.

    >>> Query(between=(("day", None, dt.date(2026, 11, 30)),)).between[0][0]
    'day'
    >>> Query(limit=0)
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: limit: must be at least 1, got 0
    """

    equal: tuple[tuple[str, Any], ...] = ()
    among: tuple[tuple[str, tuple[Any, ...]], ...] = ()
    between: tuple[tuple[str, Any, Any], ...] = ()
    order_by: tuple[str, ...] = ()
    descending: bool = attrs.field(default=False, validator=instance_of(bool))
    limit: int | None = attrs.field(
        default=None, validator=attrs.validators.optional(int_between(1, None))
    )

    def matches(self, columns: Mapping[str, Any]) -> bool:
        """Whether a record with these column values (a tuple for a ``many`` field) is selected.

        >>> Query(equal=(("unit", "u-1"),)).matches({"unit": "u-1"})
        True
        >>> Query(among=(("units", ("u-2", "u-3")),)).matches({"units": ("u-1", "u-3")})
        True
        """
        for name, value in self.equal:
            if not _holds(columns[name], (value,)):
                return False
        for name, values in self.among:
            if not _holds(columns[name], values):
                return False
        for name, low, high in self.between:
            found = columns[name]
            if found is None or (low is not None and found < low):
                return False
            if high is not None and found > high:
                return False
        return True


def _holds(found: Any, values: tuple[Any, ...]) -> bool:
    if isinstance(found, tuple):
        return any(value in found for value in values)
    return found in values


class Session(Protocol):
    """The record operations of one unit of work (implemented by each adapter).

    Every operation either completes or changes nothing. After a
    :class:`~qingdan_core.errors.ConflictError` the caller abandons the unit of
    work (the store layer guarantees that and rolls it back).
    """

    def insert(self, kind: Kind[Any], rows: Sequence[Row]) -> None:
        """Add ``rows`` as new records at version 1, in order (insertion order).

        :raises ConflictError: when a key or a ``kind.unique`` combination is
            already stored or repeats in ``rows``; then none of ``rows`` is added.
        """
        ...

    def update(self, kind: Kind[Any], row: Row, version: int) -> int:
        """Replace the record ``row.key`` if its stored version is ``version``.

        :returns: the new version, ``version + 1``.
        :raises NotFoundError: when no record has ``row.key``.
        :raises ConflictError: when the stored version is not ``version``
            (nothing written), or a ``kind.unique`` combination is taken.
        """
        ...

    def get(self, kind: Kind[Any], key: str) -> Record:
        """The record with ``key``.

        :raises NotFoundError: when there is none.
        """
        ...

    def select(self, kind: Kind[Any], query: Query) -> list[Record]:
        """The records matching ``query``, in ``query.order_by`` then insertion order (all
        reversed when ``query.descending``), at most ``query.limit`` of them.

        One round trip to the database, however many records match.
        """
        ...

    def clear(self, kind: Kind[Any]) -> None:
        """Remove every record of ``kind`` (undone with the rest of the unit of work when it
        fails): how an import replaces a whole store in one unit of work.
        """
        ...


class Backend(Protocol):
    """A storage adapter: opens units of work over its records (memory, SQL, yours)."""

    def unit_of_work(self) -> AbstractContextManager[Session]:
        """A context manager yielding a :class:`Session`; everything done through it
        is committed together when the block exits normally, and nothing of it when
        the block raises. Units of work of one backend may run in several threads or
        processes; a conflicting write raises :class:`~qingdan_core.errors.ConflictError`.
        """
        ...

    def create_schema(self) -> None:
        """Create the tables (idempotent) and record the schema version."""
        ...

    def upgrade(self, archive_key: ArchiveKey | None = None) -> None:
        """Bring an older schema up to this library's version (idempotent), in one unit of
        work; an archive stored before heads existed gets its heads and root, sealed
        with ``archive_key`` (see :meth:`ArchiveRepository.seal`)."""
        ...

    def close(self) -> None:
        """Release what the backend opened itself (never a caller's engine)."""
        ...


class Store(Protocol):
    """What callers use: typed repositories, and units of work over them.

    Outside a transaction each repository call is its own unit of work (committed
    at once). Inside ``with store.transaction() as tx:`` every call through ``tx``
    is committed together when the block ends, or not at all when it raises
    (R5, R22: a filed record never half-exists). A unit of work that hit a
    :class:`~qingdan_core.errors.ConflictError` never commits: leaving the block
    raises it again even if the caller caught it. Do not nest transactions.
    :class:`~qingdan_core.storage.RecordStore` implements it for any
    :class:`Backend`.
    """

    @property
    def archive(self) -> ArchiveRepository:
        """The tamper-evident archive (R5, R22), append-only."""
        ...

    @property
    def checklists(self) -> ChecklistRepository:
        """Lists and their tasks (R2, R8, R19), versioned."""
        ...

    @property
    def contracts(self) -> ContractRepository:
        """Commitment contracts (R20), versioned."""
        ...

    @property
    def guidance_groups(self) -> GuidanceGroupRepository:
        """Guidance groups (R15), versioned."""
        ...

    @property
    def holiday_notices(self) -> HolidayNoticeRepository:
        """The holiday notice files the store was run with, one per year (issue 13), versioned."""
        ...

    @property
    def ledger(self) -> LedgerRepository:
        """Ledger entries (R21, R22), append-only."""
        ...

    @property
    def level_changes(self) -> LevelChangeRepository:
        """Attention level changes (R18), append-only."""
        ...

    @property
    def lifecycle(self) -> LifecycleRepository:
        """Lifecycle events (R7), append-only."""
        ...

    @property
    def month_end_reviews(self) -> MonthEndReviewRepository:
        """The month-end reviews (R15, R19), append-only, one per month."""
        ...

    @property
    def month_records(self) -> MonthRecordRepository:
        """A month's scoring inputs per subject (R3, R12, R21), versioned."""
        ...

    @property
    def notices(self) -> NoticeRepository:
        """Notices (R4, R16, R17, R20, R21), versioned."""
        ...

    @property
    def people(self) -> PersonRepository:
        """People, versioned."""
        ...

    @property
    def score_cards(self) -> ScoreCardRepository:
        """Monthly score cards (R12–R14), versioned."""
        ...

    @property
    def supervision(self) -> SupervisionRepository:
        """Supervision state per task (R18), versioned."""
        ...

    @property
    def units(self) -> UnitRepository:
        """Units, versioned."""
        ...

    @property
    def work_logs(self) -> WorkLogRepository:
        """Daily work logs (R10), versioned."""
        ...

    def transaction(self, actor: str | None = None) -> AbstractContextManager[Repositories]:
        """A unit of work: the repositories, all committed together or not at all; with
        ``actor``, each write is checked against the authority rules (R3, R5, R26)."""
        ...

    def create_schema(self) -> None:
        """Create the tables (idempotent) and record the schema version."""
        ...

    def upgrade(self) -> None:
        """Bring an older schema up to this library's version (idempotent)."""
        ...

    def close(self) -> None:
        """Release what the store opened itself (never a caller's engine)."""
        ...
