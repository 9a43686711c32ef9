"""Bad input to ``qingdan``: one line saying what is wrong and what to do, exit 2, nothing written.

Covers an unknown month or period, a missing database, a file that is not a
qingdan database, a database from a newer schema, a malformed import file,
and argument errors; plus one run as a real process to show no traceback.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from cli._cli import SMALL, run


def _refused(argv: list[str], *needles: str) -> str:
    status, out, err = run(argv)
    assert status == 2, (out, err)
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("qingdan: ")
    assert "Traceback" not in err
    for needle in needles:
        assert needle in lines[0]
    return lines[0]


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.mark.parametrize("month", ["2025-13", "2025-00", "Nov 2025", "2025-Q2", "2025"])
def test_month_end_refuses_an_unknown_month(demo_copy: Path, month: str) -> None:
    """--month takes YYYY-MM only; the store is left as it was."""
    before = _snapshot(demo_copy.parent)
    _refused(["month-end", "--db", str(demo_copy), "--month", month], "--month", repr(month))
    assert _snapshot(demo_copy.parent) == before


@pytest.mark.parametrize("period", ["2025-13", "2025-W05", "last year"])
def test_report_refuses_an_unknown_period(demo_copy: Path, period: str) -> None:
    """--period takes YYYY-MM, YYYY-Qn or YYYY."""
    _refused(["report", "--db", str(demo_copy), "--period", period, "--kind", "ledger"], "--period")


@pytest.mark.parametrize(
    "command",
    [
        ["report", "--period", "2025-03", "--kind", "ledger"],
        ["month-end", "--month", "2025-03"],
        ["export"],
        ["verify-archive"],
    ],
)
def test_a_missing_database_is_not_created(tmp_path: Path, command: list[str]) -> None:
    """A missing database is named, with the command that makes one; no file appears."""
    missing = tmp_path / "missing.db"
    _refused([command[0], "--db", str(missing), *command[1:]], "no database at", "qingdan demo")
    assert list(tmp_path.iterdir()) == []


def test_a_file_that_is_not_a_database_is_refused_and_kept(tmp_path: Path) -> None:
    """A text file given as the database is named as not a qingdan database, and not touched."""
    notes = tmp_path / "notes.db"
    notes.write_text("月度工作安排\n", encoding="utf-8")
    for argv in (
        ["report", "--db", str(notes), "--period", "2025-03", "--kind", "ledger"],
        ["verify-archive", "--db", str(notes)],
        ["demo", "--db", str(notes), *SMALL, "--replace"],
    ):
        _refused(argv, "not a qingdan database")
    assert _snapshot(tmp_path) == {"notes.db": "月度工作安排\n".encode()}


def test_an_sqlite_database_of_another_application_is_refused_and_kept(tmp_path: Path) -> None:
    """An SQLite file without qingdan tables is refused, byte for byte unchanged."""
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    with conn:
        conn.execute("CREATE TABLE staff (name TEXT)")
        conn.execute("INSERT INTO staff VALUES ('金涛')")
    conn.close()
    before = _snapshot(tmp_path)
    _refused(["export", "--db", str(other)], "not a qingdan database", "qingdan demo")
    _refused(["demo", "--db", str(other), *SMALL, "--replace"], "not a qingdan database")
    assert _snapshot(tmp_path) == before


def test_a_database_from_a_newer_schema_is_refused(demo_copy: Path) -> None:
    """A database written by a newer library: upgrade qingdan-core; nothing written."""
    conn = sqlite3.connect(demo_copy)
    with conn:
        conn.execute("UPDATE qingdan_schema SET version = version + 1")
    conn.close()
    before = _snapshot(demo_copy.parent)
    for argv in (
        ["report", "--db", str(demo_copy), "--period", "2025", "--kind", "rankings"],
        ["month-end", "--db", str(demo_copy), "--month", "2025-03"],
        ["export", "--db", str(demo_copy)],
        ["verify-archive", "--db", str(demo_copy)],
        ["demo", "--db", str(demo_copy), *SMALL, "--replace"],
    ):
        _refused(argv, "newer qingdan-core", "upgrade qingdan-core")
    assert _snapshot(demo_copy.parent) == before


def _export(demo_copy: Path, tmp_path: Path) -> dict[str, object]:
    status, out, _ = run(["export", "--db", str(demo_copy)])
    assert status == 0
    data: dict[str, object] = json.loads(out)
    return data


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("{ not json", "not valid JSON"),
        ('{"format": "other"}', "not a qingdan export"),
        ('{"format": "qingdan-export", "version": 99}', "export version 99"),
        ('{"format": "qingdan-export", "version": 1, "salaries": []}', "unknown section"),
        ('{"format": "qingdan-export", "version": 1, "units": {}}', "units: must be a list"),
        (
            '{"format": "qingdan-export", "version": 1, "units": [{"unit_id": "u-1"}]}',
            "units[0].name",
        ),
        (
            '{"format": "qingdan-export", "version": 1, "ledger_entries": '
            '[{"entry_id": "L-1", "subject": {"kind": "unit", "id": "u-1"}, "day": "2025-02-30", '
            '"kind": "deduction", "points": "-0.5", "source": "s", "rule": "R21", "reason": "r"}]}',
            "not a date",
        ),
    ],
)
def test_a_malformed_import_file_writes_nothing(tmp_path: Path, content: str, needle: str) -> None:
    """An import file is checked in full first; a bad one is named and no database appears."""
    source = tmp_path / "in.json"
    source.write_text(content, encoding="utf-8")
    target = tmp_path / "new.db"
    _refused(["import", "--db", str(target), str(source)], needle)
    assert not target.exists()


def test_an_import_with_a_broken_archive_chain_writes_nothing(
    demo_copy: Path, tmp_path: Path
) -> None:
    """R5: an export whose archive was edited is refused before anything is written."""
    data = _export(demo_copy, tmp_path)
    entries = data["archive_entries"]
    assert isinstance(entries, list)
    entries[3]["signed_by"] = "p-forger"
    source = tmp_path / "edited.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    target = tmp_path / "new.db"
    _refused(["import", "--db", str(target), str(source)], "archive file", "entry")
    assert not target.exists()


def test_an_import_into_a_database_with_data_is_refused(demo_copy: Path, tmp_path: Path) -> None:
    """Importing over an existing qingdan database needs --replace; without it nothing changes."""
    source = tmp_path / "export.json"
    source.write_text(json.dumps(_export(demo_copy, tmp_path)), encoding="utf-8")
    before = demo_copy.read_bytes()
    _refused(["import", "--db", str(demo_copy), str(source)], "--replace")
    assert demo_copy.read_bytes() == before


@pytest.mark.parametrize(
    "argv",
    [
        ["report", "--db", "x.db", "--period", "2025", "--kind", "salaries"],
        ["report", "--db", "x.db", "--period", "2025", "--kind", "ledger", "--format", "pdf"],
        ["demo", "--year", "twenty"],
        ["frobnicate"],
    ],
)
def test_argument_errors_are_one_line_and_exit_2(argv: list[str]) -> None:
    """argparse's own errors follow the same rule: one line, exit status 2."""
    _refused(argv, "see 'qingdan")


def test_a_year_outside_the_calendar_is_refused(tmp_path: Path) -> None:
    """The demo needs the year and the quarter after it on the calendar (2004–2026 shipped,
    2027 provisionally by default), so 2027 is refused naming the years it can run."""
    _refused(["demo", "--db", str(tmp_path / "d.db"), "--year", "2027"], "--year 2027", "2026")
    assert list(tmp_path.iterdir()) == []


def test_a_real_process_prints_no_traceback(tmp_path: Path) -> None:
    """Run as ``python -m qingdan_core``: exit status 2 and one line on stderr."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "qingdan_core",
            "month-end",
            "--db",
            str(tmp_path / "x.db"),
            "--month",
            "2025-13",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "PYTHONWARNINGS": "error"},
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []
