"""Spreadsheet loading speed: a 2,000-person roster and 500 key tasks from .xlsx (issue 15).

A county of 24 business units with 2,000 civil servants (2,012 people with the
county's leaders and offices) and 500 key tasks with their monthly milestones
is generated and written as the roster and key-task templates
(:func:`qingdan_core.demo.sheets.write_county_sheets`). Each run then loads
both files into a new SQLite database — ``load_roster`` then ``load_tasks`` —
and the figures are the medians over the runs of:

* ``read``  — openpyxl reading the two workbooks (:func:`qingdan_core.sheets.read_sheets`);
* ``load``  — the whole load: read, check every cell, plan and write;

each as wall time and as the process's CPU time (on a shared machine the wall
time includes waiting for a core; the CPU time is what the load costs);

then one more run under :mod:`tracemalloc` gives the peak memory of the load
(Python allocations; tracemalloc slows the run, so it is not timed). The
issue's target: the load under 5 s on this machine.

Usage::

    .venv/bin/python -m benchmarks.sheets                  # 5 runs
    .venv/bin/python -m benchmarks.sheets --repeat 3 --people 1000 --tasks 200
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

from qingdan_core.demo import generate_county
from qingdan_core.demo.sheets import CountySheets, write_county_sheets
from qingdan_core.sheets import load_roster, load_tasks, read_sheets
from qingdan_core.storage import open_store

TARGET = 5.0
"""The issue's bound on the load, in seconds."""


def load(files: CountySheets, folder: Path, run: int) -> str:
    """Load the roster and the key tasks into a new SQLite database; the two counts."""
    store = open_store(f"sqlite:///{folder / f'run-{run}.db'}")
    try:
        store.create_schema()
        return f"roster {load_roster(store, files.roster)}; tasks {load_tasks(store, files.tasks)}"
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--tasks", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="qingdan-sheets-bench-"))
    county = generate_county(seed=1, year=2025, units=24, people=args.people, tasks=args.tasks)
    files = write_county_sheets(county, folder)
    milestones = sum(len(t.milestones) for t in county.tasks)
    print(
        f"{len(county.organisation.people)} people in {len(county.organisation.units)} units, "
        f"{len(county.tasks)} key tasks with {milestones} milestones; "
        f"roster.xlsx {files.roster.stat().st_size // 1024} KiB, "
        f"tasks.xlsx {files.tasks.stat().st_size // 1024} KiB"
    )
    reads: list[tuple[float, float]] = []
    loads: list[tuple[float, float]] = []
    counts = ""
    for run in range(args.repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        read_sheets([files.roster])
        read_sheets([files.tasks])
        reads.append((time.perf_counter() - wall, time.process_time() - cpu))
        wall, cpu = time.perf_counter(), time.process_time()
        counts = load(files, folder, run)
        loads.append((time.perf_counter() - wall, time.process_time() - cpu))
    tracemalloc.start()
    load(files, folder, args.repeat)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(counts)
    for name, figures in (("read", reads), ("load", loads)):
        wall = statistics.median(w for w, _ in figures)
        cpu = statistics.median(c for _, c in figures)
        print(
            f"{name:5} median {wall:.2f} s wall, {cpu:.2f} s CPU over {args.repeat} runs "
            f"(wall {min(w for w, _ in figures):.2f}–{max(w for w, _ in figures):.2f} s)"
        )
    wall = statistics.median(w for w, _ in loads)
    print(f"target: load < {TARGET:.0f} s wall: " + ("met" if wall < TARGET else "NOT met"))
    print(f"peak  {peak / 2**20:.1f} MiB (tracemalloc, one load)")
    print(f"load average at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
