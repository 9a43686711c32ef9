"""Provisional years: the statutory date table and the calendar built from it (R16, R18, R20).

The table ``calendar_data/statutory.toml`` (written by ``tools/statutory_dates.py``
with lunar-python) is checked here against two other sources each:

* 春节 (正月初一), 端午 and 中秋: the ``holidays`` package's Chinese lunisolar
  calendar and the ``lunardate`` package;
* 清明: the ``holidays`` package's solar-term dates and an astronomical
  computation with ``ephem`` (the day, Beijing time, on which the Sun's apparent
  ecliptic longitude reaches 15°).

The days the calendar then gives off in a provisional year are compared
with an oracle written here from the law's wording, and the law's days are
checked against the State Council's notices of the years that have one:
every statutory day off must be a day off of the notice.
"""

from __future__ import annotations

import datetime as dt
import math
import sys
import tomllib
from importlib.resources import files
from pathlib import Path
from typing import Any

import ephem
import holidays.calendars.chinese
import lunardate
import pytest
from hypothesis import given
from hypothesis import strategies as st

from qingdan_core.calendar import china
from qingdan_core.errors import CalendarCoverageError, ValidationError

D = dt.date
ONE = dt.timedelta(days=1)
AHEAD = china(provisional_until=2050)
OFFICIAL_LAST = china().coverage[1]


def _table() -> dict[str, Any]:
    text = (files("qingdan_core") / "calendar_data" / "statutory.toml").read_text("utf-8")
    return tomllib.loads(text)


TABLE = _table()
ROWS = {
    int(year): dict(zip(TABLE["dates"]["columns"], days, strict=True))
    for year, days in TABLE["dates"].items()
    if year.isdigit()
}
LUNISOLAR = holidays.calendars.chinese._ChineseLunisolar()


def test_the_table_reaches_2050_without_gaps() -> None:
    years = sorted(ROWS)
    assert years == list(range(years[0], years[-1] + 1))
    assert years[0] <= 2004
    assert years[-1] >= 2050


def test_the_generator_writes_the_shipped_file() -> None:
    """Regenerate: ``.venv/bin/python tools/statutory_dates.py > src/qingdan_core/calendar_data/statutory.toml``."""
    sys.path.insert(0, str(Path(__file__).parents[1] / "tools"))
    try:
        import statutory_dates  # type: ignore[import-not-found]  # from tools/, put on the path above
    finally:
        sys.path.pop(0)
    shipped = (files("qingdan_core") / "calendar_data" / "statutory.toml").read_text("utf-8")
    assert statutory_dates.text() == shipped


@pytest.mark.parametrize("year", sorted(ROWS))
def test_lunar_dates_agree_with_holidays_and_lunardate(year: int) -> None:
    row = ROWS[year]
    from_holidays = {
        "spring": LUNISOLAR.lunar_new_year_date(year)[0],
        "duanwu": LUNISOLAR.dragon_boat_date(year)[0],
        "zhongqiu": LUNISOLAR.mid_autumn_date(year)[0],
    }
    from_lunardate = {
        "spring": lunardate.LunarDate(year, 1, 1).to_solar_date(),
        "duanwu": lunardate.LunarDate(year, 5, 5).to_solar_date(),
        "zhongqiu": lunardate.LunarDate(year, 8, 15).to_solar_date(),
    }
    for key in from_holidays:
        assert row[key] == from_holidays[key] == from_lunardate[key], (year, key)


def _sun_longitude(when: ephem.Date) -> float:
    return float(ephem.Ecliptic(ephem.Sun(when), epoch=when).lon)


def _qingming_by_ephem(year: int) -> dt.date:
    """The Beijing-time day the Sun's apparent ecliptic longitude reaches 15°, by bisection."""
    low, high = ephem.Date(dt.datetime(year, 3, 30)), ephem.Date(dt.datetime(year, 4, 10))
    for _ in range(40):  # 11 days / 2**40: well under a second
        middle = ephem.Date((low + high) / 2)
        if _sun_longitude(middle) < math.radians(15):
            low = middle
        else:
            high = middle
    moment: dt.datetime = ephem.Date(high).datetime()
    return (moment + dt.timedelta(hours=8)).date()


@pytest.mark.parametrize("year", sorted(ROWS))
def test_qingming_agrees_with_holidays_and_ephem(year: int) -> None:
    assert ROWS[year]["qingming"] == LUNISOLAR.qingming_date(year)[0] == _qingming_by_ephem(year)


