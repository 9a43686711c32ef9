"""The Python transfer API: export, import, and importing again (memory, SQLite, PostgreSQL)."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from qingdan_core.demo import generate_county
from qingdan_core.demo.year import run_year
from qingdan_core.errors import ArchiveTamperedError, ConflictError, ValidationError
from qingdan_core.storage import RecordStore, open_store
from qingdan_core.transfer import Changes, export_store, import_into


@pytest.fixture(scope="module")
def exported() -> dict[str, Any]:
    county = open_store("memory://")
    run_year(generate_county(seed=5, year=2025, units=3, people=10, tasks=4), county, months=2)
    return export_store(county)


@pytest.fixture(params=["memory", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[RecordStore]:
    if request.param == "memory":
        store = open_store("memory://")
    elif request.param == "sqlite":
        store = open_store(f"sqlite:///{tmp_path / 'copy.db'}")
    else:
        store = open_store(request.getfixturevalue("pg_schema_url"))
    store.create_schema()
    yield store
    store.close()


def _records(data: dict[str, Any]) -> int:
    return sum(len(rows) for rows in data.values() if isinstance(rows, list))


def test_an_import_reads_back_as_the_export(exported: dict[str, Any], target: RecordStore) -> None:
    assert import_into(target, exported) == Changes(added=_records(exported))
    again = export_store(target)
    assert {k: v for k, v in again.items() if k != "schema_version"} == {
        k: v for k, v in exported.items() if k != "schema_version"
    }


def test_importing_again_with_replace_changes_nothing_then_updates_what_changed(
    exported: dict[str, Any], target: RecordStore
) -> None:
    import_into(target, exported)
    assert import_into(target, exported, replace=True) == Changes(unchanged=_records(exported))
    edited = copy.deepcopy(exported)
    edited["units"][0]["name"] = "某县(更名)"
    assert import_into(target, edited, replace=True) == Changes(
        updated=1, unchanged=_records(exported) - 1
    )
    stored = target.units.get(edited["units"][0]["unit_id"])
    assert (stored.version, stored.value.name) == (2, "某县(更名)")


def test_a_changed_append_only_record_is_refused_and_nothing_is_written(
    exported: dict[str, Any], target: RecordStore
) -> None:
    import_into(target, exported)
    edited = copy.deepcopy(exported)
    edited["units"][0]["name"] = "某县(更名)"
    edited["lifecycle_events"][0]["reason"] = "改过的说明"
    with pytest.raises(ConflictError, match="never changes"):
        import_into(target, edited, replace=True)
    assert target.units.get(edited["units"][0]["unit_id"]).version == 1


def test_without_replace_a_stored_record_is_refused(
    exported: dict[str, Any], target: RecordStore
) -> None:
    import_into(target, {"format": "qingdan-export", "version": 1, "units": exported["units"][:1]})
    with pytest.raises(ConflictError, match=r"already stored \(pass replace=True\)"):
        import_into(target, exported)
    assert len(target.units.all()) == 1
    assert target.people.all() == ()


def test_every_bad_field_is_named_and_nothing_is_written(
    exported: dict[str, Any], target: RecordStore
) -> None:
    edited = copy.deepcopy(exported)
    edited["units"][1]["name"] = 5
    edited["people"][0]["unit_id"] = None
    with pytest.raises(ValidationError) as caught:
        import_into(target, edited)
    assert [p.path for p in caught.value.problems] == ["units[1].name", "people[0].unit_id"]
    assert target.units.all() == ()


def test_a_broken_archive_chain_is_refused(exported: dict[str, Any], target: RecordStore) -> None:
    edited = copy.deepcopy(exported)
    edited["archive_entries"][0]["record_id"] = "换过的"
    with pytest.raises(ArchiveTamperedError):
        import_into(target, edited)
    assert target.units.all() == ()
