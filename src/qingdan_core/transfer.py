"""Data in and out of a store: the whole store as one JSON-ready document, and back (R5, R22).

:func:`export_store` returns every stored record, kind by kind, in the
codec's JSON-ready form; :func:`import_into` checks such a document in full —
every value through the codec, every archive file's hash chain — before it
writes anything, then writes it in one unit of work. :class:`Changes` counts
what a load added, updated and left unchanged (the spreadsheet loaders of
:mod:`qingdan_core.sheets` report the same way).

>>> from qingdan_core.organisation import Unit
>>> from qingdan_core.storage import open_store
>>> county = open_store("memory://")
>>> _ = county.units.add(Unit("u-1", "县委办"))
>>> data = export_store(county)
>>> data["format"], data["units"]
('qingdan-export', [{'unit_id': 'u-1', 'name': '县委办', 'parent_id': None}])
>>> copy = open_store("memory://")
>>> print(import_into(copy, data))
1 added, 0 updated, 0 unchanged
>>> print(import_into(copy, data, replace=True))
0 added, 0 updated, 1 unchanged
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from qingdan_core._v1 import upgrade_data
from qingdan_core.archive import ArchiveEntry, Filing, verify
from qingdan_core.archive_seal import ArchiveKey
from qingdan_core.codec import structure
from qingdan_core.errors import ConflictError, Problem, ValidationError
from qingdan_core.organisation import Unit
from qingdan_core.storage.generic import AppendOnly, Changes, Outcome, Versioned
from qingdan_core.storage.kinds import ARCHIVE, KINDS, SEAL_KINDS, UNITS
from qingdan_core.storage.protocol import Kind, Query, Session
from qingdan_core.storage.repositories import ArchiveRepository
from qingdan_core.storage.store import RecordStore

__all__ = [
    "EXPORT_FORMAT",
    "EXPORT_VERSION",
    "Changes",
    "export_store",
    "import_database",
    "import_into",
    "read_export",
    "replace_store",
]

EXPORT_FORMAT = "qingdan-export"
"""The ``format`` marker of an export document."""

EXPORT_VERSION = 2
"""The version of the export document this library writes (2: enums as codes, ``item_id``).

