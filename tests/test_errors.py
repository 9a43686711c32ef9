"""The error hierarchy of the public contract (docs: Architecture), with structured details."""

from __future__ import annotations

import datetime as dt
import pickle

import pytest

from qingdan_core import errors
from qingdan_core.errors import (
    ArchiveTamperedError,
    CalendarCoverageError,
    ConflictError,
    IncompleteMonthError,
    InvalidTransitionError,
    NotFoundError,
    PermissionDeniedError,
    Problem,
    QingdanError,
    SchemaMismatchError,
    ValidationError,
)

EXAMPLES: list[QingdanError] = [
    ValidationError("items[3].due", "not a date: '2026-02-30'"),
    PermissionDeniedError("p-1", "sign", "list-1", "no one signs their own record (R26)"),
    InvalidTransitionError("list-1", "drafted", "sign", ("publish",)),
    CalendarCoverageError(dt.date(2031, 1, 1), (dt.date(2004, 1, 1), dt.date(2026, 12, 31))),
    ConflictError("person", "p-1", "stale version 3; stored version is 4"),
    NotFoundError("unit", "u-1"),
    ArchiveTamperedError("u-1/p-1", 2, "hash mismatch"),
    SchemaMismatchError(
        "sqlite:///q.db", 2, 1, "written by a newer qingdan-core; upgrade the library"
    ),
    IncompleteMonthError("2025-04", ("progress reports (R16) of 2025-04: none",)),
]


@pytest.mark.parametrize(
    ("cls", "bases"),
    [
        (ValidationError, (QingdanError, ValueError)),
        (PermissionDeniedError, (QingdanError,)),
        (InvalidTransitionError, (QingdanError,)),
        (CalendarCoverageError, (QingdanError, ValueError)),
        (ConflictError, (QingdanError,)),
        (NotFoundError, (QingdanError, LookupError)),
        (ArchiveTamperedError, (QingdanError,)),
        (SchemaMismatchError, (QingdanError,)),
    ],
)
def test_hierarchy_matches_the_public_contract(cls: type, bases: tuple[type, ...]) -> None:
    assert all(issubclass(cls, base) for base in bases)


@pytest.mark.parametrize("error", EXAMPLES, ids=lambda e: type(e).__name__)
def test_errors_survive_pickling_with_their_details(error: QingdanError) -> None:
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert vars(copy) == vars(error)


def test_validation_error_lists_every_problem_with_allowed_values() -> None:
    err = ValidationError.from_problems(
        [Problem("level", "unknown level 'x'", ("一般关注", "关注")), Problem("due", "missing")]
    )
    assert err.path == "level"
    assert [p.path for p in err.problems] == ["level", "due"]
    assert (
        str(err) == "2 problems: level: unknown level 'x' (allowed: 一般关注, 关注); due: missing"
    )


def test_validation_error_needs_a_problem() -> None:
    with pytest.raises(ValueError, match="at least one problem"):
        ValidationError.from_problems([])


def test_r26_permission_denied_names_actor_action_record_and_reason() -> None:
    err = PermissionDeniedError("p-7", "assess", "list-9", "no self-assessment (R26)")
    assert (err.actor, err.action, err.record, err.reason) == (
        "p-7",
        "assess",
        "list-9",
        "no self-assessment (R26)",
    )


def test_coverage_error_names_the_range_and_how_to_extend() -> None:
    err = CalendarCoverageError(dt.date(2027, 1, 4), (dt.date(2004, 1, 1), dt.date(2026, 12, 31)))
    assert "2004-01-01..2026-12-31" in str(err)
    assert "notice" in str(err)
    assert err.coverage == (dt.date(2004, 1, 1), dt.date(2026, 12, 31))


def test_every_public_error_is_exported() -> None:
    assert sorted(errors.__all__) == errors.__all__
    for name in errors.__all__:
        assert getattr(errors, name).__doc__


def test_every_exception_name_ends_in_error() -> None:
    exceptions = [n for n in errors.__all__ if isinstance(getattr(errors, n), type)]
    assert [n for n in exceptions if issubclass(getattr(errors, n), Exception)] == [
        n for n in exceptions if n.endswith("Error")
    ]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("NotFound", NotFoundError),
        ("ArchiveTampered", ArchiveTamperedError),
        ("SchemaMismatch", SchemaMismatchError),
        ("PermissionDenied", PermissionDeniedError),
        ("InvalidTransition", InvalidTransitionError),
    ],
)
def test_old_names_are_deprecated_aliases(old: str, new: type) -> None:
    import qingdan_core

    for module in (errors, qingdan_core):
        with pytest.warns(DeprecationWarning, match=f"{old} is deprecated: use .*{new.__name__}"):
            assert getattr(module, old) is new


def test_an_unknown_name_is_still_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="NoSuchError"):
        errors.NoSuchError
