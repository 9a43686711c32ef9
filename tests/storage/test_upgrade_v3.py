"""Schema 3 → 4: a store written before it kept holiday notice files gains the table (issue 13).

A schema-3 database is today's tables without ``qingdan_holiday_notices``, recorded as version 3
(the two schemas differ in nothing else). ``upgrade()`` keeps every record, adds the table and
records version 4; the store then keeps notice files.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from qingdan_core.errors import SchemaMismatchError, ValidationError
from qingdan_core.notice_files import KeptNotice
from qingdan_core.organisation import Unit
from qingdan_core.storage import open_store
from qingdan_core.storage.sql import SCHEMA_VERSION


def _version_3(path: Path) -> None:
    with open_store(f"sqlite:///{path}") as store:
        store.create_schema()
        store.units.add(Unit("u-1", "县发改局"))
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("DROP TABLE qingdan_holiday_notices")
        conn.execute("UPDATE qingdan_schema SET version = 3")
    conn.close()


def _tables(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()


def test_a_version_3_store_is_refused_until_upgraded_then_keeps_notices(tmp_path: Path) -> None:
    path = tmp_path / "v3.db"
    _version_3(path)
    assert "qingdan_holiday_notices" not in _tables(path)
    with (
        open_store(f"sqlite:///{path}") as store,
        pytest.raises(SchemaMismatchError, match="upgrade"),
    ):
        store.units.all()
    with open_store(f"sqlite:///{path}") as store:
        store.upgrade()
        assert [s.value.name for s in store.units.all()] == ["县发改局"]
        text = "format = 1\n"
        store.holiday_notices.add(
            KeptNotice(2027, "2027.toml", hashlib.sha256(text.encode()).hexdigest(), text)
        )
    assert SCHEMA_VERSION == 4
    assert "qingdan_holiday_notices" in _tables(path)
    with open_store(f"sqlite:///{path}") as store:
        assert [s.key for s in store.holiday_notices.all()] == ["2027"]
        store.upgrade()  # idempotent
        assert len(store.holiday_notices.all()) == 1


def test_a_kept_notice_whose_text_was_edited_is_refused_on_read(tmp_path: Path) -> None:
    """The digest is checked when the record is read, so an edited text is not used silently."""
    path = tmp_path / "q.db"
    text = "format = 1\n"
    with open_store(f"sqlite:///{path}") as store:
        store.create_schema()
        store.holiday_notices.add(
            KeptNotice(2027, "2027.toml", hashlib.sha256(text.encode()).hexdigest(), text)
        )
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "UPDATE qingdan_holiday_notices SET payload = replace(payload, 'format = 1', 'format = 2')"
        )
    conn.close()
    with open_store(f"sqlite:///{path}") as store, pytest.raises(ValidationError, match="SHA-256"):
        store.holiday_notices.all()
