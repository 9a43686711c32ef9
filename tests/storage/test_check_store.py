"""``qingdan check-store`` runs the conformance suite on a county's own database and leaves it
as it found it (SQLite, PostgreSQL, MariaDB)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from cli._cli import run
from qingdan_core.organisation import Unit
from qingdan_core.storage import list_namespaces, open_store
from qingdan_core.testing import StoreConformance


def _tables(url: str) -> set[str]:
    engine = sa.create_engine(url, poolclass=sa.NullPool)
    found = set(sa.inspect(engine).get_table_names())
    engine.dispose()
    return found


def _check(url: str, *pytest_args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "qingdan_core", "check-store", url, *pytest_args]
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=600)


def test_every_check_passes_on_sqlite_and_the_county_is_untouched(tmp_path: Path) -> None:
    db = tmp_path / "county.db"
    with open_store(f"sqlite:///{db}") as store:
        store.create_schema()
        store.units.add(Unit("u-1", "县委办"))
    before = _tables(f"sqlite:///{db}")
    done = _check(str(db))
    assert done.returncode == 0, done.stdout + done.stderr
    checks = [name for name in dir(StoreConformance) if name.startswith("test_")]
    assert f"{len(checks)} passed" in done.stdout
    assert done.stdout.rstrip().endswith(f"check-store: every check passed on {db}")
    assert _tables(f"sqlite:///{db}") == before
    assert list_namespaces(f"sqlite:///{db}") == ()
    with open_store(f"sqlite:///{db}") as store:
        assert [s.value.name for s in store.units.all()] == ["县委办"]


@pytest.mark.parametrize(
    "server",
    [
        pytest.param("pg_schema_url", marks=pytest.mark.postgres),
        pytest.param("mysql_database_url", marks=pytest.mark.mysql),
    ],
)
def test_checks_run_on_a_server_in_scratch_namespaces_that_are_dropped(
    server: str, request: pytest.FixtureRequest
) -> None:
    url: str = request.getfixturevalue(server)
    done = _check(url, "-k", "stale or odd or rolled_back")
    assert done.returncode == 0, done.stdout + done.stderr
    assert " passed" in done.stdout
    assert "failed" not in done.stdout
    assert list_namespaces(url) == ()
    assert _tables(url) == set()


@pytest.mark.parametrize(
    ("where", "reason"),
    [("memory://", "check-store checks a database"), ("none.db", "no database at")],
)
def test_check_store_refuses_what_is_not_a_database(
    where: str, reason: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    status, _out, err = run(["check-store", where])
    assert status == 2
    assert reason in err
    assert not (tmp_path / "none.db").exists()
