"""Periods: weeks (R11), months (R2, R3), quarters (R12), years (R6)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from _ill_typed import ill_typed
from qingdan_core import codec
from qingdan_core.errors import ValidationError
from qingdan_core.periods import Month, Quarter, Week, Year, parse_period

D = dt.date
KINDS = (Week, Month, Quarter, Year)
days = st.dates(D(1900, 1, 8), D(2199, 12, 24))
kinds = st.sampled_from(KINDS)


@given(kinds, days)
def test_containing_contains_and_parses_back(kind: type[Week], day: dt.date) -> None:
    period = kind.containing(day)
    assert day in period
    assert period.start <= day <= period.end
    assert parse_period(str(period)) == period
    assert kind.parse(str(period)) == period
    assert codec.structure(codec.unstructure(period), kind) == period


@given(kinds, days)
def test_next_and_previous_tile_the_timeline(kind: type[Week], day: dt.date) -> None:
    period = kind.containing(day)
    after, before = period.next(), period.previous()
    assert after.start == period.end + dt.timedelta(days=1)
    assert before.end == period.start - dt.timedelta(days=1)
    assert after.previous() == period == before.next()
    assert before < period < after
    assert list(before.through(after)) == [before, period, after]
    assert list(after.through(before)) == []
    assert list(period.days()) == [
        period.start + dt.timedelta(days=i) for i in range(period.days_count)
    ]


@given(days)
def test_r11_weeks_are_monday_to_sunday(day: dt.date) -> None:
    week = Week.containing(day)
    assert week.start.weekday() == 0
    assert week.end.weekday() == 6
    assert week.days_count == 7
    assert week.label == f"{week.year}年第{week.week}周"


def test_labels_and_codes() -> None:
    assert (Month(2026, 11).label, str(Month(2026, 11))) == ("2026年11月", "2026-11")
    assert [q.label for q in Year(2026).quarters()] == [
        "2026年第一季度",
        "2026年第二季度",
        "2026年第三季度",
        "2026年第四季度",
    ]
    assert (str(Quarter(2026, 4)), Year(2026).label, str(Year(2026))) == (
        "2026-Q4",
        "2026年",
        "2026",
    )
    assert (Week(2026, 48).label, str(Week(2026, 48))) == ("2026年第48周", "2026-W48")


def test_iso_week_years_and_leap_years() -> None:
    assert Week.containing(D(2027, 1, 1)) == Week(2026, 53)  # 2026 has 53 ISO weeks
    assert Week.containing(D(2024, 12, 30)) == Week(2025, 1)
    assert Month(2024, 2).days_count == 29
    assert Month(2100, 2).days_count == 28
    assert Year(2024).days_count == 366
    assert Quarter.containing(D(2026, 11, 27)).months()[1] == Month(2026, 11)
    assert Month(2026, 12).next() == Month(2027, 1)


@pytest.mark.parametrize(
    "text",
    [
        "2026-13",
        "2026-00",
        "2026-Q5",
        "2026-Q0",
        "2026-W54",
        "2025-W53",
        "26-11",
        "2026/11",
        "",
        "Q4",
    ],
)
def test_bad_period_text(text: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse_period(text)
    assert err.value.path == "period"


def test_parse_by_kind_is_strict() -> None:
    with pytest.raises(ValidationError, match="not a month"):
        Month.parse("2026-Q4")
    with pytest.raises(ValidationError, match="not a period"):
        ill_typed(parse_period)(202611)
    assert Quarter.parse("2026-q4") == Quarter(2026, 4)


@pytest.mark.parametrize(
    ("make", "path"),
    [
        (lambda: ill_typed(Month)(2026, 13), "month"),
        (lambda: ill_typed(Quarter)(2026, 0), "quarter"),
        (lambda: ill_typed(Week)(2025, 53), "week"),
        (lambda: ill_typed(Year)(0), "year"),
        (lambda: ill_typed(Month)("2026", 1), "year"),
        (lambda: ill_typed(Month.containing)("2026-11-01"), "day"),
        (
            lambda: ill_typed(Week.containing)(dt.datetime(2026, 11, 1, 9)),
            "day",
        ),  # a date, not a datetime
        (lambda: ill_typed(Year.containing)(None), "day"),
    ],
)
def test_invalid_periods(make: Callable[[], object], path: str) -> None:
    with pytest.raises(ValidationError) as err:
        make()
    assert err.value.path == path


def test_contains_refuses_non_dates() -> None:
    assert "2026-11-01" not in Month(2026, 11)
    assert dt.datetime(2026, 11, 1, 9) not in Month(2026, 11)


def test_no_period_beyond_the_last_day() -> None:
    with pytest.raises(ValidationError, match="no period after 9999"):
        Year(9999).next()
    assert list(Year(9998).through(Year(9999))) == [Year(9998), Year(9999)]
