"""``qingdan import`` loses nothing on failure (issue 14, item 1; R5, R22).

Each bad file of the issue is tried twice: with ``--replace`` over a demo
database (which must come out byte for byte as it was) and into a new path
(where no file may appear). Every refusal is one line naming the file and the
reason, exit status 2, no traceback. A damaged database gives one line too.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cli._cli import run
from qingdan_core.errors import StorageError

Edit = Callable[[dict[str, Any]], None]


def _repeat_first(section: str) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        data[section].append(data[section][0])

    return edit


def _surrogate_name(data: dict[str, Any]) -> None:
    data["units"][0]["name"] = "\ud800"


def _set(section: str, field: str, value: object) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        data[section][0][field] = value

    return edit


BAD_DOCUMENTS: dict[str, tuple[Edit, str]] = {
    "duplicate unit id": (_repeat_first("units"), "repeats the key"),
    "duplicate ledger id": (_repeat_first("ledger_entries"), "repeats the key"),
    "duplicate work log": (_repeat_first("work_logs"), "repeats the key"),
    "lone surrogate": (_surrogate_name, "lone surrogate U+D800"),
    # issue 14, item 2: what no store can hold, refused by the codec for every adapter
    "huge points": (_set("ledger_entries", "points", "1e999999"), "out of range"),
    "5000 digits": (_set("ledger_entries", "points", "9" * 5000), "not a decimal number"),
    "full-width digits": (_set("ledger_entries", "points", "１２"), "ASCII digits"),
    "padded number": (_set("ledger_entries", "points", " 1 "), "no spaces"),
    "week date": (_set("ledger_entries", "day", "2025-W01-1"), "write YYYY-MM-DD"),
    "NUL in an id": (_set("units", "unit_id", "u-\x00"), "NUL character"),
    "long id": (_set("units", "unit_id", "u" * 65), "an id has at most 64"),
    "10 MB name": (_set("units", "name", "县" * 10_000_000), "at most 1000000"),
}


@pytest.fixture(scope="module")
def exported(demo_db: tuple[Path, str]) -> dict[str, Any]:
    status, out, err = run(["export", "--db", str(demo_db[0])])
    assert status == 0, err
    data: dict[str, Any] = json.loads(out)
    return data


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _refused_naming(argv: list[str], source: Path, reason: str) -> None:
    status, out, err = run(argv)
    assert (status, out) == (2, ""), err
    assert err.count("\n") == 1, err
    assert "Traceback" not in err
    assert err.startswith(f"qingdan: {source}")
    assert reason in err


def _bad_files(folder: Path, exported: dict[str, Any]) -> list[tuple[Path, str]]:
    made = []
    for name, (edit, reason) in BAD_DOCUMENTS.items():
        data = json.loads(json.dumps(exported))
        edit(data)
        path = folder / f"{name.replace(' ', '-')}.json"
        path.write_text(json.dumps(data), encoding="utf-8")  # ASCII: "\ud800" stays escaped
        made.append((path, reason))
    repeated = folder / "repeated-key.json"
    text = json.dumps(exported)
    repeated.write_text(text.replace('"units": [', '"units": [], "units": [', 1), encoding="utf-8")
    made.append((repeated, "the key 'units' repeats in one object"))
    deep = folder / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    made.append((deep, "nested deeper than 64 levels"))
    return made


def test_a_failed_replace_keeps_the_old_database_byte_for_byte(
    demo_copy: Path, exported: dict[str, Any], tmp_path: Path
) -> None:
    """Before issue 14 the old database was deleted first: 0 units left of 7."""
    sources = tmp_path / "in"
    sources.mkdir()
    before = _files(demo_copy.parent)
    for source, reason in _bad_files(sources, exported):
        _refused_naming(
            ["import", "--replace", "--db", str(demo_copy), str(source)], source, reason
        )
        assert _files(demo_copy.parent) == before, source.name


def test_a_failed_import_into_a_new_path_creates_no_file(
    exported: dict[str, Any], tmp_path: Path
) -> None:
    sources = tmp_path / "in"
    sources.mkdir()
    target = tmp_path / "db"
    target.mkdir()
    for source, reason in _bad_files(sources, exported):
        _refused_naming(["import", "--db", str(target / "new.db"), str(source)], source, reason)
        assert list(target.iterdir()) == [], source.name


def test_a_failure_while_writing_keeps_the_old_database(
    demo_copy: Path, exported: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The new database is half written (ledger, units) when the archive fails: the old stays."""
    import qingdan_core.transfer as transfer

    def broken(*_args: object) -> list[Any]:
        raise StorageError("insert", "archive_entries (…)", "disk full")

    monkeypatch.setattr(transfer, "_import_archive", broken)
    source = tmp_path / "good.json"
    source.write_text(json.dumps(exported), encoding="utf-8")
    before = _files(demo_copy.parent)
    status, out, err = run(["import", "--replace", "--db", str(demo_copy), str(source)])
    assert (status, out, err) == (2, "", "qingdan: insert archive_entries (…) failed: disk full\n")
    assert _files(demo_copy.parent) == before


def test_a_good_replace_swaps_the_new_database_in(
    demo_copy: Path, exported: dict[str, Any], tmp_path: Path
) -> None:
    """The new database holds exactly the document, and no working file is left beside it."""
    data = json.loads(json.dumps(exported))
    data["units"][-1]["name"] = "改名的单位"
    source = tmp_path / "edited.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    status, _, err = run(["import", "--replace", "--db", str(demo_copy), str(source)])
    assert status == 0, err
    assert sorted(p.name for p in demo_copy.parent.iterdir()) == [demo_copy.name, "edited.json"]
    conn = sqlite3.connect(demo_copy)
    names = [row[0] for row in conn.execute("SELECT payload FROM qingdan_units ORDER BY seq")]
    conn.close()
    assert [json.loads(n)["name"] for n in names] == [u["name"] for u in data["units"]]


def _damage(path: Path) -> None:
    """Overwrite 200 bytes inside every seventh page after the first few."""
    size = path.stat().st_size
    with path.open("r+b") as handle:
        for page in range(3, size // 4096, 7):
            handle.seek(page * 4096 + 100)
            handle.write(b"\xff" * 200)


@pytest.mark.parametrize(
    "command",
    [
        ["export", "-o", "out.json"],
        ["report", "--period", "2025-03", "--kind", "ledger"],
        ["month-end", "--month", "2025-03"],
    ],
)
def test_a_damaged_database_gives_one_line(demo_copy: Path, command: list[str]) -> None:
    """Before issue 14: raw sqlalchemy DatabaseError tracebacks from export and report."""
    _damage(demo_copy)
    status, _, err = run([command[0], "--db", str(demo_copy), *command[1:]])
    assert status == 2
    assert err.count("\n") == 1, err
    assert "Traceback" not in err
    assert " failed: " in err, err
    assert "malformed" in err or "decode" in err, err
