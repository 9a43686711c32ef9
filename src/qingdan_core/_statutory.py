"""Provisional years: the statutory holidays alone, before the State Council's notice.

《全国年节及纪念日放假办法》 (2024 revision, article 2) gives every citizen 元旦
1 day, 春节 4 days (除夕 to 正月初三), 清明节 1, 劳动节 2 (5-1, 5-2), 端午节 1,
中秋节 1 and 国庆节 3 (10-01 to 10-03). The State Council's annual notice then
joins them to weekends and sets 调休 make-up days; until it is published a
year can only be *provisional*: these days off plus weekends, with no guessed
调休 and no "observed" days. The law and the dates of its lunar and
solar-term holidays are read from ``calendar_data/statutory.toml`` (written by
``tools/statutory_dates.py``).

>>> entry = statutory_year(2027)
>>> [(h.name, h.first.isoformat(), h.days_off) for h in entry.holiday][:2]
[('元旦', '2027-01-01', 1), ('春节', '2027-02-05', 4)]
>>> entry.notices
('全国年节及纪念日放假办法',)
"""

from __future__ import annotations

import datetime as dt
import functools
import tomllib
from importlib.resources import files
from typing import Any

from qingdan_core._holiday_notices import Holiday, YearNotices
from qingdan_core.errors import ValidationError

__all__ = ["PROVISIONAL", "statutory_year", "statutory_years"]

PROVISIONAL = "暂按法定节假日推算, 待国务院办公厅通知"
"""The note every provisional day and result carries."""


@functools.cache
def _table() -> dict[str, Any]:
    """The parsed ``statutory.toml``."""
    text = (files("qingdan_core") / "calendar_data" / "statutory.toml").read_text("utf-8")
    return tomllib.loads(text)


def table_years() -> range:
    """The years the table of lunar and solar-term dates covers.

    >>> table_years()
    range(2004, 2100)
    """
    years = sorted(int(key) for key in _table()["dates"] if key.isdigit())
    return range(years[0], years[-1] + 1)


def _day(year: int, anchor: str, columns: dict[str, dt.date]) -> dt.date:
    if anchor in columns:
        return columns[anchor]
    month, day = anchor.split("-")
    return dt.date(year, int(month), int(day))


def statutory_year(year: int) -> YearNotices:
    """The provisional entry of ``year``: the law's holidays, joined where they overlap.

    A holiday that overlaps another (中秋 on 10-01..10-03) becomes one range
    named after both, as the notices name it (e.g. ``中秋节、国庆节``).

    :raises ValidationError: naming ``provisional_until`` and the covered
        years when ``year`` is outside the table.
    """
    years = table_years()
    if year not in years:
        raise ValidationError(
            "provisional_until",
            f"{year} is outside the statutory date table {years[0]}..{years[-1]}",
        )
    data = _table()
    columns = dict(zip(data["dates"]["columns"], data["dates"][str(year)], strict=True))
    ranges = []
    for rule in data["law"]["holiday"]:
        first = _day(year, rule["anchor"], columns) + dt.timedelta(days=rule.get("first", 0))
        ranges.append([rule["name"], first, first + dt.timedelta(days=rule["days"] - 1)])
    ranges.sort(key=lambda r: r[1])
    joined: list[list[Any]] = []
    for name, first, last in ranges:
        if joined and first <= joined[-1][2]:
            joined[-1] = [f"{joined[-1][0]}、{name}", joined[-1][1], max(last, joined[-1][2])]
        else:
            joined.append([name, first, last])
    law = data["law"]
    return YearNotices(
        year,
        (law["title"],),
        f"{year}年法定节假日({PROVISIONAL})",
        source=f"《{law['title']}》{law['article']}({law['revision']}); {law['source']}",
        holiday=tuple(Holiday(name, first, last) for name, first, last in joined),
    )


def statutory_years(first: int, last: int) -> tuple[YearNotices, ...]:
    """The provisional entries of the years ``first..last`` (none if ``last < first``)."""
    return tuple(statutory_year(year) for year in range(first, last + 1))
