"""Write ``qingdan-v1.db``: a small SQLite store of schema version 1, every stored kind.

Run it with the library of the last schema-1 release state, commit 904e4e4::

    git worktree add /tmp/v1 904e4e4
    PYTHONPATH=/tmp/v1/src .venv/bin/python tests/storage/v1/make_v1_db.py

It runs the demo county for two months (seed 42, three units, twelve people,
eight tasks), then adds what two months do not reach: a commitment contract,
a notice of every kind and of every status (filed in the archive
too) with the ledger entry of its deduction, a
supervision state at every attention level and list colour, and level changes
between every pair of neighbouring levels. The file is checkpointed out of WAL
mode and vacuumed, so it is one small file. Every call below passes its arguments
by position, so the script reads the same against the names of either schema version.
"""

from __future__ import annotations

import datetime as dt
import itertools
import sqlite3
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET = HERE / "qingdan-v1.db"
DAY = dt.date(2025, 2, 10)
FILED_AT = dt.datetime(2025, 2, 10, 9, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def _extras(store: object) -> None:
    """Add the records two demo months do not reach (see the module docs)."""
    from qingdan_core.archive import Filing, RecordKind
    from qingdan_core.attention import AttentionLevel, LevelChange, TaskSupervision
    from qingdan_core.calendar import china
    from qingdan_core.colours import Colour
    from qingdan_core.contracts import CommitmentContract, two_copies
    from qingdan_core.ledger import Subject
    from qingdan_core.lists import ListItem
    from qingdan_core.notices import (
        NoticeKind,
        Serial,
        answer,
        close,
        deduction_entry,
        escalate_unanswered,
        issue,
    )

    calendar = china()
    tx_store: object = store
    with tx_store.transaction() as tx:  # type: ignore[attr-defined]
        item = ListItem("v1-item", "一份合同的任务", DAY, dt.date(2025, 6, 30))
        tx.contracts.add(
            CommitmentContract("v1-contract", "u-fgw", "常务会议", DAY, (item,), two_copies(DAY))
        )
        unit = Subject.unit("u-fgw")
        notices = []
        for number, kind in enumerate(NoticeKind, start=900):
            notice = issue(
                kind, Serial("督考", 2025, number), f"v1-t-{number}", unit, DAY, "v1 样例", calendar
            )
            if number % 3 == 1:
                notice = answer(notice, DAY + dt.timedelta(days=1))
            elif number % 3 == 2:
                notice = close(
                    answer(notice, DAY + dt.timedelta(days=1)), DAY + dt.timedelta(days=2)
                )
            if kind is NoticeKind.DAILY_SUPERVISION:
                tx.ledger.add(deduction_entry(notice))
            notices.append(notice)
        [up] = escalate_unanswered(
            notices[:1], DAY + dt.timedelta(days=30), calendar, last_serial=950
        )
        for notice in (up.escalated, *notices[1:], up.successor):
            tx.notices.add(notice)
            tx.archive.append(
                Filing.of(
                    "u-fgw",
                    unit,
                    RecordKind.NOTICE,
                    str(notice.serial),
                    notice,
                    signed_by="p-office",
                    filed_at=FILED_AT,
                )
            )
        for level, colour in zip(AttentionLevel, Colour, strict=True):
            tx.supervision.add(
                TaskSupervision(f"v1-state-{level.name}", level, 0, DAY, None, colour)
            )
        for before, after in itertools.pairwise(AttentionLevel):
            tx.level_changes.add(LevelChange("v1-state-GENERAL", DAY, before, after, "v1 样例"))
            tx.level_changes.add(LevelChange("v1-state-GENERAL", DAY, after, before, "v1 样例"))


def main() -> int:
    from qingdan_core.cli import main as qingdan
    from qingdan_core.storage import open_store
    from qingdan_core.storage.sql import SCHEMA_VERSION

    if SCHEMA_VERSION != 1:
        print(
            "run this with the schema-1 library (commit 904e4e4, see the docstring)",
            file=sys.stderr,
        )
        return 2
    TARGET.unlink(missing_ok=True)
    demo = ["demo", "--db", str(TARGET), "--year", "2025", "--months", "2"]
    if qingdan([*demo, "--units", "3", "--people", "12", "--tasks", "8"]) != 0:
        return 1
    store = open_store(f"sqlite:///{TARGET}")
    try:
        _extras(store)
    finally:
        store.close()
    conn = sqlite3.connect(TARGET)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("VACUUM")
    conn.close()
    print(f"wrote {TARGET} ({TARGET.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
