"""Holiday notice files: the values they describe, and loading and validating them.

A notice file records, year by year, the days the State Council's annual
holiday notices (国务院办公厅关于部分节假日安排的通知) give off and the weekend
days they make working days (调休上班). The library ships one for mainland
China; a county adds a newly published notice with a small file in the same
format, written in TOML or JSON. The values here mirror the file key for key,
so :func:`qingdan_core.codec.unstructure` of a :class:`NoticeFile` is the JSON
form of the file.

Every check reports the path of the offending field in the file, e.g.
``year[0].holiday[1].makeup_workdays[0]``.

>>> notices = loads_notices('''
... format = 1
... region = "CN"
... [[year]]
... year = 2026
... notices = ["国办发明电〔2025〕7号"]
... title = "国务院办公厅关于2026年部分节假日安排的通知"
... [[year.holiday]]
... name = "元旦"
... first = 2026-01-01
... last = 2026-01-03
... makeup_workdays = [2026-01-04]
... ''')
>>> notices.coverage
(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
>>> notices.year[0].holiday[0].makeup_workdays
(datetime.date(2026, 1, 4),)
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import tomllib
from collections.abc import Callable, Iterator, Mapping, Sequence
from importlib.resources.abc import Traversable
from typing import Any

import attrs

from qingdan_core._checks import instance_of, non_blank, plain_date
from qingdan_core._tuples import non_blank_strings, optional_non_blank, tuple_of
from qingdan_core.errors import Problem, ValidationError

__all__ = [
    "FORMAT",
    "Holiday",
    "NoticeFile",
    "YearNotices",
    "load_notices",
    "loads_notices",
]

FORMAT = 1
"""The version of the notice file format this library reads (the ``format`` key)."""

_WEEKEND = (5, 6)  # Saturday, Sunday (date.weekday())
_SPILL = dt.timedelta(days=62)  # how far outside its year a notice may set days
_KEYS = frozenset({"format", "region", "year"})
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@attrs.frozen
class Holiday:
    """One holiday of a notice: days off ``first..last`` and the make-up working days tied to it.

    ``first`` and ``last`` are inclusive and include any weekend days inside
    the range. ``makeup_workdays`` are the weekend days worked instead (调休上班).
    ``notice`` names the notice that set this holiday when it is not the first
    one listed for the year (e.g. the 2020 Spring Festival extension).

    >>> spring = Holiday("春节", dt.date(2026, 2, 15), dt.date(2026, 2, 23),
    ...                  (dt.date(2026, 2, 14), dt.date(2026, 2, 28)))
    >>> spring.days_off
    9
    >>> spring.covers(dt.date(2026, 2, 17))
    True
    """

    name: str = attrs.field(validator=non_blank)
    first: dt.date = attrs.field(validator=plain_date)
    last: dt.date = attrs.field(validator=plain_date)
    makeup_workdays: tuple[dt.date, ...] = attrs.field(default=(), validator=tuple_of(dt.date))
    notice: str | None = attrs.field(default=None, validator=optional_non_blank)

    @property
    def days_off(self) -> int:
        """The number of days in ``first..last`` (0 if the range is reversed)."""
        return max(0, (self.last - self.first).days + 1)

    def covers(self, day: dt.date) -> bool:
        """Whether ``day`` is one of this holiday's days off."""
        return self.first <= day <= self.last

    def days(self) -> Iterator[dt.date]:
        """The days off, in order."""
        return (self.first + dt.timedelta(days=i) for i in range(self.days_off))


