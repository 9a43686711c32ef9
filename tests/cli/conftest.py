"""Fixtures for the ``qingdan`` command tests: a small demo database, run once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cli._cli import SMALL, run


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A small demo database (SQLite) and the demo's standard output."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    status, out, err = run(["demo", "--db", str(path), *SMALL])
    assert status == 0, err
    return path, out


@pytest.fixture
def demo_copy(demo_db: tuple[Path, str], tmp_path: Path) -> Path:
    """A private copy of the small demo database, safe to change."""
    target = tmp_path / "copy.db"
    shutil.copyfile(demo_db[0], target)
    return target
