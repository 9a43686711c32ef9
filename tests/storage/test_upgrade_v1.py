"""Upgrading a schema-1 database (written by the schema-1 library) to today's schema (its archive sealed too).

The fixture ``v1/qingdan-v1.db`` was written by the library of commit 904e4e4
with ``v1/make_v1_db.py`` (see its docstring and ``v1/README.md``): two demo
months plus a notice of every kind and status, a supervision state at every
level and colour, and level changes. Version 1 stored seven enums by their
Chinese text and said ``task_id``; version 2 stores codes and says ``item_id``.

The oracle is the version-1 payloads read with plain ``sqlite3``/``json``: each
upgraded enum member's Chinese ``label`` must be the text version 1 stored, each
``item_id`` the version-1 ``task_id``, each record's version unchanged. The same
checks run on PostgreSQL, on a copy of the fixture's tables.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from qingdan_core.archive import RecordKind
from qingdan_core.archive_seal import ArchiveKey, SealScheme
from qingdan_core.attention import AttentionLevel
from qingdan_core.colours import Colour
from qingdan_core.errors import ArchiveTamperedError, SchemaMismatchError, ValidationError
from qingdan_core.notices import Notice, NoticeKind, NoticeStatus
from qingdan_core.review import MonthlyListKind
from qingdan_core.scoring.card import PartKind
from qingdan_core.storage import Query, RecordStore, open_store
from qingdan_core.storage.kinds import ARCHIVE_HEADS, HOLIDAY_NOTICES, KINDS, archive_key
from qingdan_core.storage.sql import SCHEMA_VERSION, SqlBackend, create_engine

FIXTURE = Path(__file__).parent / "v1" / "qingdan-v1.db"


def _v1_payloads() -> dict[str, list[tuple[str, int, Any]]]:
    """Every v1 table's (key, version, payload) in insertion order, read with sqlite3 only."""
    conn = sqlite3.connect(f"{FIXTURE.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        return {
            kind.name: [
                (key, version, json.loads(payload))
                for key, version, payload in conn.execute(
                    f"SELECT key, version, payload FROM qingdan_{kind.name} ORDER BY seq"
                )
            ]
            for kind in KINDS
            if kind is not HOLIDAY_NOTICES  # schema 4's table
        }
    finally:
        conn.close()


V1 = _v1_payloads()