@attrs.frozen
class YearNotices:
    """The days one calendar year's notice(s) set: ``[[year]]`` in a notice file.

    ``notices`` lists every notice that set the year's days, the annual one
    first (e.g. ``国办发明电〔2025〕7号``); ``title``, ``published`` and
    ``source`` say where the days come from.

    >>> entry = YearNotices(2026, ("国办发明电〔2025〕7号",), "2026年部分节假日安排")
    >>> entry.first_day, entry.last_day
    (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    """

    year: int = attrs.field(validator=instance_of(int))
    notices: tuple[str, ...] = attrs.field(
        validator=[tuple_of(str, non_empty=True), non_blank_strings]
    )
    title: str = attrs.field(validator=non_blank)
    published: dt.date | None = attrs.field(
        default=None, validator=attrs.validators.optional(plain_date)
    )
    source: str | None = attrs.field(default=None, validator=optional_non_blank)
    holiday: tuple[Holiday, ...] = attrs.field(default=(), validator=tuple_of(Holiday))

    @property
    def first_day(self) -> dt.date:
        """1 January of the year."""
        return dt.date(self.year, 1, 1)

    @property
    def last_day(self) -> dt.date:
        """31 December of the year."""
        return dt.date(self.year, 12, 31)


@attrs.frozen
class NoticeFile:
    """A validated notice file: contiguous years of holidays and make-up working days.

    Raises :class:`~qingdan_core.errors.ValidationError` listing every problem
    with its path (see the module docstring and the how-to "Add next year's
    holiday notice").

    >>> NoticeFile(FORMAT, "CN", ())
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: year: must hold at least one [[year]] entry
    """

    format: int = attrs.field(validator=instance_of(int))
    region: str = attrs.field(validator=non_blank)
    year: tuple[YearNotices, ...] = attrs.field(validator=tuple_of(YearNotices))

    def __attrs_post_init__(self) -> None:
        problems = _file_problems(self)
        if problems:
            raise ValidationError.from_problems(problems)

    @property
    def coverage(self) -> tuple[dt.date, dt.date]:
        """``(1 January of the first year, 31 December of the last year)``."""
        return self.year[0].first_day, self.year[-1].last_day

    def then(self, later: NoticeFile) -> NoticeFile:
        """This file followed by ``later``, whose first year must follow this file's last.

        Raises :class:`~qingdan_core.errors.ValidationError` with paths into
        ``later`` (e.g. ``year[0].year``) if ``later`` is for another region,
        does not start the year after this file's coverage, or sets a make-up
        working day inside a holiday of this file.

        >>> base = NoticeFile(FORMAT, "CN", (YearNotices(2026, ("国办发明电〔2025〕7号",), "2026年"),))
        >>> base.then(base)
        Traceback (most recent call last):
        ...
        qingdan_core.errors.ValidationError: year[0].year: must be 2027, the year after the covered range 2026-01-01..2026-12-31; got 2026
        """
        first, last = self.coverage
        if later.region != self.region:
            raise ValidationError(
                "region", f"is {later.region!r} but the calendar is for {self.region!r}"
            )
        wanted = last.year + 1
        if later.year[0].year != wanted:
            raise ValidationError(
                "year[0].year",
                f"must be {wanted}, the year after the covered range "
                f"{first.isoformat()}..{last.isoformat()}; got {later.year[0].year}",
            )
        problems = _makeup_problems(self.year + later.year, len(self.year))
        if problems:
            raise ValidationError.from_problems(problems)
        return NoticeFile(self.format, self.region, self.year + later.year)


# --------------------------------------------------------------------------- checks


def _file_problems(notices: NoticeFile) -> list[Problem]:
    """Every problem of a file whose fields have the right types."""
    if notices.format != FORMAT:
        return [Problem("format", f"unsupported format {notices.format}", (str(FORMAT),))]
    if not notices.year:
        return [Problem("year", "must hold at least one [[year]] entry")]
    problems: list[Problem] = []
    for i, entry in enumerate(notices.year):
        path = f"year[{i}]"
        previous = notices.year[i - 1].year if i else None
        if not 1 <= entry.year <= 9998:
            problems.append(
                Problem(f"{path}.year", f"must be between 1 and 9998, got {entry.year}")
            )
            continue
        if previous is not None and entry.year != previous + 1:
            problems.append(
                Problem(
                    f"{path}.year",
                    f"years must be contiguous and increasing: expected {previous + 1} "
                    f"after {previous}, got {entry.year}",
                )
            )
        problems.extend(_year_problems(entry, path))
    if not problems:
        problems.extend(_makeup_problems(notices.year, 0))
    return problems


