"""The archive's hash chain (R5, R22): any altered, removed or reordered entry is named.

Property tests on the pure chain, then the stored archive: one byte edited
directly in the SQLite file is detected by ``verify()``.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from qingdan_core.archive import (
    GENESIS,
    ArchiveEntry,
    Filing,
    RecordKind,
    canonical_json,
    chain,
    digest_of,
    verify,
)
from qingdan_core.codec import structure, unstructure
from qingdan_core.errors import ArchiveTamperedError, ValidationError
from qingdan_core.ledger import Subject
from qingdan_core.storage import open_store

AT = dt.datetime(2026, 11, 30, 17, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
text = st.text(
    st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), min_size=1
).filter(str.strip)
filings = st.builds(
    Filing,
    volume=st.just("u-1"),
    file=st.just(Subject.person("p-7")),
    kind=st.sampled_from(RecordKind),
    record_id=text,
    document=st.dictionaries(text, text | st.integers()).map(canonical_json),
    signed_by=text,
    filed_at=st.datetimes(timezones=st.just(dt.timezone(dt.timedelta(hours=8)))),
)


def _file(filings: list[Filing]) -> list[ArchiveEntry]:
    entries: list[ArchiveEntry] = []
    for filing in filings:
        entries.append(chain(filing, entries[-1] if entries else None))
    return entries


@given(st.lists(filings, min_size=1, max_size=6))
def test_r22_a_chained_file_verifies_and_round_trips(batch: list[Filing]) -> None:
    """An untouched chain verifies to its last digest; entries round-trip through the codec."""
    entries = _file(batch)
    assert verify("f", entries) == entries[-1].digest
    assert [structure(unstructure(e), ArchiveEntry) for e in entries] == entries
    assert entries[0].previous == GENESIS


@given(st.lists(filings, min_size=1, max_size=6), st.data())
def test_r5_any_altered_field_is_named(batch: list[Filing], data: st.DataObject) -> None:
    """Changing any field of any entry is reported at that entry's position."""
    entries = _file(batch)
    index = data.draw(st.integers(0, len(entries) - 1))
    name = data.draw(st.sampled_from(["record_id", "document", "signed_by", "kind", "digest"]))
    old = getattr(entries[index], name)
    if name == "kind":
        new = next(k for k in RecordKind if k is not old)
    elif name == "digest":
        new = ("1" if old[0] != "1" else "2") + old[1:]
    else:
        new = old + " "
    change: dict[str, Any] = {name: new}  # a field named at run time
    entries[index] = attrs.evolve(entries[index], **change)
    with pytest.raises(ArchiveTamperedError) as caught:
        verify("u-1/person:p-7", entries)
    assert caught.value.position in (index + 1, index + 2)  # the digest edit shows at the next
    assert caught.value.position == index + 1 or name == "digest"
    assert caught.value.file == "u-1/person:p-7"


@given(st.lists(filings, min_size=2, max_size=6), st.data())
def test_r5_a_removed_or_reordered_entry_is_named(batch: list[Filing], data: st.DataObject) -> None:
    """Removing or swapping entries is reported at the first position that changed."""
    entries = _file(batch)
    i = data.draw(st.integers(0, len(entries) - 2))
    j = data.draw(st.integers(i + 1, len(entries) - 1))
    swapped = list(entries)
    swapped[i], swapped[j] = swapped[j], swapped[i]
    with pytest.raises(ArchiveTamperedError) as caught:
        verify("f", swapped)
    assert caught.value.position == i + 1
    removed = entries[:i] + entries[i + 1 :]
    with pytest.raises(ArchiveTamperedError) as caught:
        verify("f", removed)
    assert caught.value.position == i + 1


def test_r5_entries_removed_from_the_end_need_the_head() -> None:
    """Truncation is invisible to the chain alone, and caught with a head kept elsewhere."""
    f = Filing("u-1", Subject.unit("u-1"), RecordKind.CONTRACT, "C-1", "{}", "p-1", AT)
    entries = _file([f, f, f])
    assert verify("f", entries[:2]) == entries[1].digest
    with pytest.raises(ArchiveTamperedError, match="entry 3: the file does not end"):
        verify("f", entries[:2], head=entries[2].digest)


def test_chain_refuses_the_last_entry_of_another_file() -> None:
    """chain() only appends to the file the filing belongs to."""
    mine = Filing("u-1", Subject.person("p-1"), RecordKind.NOTICE, "N-1", "{}", "p-9", AT)
    other = chain(attrs.evolve(mine, file=Subject.person("p-2")), None)
    with pytest.raises(ValidationError, match="belongs to file u-1/person:p-2"):
        chain(mine, other)


def test_digest_is_sha256_of_the_canonical_json_without_the_digest() -> None:
    """The digest is reproducible from the documented recipe."""
    import hashlib

    entry = chain(
        Filing("u-1", Subject.unit("u-1"), RecordKind.CONTRACT, "C-1", "{}", "p-1", AT), None
    )
    data = unstructure(entry)
    del data["digest"]
    expected = hashlib.sha256(canonical_json(data).encode()).hexdigest()
    assert entry.digest == digest_of(entry) == expected


# --------------------------------------------------------------------------- stored archive