:func:`read_export` also reads version 1 (enums as their Chinese text, ``task_id``),
converting it as it reads, as ``store.upgrade()`` converts a schema-1 database."""

_READS = (1, EXPORT_VERSION)

_HEADER = ("format", "version", "schema_version")


def _schema_version() -> int:
    try:
        from qingdan_core.storage.sql import SCHEMA_VERSION
    except ImportError:  # pragma: no cover - SQLAlchemy not installed
        return EXPORT_VERSION  # the two numbers moved to 2 together
    return SCHEMA_VERSION


def export_store(store: RecordStore) -> dict[str, Any]:
    """Every record of ``store`` as one JSON-ready document (read in one unit of work).

    The top level holds ``format`` (:data:`EXPORT_FORMAT`), ``version``
    (:data:`EXPORT_VERSION`), the ``schema_version`` of the library that wrote
    it, and one list per stored kind, named as in :mod:`qingdan_core.storage.kinds`,
    in insertion order.

    >>> from qingdan_core.storage import open_store
    >>> sorted(export_store(open_store("memory://")))[:4]
    ['archive_entries', 'checklists', 'contracts', 'format']
    """
    data: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "schema_version": _schema_version(),
    }
    with store.backend.unit_of_work() as session:
        for kind in KINDS:
            data[kind.name] = [record.data for record in session.select(kind, Query())]
    return data


def read_export(data: object) -> dict[str, tuple[Any, ...]]:
    """The values of an export document, checked in full: its header, every value through
    the codec, and every archive file's hash chain (R5, R22).

    :returns: the values of each kind, by kind name.
    :raises ValidationError: naming the section and field path of each problem.
    :raises ArchiveTamperedError: naming the first broken archive file and entry.

    >>> read_export({"format": "qingdan-export", "version": 2, "units": [{"unit_id": "u-1"}]})
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: units[0].name: required field is missing
    """
    if not isinstance(data, Mapping) or data.get("format") != EXPORT_FORMAT:
        raise ValidationError("format", f'not a qingdan export (no "format": "{EXPORT_FORMAT}")')
    version = data.get("version")
    if version not in _READS:
        raise ValidationError(
            "version",
            f"export version {version!r}; this qingdan-core reads versions "
            f"{', '.join(map(str, _READS))}: upgrade qingdan-core",
        )
    kinds = {kind.name: kind for kind in KINDS}
    unknown = sorted(set(data) - set(kinds) - set(_HEADER))
    if unknown:
        raise ValidationError(
            ", ".join(unknown), "unknown section", allowed=sorted((*kinds, *_HEADER))
        )
    values: dict[str, tuple[Any, ...]] = {}
    problems: list[Problem] = []
    for name, kind in kinds.items():
        rows = data.get(name, [])
        if not isinstance(rows, list):
            problems.append(Problem(name, f"must be a list, got {type(rows).__name__}"))
            continue
        if version == 1:
            rows = [upgrade_data(row, kind.cls) for row in rows]
        try:
            values[name] = structure(rows, tuple[kind.cls, ...])  # type: ignore[name-defined]
        except ValidationError as exc:
            problems += [attrs.evolve(p, path=f"{name}{p.path}") for p in exc.problems]
    problems += _repeated_keys(values)
    if problems:
        raise ValidationError.from_problems(problems)
    by_file: dict[tuple[str, str], list[ArchiveEntry]] = {}
    for entry in values[ARCHIVE.name]:
        by_file.setdefault((entry.volume, str(entry.file)), []).append(entry)
    for (volume, file), entries in by_file.items():
        verify(f"{volume}/{file}", entries)
    return values


def _parents_first(units: tuple[Unit, ...]) -> list[Unit]:
    """``units`` in their order, except that a unit comes after its parent (when the parent is
    among them), so each is written after the unit it names; a cycle keeps its order (and
    is refused when written)."""
    by_id = {unit.unit_id: unit for unit in units}
    placed: dict[str, Unit] = {}

    def place(unit: Unit, seen: frozenset[str]) -> None:
        if unit.unit_id in placed or unit.unit_id in seen:
            return
        parent = by_id.get(unit.parent_id) if unit.parent_id is not None else None
        if parent is not None:
            place(parent, seen | {unit.unit_id})
        placed.setdefault(unit.unit_id, unit)

    for unit in units:
        place(unit, frozenset())
    return list(placed.values())


def _repeated_keys(values: Mapping[str, tuple[Any, ...]]) -> list[Problem]:
    """A problem for each record whose key an earlier record of its kind already has."""
    problems = []
    for kind in KINDS:
        first: dict[str, int] = {}
        for index, value in enumerate(values.get(kind.name, ())):
            key = kind.key(value)
            if key in first:
                problems.append(
                    Problem(
                        f"{kind.name}[{index}]",
                        f"repeats the key {key!r} of {kind.name}[{first[key]}]",
                    )
                )
            first.setdefault(key, index)
    return problems


def _repository(kind: Kind[Any], session: Session) -> AppendOnly[Any] | Versioned[Any]:
    base = Versioned if kind.versioned else AppendOnly
    repository: AppendOnly[Any] | Versioned[Any] = type(f"_{kind.name}", (base,), {"kind": kind})(
        session
    )
    return repository


def import_into(store: RecordStore, data: object, *, replace: bool = False) -> Changes:
    """Write the export document ``data`` into ``store``, all of it or nothing (R5, R22).

    The document is checked in full first (:func:`read_export`). Without
    ``replace`` the store must hold none of the document's records. With it,
    a versioned record already stored is saved at its next version when it
    differs (and left alone when equal); an append-only record already
    stored (ledger entries, lifecycle events, archive entries …) must be
    equal, since those never change. Records the document does not hold stay
    (:func:`replace_store` removes them). Everything is written in one unit of
    work: when anything fails, the store is left as it was.

    :returns: how many records were added, updated and left unchanged.
    :raises ValidationError: when the document is malformed (nothing written).
    :raises ArchiveTamperedError: when an archive file's chain is broken.
    :raises ConflictError: when a record is stored already (without ``replace``),
        an append-only record differs from the stored one, or another writer
        changed a record meanwhile; nothing is written.
    """
    return _into(store, read_export(data), replace)


def _into(store: RecordStore, values: Mapping[str, tuple[Any, ...]], replace: bool) -> Changes:
    with store.backend.unit_of_work() as session:
        return _write(session, values, replace, store.archive_key)


def replace_store(store: RecordStore, data: object) -> Changes:
    """Make ``store`` hold exactly the export document ``data``, in one unit of work.

    The document is checked in full first (:func:`read_export`); then every
    record of every kind is removed and the document's records written, all
    in one unit of work (one transaction on a server database), so a failure
    anywhere leaves the store as it was.

    :returns: how many records were added (every record of the document).
    :raises ValidationError: when the document is malformed (nothing changed).
    :raises ArchiveTamperedError: when an archive file's chain is broken (nothing changed).

    >>> from qingdan_core.organisation import Unit
    >>> from qingdan_core.storage import open_store
    >>> store = open_store("memory://")
    >>> _ = store.units.add(Unit("u-9", "旧单位"))
    >>> print(replace_store(store, {"format": "qingdan-export", "version": 2,
    ...     "units": [{"unit_id": "u-1", "name": "县委办", "parent_id": None}]}))
    1 added, 0 updated, 0 unchanged
    >>> [s.key for s in store.units.all()]
    ['u-1']
    """
    return _replace(store, read_export(data))


def _replace(store: RecordStore, values: Mapping[str, tuple[Any, ...]]) -> Changes:
    with store.backend.unit_of_work() as session:
        for kind in (*KINDS, *SEAL_KINDS):
            session.clear(kind)
        return _write(session, values, False, store.archive_key)


def _write(
    session: Session,
    values: Mapping[str, tuple[Any, ...]],
    replace: bool,
    archive_key: ArchiveKey | None,
) -> Changes:
    """Write the checked ``values`` through ``session`` (see :func:`import_into`), sealing
    the archive's heads and root with ``archive_key``."""
    outcomes: list[Outcome] = []
    for kind in KINDS:
        if kind is ARCHIVE:
            archive = ArchiveRepository(session, archive_key)
            outcomes += _import_archive(archive, values[kind.name], replace)
            continue
        stored = {r.key: r for r in session.select(kind, Query())}
        repository = _repository(kind, session)
        written = values[kind.name]
        for value in _parents_first(written) if kind is UNITS else written:
            key = kind.key(value)
            record = stored.get(key)
            if record is not None and not replace:
                raise ConflictError(kind.name, key, "already stored (pass replace=True)")
            if isinstance(repository, Versioned):
                expected = 0 if record is None else record.version
                outcomes.append(repository.upsert(value, expected=expected).outcome)
            elif record is None:
                repository.add(value)
                outcomes.append(Outcome.ADDED)
            elif repository.get(key) == value:
                outcomes.append(Outcome.UNCHANGED)
            else:
                raise ConflictError(kind.name, key, "stored differently; it never changes")
    return Changes.of(outcomes)


