"""The exceptions qingdan_core raises, each with structured details.

Every error is a :class:`QingdanError`. Each subclass carries what went wrong
as attributes (field paths, allowed values, ids) as well as a readable
message, so a caller can show the message to a person and act on the
attributes in code.

>>> from qingdan_core.errors import ValidationError, QingdanError
>>> err = ValidationError("items[3].due", "not a date: '2026-02-30'")
>>> str(err)
"items[3].due: not a date: '2026-02-30'"
>>> isinstance(err, QingdanError) and isinstance(err, ValueError)
True
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Iterable, Sequence

import attrs

__all__ = [
    "ArchiveTamperedError",
    "CalendarCoverageError",
    "ConflictError",
    "IncompleteMonthError",
    "InvalidTransitionError",
    "NotFoundError",
    "PermissionDeniedError",
    "Problem",
    "QingdanError",
    "SchemaMismatchError",
    "StorageError",
    "ValidationError",
]


class QingdanError(Exception):
    """The base of every exception this library raises.

    >>> isinstance(NotFoundError("person", "p-1"), QingdanError)
    True
    """


@attrs.frozen
class Problem:
    """One thing wrong with an input: where (a field path) and why.

    ``allowed`` lists the accepted values when the set is small and known.

    >>> str(Problem("level", "unknown level 'x'", allowed=("一般关注", "关注")))
    "level: unknown level 'x' (allowed: 一般关注, 关注)"
    """

    path: str
    reason: str
    allowed: tuple[str, ...] | None = None

    def __str__(self) -> str:
        text = f"{self.path}: {self.reason}" if self.path else self.reason
        if self.allowed is not None:
            text += f" (allowed: {', '.join(self.allowed)})"
        return text


class ValidationError(QingdanError, ValueError):
    """Input that does not describe a valid value; nothing was stored.

    ``problems`` holds every :class:`Problem` found, ``path`` the first one's
    field path.

    >>> err = ValidationError("weights", "must sum to 1, got 0.9", allowed=None)
    >>> err.path, err.problems[0].reason
    ('weights', 'must sum to 1, got 0.9')
    >>> many = ValidationError.from_problems([Problem("a", "missing"), Problem("b", "not a date")])
    >>> print(many)
    2 problems: a: missing; b: not a date
    """

    problems: tuple[Problem, ...]

    def __init__(self, path: str, reason: str, *, allowed: Iterable[object] | None = None) -> None:
        problem = Problem(path, reason, None if allowed is None else tuple(str(a) for a in allowed))
        self._set((problem,))

    @classmethod
    def from_problems(cls, problems: Sequence[Problem]) -> ValidationError:
        """One error reporting every problem in ``problems`` (at least one)."""
        if not problems:
            raise ValueError("a ValidationError needs at least one problem")
        err = cls.__new__(cls)
        err._set(tuple(problems))
        return err

    def _set(self, problems: tuple[Problem, ...]) -> None:
        self.problems = problems
        if len(problems) == 1:
            message = str(problems[0])
        else:
            message = f"{len(problems)} problems: " + "; ".join(map(str, problems))
        super().__init__(message)

    @property
    def path(self) -> str:
        """The field path of the first problem."""
        return self.problems[0].path

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_validation_error, (self.problems,))


def _rebuild_validation_error(problems: tuple[Problem, ...]) -> ValidationError:
    return ValidationError.from_problems(problems)


class PermissionDeniedError(QingdanError):
    """An actor may not perform an action on a record (R3, R5, R26).

    >>> err = PermissionDeniedError("p-7", "sign", "list-2026-11-p-7", "no one signs their own record (R26)")
    >>> print(err)
    p-7 may not sign list-2026-11-p-7: no one signs their own record (R26)
    >>> err.action
    'sign'
    """

    def __init__(self, actor: str, action: str, record: str, reason: str) -> None:
        self.actor, self.action, self.record, self.reason = actor, action, record, reason
        super().__init__(f"{actor} may not {action} {record}: {reason}")

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.actor, self.action, self.record, self.reason))


class InvalidTransitionError(QingdanError):
    """A lifecycle step not allowed from the record's current stage (R7).

    >>> err = InvalidTransitionError("list-1", "drafted", "sign", ("publish",))
    >>> print(err)
    cannot sign list-1 in stage 'drafted'; allowed from there: publish
    """

    def __init__(
        self, record: str, stage: str, action: str, allowed: Iterable[str], reason: str = ""
    ) -> None:
        self.record, self.stage, self.action = record, stage, action
        self.allowed = tuple(allowed)
        self.reason = reason
        options = ", ".join(self.allowed) if self.allowed else "nothing (final stage)"
        message = f"cannot {action} {record} in stage {stage!r}; allowed from there: {options}"
        if reason:
            message += f" ({reason})"
        super().__init__(message)

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.record, self.stage, self.action, self.allowed, self.reason))


class CalendarCoverageError(QingdanError, ValueError):
    """A date, or a result, outside the range a calendar covers.

    Never a silent guess: the message names the covered range and how to
    extend it.

    >>> err = CalendarCoverageError(
    ...     dt.date(2030, 1, 2), (dt.date(2004, 1, 1), dt.date(2026, 12, 31))
    ... )
    >>> print(err)  # doctest: +ELLIPSIS
    2030-01-02 is outside the calendar's coverage 2004-01-01..2026-12-31; ...
    """

    def __init__(
        self,
        day: dt.date,
        coverage: tuple[dt.date, dt.date],
        hint: str = "add the year's State Council notice with qingdan_core.calendar "
        "(see the how-to 'Add next year's holiday notice')",
    ) -> None:
        self.day, self.coverage, self.hint = day, coverage, hint
        first, last = coverage
        super().__init__(
            f"{day.isoformat()} is outside the calendar's coverage "
            f"{first.isoformat()}..{last.isoformat()}; {hint}"
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.day, self.coverage, self.hint))


class ConflictError(QingdanError):
    """A write that conflicts with what is stored: a duplicate key or a stale version.

    >>> print(ConflictError("person", "p-1", "stale version 3; stored version is 4"))
    person p-1: stale version 3; stored version is 4
    """

    def __init__(self, kind: str, key: str, reason: str) -> None:
        self.kind, self.key, self.reason = kind, key, reason
        super().__init__(f"{kind} {key}: {reason}")

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.kind, self.key, self.reason))


class NotFoundError(QingdanError, LookupError):
    """No stored record of that kind has that key.

    >>> err = NotFoundError("unit", "u-9")
    >>> print(err), isinstance(err, LookupError)
    no unit with key 'u-9'
    (None, True)
    """

    def __init__(self, kind: str, key: str) -> None:
        self.kind, self.key = kind, key
        super().__init__(f"no {kind} with key {key!r}")

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.kind, self.key))


class ArchiveTamperedError(QingdanError):
    """An archive file whose hash chain is broken (R5, R22).

    Names the file and the first entry that is altered, removed or out of order.

    >>> print(ArchiveTamperedError("u-1/p-7", 4, "hash does not match the entry's content"))
    archive file u-1/p-7, entry 4: hash does not match the entry's content
    """

    def __init__(self, file: str, position: int, reason: str) -> None:
        self.file, self.position, self.reason = file, position, reason
        super().__init__(f"archive file {file}, entry {position}: {reason}")

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.file, self.position, self.reason))


class SchemaMismatchError(QingdanError):
    """A database whose qingdan_core schema is missing, older or newer than this library's.

    ``found`` is the stored schema version (None: no tables yet), ``expected``
    this library's; the message says what to do.

    >>> print(SchemaMismatchError("sqlite:///q.db", None, 1, "call create_schema() first"))
    database sqlite:///q.db: call create_schema() first
    """

    def __init__(self, database: str, found: int | None, expected: int, advice: str) -> None:
        self.database, self.found, self.expected, self.advice = database, found, expected, advice
        super().__init__(f"database {database}: {advice}")

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.database, self.found, self.expected, self.advice))


class StorageError(QingdanError):
    """A database failure that is neither bad input nor a conflict: a damaged or foreign
    database file, a lost connection, a disk that is full.

    ``operation`` is what the store was doing (``open``, ``insert``, ``update``, ``get``,
    ``select``, ``commit``), ``record`` what it was doing it to (a kind and key, or the
    database), ``reason`` the database's own words. Nothing was written by the failed
    operation; the unit of work it belonged to is rolled back.

    >>> print(StorageError("select", "units (query)", "database disk image is malformed"))
    select units (query) failed: database disk image is malformed
    """

    def __init__(self, operation: str, record: str, reason: str) -> None:
        self.operation, self.record, self.reason = operation, record, reason
        super().__init__(f"{operation} {record} failed: {reason}")

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.operation, self.record, self.reason))


class IncompleteMonthError(QingdanError):
    """A month-end refused because its inputs are incomplete (R2, R16, R18, R19).

    ``month`` is the month refused (a :class:`~qingdan_core.periods.Month`),
    ``missing`` lists what is missing, each with how to provide it.

    >>> print(IncompleteMonthError("2025-04", ("progress reports (R16) of 2025-04: none",)))
    month-end of 2025-04 refused, missing: progress reports (R16) of 2025-04: none
    """

    def __init__(self, month: object, missing: Sequence[str]) -> None:
        self.month, self.missing = month, tuple(missing)
        super().__init__(f"month-end of {month} refused, missing: " + "; ".join(self.missing))

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.month, self.missing))


_DEPRECATED = {
    "ArchiveTampered": "ArchiveTamperedError",
    "InvalidTransition": "InvalidTransitionError",
    "NotFound": "NotFoundError",
    "PermissionDenied": "PermissionDeniedError",
    "SchemaMismatch": "SchemaMismatchError",
}
"""The names before 0.1.0 (without the ``Error`` suffix): deprecated aliases of the new ones."""


def deprecated_alias(name: str) -> type[QingdanError]:
    """The exception an old name stands for, with a :class:`DeprecationWarning`.

    Every exception name ends in ``Error``; the names used before 0.1.0 still
    work (``qingdan_core.errors.NotFound`` is :class:`NotFoundError`) and say so.

    :raises AttributeError: when ``name`` is no old name.

    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     deprecated_alias("NotFound") is NotFoundError, str(caught[0].message)
    (True, 'NotFound is deprecated: use qingdan_core.errors.NotFoundError')
    """
    try:
        new = _DEPRECATED[name]
    except KeyError:
        raise AttributeError(f"qingdan_core has no attribute {name!r}") from None
    warnings.warn(
        f"{name} is deprecated: use qingdan_core.errors.{new}", DeprecationWarning, stacklevel=3
    )
    found: type[QingdanError] = globals()[new]
    return found


def __getattr__(name: str) -> type[QingdanError]:
    return deprecated_alias(name)
