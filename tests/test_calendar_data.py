"""Checks of the shipped holiday data ``calendar_data/china.toml`` (R2, R3, R10, R16, R20).

Deadlines of 任务清单 (R2), 考核清单 (R3), the 办单 rhythm (R10), 限期督办
(R16) and 契约责任 (R20) are counted in working days, so the holiday table
must be exactly the State Council's notices. The file is read here with
:mod:`tomllib` directly, independently of the calendar engine, and checked:

* its structure (years 2004-2026 present, in order and contiguous, each
  naming its notice(s); make-up days are weekend days outside every holiday
  range; ranges are well-formed and do not overlap);
* day by day, 2004-01-01 to 2026-12-31, against the ``holidays`` package's
  China calendar (``is_working_day``, which honours its weekend working days).
  Any day where the notice and the package differ must be listed, with the
  notice cited, in ``_KNOWN_DIFFERENCES``; there are none.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterator
from importlib.resources import files
from typing import Any

import holidays
import pytest

_FIRST_YEAR = 2004
_LAST_YEAR = 2026

_TOP_KEYS = {"format", "region", "year"}
_YEAR_KEYS = {"year", "notices", "title", "published", "source", "holiday"}
_HOLIDAY_KEYS = {"name", "first", "last", "makeup_workdays", "notice"}
_HOLIDAY_REQUIRED = _HOLIDAY_KEYS - {"notice"}

# Days on which the State Council notice and the ``holidays`` package disagree
# about "is this a working day", after re-reading the notice (the notice wins).
# Each entry: day -> "notice number and quoted wording". Verified: none.
_KNOWN_DIFFERENCES: dict[dt.date, str] = {}

# A make-up working day lies close to the holiday it pays for; a larger gap
# means a mistyped month or day (the largest in the notices is 11 days:
# 2026-09-20 for the National Day holiday from 2026-10-01).
_MAX_MAKEUP_GAP = dt.timedelta(days=14)


def _load() -> dict[str, Any]:
    """Parse the shipped TOML file."""
    resource = files("qingdan_core") / "calendar_data" / "china.toml"
    return tomllib.loads(resource.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    """The parsed holiday file."""
    return _load()


def _days(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    """Every day from ``first`` to ``last`` inclusive."""
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=1)


def _holidays(data: dict[str, Any]) -> Iterator[tuple[int, dict[str, Any]]]:
    """Every holiday entry with its year."""
    for year in data["year"]:
        for holiday in year["holiday"]:
            yield year["year"], holiday


def _days_off(data: dict[str, Any]) -> set[dt.date]:
    """Every day inside some holiday range."""
    return {
        day for _, holiday in _holidays(data) for day in _days(holiday["first"], holiday["last"])
    }


def _makeup_days(data: dict[str, Any]) -> set[dt.date]:
    """Every make-up working day (调休上班)."""
    return {day for _, holiday in _holidays(data) for day in holiday["makeup_workdays"]}


def _is_working_day(day: dt.date, days_off: set[dt.date], makeup: set[dt.date]) -> bool:
    """The format's rule: Mon-Fri outside every holiday range, or a make-up day."""
    return day in makeup or (day.weekday() < 5 and day not in days_off)


def test_r16_file_header(data: dict[str, Any]) -> None:
    """R16: the file is format 1 for mainland China and has only known keys."""
    assert data["format"] == 1
    assert data["region"] == "CN"
    assert set(data) <= _TOP_KEYS
    for year in data["year"]:
        assert set(year) == _YEAR_KEYS, year["year"]
        for holiday in year["holiday"]:
            assert _HOLIDAY_REQUIRED <= set(holiday) <= _HOLIDAY_KEYS, (year["year"], holiday)


def test_r16_years_2004_to_2026_present_in_order_and_contiguous(data: dict[str, Any]) -> None:
    """R16/R20: coverage is exactly the years 2004..2026, in increasing order."""
    years = [year["year"] for year in data["year"]]
    assert years == list(range(_FIRST_YEAR, _LAST_YEAR + 1))


def test_r16_each_year_names_its_notices_and_source(data: dict[str, Any]) -> None:
    """R16: every year cites at least one notice, its title, date and where it was read."""
    for year in data["year"]:
        number = year["year"]
        assert year["notices"], number
        assert all(isinstance(n, str) and n.strip() for n in year["notices"]), number
        assert len(set(year["notices"])) == len(year["notices"]), number
        assert year["title"] == f"国务院办公厅关于{number}年部分节假日安排的通知"
        assert type(year["published"]) is dt.date, number
        assert year["published"] < dt.date(number, 1, 1), number
        assert year["source"].strip(), number
        assert year["holiday"], number
        for holiday in year["holiday"]:
            assert holiday["name"].strip(), number
            assert holiday.get("notice", year["notices"][0]) in year["notices"], holiday


