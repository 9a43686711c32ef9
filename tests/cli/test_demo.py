"""``qingdan demo`` end to end on SQLite and PostgreSQL, determinism, and the commands on its store.

The demo plays a generated county's year through the real rules and store:
task lists and commitments (R2, R10), progress reports (R16), month-end
reviews with levels, colours and notices (R4, R15–R21), deductions (R22),
monthly scores (R3, R12), the roll-up (R14), ranks and grades with quotas
(R23–R25) and consequences (R12, R13).
"""

from __future__ import annotations

import json
import re
import sqlite3
import uuid
from pathlib import Path

import pytest

from cli._cli import SMALL, run


def test_demo_prints_twelve_months_and_the_ranking(demo_db: tuple[Path, str]) -> None:
    """R14, R23, R24: a month line per month, then every unit ranked and graded."""
    _path, out = demo_db
    months = re.findall(r"^2025-(\d\d)  任务", out, flags=re.MULTILINE)
    assert months == [f"{m:02d}" for m in range(1, 13)]
    ranking = re.findall(
        r"^\s+(\d+)\s+(县\S+)\s+(\d+\.\d\d)\s+(优秀|称职|基本称职|不称职)$", out, re.M
    )
    assert len(ranking) == 3
    scores = [float(score) for _rank, _unit, score, _grade in ranking]
    assert scores == sorted(scores, reverse=True)
    assert "干部年度等次" in out
    assert "结果运用" in out


def test_demo_reports_progress_on_stderr(tmp_path: Path) -> None:
    """Progress goes to stderr, one line per month, so stdout stays the same for a seed."""
    status, out, err = run(["demo", "--db", str(tmp_path / "d.db"), *SMALL, "--months", "2"])
    assert status == 0
    assert "2025年1月" in err
    assert "2025年2月" in err
    assert "[" not in out


def test_demo_is_deterministic_for_a_seed(demo_db: tuple[Path, str], tmp_path: Path) -> None:
    """Same seed, same output and same stored data; another seed, another county."""
    first_path, first_out = demo_db
    again = tmp_path / "again.db"
    status, out, _ = run(["demo", "--db", str(again), *SMALL])
    assert status == 0
    assert out == first_out
    assert _export(first_path) == _export(again)
    other = list(SMALL)
    other[other.index("--seed") + 1] = "8"
    status, out, _ = run(["demo", "--db", str(tmp_path / "other.db"), *other])
    assert status == 0
    assert out != first_out


def _export(path: Path) -> dict[str, object]:
    status, out, err = run(["export", "--db", str(path)])
    assert status == 0, err
    data: dict[str, object] = json.loads(out)
    return data


def test_demo_stores_ledger_and_a_verified_archive(demo_db: tuple[Path, str]) -> None:
    """R5, R22: deductions are in the ledger; every archive file's chain verifies."""
    path, _ = demo_db
    data = _export(path)
    ledger = data["ledger_entries"]
    assert isinstance(ledger, list)
    assert ledger
    assert all(entry["rule"] in ("R21", "R22") for entry in ledger)
    status, out, _ = run(["verify-archive", "--db", str(path)])
    assert status == 0
    assert "archive intact" in out


def test_demo_refuses_to_overwrite_without_replace(demo_copy: Path) -> None:
    """An existing demo database is kept unless --replace says otherwise."""
    before = demo_copy.read_bytes()
    status, _, err = run(["demo", "--db", str(demo_copy), *SMALL])
    assert status == 2
    assert "--replace" in err
    assert demo_copy.read_bytes() == before
    status, _, _ = run(["demo", "--db", str(demo_copy), *SMALL, "--replace"])
    assert status == 0


def test_demo_writes_the_reports(tmp_path: Path) -> None:
    """--reports writes the 专报, the two lists, the board, the ledger and rankings as HTML
    (and the notices into notices/: tests/cli/test_notice.py)."""
    folder = tmp_path / "reports"
    status, _out, _ = run(
        ["demo", "--db", str(tmp_path / "d.db"), *SMALL, "--reports", str(folder)]
    )
    assert status == 0
    names = sorted(p.name for p in folder.iterdir() if p.is_file())
    assert names == [
        "board-2025-12.html",
        "ledger-2025.html",
        "lists-2025-12.html",
        "rankings-2025.html",
        "special-2025-12.html",
    ]
    assert all(
        p.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
        for p in folder.iterdir()
        if p.is_file()
    )


def test_report_from_the_store(demo_db: tuple[Path, str]) -> None:
    """R22 and R14 reports read back from the stored ledger and archived score cards."""
    path, out = demo_db
    status, text, err = run(
        ["report", "--db", str(path), "--period", "2025", "--kind", "rankings", "--format", "md"]
    )
    assert status == 0, err
    top = re.search(r"^\s+1\s+(县\S+)\s+(\d+\.\d\d)", out, re.M)
    assert top is not None
    assert f"| 1 | {top.group(1)} | {top.group(2)} |" in text
    status, text, _ = run(
        ["report", "--db", str(path), "--period", "2025-Q3", "--kind", "ledger", "--format", "json"]
    )
    assert status == 0
    assert json.loads(text)["kind"] == "ledger"
    status, text, _ = run(
        ["report", "--db", str(path), "--period", "2025-05", "--kind", "board", "--format", "csv"]
    )
    assert status == 0
    assert "2025年5月" in text
    assert "p-" not in text  # names only on the public board (R11)