def _dump(engine: sa.Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, sorted: what "unchanged" is compared by."""
    metadata = sa.MetaData()
    metadata.reflect(engine)
    with engine.connect() as conn:
        return {
            name: sorted(tuple(map(str, row)) for row in conn.execute(sa.select(table)))
            for name, table in metadata.tables.items()
        }


def _sql(store: RecordStore) -> SqlBackend:
    backend = store.backend
    assert isinstance(backend, SqlBackend)
    return backend


def _copy_to_postgres(url: str) -> None:
    """Recreate the fixture's v1 tables (reflected) and rows in the database at ``url``."""
    source = sa.create_engine(f"sqlite:///{FIXTURE}")
    metadata = sa.MetaData()
    metadata.reflect(source)
    target = sa.create_engine(url)
    try:
        with source.connect() as read, target.begin() as write:
            metadata.create_all(write)
            for table in metadata.sorted_tables:
                rows = [dict(row._mapping) for row in read.execute(sa.select(table))]
                if rows:
                    write.execute(table.insert(), rows)
    finally:
        source.dispose()
        target.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def v1_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a fresh copy of the v1 fixture on SQLite or PostgreSQL."""
    if request.param == "sqlite":
        copy = tmp_path / "v1.db"
        shutil.copyfile(FIXTURE, copy)
        yield f"sqlite:///{copy}"
    else:
        url: str = request.getfixturevalue("pg_schema_url")
        _copy_to_postgres(url)
        yield url


def test_the_fixture_is_small_and_of_schema_1() -> None:
    assert FIXTURE.stat().st_size < 1_000_000
    conn = sqlite3.connect(f"{FIXTURE.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    assert conn.execute("SELECT version FROM qingdan_schema").fetchall() == [(1,)]
    conn.close()
    assert all(V1[kind.name] for kind in KINDS if kind is not HOLIDAY_NOTICES), "every v1 kind"
    stored = {p["kind"] for _, _, p in V1["notices"]}, {p["status"] for _, _, p in V1["notices"]}
    assert stored == ({k.label for k in NoticeKind}, {s.label for s in NoticeStatus})


def test_opening_v1_without_upgrade_asks_for_it(v1_url: str) -> None:
    with open_store(v1_url) as store:
        with pytest.raises(
            SchemaMismatchError,
            match=rf"version 1 is older than {SCHEMA_VERSION}: call upgrade\(\)",
        ):
            store.notices.all()
        with pytest.raises(SchemaMismatchError, match=r"call upgrade\(\)"):
            store.create_schema()


def _check_notices(store: RecordStore) -> None:
    old = {key: (version, p) for key, version, p in V1["notices"]}
    found = store.notices.all()
    assert len(found) == len(old)
    for stored in found:
        version, payload = old[stored.key]
        notice = stored.value
        assert stored.version == version
        assert (notice.kind.label, notice.status.label) == (payload["kind"], payload["status"])
        assert notice.item_id == payload["task_id"]
    assert {n.value.status for n in store.notices.open()} == {
        NoticeStatus.ISSUED,
        NoticeStatus.ANSWERED,
    }
    some = found[0].value
    assert some in [s.value for s in store.notices.for_task(some.item_id)]


def _check_supervision(store: RecordStore) -> None:
    old = {p["task_id"]: (version, p) for _, version, p in V1["task_supervision"]}
    found = store.supervision.all()
    assert {s.key for s in found} == set(old)
    for stored in found:
        version, payload = old[stored.key]
        state = stored.value
        assert stored.version == version
        assert state.item_id == stored.key
        assert (state.level.label, state.last_colour.label) == (
            payload["level"],
            payload["last_colour"],
        )
    assert {s.value.level for s in found} == set(AttentionLevel)
    assert {s.value.last_colour for s in found} == set(Colour)
    for level in AttentionLevel:
        assert all(s.value.level is level for s in store.supervision.at_level(level))
    changes = store.level_changes.all()
    assert [(c.item_id, c.before.label, c.after.label) for c in changes] == [
        (p["task_id"], p["before"], p["after"]) for _, _, p in V1["level_changes"]
    ]


def _check_reviews_and_cards(store: RecordStore) -> None:
    reviews = store.month_end_reviews.all()
    old_reviews = [p for _, _, p in V1["month_end_reviews"]]
    assert len(reviews) == len(old_reviews)
    for review, old in zip(reviews, old_reviews, strict=True):
        assert [f.item_id for f in review.findings] == [f["task_id"] for f in old["findings"]]
        assert [m.kind.label for m in review.monthly_lists] == [
            m["kind"] for m in old["monthly_lists"]
        ]
        by_level = [(AttentionLevel(c.name).label, c.count) for c in review.report.by_level]
        assert by_level == [(c["name"], c["count"]) for c in old["report"]["by_level"]]
        by_colour = [(Colour(c.name).label, c.count) for c in review.report.by_colour]
        assert by_colour == [(c["name"], c["count"]) for c in old["report"]["by_colour"]]
    assert {m.kind for r in reviews for m in r.monthly_lists} == set(MonthlyListKind)
    cards = store.score_cards.all()
    old_cards = {key: p for key, _, p in V1["score_cards"]}
    for card in cards:
        assert [p.kind.label for p in card.value.parts] == [
            p["kind"] for p in old_cards[card.key]["parts"]
        ]
    assert {p.kind for c in cards for p in c.value.parts} == set(PartKind)


def _check_lists_and_archive(store: RecordStore) -> None:
    lists = store.checklists.all()
    assert [(s.key, s.version) for s in lists] == [(k, v) for k, v, _ in V1["checklists"]]
    item_ids = [i.item_id for s in lists for i in s.value.items]
    assert {t.item.item_id for t in store.checklists.tasks_by_id(item_ids[:3])} == set(item_ids[:3])
    entries = store.archive.volume("u-fgw")
    old_documents = {key: p["document"] for key, _, p in V1["archive_entries"]}
    notices = [e for e in entries if e.kind is RecordKind.NOTICE]
    assert notices, "the fixture files notices in u-fgw"
    for entry in entries:
        key = archive_key(entry.volume, str(entry.file), entry.position)
        assert entry.document == old_documents[key]
    for entry in notices:
        old = json.loads(entry.document)
        notice = entry.record(Notice)
        assert (notice.kind.label, notice.item_id) == (old["kind"], old["task_id"])
    for entry in entries:
        store.archive.verify(entry.volume, entry.file)


def test_upgrade_turns_v1_into_today_with_every_record_read_back(v1_url: str) -> None:
    with open_store(v1_url) as store:
        store.upgrade()
        assert _sql(store).schema_version == SCHEMA_VERSION == 4
        with store.backend.unit_of_work() as session:
            for kind in KINDS:
                records = session.select(kind, Query())
                assert len(records) == len(V1.get(kind.name, [])), kind.name
                for record in records:
                    kind.decode(record)
        _check_notices(store)
        _check_supervision(store)
        _check_reviews_and_cards(store)
        _check_lists_and_archive(store)
        engine = _sql(store).engine
        tables = set(sa.inspect(engine).get_table_names())
        assert "qingdan_checklists__item_ids" in tables
        assert "qingdan_checklists__task_ids" not in tables
        columns = {c["name"] for c in sa.inspect(engine).get_columns("qingdan_notices")}
        assert "item_id" in columns
        assert "task_id" not in columns


def test_upgrade_is_idempotent_and_a_v2_store_keeps_working(v1_url: str) -> None:
    with open_store(v1_url) as store:
        store.upgrade()
        once = _dump(_sql(store).engine)
        store.upgrade()
        assert _dump(_sql(store).engine) == once
        stored = store.notices.all()[0]
        store.notices.save(stored.value, stored.version)
        assert store.notices.get(stored.key).version == stored.version + 1


def test_a_failing_upgrade_leaves_v1_intact(v1_url: str) -> None:
    """A payload that no rewrite can read, in the last kind: the upgrade fails and changes nothing."""
    engine = create_engine(v1_url)
    try:
        with engine.begin() as conn:
            conn.execute(
                sa.text(
                    "UPDATE qingdan_month_end_reviews SET payload = :bad "
                    "WHERE seq = (SELECT MAX(seq) FROM qingdan_month_end_reviews)"
                ),
                {"bad": '{"report": 1}'},
            )
        before = _dump(engine)
    finally:
        engine.dispose()
    with open_store(v1_url) as store:
        with pytest.raises(ValidationError, match=r"month_end_reviews\["):
            store.upgrade()
        assert _dump(_sql(store).engine) == before
    with open_store(v1_url) as store, pytest.raises(SchemaMismatchError, match="version 1"):
        store.notices.all()


def _v1_files() -> dict[tuple[str, str], tuple[int, str]]:
    """Each v1 archive file's length and last digest, read from the v1 payloads alone."""
    files: dict[tuple[str, str], tuple[int, str]] = {}
    for _key, _version, payload in V1["archive_entries"]:
        name = (payload["volume"], f"{payload['file']['kind']}:{payload['file']['id']}")
        length, _ = files.get(name, (0, ""))
        assert payload["position"] == length + 1
        files[name] = (payload["position"], payload["digest"])
    return files


@pytest.mark.parametrize("key", [None, ArchiveKey(b"county key for the v1 upgrade test")])
def test_upgrade_seals_the_v1_archive_with_a_head_per_file_and_the_root(
    v1_url: str, key: ArchiveKey | None
) -> None:
    """Schema 3 keeps a sealed head per archive file and one root (R5): the upgrade computes
    them from the stored entries, sealed with the store's key, or unkeyed without one."""
    files = _v1_files()
    assert len(files) > 1
    with open_store(v1_url, archive_key=key) as store:
        store.upgrade()
        summary = store.archive.verify_all()
        root = store.archive.root()
        with store.backend.unit_of_work() as session:
            heads = [ARCHIVE_HEADS.decode(r) for r in session.select(ARCHIVE_HEADS, Query())]
    assert {(h.volume, str(h.file)): (h.length, h.digest) for h in heads} == files
    assert root is not None
    assert (root.files, root.entries) == (len(files), len(V1["archive_entries"]))
    assert (summary.root, summary.scheme) == (
        root.seal,
        SealScheme.UNKEYED if key is None else key.scheme,
    )
    assert {h.scheme for h in heads} == {summary.scheme}


def test_a_v1_archive_with_a_broken_chain_is_not_sealed_and_nothing_changes(v1_url: str) -> None:
    """Sealing a broken chain would bless it: the upgrade refuses, naming the entry."""
    engine = create_engine(v1_url)
    try:
        with engine.begin() as conn:
            key, payload = conn.execute(
                sa.text("SELECT key, payload FROM qingdan_archive_entries ORDER BY seq LIMIT 1")
            ).one()
            conn.execute(
                sa.text("UPDATE qingdan_archive_entries SET payload = :p WHERE key = :k"),
                {"p": payload.replace('"signed_by":"', '"signed_by":"x'), "k": key},
            )
        before = _dump(engine)
    finally:
        engine.dispose()
    with open_store(v1_url) as store:
        with pytest.raises(ArchiveTamperedError, match="altered"):
            store.upgrade()
        assert _dump(_sql(store).engine) == before
