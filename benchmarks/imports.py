"""Import cost (issue 19): what ``import qingdan_core`` and the calendar path add to a bare interpreter.

Each case runs in a fresh interpreter (``python -c``), alternating with the
bare interpreter, ``--repeat`` times; the table gives medians and the time
added to the bare interpreter's start, beside the issue's goals (≤ 40 ms for
``import qingdan_core``, ≤ 80 ms for ``import qingdan_core.calendar``).

``--against PYTHON`` runs every case with another interpreter too (e.g. the
virtualenv of a checkout of an earlier commit), interleaved, and adds its
medians and the ratio, so a change is judged in one run.

Usage::

    .venv/bin/python -m benchmarks.imports
    .venv/bin/python -m benchmarks.imports --repeat 41 --against ../old/.venv/bin/python
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

CASES = {
    "bare interpreter": "pass",
    "import qingdan_core": "import qingdan_core",
    "import qingdan_core.calendar": "import qingdan_core.calendar",
    "china().add_workdays(…)": (
        "import datetime as dt; from qingdan_core.calendar import china; "
        "china().add_workdays(dt.date(2026, 9, 30), 5)"
    ),
    "qingdan_core.__version__": "import qingdan_core; qingdan_core.__version__",
    "import qingdan_core.storage.sql": "import qingdan_core.storage.sql",
}
GOALS = {"import qingdan_core": 40.0, "import qingdan_core.calendar": 80.0}


def once(python: str, code: str) -> float:
    started = time.perf_counter()
    subprocess.run([python, "-c", code], check=True)
    return (time.perf_counter() - started) * 1000


def _added(times: dict[str, list[float]], name: str) -> float:
    return statistics.median(times[name]) - statistics.median(times["bare interpreter"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--against", metavar="PYTHON", help="another interpreter to compare with")
    args = parser.parse_args(argv)
    pythons = {"this": sys.executable} | ({"against": args.against} if args.against else {})
    times: dict[str, dict[str, list[float]]] = {label: {n: [] for n in CASES} for label in pythons}
    for _ in range(args.repeat):
        for name, code in CASES.items():  # interleaved, so noise hits every case alike
            for label, python in pythons.items():
                times[label][name].append(once(python, code))
    head = "| case | median ms | added to a bare interpreter | goal |"
    rule = "|---|---|---|---|"
    if args.against:
        head += " added, --against | ratio |"
        rule += "---|---|"
    print(f"{head}\n{rule}")
    for name in CASES:
        goal = f"≤ {GOALS[name]:.0f} ms" if name in GOALS else ""
        row = f"| {name} | {statistics.median(times['this'][name]):.1f} "
        row += f"| {_added(times['this'], name):+.1f} ms | {goal} |"
        if args.against and name != "bare interpreter":
            before, after = _added(times["against"], name), _added(times["this"], name)
            row += (
                f" {before:+.1f} ms | {after / before:.2f} |"
                if before > 0
                else f" {before:+.1f} ms | |"
            )
        print(row)
    print(f"\n{args.repeat} runs of each, interleaved; Python {sys.version.split()[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
