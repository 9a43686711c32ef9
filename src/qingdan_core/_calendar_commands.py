"""The ``qingdan calendar`` commands: add next year's holiday notice, show a year (issue 13).

* ``qingdan calendar add --db PATH FILE [--replace-notice]`` — validate the
  notice file against the calendar (the packaged notices and those the store
  keeps), print the days it changes against the provisional year (the
  statutory holidays alone), and keep it in the store, so every later command
  on it uses it;
* ``qingdan calendar show YEAR [--db PATH] [--holidays PATH] [--provisional-until YEAR|none]`` —
  the year's days off and make-up working days with their sources.

A bad file prints one line naming the file, the day and the reason, exits 2
and stores nothing.
"""

from __future__ import annotations

import argparse
from contextlib import AbstractContextManager, nullcontext
from typing import Any, TextIO

from qingdan_core._calendar_options import (
    add_calendar_options,
    calendar_from,
    sources_of,
    store_calendar,
)
from qingdan_core._holiday_notices import YearNotices
from qingdan_core._statutory import PROVISIONAL
from qingdan_core.calendar import WorkCalendar
from qingdan_core.errors import ValidationError
from qingdan_core.notice_files import (
    calendar_with,
    changed_days,
    kept_sources,
    read_source,
    remember,
    with_kept,
)

__all__ = ["add_commands"]


def add_commands(sub: Any, existing: Any) -> None:
    """Add ``calendar add`` and ``calendar show`` to the ``qingdan`` subcommands ``sub``.

    ``existing(db)`` opens an existing store (the CLI's checks included).
    """
    calendar = sub.add_parser("calendar", help="add a holiday notice file, or show a year")
    actions = calendar.add_subparsers(dest="action", required=True, parser_class=type(calendar))
    add = actions.add_parser("add", help="validate a notice file, show what it changes, keep it")
    add.add_argument("--db", required=True, help="SQLite path or store URL")
    add.add_argument("file", help="the notice file (.toml or .json)")
    add.add_argument(
        "--replace-notice",
        action="store_true",
        help="replace the different file the store keeps for a year",
    )
    add.set_defaults(run=lambda args, out, err: _add(args, out, existing))
    show = actions.add_parser("show", help="a year's days off and make-up days with sources")
    show.add_argument("year", type=int)
    show.add_argument("--db", help="also use the notice files this store keeps")
    add_calendar_options(show)
    show.set_defaults(run=lambda args, out, err: _show(args, out, existing))


def _add(args: argparse.Namespace, out: TextIO, existing: Any) -> int:
    source = read_source(args.file)
    with existing(args.db) as store:
        kept = kept_sources(store)
        before = calendar_from(kept, None)
        sources = with_kept(kept, (source,), replace=args.replace_notice)
        after = calendar_from(sources, None)
        for entry in source.notices.year:
            _print_changes(entry, before, after, out)
        written = remember(store, (source,))
    print(
        f"{source.name} (SHA-256 {source.sha256}): kept for "
        + "、".join(str(y) for y in source.years)
        + (f" in {args.db}" if written else f" in {args.db} already"),
        file=out,
    )
    return 0


def _print_changes(
    entry: YearNotices, before: WorkCalendar, after: WorkCalendar, out: TextIO
) -> None:
    """The days ``entry`` changes against the provisional year (or the year as kept before)."""
    official = entry.year <= before.official_coverage[1].year
    baseline = before if official else calendar_with(before, (), provisional_until=entry.year)
    against = "the calendar" if official else f"provisional {entry.year} ({PROVISIONAL})"
    changes = list(changed_days(baseline, entry))
    print(
        f"{entry.year} {entry.notices[0]}: {len(changes)} days change against {against}", file=out
    )
    for day, was, _ in changes:
        print(f"  {'上班' if was else '休息'} → {after.explain(day)}", file=out)


def _show(args: argparse.Namespace, out: TextIO, existing: Any) -> int:
    opened: AbstractContextManager[Any] = existing(args.db) if args.db else nullcontext()
    with opened as store:
        if store is None:
            calendar = calendar_from(sources_of(args), args.provisional_until)
        else:
            calendar, _ = store_calendar(args, store)
    entries = {e.year: e for e in (*calendar.notices.year, *calendar.provisional_years)}
    entry = entries.get(args.year)
    if entry is None:
        first, last = calendar.coverage
        raise ValidationError(
            "year", f"{args.year} is outside the calendar's coverage {first}..{last}"
        )
    provisional = entry in calendar.provisional_years
    head = f"{entry.year}年 {entry.title}"
    print(head + (f"({PROVISIONAL})" if provisional and PROVISIONAL not in head else ""), file=out)
    print(
        f"来源:{'、'.join(entry.notices)}" + (f";{entry.source}" if entry.source else ""), file=out
    )
    for holiday in entry.holiday:
        makeup = "、".join(str(d) for d in holiday.makeup_workdays)
        print(
            f"  {holiday.name}:{holiday.first}..{holiday.last} 放假 {holiday.days_off} 天"
            + (f",调休上班 {makeup}" if makeup else "")
            + (f"({holiday.notice})" if holiday.notice else ""),
            file=out,
        )
    workdays = calendar.count_workdays(entry.first_day, entry.last_day)
    print(f"全年工作日 {workdays} 天", file=out)
    return 0
