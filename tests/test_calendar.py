"""The working-day calendar: laws, hard days, coverage, notice files (R16, R20; issue 4)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _ill_typed import ill_typed
from _samples import NEXT_YEAR_NOTICE
from qingdan_core import codec
from qingdan_core._tuples import tuple_of
from qingdan_core.calendar import (
    FORMAT,
    Holiday,
    NoticeFile,
    WorkCalendar,
    YearNotices,
    _json_copy,
    china,
    load_notices,
    loads_notices,
)
from qingdan_core.errors import CalendarCoverageError, ValidationError

D = dt.date
CAL = china()
FIRST, LAST = CAL.coverage
# Days far enough from the edges that 60 working days either way stay covered.
inner_days = st.dates(FIRST + dt.timedelta(days=100), LAST - dt.timedelta(days=100))
steps = st.integers(1, 60)


def problems(exc: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return [p.path for p in exc.value.problems]


def toml_year(year: int, body: str = "", region: str = "CN") -> str:
    return (
        f'format = 1\nregion = "{region}"\n[[year]]\nyear = {year}\n'
        f'notices = ["N"]\ntitle = "T"\n{body}'
    )


# --------------------------------------------------------------------------- laws


@settings(max_examples=200)
@given(inner_days, steps)
def test_r16_count_after_add_is_n(day: dt.date, n: int) -> None:
    """count_workdays(d + 1, add_workdays(d, n)) == n for n >= 1 (issue 4 item 8)."""
    assert CAL.count_workdays(day + dt.timedelta(days=1), CAL.add_workdays(day, n)) == n


@settings(max_examples=200)
@given(inner_days, steps)
def test_r16_add_workdays_strictly_increasing_in_n(day: dt.date, n: int) -> None:
    """Strictly increasing for n >= 1 and for n <= 0; add(d, 0) == add(d, 1) iff d is a day off."""
    assert CAL.add_workdays(day, n) < CAL.add_workdays(day, n + 1)
    assert CAL.add_workdays(day, -n - 1) < CAL.add_workdays(day, -n)
    assert CAL.add_workdays(day, -1) < CAL.add_workdays(day, 0) <= CAL.add_workdays(day, 1)
    assert (CAL.add_workdays(day, 0) == CAL.add_workdays(day, 1)) is not CAL.is_workday(day)
    assert CAL.is_workday(CAL.add_workdays(day, n))
    assert CAL.is_workday(CAL.add_workdays(day, -n))


@settings(max_examples=200)
@given(inner_days, steps)
def test_r16_backwards_is_the_mirror(day: dt.date, n: int) -> None:
    back = CAL.add_workdays(day, -n)
    assert back < day
    assert CAL.count_workdays(back, day - dt.timedelta(days=1)) == n


@settings(max_examples=200)
@given(inner_days)
def test_add_zero_is_the_day_or_next_working_day(day: dt.date) -> None:
    result = CAL.add_workdays(day, 0)
    assert CAL.is_workday(result)
    assert CAL.count_workdays(day, result - dt.timedelta(days=1)) == 0
    assert (result == day) == CAL.is_workday(day)
    assert CAL.count_workdays(day, day) == int(CAL.is_workday(day))


@settings(max_examples=100)
@given(inner_days, inner_days)
def test_count_is_additive_and_zero_when_reversed(a: dt.date, b: dt.date) -> None:
    a, b = min(a, b), max(a, b)
    brute = sum(CAL.is_workday(a + dt.timedelta(days=i)) for i in range((b - a).days + 1))
    assert CAL.count_workdays(a, b) == brute
    if a != b:
        assert CAL.count_workdays(b, a) == 0


# --------------------------------------------------------------------------- hard days


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2026, 2, 14), True),  # Saturday worked before 春节
        (D(2026, 2, 15), False),  # 春节 first day (a Sunday)
        (D(2026, 2, 23), False),  # 春节 last day (a Monday)
        (D(2026, 2, 24), True),
        (D(2026, 2, 28), True),  # Saturday worked after 春节
        (D(2026, 10, 1), False),  # 国庆节
        (D(2026, 10, 7), False),
        (D(2026, 10, 8), True),
        (D(2026, 10, 10), True),  # 调休 Saturday
        (D(2026, 9, 20), True),  # 调休 Sunday
        (D(2005, 12, 31), True),  # Saturday worked, set by the 2006 notice (not 2005's)
        (D(2015, 9, 3), False),  # 抗战胜利70周年, a one-off holiday
        (D(2015, 9, 6), True),  # its make-up Sunday
        (D(2020, 1, 31), False),  # 春节 extended by 国办发明电〔2020〕1号
        (D(2020, 2, 2), False),
        (D(2024, 2, 29), True),  # leap day, a Thursday
        (D(2026, 7, 15), True),  # an ordinary Wednesday
        (D(2026, 7, 18), False),  # an ordinary Saturday
    ],
)
def test_r16_hard_days(day: dt.date, working: bool) -> None:
    assert CAL.is_workday(day) is working


def test_r16_five_working_days_after_national_day_eve() -> None:
    assert CAL.add_workdays(D(2026, 9, 30), 5) == D(2026, 10, 13)
    assert CAL.add_workdays(D(2026, 10, 13), -5) == D(2026, 9, 30)


def test_month_ending_on_a_holiday() -> None:
    """2025-01-31 is inside 春节 (01-28..02-04): the last working day of January is 01-26 (Sunday, 调休)."""
    assert not CAL.is_workday(D(2025, 1, 31))
    assert CAL.add_workdays(D(2025, 1, 31), -1) == D(2025, 1, 27)
    assert CAL.add_workdays(D(2025, 1, 31), 0) == D(2025, 2, 5)


def test_year_counts() -> None:
    assert CAL.count_workdays(D(2026, 1, 1), D(2026, 12, 31)) == 248
    assert CAL.count_workdays(D(2024, 2, 1), D(2024, 2, 29)) == 18  # leap February, 春节 02-10..17


def test_coverage_covers_2004_to_2026() -> None:
    assert CAL.coverage[0] <= D(2004, 1, 1)
    assert CAL.coverage[1] >= D(2026, 12, 31)
    assert china() is CAL


# --------------------------------------------------------------------------- coverage


@pytest.mark.parametrize(
    "call",
    [
        lambda: CAL.is_workday(FIRST - dt.timedelta(days=1)),
        lambda: CAL.is_workday(LAST + dt.timedelta(days=1)),
        lambda: CAL.add_workdays(LAST, 1),
        lambda: CAL.add_workdays(FIRST, -1),
        lambda: CAL.add_workdays(D(2030, 1, 1), 0),
        lambda: CAL.count_workdays(LAST, LAST + dt.timedelta(days=1)),
        lambda: CAL.count_workdays(FIRST - dt.timedelta(days=1), LAST),
        lambda: CAL.count_workdays(D(2030, 1, 1), D(2029, 1, 1)),
    ],
)
def test_no_silent_guess_outside_coverage(call: Callable[[], object]) -> None:
    with pytest.raises(CalendarCoverageError) as err:
        call()
    message = str(err.value)
    assert f"{FIRST}..{LAST}" in message
    assert "extend" in message
    assert err.value.coverage == (FIRST, LAST)


def test_result_outside_coverage_names_the_question() -> None:
    with pytest.raises(CalendarCoverageError, match=r"add_workdays\(2026-12-30, 5\)") as err:
        CAL.add_workdays(D(2026, 12, 30), 5)
    assert err.value.day == D(2027, 1, 1)


def test_edges_inside_coverage_work() -> None:
    assert CAL.add_workdays(FIRST, 0) == D(2004, 1, 2)  # 2004-01-01 is 元旦
    assert CAL.add_workdays(D(2026, 12, 31), 0) == D(2026, 12, 31)
    assert CAL.add_workdays(D(2026, 12, 31), -1) == D(2026, 12, 30)


@pytest.mark.parametrize(
    ("call", "path"),
    [
        (lambda: ill_typed(CAL.is_workday)("2026-01-01"), "day"),
        (lambda: ill_typed(CAL.is_workday)(dt.datetime(2026, 1, 5, 9)), "day"),
        (lambda: ill_typed(CAL.add_workdays)(D(2026, 1, 5), 1.0), "n"),
        (lambda: ill_typed(CAL.add_workdays)(D(2026, 1, 5), True), "n"),
        (lambda: ill_typed(CAL.count_workdays)(D(2026, 1, 5), None), "last"),
    ],
)
def test_bad_arguments_are_validation_errors(call: Callable[[], object], path: str) -> None:
    with pytest.raises(ValidationError) as err:
        call()
    assert err.value.path == path


def test_r16_one_tuple_validator_refuses_datetimes_and_bools() -> None:
    """R16: notice tuples and model tuples are checked alike (one ``_tuples.tuple_of``).

    A datetime is not a date and a bool is not an int, as for single fields; an empty
    ``notices`` and a blank notice name are refused with their paths.
    """

    @attrs.frozen
    class Plan:
        days: tuple[dt.date, ...] = attrs.field(validator=tuple_of(dt.date))
        counts: tuple[int, ...] = attrs.field(default=(), validator=tuple_of(int))

    with pytest.raises(ValidationError) as err:
        Plan((D(2026, 3, 2), dt.datetime(2026, 3, 9, 9)))
    assert err.value.path == "days[1]"
    with pytest.raises(ValidationError) as err:
        Plan((), (1, True))
    assert err.value.path == "counts[1]"
    with pytest.raises(ValidationError) as err:
        Holiday("春节", D(2026, 2, 15), D(2026, 2, 23), (dt.datetime(2026, 2, 14, 8),))
    assert err.value.path == "makeup_workdays[0]"
    for notices, path in (((), "notices"), (("国办发明电〔2025〕7号", " "), "notices[1]")):
        with pytest.raises(ValidationError) as err:
            YearNotices(2026, notices, "2026年部分节假日安排")
        assert err.value.path == path


def test_explain_names_holiday_and_notice() -> None:
    assert "春节" in CAL.explain(D(2026, 2, 17))
    assert "国办发明电〔2025〕7号" in CAL.explain(D(2026, 2, 28))
    assert CAL.explain(D(2026, 7, 15)).endswith("weekly pattern")
    assert "国办发明电〔2020〕1号" in CAL.explain(D(2020, 2, 1))


def test_calendar_is_immutable() -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        CAL.workweek = (0,)  # type: ignore[misc]


# --------------------------------------------------------------------------- extending


def test_extend_with_next_years_notice(tmp_path: Path) -> None:
    path = tmp_path / "2027.toml"
    path.write_text(NEXT_YEAR_NOTICE, encoding="utf-8")
    cal = CAL.extend(path)
    assert cal.coverage == (FIRST, D(2027, 12, 31))
    assert CAL.coverage[1] == LAST  # the original is unchanged
    assert not cal.is_workday(D(2027, 2, 8))
    assert cal.is_workday(D(2027, 2, 14))
    assert cal.add_workdays(D(2026, 12, 31), 1) == D(2027, 1, 4)
    assert cal.count_workdays(D(2026, 1, 1), D(2026, 12, 31)) == 248


def test_extend_from_json_in_the_same_structure(tmp_path: Path) -> None:
    notices = loads_notices(NEXT_YEAR_NOTICE)
    path = tmp_path / "2027.json"
    path.write_text(json.dumps(codec.unstructure(notices), ensure_ascii=False), encoding="utf-8")
    assert load_notices(path) == notices
    assert CAL.extend(path) == CAL.extend(notices)


def test_extend_keeps_pattern_and_regional_holidays() -> None:
    extra = Holiday("那达慕", D(2026, 7, 13), D(2026, 7, 15))
    region = attrs.evolve(CAL, extra_holidays=(extra,), workweek=(0, 1, 2, 3, 4, 5))
    longer = region.extend(loads_notices(NEXT_YEAR_NOTICE))
    assert longer.extra_holidays == (extra,)
    assert longer.workweek == (0, 1, 2, 3, 4, 5)
    assert not longer.is_workday(D(2026, 7, 14))
    assert longer.is_workday(D(2027, 7, 17))


@pytest.mark.parametrize(
    ("text", "path", "reason"),
    [
        (toml_year(2028), "year[0].year", "must be 2027"),
        (toml_year(2026), "year[0].year", "must be 2027"),
        (toml_year(2027, region="HK"), "region", "is 'HK'"),
    ],
)
def test_extension_must_follow_the_coverage(text: str, path: str, reason: str) -> None:
    with pytest.raises(ValidationError, match=reason) as err:
        CAL.extend(loads_notices(text))
    assert err.value.path == path


def test_extension_makeup_day_inside_last_years_holiday() -> None:
    """A make-up day of the new year may lie in the old year, but not in its holidays."""
    base_body = '[[year.holiday]]\nname = "X"\nfirst = 2026-12-29\nlast = 2026-12-31\n'
    base = loads_notices(toml_year(2026, base_body))
    body = '[[year.holiday]]\nname = "元旦"\nfirst = 2027-01-01\nlast = 2027-01-01\n'
    ok = body + "makeup_workdays = [2026-12-27]\n"  # a Sunday outside 2026's holidays
    assert WorkCalendar(base.then(loads_notices(toml_year(2027, ok)))).is_workday(D(2026, 12, 27))
    bad = body + "makeup_workdays = [2027-01-02, 2026-12-27]\n"
    base = loads_notices(toml_year(2026, base_body.replace("2026-12-29", "2026-12-26")))
    with pytest.raises(ValidationError, match=r"2026's X 2026-12-26\.\.2026-12-31") as err:
        base.then(loads_notices(toml_year(2027, bad)))
    assert err.value.path == "year[0].holiday[0].makeup_workdays[1]"


# --------------------------------------------------------------------------- file validation


def holiday(first: str, last: str, makeup: str = "", extra: str = "") -> str:
    return (
        f'[[year.holiday]]\nname = "H"\nfirst = {first}\nlast = {last}\n'
        f"makeup_workdays = [{makeup}]\n{extra}"
    )


@pytest.mark.parametrize(
    ("body", "paths"),
    [
        (
            holiday("2027-01-01", "2027-01-01", "2027-01-04"),
            ["year[0].holiday[0].makeup_workdays[0]"],
        ),
        (
            holiday("2027-01-02", "2027-01-03", "2027-01-02"),
            ["year[0].holiday[0].makeup_workdays[0]"],
        ),
        (holiday("2027-01-03", "2027-01-01"), ["year[0].holiday[0].last"]),
        (holiday("2027-01-01", "2027-01-01", extra="colour = 1\n"), ["year[0].holiday[0]"]),
        (holiday("2027-01-01", "2027-01-01", '"soon"'), ["year[0].holiday[0].makeup_workdays[0]"]),
        (
            holiday("2027-01-01", "2027-01-01", extra='notice = "other"\n'),
            ["year[0].holiday[0].notice"],
        ),
        (
            holiday("2037-01-01", "2037-01-01"),
            ["year[0].holiday[0].first", "year[0].holiday[0].last"],
        ),
        (
            holiday("2027-10-01", "2027-10-07") + holiday("2027-10-06", "2027-10-08"),
            ["year[0].holiday[1]"],
        ),
    ],
)
def test_notice_file_validation_paths(body: str, paths: list[str]) -> None:
    with pytest.raises(ValidationError) as err:
        loads_notices(toml_year(2027, body))
    assert problems(err) == paths


def test_makeup_day_must_be_a_weekend_message() -> None:
    with pytest.raises(ValidationError, match="2027-01-04 is a Monday; a make-up working day"):
        loads_notices(toml_year(2027, holiday("2027-01-01", "2027-01-01", "2027-01-04")))


def test_makeup_day_inside_another_holiday() -> None:
    body = holiday("2027-10-01", "2027-10-07") + holiday("2027-09-15", "2027-09-15", "2027-10-02")
    with pytest.raises(ValidationError, match="cannot be a holiday") as err:
        loads_notices(toml_year(2027, body))
    assert err.value.path == "year[0].holiday[1].makeup_workdays[0]"


def test_years_must_be_contiguous() -> None:
    text = toml_year(2026) + '[[year]]\nyear = 2028\nnotices = ["N"]\ntitle = "T"\n'
    with pytest.raises(ValidationError, match="expected 2027 after 2026") as err:
        loads_notices(text)
    assert err.value.path == "year[1].year"


@pytest.mark.parametrize(
    ("text", "syntax", "path", "reason"),
    [
        ("format = 2\nregion = 'CN'\nyear = []", "toml", "format", "unsupported format 2"),
        ("format = 1\nregion = 'CN'\nyear = []", "toml", "year", "at least one"),
        (
            "format = 1\nregion = 'CN'\n[[year]]\nyear = 2027\n",
            "toml",
            "year[0].notices",
            "missing",
        ),
        ("format = 1\nregion = ' '\nyear = []", "toml", "region", "blank"),
        ("format = [", "toml", "", "not valid TOML"),
        ("[1, 2]", "json", "", "must be a table/object"),
        ('{"format": "1", "region": "CN", "year": []}', "json", "format", "expected an integer"),
        ("format = 1", "yaml", "syntax", "unknown syntax"),
    ],
)
def test_file_level_errors(text: str, syntax: str, path: str, reason: str) -> None:
    with pytest.raises(ValidationError, match=reason) as err:
        loads_notices(text, syntax=syntax)
    assert err.value.path == path


def test_json_dates_are_iso_strings() -> None:
    data = {
        "format": 1,
        "region": "CN",
        "year": [
            {
                "year": 2027,
                "notices": ["N"],
                "title": "T",
                "holiday": [{"name": "元旦", "first": "2027-01-01", "last": "2027-01-32"}],
            }
        ],
    }
    with pytest.raises(ValidationError, match="not a date") as err:
        loads_notices(json.dumps(data), syntax="json")
    assert err.value.path == "year[0].holiday[0].last"


def test_load_notices_file_errors(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match=r"must end in \.toml or \.json"):
        load_notices(tmp_path / "2027.yaml")
    with pytest.raises(ValidationError, match="cannot read"):
        load_notices(tmp_path / "missing.toml")
    with pytest.raises(ValidationError, match="cannot read"):
        CAL.extend(tmp_path / "missing.toml")


# --------------------------------------------------------------------------- other calendars


def test_other_work_patterns_and_regional_holidays() -> None:
    six = attrs.evolve(CAL, workweek=(0, 1, 2, 3, 4, 5))
    assert six.is_workday(D(2026, 7, 18))
    assert not six.is_workday(D(2026, 7, 19))
    assert not six.is_workday(D(2026, 10, 3))  # holidays still off
    tibet = attrs.evolve(CAL, extra_holidays=(Holiday("藏历新年", D(2026, 2, 18), D(2026, 2, 25)),))
    assert not tibet.is_workday(D(2026, 2, 25))
    assert CAL.is_workday(D(2026, 2, 25))
    assert tibet.explain(D(2026, 2, 25)).endswith("(regional)")


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"workweek": (0, 7)}, "workweek[1]"),
        ({"workweek": (0, 0)}, "workweek"),
        (
            {"extra_holidays": (Holiday("X", D(2030, 1, 1), D(2030, 1, 2)),)},
            "extra_holidays[0].first",
        ),
        ({"extra_holidays": ("X",)}, "extra_holidays[0]"),
    ],
)
def test_invalid_calendars(changes: dict[str, object], path: str) -> None:
    with pytest.raises(ValidationError) as err:
        ill_typed(attrs.evolve)(CAL, **changes)
    assert err.value.path == path


def test_small_synthetic_calendar() -> None:
    notices = NoticeFile(
        FORMAT,
        "XX",
        (YearNotices(2027, ("N",), "T", holiday=(Holiday("H", D(2027, 1, 1), D(2027, 1, 1)),)),),
    )
    cal = WorkCalendar(notices)
    assert cal.count_workdays(D(2027, 1, 1), D(2027, 12, 31)) == 260
    assert repr(cal) == "<WorkCalendar XX 2027-01-01..2027-12-31>"


# --------------------------------------------------------------------------- codec


def test_notices_round_trip_through_the_codec() -> None:
    data = codec.unstructure(CAL.notices)
    assert codec.structure(data, NoticeFile) == CAL.notices
    assert data["year"][0]["holiday"][0]["first"] == "2004-01-01"


@given(
    st.dates(D(2027, 1, 1), D(2027, 12, 1)),
    st.integers(0, 20),
    st.lists(st.dates(D(2027, 1, 1), D(2027, 12, 31)), max_size=3),
)
def test_holiday_round_trips(first: dt.date, length: int, makeup: list[dt.date]) -> None:
    value = Holiday("节", first, first + dt.timedelta(days=length), tuple(makeup), None)
    assert codec.structure(codec.unstructure(value), Holiday) == value


def test_calendar_round_trips_through_the_codec() -> None:
    cal = attrs.evolve(CAL, extra_holidays=(Holiday("那达慕", D(2026, 7, 13), D(2026, 7, 15)),))
    again = codec.structure(codec.unstructure(cal), WorkCalendar)
    assert again == cal
    assert again.is_workday(D(2026, 7, 14)) is False


# --------------------------------------------------------------------------- the packaged data


def test_packaged_json_copy_is_fresh() -> None:
    """china() reads calendar_data/china.json when it matches china.toml (build speed, issue 4).

    If this fails after editing china.toml, refresh the copy with:
    .venv/bin/python -c "from importlib.resources import files; from qingdan_core.calendar import
    _json_copy; d = files('qingdan_core') / 'calendar_data'; (d / 'china.json').write_text(
    _json_copy((d / 'china.toml').read_text(encoding='utf-8')), encoding='utf-8')"
    """
    folder = files("qingdan_core") / "calendar_data"
    toml_text = (folder / "china.toml").read_text(encoding="utf-8")
    assert (folder / "china.json").read_text(encoding="utf-8") == _json_copy(toml_text)
    assert china.__wrapped__() == WorkCalendar(loads_notices(toml_text))


def test_fast_path_and_codec_agree_on_json(tmp_path: Path) -> None:
    """A notice file read through the fast path equals the codec's reading of it."""
    data = codec.unstructure(CAL.notices)
    assert codec.structure(data, NoticeFile) == loads_notices(json.dumps(data), syntax="json")
    data["year"][0]["notices"] = "国办发明电〔2003〕53号"  # a string, not a list
    with pytest.raises(ValidationError) as err:
        loads_notices(json.dumps(data), syntax="json")
    assert err.value.path == "year[0].notices"
    data = codec.unstructure(CAL.notices)
    data["colour"] = "red"
    with pytest.raises(ValidationError, match="unknown field"):
        loads_notices(json.dumps(data), syntax="json")
