"""What differs on the MySQL family (here MariaDB), checked on a real server.

Text lengths and the index limit, the isolation level, utf8mb4 and the
collation, and schema creation that is safe to retry where DDL is not
transactional. The shared behaviour (conformance suite, state machine, races,
SIGKILL) runs on MariaDB in the other storage tests.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest
import sqlalchemy as sa

from qingdan_core.errors import ValidationError
from qingdan_core.ledger import EntryKind, LedgerEntry, Subject
from qingdan_core.organisation import Unit
from qingdan_core.storage import RecordStore, open_store
from qingdan_core.storage.sql import SqlBackend

pytestmark = pytest.mark.mysql


@pytest.fixture
def store(mysql_database_url: str) -> Iterator[RecordStore]:
    store = open_store(mysql_database_url)
    store.create_schema()
    yield store
    store.close()


def _engine(store: RecordStore) -> sa.Engine:
    assert isinstance(store.backend, SqlBackend)
    return store.backend.engine


def _deduction(entry_id: str, reason: str) -> LedgerEntry:
    return LedgerEntry(
        entry_id,
        Subject.unit("u-1"),
        dt.date(2026, 11, 30),
        EntryKind.DEDUCTION,
        Decimal("-0.25"),
        "督考〔2026〕17号",
        "R21",
        reason,
    )


def test_the_plain_scheme_uses_pymysql_and_utf8mb4(mysql_database_url: str) -> None:
    url = mysql_database_url.replace("mysql+pymysql://", "mysql://").replace("?charset=utf8mb4", "")
    with open_store(url) as store:
        assert _engine(store).dialect.driver == "pymysql"
        with _engine(store).connect() as conn:
            assert conn.exec_driver_sql("select @@character_set_connection").scalar() == "utf8mb4"


def test_tables_are_innodb_utf8mb4_with_an_exact_collation(store: RecordStore) -> None:
    """Every table is InnoDB in utf8mb4, binary and no-pad, whatever the database's default."""
    with _engine(store).connect() as conn:
        rows = conn.exec_driver_sql(
            "select table_name, engine, table_collation from information_schema.tables"
            " where table_schema = database()"
        ).all()
    assert len(rows) > 15
    assert {(engine, collation) for _name, engine, collation in rows} == {
        ("InnoDB", "utf8mb4_nopad_bin")
    }


def test_text_columns_are_bounded_and_payloads_long(store: RecordStore) -> None:
    """Keys and queried text are VARCHAR(255) (indexable in utf8mb4); payloads LONGTEXT."""
    columns = {
        c["name"]: c["type"] for c in sa.inspect(_engine(store)).get_columns("qingdan_units")
    }
    assert isinstance(columns["key"], sa.String)
    assert columns["key"].length == 255
    assert columns["payload"].__visit_name__ == "LONGTEXT"


def test_chinese_text_and_emoji_round_trip(store: RecordStore) -> None:
    """utf8mb4: four-byte characters (emoji, rare 汉字 outside the BMP) survive."""
    text = "督考〔2026〕17号 🎯🚩 𠀋𡈽 全角：，。"
    store.ledger.add(_deduction("L-1", text))
    store.units.add_many([Unit(text, text), Unit(f"{text}/下级", text, parent_id=text)])
    assert store.ledger.get("L-1").reason == text
    assert [s.key for s in store.units.children(text)] == [f"{text}/下级"]


def test_a_long_payload_is_kept_whole(store: RecordStore) -> None:
    """A payload beyond TEXT's 64 KiB (a long reason) is kept whole in LONGTEXT."""
    reason = "未按时报送" * 20_000  # 300,000 bytes in UTF-8
    store.ledger.add(_deduction("L-1", reason))
    assert store.ledger.get("L-1").reason == reason


def test_ids_at_the_limit_are_kept_and_longer_ones_refused(store: RecordStore) -> None:
    """Never truncated silently: an id of 64 four-byte-wide characters is kept whole; 65 are
    refused, as by every adapter (qingdan_core.limits), and nothing is stored."""
    longest = "𠀋" * 64
    with pytest.raises(ValidationError, match=r"unit_id: 65 characters; an id has at most 64"):
        store.units.add_many([Unit("u-1", "县委办"), Unit(longest + "长", "县政府办")])
    with pytest.raises(ValidationError, match=r"parent_id: 65 characters"):
        store.units.add(Unit("u-2", "县政府办", parent_id="x" * 65))
    store.units.add(Unit(longest, "县政府办"))
    assert [s.key for s in store.units.all()] == [longest]
    assert store.units.get(longest).value.unit_id == longest


def test_units_of_work_run_at_read_committed_on_a_callers_engine(mysql_database_url: str) -> None:
    """A caller's engine defaults to REPEATABLE READ; the store's units of work use READ COMMITTED
    and the connection goes back to the pool as it came."""
    engine = sa.create_engine(mysql_database_url, pool_size=1, max_overflow=0)
    with engine.connect() as conn:
        assert conn.get_isolation_level() == "REPEATABLE READ"
    store = open_store(engine)
    store.create_schema()
    seen: list[str] = []
    sa.event.listen(
        engine,
        "before_cursor_execute",
        lambda conn, *args: seen.append(conn.get_isolation_level()),
    )
    store.units.all()
    assert set(seen) == {"READ COMMITTED"}
    with engine.connect() as conn:
        assert conn.get_isolation_level() == "REPEATABLE READ"
    store.close()
    engine.dispose()


def test_create_schema_completes_a_half_created_schema(store: RecordStore) -> None:
    """DDL commits statement by statement here: a run stopped after a table but before its
    index (simulated by dropping them) is completed by running create_schema again."""
    engine = _engine(store)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "drop index ix_qingdan_ledger_entries_subject_day on qingdan_ledger_entries"
        )
        conn.exec_driver_sql("drop table qingdan_notices")
    store.create_schema()
    inspector = sa.inspect(engine)
    assert "qingdan_notices" in inspector.get_table_names()
    names = {i["name"] for i in inspector.get_indexes("qingdan_ledger_entries")}
    assert "ix_qingdan_ledger_entries_subject_day" in names
    store.ledger.add(_deduction("L-1", "补建索引后"))
    assert len(store.ledger.for_subject(Subject.unit("u-1"))) == 1


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (1213, "Deadlock found when trying to get lock"),
        (9007, "Write conflict, txnStartTS=1, conflictStartTS=2"),  # TiDB, in TiKV
        (8005, "Write Conflict, txnStartTS is stale"),  # TiDB
    ],
)
def test_a_write_conflict_of_the_family_is_a_conflict_error(number: int, text: str) -> None:
    from qingdan_core.errors import ConflictError
    from qingdan_core.storage.sql import _translate

    # PyMySQL raises error numbers it does not know (TiDB's) as OperationalError(number, text)
    raw = sa.exc.OperationalError("UPDATE …", {}, Exception(number, text))
    found = _translate(raw, "units", "u-1")
    assert isinstance(found, ConflictError)
    assert f"concurrent update ({number}); retry the unit of work" in str(found)