def _filed(tmp_path: Path) -> tuple[str, list[ArchiveEntry]]:
    url = f"sqlite:///{tmp_path / 'archive.db'}"
    store = open_store(url)
    store.create_schema()
    entries = [
        store.archive.append(
            Filing.of(
                "u-tax",
                Subject.person("p-7"),
                RecordKind.ASSESSMENT_LIST,
                f"list-2026-{month:02d}-p-7",
                {"month": month, "items": ["办理纳税申报", "催报催缴"], "score": "92.50"},
                signed_by="p-head",
                filed_at=AT,
            )
        )
        for month in (9, 10, 11)
    ]
    store.close()
    return url, entries


def _payload(db: Path, position: int) -> bytes:
    with sqlite3.connect(db) as con:
        (payload,) = con.execute(
            "select payload from qingdan_archive_entries where position = ?", (position,)
        ).fetchone()
    return str(payload).encode("utf-8")


def _write(db: Path, position: int, payload: bytes) -> None:
    con = sqlite3.connect(db)
    with con:
        con.execute(
            "update qingdan_archive_entries set payload = ? where position = ?",
            (payload.decode("utf-8"), position),
        )
    con.close()


def test_r5_one_byte_edited_in_sqlite_is_detected(tmp_path: Path) -> None:
    """Every one-byte edit of an ASCII byte of entry 2's stored row is named as entry 2."""
    url, entries = _filed(tmp_path)
    db = tmp_path / "archive.db"
    original = _payload(db, 2)
    store = open_store(url)
    assert store.archive.verify("u-tax", Subject.person("p-7")) == entries[-1].digest
    offsets = [i for i, byte in enumerate(original) if byte < 128]
    assert len(offsets) > 300
    for offset in offsets:
        edited = bytearray(original)
        edited[offset] = ord("x") if edited[offset] != ord("x") else ord("y")
        _write(db, 2, bytes(edited))
        with pytest.raises(ArchiveTamperedError) as caught:
            store.archive.verify("u-tax", Subject.person("p-7"))
        assert (caught.value.file, caught.value.position) == ("u-tax/person:p-7", 2), offset
    _write(db, 2, original)
    assert store.archive.verify("u-tax", Subject.person("p-7")) == entries[-1].digest
    store.close()


@pytest.mark.parametrize(
    ("statement", "position"),
    [
        ("update qingdan_archive_entries set position = 9 where position = 2", 2),
        ("delete from qingdan_archive_entries where position = 1", 1),
        ("update qingdan_archive_entries set file = 'person:p-8' where position = 2", 2),
        (
            "update qingdan_archive_entries set position = 9 where position = 2;"
            "update qingdan_archive_entries set position = 2 where position = 3;"
            "update qingdan_archive_entries set position = 3 where position = 9",
            2,
        ),
    ],
)
def test_r5_rows_moved_or_removed_in_sqlite_are_detected(
    tmp_path: Path, statement: str, position: int
) -> None:
    """Editing the real columns (position, file) or deleting a row breaks the chain there."""
    url, _ = _filed(tmp_path)
    con = sqlite3.connect(tmp_path / "archive.db")
    con.executescript(statement)
    con.close()
    store = open_store(url)
    with pytest.raises(ArchiveTamperedError) as caught:
        store.archive.verify("u-tax", Subject.person("p-7"))
    store.close()
    assert caught.value.position == position


def test_r22_filed_records_read_back(tmp_path: Path) -> None:
    """A filed record comes back through the codec from its canonical document."""
    url, entries = _filed(tmp_path)
    store = open_store(url)
    (first, *_rest) = store.archive.file("u-tax", Subject.person("p-7"))
    store.close()
    assert first == entries[0]
    assert first.record(dict)["items"] == ["办理纳税申报", "催报催缴"]


def _next_filing() -> Filing:
    return Filing.of(
        "u-tax",
        Subject.person("p-7"),
        RecordKind.ASSESSMENT_LIST,
        "list-2026-12-p-7",
        {"month": 12},
        signed_by="p-head",
        filed_at=AT,
    )


def test_r5_append_reads_only_the_last_entry_and_verify_still_finds_the_edit(
    tmp_path: Path,
) -> None:
    """Appending reads the file's last entry only, so an edit further back does not stop it;
    verify() still names the edited entry (R5, R22)."""
    url, entries = _filed(tmp_path)
    db = tmp_path / "archive.db"
    _write(db, 1, _payload(db, 1).replace(b'"signed_by":"p-head"', b'"signed_by":"p-hexd"'))
    store = open_store(url)
    fourth = store.archive.append(_next_filing())
    assert (fourth.position, fourth.previous) == (4, entries[-1].digest)
    with pytest.raises(ArchiveTamperedError) as caught:
        store.archive.verify("u-tax", Subject.person("p-7"))
    store.close()
    assert caught.value.position == 1


@pytest.mark.parametrize(("unreadable", "named"), [((3,), 3), ((2, 3), 2)])
def test_r5_append_after_an_unreadable_last_entry_names_the_first_unreadable(
    tmp_path: Path, unreadable: tuple[int, ...], named: int
) -> None:
    """An unreadable last entry stops the append, which names the file's first unreadable
    entry, and nothing is written."""
    url, _ = _filed(tmp_path)
    db = tmp_path / "archive.db"
    for position in unreadable:
        _write(db, position, _payload(db, position)[:-7])
    store = open_store(url)
    with pytest.raises(ArchiveTamperedError, match="cannot be read") as caught:
        store.archive.append(_next_filing())
    assert (caught.value.file, caught.value.position) == ("u-tax/person:p-7", named)
    store.close()
    with sqlite3.connect(db) as con:
        assert con.execute("select count(*) from qingdan_archive_entries").fetchone() == (3,)
