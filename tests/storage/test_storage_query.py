"""Queries read backwards and limited (``Query.descending``, ``Query.limit``) on every adapter.

The archive's append reads a file's last entry this way (R5, R22): one indexed
query, newest first, one record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from _ill_typed import ill_typed
from qingdan_core.errors import ValidationError
from qingdan_core.ledger import EntryKind, LedgerEntry, Subject
from qingdan_core.storage import Query, RecordStore, open_store
from qingdan_core.storage.kinds import LEDGER


def _entry(number: int, day: int) -> LedgerEntry:
    return LedgerEntry(
        f"L-{number}",
        Subject.unit("u-1"),
        dt.date(2026, 11, day),
        EntryKind.DEDUCTION,
        Decimal("-0.5"),
        f"督考〔2026〕{number}号",
        "R21",
        "未按时报送",
    )


@pytest.fixture(
    params=[
        "memory",
        "sqlite",
        pytest.param("postgres", marks=pytest.mark.postgres),
        pytest.param("mariadb", marks=pytest.mark.mysql),
    ]
)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[RecordStore]:
    if request.param == "memory":
        url = "memory://"
    elif request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'q.db'}"
    elif request.param == "postgres":
        url = request.getfixturevalue("pg_schema_url")
    else:
        url = request.getfixturevalue("mysql_database_url")
    store = open_store(url)
    store.create_schema()
    yield store
    store.close()


def _keys(store: RecordStore, query: Query) -> list[str]:
    with store.backend.unit_of_work() as session:
        return [record.key for record in session.select(LEDGER, query)]


def test_descending_reverses_the_order_and_ties_newest_first(store: RecordStore) -> None:
    """order_by descending, ties in reverse insertion order; without order_by, newest first."""
    days = {1: 20, 2: 3, 3: 20, 4: 15, 5: 3}
    store.ledger.add_many(_entry(n, d) for n, d in days.items())
    ascending = _keys(store, Query(order_by=("day",)))
    assert ascending == ["L-2", "L-5", "L-4", "L-1", "L-3"]
    assert _keys(store, Query(order_by=("day",), descending=True)) == ascending[::-1]
    assert _keys(store, Query(descending=True)) == ["L-5", "L-4", "L-3", "L-2", "L-1"]


def test_limit_keeps_the_first_records_of_the_order(store: RecordStore) -> None:
    """limit=n gives the first n records of the (possibly reversed) order, filters applied."""
    store.ledger.add_many(_entry(n, d) for n, d in {1: 20, 2: 3, 3: 20, 4: 15, 5: 3}.items())
    assert _keys(store, Query(order_by=("day",), descending=True, limit=1)) == ["L-3"]
    assert _keys(store, Query(order_by=("day",), limit=2)) == ["L-2", "L-5"]
    window = Query(between=(("day", dt.date(2026, 11, 4), None),), descending=True, limit=2)
    assert _keys(store, window) == ["L-4", "L-3"]
    assert _keys(store, Query(limit=10)) == ["L-1", "L-2", "L-3", "L-4", "L-5"]


@pytest.mark.parametrize("limit", [0, -1, True, 1.5])
def test_a_limit_below_one_or_not_an_int_is_refused(limit: object) -> None:
    with pytest.raises(ValidationError, match="limit"):
        ill_typed(Query)(limit=limit)