def _import_archive(
    archive: ArchiveRepository, entries: tuple[ArchiveEntry, ...], replace: bool
) -> list[Outcome]:
    """Append the archive entries not stored yet, each chaining onto the one before it
    (and sealing the heads and root with the store's key)."""
    outcomes = []
    files: dict[tuple[str, str], tuple[ArchiveEntry, ...]] = {}
    for entry in entries:
        file = (entry.volume, str(entry.file))
        if file not in files:
            files[file] = archive.file(entry.volume, entry.file)
        stored = files[file]
        if entry.position <= len(stored):
            if not replace:
                raise ConflictError(ARCHIVE.name, entry.file_label, "already stored")
            if stored[entry.position - 1] != entry:
                raise ConflictError(
                    ARCHIVE.name,
                    f"{entry.file_label} #{entry.position}",
                    "stored differently; archive entries never change",
                )
            outcomes.append(Outcome.UNCHANGED)
            continue
        filing = Filing(
            entry.volume,
            entry.file,
            entry.kind,
            entry.record_id,
            entry.document,
            entry.signed_by,
            entry.filed_at,
        )
        if archive.append(filing) != entry:
            raise ConflictError(
                ARCHIVE.name,
                f"{entry.file_label} #{entry.position}",
                "does not chain onto the entries before it",
            )
        files[file] = (*stored, entry)
        outcomes.append(Outcome.ADDED)
    return outcomes