# --------------------------------------------------------------------------- the law's days


def _law_days(year: int) -> dict[str, set[dt.date]]:
    """The oracle: article 2 of the 2024 revision, read from its wording, day by day."""
    row = ROWS[year]
    eve = row["spring"] - ONE  # 除夕: the last day of the twelfth month
    return {
        "元旦": {D(year, 1, 1)},
        "春节": {eve + i * ONE for i in range(4)},  # 除夕、正月初一至初三
        "清明节": {row["qingming"]},
        "劳动节": {D(year, 5, 1), D(year, 5, 2)},
        "端午节": {row["duanwu"]},
        "中秋节": {row["zhongqiu"]},
        "国庆节": {D(year, 10, 1), D(year, 10, 2), D(year, 10, 3)},
    }


def _statutory_off(year: int) -> set[dt.date]:
    return set().union(*_law_days(year).values())


@given(st.dates(OFFICIAL_LAST + ONE, AHEAD.coverage[1]))
def test_a_provisional_day_is_off_exactly_on_weekends_and_the_law_s_days(day: dt.date) -> None:
    off = day.weekday() >= 5 or day in _statutory_off(day.year)
    assert AHEAD.is_workday(day) is not off
    assert AHEAD.is_provisional(day)


@given(st.dates(D(2026, 6, 1), D(2049, 6, 1)), st.integers(1, 80))
def test_adding_across_the_boundary_matches_a_brute_force_walk(day: dt.date, n: int) -> None:
    cal, walked, left = AHEAD, day, n

    def working(d: dt.date) -> bool:
        if d <= OFFICIAL_LAST:
            return china().is_workday(d)
        return d.weekday() < 5 and d not in _statutory_off(d.year)

    while left:
        walked += ONE
        left -= working(walked)
    assert cal.add_workdays(day, n) == walked
    assert cal.count_workdays(day + ONE, walked) == n


@given(st.dates(china().coverage[0], OFFICIAL_LAST))
def test_official_days_are_unchanged_by_provisional_years(day: dt.date) -> None:
    assert AHEAD.is_workday(day) == china().is_workday(day)
    assert not AHEAD.is_provisional(day)


def _era(year: int) -> dict[str, set[dt.date]]:
    """The law's days in ``year`` under the revision then in force (article 2).

    2008 revision (国务院令第513号, from 2008-01-01): 春节 除夕、正月初一、初二;
    劳动节 5月1日. 2013 revision (国务院令第644号, from 2014-01-01): 春节 正月初一、
    初二、初三. 2024 revision: as :func:`_law_days`. Read in the decisions' texts
    (zh.wikisource.org, 国务院关于修改《全国年节及纪念日放假办法》的决定 (2007年);
    www.gov.cn/zhuanti/2013-12/11/content_2610576.htm).
    """
    days = _law_days(year)
    if year < 2025:
        days["劳动节"] = {D(year, 5, 1)}
        first = ROWS[year]["spring"] - (ONE if year < 2014 else 0 * ONE)
        days["春节"] = {first + i * ONE for i in range(3)}
    return days


def _notice_off(year: int) -> set[dt.date]:
    entry = next(e for e in china().notices.year if e.year == year)
    return {day for holiday in entry.holiday for day in holiday.days()}


@pytest.mark.parametrize("year", range(2008, OFFICIAL_LAST.year + 1))
def test_the_law_s_days_are_days_off_in_every_notice(year: int) -> None:
    """For 2008 on (the revisions read), every statutory day is a day off of the notice."""
    for name, days in _era(year).items():
        assert days <= _notice_off(year), (year, name, sorted(days - _notice_off(year)))


@pytest.mark.parametrize("year", range(china().coverage[0].year, 2008))
def test_the_spring_festival_s_first_day_is_off_in_the_early_notices(year: int) -> None:
    assert ROWS[year]["spring"] in _notice_off(year)


def test_2025_and_2026_use_the_2024_revision_in_full() -> None:
    for year in (2025, 2026):
        assert _statutory_off(year) <= _notice_off(year)


# --------------------------------------------------------------------------- edges


