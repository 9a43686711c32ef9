"""``qingdan upgrade`` and the import of a version-1 export (schema 1: enums as Chinese text).

The version-1 database is the storage tests' fixture ``tests/storage/v1/qingdan-v1.db``;
the version-1 export is built from it as the schema-1 ``qingdan export`` wrote one: the
``format`` marker, ``version`` 1 and every kind's stored payloads in insertion order.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from cli._cli import run
from qingdan_core.attention import AttentionLevel
from qingdan_core.notices import NoticeKind
from qingdan_core.storage import open_store
from qingdan_core.storage.kinds import HOLIDAY_NOTICES, KINDS
from qingdan_core.storage.sql import SCHEMA_VERSION

FIXTURE = Path(__file__).parents[1] / "storage" / "v1" / "qingdan-v1.db"


def test_commands_on_a_v1_database_ask_for_upgrade_then_work(tmp_path: Path) -> None:
    db = tmp_path / "v1.db"
    shutil.copyfile(FIXTURE, db)
    status, _out, err = run(["report", "--db", str(db), "--period", "2025-02", "--kind", "special"])
    assert status == 2
    assert err.strip().endswith(f"run 'qingdan upgrade --db {db}' first")
    done = run(["upgrade", "--db", str(db)])
    assert done == (0, f"upgraded {db} from schema 1 to {SCHEMA_VERSION}\n", "")
    again = run(["upgrade", "--db", str(db)])[1]
    assert again == f"{db} already has schema {SCHEMA_VERSION}; nothing to do\n"
    status, out, _err = run(["report", "--db", str(db), "--period", "2025-02", "--kind", "special"])
    assert status == 0
    assert "| 一般关注 |" in out
    assert run(["verify-archive", "--db", str(db)])[0] == 0


def test_upgrade_refuses_what_is_not_a_qingdan_database(tmp_path: Path) -> None:
    status, _out, err = run(["upgrade", "--db", str(tmp_path / "none.db")])
    assert (status, err) == (2, f"qingdan: no database at {tmp_path / 'none.db'}\n")
    other = tmp_path / "other.db"
    other.write_bytes(b"not sqlite at all")
    assert run(["upgrade", "--db", str(other)])[0] == 2


def _v1_export(path: Path) -> None:
    conn = sqlite3.connect(f"{FIXTURE.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    data: dict[str, object] = {"format": "qingdan-export", "version": 1, "schema_version": 1}
    for kind in KINDS:
        if kind is HOLIDAY_NOTICES:  # added by schema 4
            continue
        query = f"SELECT payload FROM qingdan_{kind.name} ORDER BY seq"
        data[kind.name] = [json.loads(payload) for (payload,) in conn.execute(query)]
    conn.close()
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_a_version_1_export_is_converted_on_import(tmp_path: Path) -> None:
    old = tmp_path / "v1.json"
    _v1_export(old)
    db = tmp_path / "new.db"
    status, out, err = run(["import", "--db", str(db), str(old)])
    assert (status, err) == (0, "")
    assert out.endswith(": 814 added, 0 updated, 0 unchanged\n")
    with open_store(f"sqlite:///{db}") as store:
        kinds = {n.value.kind for n in store.notices.all()}
        levels = {s.value.level for s in store.supervision.all()}
    assert kinds == set(NoticeKind)
    assert levels == set(AttentionLevel)
    status, out, _err = run(["export", "--db", str(db)])
    exported = json.loads(out)
    assert exported["version"] == 2
    assert {n["kind"] for n in exported["notices"]} == {k.value for k in NoticeKind}
    assert all("task_id" not in n for n in exported["notices"])


def test_an_export_of_an_unknown_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "v9.json"
    path.write_text('{"format": "qingdan-export", "version": 9}', encoding="utf-8")
    status, _out, err = run(["import", "--db", str(tmp_path / "x.db"), str(path)])
    assert status == 2
    assert "export version 9; this qingdan-core reads versions 1, 2: upgrade qingdan-core" in err
    assert not (tmp_path / "x.db").exists()
