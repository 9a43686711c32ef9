"""Many counties in one database: each namespace sees only its own records (SQLite, PostgreSQL,
MariaDB), and namespace names are checked against an independent statement of the rule."""

from __future__ import annotations

import string
import unicodedata
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st

from qingdan_core.demo import generate_county
from qingdan_core.demo.year import run_year
from qingdan_core.errors import SchemaMismatchError, ValidationError
from qingdan_core.storage import RecordStore, list_namespaces, open_store
from qingdan_core.storage.namespaces import MAX_NAMESPACE_LENGTH, check_namespace, is_namespace
from qingdan_core.storage.sql import build_tables
from qingdan_core.transfer import export_store, import_into


def _allowed(char: str) -> bool:
    chinese = unicodedata.name(char, "").startswith("CJK UNIFIED IDEOGRAPH-")
    return char in string.ascii_lowercase + string.digits or (chinese and ord(char) < 0xA000)


def _oracle(name: str) -> bool:
    """The namespace rule stated again, without a regular expression."""
    words = name.split("_")
    return 0 < len(name) <= 12 and all(word and all(map(_allowed, word)) for word in words)


@given(st.text(alphabet="ab_9Z-é 德清县〇㐀\U00020000", max_size=14))
def test_namespace_names_follow_the_rule(name: str) -> None:
    assert is_namespace(name) == _oracle(name)
    if _oracle(name):
        assert check_namespace(name) == name
    else:
        with pytest.raises(ValidationError, match="not a namespace name"):
            check_namespace(name)


@pytest.mark.parametrize(
    "name", ["", "_a", "a_", "a__b", "A1", "德清县(试点)", "德" * 13, "a" * 13, "a-b", "a b", "〇"]
)
def test_bad_namespace_names_are_refused_before_anything_is_opened(name: str) -> None:
    with pytest.raises(ValidationError, match="namespace"):
        open_store("memory://", namespace=name)


def test_a_table_prefix_too_long_for_the_databases_is_refused() -> None:
    with pytest.raises(ValidationError, match="exceed 63 characters"):
        build_tables(sa.MetaData(), prefix="qingdan_" + "x" * 20 + "__")


@pytest.fixture(scope="module")
def exported() -> dict[str, Any]:
    county = open_store("memory://")
    run_year(generate_county(seed=9, year=2025, units=3, people=9, tasks=3), county, months=1)
    return export_store(county)


def _name(county: str = "n") -> str:
    """A fresh namespace of the longest length, so every table name is as long as it gets."""
    return f"{county}_{uuid.uuid4().hex[: MAX_NAMESPACE_LENGTH - len(county) - 1]}"


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param("postgres", marks=pytest.mark.postgres),
        pytest.param("mysql", marks=pytest.mark.mysql),
    ]
)
def city(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, tuple[str, str]]]:
    """A database for a city and two namespace names; on PostgreSQL their schemas are dropped."""
    names = (_name(), _name("德清县"))  # a code-like and a Chinese name
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'city.db'}", names
        return
    url = request.getfixturevalue(
        "pg_schema_url" if request.param == "postgres" else "mysql_database_url"
    )
    yield url, names
    if request.param == "postgres":
        admin = sa.create_engine(url, poolclass=sa.NullPool)
        with admin.begin() as conn:
            for name in names:
                conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
        admin.dispose()


def _records(data: dict[str, Any]) -> int:
    return sum(len(rows) for rows in data.values() if isinstance(rows, list))


def _content(data: dict[str, Any]) -> dict[str, Any]:
    return {kind: rows for kind, rows in data.items() if kind != "schema_version"}


def test_each_namespace_sees_only_its_own_records(
    city: tuple[str, tuple[str, str]], exported: dict[str, Any]
) -> None:
    url, (first, second) = city
    stores: dict[str | None, RecordStore] = {}
    for name in (first, second, None):
        stores[name] = open_store(url, namespace=name)
        stores[name].create_schema()
    try:
        import_into(stores[first], exported)
        assert _records(export_store(stores[second])) == 0  # nothing of the first leaks
        assert _records(export_store(stores[None])) == 0  # nor into the default store
        import_into(stores[second], exported)  # the same keys again, in another county
        unit = stores[second].units.get(exported["units"][0]["unit_id"])
        stores[second].units.save(attrs.evolve(unit.value, name="某县(更名)"), unit.version)
        assert _content(export_store(stores[first])) == _content(exported)
        assert export_store(stores[second])["units"][0]["name"] == "某县(更名)"
        assert list_namespaces(url) == tuple(sorted((first, second)))
    finally:
        for store in stores.values():
            store.close()


def test_a_namespace_has_its_own_schema(city: tuple[str, tuple[str, str]]) -> None:
    url, (first, second) = city
    with open_store(url, namespace=first) as created:
        created.create_schema()
    engine = sa.create_engine(url, poolclass=sa.NullPool)
    inspector = sa.inspect(engine)
    if engine.dialect.name == "postgresql":
        assert "qingdan_units" in inspector.get_table_names(schema=first)
        assert second not in inspector.get_schema_names()
    else:
        tables = inspector.get_table_names()
        assert f"qingdan_{first}__units" in tables
        assert not [t for t in tables if t.startswith(f"qingdan_{second}__")]
    engine.dispose()
    missing = open_store(url, namespace=second)
    with pytest.raises(SchemaMismatchError, match=f"namespace {second}.*create_schema"):
        missing.units.all()
    missing.close()
