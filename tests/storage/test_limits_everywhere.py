"""One validation for every adapter (issue 14, item 2): the limits of ``qingdan_core.limits``.

The library's values refuse, when they are made, what no store can hold; the
codec refuses it when it reads; and every store refuses it before it writes
(``Kind.row``), so a value that slipped past its constructor is refused by the
memory, SQLite, PostgreSQL and MariaDB adapters with the same message, and
nothing is stored. Before issue 14 the memory store took NUL and over-long ids
that PostgreSQL refused with raw ``DataError``/``ProgramLimitExceeded``.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from qingdan_core.codec import loads, structure
from qingdan_core.errors import ValidationError
from qingdan_core.ledger import EntryKind, LedgerEntry, Subject
from qingdan_core.organisation import Unit
from qingdan_core.storage import RecordStore, open_store

UNIT = Unit("u-1", "县委办")
ENTRY = LedgerEntry(
    "L-1",
    Subject.unit("u-1"),
    dt.date(2025, 3, 31),
    EntryKind.DEDUCTION,
    Decimal("-0.5"),
    "督考〔2025〕1号",
    "R21",
    "未按时报送",
)


def _forced(value: Any, **fields: object) -> Any:
    """``value`` with ``fields`` set past its validators (as a careless caller's value)."""
    forced = copy.copy(value)
    for name, field_value in fields.items():
        object.__setattr__(forced, name, field_value)
    return forced


BAD_RECORDS: dict[str, tuple[Any, str]] = {
    "NUL in an id": (_forced(UNIT, unit_id="u-\x00"), "units['u-\\x00'].unit_id: contains a NUL"),
    "lone surrogate": (
        _forced(UNIT, name="\ud800"),
        "units['u-1'].name: contains a lone surrogate",
    ),
    "long id": (_forced(UNIT, unit_id="u" * 65), "unit_id: 65 characters; an id has at most 64"),
    "10 MB name": (_forced(UNIT, name="县" * 10_000_000), "name: 10000000 characters"),
    "huge points": (_forced(ENTRY, points=Decimal("1e999999")), "points: 1E+999999 is out of"),
    "5000 digits": (_forced(ENTRY, points=Decimal("9" * 5000)), "points: 9999"),
    "tiny points": (_forced(ENTRY, points=Decimal("1e-81")), "points: 1E-81 has 81 places"),
}

ADAPTERS = [
    "memory",
    "sqlite",
    pytest.param("postgres", marks=pytest.mark.postgres),
    pytest.param("mysql", marks=pytest.mark.mysql),
]


@pytest.fixture(params=ADAPTERS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[RecordStore]:
    urls: dict[str, Callable[[], str]] = {
        "memory": lambda: "memory://",
        "sqlite": lambda: f"sqlite:///{tmp_path / 'limits.db'}",
        "postgres": lambda: request.getfixturevalue("pg_schema_url"),
        "mysql": lambda: request.getfixturevalue("mysql_database_url"),
    }
    opened = open_store(urls[request.param]())
    opened.create_schema()
    yield opened
    opened.close()


def _refusals(store: RecordStore) -> dict[str, str]:
    found = {}
    for case, (value, _) in BAD_RECORDS.items():
        repository: Any = store.units if isinstance(value, Unit) else store.ledger
        with pytest.raises(ValidationError) as caught:
            repository.add(value)
        found[case] = str(caught.value)
    return found


def test_every_adapter_refuses_the_same_records_the_same_way(store: RecordStore) -> None:
    refusals = _refusals(store)
    for case, (_, needle) in BAD_RECORDS.items():
        assert needle in refusals[case], case
    assert store.units.all() == ()
    assert store.ledger.all() == ()


def test_the_refusals_are_word_for_word_those_of_the_memory_store(store: RecordStore) -> None:
    assert _refusals(store) == _refusals(open_store("memory://"))


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("unit_id", "u-\x00", "unit_id: contains a NUL character at 2"),
        ("unit_id", "u" * 65, "unit_id: 65 characters; an id has at most 64"),
        ("name", "县" * 1_000_001, "name: 1000001 characters; at most 1000000"),
        ("name", "\udfff", "name: contains a lone surrogate U+DFFF at 0"),
    ],
)
def test_the_model_refuses_what_no_store_holds(field: str, value: str, reason: str) -> None:
    fields = {"unit_id": "u-1", "name": "县委办", field: value}
    with pytest.raises(ValidationError) as caught:
        Unit(**fields)
    assert str(caught.value) == reason


@pytest.mark.parametrize(
    ("points", "reason"),
    [
        ("1e999999", "1E+999999 is out of range: at most 15 digits before the point"),
        (
            "9" * 5000,
            "not a decimal number: '" + "9" * 40 + "… (5000 characters)' (ASCII digits, no spaces)",
        ),
        ("１２", "not a decimal number: '１２' (ASCII digits, no spaces)"),
        (" 1 ", "not a decimal number: ' 1 ' (ASCII digits, no spaces)"),
        ("1_000", "not a decimal number: '1_000' (ASCII digits, no spaces)"),
        ("Infinity", "not a decimal number: 'Infinity' (ASCII digits, no spaces)"),
        ("1e-81", "1E-81 has 81 places; at most 80"),
    ],
)
def test_the_codec_refuses_numbers_no_store_should_hold(points: str, reason: str) -> None:
    """Before issue 14 "１２" and " 1 " were read as 12 and 1, and reports printed 1E+999999 分."""
    data = {**_ledger_data(), "points": points}
    with pytest.raises(ValidationError) as caught:
        structure(data, LedgerEntry)
    assert str(caught.value) == f"points: {reason}"


@pytest.mark.parametrize("day", ["2025-W01-1", "20250331", "2025-091", "２０２５-03-31"])
def test_the_codec_refuses_dates_that_are_not_yyyy_mm_dd(day: str) -> None:
    with pytest.raises(ValidationError, match=r"^day: not a date: .* \(write YYYY-MM-DD\)$"):
        structure({**_ledger_data(), "day": day}, LedgerEntry)


def test_the_codec_reads_what_it_writes_at_the_limits() -> None:
    """The edges that must still be accepted: 15 integer digits, 80 places, exponents."""
    for points in ("-999999999999999.5", "-0." + "0" * 79 + "1", "-1E+2", "-5E-8", "-0.5"):
        assert structure({**_ledger_data(), "points": points}, LedgerEntry).points == Decimal(
            points
        )


def test_repeated_json_keys_are_refused() -> None:
    """Parsers disagree on which of two equal keys wins; the library takes neither."""
    with pytest.raises(ValidationError, match="the key 'points' repeats in one object"):
        loads('{"points": "-0.5", "points": "100"}')


def _ledger_data() -> dict[str, Any]:
    return {
        "entry_id": "L-1",
        "subject": {"kind": "unit", "id": "u-1"},
        "day": "2025-03-31",
        "kind": "deduction",
        "points": "-0.5",
        "source": "督考〔2025〕1号",
        "rule": "R21",
        "reason": "未按时报送",
    }
