"""A city on one database (issue 18): many county namespaces, each running a year of month-ends.

For PostgreSQL and MariaDB, in one run:

* **growth** — counties are added one after another, each in its own namespace,
  each playing a generated county's year (``demo.year.run_year``: its setup,
  twelve month-ends with their ledger, reviews, scores and archive filings);
  the time of the 1st, the 10th and the last county shows whether a county
  costs more as the database fills;
* **workers** — the same number of counties again, in fresh namespaces, spread
  over ``--workers`` processes (one store per process and county): wall time
  and its ratio to one process;
* **size** — how much the database grew, per county-year;
* **profile** — where one county's year spends its time (cProfile, by module).

Servers are started the way the tests start them (throwaway, on loopback)
unless URLs are given. The defaults are the issue's city: 50 counties of 20
units, 200 people and 80 key tasks (10,000 people, 4,000 key tasks in all).

Usage::

    .venv/bin/python -m benchmarks.city                       # the issue's city, both servers
    .venv/bin/python -m benchmarks.city --counties 10 --no-mysql
    .venv/bin/python -m benchmarks.city --pg-url postgresql+psycopg://u@host/db
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import multiprocessing
import pstats
import statistics
import sys
import time
import uuid
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa

from qingdan_core.demo import generate_county
from qingdan_core.demo.year import run_year
from qingdan_core.storage import list_namespaces, open_store

YEAR = 2025


def play_county(
    url: str, namespace: str, seed: int, size: tuple[int, int, int]
) -> tuple[float, float]:
    """Seconds to create ``namespace``'s tables, and to play a generated county's year into it."""
    units, people, tasks = size
    county = generate_county(seed, YEAR, units=units, people=people, tasks=tasks)
    with open_store(url, namespace=namespace) as store:
        started = time.perf_counter()
        store.create_schema()
        created = time.perf_counter()
        run_year(county, store)
        return created - started, time.perf_counter() - created


def _play(job: tuple[str, str, int, tuple[int, int, int]]) -> tuple[float, float]:
    return play_county(*job)


def database_bytes(url: str) -> int:
    engine = sa.create_engine(url, poolclass=sa.NullPool)
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            size = conn.exec_driver_sql("SELECT pg_database_size(current_database())").scalar()
        else:
            size = conn.exec_driver_sql(
                "SELECT SUM(data_length + index_length) FROM information_schema.tables "
                "WHERE table_schema = DATABASE()"
            ).scalar()
    engine.dispose()
    return int(size or 0)


def profile_one(url: str, size: tuple[int, int, int]) -> list[tuple[str, float]]:
    """The seconds one county's year spends in each top-level package (own time, cProfile)."""
    profiler = cProfile.Profile()
    profiler.enable()
    play_county(url, f"p_{uuid.uuid4().hex[:8]}", 999, size)
    profiler.disable()
    by_place: dict[str, float] = defaultdict(float)
    stats = pstats.Stats(profiler)
    for (filename, _line, _name), row in stats.stats.items():  # type: ignore[attr-defined]
        by_place[_place(filename)] += row[2]
    return sorted(by_place.items(), key=lambda item: -item[1])[:8]


def _place(filename: str) -> str:
    parts = Path(filename).parts
    for anchor in ("qingdan_core", "sqlalchemy", "psycopg", "pymysql", "cattrs", "attrs"):
        if anchor in parts:
            index = parts.index(anchor)
            return "/".join(parts[index : index + 2]).removesuffix(".py")
    if "site-packages" in parts:
        return parts[parts.index("site-packages") + 1]
    return "python (stdlib and builtins)" if filename.startswith(("/", "~", "<")) else filename


def run(label: str, url: str, counties: int, workers: int, size: tuple[int, int, int]) -> None:
    print(
        f"\n## {label}: {counties} counties of {size[0]} units, {size[1]} people, {size[2]} tasks"
    )
    run_id = uuid.uuid4().hex[:4]
    empty = database_bytes(url)
    schema, times = [], []
    for number in range(counties):
        created, played = play_county(url, f"g{run_id}_{number}", number, size)
        schema.append(created)
        times.append(created + played)
        print(
            f"  county {number + 1:3d}: tables {created:5.2f} s, year {played:6.2f} s",
            file=sys.stderr,
        )
    one_process = sum(times)
    marks = sorted({0, min(9, counties - 1), counties - 1})
    print("| county added | seconds | of which tables | vs the 1st |\n|---|---|---|---|")
    for index in marks:
        print(
            f"| {index + 1} | {times[index]:.2f} | {schema[index]:.2f} "
            f"| {times[index] / times[0]:.2f}x |"
        )
    jobs = [(url, f"w{run_id}_{n}", n, size) for n in range(counties)]
    started = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        pool.map(_play, jobs, chunksize=1)
    parallel = time.perf_counter() - started
    print(
        f"\n| all {counties} counties' years | wall seconds | per county |\n|---|---|---|\n"
        f"| one process | {one_process:.1f} | {one_process / counties:.2f} |\n"
        f"| {workers} worker processes | {parallel:.1f} | {parallel / counties:.2f} |\n"
        f"\nspeed-up with {workers} workers: {one_process / parallel:.2f}x; "
        f"median county {statistics.median(times):.2f} s"
    )
    found = len([n for n in list_namespaces(url) if n.startswith(("g" + run_id, "w" + run_id))])
    grown = database_bytes(url) - empty
    print(
        f"\ndatabase grew by {grown / 2**20:.1f} MiB for {found} namespaces "
        f"({grown / max(found, 1) / 2**20:.2f} MiB per county-year)"
    )
    print("\nwhere one county's year spends its own time (cProfile):")
    for place, seconds in profile_one(url, size):
        print(f"  {seconds:7.2f} s  {place}")


@contextlib.contextmanager
def server(kind: str, given: str | None) -> Iterator[str]:
    if given:
        yield given
        return
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    import conftest  # type: ignore[import-not-found]  # the tests' throwaway servers

    start = conftest._throwaway_server if kind == "postgres" else conftest.throwaway_mariadb
    with start() as url:
        if kind == "postgres":
            yield url
            return
        admin = sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
        with admin.connect() as conn:
            conn.exec_driver_sql("CREATE DATABASE city CHARACTER SET utf8mb4")
        admin.dispose()
        yield sa.make_url(url).set(database="city").render_as_string(hide_password=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counties", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--units", type=int, default=20)
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--tasks", type=int, default=80)
    parser.add_argument("--pg-url", help="a PostgreSQL URL (default: a throwaway server)")
    parser.add_argument("--mysql-url", help="a MariaDB/MySQL URL (default: a throwaway server)")
    parser.add_argument("--no-mysql", action="store_true", help="PostgreSQL only")
    args = parser.parse_args(argv)
    size = (args.units, args.people, args.tasks)
    with server("postgres", args.pg_url) as url:
        run("PostgreSQL", url, args.counties, args.workers, size)
    if not args.no_mysql:
        with server("mysql", args.mysql_url) as url:
            run("MariaDB", url, args.counties, args.workers, size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
