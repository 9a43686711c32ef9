"""Results computed across a provisional day say so (issue 13): deadlines (R16, R20), the monthly
rhythm (R2, R3, R10, R11, R19), inspection plans (R18) and working-day 序时进度 (R16, R19).

The packaged notices end on 2026-12-31; ``china(provisional_until=2027)`` counts 2027 from the
statutory holidays alone. The oracle is the plain fact that a provisional day is one in 2027: a
result is provisional exactly when the calendar was read on such a day, which each test spells
out from the dates themselves, and a calendar with a (made-up) 2027 notice flags nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from qingdan_core.attention import AttentionLevel, plan_inspections
from qingdan_core.calendar import NoticeFile, WorkCalendar, YearNotices, china
from qingdan_core.deadlines import (
    Milestone,
    ProgressBasis,
    deadline_after,
    expected_progress,
    progress_is_provisional,
)
from qingdan_core.periods import Month
from qingdan_core.rhythm import RhythmPolicy, month_schedule

AHEAD = china(provisional_until=2027)
LAST_NOTICE = dt.date(2026, 12, 31)
# A made-up 2027 notice (no days off at all): the year is official, so nothing is provisional.
OFFICIAL_2027 = china().extend(NoticeFile(1, "CN", (YearNotices(2027, ("测试",), "测试"),)))

days = st.dates(dt.date(2026, 6, 1), dt.date(2027, 9, 30))


def test_the_oracle_calendars() -> None:
    assert AHEAD.official_coverage[1] == LAST_NOTICE
    assert AHEAD.coverage[1] == OFFICIAL_2027.coverage[1] == dt.date(2027, 12, 31)


@given(days, st.integers(1, 40))
def test_r16_r20_a_deadline_is_provisional_when_it_falls_after_the_last_notice(
    issued: dt.date, workdays: int
) -> None:
    deadline = deadline_after(issued, workdays, AHEAD)
    assert deadline.provisional == (deadline.due > LAST_NOTICE)
    assert not deadline_after(issued, workdays, OFFICIAL_2027).provisional


def test_r16_a_deadline_inside_the_notices_is_not_provisional() -> None:
    assert not deadline_after(dt.date(2026, 12, 1), 5, AHEAD).provisional
    assert deadline_after(dt.date(2026, 12, 28), 5, AHEAD).provisional


@given(st.integers(0, 3), st.sampled_from([Month(2026, m) for m in (6, 11, 12)] + [Month(2027, 1)]))
def test_r3_r19_a_month_schedule_is_provisional_when_it_reads_2027(
    grace: int, month: Month
) -> None:
    """December 2026 is official unless the assessment runs into January (grace ≥ 1); its last
    week starts on Monday 2026-12-28, a working day, so the weekly list reads no further."""
    plan = month_schedule(month, AHEAD, RhythmPolicy(assessment_grace=grace))
    expected = month.year == 2027 or (month == Month(2026, 12) and grace > 0)
    assert plan.provisional == expected
    assert (plan.assessment_due > LAST_NOTICE) == expected
    assert not month_schedule(
        month, OFFICIAL_2027, RhythmPolicy(assessment_grace=grace)
    ).provisional


@given(days.filter(lambda d: d <= dt.date(2027, 6, 30)), st.sampled_from(list(AttentionLevel)))
def test_r18_an_inspection_plan_is_provisional_when_a_date_is_in_2027(
    after: dt.date, level: AttentionLevel
) -> None:
    plan = plan_inspections("t-1", level, after, AHEAD)
    assert plan.provisional == any(d > LAST_NOTICE for d in plan.next_dates)
    assert not plan_inspections("t-1", level, after, OFFICIAL_2027).provisional


def test_r16_working_day_progress_is_provisional_when_its_stretch_ends_in_2027() -> None:
    """A stretch ends at the next milestone or the due date: with a milestone on 2026-12-31 the
    November figure counts official days only; January's counts to the due date in 2027."""
    start, due = dt.date(2026, 10, 1), dt.date(2027, 3, 31)
    november, january = dt.date(2026, 11, 30), dt.date(2027, 1, 29)
    milestone = (Milestone(LAST_NOTICE, Decimal("0.5")),)

    def flag(day: dt.date, milestones: tuple[Milestone, ...] = ()) -> bool:
        return progress_is_provisional(
            day, start, due, basis=ProgressBasis.WORKING_DAYS, calendar=AHEAD, milestones=milestones
        )

    assert flag(november)
    assert [flag(november, milestone), flag(january, milestone)] == [False, True]
    assert not flag(due)  # on the due date the figure is 1, whatever the calendar
    assert not progress_is_provisional(november, start, due, calendar=AHEAD)  # calendar days


def _counted(calendar: WorkCalendar) -> object:
    return expected_progress(
        dt.date(2026, 11, 30),
        dt.date(2026, 10, 1),
        dt.date(2027, 3, 31),
        basis=ProgressBasis.WORKING_DAYS,
        calendar=calendar,
    )


def test_r16_the_provisional_figure_is_the_one_a_notice_would_change() -> None:
    """The made-up notice gives no 春节 days off, so the figure moves: it depended on 2027."""
    assert _counted(AHEAD) != _counted(OFFICIAL_2027)
