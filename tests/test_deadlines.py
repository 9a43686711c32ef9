"""Deadlines in working days, extensions, 序时进度 and lag (R16, R19, R20)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _ill_typed import ill_typed
from qingdan_core import codec
from qingdan_core.calendar import china
from qingdan_core.deadlines import (
    Deadline,
    Milestone,
    ProgressBasis,
    deadline_after,
    expected_progress,
    lag_points,
    request_extension,
    to_decimal,
)
from qingdan_core.errors import CalendarCoverageError, ValidationError

D = dt.date
CAL = china()
days = st.dates(D(2005, 1, 1), D(2026, 6, 30))
bases = st.sampled_from(list(ProgressBasis))
shares = st.decimals(0, 1, places=2)
DEADLINE = Deadline(D(2026, 11, 2), D(2026, 11, 9), "5 working days (R16)")


@st.composite
def plans(draw: st.DrawFn) -> tuple[dt.date, dt.date, tuple[Milestone, ...]]:
    start = draw(days)
    due = start + dt.timedelta(days=draw(st.integers(0, 150)))
    span = (due - start).days
    offsets = sorted(draw(st.sets(st.integers(1, span), max_size=4))) if span else []
    targets = sorted(draw(st.lists(shares, min_size=len(offsets), max_size=len(offsets))))
    milestones = tuple(
        Milestone(start + dt.timedelta(days=o), Decimal(1) if o == span else t)
        for o, t in zip(offsets, targets, strict=True)
    )
    return start, due, milestones


@settings(max_examples=150)
@given(plans(), bases, st.booleans(), st.integers(-30, 200), st.integers(0, 200))
def test_r16_r19_expected_progress_laws(
    plan: tuple[dt.date, dt.date, tuple[Milestone, ...]],
    basis: ProgressBasis,
    use_milestones: bool,
    offset: int,
    later: int,
) -> None:
    """0 at start, 1 at or after due, never decreasing, each milestone met on its day (R16, R19).

    The milestone targets hold for working-day progress too, also for a milestone on a
    day off, where no working day separates it from the point before it.
    """
    start, due, milestones = plan
    progress_on = functools.partial(
        expected_progress,
        basis=basis,
        calendar=CAL,
        milestones=milestones if use_milestones else (),
    )
    one = start + dt.timedelta(days=offset)
    two = one + dt.timedelta(days=later)
    progress = progress_on(one, start, due)
    assert isinstance(progress, Fraction)
    assert 0 <= progress <= 1
    assert progress <= progress_on(two, start, due)
    assert progress_on(start, start, due) == (1 if start == due else 0)
    assert progress_on(due, start, due) == 1
    assert progress_on(due + dt.timedelta(days=later), start, due) == 1
    if use_milestones:
        for m in milestones:
            assert progress_on(m.due, start, due) == m.target


def test_r16_calendar_and_working_day_progress() -> None:
    start, due = D(2026, 9, 30), D(2026, 10, 31)
    assert expected_progress(D(2026, 10, 8), start, due) == Fraction(8, 31)
    by_work = expected_progress(
        D(2026, 10, 8), start, due, basis=ProgressBasis.WORKING_DAYS, calendar=CAL
    )
    assert by_work == Fraction(1, 18)  # 国庆节: one working day of October's 18 has passed


def test_r16_r19_working_day_milestone_on_a_day_off_is_met_on_its_day() -> None:
    """R16, R19: a milestone on a Saturday with no working day before it counts on that Saturday."""
    plan = (Milestone(D(2026, 3, 7), Decimal("0.5")),)  # Saturday; Friday 03-06 is the start
    progress_on = functools.partial(
        expected_progress, basis=ProgressBasis.WORKING_DAYS, calendar=CAL, milestones=plan
    )
    start, due = D(2026, 3, 6), D(2026, 3, 31)
    assert progress_on(D(2026, 3, 7), start, due) == Fraction(1, 2)
    assert progress_on(D(2026, 3, 8), start, due) == Fraction(1, 2)
    assert progress_on(D(2026, 3, 9), start, due) > Fraction(1, 2)


def test_r19_piecewise_between_monthly_milestones() -> None:
    start, due = D(2026, 9, 30), D(2026, 12, 31)
    plan = (Milestone(D(2026, 10, 31), Decimal("0.2")), Milestone(D(2026, 11, 30), Decimal("0.8")))
    assert expected_progress(D(2026, 10, 31), start, due, milestones=plan) == Fraction(1, 5)
    assert expected_progress(D(2026, 11, 15), start, due, milestones=plan) == Fraction(1, 2)
    assert expected_progress(D(2026, 12, 16), start, due, milestones=plan) == Fraction(28, 31)


@pytest.mark.parametrize(
    ("milestones", "path"),
    [
        ((Milestone(D(2026, 9, 30), Decimal("0.2")),), "milestones[0].due"),
        ((Milestone(D(2027, 1, 1), Decimal("0.2")),), "milestones[0].due"),
        (
            (Milestone(D(2026, 11, 1), Decimal("0.5")), Milestone(D(2026, 12, 1), Decimal("0.4"))),
            "milestones[1].target",
        ),
        (
            (Milestone(D(2026, 11, 1), Decimal("0.5")), Milestone(D(2026, 11, 1), Decimal("0.6"))),
            "milestones[1].due",
        ),
        ((Milestone(D(2026, 12, 31), Decimal("0.9")),), "milestones[0].target"),
        (("60% by November",), "milestones[0]"),
        ([Milestone(D(2026, 11, 1), Decimal("0.5"))], "milestones"),
    ],
)
def test_r19_bad_milestones(milestones: object, path: str) -> None:
    with pytest.raises(ValidationError) as err:
        ill_typed(expected_progress)(
            D(2026, 11, 1), D(2026, 9, 30), D(2026, 12, 31), milestones=milestones
        )
    assert err.value.path == path


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"start": D(2026, 12, 1)}, "due"),
        ({"basis": ProgressBasis.WORKING_DAYS}, "calendar"),
        ({"day": "2026-11-01"}, "day"),
        ({"basis": "calendar"}, "basis"),
    ],
)
def test_bad_progress_arguments(kwargs: dict[str, object], path: str) -> None:
    args: dict[str, object] = {
        "day": D(2026, 11, 1),
        "start": D(2026, 10, 1),
        "due": D(2026, 11, 30),
    }
    args.update(kwargs)
    with pytest.raises(ValidationError) as err:
        ill_typed(expected_progress)(**args)
    assert err.value.path == path


def test_milestone_validation_and_round_trip() -> None:
    with pytest.raises(ValidationError) as err:
        Milestone(D(2026, 11, 30), Decimal("60"))
    assert err.value.path == "target"
    m = Milestone(D(2026, 11, 30), Decimal("0.6"))
    assert codec.structure(codec.unstructure(m), Milestone) == m


def test_r16_lag_in_percentage_points() -> None:
    assert lag_points(Fraction(1, 2), Decimal("0.35")) == 15
    assert lag_points(Fraction(1, 3), Decimal("0.5")) == Fraction(-50, 3)  # ahead
    assert to_decimal(lag_points(Fraction(2, 3), Decimal(0))) == Decimal("66.67")
    assert to_decimal(Fraction(-1, 3)) == Decimal("-0.33")
    assert to_decimal(Fraction(1, 200)) == Decimal("0.01")  # half up
    with pytest.raises(ValidationError, match="share from 0 to 1"):
        lag_points(Fraction(1, 2), Decimal("35"))
    with pytest.raises(ValidationError):
        ill_typed(lag_points)(Fraction(1, 2), 0.35)


@pytest.mark.parametrize(
    ("call", "path"),
    [
        (lambda: ill_typed(lag_points)(0.5, Decimal("0.35")), "expected"),  # Decimal or Fraction, not float
        (lambda: ill_typed(lag_points)(Fraction(3, 2), Decimal("0.35")), "expected"),
        (lambda: ill_typed(lag_points)(Decimal("NaN"), Decimal("0.35")), "expected"),
        (lambda: ill_typed(lag_points)(Fraction(1, 2), True), "actual"),
        (lambda: ill_typed(deadline_after)(dt.datetime(2026, 11, 2, 9), 5, CAL), "issued"),
        (lambda: ill_typed(deadline_after)(D(2026, 11, 2), 5, None), "calendar"),
        (lambda: ill_typed(deadline_after)(D(2026, 11, 2), "5", CAL), "workdays"),
        (lambda: ill_typed(request_extension)("R16", D(2026, 11, 5), D(2026, 11, 20)), "deadline"),
        (lambda: ill_typed(request_extension)(DEADLINE, D(2026, 11, 5), dt.datetime(2026, 11, 20)), "new_due"),
        (lambda: ill_typed(expected_progress)(D(2026, 11, 1), D(2026, 10, 1), D(2026, 11, 30), calendar={}), "calendar"),
        (lambda: ill_typed(expected_progress)(dt.datetime(2026, 11, 1, 8), D(2026, 10, 1), D(2026, 11, 30)), "day"),
    ],
)  # fmt: skip
def test_r16_r20_bad_arguments_raise_validation_errors(
    call: Callable[[], object], path: str
) -> None:
    """R16, R20: every public function names the bad argument in a ValidationError."""
    with pytest.raises(ValidationError) as err:
        call()
    assert err.value.path == path


@settings(max_examples=100)
@given(st.fractions(min_value=-1000, max_value=1000), st.integers(0, 4))
def test_to_decimal_rounds_half_up(value: Fraction, places: int) -> None:
    rounded = to_decimal(value, places)
    assert abs(Fraction(rounded) - value) <= Fraction(1, 2 * 10**places)
    assert rounded.as_tuple().exponent == -places


# --------------------------------------------------------------------------- deadlines


@pytest.mark.parametrize(
    ("issued", "n", "due"),
    [
        (D(2026, 9, 30), 5, D(2026, 10, 13)),  # over 国庆节 and the 调休 Saturday 10-10
        (D(2026, 2, 13), 3, D(2026, 2, 25)),  # over 春节, counting Saturday 02-14
        (D(2026, 10, 3), 1, D(2026, 10, 8)),  # issued on a holiday
        (D(2024, 2, 28), 1, D(2024, 2, 29)),  # leap day
    ],
)
def test_r16_r20_deadline_in_working_days(issued: dt.date, n: int, due: dt.date) -> None:
    deadline = deadline_after(issued, n, CAL)
    assert deadline.due == deadline.original_due == due
    assert f"{n} working days after {issued}" in deadline.reason
    assert codec.structure(codec.unstructure(deadline), Deadline) == deadline


def test_r20_rule_id_in_reason_and_bad_counts() -> None:
    assert deadline_after(D(2026, 11, 2), 7, CAL, rule="R20").reason.endswith("(R20)")
    for n in (0, -3, 1.5, True):
        with pytest.raises(ValidationError) as err:
            ill_typed(deadline_after)(D(2026, 11, 2), n, CAL)
        assert err.value.path == "workdays"
    with pytest.raises(CalendarCoverageError):
        deadline_after(D(2026, 12, 30), 5, CAL)


def test_r16_extension_before_deadline_moves_it() -> None:
    d = deadline_after(D(2026, 11, 2), 5, CAL)  # due 2026-11-09
    moved = request_extension(d, D(2026, 11, 5), D(2026, 11, 20))
    assert moved.due == D(2026, 11, 20)
    assert moved.original_due == D(2026, 11, 9)
    assert moved.extensions[0].granted
    assert not moved.overdue_on(D(2026, 11, 15))
    on_the_day = request_extension(d, D(2026, 11, 9), D(2026, 11, 20))
    assert on_the_day.due == D(2026, 11, 20)
    again = request_extension(moved, D(2026, 11, 19), D(2026, 11, 27))
    assert again.due == D(2026, 11, 27)
    assert len(again.extensions) == 2


def test_r16_extension_after_deadline_does_not_move_it() -> None:
    d = deadline_after(D(2026, 11, 2), 5, CAL)
    late = request_extension(d, D(2026, 11, 10), D(2026, 11, 20))
    assert late.due == D(2026, 11, 9)
    assert not late.extensions[0].granted
    assert "still assessed against 2026-11-09" in late.extensions[0].reason
    assert late.overdue_on(D(2026, 11, 15))
    assert codec.structure(codec.unstructure(late), Deadline) == late


@pytest.mark.parametrize(
    ("requested", "new_due", "path"),
    [
        (D(2026, 11, 1), D(2026, 11, 20), "requested"),
        (D(2026, 11, 5), D(2026, 11, 9), "new_due"),
        ("2026-11-05", D(2026, 11, 20), "requested"),
    ],
)
def test_bad_extensions(requested: object, new_due: dt.date, path: str) -> None:
    d = deadline_after(D(2026, 11, 2), 5, CAL)
    with pytest.raises(ValidationError) as err:
        ill_typed(request_extension)(d, requested, new_due)
    assert err.value.path == path


def test_deadline_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValidationError) as err:
        Deadline(D(2026, 11, 2), D(2026, 11, 1), "R16")
    assert err.value.path == "original_due"
