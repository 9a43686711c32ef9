"""``qingdan namespaces`` lists a city database's counties; ``qingdan upgrade`` covers each one."""

from __future__ import annotations

from pathlib import Path

from cli._cli import run
from qingdan_core.organisation import Unit
from qingdan_core.storage import open_store
from qingdan_core.storage.sql import SCHEMA_VERSION


def _city(path: Path) -> None:
    for county, units in (("330521", 2), ("330522", 1)):
        with open_store(f"sqlite:///{path}", namespace=county) as store:
            store.create_schema()
            for n in range(units):
                store.units.add(Unit(f"u-{n}", f"{county} 单位 {n}"))


def test_namespaces_lists_each_county_with_its_schema_and_units(tmp_path: Path) -> None:
    db = tmp_path / "city.db"
    _city(db)
    assert run(["namespaces", "--db", str(db)]) == (
        0,
        f"330521\tschema {SCHEMA_VERSION}\t2 units\n330522\tschema {SCHEMA_VERSION}\t1 units\n2 namespaces in {db}\n",
        "",
    )


def test_upgrade_goes_through_every_namespace_of_a_city_database(tmp_path: Path) -> None:
    db = tmp_path / "city.db"
    _city(db)
    status, out, err = run(["upgrade", "--db", str(db)])
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        f"{db} namespace 330521 already has schema {SCHEMA_VERSION}; nothing to do",
        f"{db} namespace 330522 already has schema {SCHEMA_VERSION}; nothing to do",
    ]


def test_namespaces_refuses_a_missing_database_without_creating_it(tmp_path: Path) -> None:
    db = tmp_path / "none.db"
    assert run(["namespaces", "--db", str(db)]) == (2, "", f"qingdan: no database at {db}\n")
    assert not db.exists()
