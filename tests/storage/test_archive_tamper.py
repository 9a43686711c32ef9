"""Tampering with a stored archive, as an attacker with the database but not the key would (R5, R22).

Each case edits the database directly (SQL on the tables, as a database user
could), then ``store.archive.verify_all()`` and ``qingdan verify-archive`` must
report the archive tampered (exit 1), never intact, on SQLite and PostgreSQL.
The cases are those of issue 14: truncation (the last entry of one file, of
every file), removal of entries, files, volumes, every entry; moves between
files; a unit row deleted and its volume's entries edited; re-chaining with
the library's own :func:`~qingdan_core.archive.chain`, with the heads
re-sealed unkeyed or with another key; a head rolled back. The oracle is the
set of rows the test itself wrote: nothing here calls the verifier's helpers.

The one change no stored state can reveal — the archive rolled back whole to
an earlier state, heads and root included — is caught by a root digest
printed before (on the 专报): ``verify_all(printed=…)``, ``--root``.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
import sqlalchemy as sa

from cli._cli import run
from qingdan_core.archive import ArchiveEntry, Filing, RecordKind, chain
from qingdan_core.archive_seal import (
    ArchiveKey,
    ArchiveRoot,
    FileHead,
    SealScheme,
    available_algorithms,
)
from qingdan_core.codec import structure, unstructure
from qingdan_core.errors import ArchiveTamperedError, ValidationError
from qingdan_core.ledger import Subject
from qingdan_core.organisation import Unit
from qingdan_core.storage import open_store
from qingdan_core.storage.kinds import archive_key, head_key

KEY = ArchiveKey(bytes.fromhex("5a" * 16 + "c3" * 16))
OTHER_KEY = ArchiveKey(b"not the county's key, but 32+ bytes")
AT = dt.datetime(2026, 11, 30, 18, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
P7, P8, P9 = Subject.person("p-7"), Subject.person("p-8"), Subject.person("p-9")
UNIT = Subject.unit("u-tax")
# The order of the appends: p-7's third entry is not the last one filed.
PLAN = [
    ("u-tax", P7),
    ("u-tax", P8),
    ("u-tax", UNIT),
    ("u-tax", P7),
    ("u-land", P9),
    ("u-tax", P7),
    ("u-tax", P8),
    ("u-land", P9),
]
ENTRIES = "qingdan_archive_entries"
HEADS = "qingdan_archive_heads"
ROOT = "qingdan_archive_root"


@attrs.frozen
class Filed:
    """What the test filed: the URL, the final root digest and rows saved along the way."""

    url: str
    root: str
    p7_head_at_2: str
    root_before_last: str


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'archive.db'}"
    else:
        found: str = request.getfixturevalue("pg_schema_url")
        yield found


def _filing(volume: str, file: Subject, n: int) -> Filing:
    return Filing.of(
        volume,
        file,
        RecordKind.ASSESSMENT_LIST,
        f"考核-{file.id}-{n}",
        {"score": f"{80 + n}.50", "month": n},
        signed_by="p-head",
        filed_at=AT,
    )


def _payload(conn: sa.Connection, table: str, key: str) -> str:
    found: str = conn.execute(
        sa.text(f"SELECT payload FROM {table} WHERE key = :k"), {"k": key}
    ).scalar_one()
    return found


@pytest.fixture
def filed(url: str) -> Filed:
    """An archive of four files in two volumes, sealed with KEY; only u-tax is a stored unit."""
    return _fill(url)


def _fill(url: str) -> Filed:
    store = open_store(url, archive_key=KEY)
    store.create_schema()
    store.units.add(Unit("u-tax", "县税务局"))
    engine = sa.create_engine(url)
    p7_head = root_before_last = ""
    for n, (volume, file) in enumerate(PLAN, start=1):
        if n == len(PLAN):
            with engine.connect() as conn:
                root_before_last = _payload(conn, ROOT, "root")
        store.archive.append(_filing(volume, file, n))
        if file == P7 and not p7_head and len(store.archive.file(volume, file)) == 2:
            with engine.connect() as conn:
                p7_head = _payload(conn, HEADS, head_key("u-tax", "person:p-7"))
    root = store.archive.root()
    assert root is not None
    assert store.archive.verify_all().root == root.seal
    store.close()
    engine.dispose()
    return Filed(url, root.seal, p7_head, root_before_last)


# --------------------------------------------------------------------------- raw edits


def _entries(conn: sa.Connection, volume: str, file: Subject) -> list[ArchiveEntry]:
    rows = conn.execute(
        sa.text(f"SELECT payload FROM {ENTRIES} WHERE volume = :v AND file = :f ORDER BY position"),
        {"v": volume, "f": str(file)},
    )
    return [structure(json.loads(payload), ArchiveEntry) for (payload,) in rows]


def _text(value: Any) -> str:
    return json.dumps(unstructure(value), ensure_ascii=False, separators=(",", ":"))


def _rewrite(conn: sa.Connection, entries: list[ArchiveEntry]) -> None:
    for entry in entries:
        key = archive_key(entry.volume, str(entry.file), entry.position)
        conn.execute(
            sa.text(f"UPDATE {ENTRIES} SET payload = :p WHERE key = :k"),
            {"p": _text(entry), "k": key},
        )


def _insert(conn: sa.Connection, entry: ArchiveEntry) -> None:
    conn.execute(
        sa.text(
            f"INSERT INTO {ENTRIES} (key, version, volume, file, position, payload) "
            "VALUES (:k, 1, :v, :f, :n, :p)"
        ),
        {
            "k": archive_key(entry.volume, str(entry.file), entry.position),
            "v": entry.volume,
            "f": str(entry.file),
            "n": entry.position,
            "p": _text(entry),
        },
    )


def _rechained(entries: list[ArchiveEntry], edit: int) -> list[ArchiveEntry]:
    """The file re-chained with the library's chain(), entry ``edit``'s document changed."""
    out: list[ArchiveEntry] = []
    for entry in entries:
        document = (
            entry.document.replace('"score":"', '"score":"9')
            if entry.position == edit
            else entry.document
        )
        filing = Filing(
            entry.volume,
            entry.file,
            entry.kind,
            entry.record_id,
            document,
            entry.signed_by,
            entry.filed_at,
        )
        out.append(chain(filing, out[-1] if out else None))
    return out


def _reseal(conn: sa.Connection, key: ArchiveKey | None) -> None:
    """Every head and the root recomputed from the entries as stored, sealed with ``key``."""
    files = conn.execute(sa.text(f"SELECT DISTINCT volume, file FROM {ENTRIES}")).all()
    heads = []
    for volume, file in files:
        kind, _, ident = file.partition(":")
        last = _entries(
            conn, volume, Subject.unit(ident) if kind == "unit" else Subject.person(ident)
        )[-1]
        head = FileHead.of(last, key)
        heads.append(head)
        conn.execute(
            sa.text(f"UPDATE {HEADS} SET payload = :p WHERE key = :k"),
            {"p": _text(head), "k": head_key(volume, file)},
        )
    conn.execute(
        sa.text(f"UPDATE {ROOT} SET payload = :p WHERE key = 'root'"),
        {"p": _text(ArchiveRoot.of(heads, key))},
    )


def _delete(conn: sa.Connection, table: str, where: str = "1 = 1", **params: Any) -> None:
    conn.execute(sa.text(f"DELETE FROM {table} WHERE {where}"), params)


def _sql(statement: str, **params: Any) -> Callable[[sa.Connection], None]:
    def edit(conn: sa.Connection) -> None:
        conn.execute(sa.text(statement), params)

    return edit


def _steps(*edits: Callable[[sa.Connection], None]) -> Callable[[sa.Connection], None]:
    def edit(conn: sa.Connection) -> None:
        for step in edits:
            step(conn)

    return edit


def _rechain(volume: str, file: Subject, position: int) -> Callable[[sa.Connection], None]:
    def edit(conn: sa.Connection) -> None:
        _rewrite(conn, _rechained(_entries(conn, volume, file), position))

    return edit


def _resealed(key: ArchiveKey | None) -> Callable[[sa.Connection], None]:
    def edit(conn: sa.Connection) -> None:
        _reseal(conn, key)

    return edit


def _last_of_each(conn: sa.Connection) -> None:
    for volume, file, last in conn.execute(
        sa.text(f"SELECT volume, file, MAX(position) FROM {ENTRIES} GROUP BY volume, file")
    ).all():
        _delete(
            conn, ENTRIES, "volume = :v AND file = :f AND position = :n", v=volume, f=file, n=last
        )


def _move_rechained(conn: sa.Connection) -> None:
    """p-7's third entry taken out and filed, re-chained, as p-8's third."""
    moved = _entries(conn, "u-tax", P7)[2]
    _delete(conn, ENTRIES, "key = :k", k=archive_key("u-tax", "person:p-7", 3))
    last = _entries(conn, "u-tax", P8)[-1]
    filing = Filing(
        "u-tax", P8, moved.kind, moved.record_id, moved.document, moved.signed_by, moved.filed_at
    )
    _insert(conn, chain(filing, last))


def _append_outside(conn: sa.Connection) -> None:
    last = _entries(conn, "u-tax", P7)[-1]
    _insert(conn, chain(_filing("u-tax", P7, 99), last))


def _forged_file(conn: sa.Connection) -> None:
    """A whole new file made with chain() and a head sealed without the key."""
    entry = chain(_filing("u-tax", Subject.person("p-x"), 1), None)
    _insert(conn, entry)
    conn.execute(
        sa.text(f"INSERT INTO {HEADS} (key, version, volume, payload) VALUES (:k, 1, 'u-tax', :p)"),
        {"k": head_key("u-tax", "person:p-x"), "p": _text(FileHead.of(entry, None))},
    )


def _swap(conn: sa.Connection) -> None:
    first, second = _entries(conn, "u-tax", P7)[:2]
    _rewrite(conn, [attrs.evolve(first, position=2), attrs.evolve(second, position=1)])


def _rollback_head(filed: Filed) -> Callable[[sa.Connection], None]:
    def edit(conn: sa.Connection) -> None:
        _delete(conn, ENTRIES, "key = :k", k=archive_key("u-tax", "person:p-7", 3))
        conn.execute(
            sa.text(f"UPDATE {HEADS} SET payload = :p WHERE key = :k"),
            {"p": filed.p7_head_at_2, "k": head_key("u-tax", "person:p-7")},
        )

    return edit


def _rollback_last_append(filed: Filed) -> Callable[[sa.Connection], None]:
    """The last append undone whole: its entry deleted, its file's head and the root restored
    (p-9 had one entry before it, so its head at that time is recomputable by anyone)."""

    def edit(conn: sa.Connection) -> None:
        _delete(conn, ENTRIES, "key = :k", k=archive_key("u-land", "person:p-9", 2))
        conn.execute(
            sa.text(f"UPDATE {ROOT} SET payload = :p WHERE key = 'root'"),
            {"p": filed.root_before_last},
        )
        first = _entries(conn, "u-land", P9)[0]
        conn.execute(
            sa.text(f"UPDATE {HEADS} SET payload = :p WHERE key = :k"),
            {"p": _text(FileHead.of(first, KEY)), "k": head_key("u-land", "person:p-9")},
        )

    return edit


# Each case: what the attacker does to the database. The keyed heads stay as they were
# unless the case says otherwise (the attacker has no key).
P7_LAST = "volume = 'u-tax' AND file = 'person:p-7' AND position = 3"
CASES: dict[str, Callable[[sa.Connection], None]] = {
    "last entry of a file deleted": _sql(f"DELETE FROM {ENTRIES} WHERE {P7_LAST}"),
    "last entry of every file deleted": _last_of_each,
    "a middle entry deleted": _sql(
        f"DELETE FROM {ENTRIES} WHERE file = 'person:p-7' AND position = 2"
    ),
    "a whole file deleted": _sql(f"DELETE FROM {ENTRIES} WHERE file = 'person:p-8'"),
    "a whole file and its head deleted": _steps(
        _sql(f"DELETE FROM {ENTRIES} WHERE file = 'person:p-8'"),
        _sql(f"DELETE FROM {HEADS} WHERE key = :k", k=head_key("u-tax", "person:p-8")),
    ),
    "a volume (not in the units table) deleted with its heads": _steps(
        _sql(f"DELETE FROM {ENTRIES} WHERE volume = 'u-land'"),
        _sql(f"DELETE FROM {HEADS} WHERE volume = 'u-land'"),
    ),
    "every entry deleted": _sql(f"DELETE FROM {ENTRIES}"),
    "every entry and head deleted": _steps(
        _sql(f"DELETE FROM {ENTRIES}"), _sql(f"DELETE FROM {HEADS}")
    ),
    "the root deleted": _sql(f"DELETE FROM {ROOT}"),
    "an entry moved to another file (its column)": _sql(
        f"UPDATE {ENTRIES} SET file = 'person:p-8' WHERE {P7_LAST}"
    ),
    "an entry moved to another volume (its column)": _sql(
        f"UPDATE {ENTRIES} SET volume = 'u-land' WHERE {P7_LAST}"
    ),
    "an entry moved and re-chained into another file": _move_rechained,
    "two entries of a file swapped": _swap,
    "a unit row deleted and its volume's entries edited and re-chained": _steps(
        _sql("DELETE FROM qingdan_units WHERE key = 'u-tax'"), _rechain("u-tax", P7, 2)
    ),
    "a volume outside the units table edited and re-chained": _rechain("u-land", P9, 1),
    "a file re-chained with chain(), heads re-sealed unkeyed": _steps(
        _rechain("u-tax", P8, 1), _resealed(None)
    ),
    "a file re-chained with chain(), heads re-sealed with another key": _steps(
        _rechain("u-tax", P8, 1), _resealed(OTHER_KEY)
    ),
    "an entry appended outside the store": _append_outside,
    "a forged file with an unkeyed head": _forged_file,
}


def _verify_cli(filed: Filed, tmp_path: Path, *roots: str) -> tuple[int, str, str]:
    key_file = tmp_path / "county.key"
    key_file.write_text(KEY.secret.hex() + "\n", encoding="ascii")
    db = filed.url.removeprefix("sqlite:///") if filed.url.startswith("sqlite:///") else filed.url
    argv = ["verify-archive", "--db", db, "--archive-key-file", str(key_file)]
    for root in roots:
        argv += ["--root", root]
    return run(argv)


def _edit(filed: Filed, edit: Callable[[sa.Connection], None]) -> None:
    engine = sa.create_engine(filed.url)
    with engine.begin() as conn:
        edit(conn)
    engine.dispose()


def _tampered(filed: Filed, tmp_path: Path, *roots: str) -> ArchiveTamperedError:
    """verify_all() and the command both report the archive tampered; returns the error."""
    with (
        open_store(filed.url, archive_key=KEY) as store,
        pytest.raises(ArchiveTamperedError) as caught,
    ):
        store.archive.verify_all(printed=roots)
    status, out, err = _verify_cli(filed, tmp_path, *roots)
    assert (status, out) == (1, ""), err
    assert err.startswith("qingdan: archive tampered: ")
    return caught.value


def test_the_untouched_archive_verifies(filed: Filed, tmp_path: Path) -> None:
    status, out, err = _verify_cli(filed, tmp_path, filed.root)
    assert (status, err) == (0, "")
    assert out.startswith("archive intact: 4 files, 8 entries")
    assert filed.root in out


@pytest.mark.parametrize("case", list(CASES))
def test_r5_each_tamper_case_is_detected(filed: Filed, tmp_path: Path, case: str) -> None:
    _edit(filed, CASES[case])
    error = _tampered(filed, tmp_path)
    assert error.file  # names a file, the root or the database


def test_r5_a_head_rolled_back_over_a_truncated_file_is_detected(
    filed: Filed, tmp_path: Path
) -> None:
    _edit(filed, _rollback_head(filed))
    error = _tampered(filed, tmp_path)
    assert error.file == "(root)"


def test_r5_a_whole_rollback_of_the_last_append_needs_the_printed_root(
    filed: Filed, tmp_path: Path
) -> None:
    """The state before the last append, heads and root included, is a state the archive
    really had: only the root printed after that append shows the rollback."""
    _edit(filed, _rollback_last_append(filed))
    with open_store(filed.url, archive_key=KEY) as store:
        assert store.archive.verify_all().entries == len(PLAN) - 1
    error = _tampered(filed, tmp_path, filed.root)
    assert filed.root[:16] in error.reason


def test_r5_everything_deleted_needs_the_printed_root(filed: Filed, tmp_path: Path) -> None:
    _edit(
        filed,
        _steps(
            _sql(f"DELETE FROM {ENTRIES}"),
            _sql(f"DELETE FROM {HEADS}"),
            _sql(f"DELETE FROM {ROOT}"),
        ),
    )
    _tampered(filed, tmp_path, filed.root)


def test_r5_a_printed_root_of_an_earlier_state_still_verifies(filed: Filed, tmp_path: Path) -> None:
    """Appends after a printed root do not disturb it: what was there then is still there."""
    with open_store(filed.url, archive_key=KEY) as store:
        store.archive.append(_filing("u-tax", P8, 100))
        assert store.archive.verify_all(printed=[filed.root]).entries == len(PLAN) + 1
    assert _verify_cli(filed, tmp_path, filed.root)[0] == 0


def test_r5_verify_without_the_key_is_refused_not_passed(filed: Filed) -> None:
    with open_store(filed.url) as store:
        with pytest.raises(
            ValidationError, match="archive_key: the archive is sealed with hmac-sha256"
        ):
            store.archive.verify_all()
        with pytest.raises(ValidationError, match="archive_key"):
            store.archive.append(_filing("u-tax", P7, 50))
    assert run(["verify-archive", "--db", filed.url])[0] == 2


def test_r5_a_wrong_key_is_reported_as_tampered(filed: Filed) -> None:
    with (
        open_store(filed.url, archive_key=OTHER_KEY) as store,
        pytest.raises(ArchiveTamperedError, match="does not verify"),
    ):
        store.archive.verify_all()


def test_r5_append_refuses_to_extend_a_truncated_file(filed: Filed) -> None:
    _edit(filed, CASES["last entry of a file deleted"])
    with open_store(filed.url, archive_key=KEY) as store:
        with pytest.raises(ArchiveTamperedError, match="does not end at its head"):
            store.archive.append(_filing("u-tax", P7, 60))
        assert len(store.archive.file("u-tax", P7)) == 2


def test_r5_a_damaged_sqlite_page_is_reported_damaged(tmp_path: Path) -> None:
    """Bytes overwritten in the middle of the SQLite file: exit 1, never "intact"."""
    path = tmp_path / "damaged.db"
    filed = _fill(f"sqlite:///{path}")
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = conn.execute("PRAGMA page_size").fetchone()[0]
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    assert pages > 3
    for at in range(page * 2 + 8, page * 2 + 64):  # inside page 3's b-tree header and cells
        data[at] = 0xFF
    path.write_bytes(bytes(data))
    status, out, err = _verify_cli(filed, tmp_path)
    assert (status, out) == (1, "")
    assert "damaged" in err or "cannot be read" in err


def test_a_schema_2_database_upgrades_with_its_archive_sealed(tmp_path: Path) -> None:
    """Schema 2 is schema 3 without the heads and root tables: made so from a filled store,
    it upgrades to today's schema with a head per file and the root, sealed with the store's key."""
    url = f"sqlite:///{tmp_path / 'v2.db'}"
    with open_store(url) as store:
        store.create_schema()
        for n, (volume, file) in enumerate(PLAN, start=1):
            store.archive.append(_filing(volume, file, n))
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text(f"DROP TABLE {HEADS}"))
        conn.execute(sa.text(f"DROP TABLE {ROOT}"))
        conn.execute(sa.text("UPDATE qingdan_schema SET version = 2"))
    engine.dispose()
    with open_store(url, archive_key=KEY) as store:
        store.upgrade()
        summary = store.archive.verify_all()
    assert (summary.files, summary.entries, summary.scheme) == (4, len(PLAN), KEY.scheme)


def test_an_unkeyed_archive_is_sealed_with_the_key_by_upgrade_and_then_refuses_others(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'unkeyed.db'}"
    with open_store(url) as store:
        store.create_schema()
        store.archive.append(_filing("u-tax", P7, 1))
        assert store.archive.verify_all().scheme is SealScheme.UNKEYED
    with open_store(url, archive_key=KEY) as store:
        with pytest.raises(ArchiveTamperedError, match="sealed sha256, not hmac-sha256"):
            store.archive.append(_filing("u-tax", P7, 2))
        store.upgrade()
        store.archive.append(_filing("u-tax", P7, 2))
        assert store.archive.verify_all().scheme is KEY.scheme
    with open_store(url, archive_key=OTHER_KEY) as store, pytest.raises(ArchiveTamperedError):
        store.archive.seal()  # same scheme, another key: its seals do not verify
    with open_store(url) as store, pytest.raises(ValidationError, match="cannot be sealed again"):
        store.archive.seal()


@pytest.mark.skipif("sm3" not in available_algorithms(), reason="this hashlib has no SM3")
def test_heads_sealed_with_hmac_sm3_verify_and_differ_from_sha256() -> None:
    sm3 = ArchiveKey(KEY.secret, "sm3")
    with open_store("memory://", archive_key=sm3) as store:
        store.archive.append(_filing("u-tax", P7, 1))
        summary = store.archive.verify_all()
        head = store.archive.root()
    assert summary.scheme is SealScheme.HMAC_SM3
    assert head is not None
    entry = chain(_filing("u-tax", P7, 1), None)
    assert FileHead.of(entry, sm3).seal != FileHead.of(entry, KEY).seal
    message = json.dumps(
        ["head", "u-tax", "person:p-7", 1, entry.digest], ensure_ascii=False, separators=(",", ":")
    ).encode()
    assert FileHead.of(entry, sm3).seal == hmac.new(KEY.secret, message, "sm3").hexdigest()
