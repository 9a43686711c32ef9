"""Fixtures for the ``qingdan`` command tests: a small demo database, run once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cli._cli import COUNTY, SMALL, run


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


@pytest.fixture(scope="session")
def year_2026(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A small county's demo of the default year, 2026 (the latest with a notice), and its output."""
    path = tmp_path_factory.mktemp("y2026") / "demo.db"
    status, out, err = run(["demo", "--db", str(path), *COUNTY])
    assert status == 0, err
    return path, out


@pytest.fixture
def year_2026_copy(year_2026: tuple[Path, str], tmp_path: Path) -> Path:
    """A private copy of the 2026 demo database, safe to change."""
    target = tmp_path / "copy-2026.db"
    shutil.copyfile(year_2026[0], target)
    return target
