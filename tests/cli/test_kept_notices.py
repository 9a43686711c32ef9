"""A store keeps the holiday notice files it was run with (issue 13): a later report, month-end
or process on it computes the same dates; a different file for a kept year is refused naming both
SHA-256 digests unless ``--replace-notice``; nothing is kept from a refused run.

The 2027 files are made up for the tests (not the State Council's notice).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from cli._cli import COUNTY, MADE_UP_2027, run

RANKINGS = ("--period", "2026", "--kind", "rankings")
OTHER_2027 = MADE_UP_2027.replace("last = 2027-01-04", "last = 2027-01-05")


@pytest.fixture
def db(year_2026_copy: Path) -> Path:
    """A private copy of the 2026 demo database (conftest)."""
    return year_2026_copy


def _notice(folder: Path, text: str, name: str = "2027.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _kept(db: Path) -> list[dict[str, Any]]:
    status, out, err = run(["export", "--db", str(db)])
    assert status == 0, err
    rows: list[dict[str, Any]] = json.loads(out)["holiday_notices"]
    return rows


def _deadline(db: Path, *extra: str) -> str:
    status, text, err = run(["report", "--db", str(db), *RANKINGS, *extra])
    assert status == 0, err
    (cell,) = {line.split(" | ")[2] for line in text.splitlines() if "| 限期整改 |" in line}
    return cell


def test_a_month_end_keeps_its_file_and_a_later_report_uses_it(db: Path, tmp_path: Path) -> None:
    """R12: after a month-end with the 2027 file, the report without it counts the same days."""
    notice = _notice(tmp_path, MADE_UP_2027)
    assert _deadline(db) == "2027-01-29※"  # provisional before
    status, _, err = run(
        ["month-end", "--db", str(db), "--month", "2026-12", "--holidays", str(notice)]
    )
    assert status == 0, err
    (kept,) = _kept(db)
    assert kept["year"] == 2027
    assert kept["text"] == MADE_UP_2027
    assert kept["sha256"] == hashlib.sha256(MADE_UP_2027.encode()).hexdigest()
    assert (
        _deadline(db) == "2027-02-01"
    )  # 元旦 to 01-04 off: one working day later, not provisional
    assert _deadline(db, "--holidays", str(notice)) == "2027-02-01"  # the same file again is fine


def test_a_different_file_for_a_kept_year_is_refused_naming_both_digests(
    db: Path, tmp_path: Path
) -> None:
    first = _notice(tmp_path, MADE_UP_2027)
    assert (
        run(["month-end", "--db", str(db), "--month", "2026-12", "--holidays", str(first)])[0] == 0
    )
    before = db.read_bytes()
    other = _notice(tmp_path, OTHER_2027, "2027-other.toml")
    for command in (
        ["month-end", "--db", str(db), "--month", "2026-12"],
        ["report", "--db", str(db), *RANKINGS],
    ):
        status, out, err = run([*command, "--holidays", str(other)])
        assert (status, out) == (2, "")
        (line,) = err.strip().splitlines()
        assert hashlib.sha256(MADE_UP_2027.encode()).hexdigest() in line
        assert hashlib.sha256(OTHER_2027.encode()).hexdigest() in line
        assert "--replace-notice" in line
    assert db.read_bytes() == before


def test_replace_notice_keeps_the_new_file(db: Path, tmp_path: Path) -> None:
    first = _notice(tmp_path, MADE_UP_2027)
    assert (
        run(["month-end", "--db", str(db), "--month", "2026-12", "--holidays", str(first)])[0] == 0
    )
    other = _notice(tmp_path, OTHER_2027, "2027-other.toml")
    argv = ["month-end", "--db", str(db), "--month", "2026-12", "--holidays", str(other)]
    status, _, err = run([*argv, "--replace-notice"])
    assert status == 0, err
    (kept,) = _kept(db)
    assert kept["sha256"] == hashlib.sha256(OTHER_2027.encode()).hexdigest()
    assert _deadline(db) == "2027-02-02"  # 01-01..01-05 off


def test_a_bad_file_or_a_refused_month_keeps_nothing(db: Path, tmp_path: Path) -> None:
    bad = _notice(tmp_path, MADE_UP_2027.replace("2027-01-04", "2027-01-0x"))
    status, _, err = run(
        ["month-end", "--db", str(db), "--month", "2026-12", "--holidays", str(bad)]
    )
    assert status == 2
    assert str(bad) in err
    good = _notice(tmp_path, MADE_UP_2027, "good.toml")
    status, _, err = run(
        ["month-end", "--db", str(db), "--month", "2027-01", "--holidays", str(good)]
    )
    assert status == 2  # January 2027 has no inputs: refused
    assert _kept(db) == []


def test_the_demo_keeps_the_files_it_ran_with(tmp_path: Path) -> None:
    notice = _notice(tmp_path, MADE_UP_2027)
    db = tmp_path / "d.db"
    status, out, err = run(
        ["demo", "--db", str(db), *COUNTY, "--months", "1", "--holidays", str(notice)]
    )
    assert status == 0, err
    assert "· 2027年 ·" in out  # the latest year with a notice is now 2027
    assert [row["year"] for row in _kept(db)] == [2027]
