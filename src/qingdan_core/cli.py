"""The ``qingdan`` command: the demo county, the month-end run, reports, export and import.

Subcommands:

* ``qingdan demo [--db PATH] [--year YYYY] [--seed N]`` — generate a county and
  run its year through the rules and the store; prints a month-by-month
  summary and the final ranking with grades (progress goes to stderr);
* ``qingdan month-end --db PATH --month YYYY-MM`` — the monthly cycle on an
  existing store, refused with the list of missing inputs when incomplete;
* ``qingdan report --db PATH --period YYYY-MM|YYYY-Qn|YYYY --kind KIND --format md|html|csv|json``;
* ``qingdan export --db PATH`` / ``qingdan import [--replace] --db PATH FILE`` — the whole
  store as JSON through the codec; an import is checked in full before anything is written,
  and builds the new SQLite database beside the old one, renaming it in only when it is
  complete (one transaction on a server database), so a failed import loses nothing;
* ``qingdan template --kind roster|tasks|lists -o FILE.xlsx`` and
  ``qingdan load --db PATH --kind KIND [--dry-run] FILE...`` — spreadsheets in
  (see :mod:`qingdan_core.sheets`): a file with problems prints one line per
  problem (sheet, row, column, reason) and writes nothing;
* ``qingdan notice --db PATH --serial 督考〔2026〕17号`` (repeatable) or
  ``--month YYYY-MM --all`` (or ``--kind KIND``) ``[-o DIR]`` — the notices as
  documents after GB/T 9704-2012: a ``.docx`` each and one print-ready HTML
  file (see :mod:`qingdan_core.documents`; R4, R16, R17, R20, R21);
* ``qingdan calendar add --db PATH FILE`` / ``qingdan calendar show YEAR`` — keep
  next year's holiday notice in a store (showing the days it changes against the
  provisional year), print a year's days off (see :mod:`qingdan_core._calendar_commands`);
* ``qingdan verify-archive --db PATH [--root DIGEST]`` — check every stored archive
  entry, file head and the root, and root digests printed earlier (R5, R22);
* ``qingdan upgrade --db PATH`` — bring a database written by an older library to
  this one's schema (in one transaction; see ``SqlBackend.upgrade``).

``demo``, ``month-end`` and ``report`` compute dates on one calendar, set by
``--holidays PATH`` (a notice file or folder, repeatable; ``$QINGDAN_HOLIDAYS``
acts the same) and ``--provisional-until YEAR|none`` (default: the year after
the last notice, with a 暂按法定节假日推算 note on every output that depends on
it; see :mod:`qingdan_core._calendar_options`).

``--db`` takes a file path (SQLite, the embedded default) or a store URL
(``postgresql+psycopg://…``). Bad input — an unknown month, a missing or
foreign database, a malformed import file, a database from a newer library —
prints one line saying what is wrong and what to do, exits with status 2,
shows no traceback and writes nothing. A tampered archive, or a damaged database
file, exits with status 1. ``demo``, ``month-end``, ``import``, ``verify-archive``
and ``upgrade`` take ``--archive-key-file FILE``, the county's archive key (default:
the file named by ``$QINGDAN_ARCHIVE_KEY_FILE``; none: an unkeyed archive).

>>> main(["--version"])  # doctest: +ELLIPSIS
qingdan ...
0
>>> main(["report", "--db", "no-such.db", "--period", "2025-13", "--kind", "ledger"])
2
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn, TextIO

from qingdan_core import __version__
from qingdan_core._calendar_commands import add_commands as add_calendar_commands
from qingdan_core._calendar_options import (
    add_calendar_options,
    calendar_from,
    provisional_note,
    sources_of,
    store_calendar,
)
from qingdan_core._sheet_commands import add_commands as add_sheet_commands
from qingdan_core.attention import AttentionLevel
from qingdan_core.colours import Colour
from qingdan_core.errors import (
    ArchiveTamperedError,
    CalendarCoverageError,
    ConflictError,
    NotFoundError,
    QingdanError,
    ValidationError,
)
from qingdan_core.ledger import SubjectKind
from qingdan_core.notice_files import remember
from qingdan_core.periods import Month, Quarter, Week, Year, parse_period
from qingdan_core.reports import FORMATS, ReportKind, build, render
from qingdan_core.scoring import Grade, Measure
from qingdan_core.transfer import EXPORT_FORMAT

__all__ = ["EXPORT_FORMAT", "build_parser", "main"]

_SQLITE_HEADER = b"SQLite format 3\x00"
_KEY_VARIABLE = "QINGDAN_ARCHIVE_KEY_FILE"


class _BadInput(Exception):
    """Input the command refuses: one line for the user, exit status 2."""


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors and exit status 2, like every other bad input."""

    def error(self, message: str) -> NoReturn:
        raise _BadInput(f"{message} (see '{self.prog} --help')")


