"""A separate process for the fault tests: races on two units, or dies inside a unit of work.

Usage: ``python _fault_worker.py race URL ITERATIONS GO_FILE inside|outside`` creates
``GO_FILE.ready-<pid>`` once its store is open, waits for GO_FILE, and prints
a JSON report ``{"won": n, "conflicts": m, "other": [...]}``;
``python _fault_worker.py die URL MARKER_FILE`` writes inside a unit of work,
creates MARKER_FILE and waits there to be killed.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from qingdan_core.errors import ConflictError
from qingdan_core.ledger import EntryKind, LedgerEntry, Subject
from qingdan_core.storage import open_store


def race(url: str, iterations: int, go: Path, inside: bool) -> dict[str, object]:
    """Increment the counters in the names of units u-a and u-b together, ``iterations`` times.

    ``inside``: read inside the unit of work that writes (SQLite queues the two
    processes); else read first, then write with the versions read.
    """
    store = open_store(url)
    store.units.get("u-a")  # connected and ready
    go.with_name(f"{go.name}.ready-{os.getpid()}").write_text("ready")
    while not go.exists():
        time.sleep(0.001)
    won = conflicts = 0
    other: list[str] = []
    while won < iterations and not other:
        try:
            if inside:
                with store.transaction() as tx:
                    a, b = tx.units.get("u-a"), tx.units.get("u-b")
                    _think()
                    _bump(tx, a, b)
            else:
                # Read, think, then write with the versions read, as a form would: the
                # other process may save in between (a stale version).
                a, b = store.units.get("u-a"), store.units.get("u-b")
                _think()
                with store.transaction() as tx:
                    _bump(tx, a, b)
            won += 1
        except ConflictError:
            conflicts += 1
        except Exception as exc:  # reported, and fails the test
            other.append(repr(exc))
    store.close()
    return {"won": won, "conflicts": conflicts, "other": other}


def _think() -> None:
    """Widen the window between reading and writing."""
    time.sleep(random.random() / 200)


def _bump(tx: Any, a: Any, b: Any) -> None:
    """Save both units with their counters one higher, at the versions read."""
    tx.units.save(attrs.evolve(a.value, name=str(int(a.value.name) + 1)), a.version)
    tx.units.save(attrs.evolve(b.value, name=str(int(b.value.name) + 1)), b.version)


def die(url: str, marker: Path) -> None:
    """Write inside a unit of work, say so, and wait there to be killed."""
    store = open_store(url)
    with store.transaction() as tx:
        tx.ledger.add_many(
            LedgerEntry(
                f"K-{n}",
                Subject.unit("u-a"),
                dt.date(2026, 11, 1),
                EntryKind.DEDUCTION,
                Decimal("-1"),
                "督考〔2026〕99号",
                "R21",
                "killed before commit",
            )
            for n in range(2000)
        )
        stored = tx.units.get("u-a")
        tx.units.save(attrs.evolve(stored.value, name="changed"), stored.version)
        marker.write_text("inside the unit of work")
        time.sleep(120)


if __name__ == "__main__":
    if sys.argv[1] == "race":
        inside = sys.argv[5] == "inside"
        print(json.dumps(race(sys.argv[2], int(sys.argv[3]), Path(sys.argv[4]), inside)))
    else:
        die(sys.argv[2], Path(sys.argv[3]))