def test_r15_r19_special_report_and_lists_from_the_store(demo_db: tuple[Path, str]) -> None:
    """The 专报 and the two lists read the stored month-end reviews; a month never reviewed
    says so."""
    path, _ = demo_db
    status, text, err = run(
        ["report", "--db", str(path), "--period", "2025-06", "--kind", "special"]
    )
    assert status == 0, err
    assert "2025-06-30 月末督考" in text
    status, text, err = run(
        ["report", "--db", str(path), "--period", "2025-Q2", "--kind", "special"]
    )
    assert status == 0, err
    assert "各月概况" in text  # every month of the quarter at a glance
    status, text, err = run(["report", "--db", str(path), "--period", "2025-07", "--kind", "lists"])
    assert status == 0, err
    assert "县领导提示清单" in text
    for kind in ("special", "lists"):
        status, _, err = run(["report", "--db", str(path), "--period", "2026-06", "--kind", kind])
        assert status == 2
        assert "holds no data" in err


def test_export_import_round_trip(demo_db: tuple[Path, str], tmp_path: Path) -> None:
    """The whole store out and back in through the codec gives the same export (R5 chains kept)."""
    path, _ = demo_db
    exported = tmp_path / "export.json"
    assert run(["export", "--db", str(path), "--output", str(exported)])[0] == 0
    target = tmp_path / "imported.db"
    status, out, err = run(["import", "--db", str(target), str(exported)])
    assert status == 0, err
    assert "imported" in out
    assert _export(target) == json.loads(exported.read_text(encoding="utf-8"))
    assert run(["verify-archive", "--db", str(target)])[0] == 0


def test_verify_archive_names_the_first_tampered_entry(demo_copy: Path) -> None:
    """R5: one changed byte in one stored entry is found, and the entry is named (exit 1)."""
    conn = sqlite3.connect(demo_copy)
    with conn:
        seq, payload = conn.execute(
            "SELECT seq, payload FROM qingdan_archive_entries ORDER BY seq LIMIT 1 OFFSET 5"
        ).fetchone()
        changed = payload.replace('"signed_by":"', '"signed_by":"x', 1)
        assert changed != payload
        conn.execute("UPDATE qingdan_archive_entries SET payload = ? WHERE seq = ?", (changed, seq))
    conn.close()
    status, _, err = run(["verify-archive", "--db", str(demo_copy)])
    assert status == 1
    assert "archive tampered" in err
    assert "entry" in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.postgres
def test_demo_on_postgresql(pg_url: str, tmp_path: Path) -> None:
    """The same small demo on a fresh PostgreSQL database gives the same output and data."""
    sa = pytest.importorskip("sqlalchemy")
    name = f"qingdan_demo_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(pg_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        url = sa.make_url(pg_url).set(database=name).render_as_string(hide_password=False)
        status, out, err = run(["demo", "--db", url, *SMALL])
        assert status == 0, err
        sqlite_db = tmp_path / "d.db"
        assert run(["demo", "--db", str(sqlite_db), *SMALL])[1] == out
        assert _export_url(url) == _export(sqlite_db)
        assert run(["verify-archive", "--db", url])[0] == 0
        status, _, err = run(["demo", "--db", url, *SMALL])
        assert status == 2
        assert "already holds data" in err
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def _export_url(url: str) -> dict[str, object]:
    status, out, err = run(["export", "--db", url])
    assert status == 0, err
    data: dict[str, object] = json.loads(out)
    return data


def test_month_end_on_a_reviewed_and_scored_month_writes_nothing(tmp_path: Path) -> None:
    """R3, R15, R19: re-run on the demo's last month, the month-end keeps the stored review and
    scores the stored month records to exactly the demo's cards, so nothing new is written."""
    path = tmp_path / "three.db"
    assert run(["demo", "--db", str(path), *SMALL, "--months", "3"])[0] == 0
    before = _export(path)
    status, out, err = run(["month-end", "--db", str(path), "--month", "2025-03"])
    assert status == 0, err
    assert "2025-03 月末督考(2025-03-31,已督考过,沿用已存结果)" in out
    assert "本次写入 0 张" in out
    assert _export(path) == before


def test_month_end_refuses_incomplete_inputs_with_the_list(tmp_path: Path) -> None:
    """A month without its progress reports and task lists (R2, R16) is refused with what is
    missing; an earlier month already reviewed is not reviewed again. Nothing is written."""
    path = tmp_path / "three.db"
    assert run(["demo", "--db", str(path), *SMALL, "--months", "3"])[0] == 0
    before = _export(path)
    status, _, err = run(["month-end", "--db", str(path), "--month", "2025-04"])
    assert status == 2
    assert "progress reports (R16) of 2025-04" in err
    assert "monthly task lists (R2) of 2025-04" in err
    status, out, err = run(["month-end", "--db", str(path), "--month", "2025-02"])
    assert status == 0, err  # reviewed and scored already: its stored review is kept
    assert "已督考过" in out
    assert _export(path) == before