# ---------------------------------------------------------------------------- databases


def _url(db: str) -> str:
    """A store URL for ``--db``: a URL as given, a path as an SQLite URL."""
    if "://" in db:
        return db
    return "sqlite:///" + str(Path(db).expanduser().resolve())


def _sqlite_path(db: str) -> Path | None:
    if "://" not in db:
        return Path(db).expanduser()
    if db.startswith(("sqlite:///", "sqlite+pysqlite:///")):
        return Path(db.split(":///", 1)[1])
    return None


def _schema_version() -> int:
    from qingdan_core.storage.sql import SCHEMA_VERSION

    return SCHEMA_VERSION


def _read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection to the SQLite file at ``path`` that leaves no file behind."""
    # Without a write-ahead log to read, open it immutable: no lock or -shm file is made.
    immutable = "" if Path(f"{path}-wal").exists() else "&immutable=1"
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro{immutable}", uri=True)


def _is_sqlite(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(16) == _SQLITE_HEADER


def _inspect_sqlite(path: Path) -> int | None:
    """The qingdan schema version of the SQLite file at ``path``, read-only; None if none.

    :raises _BadInput: when the file is not an SQLite database.
    """
    if not _is_sqlite(path):
        raise _BadInput(f"{path} is not a qingdan database (not an SQLite file)")
    try:
        conn = _read_only(path)
        try:
            found = conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name='qingdan_schema'"
            ).fetchone()
            if found is None:
                return None
            row = conn.execute(
                "SELECT version FROM qingdan_schema WHERE component='qingdan_core'"
            ).fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise _BadInput(f"{path} is not a qingdan database ({exc})") from exc
    return None if row is None else int(row[0])


def _check_version(label: object, version: int | None, *, older: bool = False) -> None:
    """Refuse what is not a qingdan database, or one of a newer schema (or, unless
    ``older``, of an older one, which needs ``qingdan upgrade``)."""
    if version is None:
        raise _BadInput(
            f"{label} is not a qingdan database (no qingdan_core tables); "
            "create one with 'qingdan demo --db PATH' or 'qingdan import'"
        )
    if version > _schema_version():
        raise _BadInput(
            f"{label} was written by a newer qingdan-core (schema {version}, this one reads "
            f"{_schema_version()}): upgrade qingdan-core"
        )
    if version < _schema_version() and not older:
        raise _BadInput(
            f"{label} has the older schema {version} (this qingdan-core reads "
            f"{_schema_version()}): run 'qingdan upgrade --db {label}' first"
        )


def _archive_key(args: argparse.Namespace) -> Any:
    """The county's archive key (R5): from ``--archive-key-file``, else the file named by
    the environment variable ``QINGDAN_ARCHIVE_KEY_FILE``; None when neither is given.

    :raises _BadInput: when the file cannot be read or does not hold a key.
    """
    from qingdan_core.archive_seal import ArchiveKey

    named = getattr(args, "archive_key_file", None) or os.environ.get(_KEY_VARIABLE) or None
    if named is None:
        return None
    path = Path(named).expanduser()
    try:
        text = path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        raise _BadInput(f"cannot read the archive key file {path}: {exc}") from exc
    try:
        return ArchiveKey.parse(text)
    except ValidationError as exc:
        raise _BadInput(f"the archive key file {path}: {_one_line(exc)}") from exc


@contextmanager
def _existing(db: str, key: Any = None) -> Iterator[Any]:
    """The store at ``db``, which must already be a qingdan database; closed afterwards.

    ``key`` is the archive key to open it with (see :func:`_archive_key`)."""
    path = _sqlite_path(db)
    if path is not None:
        if not path.is_file():
            raise _BadInput(
                f"no database at {path}: run 'qingdan demo --db {path}' or "
                f"'qingdan import --db {path} FILE' first"
            )
        _check_version(path, _inspect_sqlite(path))
    from qingdan_core.storage import open_store

    store = open_store(_url(db), archive_key=key)
    try:
        if path is None:
            _check_version(db, getattr(store.backend, "schema_version", _schema_version()))
        yield store
    finally:
        store.close()


def _remove_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _check_target(path: Path, replace: bool) -> bool:
    """Whether the SQLite file at ``path`` exists and may be replaced (``replace``).

    :raises _BadInput: when it holds data and ``replace`` is false, or is not ours.
    """
    if not path.exists():
        return False
    if not path.is_file():
        raise _BadInput(f"{path} is not a file")
    version = _inspect_sqlite(path) if path.stat().st_size else None
    if path.stat().st_size and version is None:
        raise _BadInput(f"{path} exists and is not a qingdan database; refusing to touch it")
    if version is not None and not replace:
        raise _BadInput(
            f"{path} already holds a qingdan database: pass --replace to start over, "
            "or choose another --db"
        )
    _check_version(path, version if version is not None else _schema_version(), older=True)
    return True


def _fresh(db: str, replace: bool, key: Any = None) -> Any:
    """A store at ``db`` ready to be filled: a new file, or an existing one replaced, its
    archive sealed with ``key`` (see :func:`_archive_key`).

    :raises _BadInput: when ``db`` holds data and ``replace`` is false, or is not ours.
    """
    path = _sqlite_path(db)
    if path is not None and _check_target(path, replace):
        _remove_sqlite(path)
    from qingdan_core.storage import open_store

    store = open_store(_url(db), archive_key=key)
    try:
        store.create_schema()
        if store.units.all():
            raise _BadInput(f"{db} already holds data: use an empty database")
    except BaseException:
        store.close()
        raise
    return store


# ---------------------------------------------------------------------------- demo


def _demo(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from qingdan_core.demo.county import generate_county
    from qingdan_core.demo.year import check_year, run_year

    given = sources_of(args)
    calendar = calendar_from(given, args.provisional_until)
    if args.year is None:
        args.year = calendar.official_coverage[1].year
    try:
        check_year(args.year, calendar)
    except CalendarCoverageError as exc:
        first, last = calendar.coverage
        raise _BadInput(
            f"--year {args.year}: the calendar covers {first}..{last} and the demo needs "
            f"the year and the first quarter after it: choose {first.year}..{last.year - 1} "
            "(--provisional-until YEAR counts later years from the statutory holidays)"
        ) from exc
    started = time.perf_counter()

    def say(message: str) -> None:
        print(f"[{time.perf_counter() - started:5.1f}s] {message}", file=err, flush=True)

    county = generate_county(
        args.seed, args.year, units=args.units, people=args.people, tasks=args.tasks
    )
    org = county.organisation
    store = _fresh(args.db, args.replace, _archive_key(args))
    try:
        remember(store, given)
        print(
            f"qingdan demo · 种子 {args.seed} · {args.year}年 · {len(county.business_units)} 个单位 · "
            f"{len(org.people)} 人 · {len(county.tasks)} 项重点任务",
            file=out,
        )
        print("月份     月末督考与考评", file=out)
        result = run_year(
            county,
            store,
            calendar=calendar,
            months=args.months,
            progress=say,
            on_month=lambda summary: print(summary.line(), file=out, flush=True),
        )
    finally:
        store.close()
    names = result.source.name_map()
    standing = result.standing
    unit_grades = {g.subject_id: g for g in standing.unit_grades}
    print(f"\n{result.months[-1].month.year}年 单位综合排名与等次(R14、R23、R24):", file=out)
    for r in standing.unit_ranks:
        g = unit_grades[r.subject_id]
        print(
            f"  {r.rank:>2}  {_pad(names[r.subject_id], 14)}{r.score:>6}  {g.grade.label}", file=out
        )
    grades = Counter(g.grade for g in standing.person_grades)
    print(
        "干部年度等次(各单位优秀不超过 20%,R24):"
        + "、".join(f"{k.label} {grades[k]} 人" for k in Grade if grades[k]),
        file=out,
    )
    measures = Counter(r.measure for r in standing.recommendations)
    print(
        "结果运用(R12、R13):"
        + "、".join(f"{k.value} {measures[k]} 项" for k in Measure if measures[k]),
        file=out,
    )
    print(
        f"工作纪实 {result.logs} 篇,通知 {len(result.source.notices)} 份,"
        f"台帐 {len(result.source.ledger)} 条",
        file=out,
    )
    _note(calendar, _result_days(result), out)
    if args.reports:
        _demo_reports(result, Path(args.reports), calendar, out)
        _demo_notices(args.db, result, Path(args.reports) / "notices", calendar, out)
    say(f"完成,数据在 {args.db}")
    return 0


def _result_days(result: Any) -> Iterator[Any]:
    """The dates the demo's year computed: reviews, notice deadlines, consequence deadlines."""
    yield from (r.day for r in result.source.reviews)
    yield from (n.respond_by for n in result.source.notices)
    yield from (r.deadline for r in result.standing.recommendations if r.deadline is not None)


