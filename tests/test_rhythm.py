"""The monthly rhythm (R2, R3, R10, R11, R19) on the official calendar."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _ill_typed import ill_typed
from qingdan_core import codec
from qingdan_core.calendar import china
from qingdan_core.errors import CalendarCoverageError, ValidationError
from qingdan_core.periods import Month, Week, Year
from qingdan_core.rhythm import (
    MonthSchedule,
    Occasion,
    RhythmPolicy,
    last_workday,
    month_schedule,
)

D = dt.date
CAL = china()
months = st.builds(Month, st.integers(2004, 2026), st.integers(1, 12)).filter(
    lambda m: Month(2004, 1) < m < Month(2026, 12)
)
policies = st.builds(
    RhythmPolicy,
    st.integers(1, 10),
    st.integers(1, 10),
    st.integers(1, 10),
    st.integers(0, 10),
    st.booleans(),
)


@settings(max_examples=60)
@given(months, policies)
def test_r2_r3_r19_every_date_is_a_working_day_in_order(month: Month, policy: RhythmPolicy) -> None:
    plan = month_schedule(month, CAL, policy)
    days = [e.day for e in plan.entries]
    assert days == sorted(days)
    assert all(CAL.is_workday(day) for day in days)
    first = CAL.add_workdays(month.start, 0)
    assert plan.reminder_lists_on == CAL.add_workdays(first, policy.reminder_lists_on - 1)
    assert CAL.count_workdays(month.start, plan.task_list_due) == policy.task_list_by
    assert CAL.count_workdays(month.start, plan.commitment_due) == policy.commitment_by
    assert plan.task_list_due in month
    last = CAL.add_workdays(month.next().start, -1)
    assert CAL.count_workdays(last, plan.assessment_due) == policy.assessment_grace + 1
    assert last == last_workday(month, CAL)
    assert bool(plan.weekly) is policy.weekly_lists
    assert all(e.rule == e.occasion.rule and e.rule in e.reason for e in plan.entries)
    assert codec.structure(codec.unstructure(plan), MonthSchedule) == plan


@given(st.integers(2005, 2025))
def test_r11_each_week_with_a_working_day_has_one_list(year: int) -> None:
    lists = [e for m in Year(year).months() for e in month_schedule(m, CAL).weekly]
    weeks = [e.week for e in lists]
    assert len(weeks) == len(set(weeks))
    for week in Week.containing(D(year, 1, 10)).through(Week.containing(D(year, 12, 20))):
        has_workday = CAL.count_workdays(week.start, week.end) > 0
        assert (week in weeks) is has_workday
    assert all(e.day == CAL.add_workdays(e.week.start, 0) for e in lists if e.week)


def test_october_2026_after_national_day() -> None:
    plan = month_schedule(Month(2026, 10), CAL)
    assert plan.reminder_lists_on == D(2026, 10, 8)  # 10-01..07 off
    assert plan.task_list_due == plan.commitment_due == D(2026, 10, 10)  # a 调休 Saturday
    assert plan.assessment_due == D(2026, 10, 30)
    assert [e.occasion for e in plan.entries[:3]] == [
        Occasion.REMINDER_LISTS,
        Occasion.WEEKLY_LIST,
        Occasion.TASK_LIST,
    ]


@pytest.mark.parametrize(
    ("month", "due"),
    [
        (Month(2025, 1), D(2025, 1, 27)),  # 春节 2025-01-28..02-04 covers the month end
        (Month(2020, 1), D(2020, 1, 23)),  # 春节 extended to 02-02 (国办发明电〔2020〕1号)
        (Month(2026, 2), D(2026, 2, 28)),  # the month ends on a 调休 Saturday
        (Month(2024, 2), D(2024, 2, 29)),  # leap day
        (Month(2026, 5), D(2026, 5, 29)),
    ],
)
def test_r3_assessment_on_month_ends_around_holidays(month: Month, due: dt.date) -> None:
    assert month_schedule(month, CAL).assessment_due == due


def test_r3_assessment_in_the_next_month() -> None:
    plan = month_schedule(Month(2026, 9), CAL, RhythmPolicy(assessment_grace=2))
    assert plan.assessment_due == D(2026, 10, 9)
    assert "2nd working day after 2026年9月" in plan.entries[-1].reason


def test_r11_spring_festival_week_has_no_list() -> None:
    weeks = [e.week for e in month_schedule(Month(2026, 2), CAL).weekly]
    assert Week(2026, 8) not in weeks
    assert weeks == [Week(2026, 6), Week(2026, 7), Week(2026, 9)]


def test_r11_january_of_the_first_covered_year() -> None:
    """R11: 2004-W01 begins 2003-12-29, before the coverage.

    Its list is due on the week's first working day; if 2003-12-29..31 held one, the list
    belongs to December 2003, otherwise to January 2004. The calendar does not know, so
    month_schedule refuses to guess, naming the week; without weekly lists the month works.
    """
    with pytest.raises(CalendarCoverageError, match="2004年第1周") as caught:
        month_schedule(Month(2004, 1), CAL)
    assert caught.value.day == D(2003, 12, 29)
    assert "weekly_lists=False" in str(caught.value)
    plan = month_schedule(Month(2004, 1), CAL, RhythmPolicy(weekly_lists=False))
    assert plan.reminder_lists_on == D(2004, 1, 2)  # 元旦 2004-01-01 is off
    assert plan.assessment_due == D(2004, 1, 30)  # 春节 2004-01-22..28; Sat 01-31 is off
    assert month_schedule(Month(2004, 2), CAL).weekly[0].week == Week(2004, 6)


@pytest.mark.parametrize(
    ("period", "last"),
    [
        (Month(2026, 10), D(2026, 10, 30)),  # Saturday 10-31 off
        (Month(2026, 2), D(2026, 2, 28)),  # a 调休 Saturday is worked
        (Week(2026, 8), D(2026, 2, 22)),  # 春节 week: no working day, its last day
        (Year(2026), D(2026, 12, 31)),
    ],
)
def test_r3_last_workday_of_a_period(period: Month | Week | Year, last: dt.date) -> None:
    """R3: the default assessment day is the period's last working day."""
    assert last_workday(period, CAL) == last