def _holiday_problems(
    holiday: Holiday, where: str, low: dt.date, high: dt.date
) -> Iterator[Problem]:
    """Problems of one holiday at path ``where`` whose days must lie within ``low..high``."""
    if holiday.last < holiday.first:
        yield Problem(
            f"{where}.last",
            f"{holiday.last.isoformat()} is before first {holiday.first.isoformat()}",
        )
    outside = f"is outside {low.isoformat()}..{high.isoformat()}"
    for key, day in (("first", holiday.first), ("last", holiday.last)):
        if not low <= day <= high:
            yield Problem(f"{where}.{key}", f"{day.isoformat()} {outside}")
    for k, day in enumerate(holiday.makeup_workdays):
        path = f"{where}.makeup_workdays[{k}]"
        if day.weekday() not in _WEEKEND:
            yield Problem(
                path,
                f"{day.isoformat()} is a {_WEEKDAY_NAMES[day.weekday()]}; "
                "a make-up working day must be a Saturday or Sunday",
            )
        elif not low <= day <= high:
            yield Problem(path, f"{day.isoformat()} {outside}")
        elif holiday.covers(day):
            yield Problem(path, f"{day.isoformat()} is one of the holiday's own days off")


def _year_problems(entry: YearNotices, path: str) -> Iterator[Problem]:
    """Problems inside one year entry: ranges, weekends, overlaps, notice names.

    A notice may set days up to two months outside its year (e.g. the 2006
    notice made Saturday 2005-12-31 a working day).
    """
    low, high = entry.first_day - _SPILL, entry.last_day + _SPILL
    for j, holiday in enumerate(entry.holiday):
        where = f"{path}.holiday[{j}]"
        yield from _holiday_problems(holiday, where, low, high)
        if holiday.notice is not None and holiday.notice not in entry.notices:
            yield Problem(
                f"{where}.notice", "must be one of the year's notices", allowed=entry.notices
            )
    ranges = sorted((h.first, h.last, j) for j, h in enumerate(entry.holiday) if h.first <= h.last)
    for (_, last, m), (first, _, j) in itertools.pairwise(ranges):
        if first <= last:
            one, other = entry.holiday[max(j, m)], entry.holiday[min(j, m)]
            yield Problem(
                f"{path}.holiday[{max(j, m)}]",
                f"{one.name} {_span(one)} overlaps holiday[{min(j, m)}] "
                f"{other.name} {_span(other)}",
            )


def _makeup_problems(years: Sequence[YearNotices], first_new: int) -> list[Problem]:
    """Make-up working days of ``years[first_new:]`` that fall inside any holiday of ``years``.

    Paths count from ``first_new``, so they point into the file that added those years.
    """
    off = {day for entry in years for holiday in entry.holiday for day in holiday.days()}
    problems = []
    for i in range(first_new, len(years)):
        for j, holiday in enumerate(years[i].holiday):
            for k, day in enumerate(holiday.makeup_workdays):
                if day not in off:
                    continue
                year, other = next(
                    (entry.year, other)
                    for entry in years
                    for other in entry.holiday
                    if other.covers(day)
                )
                problems.append(
                    Problem(
                        f"year[{i - first_new}].holiday[{j}].makeup_workdays[{k}]",
                        f"{day.isoformat()} is a day off of {year}'s {other.name} "
                        f"{_span(other)}; a make-up working day cannot be a holiday",
                    )
                )
    return problems


def _span(holiday: Holiday) -> str:
    return f"{holiday.first.isoformat()}..{holiday.last.isoformat()}"


# --------------------------------------------------------------------------- loading


