"""The monthly rhythm: when each list of a month is due (R2, R3, R10, R11, R19).

A :class:`RhythmPolicy` says, in working days, when the month-start task list
(月任务清单, R2) and performance commitment (月初履职承诺, R10) are due, when
the supervision office prints the two reminder lists (两个清单, R19), when
the month-end assessment (月度考评, R3) is due, and whether weekly lists are
posted (周清单公示, R11). :func:`month_schedule` turns it into the dates of one
month on a :class:`~qingdan_core.calendar.WorkCalendar`.

>>> import datetime as dt
>>> from qingdan_core.calendar import china
>>> from qingdan_core.periods import Month
>>> plan = month_schedule(Month(2026, 10), china())
>>> plan.reminder_lists_on, plan.task_list_due, plan.assessment_due
(datetime.date(2026, 10, 8), datetime.date(2026, 10, 10), datetime.date(2026, 10, 30))
>>> print(plan.entries[0].reason)
2026-10-08: the 1st working day of 2026年10月 (R19)
"""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from qingdan_core._checks import instance_of, int_between, require
from qingdan_core.calendar import WorkCalendar
from qingdan_core.errors import CalendarCoverageError
from qingdan_core.periods import Month, Period, Week

__all__ = [
    "MonthSchedule",
    "Occasion",
    "RhythmPolicy",
    "ScheduleEntry",
    "last_workday",
    "month_schedule",
]


class Occasion(enum.Enum):
    """What is due on a date of the monthly rhythm."""

    REMINDER_LISTS = "两个清单印发"
    """R19: the county-leader reminder list and unit implementation list are printed."""
    TASK_LIST = "月任务清单"
    """R2: each civil servant's monthly task list."""
    COMMITMENT = "月初履职承诺"
    """R10: the month-start performance commitment."""
    WEEKLY_LIST = "周清单公示"
    """R11: the weekly responsibility list is posted."""
    ASSESSMENT = "月度考评"
    """R3: the in-charge leader's month-end assessment."""

    @property
    def rule(self) -> str:
        """The rule id the occasion implements, e.g. ``R2``."""
        return _RULES[self]


_RULES = {
    Occasion.REMINDER_LISTS: "R19",
    Occasion.TASK_LIST: "R2",
    Occasion.COMMITMENT: "R10",
    Occasion.WEEKLY_LIST: "R11",
    Occasion.ASSESSMENT: "R3",
}


@attrs.frozen
class RhythmPolicy:
    """When the lists of a month are due, in working days; a county may override each.

    :ivar reminder_lists_on: the N-th working day of the month the two
        reminder lists are printed (R19); default the 1st.
    :ivar task_list_by: the task list is due by the N-th working day (R2); default 3.
    :ivar commitment_by: the commitment is due by the N-th working day (R10); default 3.
    :ivar assessment_grace: 0 (default): the assessment is due by the last
        working day of the month (R3); N >= 1: by the N-th working day of the
        next month.
    :ivar weekly_lists: whether weekly lists are posted (R11); default yes.

    >>> RhythmPolicy(task_list_by=0)
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: task_list_by: must be between 1 and 10, got 0
    """

    reminder_lists_on: int = attrs.field(default=1, validator=int_between(1, 10))
    task_list_by: int = attrs.field(default=3, validator=int_between(1, 10))
    commitment_by: int = attrs.field(default=3, validator=int_between(1, 10))
    assessment_grace: int = attrs.field(default=0, validator=int_between(0, 10))
    weekly_lists: bool = attrs.field(default=True, validator=instance_of(bool))


@attrs.frozen
class ScheduleEntry:
    """One date of the rhythm: what is due, the rule, and why that day.

    ``week`` is set for weekly lists only.
    """

    occasion: Occasion = attrs.field(validator=instance_of(Occasion))
    day: dt.date = attrs.field(validator=instance_of(dt.date))
    reason: str = attrs.field(validator=instance_of(str))
    week: Week | None = attrs.field(default=None)

    @property
    def rule(self) -> str:
        """The rule id, e.g. ``R2``."""
        return self.occasion.rule