def _note(calendar: Any, days: Any, out: TextIO) -> None:
    """Print the 暂按法定节假日推算 note when any of ``days`` is provisional."""
    note = provisional_note(calendar, days)
    if note:
        print(note, file=out)


def _pad(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns (a Chinese character takes two)."""
    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(width - used, 1)


def _demo_reports(result: Any, folder: Path, calendar: Any, out: TextIO) -> None:
    """Write the five reports of the demo's last month and year as HTML files."""
    folder.mkdir(parents=True, exist_ok=True)
    last: Month = result.months[-1].month
    wanted: list[tuple[ReportKind, Month | Year]] = [
        (ReportKind.SPECIAL, last),
        (ReportKind.LISTS, last),
        (ReportKind.BOARD, last),
        (ReportKind.LEDGER, Year(last.year)),
        (ReportKind.RANKINGS, Year(last.year)),
    ]
    for kind, period in wanted:
        target = folder / f"{kind.value}-{period}.html"
        report = build(result.source, kind, period, calendar)
        target.write_text(render(report, "html"), encoding="utf-8")
        print(f"报告:{target}", file=out)


def _demo_notices(db: str, result: Any, folder: Path, calendar: Any, out: TextIO) -> None:
    """Write the last month's notices, and the latest of each kind not among them, as documents."""
    import importlib.util

    from qingdan_core.documents import notice_documents, write_notices

    last: Month = result.months[-1].month
    notices = result.source.notices
    chosen = [n for n in notices if n.issued_on in last]
    seen = {n.kind for n in chosen}
    for notice in reversed(notices):
        if notice.kind not in seen:
            seen.add(notice.kind)
            chosen.append(notice)
    if not chosen:
        return
    formats = ("docx", "html") if importlib.util.find_spec("docx") else ("html",)
    with _existing(db) as store:
        documents = notice_documents(
            store, serials=[str(n.serial) for n in chosen], calendar=calendar
        )
    for target in write_notices(documents, folder, formats=formats, html_name=f"notices-{last}"):
        if target.suffix == ".html":
            print(f"通知:{target}({len(documents)} 份,每份一页 A4)", file=out)
    if "docx" in formats:
        print(f"通知:{folder}/*.docx({len(documents)} 份 Word 文档)", file=out)


# ---------------------------------------------------------------------------- month-end


def _month_end(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from qingdan_core.errors import IncompleteMonthError
    from qingdan_core.month_end import run_month_end

    month = _period(args.month, "--month", (Month,))
    with _existing(args.db, _archive_key(args)) as store:
        calendar, given = store_calendar(args, store)
        try:
            done = run_month_end(store, month, calendar)
        except IncompleteMonthError as exc:
            raise _BadInput(f"{exc} ({args.db})") from exc
        remember(store, given)
    review = done.review
    report = review.report
    colours = {c.name: c.count for c in report.by_colour}
    levels = "、".join(f"{AttentionLevel(c.name).label} {c.count}" for c in report.by_level)
    again = "" if done.reviewed else ",已督考过,沿用已存结果"
    print(
        f"{month} 月末督考({review.day}{again}):重点任务 {report.tasks} 项,"
        f"逾期 {len(report.overdue)} 项",
        file=out,
    )
    print(f"关注等级(R18):{levels};调整 {len(review.level_changes)} 项", file=out)
    listed = (Colour.RED, Colour.YELLOW, Colour.BLUE)
    print("督办(R4):" + "、".join(f"{k.label} {colours.get(k.value, 0)}" for k in listed), file=out)
    print(
        f"通知:新下达 {report.new_notices} 份,升级 {report.escalations} 份,"
        f"即时扣分 {report.deducted} 分(R16、R17、R20、R21)",
        file=out,
    )
    print(f"下月两个清单(R19):{len(review.monthly_lists)} 份", file=out)
    if done.unscored:
        print("月度考评(R3、R12):未计分,缺少 " + ";".join(done.unscored), file=out)
    else:
        units = sum(1 for c in done.cards if c.subject.kind is SubjectKind.UNIT)
        print(
            f"月度考评(R3、R12):单位 {units} 张、干部 {len(done.cards) - units} 张考评卡,"
            f"本次写入 {done.scored} 张",
            file=out,
        )
    _note(calendar, [review.day, *(n.respond_by for n in review.new_notices)], out)
    return 0


# ---------------------------------------------------------------------------- report


def _period(text: str, option: str, kinds: tuple[type, ...]) -> Any:
    try:
        period = parse_period(text)
    except ValidationError as exc:
        raise _BadInput(f"{option} {text!r}: {exc.problems[0].reason}; use YYYY-MM") from exc
    if isinstance(period, Week) or not isinstance(period, kinds):
        forms = {Month: "YYYY-MM", Quarter: "YYYY-Qn", Year: "YYYY"}
        raise _BadInput(
            f"{option} {text!r}: expected " + " or ".join(forms[k] for k in kinds)  # type: ignore[index]
        )
    return period


def _report(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from qingdan_core.reports.load import source_from_store

    period = _period(args.period, "--period", (Month, Quarter, Year))
    kind = ReportKind(args.kind)
    with _existing(args.db) as store:
        calendar, _ = store_calendar(args, store)
        source = source_from_store(store, period)
    try:
        report = build(source, kind, period, calendar)
    except NotFoundError as exc:
        raise _BadInput(
            f"{args.db} holds no data for the {kind.label} ({kind.value}) of {period}: {exc}"
        ) from exc
    text = render(report, args.format)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        out.write(text)
    return 0


# ---------------------------------------------------------------------------- notice


def _notice(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from qingdan_core.documents import FORMATS, notice_documents, write_notices
    from qingdan_core.notices import NoticeKind

    month = _period(args.month, "--month", (Month,)) if args.month else None
    if not args.serial and month is None:
        raise _BadInput(
            "name the notices: --serial SERIAL (repeatable), or --month YYYY-MM with --all "
            "or --kind KIND"
        )
    if month is not None and not args.all and not args.kind:
        raise _BadInput(
            f"--month {args.month}: add --all for every notice issued that month, "
            "or --kind KIND for notices of some kinds"
        )
    kinds = {NoticeKind(k) for k in args.kind} if args.kind else None
    with _existing(args.db) as store:
        calendar, _ = store_calendar(args, store)
        documents = notice_documents(
            store,
            serials=args.serial,
            month=month,
            kinds=kinds,
            office=args.office,
            calendar=calendar,
            lang=args.lang,
        )
    if not documents:
        raise _BadInput(f"{args.db} holds no notice issued in {month} of the kinds asked for")
    formats = FORMATS if args.format == "both" else (args.format,)
    name = f"notices-{month}" if month is not None and not args.serial else None
    for target in write_notices(documents, Path(args.output), formats=formats, html_name=name):
        print(f"wrote {target}", file=out)
    print(f"{len(documents)} notice(s) as documents in {args.output}", file=out)
    return 0


# ---------------------------------------------------------------------------- export / import


def _export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from qingdan_core.transfer import export_store

    with _existing(args.db) as store:
        data = export_store(store)
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        out.write(text)
    return 0


def _load_export(path: Path) -> Any:
    """The JSON data of the export file at ``path`` (not yet checked as an export).

    :raises _BadInput: when the file cannot be read or is not valid JSON (a repeated key,
        nesting too deep, a number too long, not UTF-8).
    """
    from qingdan_core.codec import loads

    try:
        return loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise _BadInput(f"cannot read {path}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise _BadInput(f"{path} is not a qingdan export (not UTF-8: {exc.reason})") from exc
    except ValidationError as exc:
        raise _BadInput(
            f"{path} is not a qingdan export ({_short(exc).removeprefix(': ')})"
        ) from exc


def _short(exc: ValidationError) -> str:
    shown = "; ".join(str(p) for p in exc.problems[:3])
    more = f" (and {len(exc.problems) - 3} more)" if len(exc.problems) > 3 else ""
    return f"{shown}{more}" if shown.startswith("[") else f": {shown}{more}"


def _import(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Check the whole file, then build the database beside the old one (SQLite) or in one
    transaction (a server): a failed import loses nothing and creates nothing."""
    from qingdan_core.transfer import import_database

    source = Path(args.file)
    raw = _load_export(source)
    path = _sqlite_path(args.db)
    if path is not None:
        _check_target(path, args.replace)
    elif not args.replace:
        _check_empty(args.db)
    try:
        changes = import_database(
            _url(args.db), raw, replace=args.replace, archive_key=_archive_key(args)
        )
    except ValidationError as exc:
        raise _BadInput(f"{source}: {_short(exc).removeprefix(': ')}") from exc
    except ArchiveTamperedError as exc:
        raise _BadInput(f"{source}: {exc}") from exc
    print(f"imported into {args.db}: {changes}", file=out)
    return 0


def _check_empty(db: str) -> None:
    """Refuse a server database that already holds qingdan data (import needs --replace)."""
    from qingdan_core.storage import open_store

    with open_store(_url(db)) as store:
        version = getattr(store.backend, "schema_version", None)
        if version is not None:
            _check_version(db, version)
            if store.units.all():
                raise _BadInput(f"{db} already holds data: pass --replace to replace it")


# ---------------------------------------------------------------------------- upgrade


def _upgrade(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Upgrade the database's default store and every namespace in it, each in one transaction."""
    path = _sqlite_path(args.db)
    if path is not None and not path.is_file():
        raise _BadInput(f"no database at {path}")
    if path is not None:
        _inspect_sqlite(path)  # refuses a file that is not an SQLite database
    from qingdan_core.storage import list_namespaces, open_store

    key = _archive_key(args)
    names = list_namespaces(_url(args.db))
    for namespace in (None, *names):
        with open_store(_url(args.db), namespace=namespace, archive_key=key) as store:
            before = getattr(store.backend, "schema_version", _schema_version())
            if namespace is None and before is None and names:
                continue  # a city's database: only namespaces
            _check_version(args.db, before, older=True)
            store.upgrade()
            root = store.archive.root()
        label = args.db if namespace is None else f"{args.db} namespace {namespace}"
        if before == _schema_version():
            print(f"{label} already has schema {before}; nothing to do", file=out)
        else:
            print(f"upgraded {label} from schema {before} to {_schema_version()}", file=out)
        if key is not None and root is not None:
            print(
                f"{label}: archive sealed with {root.scheme.label}: {root.files} files, "
                f"{root.entries} entries; root digest {root.seal}",
                file=out,
            )
    return 0


# ---------------------------------------------------------------------------- verify-archive


def _verify_archive(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Check every stored archive entry, file head and the root (R5, R22); exit 1 when
    anything is removed, altered, moved, forged, or the database file is damaged."""
    path = _sqlite_path(args.db)
    if path is not None and path.is_file() and _is_sqlite(path):
        _check_pages(path)
    from qingdan_core.storage.signed_copies import check_signed_copies

    try:
        with _existing(args.db, _archive_key(args)) as store:
            summary = store.archive.verify_all(printed=args.root)
            copies = check_signed_copies(store)
    except _BadInput:
        raise
    except Exception as exc:
        if not _is_database_error(exc):
            raise
        raise ArchiveTamperedError("(database)", 0, f"cannot be read: {exc}") from exc
    root = summary.root or "(none: nothing filed yet)"
    print(
        f"archive intact: {summary.files} files, {summary.entries} entries, every hash chain, "
        f"head and the root verified; root digest {root} ({summary.scheme.label}); "
        f"{copies.ledger_entries} ledger entries and {copies.score_cards} score cards match "
        "their signed copies",
        file=out,
    )
    if not summary.scheme.keyed:
        print(
            "qingdan: note: this archive is not sealed with the county's key, so a deliberate "
            "re-forgery would pass; seal it with 'qingdan upgrade --archive-key-file FILE'",
            file=err,
        )
    return 0


def _check_pages(path: Path) -> None:
    """Refuse an SQLite file whose pages are damaged (``PRAGMA quick_check``), as tampered.

    :raises ArchiveTamperedError: naming the first damage SQLite reports.
    """
    try:
        conn = _read_only(path)
        try:
            found = [row[0] for row in conn.execute("PRAGMA quick_check")]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        found = [str(exc)]
    if found != ["ok"]:
        raise ArchiveTamperedError(str(path), 0, f"the database file is damaged: {found[0]}")


def _is_database_error(exc: BaseException) -> bool:
    """Whether ``exc`` is a database driver's error (SQLAlchemy's or sqlite3's)."""
    if isinstance(exc, sqlite3.DatabaseError):
        return True
    sqlalchemy_exc = sys.modules.get("sqlalchemy.exc")
    return sqlalchemy_exc is not None and isinstance(exc, sqlalchemy_exc.DBAPIError)


# ---------------------------------------------------------------------------- namespaces


def _namespaces(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from qingdan_core.storage import list_namespaces, open_store

    path, url = _sqlite_path(args.db), _url(args.db)
    if path is not None and not path.is_file():
        raise _BadInput(f"no database at {path}")
    names = list_namespaces(url)
    for name in names:
        with open_store(url, namespace=name) as store:
            version = getattr(store.backend, "schema_version", None)
            if version == _schema_version():
                print(f"{name}\tschema {version}\t{len(store.units.all())} units", file=out)
            else:
                print(f"{name}\tschema {version}: run 'qingdan upgrade' on it", file=out)
    print(f"{len(names)} namespaces in {args.db}", file=out)
    return 0


# ---------------------------------------------------------------------------- check-store


def _check_store(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    path = _sqlite_path(args.url)
    if path is not None and not path.is_file():
        raise _BadInput(f"no database at {path}")
    if args.url.startswith("memory:"):
        raise _BadInput("check-store checks a database: give an SQL URL or an SQLite path")
    try:
        from qingdan_core.testing import check_store
    except ImportError as exc:
        raise _BadInput(str(exc)) from exc
    status = check_store(_url(args.url), pytest_args=("-q", *args.pytest_args))
    print(
        f"check-store: {'every check passed' if status == 0 else 'checks failed'} on {args.url}",
        file=out,
    )
    return 0 if status == 0 else 1


# ---------------------------------------------------------------------------- the parser


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``qingdan`` command and its subcommands."""
    parser = _Parser(
        prog="qingdan", description="The 清单工作法 (checklist method) library's command."
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    demo = sub.add_parser("demo", help="generate a county and run its year")
    demo.add_argument("--db", default="qingdan-demo.db", help="SQLite path or store URL")
    demo.add_argument(
        "--year", type=int, help="the year to run (default: the latest year with a notice)"
    )
    demo.add_argument("--seed", type=int, default=42, help="the generator's seed (default 42)")
    demo.add_argument("--replace", action="store_true", help="replace an existing demo database")
    demo.add_argument("--units", type=int, default=20, help="business units (default 20)")
    demo.add_argument("--people", type=int, default=190, help="people in them (default 190)")
    demo.add_argument("--tasks", type=int, default=80, help="key tasks (default 80)")
    demo.add_argument("--months", type=int, default=12, help="months to run (default 12)")
    demo.add_argument("--reports", metavar="DIR", help="also write the HTML reports into DIR")
    add_calendar_options(demo)
    demo.set_defaults(run=_demo)

    month_end = sub.add_parser("month-end", help="run the month-end cycle on a store")
    month_end.add_argument("--db", required=True)
    month_end.add_argument("--month", required=True, help="YYYY-MM")
    add_calendar_options(month_end)
    month_end.set_defaults(run=_month_end)

    report = sub.add_parser("report", help="print a report")
    report.add_argument("--db", required=True)
    report.add_argument("--period", required=True, help="YYYY-MM, YYYY-Qn or YYYY")
    report.add_argument("--kind", required=True, choices=[k.value for k in ReportKind])
    report.add_argument("--format", default="md", choices=FORMATS)
    report.add_argument("--output", "-o", help="write to this file instead of stdout")
    add_calendar_options(report)
    report.set_defaults(run=_report)

    export = sub.add_parser("export", help="the whole store as JSON")
    export.add_argument("--db", required=True)
    export.add_argument("--output", "-o", help="write to this file instead of stdout")
    export.set_defaults(run=_export)

    imp = sub.add_parser("import", help="load an export file into a new store")
    imp.add_argument("--db", required=True)
    imp.add_argument("--replace", action="store_true", help="replace an existing database")
    imp.add_argument("file", help="the export file (JSON)")
    imp.set_defaults(run=_import)

    add_sheet_commands(sub)
    add_calendar_commands(sub, _existing)

    from qingdan_core.documents.notice import DEFAULT_OFFICE
    from qingdan_core.messages import LANGUAGES
    from qingdan_core.notices import NoticeKind

    notice = sub.add_parser("notice", help="write notices as documents (.docx and HTML, A4)")
    notice.add_argument("--db", required=True, help="SQLite path or store URL")
    notice.add_argument(
        "--serial", action="append", default=[], help="a notice's serial, e.g. 督考〔2026〕17号"
    )
    notice.add_argument("--month", help="YYYY-MM: the notices issued that month")
    notice.add_argument("--all", action="store_true", help="with --month: every kind")
    notice.add_argument(
        "--kind", action="append", choices=[k.value for k in NoticeKind], help="with --month"
    )
    notice.add_argument("--output", "-o", default=".", help="the folder to write into")
    notice.add_argument("--format", default="both", choices=["both", "docx", "html"])
    notice.add_argument("--office", default=DEFAULT_OFFICE, help="the issuing office's name")
    notice.add_argument("--lang", default="zh", choices=LANGUAGES)
    add_calendar_options(notice)
    notice.set_defaults(run=_notice)

    check = sub.add_parser(
        "verify-archive", help="check every archive entry, file head and the root"
    )
    check.add_argument("--db", required=True)
    check.add_argument(
        "--root",
        action="append",
        default=[],
        metavar="DIGEST",
        help="a root digest printed earlier (on a 专报): the archive must still hold what it held then",
    )
    check.set_defaults(run=_verify_archive)

    namespaces = sub.add_parser("namespaces", help="list the counties' namespaces in a database")
    namespaces.add_argument("--db", required=True, help="SQLite path or store URL")
    namespaces.set_defaults(run=_namespaces)

    check_store = sub.add_parser(
        "check-store", help="run the storage conformance suite on a database (needs pytest)"
    )
    check_store.add_argument(
        "url", help="SQLite path or store URL; each check uses a scratch namespace"
    )
    check_store.add_argument(
        "pytest_args", nargs=argparse.REMAINDER, help="further pytest options, after --"
    )
    check_store.set_defaults(run=_check_store)

    upgrade = sub.add_parser("upgrade", help="bring an older database to this schema")
    upgrade.add_argument("--db", required=True)
    upgrade.set_defaults(run=_upgrade)
    for command in (demo, month_end, imp, check, upgrade):
        command.add_argument(
            "--archive-key-file",
            metavar="FILE",
            help=f"the county's archive key (hex, optionally 'sm3:' first); default: the file "
            f"named by ${_KEY_VARIABLE}, else none (an unkeyed archive)",
        )
    return parser


_COVERAGE_HINT = (
    "on the command line: --holidays FILE adds the notice, "
    "--provisional-until YEAR counts later years from the statutory holidays"
)


def _one_line(exc: BaseException) -> str:
    if isinstance(exc, ValidationError):
        return _short(exc).removeprefix(": ")
    return " ".join(str(exc).split())


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command with ``argv`` (default: ``sys.argv[1:]``); return the exit status.

    0 on success, 1 when ``verify-archive`` finds a tampered entry, 2 for bad input
    (with one line on stderr saying what is wrong and what to do).
    """
    out, err = sys.stdout, sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.version:
            print(f"qingdan {__version__}", file=out)
            return 0
        if args.command is None:
            parser.print_help(out)
            return 0
        run: Callable[[argparse.Namespace, TextIO, TextIO], int] = args.run
        return run(args, out, err)
    except ArchiveTamperedError as exc:
        print(f"qingdan: archive tampered: {_one_line(exc)}", file=err)
        return 1
    except _BadInput as exc:
        print(f"qingdan: {exc}", file=err)
        return 2
    except CalendarCoverageError as exc:
        print(f"qingdan: {_one_line(exc)}; {_COVERAGE_HINT}", file=err)
        return 2
    except (ValidationError, NotFoundError, ConflictError) as exc:
        print(f"qingdan: {_one_line(exc)}", file=err)
        return 2
    except QingdanError as exc:
        print(f"qingdan: {_one_line(exc)}", file=err)
        return 2
    except KeyboardInterrupt:
        print("qingdan: interrupted", file=err)
        return 130
