"""``qingdan calendar add`` and ``qingdan calendar show`` (issue 13): next year's notice in one
step, validated and kept in the store, with the days it changes against the provisional year.

The 2027 file is made up for the tests (not the State Council's notice); the provisional 2027 it
is compared with is the statutory holidays alone (元旦 01-01, 春节 除夕..初三 = 02-05..02-08, …).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from pathlib import Path

import pytest

from cli._cli import MADE_UP_2027, PROVISIONAL, run

SPRING_2027 = (
    MADE_UP_2027
    + """\
[[year.holiday]]
name = "春节"
first = 2027-02-05
last = 2027-02-11
makeup_workdays = [2027-02-13]
"""
)
"""元旦 to Monday 01-04 and 春节 02-05..02-11 with Saturday 02-13 worked; no other holiday."""


@pytest.fixture
def db(year_2026_copy: Path) -> Path:
    """A private copy of the 2026 demo database (conftest)."""
    return year_2026_copy


def _statutory_2027_off() -> set[dt.date]:
    """The 2027 statutory days off, from the law's list (see the module docstring)."""
    spans = [
        ("2027-01-01", 1), ("2027-02-05", 4), ("2027-04-05", 1), ("2027-05-01", 2),
        ("2027-06-09", 1), ("2027-09-15", 1), ("2027-10-01", 3),
    ]  # fmt: skip
    return {
        dt.date.fromisoformat(first) + dt.timedelta(days=i) for first, n in spans for i in range(n)
    }


def _working(day: dt.date, off: set[dt.date], makeup: Collection[dt.date] = ()) -> bool:
    return day in makeup or (day.weekday() < 5 and day not in off)


def test_add_shows_each_changed_day_and_keeps_the_file(db: Path, tmp_path: Path) -> None:
    notice = tmp_path / "2027.toml"
    notice.write_text(SPRING_2027, encoding="utf-8")
    status, out, err = run(["calendar", "add", "--db", str(db), str(notice)])
    assert status == 0, err
    new_off = {dt.date(2027, 1, 1) + dt.timedelta(days=i) for i in range(4)}
    new_off |= {dt.date(2027, 2, 5) + dt.timedelta(days=i) for i in range(7)}
    year = [dt.date(2027, 1, 1) + dt.timedelta(days=i) for i in range(365)]
    expected = [
        d
        for d in year
        if _working(d, _statutory_2027_off()) != _working(d, new_off, {dt.date(2027, 2, 13)})
    ]
    lines = out.splitlines()
    assert (
        lines[0]
        == f"2027 测试用通知: {len(expected)} days change against provisional 2027 ({PROVISIONAL}, 待国务院办公厅通知)"
    )
    assert [line.split(" → ")[1][:10] for line in lines[1:-1]] == [d.isoformat() for d in expected]
    assert (
        "  上班 → 2027-02-09 (Tuesday) is a day off: 春节 2027-02-05..2027-02-11 (测试用通知)"
        in lines
    )
    assert (
        "  休息 → 2027-02-13 (Saturday) is a working day: make-up day for 春节 (测试用通知)"
        in lines
    )
    assert lines[-1].endswith(f"kept for 2027 in {db}")
    status, shown, err = run(["calendar", "show", "2027", "--db", str(db)])
    assert status == 0, err
    assert "  春节:2027-02-05..2027-02-11 放假 7 天,调休上班 2027-02-13" in shown
    assert PROVISIONAL not in shown
    workdays = sum(_working(d, new_off, {dt.date(2027, 2, 13)}) for d in year)
    assert shown.splitlines()[-1] == f"全年工作日 {workdays} 天"


def test_show_a_provisional_year_says_so_and_lists_the_statutory_days() -> None:
    status, out, err = run(["calendar", "show", "2027"])
    assert status == 0, err
    lines = out.splitlines()
    assert PROVISIONAL in lines[0]
    assert "  春节:2027-02-05..2027-02-08 放假 4 天" in lines
    year = [dt.date(2027, 1, 1) + dt.timedelta(days=i) for i in range(365)]
    assert lines[-1] == f"全年工作日 {sum(_working(d, _statutory_2027_off()) for d in year)} 天"


def test_show_an_official_year_names_its_notice() -> None:
    status, out, err = run(["calendar", "show", "2026"])
    assert status == 0, err
    assert out.splitlines()[1].startswith("来源:国办发明电〔2025〕7号")
    assert "  春节:2026-02-15..2026-02-23 放假 9 天,调休上班 2026-02-14、2026-02-28" in out


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        (SPRING_2027.replace("[2027-02-13]", "[2027-02-10]"), "2027-02-10 is a Wednesday"),
        (
            SPRING_2027.replace("first = 2027-02-05", "first = 2027-01-03"),
            "overlaps holiday[0] 元旦",
        ),
        (
            SPRING_2027.replace("year = 2027", "year = 2026"),
            "2026 is already covered with other days",
        ),
        ("format = 1\nregion = ", "not valid TOML"),
    ],
)
def test_a_bad_file_is_one_line_and_nothing_is_kept(
    db: Path, tmp_path: Path, text: str, needle: str
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(text, encoding="utf-8")
    before = db.read_bytes()
    status, out, err = run(["calendar", "add", "--db", str(db), str(bad)])
    assert (status, out) == (2, "")
    (line,) = err.strip().splitlines()
    assert str(bad) in line
    assert needle in line
    assert db.read_bytes() == before


def test_show_outside_the_calendar_is_refused() -> None:
    status, _, err = run(["calendar", "show", "2029"])
    assert status == 2
    assert "2029 is outside the calendar's coverage 2004-01-01..2027-12-31" in err