@attrs.frozen
class MonthSchedule:
    """All the dates of one month's rhythm, in date order.

    ``provisional`` says a date was counted across a provisional day of the
    calendar (after the last State Council notice: 暂按法定节假日推算, issue 13).

    >>> from qingdan_core.calendar import china
    >>> plan = month_schedule(Month(2026, 2), china())
    >>> [(e.week.label, e.day.isoformat()) for e in plan.weekly]  # 春节 week 2026-02-16..22 has none
    [('2026年第6周', '2026-02-02'), ('2026年第7周', '2026-02-09'), ('2026年第9周', '2026-02-24')]
    """

    month: Month = attrs.field(validator=instance_of(Month))
    entries: tuple[ScheduleEntry, ...] = attrs.field(validator=instance_of(tuple))
    provisional: bool = attrs.field(default=False, validator=instance_of(bool))

    def _one(self, occasion: Occasion) -> dt.date:
        return next(e.day for e in self.entries if e.occasion is occasion)

    @property
    def reminder_lists_on(self) -> dt.date:
        """The day the two reminder lists are printed (R19)."""
        return self._one(Occasion.REMINDER_LISTS)

    @property
    def task_list_due(self) -> dt.date:
        """The day the monthly task list is due (R2)."""
        return self._one(Occasion.TASK_LIST)

    @property
    def commitment_due(self) -> dt.date:
        """The day the month-start commitment is due (R10)."""
        return self._one(Occasion.COMMITMENT)

    @property
    def assessment_due(self) -> dt.date:
        """The day the month-end assessment is due (R3); may be in the next month."""
        return self._one(Occasion.ASSESSMENT)

    @property
    def weekly(self) -> tuple[ScheduleEntry, ...]:
        """The weekly lists (R11) due this month, one per week that has a working day."""
        return tuple(e for e in self.entries if e.occasion is Occasion.WEEKLY_LIST)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def last_workday(period: Period, calendar: WorkCalendar) -> dt.date:
    """The last working day of ``period`` on ``calendar``; its last day if it has none (R3).

    By default the month-end assessment is due on it (:func:`month_schedule`),
    and :func:`qingdan_core.lifecycle.assess` given a calendar accepts the
    assessment from it on.

    :raises ValidationError: if an argument has the wrong type.
    :raises CalendarCoverageError: if the period's end lies outside the calendar.

    >>> from qingdan_core.calendar import china
    >>> last_workday(Month(2026, 10), china())  # Saturday 10-31 is off
    datetime.date(2026, 10, 30)
    >>> last_workday(Week(2026, 8), china())  # 春节: the week has no working day
    datetime.date(2026, 2, 22)
    """
    require("period", period, Period)
    require("calendar", calendar, WorkCalendar)
    end = period.end
    if calendar.is_workday(end):
        return end
    day = calendar.add_workdays(end, -1)
    return day if day >= period.start else end


def _check_week_covered(week: Week, calendar: WorkCalendar) -> None:
    """Raise if ``week`` begins before ``calendar``'s coverage (its list day is then unknown)."""
    first = calendar.coverage[0]
    if week.start < first:
        raise CalendarCoverageError(
            week.start,
            calendar.coverage,
            f"the weekly list of {week.label} is due on the week's first working day (R11), "
            f"and whether that is before {first.isoformat()} is not known; use a calendar that "
            "starts earlier, or RhythmPolicy(weekly_lists=False)",
        )


def month_schedule(
    month: Month, calendar: WorkCalendar, policy: RhythmPolicy | None = None
) -> MonthSchedule:
    """Every date of ``month``'s rhythm on ``calendar`` under ``policy`` (R2, R3, R10, R11, R19).

    The N-th working day counts from the month's first working day. A weekly
    list is due on the first working day of its ISO week and belongs to the
    month of that day; a week without a working day has no list.

    Raises :class:`~qingdan_core.errors.CalendarCoverageError` if a date
    needed lies outside the calendar: e.g. the assessment of December of the
    last covered year with ``assessment_grace >= 1``, or the weekly list of
    a week that begins before the coverage (whether its first working day
    falls in this month depends on days the calendar does not know; January
    of the first covered year is then scheduled with ``weekly_lists=False``).
    Raises :class:`~qingdan_core.errors.ValidationError` for an argument of
    the wrong type.

    >>> from qingdan_core.calendar import china
    >>> late = RhythmPolicy(assessment_grace=3)
    >>> month_schedule(Month(2026, 9), china(), late).assessment_due  # Sat 10-10 is worked
    datetime.date(2026, 10, 10)
    >>> december = month_schedule(Month(2026, 12), china(provisional_until=2027), late)
    >>> december.assessment_due, december.provisional
    (datetime.date(2027, 1, 6), True)
    """
    require("month", month, Month)
    require("calendar", calendar, WorkCalendar)
    policy = RhythmPolicy() if policy is None else policy
    require("policy", policy, RhythmPolicy)
    first = calendar.add_workdays(month.start, 0)
    entries = []
    reach = [month.end]  # the days read beyond the month's own

    def nth(occasion: Occasion, n: int) -> None:
        day = calendar.add_workdays(first, n - 1)
        reason = f"{day}: the {_ordinal(n)} working day of {month.label} ({occasion.rule})"
        entries.append(ScheduleEntry(occasion, day, reason))

    nth(Occasion.REMINDER_LISTS, policy.reminder_lists_on)
    nth(Occasion.TASK_LIST, policy.task_list_by)
    nth(Occasion.COMMITMENT, policy.commitment_by)
    if policy.weekly_lists:
        for week in Week.containing(month.start).through(Week.containing(month.end)):
            _check_week_covered(week, calendar)
            day = calendar.add_workdays(week.start, 0)
            reach.append(day)
            if day <= week.end and day in month:
                reason = f"{day}: the first working day of {week.label} (R11)"
                entries.append(ScheduleEntry(Occasion.WEEKLY_LIST, day, reason, week))
    last = last_workday(month, calendar)
    if policy.assessment_grace:
        day = calendar.add_workdays(last, policy.assessment_grace)
        reason = (
            f"{day}: the {_ordinal(policy.assessment_grace)} working day after {month.label} (R3)"
        )
    else:
        day, reason = last, f"{last}: the last working day of {month.label} (R3)"
    entries.append(ScheduleEntry(Occasion.ASSESSMENT, day, reason))
    order = list(Occasion)
    entries.sort(key=lambda e: (e.day, order.index(e.occasion)))
    last_read = max(reach + [e.day for e in entries])
    return MonthSchedule(month, tuple(entries), calendar.is_provisional(last_read))
