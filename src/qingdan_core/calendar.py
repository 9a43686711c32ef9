"""Official working days: which days count, and working-day arithmetic (R16, R20).

:func:`china` is mainland China's calendar: Monday to Friday, less the
statutory holidays, plus the weekend days worked instead (调休上班), as the
State Council's annual notices set them. A :class:`WorkCalendar` covers a
range of whole years and refuses to guess outside it: any date, or any result,
outside :attr:`WorkCalendar.coverage` raises
:class:`~qingdan_core.errors.CalendarCoverageError`.

A county adds the next year's notice itself, from a small TOML or JSON file
(see :mod:`qingdan_core._holiday_notices` and the how-to "Add next year's holiday
notice"), with :meth:`WorkCalendar.extend`; a calendar with another weekly
pattern or extra regional holidays is :func:`attrs.evolve` of another one.

Before the notice is published, ``china(provisional_until=YEAR)`` also covers
the years after the last notice, from the statutory holidays of
《全国年节及纪念日放假办法》 alone (no guessed 调休): every such day is
:meth:`~WorkCalendar.is_provisional` and :meth:`~WorkCalendar.explain` says so
(暂按法定节假日推算, 待国务院办公厅通知).

>>> import datetime as dt
>>> cal = china()
>>> cal.is_workday(dt.date(2026, 10, 1))  # 国庆节
False
>>> cal.add_workdays(dt.date(2026, 9, 30), 5)
datetime.date(2026, 10, 13)
>>> cal.count_workdays(dt.date(2026, 10, 1), dt.date(2026, 10, 31))
18
>>> ahead = china(provisional_until=2027)
>>> ahead.add_workdays(dt.date(2026, 12, 31), 1), ahead.is_provisional(dt.date(2027, 1, 4))
(datetime.date(2027, 1, 4), True)
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import itertools
import json
import os
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

import attrs

from qingdan_core._checks import instance_of, require
from qingdan_core._holiday_notices import (
    _WEEKDAY_NAMES,
    FORMAT,
    Holiday,
    NoticeFile,
    YearNotices,
    _from_json,
    _holiday_problems,
    load_notices,
    loads_notices,
)
from qingdan_core._statutory import PROVISIONAL, statutory_years
from qingdan_core._tuples import tuple_of
from qingdan_core.errors import CalendarCoverageError, Problem, ValidationError

__all__ = [
    "FORMAT",
    "MONDAY_TO_FRIDAY",
    "Holiday",
    "NoticeFile",
    "WorkCalendar",
    "YearNotices",
    "china",
    "load_notices",
    "loads_notices",
]

MONDAY_TO_FRIDAY: tuple[int, ...] = (0, 1, 2, 3, 4)
"""The default weekly pattern: the working weekdays as ``date.weekday()`` numbers (Monday = 0)."""

_HINT = (
    "extend it with WorkCalendar.extend('<next year>.toml') from the State Council's "
    "notice (see the how-to 'Add next year's holiday notice'), or use "
    "china(provisional_until=YEAR) to count the statutory holidays alone until then"
)
_date = dt.date


def _workweek(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    tuple_of(int)(_inst, attribute, value)
    for i, day in enumerate(value):
        if not 0 <= day <= 6:
            raise ValidationError(
                f"{attribute.name}[{i}]",
                f"must be a weekday number 0 (Monday) to 6 (Sunday), got {day!r}",
            )
    if len(set(value)) != len(value):
        raise ValidationError(attribute.name, f"lists a weekday twice: {value!r}")


@attrs.frozen(repr=False)
class WorkCalendar:
    """Working days over the years ``notices`` covers; immutable and fast.

    A day is a working day if its weekday is in ``workweek`` and it is no day
    off of any holiday in ``notices`` or ``extra_holidays`` (regional
    holidays), or if a holiday lists it as a make-up working day. The
    questions below are answered from a table built once, in O(1).

    With ``provisional_until`` later than the last notice's year, the years
    after it up to ``provisional_until`` are covered too, provisionally: from
    the statutory holidays alone (see :meth:`is_provisional`).

    Raises :class:`~qingdan_core.errors.ValidationError` if an extra holiday
    lies outside the coverage or is otherwise invalid, or if
    ``provisional_until`` is past the statutory date table (2099).

    :ivar notices: the holiday notices, one entry per covered year.
    :ivar workweek: the working weekdays (Monday = 0), Monday to Friday by default.
    :ivar extra_holidays: regional holidays on top of the notices.
    :ivar provisional_until: the last year covered provisionally, or None.

    >>> import attrs
    >>> naadam = Holiday("那达慕", dt.date(2026, 7, 13), dt.date(2026, 7, 15))
    >>> region = attrs.evolve(china(), extra_holidays=(naadam,))
    >>> region.is_workday(dt.date(2026, 7, 14)), china().is_workday(dt.date(2026, 7, 14))
    (False, True)
    >>> six_days = attrs.evolve(china(), workweek=(0, 1, 2, 3, 4, 5))
    >>> six_days.is_workday(dt.date(2026, 7, 18))  # a Saturday
    True
    """

    notices: NoticeFile = attrs.field(validator=instance_of(NoticeFile))
    workweek: tuple[int, ...] = attrs.field(default=MONDAY_TO_FRIDAY, validator=_workweek)
    extra_holidays: tuple[Holiday, ...] = attrs.field(default=(), validator=tuple_of(Holiday))
    provisional_until: int | None = attrs.field(
        default=None, validator=attrs.validators.optional(instance_of(int))
    )
    _provisional: tuple[YearNotices, ...] = attrs.field(init=False, eq=False)
    _base: int = attrs.field(init=False, eq=False)
    _size: int = attrs.field(init=False, eq=False)
    _table: bytes = attrs.field(init=False, eq=False)
    _before: tuple[int, ...] = attrs.field(init=False, eq=False)
    _ordinals: tuple[int, ...] = attrs.field(init=False, eq=False)

    def __attrs_post_init__(self) -> None:
        official = self.notices.coverage[1].year
        provisional = statutory_years(official + 1, self.provisional_until or official)
        object.__setattr__(self, "_provisional", provisional)
        first, last = self.coverage
        problems: list[Problem] = []
        for i, holiday in enumerate(self.extra_holidays):
            problems.extend(_holiday_problems(holiday, f"extra_holidays[{i}]", first, last))
        if problems:
            raise ValidationError.from_problems(problems)
        base, size = first.toordinal(), (last - first).days + 1
        week = bytes((first.weekday() + i) % 7 in self.workweek for i in range(7))
        table = bytearray(week * (size // 7 + 1))[:size]
        statutory = [h for entry in provisional for h in entry.holiday]
        national = [h for entry in self.notices.year for h in entry.holiday]
        for group in (statutory, national, self.extra_holidays):
            for holiday in group:
                start = max(holiday.first.toordinal() - base, 0)
                stop = min(holiday.last.toordinal() - base + 1, size)
                table[start:stop] = bytes(max(stop - start, 0))
            for holiday in group:
                for day in holiday.makeup_workdays:
                    if 0 <= day.toordinal() - base < size:
                        table[day.toordinal() - base] = 1
        set_ = object.__setattr__
        set_(self, "_base", base)
        set_(self, "_size", size)
        set_(self, "_table", bytes(table))
        set_(self, "_before", tuple(itertools.accumulate(table, initial=0)))
        set_(self, "_ordinals", tuple(itertools.compress(range(base, base + size), table)))

    def __repr__(self) -> str:
        first, last = self.coverage
        ahead = f" (provisional from {self.provisional_years[0].year})" if self._provisional else ""
        return (
            f"<WorkCalendar {self.notices.region} {first.isoformat()}..{last.isoformat()}{ahead}>"
        )

    @property
    def coverage(self) -> tuple[dt.date, dt.date]:
        """The first and last day the calendar knows, inclusive (provisional years included).

        >>> china().coverage[0], china(provisional_until=2028).coverage[1]
        (datetime.date(2004, 1, 1), datetime.date(2028, 12, 31))
        """
        first, last = self.notices.coverage
        return first, self._provisional[-1].last_day if self._provisional else last

    @property
    def official_coverage(self) -> tuple[dt.date, dt.date]:
        """The first and last day the State Council's notices cover, inclusive.

        >>> china(provisional_until=2028).official_coverage[1]
        datetime.date(2026, 12, 31)
        """
        return self.notices.coverage

    @property
    def provisional_years(self) -> tuple[YearNotices, ...]:
        """The years covered from the statutory holidays alone, each as a year entry.

        >>> [entry.year for entry in china(provisional_until=2028).provisional_years]
        [2027, 2028]
        """
        return self._provisional

    def is_provisional(self, day: dt.date) -> bool:
        """Whether ``day`` lies in a provisional year (after the last notice).

        Raises as :meth:`is_workday`.

        >>> cal = china(provisional_until=2027)
        >>> cal.is_provisional(dt.date(2026, 12, 31)), cal.is_provisional(dt.date(2027, 1, 1))
        (False, True)
        """
        self._index(day)
        return day > self.notices.coverage[1]

    def _index(self, day: dt.date, name: str = "day") -> int:
        """The table index of ``day``; raises if it is not a date or outside the coverage."""
        if type(day) is not _date:  # the fast path: a plain date needs no call
            require(name, day, dt.date)
        i = day.toordinal() - self._base
        if 0 <= i < self._size:
            return i
        raise CalendarCoverageError(day, self.coverage, _HINT)

    def is_workday(self, day: dt.date) -> bool:
        """Whether ``day`` is a working day.

        Raises :class:`~qingdan_core.errors.CalendarCoverageError` outside the
        coverage, :class:`~qingdan_core.errors.ValidationError` if ``day`` is
        not a date.

        >>> china().is_workday(dt.date(2026, 2, 14))  # a Saturday worked for 春节
        True
        >>> china().is_workday(dt.date(2040, 1, 2))  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        qingdan_core.errors.CalendarCoverageError: 2040-01-02 is outside the calendar's coverage 2004-01-01..2026-12-31; extend it ...
        """
        if type(day) is _date:
            i = day.toordinal() - self._base
            if 0 <= i < self._size:
                return self._table[i] == 1
        return self._table[self._index(day)] == 1

    def add_workdays(self, day: dt.date, n: int) -> dt.date:
        """The ``n``-th working day after ``day`` (R16, R20).

        For ``n >= 1`` the n-th working day strictly after ``day``; for
        ``n <= -1`` the |n|-th working day strictly before it; for ``n == 0``
        ``day`` itself if it is a working day, else the next working day.

        Raises :class:`~qingdan_core.errors.CalendarCoverageError` if ``day``
        or the result lies outside the coverage, and
        :class:`~qingdan_core.errors.ValidationError` if ``n`` is not an int.

        >>> cal = china()
        >>> cal.add_workdays(dt.date(2026, 9, 30), 1)  # 国庆节: off 10-01..10-07
        datetime.date(2026, 10, 8)
        >>> cal.add_workdays(dt.date(2026, 10, 8), -1)
        datetime.date(2026, 9, 30)
        >>> cal.add_workdays(dt.date(2026, 10, 3), 0)
        datetime.date(2026, 10, 8)
        """
        i = self._index(day)
        if type(n) is not int:
            raise ValidationError("n", f"expected an int, got {type(n).__name__} {n!r}")
        before = self._before
        k = before[i + 1] + n - 1 if n > 0 else before[i] + n
        if 0 <= k < len(self._ordinals):
            return dt.date.fromordinal(self._ordinals[k])
        first, last = self.coverage
        edge = last + dt.timedelta(days=1) if n >= 0 else first - dt.timedelta(days=1)
        raise CalendarCoverageError(
            edge,
            self.coverage,
            f"it would be the answer to add_workdays({day.isoformat()}, {n}); {_HINT}",
        )

    def count_workdays(self, first: dt.date, last: dt.date) -> int:
        """The number of working days in the closed range ``[first, last]``; 0 if ``last < first``.

        Raises :class:`~qingdan_core.errors.CalendarCoverageError` if either
        date lies outside the coverage.

        >>> china().count_workdays(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
        248
        >>> china().count_workdays(dt.date(2026, 5, 2), dt.date(2026, 5, 1))
        0
        """
        i, j = self._index(first, "first"), self._index(last, "last")
        return self._before[j + 1] - self._before[i] if j >= i else 0

    def extend(self, later: NoticeFile | str | os.PathLike[str] | Traversable) -> WorkCalendar:
        """This calendar, covering also the years of ``later`` (a notice file or its path).

        ``later`` must start the year after :attr:`coverage` ends and be for
        the same region; the result keeps this calendar's weekly pattern and
        extra holidays. Raises :class:`~qingdan_core.errors.ValidationError`
        with paths into ``later``.

        >>> nxt = loads_notices('''
        ... format = 1
        ... region = "CN"
        ... [[year]]
        ... year = 2027
        ... notices = ["国办发明电〔2026〕X号"]
        ... title = "2027年部分节假日安排"
        ... [[year.holiday]]
        ... name = "元旦"
        ... first = 2027-01-01
        ... last = 2027-01-03
        ... ''')
        >>> cal = china().extend(nxt)
        >>> cal.coverage[1], cal.add_workdays(dt.date(2026, 12, 31), 1)
        (datetime.date(2027, 12, 31), datetime.date(2027, 1, 4))
        """
        notices = later if isinstance(later, NoticeFile) else load_notices(later)
        return attrs.evolve(self, notices=self.notices.then(notices))

    def explain(self, day: dt.date) -> str:
        """Why ``day`` is or is not a working day, naming the holiday and its notice.

        Raises as :meth:`is_workday`.

        >>> print(china().explain(dt.date(2026, 2, 14)))
        2026-02-14 (Saturday) is a working day: make-up day for 春节 (国办发明电〔2025〕7号)
        >>> print(china().explain(dt.date(2026, 2, 16)))
        2026-02-16 (Monday) is a day off: 春节 2026-02-15..2026-02-23 (国办发明电〔2025〕7号)
        >>> print(china(provisional_until=2027).explain(dt.date(2027, 2, 5)))
        2027-02-05 (Friday) is a day off: 春节 2027-02-05..2027-02-08 (全国年节及纪念日放假办法; provisional: 暂按法定节假日推算, 待国务院办公厅通知)
        """
        working = self.is_workday(day)
        kind = "working day" if working else "day off"
        head = f"{day.isoformat()} ({_WEEKDAY_NAMES[day.weekday()]}) is a {kind}"
        note = f"; provisional: {PROVISIONAL}" if self.is_provisional(day) else ""
        sources = [
            (h, entry.notices[0])
            for entry in self._provisional + self.notices.year
            for h in entry.holiday
        ]
        sources += [(h, "regional") for h in self.extra_holidays]
        for holiday, notice in reversed(sources):
            source = holiday.notice or notice
            if not working and holiday.covers(day):
                return f"{head}: {holiday.name} {holiday.first}..{holiday.last} ({source}{note})"
            if working and day in holiday.makeup_workdays:
                return f"{head}: make-up day for {holiday.name} ({source}{note})"
        return f"{head}: weekly pattern" + (f" ({note[2:]})" if note else "")


@functools.cache
def china(*, provisional_until: int | None = None) -> WorkCalendar:
    """Mainland China's official working days, from the packaged State Council notices.

    Built on first use and shared afterwards (it is immutable). Covers at
    least 2004-01-01..2026-12-31; see :meth:`WorkCalendar.extend` for later
    years, and ``provisional_until`` to cover the years after the last notice
    up to that year from the statutory holidays alone (see
    :meth:`WorkCalendar.is_provisional`).

    >>> china() is china()
    True
    >>> china().notices.year[-1].notices[0]
    '国办发明电〔2025〕7号'
    >>> china(provisional_until=2027).coverage[1]
    datetime.date(2027, 12, 31)
    """
    return WorkCalendar(_packaged_notices(), provisional_until=provisional_until)


def _packaged_notices() -> NoticeFile:
    """The notices in ``calendar_data/china.toml``.

    Parsing TOML is most of the build time, so they are read from the JSON copy
    ``china.json`` beside it when that copy records the TOML file's current
    SHA-256 (a stale or missing copy only makes the first call slower;
    ``tests/test_calendar.py`` says how to refresh it).
    """
    folder = files("qingdan_core") / "calendar_data"
    text = (folder / "china.toml").read_text(encoding="utf-8")
    copy = folder / "china.json"
    if copy.is_file():
        data = json.loads(copy.read_text(encoding="utf-8"))
        if data.get("toml_sha256") == hashlib.sha256(text.encode()).hexdigest():
            return _from_json(data["notices"])
    return loads_notices(text)


def _json_copy(toml_text: str) -> str:
    """The text of ``china.json`` for the TOML file ``toml_text``."""
    from qingdan_core import codec  # cattrs, kept off the calendar's import

    data = {
        "toml_sha256": hashlib.sha256(toml_text.encode()).hexdigest(),
        "notices": codec.unstructure(loads_notices(toml_text)),
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
