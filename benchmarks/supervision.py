"""Benchmark: the month-end review (R15, R19) for 1k, 10k and 100k key tasks.

Run with ``.venv/bin/python -m benchmarks.supervision`` from the project root
(``--sizes 1000 10000`` to choose sizes, ``--repeat 5`` for the runs per
size). Prints the median wall and CPU time of the June review per size, the
CPU time per task and what the review issued; the target is 10,000 tasks in
under 1 s median, with cost growing linearly.

The workload is a county in its steady state. Key tasks are assigned in
batches, so they share a few spans: each starts on one of four days between
1 January and 2 March and is due on the 15th or 28th of July, September,
October or December 2026 (a third of the December ones with monthly
milestones); ``--distinct-spans`` gives every task its own span instead
(the worst case for the review's per-span memo of 序时进度). Tasks are spread
over 200 units and 40 lead leaders; each drifts from 序时进度 by its own amount (seven in ten within
−8…+10 points, two in ten 10–30 points behind, one in ten 30–50 points
behind), reports at the end of April, May and (95 % of them) June. Each task
is placed by its profile (R18), then the April and May reviews run (not
timed); six in ten of their notices are answered, the rest are ignored and
escalate. The timed run is the review of 30 June.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import time
from decimal import Decimal

from qingdan_core.attention import TaskProfile, TaskSupervision, place
from qingdan_core.calendar import china
from qingdan_core.deadlines import Milestone
from qingdan_core.lists import ItemStatus, ListItem, ProgressReport
from qingdan_core.notices import Notice, answer
from qingdan_core.review import month_end_review

START = dt.date(2026, 1, 1)
_STARTS = (START, dt.date(2026, 1, 5), dt.date(2026, 2, 24), dt.date(2026, 3, 2))
WARM_UP = (dt.date(2026, 4, 30), dt.date(2026, 5, 29))
DAY = dt.date(2026, 6, 30)
CAL = china()
_MILESTONES = (
    Milestone(dt.date(2026, 3, 31), Decimal("0.2")),
    Milestone(dt.date(2026, 6, 30), Decimal("0.5")),
    Milestone(dt.date(2026, 9, 30), Decimal("0.8")),
)


def _task(i: int, rng: random.Random, distinct: bool) -> ListItem:
    if distinct:
        start = START + dt.timedelta(days=i % 60)
        due = dt.date(2026, 7, 1) + dt.timedelta(days=i // 60 % 180)
    else:
        start = rng.choice(_STARTS)
        due = dt.date(2026, rng.choice([7, 9, 10, 12]), rng.choice([15, 28]))
    drift = rng.choices(
        [rng.uniform(-0.08, 0.1), rng.uniform(-0.3, -0.1), rng.uniform(-0.5, -0.3)], [7, 2, 1]
    )[0]

    def progress(day: dt.date) -> Decimal:
        elapsed = (day - start).days / (due - start).days
        return Decimal(str(round(max(0.0, min(1.0, elapsed + drift)), 2)))

    days = [dt.date(2026, 4, 28), dt.date(2026, 5, 27)]
    if rng.random() < 0.95:
        days.append(dt.date(2026, 6, 25))
    reports = tuple(ProgressReport(d, progress(d)) for d in days)
    return ListItem(
        f"t-{i}",
        f"重点工作任务 {i}",
        start,
        due,
        lead_leader_id=f"p-{i % 40}",
        responsible_unit_id=f"u-{i % 200}",
        milestones=_MILESTONES if i % 3 == 0 and due.month == 12 else (),
        reports=reports,
        status=ItemStatus.DONE if reports[-1].progress == 1 else ItemStatus.IN_PROGRESS,
    )


def _profile(rng: random.Random) -> TaskProfile:
    score = [1, 2, 3, 4, 5]
    return TaskProfile(*rng.choices(score, [3, 4, 3, 2, 1], k=4))


def workload(
    n: int, seed: int = 7, *, distinct: bool = False
) -> tuple[list[ListItem], tuple[TaskSupervision, ...], tuple[Notice, ...]]:
    """``n`` tasks with their states and notices after the April and May reviews."""
    rng = random.Random(seed)
    tasks = [_task(i, rng, distinct) for i in range(n)]
    states = tuple(place(t.item_id, _profile(rng)) for t in tasks)
    notices: tuple[Notice, ...] = ()
    for day in WARM_UP:
        review = month_end_review(tasks, states, notices, day, CAL)
        states = review.states
        new = {n.serial for n in review.new_notices}
        notices = tuple(
            answer(n, n.issued_on) if n.serial in new and rng.random() < 0.6 else n
            for n in review.notices_after(notices)
        )
    return tasks, states, notices


def measure(n: int, repeat: int, distinct: bool = False) -> tuple[float, float, str]:
    """Median wall and CPU seconds of the June review of ``n`` tasks, and what it issued.

    CPU time (``time.process_time``) is this process's own work: on a machine
    shared with other jobs it is the steadier figure.
    """
    tasks, states, notices = workload(n, distinct=distinct)
    walls, cpus = [], []
    issued = ""
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        review = month_end_review(tasks, states, notices, DAY, CAL)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
        issued = (
            f"{len(review.level_changes)} level changes, {len(review.new_notices)} notices "
            f"({len(review.escalations)} escalations)"
        )
    return statistics.median(walls), statistics.median(cpus), issued


def main() -> None:
    """Print the median review time for each size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--distinct-spans", action="store_true")
    args = parser.parse_args()
    print(f"{'tasks':>8} {'wall s':>8} {'cpu s':>8} {'cpu µs/task':>12}  issued")
    for n in args.sizes:
        repeat = args.repeat if n <= 10_000 else max(1, args.repeat // 2)
        wall, cpu, issued = measure(n, repeat, args.distinct_spans)
        print(f"{n:>8} {wall:>8.3f} {cpu:>8.3f} {cpu / n * 1e6:>12.1f}  {issued}")


if __name__ == "__main__":
    main()