@pytest.mark.parametrize(
    ("call", "path"),
    [
        (lambda: ill_typed(month_schedule)("2026-10", CAL), "month"),
        (lambda: ill_typed(month_schedule)(Month(2026, 10), None), "calendar"),
        (lambda: ill_typed(month_schedule)(Month(2026, 10), CAL, {"task_list_by": 5}), "policy"),
        (lambda: ill_typed(last_workday)(D(2026, 10, 31), CAL), "period"),
    ],
)
def test_r2_r3_bad_arguments_raise_validation_errors(call: Callable[[], object], path: str) -> None:
    """R2, R3: a wrong argument type names the argument."""
    with pytest.raises(ValidationError) as err:
        call()
    assert err.value.path == path


def test_coverage_edges_raise() -> None:
    with pytest.raises(CalendarCoverageError):
        month_schedule(Month(2026, 12), CAL, RhythmPolicy(assessment_grace=1))
    with pytest.raises(CalendarCoverageError):
        month_schedule(Month(2027, 1), CAL)
    assert month_schedule(Month(2026, 12), CAL).assessment_due == D(2026, 12, 31)


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"task_list_by": 11}, "task_list_by"),
        ({"assessment_grace": -1}, "assessment_grace"),
        ({"weekly_lists": 1}, "weekly_lists"),
        ({"reminder_lists_on": True}, "reminder_lists_on"),
    ],
)
def test_policy_validation(kwargs: dict[str, object], path: str) -> None:
    with pytest.raises(ValidationError) as err:
        ill_typed(RhythmPolicy)(**kwargs)
    assert err.value.path == path


def test_policy_round_trips() -> None:
    policy = RhythmPolicy(task_list_by=5, assessment_grace=3, weekly_lists=False)
    assert codec.structure(codec.unstructure(policy), RhythmPolicy) == policy