def _plain(value: object) -> object:
    """TOML data with dates as ISO strings, the way JSON carries them."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    return value


def _items(value: object) -> tuple[Any, ...]:
    if type(value) is not list:
        raise TypeError("expected a list")
    return tuple(value)


def _same(day: Any) -> Any:
    return day


def _direct(data: Mapping[str, Any], day: Callable[[Any], Any]) -> NoticeFile:
    """The file built straight from decoded data, reading dates with ``day``.

    Any error means "ask the codec why": this is only the fast path.
    """
    if not _KEYS.issuperset(data):
        raise KeyError("unknown key")
    years = []
    for entry in _items(data["year"]):
        holidays = tuple(
            Holiday(
                **{
                    **h,
                    "first": day(h["first"]),
                    "last": day(h["last"]),
                    "makeup_workdays": tuple(map(day, _items(h.get("makeup_workdays", [])))),
                }
            )
            for h in _items(entry.get("holiday", []))
        )
        published = entry.get("published")
        years.append(
            YearNotices(
                **{
                    **entry,
                    "notices": _items(entry["notices"]),
                    "published": None if published is None else day(published),
                    "holiday": holidays,
                }
            )
        )
    return NoticeFile(data["format"], data["region"], tuple(years))


def _from_toml(data: dict[str, Any]) -> NoticeFile:
    """The file decoded TOML ``data`` describes (dates are ``datetime.date`` already)."""
    try:
        return _direct(data, _same)
    except Exception:  # the codec reports it precisely
        return _structure(_plain(data))


def _from_json(data: object) -> NoticeFile:
    """The file decoded JSON ``data`` describes (dates are ISO strings)."""
    try:
        return _direct(data, dt.date.fromisoformat)  # type: ignore[arg-type]
    except Exception:  # the codec reports it precisely
        return _structure(data)


def _structure(data: object) -> NoticeFile:
    """The file ``data`` describes, through the codec, which names every bad field path.

    Well-formed data takes the fast path above (the shipped calendar loads in a
    few milliseconds); the codec is for saying what is wrong.
    """
    if not isinstance(data, Mapping):
        raise ValidationError(
            "", f"a notice file must be a table/object, got {type(data).__name__}"
        )
    from qingdan_core import codec  # cattrs, loaded only to report a bad file

    return codec.structure(data, NoticeFile)


def loads_notices(text: str, *, syntax: str = "toml") -> NoticeFile:
    """The :class:`NoticeFile` that ``text`` (TOML, or JSON with ``syntax="json"``) describes.

    Raises :class:`~qingdan_core.errors.ValidationError` for text that does not
    parse (naming the line) or describes no valid notice file (naming every
    bad field path).

    >>> loads_notices('format = 2')
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: 2 problems: region: required field is missing; year: required field is missing
    >>> loads_notices('{"format": 1', syntax="json")
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: not valid JSON: Expecting ',' delimiter: line 1 column 13 (char 12)
    """
    if syntax == "toml":
        try:
            table = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ValidationError("", f"not valid TOML: {exc}") from None
        return _from_toml(table)
    if syntax == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValidationError("", f"not valid JSON: {exc}") from None
        return _from_json(data)
    raise ValidationError("syntax", f"unknown syntax {syntax!r}", allowed=("toml", "json"))


def load_notices(source: str | os.PathLike[str] | Traversable) -> NoticeFile:
    """The :class:`NoticeFile` in the file ``source``: ``.toml`` or ``.json`` by its suffix.

    Raises :class:`~qingdan_core.errors.ValidationError` if the file cannot be
    read or has another suffix (the path is then the file's name), or does not
    describe a valid notice file (paths into the file, as :func:`loads_notices`).

    >>> load_notices("notices.txt")
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: notices.txt: a notice file must end in .toml or .json (allowed: .toml, .json)
    """
    name = os.fspath(source) if isinstance(source, str | os.PathLike) else str(source)
    suffix = os.path.splitext(name)[1].lower()
    if suffix not in (".toml", ".json"):
        raise ValidationError(
            name, "a notice file must end in .toml or .json", allowed=(".toml", ".json")
        )
    try:
        if isinstance(source, str | os.PathLike):
            with open(source, encoding="utf-8") as handle:
                text = handle.read()
        else:
            text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError(name, f"cannot read the notice file: {exc}") from None
    return loads_notices(text, syntax=suffix[1:])
