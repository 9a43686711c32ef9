"""The calendar options every date-computing ``qingdan`` subcommand shares (issue 13).

* ``--holidays PATH`` (repeatable): a holiday notice file or a folder of them,
  joined to the packaged notices; ``QINGDAN_HOLIDAYS`` (paths separated by
  ``os.pathsep``) acts the same and comes first.
* ``--replace-notice``: a store keeps the notice files it was run with (text
  and SHA-256), so every later command and process on it computes the same
  dates; a different file for a year it keeps is refused, naming both digests,
  unless this is given.
* ``--provisional-until YEAR|none``: the last year counted provisionally from
  the statutory holidays alone. The default is the year after the last notice,
  so a county keeps working in December and January before the State
  Council's notice; every output that depends on such a day says
  暂按法定节假日推算. ``none`` refuses every day after the last notice.

>>> parser = argparse.ArgumentParser()
>>> add_calendar_options(parser)
>>> args = parser.parse_args(["--provisional-until", "none"])
>>> calendar_of(args, environ={}).coverage[1]
datetime.date(2026, 12, 31)
>>> calendar_of(parser.parse_args([]), environ={}).coverage[1]
datetime.date(2027, 12, 31)
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from qingdan_core._statutory import PROVISIONAL
from qingdan_core.calendar import WorkCalendar, china
from qingdan_core.notice_files import (
    ENVIRONMENT,
    NoticeSource,
    calendar_with,
    kept_sources,
    read_sources,
    with_kept,
)

if TYPE_CHECKING:
    from qingdan_core.storage.protocol import Store

__all__ = [
    "NEXT_YEAR",
    "add_calendar_options",
    "calendar_from",
    "calendar_of",
    "provisional_note",
    "sources_of",
    "store_calendar",
]

NEXT_YEAR = "next"
"""The default of ``--provisional-until``: the year after the last notice."""


def _year_or_none(text: str) -> int | str | None:
    if text.lower() == "none":
        return None
    if text == NEXT_YEAR:
        return text
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a year or 'none', got {text!r}") from None


def add_calendar_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--holidays`` and ``--provisional-until`` to ``parser``."""
    group = parser.add_argument_group("calendar")
    group.add_argument(
        "--holidays",
        action="append",
        default=[],
        metavar="PATH",
        help=f"a holiday notice file (.toml/.json) or a folder of them; repeatable "
        f"(also ${ENVIRONMENT}, separated by {os.pathsep!r})",
    )
    group.add_argument(
        "--provisional-until",
        type=_year_or_none,
        default=NEXT_YEAR,
        metavar="YEAR|none",
        help="count the years after the last notice up to YEAR from the statutory holidays "
        "alone (暂按法定节假日推算); default: the year after the last notice; none: refuse them",
    )
    group.add_argument(
        "--replace-notice",
        action="store_true",
        help="let a --holidays file replace the different one the store keeps for its year",
    )


def sources_of(
    args: argparse.Namespace, environ: Mapping[str, str] = os.environ
) -> tuple[NoticeSource, ...]:
    """The notice files ``$QINGDAN_HOLIDAYS`` and then ``--holidays`` name, read and checked."""
    listed = [p for p in environ.get(ENVIRONMENT, "").split(os.pathsep) if p]
    return read_sources([*listed, *args.holidays])


def calendar_of(
    args: argparse.Namespace,
    environ: Mapping[str, str] = os.environ,
    stored: Iterable[NoticeSource] = (),
) -> WorkCalendar:
    """The calendar the options ask for: the packaged notices, ``stored`` and the given files.

    :raises ValidationError: naming the file, day and reason of a bad notice file.
    """
    return calendar_from((*stored, *sources_of(args, environ)), args.provisional_until)


def calendar_from(sources: Iterable[NoticeSource], until: int | str | None) -> WorkCalendar:
    """The packaged calendar with ``sources``, provisional up to ``until`` (or :data:`NEXT_YEAR`)."""
    joined = calendar_with(china(), tuple(sources), provisional_until=None)
    if until == NEXT_YEAR:
        until = joined.official_coverage[1].year + 1
    assert not isinstance(until, str)
    return calendar_with(joined, (), provisional_until=until)


def store_calendar(
    args: argparse.Namespace, store: Store, environ: Mapping[str, str] = os.environ
) -> tuple[WorkCalendar, tuple[NoticeSource, ...]]:
    """The calendar of a run on ``store`` (the files it keeps, then the given ones), and the given.

    A command that writes keeps the given files with
    :func:`~qingdan_core.notice_files.remember` once it has succeeded, so
    nothing is stored from a bad file or a refused run.

    :raises ValidationError: naming the file and both SHA-256 digests when a
        given file differs from the one kept for its year (unless
        ``--replace-notice``), or the file, day and reason of a bad notice file.
    """
    given = sources_of(args, environ)
    sources = with_kept(kept_sources(store), given, replace=args.replace_notice)
    return calendar_from(sources, args.provisional_until), given


def provisional_note(calendar: WorkCalendar, days: Iterable[dt.date]) -> str | None:
    """One line saying which of ``days`` are provisional, or None if none is.

    >>> cal = china(provisional_until=2027)
    >>> print(provisional_note(cal, [dt.date(2026, 12, 31), dt.date(2027, 1, 8)]))
    注:1 个日期(2027-01-08)在 2026-12-31 之后,暂按法定节假日推算, 待国务院办公厅通知;国务院办公厅通知公布后用 --holidays 加入并重算
    >>> provisional_note(cal, [dt.date(2026, 12, 31)]) is None
    True
    """
    last = calendar.official_coverage[1]
    late = sorted({day for day in days if day > last})
    if not late:
        return None
    shown = "、".join(d.isoformat() for d in late[:3]) + (" 等" if len(late) > 3 else "")
    return (
        f"注:{len(late)} 个日期({shown})在 {last} 之后,{PROVISIONAL};"
        "国务院办公厅通知公布后用 --holidays 加入并重算"
    )
