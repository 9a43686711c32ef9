"""Faults (issue 7 item 6): racing processes, a killed process, odd strings.

Two processes update the same two records together, many times, on SQLite
on PostgreSQL and on MariaDB: every update lands (no lost update) and every failed
attempt is a ``ConflictError``. A process killed with SIGKILL inside a unit
of work leaves the store as it was. (An exception inside a unit of work, and
odd strings kept verbatim, are in the conformance suite, which runs on both.)
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from qingdan_core.ledger import Subject
from qingdan_core.organisation import Unit
from qingdan_core.storage import RecordStore, open_store

WORKER = str(Path(__file__).with_name("_fault_worker.py"))
ITERATIONS = 40


def _seed(url: str) -> None:
    store = open_store(url)
    store.create_schema()
    store.units.add_many([Unit("u-a", "0"), Unit("u-b", "0")])
    store.close()


def _race(url: str, tmp_path: Path, reads: str = "outside") -> list[dict[str, Any]]:
    _seed(url)
    go = tmp_path / "go"
    workers = [
        subprocess.Popen(
            [sys.executable, WORKER, "race", url, str(ITERATIONS), str(go), reads],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    deadline = time.monotonic() + 120
    while len(list(tmp_path.glob("go.ready-*"))) < len(workers):
        assert all(w.poll() is None for w in workers), "a worker died before the race"
        assert time.monotonic() < deadline, "the workers never got ready"
        time.sleep(0.01)
    go.write_text("go")
    reports = []
    for worker in workers:
        out, err = worker.communicate(timeout=300)
        assert worker.returncode == 0, err
        reports.append(json.loads(out))
    assert [r["other"] for r in reports] == [[], []], (
        "a loser got something else than ConflictError"
    )
    assert [r["won"] for r in reports] == [ITERATIONS, ITERATIONS]
    store = open_store(url)
    a, b = store.units.get("u-a"), store.units.get("u-b")
    store.close()
    assert a.value.name == b.value.name == str(2 * ITERATIONS)  # no update lost
    assert a.version == b.version == 2 * ITERATIONS + 1
    return reports


def test_racing_processes_lose_no_update_on_sqlite(tmp_path: Path) -> None:
    """Two processes, same records, SQLite: all updates land, losers get ConflictError."""
    reports = _race(f"sqlite:///{tmp_path / 'race.db'}", tmp_path)
    assert sum(r["conflicts"] for r in reports) > 0, "the processes never raced"


def test_units_of_work_queue_on_sqlite(tmp_path: Path) -> None:
    """Read and write in one unit of work, SQLite: BEGIN IMMEDIATE queues them, none fails."""
    reports = _race(f"sqlite:///{tmp_path / 'queue.db'}", tmp_path, reads="inside")
    assert [r["conflicts"] for r in reports] == [0, 0]


@pytest.mark.postgres
def test_racing_processes_lose_no_update_on_postgresql(pg_schema_url: str, tmp_path: Path) -> None:
    """Two processes, same records, PostgreSQL: all updates land, losers get ConflictError."""
    reports = _race(pg_schema_url, tmp_path)
    assert sum(r["conflicts"] for r in reports) > 0, "the processes never raced"


@pytest.mark.mysql
def test_racing_processes_lose_no_update_on_mariadb(
    mysql_database_url: str, tmp_path: Path
) -> None:
    """Two processes, same records, MariaDB: all updates land, losers get ConflictError."""
    reports = _race(mysql_database_url, tmp_path)
    assert sum(r["conflicts"] for r in reports) > 0, "the processes never raced"


@pytest.mark.mysql
def test_units_of_work_that_read_inside_lose_no_update_on_mariadb(
    mysql_database_url: str, tmp_path: Path
) -> None:
    """Read and write in one unit of work, MariaDB at READ COMMITTED: a version changed
    between the read and the write is a ConflictError (or a deadlock reported as one)."""
    _race(mysql_database_url, tmp_path, reads="inside")


def _kill_inside_a_unit_of_work(url: str, tmp_path: Path) -> Callable[[], RecordStore]:
    _seed(url)
    marker = tmp_path / "inside"
    worker = subprocess.Popen(
        [sys.executable, WORKER, "die", url, str(marker)], stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert worker.poll() is None, worker.stderr.read() if worker.stderr else ""
        assert time.monotonic() < deadline, "the worker never reached its unit of work"
        time.sleep(0.01)
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=60)
    assert worker.returncode == -signal.SIGKILL
    if worker.stderr:
        worker.stderr.close()
    return lambda: open_store(url)


def _assert_untouched(reopen: Callable[[], RecordStore]) -> None:
    store = reopen()
    try:
        assert store.ledger.for_subject(Subject.unit("u-a")) == ()
        stored = store.units.get("u-a")
        assert (stored.version, stored.value.name) == (1, "0")
        store.units.save(Unit("u-a", "after"), version=1)  # and the store still takes writes
        assert store.units.get("u-a").version == 2
    finally:
        store.close()


def test_sigkill_inside_a_unit_of_work_leaves_sqlite_as_it_was(tmp_path: Path) -> None:
    """A process killed mid unit of work on SQLite: none of its writes remain."""
    _assert_untouched(_kill_inside_a_unit_of_work(f"sqlite:///{tmp_path / 'k.db'}", tmp_path))


@pytest.mark.postgres
def test_sigkill_inside_a_unit_of_work_leaves_postgresql_as_it_was(
    pg_schema_url: str, tmp_path: Path
) -> None:
    """A process killed mid unit of work on PostgreSQL: none of its writes remain."""
    _assert_untouched(_kill_inside_a_unit_of_work(pg_schema_url, tmp_path))


@pytest.mark.mysql
def test_sigkill_inside_a_unit_of_work_leaves_mariadb_as_it_was(
    mysql_database_url: str, tmp_path: Path
) -> None:
    """A process killed mid unit of work on MariaDB: none of its writes remain."""
    _assert_untouched(_kill_inside_a_unit_of_work(mysql_database_url, tmp_path))
