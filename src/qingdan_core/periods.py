"""Calendar periods: ISO weeks (R11), months (R2, R3), quarters (R12) and years (R6).

Each period is a small immutable value with a ``start`` and ``end`` day
(inclusive), the period containing a date, the next and previous period,
iteration, a Chinese label and a short code that :func:`parse_period` reads
back (the CLI's ``--period YYYY-MM|YYYY-Qn|YYYY``).

>>> import datetime as dt
>>> m = Month.containing(dt.date(2026, 11, 27))
>>> m.label, str(m), m.end
('2026年11月', '2026-11', datetime.date(2026, 11, 30))
>>> parse_period("2026-Q4").label
'2026年第四季度'
>>> [str(p) for p in Month(2026, 11).through(Month(2027, 1))]
['2026-11', '2026-12', '2027-01']
"""

from __future__ import annotations

import abc
import calendar as _stdcal
import datetime as dt
import re
from collections.abc import Iterator
from typing import Self, TypeVar

import attrs

from qingdan_core._checks import int_between, require
from qingdan_core.errors import ValidationError

__all__ = ["Month", "Period", "Quarter", "Week", "Year", "parse_period"]

_QUARTER_NAMES = ("一", "二", "三", "四")
_YEAR = int_between(1, 9999)
_ONE_DAY = dt.timedelta(days=1)
_P = TypeVar("_P")


class Period(abc.ABC):
    """What every period offers; ``Week``, ``Month``, ``Quarter`` and ``Year`` implement it.

    >>> dt.date(2026, 2, 14) in Month(2026, 2), Month(2026, 2).days_count
    (True, 28)
    """

    __slots__ = ()

    @property
    @abc.abstractmethod
    def start(self) -> dt.date:
        """The first day of the period."""

    @property
    @abc.abstractmethod
    def end(self) -> dt.date:
        """The last day of the period (inclusive)."""

    @property
    @abc.abstractmethod
    def label(self) -> str:
        """The Chinese label, e.g. ``2026年11月``."""

    @classmethod
    @abc.abstractmethod
    def containing(cls, day: dt.date) -> Self:
        """The period of this kind that contains ``day``."""

    @classmethod
    @abc.abstractmethod
    def parse(cls, text: str) -> Self:
        """The period ``text`` names (its ``str()`` form); raises ValidationError otherwise."""

    @property
    def days_count(self) -> int:
        """The number of days in the period."""
        return (self.end - self.start).days + 1

    def __contains__(self, day: object) -> bool:
        return (
            isinstance(day, dt.date)
            and not isinstance(day, dt.datetime)
            and self.start <= day <= self.end
        )

    def days(self) -> Iterator[dt.date]:
        """Every day of the period, in order.

        >>> len(list(Year(2024).days()))  # a leap year
        366
        """
        return (self.start + dt.timedelta(days=i) for i in range(self.days_count))

    def next(self) -> Self:
        """The period right after this one.

        >>> Quarter(2026, 4).next()
        Quarter(year=2027, quarter=1)
        """
        if self.end == dt.date.max:
            raise ValidationError("period", f"no period after {self}")
        return self.containing(self.end + _ONE_DAY)

    def previous(self) -> Self:
        """The period right before this one.

        >>> Week(2026, 1).previous()
        Week(year=2025, week=52)
        """
        if self.start == dt.date.min:
            raise ValidationError("period", f"no period before {self}")
        return self.containing(self.start - _ONE_DAY)

    def through(self, last: Self) -> Iterator[Self]:
        """This period, the ones after it, up to and including ``last`` (none if ``last`` is earlier).

        >>> [p.label for p in Quarter(2026, 3).through(Quarter(2026, 4))]
        ['2026年第三季度', '2026年第四季度']
        """
        period = self
        while period.start <= last.start:
            yield period
            if period.end >= dt.date.max:
                return
            period = period.next()


def _check_day(day: dt.date) -> dt.date:
    require("day", day, dt.date)
    return day