def import_database(
    url: str, data: object, *, replace: bool = False, archive_key: ArchiveKey | None = None
) -> Changes:
    """Create the database at ``url`` from the export document ``data``; nothing is lost or
    left behind when that fails (R5, R22).

    For an SQLite file (``sqlite:///path.db``) the new database is built beside
    the old one and renamed over it only when every record is written
    (:func:`~qingdan_core.storage._beside.build_beside`): a failed import leaves the
    old database exactly as it was, or, where there was none, creates no file. On
    a server database (PostgreSQL, MariaDB), and on an SQLite file that also holds
    namespaces (other counties' stores, which stay), the schema is created if missing and
    the whole import into the default store is one transaction (:func:`replace_store` with ``replace``,
    else :func:`import_into`).

    The archive's heads and root are sealed with ``archive_key`` (None: unkeyed).

    :returns: how many records were added.
    :raises ValidationError: when the document is malformed, or an SQLite file exists
        and ``replace`` is false (nothing changed).
    :raises ArchiveTamperedError: when an archive file's chain is broken (nothing changed).
    :raises ConflictError: when a server database holds some of the records and
        ``replace`` is false (nothing changed).

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "county.db"
    >>> empty = {"format": "qingdan-export", "version": 2}
    >>> print(import_database(f"sqlite:///{path}", {**empty, "units": [
    ...     {"unit_id": "u-1", "name": "县委办", "parent_id": None}]}))
    1 added, 0 updated, 0 unchanged
    >>> import_database(f"sqlite:///{path}", {**empty, "units": [{"unit_id": "u-2"}]}, replace=True)
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: units[0].name: required field is missing
    >>> from qingdan_core.storage import open_store
    >>> with open_store(f"sqlite:///{path}") as county:
    ...     [s.key for s in county.units.all()]
    ['u-1']
    """
    from qingdan_core.storage import list_namespaces, open_store

    values = read_export(data)  # all of it, before any file is made
    path = _sqlite_file(url)
    if path is not None and path.is_file() and path.stat().st_size and list_namespaces(url):
        path = None  # a file holding other counties' namespaces: replace only its default store
    if path is None:
        with open_store(url, archive_key=archive_key) as store:
            store.create_schema()
            return _replace(store, values) if replace else _into(store, values, False)
    if path.exists() and path.stat().st_size and not replace:
        raise ValidationError("url", f"{path} exists: pass replace=True to replace it")
    from qingdan_core.storage._beside import build_beside

    return build_beside(path, lambda store: _into(store, values, False), archive_key)


def _sqlite_file(url: str) -> Path | None:
    """The file of an SQLite URL, or None (another database, or SQLite in memory)."""
    scheme, _, rest = url.partition(":///")
    if scheme not in ("sqlite", "sqlite+pysqlite") or rest in ("", ":memory:"):
        return None
    return Path(rest)
