"""Working-day arithmetic: qingdan_core.calendar against the `holidays` package, side by side.

Run: ``.venv/bin/python benchmarks/calendar.py [--repeats N]``

Measures the median time of one call (timed in batches with
``time.perf_counter_ns``) for: adding 20 working days, counting a year's
working days, checking one day, and building the calendar; prints a table
with the ratios the calendar issue requires (add >= 50x, count >= 150x,
is_workday < 0.5 us, build < 20 ms). Both libraries answer the same
questions, and the script checks they agree on them first.
"""

from __future__ import annotations

import os
import sys

# This file is named calendar.py: keep it from shadowing the standard library's `calendar`.
if sys.path and os.path.abspath(sys.path[0]) == os.path.dirname(os.path.abspath(__file__)):
    del sys.path[0]

import argparse
import datetime as dt
import statistics
import subprocess
import time
from collections.abc import Callable
from importlib.metadata import version
from importlib.resources import files
from typing import Any

import holidays

from qingdan_core._holiday_notices import load_notices
from qingdan_core.calendar import WorkCalendar, china

YEARS = range(2004, 2027)
STARTS = [dt.date(2025, 1, 1) + dt.timedelta(days=7 * i + i % 7) for i in range(50)]
YEAR = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
COLD = (
    "import time, qingdan_core.calendar as c; t = time.perf_counter_ns(); c.china(); "
    "print((time.perf_counter_ns() - t) / 1000)"
)


def median_us(call: Callable[..., object], args: list[tuple[Any, ...]], repeats: int) -> float:
    """The median time of one ``call(*a)`` in microseconds, timing one pass over ``args`` at a time."""
    samples = []
    for _ in range(repeats):
        start = time.perf_counter_ns()
        for a in args:
            call(*a)
        samples.append((time.perf_counter_ns() - start) / len(args) / 1000)
    return statistics.median(samples)


def _noop(*_args: object) -> None:
    """The cheapest call, to show what the timing loop itself costs."""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=200, help="timed batches per measurement")
    args = parser.parse_args()
    repeats = args.repeats

    ours = china()
    theirs = holidays.country_holidays("CN", years=YEARS)
    for start in STARTS:  # same answers before comparing speed
        assert ours.add_workdays(start, 20) == theirs.get_nth_working_day(start, 20), start
        assert ours.is_workday(start) == theirs.is_working_day(start), start
    assert ours.count_workdays(*YEAR) == theirs.get_working_days_count(*YEAR)

    path = files("qingdan_core") / "calendar_data" / "china.toml"
    cold = sorted(
        float(subprocess.run([sys.executable, "-c", COLD], capture_output=True, check=True).stdout)
        for _ in range(7)
    )
    adds = [(d, 20) for d in STARTS]
    days = [(d,) for d in STARTS]
    build_repeats = max(repeats // 10, 5)
    rows: list[tuple[str, float, float, str, Callable[[float, float], bool] | None]] = [
        (
            "add_workdays(d, 20)",
            median_us(ours.add_workdays, adds * 10, repeats),
            median_us(theirs.get_nth_working_day, adds[:5], repeats),
            "ratio >= 50",
            lambda us, them: them / us >= 50,
        ),
        (
            "count_workdays(year)",
            median_us(ours.count_workdays, [YEAR] * 100, repeats),
            median_us(theirs.get_working_days_count, [YEAR], repeats),
            "ratio >= 150",
            lambda us, them: them / us >= 150,
        ),
        (
            "is_workday(d)",
            median_us(ours.is_workday, days * 20, repeats),
            median_us(theirs.is_working_day, days, repeats),
            "ours < 0.5 us",
            lambda us, _them: us < 0.5,
        ),
        (
            "build china() 2004-2026",
            median_us(china.__wrapped__, [()], build_repeats),
            median_us(lambda: holidays.country_holidays("CN", years=YEARS), [()], build_repeats),
            "ours < 20000 us",
            lambda us, _them: us < 20_000,
        ),
        (
            "  the same from the TOML file alone",
            median_us(lambda: WorkCalendar(load_notices(path)), [()], build_repeats),
            float("nan"),
            "(no JSON copy)",
            None,
        ),
        (
            "first china() in a fresh process",
            statistics.median(cold),
            float("nan"),
            "after the import",
            None,
        ),
    ]
    loop = median_us(_noop, days * 20, repeats)
    print(f"holidays {version('holidays')}, Python {sys.version.split()[0]}, {repeats} repeats")
    print(f"(a no-op call in the same loop costs ~{loop:.3f} us; it is included above)\n")
    print(f"{'operation':34} {'qingdan_core us':>16} {'holidays us':>12} {'ratio':>8}  required")
    failed = False
    for name, us, them, required, check in rows:
        mark = "" if check is None else ("ok" if check(us, them) else "FAILED")
        failed |= mark == "FAILED"
        print(f"{name:34} {us:16.3f} {them:12.3f} {them / us:8.1f}  {required} {mark}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
