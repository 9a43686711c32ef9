"""Deadlines in working days, extensions, and 序时进度 expected progress (R16, R19, R20).

* :func:`deadline_after` — a deadline of N working days from the day a
  notice or contract is issued (限期督办 R16, 限期办结 R20).
* :func:`request_extension` — an extension requested on or before the due
  date moves it; one requested later is recorded but does not, and the task
  is still assessed against the date it had.
* :func:`expected_progress` — the share of a task that should be done on a
  day (序时进度): elapsed calendar days (default) or working days, or
  piecewise-linear between monthly :class:`Milestone` s (R19).
* :func:`lag_points` — expected minus actual progress, in percentage points.

Progress is a share from 0 to 1 (``Decimal`` in values, ``Fraction`` in
results); arithmetic is exact, never float.

>>> import datetime as dt
>>> from decimal import Decimal
>>> from qingdan_core.calendar import china
>>> d = deadline_after(dt.date(2026, 9, 30), 5, china())
>>> d.due, d.reason
(datetime.date(2026, 10, 13), '5 working days after 2026-09-30 (R16)')
>>> p = expected_progress(dt.date(2026, 11, 11), dt.date(2026, 11, 1), dt.date(2026, 11, 21))
>>> p, lag_points(p, Decimal("0.3"))
(Fraction(1, 2), Fraction(20, 1))
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
from decimal import Decimal
from fractions import Fraction

import attrs

from qingdan_core._checks import (
    decimal_between,
    instance_of,
    non_blank,
    plain_date,
    require,
    require_int,
)
from qingdan_core._tuples import tuple_of
from qingdan_core.calendar import WorkCalendar
from qingdan_core.errors import ValidationError

__all__ = [
    "Deadline",
    "Extension",
    "Milestone",
    "ProgressBasis",
    "deadline_after",
    "expected_progress",
    "lag_points",
    "progress_is_provisional",
    "request_extension",
    "to_decimal",
]

_ONE_DAY = dt.timedelta(days=1)


@attrs.frozen
class Extension:
    """A request to move a deadline, and whether it did (R16, R20).

    :ivar requested: the day the extension was requested.
    :ivar new_due: the due date asked for.
    :ivar granted: whether it moved the deadline (requested on or before the due date).
    :ivar reason: why, in words.
    """

    requested: dt.date = attrs.field(validator=plain_date)
    new_due: dt.date = attrs.field(validator=plain_date)
    granted: bool = attrs.field(validator=instance_of(bool))
    reason: str = attrs.field(validator=non_blank)


@attrs.frozen
class Deadline:
    """A due date set on ``issued``, with the extensions requested since.

    ``due`` is the date the task is assessed against: the last granted
    extension's ``new_due``, else ``original_due``. ``provisional`` says the
    due date was counted across a provisional day of the calendar (after the
    last State Council notice: 暂按法定节假日推算, issue 13).

    >>> d = Deadline(dt.date(2026, 11, 2), dt.date(2026, 11, 9), "7 days (R20)")
    >>> d.due, d.overdue_on(dt.date(2026, 11, 9)), d.overdue_on(dt.date(2026, 11, 10))
    (datetime.date(2026, 11, 9), False, True)
    """

    issued: dt.date = attrs.field(validator=plain_date)
    original_due: dt.date = attrs.field(validator=plain_date)
    reason: str = attrs.field(validator=non_blank)
    extensions: tuple[Extension, ...] = attrs.field(default=(), validator=tuple_of(Extension))
    provisional: bool = attrs.field(default=False, validator=instance_of(bool))

    def __attrs_post_init__(self) -> None:
        if self.original_due < self.issued:
            raise ValidationError(
                "original_due", f"{self.original_due} is before the issue date {self.issued}"
            )

    @property
    def due(self) -> dt.date:
        """The date the task is assessed against (after granted extensions)."""
        granted = [e.new_due for e in self.extensions if e.granted]
        return granted[-1] if granted else self.original_due

    def overdue_on(self, day: dt.date) -> bool:
        """Whether the deadline has passed on ``day`` (the due day itself is still in time)."""
        return day > self.due


def deadline_after(
    issued: dt.date, workdays: int, calendar: WorkCalendar, *, rule: str = "R16"
) -> Deadline:
    """A deadline ``workdays`` working days after ``issued`` (R16 限期督办, R20 限期办结).

    The due date is the ``workdays``-th working day strictly after the issue
    day. ``rule`` is the rule id quoted in the reason. The deadline is
    ``provisional`` when its due date lies in a provisional year of the calendar.

    Raises :class:`~qingdan_core.errors.ValidationError` if ``workdays`` < 1 or an
    argument has the wrong type,
    :class:`~qingdan_core.errors.CalendarCoverageError` outside the calendar.

    >>> from qingdan_core.calendar import china
    >>> deadline_after(dt.date(2026, 2, 13), 3, china(), rule="R20").due  # Sat 02-14 worked, 02-15..23 off
    datetime.date(2026, 2, 25)
    >>> late = deadline_after(dt.date(2026, 12, 30), 3, china(provisional_until=2027))
    >>> late.due, late.provisional
    (datetime.date(2027, 1, 5), True)
    """
    require("issued", issued, dt.date)
    require_int("workdays", workdays, 1)
    require("calendar", calendar, WorkCalendar)
    due = calendar.add_workdays(issued, workdays)
    return Deadline(
        issued,
        due,
        f"{workdays} working days after {issued} ({rule})",
        provisional=calendar.is_provisional(due),
    )


def request_extension(deadline: Deadline, requested: dt.date, new_due: dt.date) -> Deadline:
    """``deadline`` with an extension to ``new_due`` requested on ``requested`` (R16, R20).

    Requested on or before the current due date, it moves the deadline;
    requested later, it is recorded with ``granted=False`` and the task is
    still assessed against the due date it had.

    Raises :class:`~qingdan_core.errors.ValidationError` if ``requested`` is
    before the issue date or ``new_due`` is not after the current due date.

    >>> d = Deadline(dt.date(2026, 11, 2), dt.date(2026, 11, 9), "R20")
    >>> request_extension(d, dt.date(2026, 11, 9), dt.date(2026, 11, 16)).due
    datetime.date(2026, 11, 16)
    >>> late = request_extension(d, dt.date(2026, 11, 10), dt.date(2026, 11, 16))
    >>> late.due, late.extensions[0].reason
    (datetime.date(2026, 11, 9), 'requested 2026-11-10, after the due date 2026-11-09: still assessed against 2026-11-09')
    """
    require("deadline", deadline, Deadline)
    require("requested", requested, dt.date)
    require("new_due", new_due, dt.date)
    current = deadline.due
    if requested < deadline.issued:
        raise ValidationError(
            "requested", f"{requested} is before the issue date {deadline.issued}"
        )
    if new_due <= current:
        raise ValidationError("new_due", f"{new_due} is not after the current due date {current}")
    if requested <= current:
        extension = Extension(
            requested, new_due, True, f"requested {requested}, in time: due moves to {new_due}"
        )
    else:
        extension = Extension(
            requested,
            new_due,
            False,
            f"requested {requested}, after the due date {current}: "
            f"still assessed against {current}",
        )
    return attrs.evolve(deadline, extensions=(*deadline.extensions, extension))


# --------------------------------------------------------------------------- 序时进度


@attrs.frozen
class Milestone:
    """A point of a task's plan: by ``due``, the share ``target`` (0..1) should be done (R19).

    >>> Milestone(dt.date(2026, 11, 30), Decimal("0.6")).target
    Decimal('0.6')
    """

    due: dt.date = attrs.field(validator=plain_date)
    target: Decimal = attrs.field(validator=decimal_between(Decimal(0), Decimal(1)))


class ProgressBasis(enum.Enum):
    """What elapses for 序时进度: calendar days (the default) or working days."""

    CALENDAR_DAYS = "按日历日"
    WORKING_DAYS = "按工作日"


def _points(
    start: dt.date, due: dt.date, milestones: tuple[Milestone, ...]
) -> list[tuple[dt.date, Fraction]]:
    """The plan as (day, share) points from (start, 0) to (due, 1), validated."""
    points = [(start, Fraction(0))]
    for i, m in enumerate(milestones):
        if not isinstance(m, Milestone):
            raise ValidationError(f"milestones[{i}]", f"expected a Milestone, got {m!r}")
        last_day, last_share = points[-1]
        if not last_day < m.due <= due:
            raise ValidationError(
                f"milestones[{i}].due",
                f"{m.due} must be after {last_day} and no later than the due date {due}",
            )
        if Fraction(m.target) < last_share:
            raise ValidationError(
                f"milestones[{i}].target", f"{m.target} is below the previous target"
            )
        if m.due == due and m.target != 1:
            raise ValidationError(
                f"milestones[{i}].target", f"a milestone on the due date must be 1, got {m.target}"
            )
        points.append((m.due, Fraction(m.target)))
    if points[-1][0] != due:
        points.append((due, Fraction(1)))
    return points


def expected_progress(
    day: dt.date,
    start: dt.date,
    due: dt.date,
    *,
    basis: ProgressBasis = ProgressBasis.CALENDAR_DAYS,
    calendar: WorkCalendar | None = None,
    milestones: tuple[Milestone, ...] = (),
) -> Fraction:
    """The share of a task from ``start`` to ``due`` that should be done by the end of ``day`` (R16, R19).

    1 on and after ``due``, else 0 on and before ``start``; never decreasing in
    between. Without milestones it is the elapsed share of the span; with
    milestones, it runs linearly from (start, 0) through each milestone to
    (due, 1). Elapsed time is counted in calendar days, or in working days of
    ``calendar`` with ``basis=ProgressBasis.WORKING_DAYS`` (a stretch with no
    working day jumps at its end).

    Raises :class:`~qingdan_core.errors.ValidationError` if ``due`` is before
    ``start``, the milestones are out of order, or working days are asked for
    without a calendar.

    >>> from qingdan_core.calendar import china
    >>> nov = (dt.date(2026, 10, 31), dt.date(2026, 12, 31))
    >>> expected_progress(dt.date(2026, 11, 30), *nov)
    Fraction(30, 61)
    >>> expected_progress(dt.date(2026, 11, 30), *nov, milestones=(Milestone(nov[0].replace(month=11, day=30), Decimal("0.6")),))
    Fraction(3, 5)
    >>> expected_progress(dt.date(2026, 11, 30), *nov, basis=ProgressBasis.WORKING_DAYS, calendar=china())
    Fraction(21, 44)
    """
    for name, value in (("day", day), ("start", start), ("due", due)):
        require(name, value, dt.date)
    if due < start:
        raise ValidationError("due", f"{due} is before the start {start}")
    if not isinstance(basis, ProgressBasis):
        raise ValidationError("basis", f"unknown basis {basis!r}", allowed=list(ProgressBasis))
    if calendar is not None:
        require("calendar", calendar, WorkCalendar)
    elif basis is ProgressBasis.WORKING_DAYS:
        raise ValidationError("calendar", "working-day progress needs a calendar")
    if not isinstance(milestones, tuple):
        raise ValidationError("milestones", f"expected a tuple, got {type(milestones).__name__}")
    points = _points(start, due, milestones)
    if day >= due:
        return Fraction(1)
    if day <= start:
        return Fraction(0)
    (a, share_a), (b, share_b) = _stretch(day, points)
    if calendar is not None and basis is ProgressBasis.WORKING_DAYS:
        elapsed = calendar.count_workdays(a + _ONE_DAY, day)
        span = calendar.count_workdays(a + _ONE_DAY, b)
    else:
        elapsed, span = (day - a).days, (b - a).days
    if span == 0:  # no working day up to the milestone: it is met on its day
        return share_b if day >= b else share_a
    return share_a + (share_b - share_a) * Fraction(elapsed, span)


def _stretch(
    day: dt.date, points: list[tuple[dt.date, Fraction]]
) -> tuple[tuple[dt.date, Fraction], tuple[dt.date, Fraction]]:
    """The two plan points around ``day``, which lies after the first and before the last."""
    return next((p, q) for p, q in itertools.pairwise(points) if day <= q[0])


def progress_is_provisional(
    day: dt.date,
    start: dt.date,
    due: dt.date,
    *,
    basis: ProgressBasis = ProgressBasis.CALENDAR_DAYS,
    calendar: WorkCalendar | None = None,
    milestones: tuple[Milestone, ...] = (),
) -> bool:
    """Whether :func:`expected_progress` with the same arguments counts a provisional day.

    Only working-day progress reads the calendar: it is provisional when the
    stretch it counts (to the next milestone, or to ``due``) ends in a
    provisional year of ``calendar`` (暂按法定节假日推算, issue 13).

    Raises as :func:`expected_progress`.

    >>> from qingdan_core.calendar import china
    >>> ahead, span = china(provisional_until=2027), (dt.date(2026, 10, 1), dt.date(2027, 3, 31))
    >>> progress_is_provisional(dt.date(2026, 11, 30), *span, basis=ProgressBasis.WORKING_DAYS, calendar=ahead)
    True
    >>> progress_is_provisional(dt.date(2026, 11, 30), *span, calendar=ahead)  # calendar days
    False
    """
    expected_progress(day, start, due, basis=basis, calendar=calendar, milestones=milestones)
    if calendar is None or basis is not ProgressBasis.WORKING_DAYS or not start < day < due:
        return False
    _, (b, _share) = _stretch(day, _points(start, due, milestones))
    return calendar.is_provisional(b)


def lag_points(expected: Fraction | Decimal, actual: Decimal | Fraction) -> Fraction:
    """How far ``actual`` progress is behind ``expected``, in percentage points (R16).

    Positive: behind schedule; negative: ahead. Both are shares from 0 to 1,
    exact (``Fraction``, ``Decimal`` or ``int``), never ``float``.

    :raises ValidationError: naming ``expected`` or ``actual`` when it is not
        an exact number from 0 to 1.

    >>> lag_points(Fraction(1, 2), Decimal("0.35"))
    Fraction(15, 1)
    >>> lag_points(0.5, Decimal("0.35"))
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: expected: expected Fraction or Decimal or int, got float 0.5
    """
    return (_share("expected", expected) - _share("actual", actual)) * 100


def _share(name: str, value: Fraction | Decimal | int) -> Fraction:
    """``value`` as a Fraction, if it is an exact number from 0 to 1."""
    require(name, value, Fraction, Decimal, int)
    finite = not isinstance(value, Decimal) or value.is_finite()
    if not finite or not 0 <= value <= 1:
        raise ValidationError(name, f"must be a share from 0 to 1, got {value!r}")
    return Fraction(value)


def to_decimal(value: Fraction, places: int = 2) -> Decimal:
    """``value`` rounded half away from zero (``ROUND_HALF_UP``) to ``places`` decimals.

    For display and storage at the very end; compare exact values before rounding.

    >>> to_decimal(Fraction(100, 3)), to_decimal(Fraction(-1, 8))
    (Decimal('33.33'), Decimal('-0.13'))
    """
    scaled = abs(Fraction(value)) * 10**places
    whole = int(scaled + Fraction(1, 2))  # floor, as scaled >= 0
    return Decimal(whole if value >= 0 else -whole).scaleb(-places)
