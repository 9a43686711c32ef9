"""The current year works on the command line (issue 13): December's deadlines run into the year
after the last notice, counted provisionally from the statutory holidays and said so; a newer
notice file comes in with ``--holidays`` or ``QINGDAN_HOLIDAYS``; bad notice files are refused.

Deadlines are checked against a brute-force oracle: weekdays less the days off this test lists
(R16, R20 限期; R12, R13 限期整改 20 working days after the year's last assessment).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from cli._cli import COUNTY, MADE_UP_2027, PROVISIONAL, run


def _oracle(after: dt.date, n: int, off: Iterable[dt.date]) -> dt.date:
    """The n-th weekday strictly after ``after`` that is not in ``off``."""
    skip, day = set(off), after
    while n:
        day += dt.timedelta(days=1)
        if day.weekday() < 5 and day not in skip:
            n -= 1
    return day


def _export(db: Path) -> dict[str, Any]:
    status, out, err = run(["export", "--db", str(db)])
    assert status == 0, err
    data: dict[str, Any] = json.loads(out)
    return data


def test_the_default_demo_year_is_2026_and_says_december_is_provisional(
    year_2026: tuple[Path, str],
) -> None:
    """R3, R16: twelve months of 2026; December's notice deadlines fall in January 2027, which
    the output says is counted from the statutory holidays alone."""
    _, out = year_2026
    assert "· 2026年 ·" in out.splitlines()[0]
    assert re.findall(r"^2026-(\d\d)  任务", out, re.M) == [f"{m:02d}" for m in range(1, 13)]
    (note,) = [line for line in out.splitlines() if PROVISIONAL in line]
    assert "在 2026-12-31 之后" in note
    assert "2027-" in note


def test_a_2026_month_end_redone_from_the_store_says_its_deadlines_are_provisional(
    year_2026: tuple[Path, str], tmp_path: Path
) -> None:
    """R3, R15: December 2026's review left out of the store is redone by ``qingdan month-end``
    on the year's last working day, with the note; the same findings as the demo's."""
    data = _export(year_2026[0])
    december = {"year": 2026, "month": 12}
    data["month_end_reviews"] = [
        r for r in data["month_end_reviews"] if r["report"]["month"] != december
    ]
    data["score_cards"] = [c for c in data["score_cards"] if (c["year"], c["month"]) != (2026, 12)]
    issued = [n for n in data["notices"] if n["issued_on"] == "2026-12-31"]
    assert issued  # the demo's county has notices to issue at the year's end
    data["notices"] = [n for n in data["notices"] if n not in issued]
    source = tmp_path / "export.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    db = tmp_path / "store.db"
    assert run(["import", "--db", str(db), str(source)])[0] == 0
    status, out, err = run(["month-end", "--db", str(db), "--month", "2026-12"])
    assert status == 0, err
    assert "2026-12 月末督考(2026-12-31):" in out
    assert f"新下达 {len(issued)} 份" in out
    assert PROVISIONAL in out.splitlines()[-1]
    redone = _export(db)["month_end_reviews"][-1]
    assert redone["day"] == "2026-12-31"
    assert redone["report"]["month"] == december


def test_the_2026_rankings_report_counts_its_deadlines_into_provisional_2027(
    year_2026: tuple[Path, str],
) -> None:
    """R12, R13: 限期整改 is due 20 working days after 2026-12-31, on provisional 2027 days
    (元旦 2027-01-01 the only statutory day off in January); the report says so."""
    status, text, err = run(
        ["report", "--db", str(year_2026[0]), "--period", "2026", "--kind", "rankings"]
    )
    assert status == 0, err
    due = _oracle(dt.date(2026, 12, 31), 20, [dt.date(2027, 1, 1)])
    assert due == dt.date(2027, 1, 29)
    assert f"| 限期整改 | {due.isoformat()}※" in text
    assert PROVISIONAL in text
    argv = ["report", "--db", str(year_2026[0]), "--period", "2026", "--kind", "rankings"]
    status, html, err = run([*argv, "--format", "html"])
    assert status == 0, err
    assert (
        f'<p class="caution" role="note">注意:标 ※ 的日期在 2026-12-31 之后,{PROVISIONAL}' in html
    )


def test_without_provisional_years_the_report_is_refused_with_what_to_do(
    year_2026: tuple[Path, str],
) -> None:
    """``--provisional-until none``: one line naming the uncovered day and both options."""
    status, out, err = run(
        ["report", "--db", str(year_2026[0]), "--period", "2026", "--kind", "rankings",
         "--provisional-until", "none"]
    )  # fmt: skip
    assert (status, out) == (2, "")
    (line,) = err.strip().splitlines()
    assert "2027-01-01 is outside" in line
    assert "--holidays" in line
    assert "--provisional-until" in line


@pytest.mark.parametrize("how", ["option", "folder", "environment"])
def test_a_newer_notice_file_moves_the_deadlines(
    year_2026: tuple[Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    """R12: with a 2027 notice file (made up here) the 限期整改 deadline follows its days off and
    nothing is provisional any more; a file, a folder and $QINGDAN_HOLIDAYS act the same."""
    notice = tmp_path / "notices" / "2027.toml"
    notice.parent.mkdir()
    notice.write_text(MADE_UP_2027, encoding="utf-8")
    extra = {"option": ["--holidays", str(notice)], "folder": ["--holidays", str(notice.parent)]}
    if how == "environment":
        monkeypatch.setenv("QINGDAN_HOLIDAYS", str(notice))
    argv = ["report", "--db", str(year_2026[0]), "--period", "2026", "--kind", "rankings"]
    status, text, err = run([*argv, *extra.get(how, [])])
    assert status == 0, err
    off = [dt.date(2027, 1, 1) + dt.timedelta(days=i) for i in range(4)]
    due = _oracle(dt.date(2026, 12, 31), 20, off)
    assert due == dt.date(2027, 2, 1)
    assert f"| 限期整改 | {due.isoformat()}" in text
    assert PROVISIONAL not in text


def test_the_demo_of_2027_needs_its_quarter_after(tmp_path: Path) -> None:
    """The default provisional year is 2027, so a 2027 demo (which needs 2028-Q1) is refused
    naming the years it can run; with --provisional-until 2028 it would run."""
    status, out, err = run(["demo", "--db", str(tmp_path / "d.db"), *COUNTY, "--year", "2027"])
    assert (status, out) == (2, "")
    assert "choose 2004..2026" in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("text", "needles"),
    [
        (
            MADE_UP_2027.replace(
                "last = 2027-01-04", "last = 2027-01-04\nmakeup_workdays = [2027-01-06]"
            ),
            ["year[0].holiday[0].makeup_workdays[0]", "2027-01-06 is a Wednesday"],
        ),
        (
            MADE_UP_2027 + '[[year.holiday]]\nname = "x"\nfirst = 2027-01-02\nlast = 2027-01-05\n',
            ["year[0].holiday[1]", "overlaps holiday[0] 元旦"],
        ),
        (
            MADE_UP_2027.replace("year = 2027", "year = 2026"),
            ["already covered", "2026-01-01 is a day off by 国办发明电〔2025〕7号"],
        ),
        ("format = 1\nregion = ", ["not valid TOML"]),
    ],
)
def test_a_bad_notice_file_is_one_line_naming_the_file_and_day(
    year_2026: tuple[Path, str], tmp_path: Path, text: str, needles: list[str]
) -> None:
    """A make-up day that is not a weekend, a holiday inside another, a covered year with other
    days, an unreadable file: exit 2, one line naming the file, the day and the reason."""
    bad = tmp_path / "bad.toml"
    bad.write_text(text, encoding="utf-8")
    before = year_2026[0].read_bytes()
    status, out, err = run(
        ["report", "--db", str(year_2026[0]), "--period", "2026", "--kind", "rankings",
         "--holidays", str(bad)]
    )  # fmt: skip
    assert (status, out) == (2, "")
    (line,) = err.strip().splitlines()
    assert str(bad) in line
    for needle in needles:
        assert needle in line
    assert year_2026[0].read_bytes() == before
