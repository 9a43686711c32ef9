"""Benchmark: annual roll-up, ranking and grading (R14, R23–R25) for N people × 12 months.

Builds N people in units of 50, each with 12 monthly scores (about 2 % of
months missing), 4 quarterly reviews and an annual review, then times, per
run: the roll-up of every year (R14), the competition ranking within each unit,
and the annual grading with the 优秀 quota within each unit (R24). Reports the
median of the runs, the time per stage, and the peak memory (traced Python
allocations of one extra run, and the process's maximum resident set size).

Run: ``.venv/bin/python -m benchmarks.scoring`` (``-m``, so that the sibling
benchmarks/calendar.py does not shadow the standard library) (default sizes 10,000 and
100,000; ``--sizes 1000 --repeat 1`` for a quick look).
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import time
import tracemalloc
from decimal import Decimal

from qingdan_core.ledger import Subject
from qingdan_core.scoring import GradePolicy, RollupPolicy, YearRecord, grade, rank, rollup

UNIT_SIZE = 50


def make_records(people: int, seed: int = 6) -> tuple[list[YearRecord], dict[str, str]]:
    """``people`` year records with random scores, and each person's unit."""
    rng = random.Random(seed)
    scores = [Decimal(n).scaleb(-2) for n in range(5000, 10001)]  # 50.00 … 100.00
    records, units = [], {}
    for i in range(people):
        person = f"p-{i:06d}"
        units[person] = f"u-{i // UNIT_SIZE:05d}"
        months = tuple(None if rng.random() < 0.02 else rng.choice(scores) for _ in range(12))
        quarters = tuple(rng.choice(scores) for _ in range(4))
        records.append(
            YearRecord(Subject.person(person), 2026, months, quarters, rng.choice(scores))
        )
    return records, units


def run(records: list[YearRecord], units: dict[str, str]) -> dict[str, float]:
    """One pass of roll-up, ranking and grading; seconds per stage."""
    t0 = time.perf_counter()
    cards = rollup(records, RollupPolicy())
    t1 = time.perf_counter()
    totals = {card.subject.id: card.total for card in cards}
    ranks = rank(totals, units)
    t2 = time.perf_counter()
    grades = grade(totals, units, policy=GradePolicy.annual())
    t3 = time.perf_counter()
    assert len(ranks) == len(grades) == len(records)
    return {"rollup": t1 - t0, "rank": t2 - t1, "grade": t3 - t2, "total": t3 - t0}


def main() -> None:
    """Time each size and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(
        f"{'people':>8} {'months':>9} {'roll-up':>8} {'rank':>7} {'grade':>7} "
        f"{'median':>8} {'runs':>24} {'traced peak':>12}"
    )
    for size in args.sizes:
        records, units = make_records(size)
        runs = [run(records, units) for _ in range(args.repeat)]
        tracemalloc.start()
        run(records, units)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        listing = ", ".join(f"{r['total']:.2f}" for r in runs)
        print(
            f"{size:>8} {size * 12:>9} {med['rollup']:>7.2f}s {med['rank']:>6.2f}s "
            f"{med['grade']:>6.2f}s {med['total']:>7.2f}s {listing:>24} {peak / 2**20:>9.0f} MiB"
        )
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process max RSS (inputs included): {maxrss:.0f} MiB")


if __name__ == "__main__":
    main()
