"""Referential checks on write (issue 14, item 2), the same on every adapter.

A person's unit must be stored; no unit may be its own ancestor (nor name a
parent that is not stored). Before issue 14 both were accepted.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from qingdan_core.errors import ValidationError
from qingdan_core.organisation import Person, Post, Unit
from qingdan_core.storage import RecordStore, open_store
from qingdan_core.transfer import export_store, import_into


@pytest.fixture(params=["memory", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[RecordStore]:
    if request.param == "memory":
        url = "memory://"
    elif request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'refs.db'}"
    else:
        url = request.getfixturevalue("pg_schema_url")
    opened = open_store(url)
    opened.create_schema()
    yield opened
    opened.close()


def _refused(store: RecordStore, write: Any, message: str) -> None:
    before = export_store(store)
    with pytest.raises(ValidationError) as caught:
        write()
    assert str(caught.value) == message
    assert export_store(store) == before


def test_a_person_whose_unit_is_not_stored_is_refused(store: RecordStore) -> None:
    _refused(
        store,
        lambda: store.people.add(Person("p-1", "金涛", "u-gone", Post("科员"))),
        "people['p-1'].unit_id: no unit 'u-gone' is stored",
    )
    store.units.add(Unit("u-1", "县委办"))
    stored = store.people.add(Person("p-1", "金涛", "u-1", Post("科员")))
    _refused(
        store,
        lambda: store.people.save(Person("p-1", "金涛", "u-gone", Post("科员")), stored.version),
        "people['p-1'].unit_id: no unit 'u-gone' is stored",
    )


def test_no_unit_is_its_own_parent_or_ancestor(store: RecordStore) -> None:
    _refused(
        store,
        lambda: store.units.add(Unit("u-1", "县委办", parent_id="u-1")),
        "units['u-1'].parent_id: would make 'u-1' its own ancestor (u-1 → u-1)",
    )
    store.units.add_many([Unit("u-a", "甲"), Unit("u-b", "乙", parent_id="u-a")])
    store.units.add(Unit("u-c", "丙", parent_id="u-b"))
    first = store.units.get("u-a")
    _refused(
        store,
        lambda: store.units.save(Unit("u-a", "甲", parent_id="u-c"), first.version),
        "units['u-a'].parent_id: would make 'u-a' its own ancestor (u-a → u-c → u-b → u-a)",
    )
    _refused(
        store,
        lambda: store.units.add(Unit("u-d", "丁", parent_id="u-gone")),
        "units['u-d'].parent_id: no unit 'u-gone' is stored",
    )


def test_an_import_writes_parents_before_their_units(store: RecordStore) -> None:
    """An export listing a unit before its parent still imports: parents are written first."""
    data = {
        "format": "qingdan-export",
        "version": 2,
        "units": [
            {"unit_id": "u-tax-1", "name": "征管科", "parent_id": "u-tax"},
            {"unit_id": "u-tax", "name": "县税务局", "parent_id": None},
        ],
    }
    import_into(store, data)
    assert [s.key for s in store.units.all()] == ["u-tax", "u-tax-1"]
    cycle = {**data, "units": [{"unit_id": "u-x", "name": "x", "parent_id": "u-x"}]}
    _refused(
        store,
        lambda: import_into(store, cycle),
        "units['u-x'].parent_id: would make 'u-x' its own ancestor (u-x → u-x)",
    )