def test_r16_holiday_ranges_well_formed_and_not_overlapping(data: dict[str, Any]) -> None:
    """R16: first <= last, ranges lie around their year and never overlap."""
    seen: dict[dt.date, str] = {}
    for number, holiday in _holidays(data):
        first, last = holiday["first"], holiday["last"]
        assert type(first) is dt.date, holiday
        assert type(last) is dt.date, holiday
        assert first <= last, holiday
        assert dt.date(number - 1, 12, 1) <= first, holiday
        assert last <= dt.date(number, 12, 31), holiday
        for day in _days(first, last):
            assert day not in seen, (day, seen.get(day), holiday["name"])
            seen[day] = holiday["name"]


def test_r16_makeup_days_are_weekend_days_outside_holidays(data: dict[str, Any]) -> None:
    """R16: a 调休上班 day is a Saturday or Sunday, outside every holiday range, near its holiday."""
    days_off = _days_off(data)
    for _, holiday in _holidays(data):
        for day in holiday["makeup_workdays"]:
            assert type(day) is dt.date, holiday
            assert day.weekday() >= 5, (day, holiday["name"])
            assert day not in days_off, (day, holiday["name"])
            gap = max(holiday["first"] - day, day - holiday["last"])
            assert gap <= _MAX_MAKEUP_GAP, (day, holiday["name"])
    all_makeup = [d for _, h in _holidays(data) for d in h["makeup_workdays"]]
    assert len(all_makeup) == len(set(all_makeup))


@pytest.mark.parametrize(
    ("day", "working", "why"),
    [
        (dt.date(2005, 12, 31), True, "国办发明电〔2005〕35号: 12月31日（星期六）上班"),
        (dt.date(2007, 12, 29), True, "2008 notice: 12月29日（星期六）上班"),
        (dt.date(2015, 9, 3), False, "国发明电〔2015〕1号: 9月3日至5日调休放假"),
        (dt.date(2015, 9, 6), True, "国发明电〔2015〕1号: 9月6日（星期日）上班"),
        (dt.date(2019, 5, 3), False, "国办发明电〔2019〕3号: 5月1日至4日放假调休"),
        (dt.date(2019, 5, 5), True, "国办发明电〔2019〕3号: 5月5日（星期日）上班"),
        (dt.date(2020, 1, 19), True, "国办发明电〔2019〕16号: 1月19日（星期日）上班"),
        (dt.date(2020, 1, 31), False, "国办发明电〔2020〕1号: 延长春节假期至2月2日"),
        (dt.date(2020, 2, 1), False, "国办发明电〔2020〕1号: the extension covers this Saturday"),
        (dt.date(2020, 2, 3), True, "国办发明电〔2020〕1号: 2月3日（星期一）起正常上班"),
        (dt.date(2024, 2, 9), True, "国办发明电〔2023〕7号: 除夕 only encouraged off"),
        (dt.date(2025, 1, 28), False, "国办发明电〔2024〕12号: 春节自除夕起放假"),
        (dt.date(2026, 9, 20), True, "国办发明电〔2025〕7号: 9月20日（周日）上班"),
    ],
)
def test_r20_notable_days(data: dict[str, Any], day: dt.date, working: bool, why: str) -> None:
    """R20: days whose status the notices single out (later notices applied)."""
    assert _is_working_day(day, _days_off(data), _makeup_days(data)) is working, why


def test_r2_r3_r10_r16_r20_every_day_matches_holidays_package(data: dict[str, Any]) -> None:
    """R2/R3/R10/R16/R20: working day per our data == per ``holidays`` for 2004..2026.

    The package is populated one year either side so that make-up days a
    notice puts in the previous December (e.g. 2005-12-31) are known to it.
    """
    package = holidays.country_holidays("CN", years=range(_FIRST_YEAR - 1, _LAST_YEAR + 2))
    days_off, makeup = _days_off(data), _makeup_days(data)
    differences = {
        day: (_is_working_day(day, days_off, makeup), package.is_working_day(day))
        for day in _days(dt.date(_FIRST_YEAR, 1, 1), dt.date(_LAST_YEAR, 12, 31))
        if _is_working_day(day, days_off, makeup) != package.is_working_day(day)
    }
    assert set(differences) == set(_KNOWN_DIFFERENCES), differences
