"""The error hierarchy of DESIGN.md's public contract, with structured details."""

from __future__ import annotations

import datetime as dt
import pickle

import pytest

from qingdan_core import errors
from qingdan_core.errors import (
    ArchiveTampered,
    CalendarCoverageError,
    ConflictError,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    Problem,
    QingdanError,
    SchemaMismatch,
    ValidationError,
)

EXAMPLES: list[QingdanError] = [
    ValidationError("items[3].due", "not a date: '2026-02-30'"),
    PermissionDenied("p-1", "sign", "list-1", "no one signs their own record (R26)"),
    InvalidTransition("list-1", "drafted", "sign", ("publish",)),
    CalendarCoverageError(dt.date(2031, 1, 1), (dt.date(2004, 1, 1), dt.date(2026, 12, 31))),
    ConflictError("person", "p-1", "stale version 3; stored version is 4"),
    NotFound("unit", "u-1"),
    ArchiveTampered("u-1/p-1", 2, "hash mismatch"),
    SchemaMismatch("sqlite:///q.db", 2, 1, "written by a newer qingdan-core; upgrade the library"),
]


@pytest.mark.parametrize(
    ("cls", "bases"),
    [
        (ValidationError, (QingdanError, ValueError)),
        (PermissionDenied, (QingdanError,)),
        (InvalidTransition, (QingdanError,)),
        (CalendarCoverageError, (QingdanError, ValueError)),
        (ConflictError, (QingdanError,)),
        (NotFound, (QingdanError, LookupError)),
        (ArchiveTampered, (QingdanError,)),
        (SchemaMismatch, (QingdanError,)),
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
    err = PermissionDenied("p-7", "assess", "list-9", "no self-assessment (R26)")
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