def test_year_boundary_2026_to_2027() -> None:
    cal = china(provisional_until=2027)
    assert cal.add_workdays(D(2026, 12, 31), 1) == D(2027, 1, 4)  # 01-01 off, 01-02/03 weekend
    assert cal.add_workdays(D(2027, 1, 4), -1) == D(2026, 12, 31)
    assert cal.count_workdays(D(2026, 12, 28), D(2027, 1, 8)) == 9
    assert not cal.is_provisional(D(2026, 12, 31))
    assert cal.is_provisional(D(2027, 1, 1))
    assert cal.official_coverage == (D(2004, 1, 1), D(2026, 12, 31))
    assert cal.coverage == (D(2004, 1, 1), D(2027, 12, 31))


def test_plain_china_still_refuses_2027() -> None:
    with pytest.raises(CalendarCoverageError, match="provisional_until"):
        china().add_workdays(D(2026, 12, 31), 1)
    with pytest.raises(CalendarCoverageError):
        china().is_provisional(D(2027, 1, 1))


def test_spring_festival_across_january_and_february() -> None:
    """2033: 除夕 is 01-30, 初一 01-31, 初三 02-02 (a Wednesday)."""
    assert ROWS[2033]["spring"] == D(2033, 1, 31)
    cal = china(provisional_until=2033)
    off = [d for d in (D(2033, 1, 28) + i * ONE for i in range(8)) if not cal.is_workday(d)]
    assert off == [D(2033, 1, 29), D(2033, 1, 30), D(2033, 1, 31), D(2033, 2, 1), D(2033, 2, 2)]
    assert cal.add_workdays(D(2033, 1, 28), 1) == D(2033, 2, 3)
    assert "春节 2033-01-30..2033-02-02" in cal.explain(D(2033, 2, 1))


def test_no_guessed_make_up_days_in_a_provisional_year() -> None:
    for entry in AHEAD.provisional_years:
        assert all(holiday.makeup_workdays == () for holiday in entry.holiday)
        weekends = [
            entry.first_day + i * ONE
            for i in range((entry.last_day - entry.first_day).days + 1)
            if (entry.first_day + i * ONE).weekday() >= 5
        ]
        assert not any(AHEAD.is_workday(day) for day in weekends)


def test_official_make_up_weekends_still_count() -> None:
    for day in (D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 9, 20), D(2026, 10, 10)):
        assert AHEAD.is_workday(day)
        assert not AHEAD.is_provisional(day)


def test_mid_autumn_inside_national_day_is_one_range_named_after_both() -> None:
    """2031: 中秋 falls on 10-01; the law's days join, none is invented."""
    cal = china(provisional_until=2031)
    assert ROWS[2031]["zhongqiu"] == D(2031, 10, 1)
    text = cal.explain(D(2031, 10, 2))
    assert "中秋节、国庆节 2031-10-01..2031-10-03" in text
    assert cal.is_workday(D(2031, 10, 6))


def test_explain_says_provisional_and_names_the_holiday() -> None:
    cal = china(provisional_until=2027)
    assert cal.explain(D(2027, 10, 1)) == (
        "2027-10-01 (Friday) is a day off: 国庆节 2027-10-01..2027-10-03 "
        "(全国年节及纪念日放假办法; provisional: 暂按法定节假日推算, 待国务院办公厅通知)"
    )
    assert cal.explain(D(2027, 1, 4)).endswith(
        "weekly pattern (provisional: 暂按法定节假日推算, 待国务院办公厅通知)"
    )
    assert "provisional" not in cal.explain(D(2026, 10, 1))


def test_a_notice_replaces_the_provisional_year() -> None:
    from _samples import NEXT_YEAR_NOTICE
    from qingdan_core.calendar import loads_notices

    cal = china(provisional_until=2028).extend(loads_notices(NEXT_YEAR_NOTICE))
    assert cal.official_coverage[1] == D(2027, 12, 31)
    assert not cal.is_provisional(D(2027, 6, 1))
    assert cal.is_provisional(D(2028, 1, 1))
    assert [e.year for e in cal.provisional_years] == [2028]


@pytest.mark.parametrize("until", [2100, 1_000_000])
def test_provisional_until_past_the_table(until: int) -> None:
    with pytest.raises(ValidationError, match=r"provisional_until: .* 2004\.\.2099"):
        china(provisional_until=until)


def test_provisional_until_must_be_an_int() -> None:
    with pytest.raises(ValidationError, match="provisional_until"):
        china(provisional_until="2027")