def _match(pattern: str, text: object, kind: str, example: str) -> re.Match[str]:
    found = re.fullmatch(pattern, text) if isinstance(text, str) else None
    if found is None:
        raise ValidationError("period", f"not a {kind}: {text!r} (write it like {example!r})")
    return found


def _build(make: type[_P], text: str, *parts: str) -> _P:
    try:
        return make(*map(int, parts))
    except ValidationError as exc:
        raise ValidationError("period", f"{text!r}: {exc}") from None


@attrs.frozen(order=True)
class Week(Period):
    """An ISO week, Monday to Sunday (R11: weekly lists are posted per week).

    ``year`` is the ISO week-numbering year, which differs from the calendar
    year for a few days around New Year.

    >>> w = Week.containing(dt.date(2026, 11, 27))
    >>> w, w.label, str(w), w.start, w.end
    (Week(year=2026, week=48), '2026年第48周', '2026-W48', datetime.date(2026, 11, 23), datetime.date(2026, 11, 29))
    >>> Week(2025, 53)
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: week: ISO year 2025 has weeks 1..52, got 53
    """

    year: int = attrs.field(validator=_YEAR)
    week: int = attrs.field(validator=int_between(1, 53))

    def __attrs_post_init__(self) -> None:
        last = dt.date(self.year, 12, 28).isocalendar().week
        if self.week > last:
            raise ValidationError(
                "week", f"ISO year {self.year} has weeks 1..{last}, got {self.week}"
            )

    @property
    def start(self) -> dt.date:
        """The Monday."""
        return dt.date.fromisocalendar(self.year, self.week, 1)

    @property
    def end(self) -> dt.date:
        """The Sunday."""
        return dt.date.fromisocalendar(self.year, self.week, 7)

    @property
    def label(self) -> str:
        """``2026年第48周``."""
        return f"{self.year}年第{self.week}周"

    def __str__(self) -> str:
        return f"{self.year:04d}-W{self.week:02d}"

    @classmethod
    def containing(cls, day: dt.date) -> Week:
        """The ISO week containing ``day``."""
        iso = _check_day(day).isocalendar()
        return cls(iso.year, iso.week)

    @classmethod
    def parse(cls, text: str) -> Week:
        """The week ``2026-W48`` names."""
        found = _match(r"(\d{4})-W(\d{2})", text, "week", "2026-W48")
        return _build(cls, text, *found.groups())


