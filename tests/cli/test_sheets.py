"""``qingdan template`` and ``qingdan load``: templates out, spreadsheets in, problems one per line."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl

from qingdan_core.demo import generate_county
from qingdan_core.demo.sheets import write_county_sheets
from qingdan_core.periods import Month

from ._cli import run


def test_template_writes_each_kind(tmp_path: Path) -> None:
    for kind, first in (("roster", "单位"), ("tasks", "重点任务"), ("lists", "任务清单")):
        status, out, err = run(["template", "--kind", kind, "-o", str(tmp_path / f"{kind}.xlsx")])
        assert (status, err) == (0, "")
        assert openpyxl.load_workbook(tmp_path / f"{kind}.xlsx").sheetnames[0] == first
        assert str(tmp_path / f"{kind}.xlsx") in out


def test_load_dry_run_then_load_then_reload(tmp_path: Path) -> None:
    county = generate_county(seed=2, year=2025, units=2, people=8, tasks=3)
    files = write_county_sheets(county, tmp_path, [Month(2025, 1)])
    db = str(tmp_path / "county.db")
    status, out, _ = run(["load", "--db", db, "--kind", "roster", "--dry-run", str(files.roster)])
    assert status == 0
    assert out.splitlines()[0] == "would add units u-county"
    assert out.splitlines()[-1] == "dry run, nothing written: 22 added, 0 updated, 0 unchanged"
    assert not Path(db).exists()
    assert run(["load", "--db", db, "--kind", "roster", str(files.roster)])[1] == (
        f"花名册 loaded into {db}: 22 added, 0 updated, 0 unchanged\n"
    )
    for kind, path in (("tasks", files.tasks), ("lists", files.lists)):
        assert run(["load", "--db", db, "--kind", kind, str(path)])[0] == 0
    status, out, _ = run(["load", "--db", db, "--kind", "tasks", str(files.tasks)])
    assert out.endswith(": 0 added, 0 updated, 4 unchanged\n")
    status, out, _ = run(["load", "--db", db, "--kind", "tasks", "--dry-run", str(files.tasks)])
    assert out == "dry run, nothing written: 0 added, 0 updated, 4 unchanged\n"


def test_a_file_with_problems_prints_one_line_each_exits_2_and_creates_nothing(
    tmp_path: Path,
) -> None:
    county = generate_county(seed=2, year=2025, units=2, people=8, tasks=3)
    files = write_county_sheets(county, tmp_path)
    book = openpyxl.load_workbook(files.roster)
    book["人员"]["C3"] = "县环保局"
    book["人员"]["A4"] = book["人员"]["A2"].value
    book.save(files.roster)
    db = tmp_path / "county.db"
    status, out, err = run(["load", "--db", str(db), "--kind", "roster", str(files.roster)])
    assert (status, out) == (2, "")
    assert err.splitlines() == [
        "qingdan: 人员!C3 所在单位: 县环保局 不在单位表中",
        "qingdan: 人员!A4 人员编号: p-sj 重复(第 2 行已有)",
        f"qingdan: 2 problem(s) in {files.roster}; nothing written",
    ]
    assert not db.exists()


def test_the_first_load_makes_a_new_store_on_sqlite_or_postgresql(db: str, tmp_path: Path) -> None:
    """A new database — an SQLite path, or a PostgreSQL database without qingdan tables — is
    made by the first load that passes; a refused file leaves it as it was."""
    county = generate_county(seed=2, year=2025, units=2, people=8, tasks=3)
    files = write_county_sheets(county, tmp_path, [Month(2025, 1)])
    bad = tmp_path / "bad-roster.xlsx"
    book = openpyxl.load_workbook(files.roster)
    book["人员"]["C3"] = "县环保局"
    book.save(bad)
    status, _, err = run(["load", "--db", db, "--kind", "roster", str(bad)])
    assert (status, err.splitlines()[0]) == (2, "qingdan: 人员!C3 所在单位: 县环保局 不在单位表中")
    status, _, err = run(["export", "--db", db])  # no qingdan database there yet
    assert status == 2
    assert "no database at" in err or "is not a qingdan database" in err
    status, out, _ = run(["load", "--db", db, "--kind", "roster", "--dry-run", str(files.roster)])
    assert (status, out.splitlines()[-1]) == (
        0,
        "dry run, nothing written: 22 added, 0 updated, 0 unchanged",
    )
    for counts in ("22 added, 0 updated, 0 unchanged", "0 added, 0 updated, 22 unchanged"):
        assert run(["load", "--db", db, "--kind", "roster", str(files.roster)]) == (
            0,
            f"花名册 loaded into {db}: {counts}\n",
            "",
        )
    assert run(["load", "--db", db, "--kind", "tasks", str(files.tasks)])[1].endswith(
        ": 4 added, 0 updated, 0 unchanged\n"
    )
    exported = json.loads(run(["export", "--db", db])[1])
    assert len(exported["people"]) == len(county.organisation.people)


def test_an_empty_file_is_a_new_sqlite_database(tmp_path: Path) -> None:
    county = generate_county(seed=2, year=2025, units=2, people=8, tasks=3)
    files = write_county_sheets(county, tmp_path)
    db = tmp_path / "county.db"
    db.touch()
    status, out, err = run(["load", "--db", str(db), "--kind", "roster", str(files.roster)])
    assert (status, err) == (0, "")
    assert out.endswith(": 22 added, 0 updated, 0 unchanged\n")
    db.write_bytes(b"not a database")
    status, _, err = run(["load", "--db", str(db), "--kind", "roster", str(files.roster)])
    assert (status, err) == (2, f"qingdan: {db} is not a qingdan database (not an SQLite file)\n")


def test_loading_tasks_before_the_roster_says_what_to_do(tmp_path: Path) -> None:
    county = generate_county(seed=2, year=2025, units=2, people=8, tasks=3)
    files = write_county_sheets(county, tmp_path)
    status, _, err = run(
        ["load", "--db", str(tmp_path / "x.db"), "--kind", "tasks", str(files.tasks)]
    )
    assert status == 2
    assert "qingdan: 重点任务!C2 牵头领导: p-fxz-1 不在人员表中" in err.splitlines()
    assert "qingdan: 重点任务: 库中还没有单位:先导入花名册" in err.splitlines()
