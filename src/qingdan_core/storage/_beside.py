"""Build a new SQLite database beside an old one and swap it in only when it is complete.

:func:`build_beside` makes a hidden file in the target's folder, lets the
caller fill it as a store, and renames it over the target (``os.replace``, atomic
on one file system) only when that succeeded. When anything fails, the new
file is removed and the target — an older database, or nothing — is exactly
as it was, so a failed import neither loses the old data nor leaves a new file.

>>> import tempfile, pathlib
>>> from qingdan_core.organisation import Unit
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> def fill(store):
...     return store.units.add(Unit("u-1", "县委办")).version
>>> build_beside(folder / "county.db", fill)
1
>>> def fail(store):
...     _ = store.units.add(Unit("u-2", "县政府办"))
...     raise RuntimeError("stopped halfway")
>>> build_beside(folder / "county.db", fail)
Traceback (most recent call last):
...
RuntimeError: stopped halfway
>>> sorted(p.name for p in folder.iterdir())
['county.db']
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from qingdan_core.archive_seal import ArchiveKey
from qingdan_core.errors import StorageError
from qingdan_core.storage.store import RecordStore

__all__ = ["build_beside"]

R = TypeVar("R")

_SIDECARS = ("-wal", "-shm", "-journal")


def _remove(path: Path) -> None:
    for suffix in ("", *_SIDECARS):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _fold_log(path: Path) -> None:
    """Fold the write-ahead log of the database at ``path`` into it and empty the log, so
    that no log of the old database is left to be read with the new one.

    :raises StorageError: when another connection keeps the log from being emptied.
    """
    if not Path(f"{path}-wal").exists():
        return
    try:
        conn = sqlite3.connect(path, timeout=30)
        try:
            busy, _log, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise StorageError("replace", str(path), str(exc)) from exc
    if busy:
        raise StorageError("replace", str(path), "the database is in use by another process")


def _sync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def build_beside(
    path: Path, build: Callable[[RecordStore], R], archive_key: ArchiveKey | None = None
) -> R:
    """Run ``build`` on a new SQLite store beside ``path``; then rename it to ``path``.

    The new file is ``.NAME.*.new`` in ``path``'s folder; its schema is created
    before ``build`` runs; its archive is sealed with ``archive_key``. Only when ``build`` returns is the file synced and
    renamed over ``path`` (whose log is folded in and removed first). When
    ``build`` raises, the new file is removed and ``path`` is left untouched.

    :returns: what ``build`` returned.
    :raises StorageError: when ``path``'s folder does not exist, or the old database
        is in use by another process (nothing changed).
    """
    from qingdan_core.storage import open_store

    folder = path.parent
    if not folder.is_dir():
        raise StorageError("create", str(path), f"no folder {folder}")
    descriptor, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".new", dir=folder)
    os.close(descriptor)
    new = Path(name)
    try:
        store = open_store(f"sqlite:///{new.resolve()}", archive_key=archive_key)
        try:
            store.create_schema()
            result = build(store)
        finally:
            store.close()
        for done in (new, path):
            _fold_log(done)
            for suffix in _SIDECARS:
                Path(f"{done}{suffix}").unlink(missing_ok=True)
        _sync(new)
        os.replace(new, path)
        _sync(folder)
    except BaseException:
        _remove(new)
        raise
    return result