@attrs.frozen(order=True)
class Month(Period):
    """A calendar month (R2 task lists and R3 assessments are monthly).

    >>> Month(2024, 2).end, Month(2026, 2).end  # leap year
    (datetime.date(2024, 2, 29), datetime.date(2026, 2, 28))
    """

    year: int = attrs.field(validator=_YEAR)
    month: int = attrs.field(validator=int_between(1, 12))

    @property
    def start(self) -> dt.date:
        """The first day of the month."""
        return dt.date(self.year, self.month, 1)

    @property
    def end(self) -> dt.date:
        """The last day of the month."""
        return dt.date(self.year, self.month, _stdcal.monthrange(self.year, self.month)[1])

    @property
    def label(self) -> str:
        """``2026年11月``."""
        return f"{self.year}年{self.month}月"

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def quarter(self) -> Quarter:
        """The quarter the month belongs to."""
        return Quarter(self.year, (self.month - 1) // 3 + 1)

    @classmethod
    def containing(cls, day: dt.date) -> Month:
        """The month containing ``day``."""
        day = _check_day(day)
        return cls(day.year, day.month)

    @classmethod
    def parse(cls, text: str) -> Month:
        """The month ``2026-11`` names."""
        found = _match(r"(\d{4})-(\d{2})", text, "month", "2026-11")
        return _build(cls, text, *found.groups())


@attrs.frozen(order=True)
class Quarter(Period):
    """A calendar quarter (R12: 季讲评 quarterly reviews).

    >>> Quarter(2026, 4).label, [m.label for m in Quarter(2026, 4).months()]
    ('2026年第四季度', ['2026年10月', '2026年11月', '2026年12月'])
    """

    year: int = attrs.field(validator=_YEAR)
    quarter: int = attrs.field(validator=int_between(1, 4))

    @property
    def start(self) -> dt.date:
        """The first day of the quarter."""
        return dt.date(self.year, 3 * self.quarter - 2, 1)

    @property
    def end(self) -> dt.date:
        """The last day of the quarter."""
        return Month(self.year, 3 * self.quarter).end

    @property
    def label(self) -> str:
        """``2026年第四季度``."""
        return f"{self.year}年第{_QUARTER_NAMES[self.quarter - 1]}季度"

    def __str__(self) -> str:
        return f"{self.year:04d}-Q{self.quarter}"

    def months(self) -> tuple[Month, Month, Month]:
        """The quarter's three months."""
        first = 3 * self.quarter - 2
        return (Month(self.year, first), Month(self.year, first + 1), Month(self.year, first + 2))

    @classmethod
    def containing(cls, day: dt.date) -> Quarter:
        """The quarter containing ``day``."""
        return Month.containing(day).quarter

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """The quarter ``2026-Q4`` names."""
        found = _match(r"(\d{4})-[Qq](\d)", text, "quarter", "2026-Q4")
        return _build(cls, text, *found.groups())


@attrs.frozen(order=True)
class Year(Period):
    """A calendar year (R6: the annual assessment).

    >>> Year(2026).label, len(Year(2026).months())
    ('2026年', 12)
    """

    year: int = attrs.field(validator=_YEAR)

    @property
    def start(self) -> dt.date:
        """1 January."""
        return dt.date(self.year, 1, 1)

    @property
    def end(self) -> dt.date:
        """31 December."""
        return dt.date(self.year, 12, 31)

    @property
    def label(self) -> str:
        """``2026年``."""
        return f"{self.year}年"

    def __str__(self) -> str:
        return f"{self.year:04d}"

    def months(self) -> tuple[Month, ...]:
        """The year's twelve months."""
        return tuple(Month(self.year, m) for m in range(1, 13))

    def quarters(self) -> tuple[Quarter, ...]:
        """The year's four quarters."""
        return tuple(Quarter(self.year, q) for q in range(1, 5))

    @classmethod
    def containing(cls, day: dt.date) -> Year:
        """The year containing ``day``."""
        return cls(_check_day(day).year)

    @classmethod
    def parse(cls, text: str) -> Year:
        """The year ``2026`` names."""
        found = _match(r"(\d{4})", text, "year", "2026")
        return _build(cls, text, *found.groups())


def parse_period(text: str) -> Week | Month | Quarter | Year:
    """The period ``text`` names: ``2026-W48``, ``2026-11``, ``2026-Q4`` or ``2026``.

    Raises :class:`~qingdan_core.errors.ValidationError` (path ``period``) on
    anything else, saying which forms are accepted.

    >>> parse_period("2026-11"), parse_period("2026")
    (Month(year=2026, month=11), Year(year=2026))
    >>> parse_period("2026-13")
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: period: '2026-13': month: must be between 1 and 12, got 13
    >>> parse_period("Nov 2026")
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: period: not a period: 'Nov 2026' (allowed: YYYY-MM, YYYY-Qn, YYYY, YYYY-Www)
    """
    forms: tuple[tuple[str, type[Week | Month | Quarter | Year]], ...] = (
        (r"\d{4}-W\d{2}", Week),
        (r"\d{4}-\d{2}", Month),
        (r"\d{4}-[Qq]\d", Quarter),
        (r"\d{4}", Year),
    )
    if isinstance(text, str):
        for pattern, kind in forms:
            if re.fullmatch(pattern, text):
                return kind.parse(text)
    raise ValidationError(
        "period", f"not a period: {text!r}", allowed=("YYYY-MM", "YYYY-Qn", "YYYY", "YYYY-Www")
    )
